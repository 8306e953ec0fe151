"""The discovery app's only door to the criteria engine and the plan templates.

Everything that decides who passes lives in `dienhinh.criteria` and
`dienhinh.plans` (the engine colleague's code); this module only adapts their API
to what the screens need, so that a change there is absorbed here.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from dienhinh.plans import services as plan_services


class PlanError(Exception):
    """An unknown plan or an invalid stored template, worded for the user."""


@dataclass(frozen=True)
class PlanChoice:
    id: str
    name: str
    start: int
    end: int


def plan_choices() -> list[PlanChoice]:
    return [PlanChoice(t.id, t.name, t.start, t.end) for t in plan_services.templates()]


def get_template(plan_id: str):
    try:
        return plan_services.get_template(plan_id)
    except plan_services.UnknownPlan as exc:
        raise PlanError(_("Không có kế hoạch “%(id)s”. / Unknown plan.") % {"id": plan_id}) from exc


def lookback(template, year: int, years: int | None = None):
    """The template read over the years before its period (ValueError when not allowed)."""
    return plan_services.lookback(template, year, years)


def evaluate(template, scope, year: int):
    """Results (criteria.engine.Result) of every subject in the scope: set-based engine."""
    return plan_services.evaluate_scope(template, scope, year)


def explain(template, subject, year: int):
    """One subject with its evidence (explain engine); None when no profile fits."""
    return plan_services.explain_subject(template, subject, year)


def evaluate_many(pairs, scope) -> dict[str, list]:
    """Several (template, year) pairs over one scope, the ledger read once for all:
    {template id: results}. Every year must lie in its plan's period."""
    pairs = list(pairs)
    if not pairs:
        return {}
    return plan_services.evaluate_many(pairs, scope)
