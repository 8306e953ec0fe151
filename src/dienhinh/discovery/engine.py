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
    label: str = ""  # "Kế hoạch số 12/KH-SCT — Sở Công Thương" when a plan adopted it


def plan_choices() -> list[PlanChoice]:
    return [PlanChoice(t.id, t.name, t.start, t.end) for t in plan_services.templates()]


def plan_choices_for(subject) -> list[PlanChoice]:
    """The plans that apply to a subject: those (in force or closed) of the agencies at
    or above its unit, named by number and agency. Where no plan of those agencies is
    on record (templates not yet adopted), every template, as before."""
    from dienhinh.orgs.models import Unit
    from dienhinh.plans.models import Plan

    detail = subject.detail if hasattr(subject, "detail") else subject
    unit = detail if isinstance(detail, Unit) else getattr(detail, "unit", None)
    if unit is None:
        return plan_choices()
    plans = [p for p in Plan.objects.exclude(status=Plan.DRAFT)
             .select_related("template", "agency__subject").order_by("start_year", "number")
             if unit.path.startswith(p.agency.path)]
    if not plans:
        return plan_choices()
    seen, found = set(), []
    for p in plans:
        if p.template.template_id in seen:
            continue
        seen.add(p.template.template_id)
        found.append(PlanChoice(p.template.template_id, p.template.name, p.start_year,
                                p.end_year, _("Kế hoạch số %(n)s — %(a)s") % {
                                    "n": p.number, "a": p.agency.name}))
    return found


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


def plan_choices_for_user(user, action: str = "discover") -> list[PlanChoice]:
    """The plan picker: plans of the agencies the user acts in (at, above or below its
    units), named by number and agency; every template while no plan is on record."""
    from dienhinh import policy
    from dienhinh.plans.models import Plan

    paths = policy._paths(user, action)
    plans = list(Plan.objects.exclude(status=Plan.DRAFT)
                 .select_related("template", "agency__subject")
                 .order_by("-start_year", "agency__path", "number"))
    if not plans:
        return plan_choices()
    if paths is not None:
        plans = [p for p in plans if any(path.startswith(p.agency.path)
                                         or p.agency.path.startswith(path) for path in paths)]
    seen, found = set(), []
    for p in plans:
        if p.template.template_id not in seen:
            seen.add(p.template.template_id)
            found.append(PlanChoice(p.template.template_id, p.template.name, p.start_year,
                                    p.end_year, _("Kế hoạch số %(n)s — %(a)s") % {
                                        "n": p.number, "a": p.agency.name}))
    return found
