"""Reminders of unit reports: N days before the review deadline of the plan's calendar
(settings.REMINDER_DAYS) and once overdue, to the officers of each unit that must report
and has not submitted. Run by `dienhinh report remind` (cron) like `dienhinh remind`.

The plan's own deadline reminders speak of the step; these name the unit's report and
stop as soon as it is submitted. Each (deadline, user, kind) goes out once: the plans'
`Reminder` log with kinds prefixed "report:".
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
from dienhinh.plans.models import Plan, Reminder
from dienhinh.plans.reminders import kind_due

from . import services
from .periods import choices

ROLES = (Role.UNIT_OFFICER,)


def send_report_reminders(today: dt.date | None = None, days: list[int] | None = None) -> int:
    today = today or timezone.localdate()
    days = sorted(days if days is not None else settings.REMINDER_DAYS)
    sent = 0
    for plan in Plan.objects.filter(status=Plan.IN_FORCE).select_related("agency__subject"):
        for period in choices(plan):
            deadline = services.deadline_for(plan, period)
            if deadline is None:
                continue
            kind = kind_due(deadline, today, days)
            if kind is None:
                continue
            for row in services.status_rows(plan, period, today):
                if row.state not in ("pending", "late"):
                    continue
                sent += _remind(row, plan, period, deadline, f"report:{kind}", today)
    return sent


def _remind(row, plan, period, deadline, kind: str, today: dt.date) -> int:
    users = get_user_model().objects.filter(
        is_active=True, roles__role__in=ROLES, roles__unit=row.unit).distinct()
    url = reverse("reports_unit", args=[plan.pk, period.key, row.unit.pk])
    late = kind.endswith("overdue")
    subject = (f"Quá hạn gửi báo cáo {period.label}: {row.unit.name}" if late else
               f"Còn {(deadline.due - today).days} ngày đến hạn gửi báo cáo {period.label}: "
               f"{row.unit.name}")
    body = (f"Hạn gửi: {format_date(row.due)}.\nKế hoạch số {plan.number} của "
            f"{plan.agency.name}: {plan.title}")
    sent = 0
    for user in users:
        try:
            with transaction.atomic():
                Reminder.objects.create(deadline=deadline, user=user, kind=kind[:20])
        except IntegrityError:
            continue
        notify([user], subject[:300], body, url)
        sent += 1
    return sent
