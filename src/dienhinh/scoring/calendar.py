"""A scoring round's due date in the plans' calendar and feed (`plans.calendar_sources`)
and its reminders (`reminders.py`).

A unit sees the due date of each of its sheets (done once sent); the standing office
of the round's agency sees the round's one date (done once every sheet is sent).
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from dienhinh import policy
from dienhinh.core import plain
from dienhinh.plans.calendar_sources import Event

from .models import Round, ScoreSheet


def _dated(qs, field: str, start: dt.date | None, end: dt.date | None):
    if start:
        qs = qs.filter(**{f"{field}__gte": start})
    if end:
        qs = qs.filter(**{f"{field}__lte": end})
    return qs


_ANY_DUE_SQL = "SELECT 1 FROM {table} WHERE due_on IS NOT NULL%s LIMIT 1"


def _any_due(start: dt.date | None, end: dt.date | None) -> bool:
    """Is any round's due date in [start, end], whoever may see it? A month of the
    calendar mostly holds none; the scoped queries below cost 2–4 ms of CPU to build
    for every reader of the calendar, this plain statement (`core.plain`) 0.05 ms."""
    bounds, params = "", []
    if start:
        bounds, params = bounds + " AND due_on >= %s", [*params, start.isoformat()]
    if end:
        bounds, params = bounds + " AND due_on <= %s", [*params, end.isoformat()]
    return plain.scalar(Round, _ANY_DUE_SQL % bounds, params) is not None


def events(user, start: dt.date | None, end: dt.date | None) -> list[Event]:
    out = []
    # Each part only for those who hold its role: most readers of the calendar score
    # nothing or verify nothing, and building the query costs more than the check.
    scoring = policy.has_scope(user, "score_unit")
    verifying = policy.has_scope(user, "verify_score")
    if not (scoring or verifying) or not _any_due(start, end):
        return out
    # Plain values, no order (`calendar_sources.events` sorts): the models' orderings
    # joined the rounds and units again only to be sorted away.
    if scoring:
        own = policy.units(user, "score_unit").values("pk")
        sheets = _dated(ScoreSheet.objects.filter(unit__in=own, round__due_on__isnull=False),
                        "round__due_on", start, end).order_by().values_list(
            "pk", "status", "round__due_on", "round__name", "unit__subject__name")
        for pk, status, due_on, round_name, unit_name in sheets:
            out.append(Event(
                due=due_on,
                label=_("Nộp bản tự chấm điểm thi đua: %(r)s") % {"r": round_name},
                context=unit_name, url=reverse("scoring_sheet", args=[pk]),
                done=status != ScoreSheet.DRAFT,
                uid=f"scoring-sheet-{pk}-{due_on:%Y%m%d}@dienhinh"))
    if verifying:
        offices = policy.units(user, "verify_score").values("pk")
        rounds = _dated(Round.objects.filter(agency__in=offices, due_on__isnull=False),
                        "due_on", start, end).order_by().annotate(
            waiting=Exists(ScoreSheet.objects.filter(round=OuterRef("pk"),
                                                     status=ScoreSheet.DRAFT))).values_list(
            "pk", "name", "due_on", "status", "agency__subject__name", "waiting")
        for pk, name, due_on, status, agency_name, waiting in rounds:
            out.append(Event(
                due=due_on,
                label=_("Hạn các đơn vị nộp bản tự chấm điểm: %(r)s") % {"r": name},
                context=agency_name, url=reverse("scoring_round", args=[pk]),
                done=not waiting or status == Round.CLOSED,
                uid=f"scoring-round-{pk}-{due_on:%Y%m%d}@dienhinh"))
    return out


def open_sheets_due(on_or_before: dt.date, since: dt.date):
    """Draft sheets of open rounds whose due date lies in [since, on_or_before]."""
    return ScoreSheet.objects.filter(
        Q(round__due_on__gte=since) & Q(round__due_on__lte=on_or_before),
        status=ScoreSheet.DRAFT, round__status=Round.OPEN,
    ).select_related("round__agency__subject", "unit__subject").order_by("round__due_on", "pk")
