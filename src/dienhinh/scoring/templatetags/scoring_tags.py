from django import template

from dienhinh.core.vietnamese import format_number

register = template.Library()


@register.filter
def points(value) -> str:
    """Points the Vietnamese way, decimals only when there are any: 92, 12,5."""
    if value is None or value == "":
        return "—"
    return format_number(value, 2).rstrip("0").rstrip(",")


@register.filter
def field_value(form, name):
    """The current value of form field `name` (a criterion's score or note)."""
    return form[name].value() or ""


@register.filter
def can_score(user) -> bool:
    """Show the scoring menu to those who score a unit or verify scores somewhere."""
    from dienhinh import policy

    return policy.can(user, "score_unit") or policy.can(user, "verify_score")
