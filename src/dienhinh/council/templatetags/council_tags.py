"""`user|can_see_council`: whether the menu shows the council entry."""

from django import template

from dienhinh import policy
from dienhinh.council.services import has_seat

register = template.Library()


@register.filter
def can_see_council(user) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return policy.can(user, "view_council") or has_seat(user)
