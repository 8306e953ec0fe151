"""Reads of the heavy, read-only pages on a PostgreSQL read replica.

When `DATABASE_REPLICA_URL` is set (settings: the `replica` alias and
`DIENHINH_READ_REPLICA`), the pages that only read and read much — discovery, reports,
the public portal and the exports — take their reads from the replica, so that the
primary keeps its CPU for the officers' writes. Everything else reads the primary.

Read-your-writes: a replica lags the primary by a little. A user who has just written
(a form posted, a record added) and is sent on to a replica page must see what they
wrote, so after a write the user is pinned to the primary for `REPLICA_PIN_SECONDS`
(a cookie; longer than the replica's lag, which the operator watches). Inside a
transaction every read goes to the primary too: a transaction sees its own writes,
and locks (`select_for_update`) exist there only.

Writes always go to the primary; migrations run there only (the replica copies them).
"""

import contextlib
import contextvars

from django.conf import settings
from django.db import connections

# Apps whose views read on the replica; views named like an export do as well.
REPLICA_APPS = frozenset({"discovery", "reports", "portal"})
PIN_COOKIE = "dienhinh_primary"
# Models whose writes do not pin: bookkeeping that every page may write (the shared
# cache's table, sessions, the login throttle, queued tasks), not the user's data.
UNPINNED_APPS = frozenset({"django_cache", "sessions", "axes", "django_tasks_database",
                           "django_tasks_db"})
# The ledger's version row, made again on a read after a flush (ledger.state.version).
UNPINNED_MODELS = frozenset({"ledger.LedgerState"})
# Read on the primary always: a session or a login just written must be found at once.
PRIMARY_APPS = frozenset({"sessions", "axes", "auth", "authtoken", "django_cache",
                          "django_tasks_database", "django_tasks_db", "contenttypes"})

_use_replica: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "dienhinh_use_replica", default=False)
_wrote: contextvars.ContextVar[list | None] = contextvars.ContextVar(
    "dienhinh_wrote", default=None)


def replica_alias() -> str:
    """The replica's alias, or "" when none is configured."""
    alias = getattr(settings, "DIENHINH_READ_REPLICA", "")
    return alias if alias and alias in settings.DATABASES else ""


@contextlib.contextmanager
def reading_replica(enabled: bool = True):
    """Reads inside go to the replica (if configured): for commands and tasks that
    export or report, outside the request cycle."""
    token = _use_replica.set(enabled)
    try:
        yield
    finally:
        _use_replica.reset(token)


def _primary_busy() -> bool:
    return connections["default"].in_atomic_block


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        alias = replica_alias()
        if not alias or not _use_replica.get():
            return None
        # A request that has written reads its own writes on the primary from then on.
        if model._meta.app_label in PRIMARY_APPS or _primary_busy() or _wrote.get():
            return "default"
        return alias

    def db_for_write(self, model, **hints):
        wrote = _wrote.get()
        if (wrote is not None and model._meta.app_label not in UNPINNED_APPS
                and model._meta.label not in UNPINNED_MODELS):
            wrote.append(model._meta.label)
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        # Both aliases hold the same data: objects read from either may be related.
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"


def reads_replica(view_func) -> bool:
    """Whether this view's reads may go to the replica: the views of the read-mostly
    apps and the exports."""
    module = getattr(view_func, "__module__", "") or ""
    parts = module.split(".")
    if len(parts) > 1 and parts[0] == "dienhinh" and parts[1] in REPLICA_APPS:
        return True
    return "export" in getattr(view_func, "__name__", "")


class ReplicaMiddleware:
    """Sends a safe request (GET, HEAD) of a replica page to the replica, unless the
    user wrote within the last `REPLICA_PIN_SECONDS`; a request that wrote sets the
    pin. Does nothing when no replica is configured."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not replica_alias():
            return self.get_response(request)
        wrote: list[str] = []
        token_w = _wrote.set(wrote)
        token_r = _use_replica.set(False)
        try:
            response = self.get_response(request)
        finally:
            _use_replica.reset(token_r)
            _wrote.reset(token_w)
        if wrote:
            response.set_cookie(
                PIN_COOKIE, "1", max_age=settings.REPLICA_PIN_SECONDS, httponly=True,
                samesite="Lax", secure=settings.SESSION_COOKIE_SECURE)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        # Only inside __call__'s context (a replica configured), which resets it after.
        if (_wrote.get() is not None and request.method in ("GET", "HEAD")
                and PIN_COOKIE not in request.COOKIES and reads_replica(view_func)):
            _use_replica.set(True)
        return None
