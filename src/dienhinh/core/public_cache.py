"""The generation of the cached public pages (the portal's, `portal.views.cached_page`).

A number kept in the shared cache; every write that a public page shows changes it, so
a page cached before the write is never served after it. It lives in `core`, below
every domain app, because writes of several layers are shown on the portal: stories
and consents (`portal`), a revocation (`decisions`, through its signal), a model's
adoptions and their progress (`replication`, which the portal imports, so it cannot
import the portal back).
"""

from __future__ import annotations

import time

from django.core.cache import cache
from django.db import transaction

GENERATION_KEY = "portal:generation"


def generation() -> int:
    """The key part of the cached public pages; `changed()` gives a new one."""
    return cache.get(GENERATION_KEY, 0)


def changed() -> None:
    """Something public may have changed: every cached public page is stale. Set now
    (this request sees it) and again after the commit (a page rendered by another
    request between the two, from the data before the commit, is never reused)."""
    cache.set(GENERATION_KEY, time.time_ns(), None)
    transaction.on_commit(lambda: cache.set(GENERATION_KEY, time.time_ns(), None))
