"""Template filters for Vietnamese display: {{ amount|vnd }}, {{ n|vn_number }}."""

from django import template

from dienhinh.core import vietnamese

register = template.Library()


@register.filter
def vnd(value):
    return vietnamese.format_money(value)


@register.filter
def vn_number(value, decimals=0):
    return vietnamese.format_number(value, int(decimals))


@register.filter
def vn_date(value):
    return vietnamese.format_date(value)


@register.filter
def code_name(value, table="code"):
    """A catalogue code by its Vietnamese name: {{ a.issuer|code_name:"issuer" }} →
    "Giám đốc Sở và tương đương". No code reaches a person; an unknown one is shown as is."""
    from dienhinh.catalogue import codes

    tables = {"issuer": codes.ISSUERS, "level": codes.INITIATIVE_LEVELS,
              "kind": codes.ACHIEVEMENT_KINDS, "position": codes.POSITIONS,
              "unit_kind": codes.UNIT_KINDS, "gender": codes.GENDERS}
    if table == "code":
        entry = codes.ACHIEVEMENT_CODES.get(value)
        return entry[1] if entry else value
    entry = tables.get(table, {}).get(value)
    return entry[0] if entry else value
