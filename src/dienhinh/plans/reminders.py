"""Reminders of plan deadlines: N days before (settings.REMINDER_DAYS, default 7
and 1) and once overdue, to the users holding the unit officer or standing office
role at the task's responsible units (the plan's agency when a task names none).

Each (deadline, user, kind) is sent once: the `Reminder` row is the log, and its
unique constraint holds even when two workers run at the same moment. Only plans
in force remind; a deadline marked done does not. Days are counted to the due
date; "before 20/01" means the work is due by 19/01, which the text says.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from dienhinh.notifications.services import notify
from dienhinh.orgs.models import Role

from .models import Plan, PlanDeadline, Reminder

ROLES = (Role.UNIT_OFFICER, Role.STANDING_OFFICE)
# Overdue reminders look back this far, so a first run does not mail years of history.
OVERDUE_LOOKBACK_DAYS = 30


def recipients(deadline: PlanDeadline):
    units = list(deadline.task.responsible_units.values_list("pk", flat=True)) or \
        [deadline.plan.agency_id]
    return get_user_model().objects.filter(
        is_active=True, roles__role__in=ROLES, roles__unit_id__in=units
    ).distinct().order_by("pk")


def kind_due(deadline: PlanDeadline, today: dt.date, days: list[int]) -> str | None:
    """Which reminder applies today: the most urgent "before:N", "overdue", or None."""
    if deadline.completed_at is not None:
        return None
    late_from = deadline.due if deadline.before else deadline.due + dt.timedelta(days=1)
    if today >= late_from:
        if (today - late_from).days <= OVERDUE_LOOKBACK_DAYS:
            return "overdue"
        return None
    left = (deadline.due - today).days
    applicable = [n for n in days if left <= n]
    return f"before:{min(applicable)}" if applicable else None


def _text(deadline: PlanDeadline, kind: str, today: dt.date) -> tuple[str, str]:
    plan = deadline.plan
    when = (f"trước ngày {deadline.due:%d/%m/%Y}" if deadline.before
            else f"trong ngày {deadline.due:%d/%m/%Y}")
    if kind == "overdue":
        subject = f"Quá hạn: {deadline.task.label}"[:300]
        lead = f"Đã quá hạn ({when}) mà chưa đánh dấu hoàn thành."
    else:
        left = (deadline.due - today).days
        subject = f"Còn {left} ngày đến hạn: {deadline.task.label}"[:300]
        lead = f"Hạn: {when}."
    body = (f"{lead}\nNhiệm vụ: {deadline.task.label}\n"
            f"Kế hoạch số {plan.number} ngày {plan.issued_on:%d/%m/%Y} của "
            f"{plan.agency.name}: {plan.title}")
    return subject, body


def send_due_reminders(today: dt.date | None = None, days: list[int] | None = None) -> int:
    """Send every reminder due on `today`; returns how many were sent."""
    today = today or timezone.localdate()
    days = sorted(days if days is not None else settings.REMINDER_DAYS)
    horizon = today + dt.timedelta(days=max(days, default=0))
    candidates = PlanDeadline.objects.filter(
        plan__status=Plan.IN_FORCE, completed_at__isnull=True,
        due__gte=today - dt.timedelta(days=OVERDUE_LOOKBACK_DAYS + 1), due__lte=horizon,
    ).select_related("plan__agency__subject", "task").order_by("due", "pk")
    sent = 0
    for deadline in candidates:
        kind = kind_due(deadline, today, days)
        if kind is None:
            continue
        url = reverse("plan_calendar") + f"?year={deadline.due.year}&month={deadline.due.month}"
        for user in recipients(deadline):
            try:
                with transaction.atomic():
                    Reminder.objects.create(deadline=deadline, user=user, kind=kind)
                    subject, body = _text(deadline, kind, today)
                    notify([user], subject, body, url)
            except IntegrityError:
                continue  # already sent (by this or a concurrent run)
            sent += 1
    return sent
