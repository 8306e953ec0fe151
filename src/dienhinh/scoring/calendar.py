"""A scoring round's due date in the plans' calendar and feed (`plans.calendar_sources`)
and its reminders (`reminders.py`).

A unit sees the due date of each of its sheets (done once sent); the standing office
of the round's agency sees the round's one date (done once every sheet is sent).
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from dienhinh import policy
from dienhinh.plans.calendar_sources import Event

from .models import Round, ScoreSheet


def _dated(qs, field: str, start: dt.date | None, end: dt.date | None):
    if start:
        qs = qs.filter(**{f"{field}__gte": start})
    if end:
        qs = qs.filter(**{f"{field}__lte": end})
    return qs


def events(user, start: dt.date | None, end: dt.date | None) -> list[Event]:
    out = []
    # Each part only for those who hold its role: most readers of the calendar score
    # nothing or verify nothing, and building the query costs more than the check.
    if policy.has_scope(user, "score_unit"):
        own = policy.units(user, "score_unit").values("pk")
        sheets = _dated(ScoreSheet.objects.filter(unit__in=own, round__due_on__isnull=False),
                        "round__due_on", start, end).select_related("round", "unit__subject")
        for sheet in sheets:
            out.append(Event(
                due=sheet.round.due_on,
                label=_("Nộp bản tự chấm điểm thi đua: %(r)s") % {"r": sheet.round.name},
                context=sheet.unit.subject.name, url=reverse("scoring_sheet", args=[sheet.pk]),
                done=sheet.status != ScoreSheet.DRAFT,
                uid=f"scoring-sheet-{sheet.pk}-{sheet.round.due_on:%Y%m%d}@dienhinh"))
    if policy.has_scope(user, "verify_score"):
        offices = policy.units(user, "verify_score").values("pk")
        rounds = _dated(Round.objects.filter(agency__in=offices, due_on__isnull=False),
                        "due_on", start, end).select_related("agency__subject").annotate(
            waiting=Count("sheets", filter=Q(sheets__status=ScoreSheet.DRAFT)))
        for rnd in rounds:
            out.append(Event(
                due=rnd.due_on,
                label=_("Hạn các đơn vị nộp bản tự chấm điểm: %(r)s") % {"r": rnd.name},
                context=rnd.agency.subject.name, url=reverse("scoring_round", args=[rnd.pk]),
                done=rnd.waiting == 0 or rnd.status == Round.CLOSED,
                uid=f"scoring-round-{rnd.pk}-{rnd.due_on:%Y%m%d}@dienhinh"))
    return out


def open_sheets_due(on_or_before: dt.date, since: dt.date):
    """Draft sheets of open rounds whose due date lies in [since, on_or_before]."""
    return ScoreSheet.objects.filter(
        Q(round__due_on__gte=since) & Q(round__due_on__lte=on_or_before),
        status=ScoreSheet.DRAFT, round__status=Round.OPEN,
    ).select_related("round__agency__subject", "unit__subject").order_by("round__due_on", "pk")
