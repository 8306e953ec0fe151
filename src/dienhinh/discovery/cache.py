"""Discovery's results, computed once per plan, scope and year and reused until the
ledger or the template changes.

The key holds the ledger's version (raised by database triggers on every change to
the records, people, units and subjects: see `ledger.state`) and a hash of the
template's text, so a changed input can never find an old result: it is a new key,
and the old entry simply expires. The version is read before evaluating; if the ledger
changes during the evaluation, the result is stored under the older key and never
served again. The results carry their explanations worded in the reader's language,
so the key holds the language too: an English reader never freezes a Vietnamese one's.
"""

from __future__ import annotations

import hashlib
import pickle
import zlib

from django.core.cache import cache
from django.utils import translation

from dienhinh.ledger import state
from dienhinh.plans import services as evaluation
from dienhinh.plans.models import PlanTemplate

FORMAT = 2  # raise when the stored shape of a result changes


def key(plan_id: str, scope, year: int, window: tuple[int, int] | None = None) -> str | None:
    """`window`: the years the template is read over, when not its own period (the
    look-back before a period reads the same template over earlier years)."""
    text = PlanTemplate.objects.filter(template_id=plan_id).values_list("text", flat=True).first()
    if text is None:
        return None
    digest = hashlib.sha256(text.encode()).hexdigest()[:16]
    span = f"{window[0]}-{window[1]}" if window else "plan"
    return (f"discovery:{FORMAT}:{plan_id}:{digest}:{span}:{scope.pk}:{year}:"
            f"{translation.get_language() or ''}:{state.version()}")


def evaluate(template, plan_id: str, scope, year: int):
    """The results of `evaluate_scope`, explained in the reader's language, from the
    shared cache when still valid."""
    if not state.cacheable():
        return _evaluate(template, scope, year)
    cache_key = key(plan_id, scope, year, (template.start, template.end))
    if cache_key is not None:
        stored = cache.get(cache_key)
        if stored is not None:
            return pickle.loads(zlib.decompress(stored))
    results = _evaluate(template, scope, year)
    if cache_key is not None:
        cache.set(cache_key, zlib.compress(pickle.dumps(results, pickle.HIGHEST_PROTOCOL), 3))
    return results


def _evaluate(template, scope, year: int):
    with evaluation.reader_language():
        return evaluation.evaluate_scope(template, scope, year)
