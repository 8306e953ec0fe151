from django import template

from dienhinh import policy

register = template.Library()


@register.filter
def can_edit_portal(user) -> bool:
    """Editors and the standing office see the portal's editorial screen in the menu."""
    return any(policy.can(user, action) for action in ("write_story", "publish_story"))
