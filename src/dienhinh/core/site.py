"""The public address of the deployment, for links that leave the browser (the QR code
on a certificate, links in e-mails).

`DIENHINH_SITE_URL` (e.g. `https://thiduakhenthuong.hatinh.gov.vn`) wins; without it the
address of the request being served is used (kept by `SiteUrlMiddleware` for work done
inside a request, passed along explicitly to background tasks). With neither, a link
stays a path on the same site: never a made-up `localhost` address that works nowhere.
"""

from __future__ import annotations

import contextvars

from django.conf import settings

_request_base: contextvars.ContextVar[str] = contextvars.ContextVar("site_base", default="")


def site_url(request=None) -> str:
    """The base URL without a trailing slash, or "" when nothing says it."""
    configured = (getattr(settings, "DIENHINH_SITE_URL", "") or "").strip()
    if configured:
        return configured.rstrip("/")
    if request is not None:
        return request.build_absolute_uri("/").rstrip("/")
    return _request_base.get()


def absolute(path: str, request=None, base: str | None = None) -> str:
    """`path` made absolute with the site's base (an absolute URL is kept as it is)."""
    if not path or "://" in path:
        return path
    root = site_url(request) if base is None else base.rstrip("/")
    return root + path if path.startswith("/") else path


class SiteUrlMiddleware:
    """Remembers the request's own address for the links built while serving it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            base = request.build_absolute_uri("/").rstrip("/")
        except Exception:  # DisallowedHost: Django answers it itself later
            base = ""
        token = _request_base.set(base)
        try:
            return self.get_response(request)
        finally:
            _request_base.reset(token)
