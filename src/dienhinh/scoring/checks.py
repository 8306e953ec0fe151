"""A system check: every shipped scoring scheme loads, or `dienhinh check` (and every
command, `migrate` included) says which file and which criterion is wrong."""

from django.core import checks


@checks.register()
def shipped_schemes(app_configs=None, **kwargs):
    from dienhinh.scoring import schemes

    problems = []
    for scheme_id in schemes.shipped_ids():
        try:
            schemes.load_scheme(schemes.shipped_text(scheme_id))
        except schemes.SchemeError as exc:
            problems += [checks.Error(f"{scheme_id}.yaml: {e}", id="scoring.E001")
                         for e in exc.errors]
    return problems
