"""`{{ user|unread_notifications }}` for the badge in the navigation bar."""

from django import template

register = template.Library()


@register.filter
def unread_notifications(user) -> int:
    from dienhinh.notifications.services import unread_count

    return unread_count(user)
