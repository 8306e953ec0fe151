"""Discovery overview across plans: for one scope and year, how many subjects each
plan template evaluates, passes, near misses and eligible subjects.

Every plan whose period holds the year is evaluated in one `evaluation.evaluate_many`
call, so the ledger is read once for all of them; a plan whose period does not hold
the year is listed as outside its period and not evaluated. The counts are those of
the discovery screen (`views.build_rows`) with show=all, pass, near and eligible.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone

from dienhinh.orgs.models import Subject, Unit
from dienhinh.plans import services as evaluation

from . import services


@dataclass
class OverviewLine:
    plan: evaluation.PlanChoice
    in_period: bool
    evaluated: int = 0
    passes: int = 0
    near: int = 0
    eligible: int = 0
    urls: dict = field(default_factory=dict)


def default_year(choices, today: dt.date | None = None) -> int:
    """This year clamped into the span of the plans' periods."""
    year = (today or timezone.localdate()).year
    if not choices:
        return year
    return max(min(p.start for p in choices), min(year, max(p.end for p in choices)))


def _codes_of(ids) -> dict[int, str]:
    ids, out, chunk = list(ids), {}, 5000
    for i in range(0, len(ids), chunk):
        out.update(Subject.objects.filter(pk__in=ids[i:i + chunk]).values_list("pk", "code"))
    return out


def overview(choices, scope: Unit, year: int) -> list[OverviewLine]:
    """One line per plan template, in the order of `choices`."""
    lines = [OverviewLine(p, p.start <= year <= p.end) for p in choices]
    todo = [line.plan.id for line in lines if line.in_period]
    templates = {pid: evaluation.get_template(pid) for pid in todo}
    results = evaluation.evaluate_many([(templates[pid], year) for pid in todo], scope)
    attested = {pid: services.in_force(pid, year, None) for pid in todo}
    code_of = _codes_of({sid for found in attested.values() for sid in found})
    for line in lines:
        if not line.in_period:
            continue
        pid = line.plan.id
        template = templates[pid]
        pending_of = {key: services.pending_criteria(p)
                      for key, p in template.profile_by_id.items()}
        done = {code_of[sid]: a for sid, a in attested[pid].items() if sid in code_of}
        rows = results.get(pid, [])
        line.evaluated = len(rows)
        line.passes = sum(1 for r in rows if r.quantitative == "pass")
        line.near = sum(1 for r in rows if r.near_miss)
        line.eligible = sum(
            1 for r in rows
            if r.quantitative != "fail"
            and services.is_eligible(r.quantitative, pending_of.get(r.profile, []),
                                     done.get(r.subject, {}))
        )
    return lines
