from django import template

from dienhinh import policy

register = template.Library()


@register.filter
def can_see_decisions(user) -> bool:
    """The menu entry: heads, standing offices and administrators."""
    return policy.can(user, "view_decisions")
