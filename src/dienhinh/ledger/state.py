"""The ledger's version: what a cached evaluation result is keyed on."""

import time

from django.db import IntegrityError, connection, transaction

from dienhinh.core import plain

from .models import LedgerState


def cacheable() -> bool:
    """Whether a result computed now may be cached under the current version. Inside a
    transaction it may not: the transaction may hold uncommitted changes (and raise the
    version in its own snapshot only), and if it is rolled back another change can
    commit that same version number with other data."""
    return not connection.in_atomic_block


def version() -> int:
    """The current version. The row can be missing only after a flush (tests): it is
    made again with a version no earlier key can have used."""
    # A plain statement (see `core.plain`): every home page and discovery page asks.
    row = plain.scalar(LedgerState, "SELECT version FROM {table} WHERE id = 1", [])
    if row is not None:
        return row
    fresh = time.time_ns()
    try:
        with transaction.atomic():
            LedgerState.objects.create(pk=1, version=fresh)
    except IntegrityError:
        return LedgerState.objects.values_list("version", flat=True).get(pk=1)
    return fresh


def cached(name: str, parts, compute, timeout: int = 3600):
    """`compute()` once per ledger version: counts over a province scope cost a scan of
    a million records, and they change only when the ledger does."""
    import hashlib

    from django.core.cache import cache

    # Scopes can be long lists of paths; cache keys are bounded (255 in the cache table).
    digest = hashlib.sha256(":".join(str(p) for p in parts).encode()).hexdigest()[:32]
    if not cacheable():
        return compute()
    key = f"ledger:{name}:{version()}:{digest}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, timeout)
    return value
