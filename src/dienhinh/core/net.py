"""The client's address, for the login lock-out (django-axes).

Behind a reverse proxy every request comes from the proxy's address, so locking an
address would lock everyone. With DIENHINH_TRUSTED_PROXIES=N (the number of proxies
in front of the application, usually 1) the address is taken from X-Forwarded-For,
N entries from its end: each trusted proxy appends the address it received the
request from, and what a client writes at the start of the header is never trusted.
"""

from __future__ import annotations

from django.conf import settings


def client_ip(request) -> str | None:
    remote = request.META.get("REMOTE_ADDR") or None
    count = getattr(settings, "DIENHINH_TRUSTED_PROXIES", 0)
    if count <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
                 if part.strip()]
    if len(forwarded) >= count:
        return forwarded[-count]
    return remote
