"""`{% url %}` with the answers kept: Django's own tag, whose `reverse()` is remembered
per process for plain arguments.

A list page reverses two or three links a row (fifty rows: a hundred and fifty calls
to `reverse`, 1.5–2 ms of CPU) and every page its header's links, with the same few
arguments again and again. What `reverse` answers depends only on the view's name, the
arguments, the current application, the URL configuration in use, the script
prefix (and the language, for translated patterns), all of which make up the key — and on the URL patterns, fixed while the
process runs. Arguments other than text and whole numbers (a model instance, whose
text may change) are reversed every time, as by Django's tag. Installed as a
built-in (settings: `TEMPLATES.OPTIONS.builtins`), after Django's, so `{% url %}` in
every template is this one; its syntax and its errors are Django's.
"""

from __future__ import annotations

from functools import lru_cache

from django import template
from django.template import defaulttags
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString
from django.utils.translation import get_language

register = template.Library()

# Exact types: a subclass may write itself otherwise (and True would pass for 1). A
# template's quoted literal is a SafeString.
PLAIN = (str, SafeString, int)


@lru_cache(maxsize=50_000)
def _reverse(view_name, args, kwargs, current_app, urlconf, _prefix, _language):
    # `_prefix` and `_language` are only parts of the key: `reverse` reads the prefix
    # from the thread itself, and the language would matter to translated patterns.
    return reverse(view_name, urlconf=urlconf, args=args, kwargs=dict(kwargs),
                   current_app=current_app)


class CachedURLNode(defaulttags.URLNode):
    def render(self, context):
        args = tuple(arg.resolve(context) for arg in self.args)
        kwargs = tuple(sorted((k, v.resolve(context)) for k, v in self.kwargs.items()))
        view_name = self.view_name.resolve(context)
        if not (type(view_name) in PLAIN and all(type(a) in PLAIN for a in args)
                and all(type(v) in PLAIN for _k, v in kwargs)):
            return super().render(context)
        try:
            current_app = context.request.current_app
        except AttributeError:
            try:
                current_app = context.request.resolver_match.namespace
            except AttributeError:
                current_app = None
        url = ""
        try:
            url = _reverse(view_name, args, kwargs, current_app, get_urlconf(),
                           get_script_prefix(), get_language())
        except NoReverseMatch:
            if self.asvar is None:
                raise
        if self.asvar:
            context[self.asvar] = url
            return ""
        return conditional_escape(url) if context.autoescape else url


@register.tag
def url(parser, token):
    node = defaulttags.url(parser, token)
    return CachedURLNode(node.view_name, node.args, node.kwargs, node.asvar)
