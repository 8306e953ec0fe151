"""`{% nav_items %}`: the menu of the page header, rendered once per kind of user.

The menu shows what the user's roles allow (`policy.can(user, action)` without an
object depends on the roles alone) and the council entry for a council seat; its links
are fixed by the URL configuration. So its HTML is a function of the language, the
roles, the superuser and active flags and the seat, and is kept per process under
exactly those: every page of every officer otherwise rendered the same twenty links.
`includes/nav_items.html` must read nothing else (its first line says so).
"""

from __future__ import annotations

from django import template
from django.urls import get_script_prefix
from django.utils import translation

from dienhinh import policy
from dienhinh.council.services import has_seat

register = template.Library()

_rendered: dict[tuple, str] = {}
# Distinct keys are few (languages × role sets); the bound only guards against surprises.
MAX_ENTRIES = 512


@register.simple_tag(takes_context=True)
def nav_items(context) -> str:
    user = context.get("user")
    if user is None or not getattr(user, "is_authenticated", False):
        return ""
    key = (translation.get_language(), get_script_prefix(), user.is_superuser,
           user.is_active, frozenset(policy.roles(user)),
           policy.can(user, "view_council") or has_seat(user))
    html = _rendered.get(key)
    if html is None:
        html = context.template.engine.get_template("includes/nav_items.html").render(context)
        if len(_rendered) >= MAX_ENTRIES:
            _rendered.clear()
        _rendered[key] = html
    return html
