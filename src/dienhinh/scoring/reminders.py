"""Reminders of a scoring round's due date (`Round.due_on`, the day units send their
self-scoring sheets): N days before (settings.REMINDER_DAYS) and once overdue, to the
officers of each unit whose sheet is still a draft. Run by `dienhinh remind_scoring`
(cron, like `dienhinh remind`).

Each (sheet, user, kind) goes out once: `SheetReminder` is the log and its unique
constraint holds when two runs meet. A sheet sent, or a round published, reminds no
more; overdue reminders look back as far as the plans' do, so a first run does not mail
old rounds.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from dienhinh.core.vietnamese import format_date
from dienhinh.notifications.services import notify
from dienhinh.orgs.models import Role
from dienhinh.plans.reminders import OVERDUE_LOOKBACK_DAYS

from .calendar import open_sheets_due
from .models import ScoreSheet, SheetReminder


def kind_due(due: dt.date, today: dt.date, days: list[int]) -> str | None:
    """"before:N" (the most urgent that applies), "overdue" (from the day after the due
    date, within the look-back), or None."""
    if today > due:
        return "overdue" if (today - due).days <= OVERDUE_LOOKBACK_DAYS else None
    left = (due - today).days
    applicable = [n for n in days if left <= n]
    return f"before:{min(applicable)}" if applicable else None


def _text(sheet: ScoreSheet, kind: str, today: dt.date) -> tuple[str, str]:
    rnd = sheet.round
    if kind == "overdue":
        subject = f"Quá hạn nộp bản tự chấm điểm thi đua: {sheet.unit.name}"
    else:
        subject = (f"Còn {(rnd.due_on - today).days} ngày đến hạn nộp bản tự chấm điểm thi "
                   f"đua: {sheet.unit.name}")
    body = (f"Hạn nộp: {format_date(rnd.due_on)}.\n{rnd.name} "
            f"({rnd.agency.name}, năm {rnd.year}).")
    return subject[:300], body


def send_sheet_reminders(today: dt.date | None = None, days: list[int] | None = None) -> int:
    today = today or timezone.localdate()
    days = sorted(days if days is not None else settings.REMINDER_DAYS)
    horizon = today + dt.timedelta(days=max(days, default=0))
    since = today - dt.timedelta(days=OVERDUE_LOOKBACK_DAYS + 1)
    sent = 0
    for sheet in open_sheets_due(horizon, since):
        kind = kind_due(sheet.round.due_on, today, days)
        if kind is None:
            continue
        users = get_user_model().objects.filter(
            is_active=True, roles__role=Role.UNIT_OFFICER, roles__unit=sheet.unit,
        ).distinct().order_by("pk")
        subject, body = _text(sheet, kind, today)
        url = reverse("scoring_sheet", args=[sheet.pk])
        for user in users:
            try:
                with transaction.atomic():
                    SheetReminder.objects.create(sheet=sheet, user=user, kind=kind)
            except IntegrityError:
                continue
            notify([user], subject, body, url)
            sent += 1
    return sent
