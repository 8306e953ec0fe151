"""Reminders of replication work that falls due, each sent once, linking to the page
where it is done:

- a pledge ("thi đua cùng điển hình") whose review date has come → the users who may
  review it (`review_pledge`) at the pledging unit or above it;
- an adoption in progress for a year without an evaluation → the users who follow it
  (`adopt_model`) at the adopting unit.

Run by `dienhinh remind_replication` (cron, like `dienhinh remind`). The row's
`…_reminded_on` date is set in the same transaction as the notification, with a
conditional update, so two concurrent runs do not both send.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from dienhinh import policy
from dienhinh.notifications.services import notify

from .models import Adoption, Pledge
from .services import EVALUATE_AFTER_DAYS


def _ancestors(path: str) -> list[str]:
    parts = [p for p in path.split("/") if p]
    return ["/" + "/".join(parts[:n]) + "/" for n in range(1, len(parts) + 1)]


def holders(action: str, path: str, above: bool = True):
    """Active users holding a role allowed to do `action` at the unit of `path` (and,
    when `above`, at the units above it, whose scope covers it)."""
    paths = _ancestors(path) if above else [path]
    return (get_user_model().objects.filter(
        is_active=True, roles__role__in=policy.ACTIONS[action], roles__unit__path__in=paths)
        .distinct().order_by("pk"))


def send(today: dt.date | None = None) -> int:
    today = today or timezone.localdate()
    sent = 0
    pledges = (Pledge.objects.filter(status=Pledge.OPEN, review_due__lte=today,
                                     due_reminded_on__isnull=True)
               .select_related("unit__subject", "person__subject", "exemplar"))
    for p in pledges:
        with transaction.atomic():
            if not Pledge.objects.filter(pk=p.pk, due_reminded_on__isnull=True).update(
                    due_reminded_on=today):
                continue
            who = p.person.subject.name if p.person_id else p.unit.name
            notify(holders("review_pledge", p.unit.path),
                   _("Đến hạn đánh giá đăng ký thi đua cùng điển hình: %(who)s") % {"who": who},
                   _("%(who)s đăng ký học tập %(ex)s ngày %(on)s; hạn đánh giá %(due)s.") % {
                       "who": who, "ex": p.exemplar.name, "on": f"{p.pledged_on:%d/%m/%Y}",
                       "due": f"{p.review_due:%d/%m/%Y}"},
                   reverse("pledge_detail", args=[p.pk]))
            sent += 1
    since = today - dt.timedelta(days=EVALUATE_AFTER_DAYS)
    adoptions = (Adoption.objects.filter(status__in=[Adoption.REGISTERED, Adoption.IN_PROGRESS],
                                         started_on__lte=since,
                                         evaluation_reminded_on__isnull=True)
                 .select_related("unit__subject", "model"))
    for a in adoptions:
        with transaction.atomic():
            if not Adoption.objects.filter(pk=a.pk, evaluation_reminded_on__isnull=True) \
                    .update(evaluation_reminded_on=today):
                continue
            notify(holders("adopt_model", a.unit.path, above=False),
                   _("Đánh giá kết quả áp dụng mô hình “%(m)s”") % {"m": a.model.title},
                   _("%(u)s áp dụng mô hình từ ngày %(on)s, chưa đánh giá kết quả.") % {
                       "u": a.unit.name, "on": f"{a.started_on:%d/%m/%Y}"},
                   reverse("adoption_detail", args=[a.pk]))
            sent += 1
    return sent
