"""How a subject stands against every plan whose period holds a year (person and
unit pages). Later, the plans in force of the subject's agencies will join the
templates here; the page asks only `standings(subject, year)`."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dienhinh.plans import services as evaluation

from . import services

QUANTITATIVE_LABELS = {
    "pass": _("Đạt"), "fail": _("Chưa đạt"), "none": _("Không có tiêu chí theo sổ thành tích"),
}


def subject_standing(template, plan_id: str, subject, year: int) -> dict | None:
    """How one subject stands against one plan in one year (explain engine), with the
    attestations in force and eligibility; None when no profile of the plan fits."""
    with evaluation.reader_language():
        result = evaluation.explain_subject(template, subject, year)
    if result is None:
        return None
    profile = template.profile_by_id.get(result.profile)
    pending = services.pending_criteria(profile)
    attested = services.in_force(plan_id, year, [subject.pk]).get(subject.pk, {})
    return {
        "plan_id": plan_id, "template": template, "year": year, "result": result,
        "profile": profile, "quantitative_label": QUANTITATIVE_LABELS.get(result.quantitative),
        "pending": [(c, attested.get(c.key)) for c in pending],
        "eligible": services.is_eligible(result.quantitative, pending, attested),
    }


def default_year(choices, today: dt.date | None = None) -> int:
    """This year when a plan covers it, else the last year a plan covers before it
    (a 2021–2025 plan is still reviewed in 2026), else this year."""
    year = (today or timezone.localdate()).year
    if any(p.start <= year <= p.end for p in choices):
        return year
    ended = [p.end for p in choices if p.end < year]
    return max(ended) if ended else year


def standings(subject, year: int, choices=None) -> list[dict]:
    """One entry per plan applying to the subject and covering `year`; `s` is None when
    no profile fits."""
    out = []
    for choice in choices if choices is not None else evaluation.plan_choices_for(subject):
        if not choice.start <= year <= choice.end:
            continue
        template = evaluation.get_template(choice.id)
        out.append({"plan": choice, "s": subject_standing(template, choice.id, subject, year)})
    return out


def year_span(choices) -> list[int]:
    if not choices:
        return []
    return list(range(min(p.start for p in choices), max(p.end for p in choices) + 1))
