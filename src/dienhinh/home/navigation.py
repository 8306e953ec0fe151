"""The parts of every page's chrome that are the same for many users, rendered once and
kept per process: `{% nav_items %}` (the header's menu), `{% page_header %}` (the whole
header around it) and `{% head_links %}` (the static files of the head).

The menu shows what the user's roles allow (`policy.can(user, action)` without an
object depends on the roles alone) and the council entry for a council seat; its links
are fixed by the URL configuration. So its HTML is a function of the language, the
roles, the superuser and active flags and the seat, and is kept per process under
exactly those: every page of every officer otherwise rendered the same twenty links.
`includes/nav_items.html` must read nothing else (its first line says so).

The header around the menu is the same markup for every user of a language but for a
few values of the request (the menu, the search text, the user's name, the unread
count, the page's address, the CSRF token) and three yes-or-no questions (signed in,
staff, any unread). It is rendered once per language, script prefix, URL configuration
and those three answers with markers in place of the values, cut at the markers, and
each request joins the pieces with its own values, escaped as the template would have
escaped them: forty translated texts and links were otherwise rendered on every page.
"""

from __future__ import annotations

import re

from django import template
from django.core.signals import setting_changed
from django.template.base import render_value_in_context
from django.urls import get_script_prefix, get_urlconf
from django.utils import translation
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

from dienhinh import policy
from dienhinh.council.services import has_seat
from dienhinh.notifications.services import unread_count

register = template.Library()

_rendered: dict[tuple, str] = {}
_headers: dict[tuple, list[str]] = {}
_links: dict[tuple, str] = {}
# Distinct keys are few (languages × role sets); the bound only guards against surprises.
MAX_ENTRIES = 512


def _keep(store: dict, key, value):
    if len(store) >= MAX_ENTRIES:
        store.clear()
    store[key] = value


def _forget(**_kwargs):
    # Tests change the settings the kept HTML was rendered under (static files, URLs).
    _rendered.clear()
    _headers.clear()
    _links.clear()


setting_changed.connect(_forget)


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
        with context.push(nav_can_import=policy.can(user, "import"),
                          nav_can_export=policy.can(user, "export"),
                          nav_can_report_tt02=policy.can(user, "report_tt02")):
            html = context.template.engine.get_template(
                "includes/nav_items.html").render(context)
        _keep(_rendered, key, html)
    return html


# A value's marker in the kept header: private-use characters, which escaping leaves
# as they are and no text of the templates contains.
_MARK = re.compile("\ue000([a-z]+)\ue001")


def _mark(name: str) -> SafeString:
    return mark_safe(f"\ue000{name}\ue001")


@register.simple_tag(takes_context=True)
def page_header(context) -> str:
    user = context.get("user")
    request = context.get("request")
    signed_in = bool(getattr(user, "is_authenticated", False))
    unread = unread_count(user) if signed_in else 0
    values = {
        "menu": nav_items(context) if signed_in else "",
        "q": (request.GET.get("q") or "") if request is not None else "",
        "name": (user.get_full_name() or user.username) if signed_in else "",
        "unread": unread,
        "path": request.get_full_path() if request is not None else "",
    }
    flags = {"header_user": signed_in, "header_admin": signed_in and user.is_staff}
    engine = context.template.engine
    token = context.get("csrf_token")
    token = str(token) if token else ""
    if request is None or not token or token == "NOTPROVIDED":
        # No request or no token (an error page): rendered as it is, not kept.
        with context.push(flags, header_menu=values["menu"], header_q=values["q"],
                          header_name=values["name"], header_unread=unread,
                          header_path=values["path"]):
            return engine.get_template("includes/page_header.html").render(context)
    key = (translation.get_language(), get_script_prefix(), get_urlconf(), signed_in,
           flags["header_admin"], bool(unread))
    parts = _headers.get(key)
    if parts is None:
        with context.push(flags, header_menu=_mark("menu"), header_q=_mark("q"),
                          header_name=_mark("name"),
                          header_unread=_mark("unread") if unread else 0,
                          header_path=_mark("path"), csrf_token=_mark("csrf")):
            html = engine.get_template("includes/page_header.html").render(context)
        parts = _MARK.split(html)
        _keep(_headers, key, parts)
    filled = {"menu": values["menu"], "csrf": conditional_escape(token)}
    out = []
    for i, part in enumerate(parts):
        if i % 2 == 0:
            out.append(part)
        elif part in filled:
            out.append(filled[part])
        else:
            # As `{{ value }}` prints it: localised, escaped.
            out.append(render_value_in_context(values[part], context))
    return mark_safe("".join(out))


@register.simple_tag(takes_context=True)
def head_links(context) -> str:
    # The storage's addresses are fixed while the process runs (its manifest is read
    # once); STATIC_URL follows the script prefix.
    key = (get_script_prefix(),)
    html = _links.get(key)
    if html is None:
        html = context.template.engine.get_template("includes/head_links.html").render(
            context)
        _keep(_links, key, html)
    return html
