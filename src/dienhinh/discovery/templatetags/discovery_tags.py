"""`{% plan_standing subject %}` on person and unit pages.

Renders a placeholder that htmx fills from the standing view, so the page itself
stays fast: evaluating a large unit against every plan reads its members' records.
Accepts a Subject, a Person or a Unit.
"""

from django import template
from django.urls import reverse

register = template.Library()


@register.inclusion_tag("discovery/_standing_slot.html")
def plan_standing(subject):
    code = getattr(subject, "code", None)
    return {"url": reverse("subject_standing", kwargs={"code": code}) if code else ""}


@register.filter
def can_discover(user) -> bool:
    """For the menu: the standing office, heads and administrators discover."""
    from dienhinh import policy

    return policy.can(user, "discover")


@register.filter
def can_edit_plans(user) -> bool:
    from dienhinh import policy

    return policy.can(user, "edit_template")
