"""Template filters that name catalogue codes (a builtin library, like core's `vn`):
no code reaches a person."""

from django import template

from dienhinh.catalogue import codes, labels

register = template.Library()


@register.filter
def code_name(value, table="code"):
    """A catalogue code by its name in the reader's language: {{ a.issuer|code_name:"issuer" }}
    → "Giám đốc Sở và tương đương". No code reaches a person; an unknown one is shown as
    is."""
    tables = {"issuer": codes.ISSUERS, "level": codes.INITIATIVE_LEVELS,
              "kind": codes.ACHIEVEMENT_KINDS, "position": codes.POSITIONS,
              "unit_kind": codes.UNIT_KINDS, "gender": codes.GENDERS}
    if table == "code":
        entry = codes.ACHIEVEMENT_CODES.get(value)
        return labels.pick(entry[1], entry[2]) if entry else value
    entry = tables.get(table, {}).get(value)
    return labels.pick(entry[0], entry[1]) if entry else value
