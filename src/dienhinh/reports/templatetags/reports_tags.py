from django import template

register = template.Library()


@register.filter
def cell(values, key):
    """`values[key]` in a template (a figure of a row)."""
    try:
        return values[key]
    except (KeyError, TypeError, IndexError):
        return ""


@register.filter
def row_label(row):
    """A figures row's label in the reader's language (`figures.shown_label`)."""
    from dienhinh.reports.figures import shown_label

    return shown_label(row)


@register.filter
def num(value):
    """A count the Vietnamese way (1.234, 1,234 on an English page); text (a state, a
    percentage) as it is."""
    from dienhinh.core.templatetags.vn import vn_number

    if isinstance(value, int) and not isinstance(value, bool):
        return vn_number(value)
    return value


@register.filter
def can_report(user) -> bool:
    """Show the reports menu to those who write a unit's report or review reports."""
    from dienhinh import policy

    return policy.can(user, "write_report") or policy.can(user, "review_reports")
