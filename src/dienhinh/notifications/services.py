"""Notifications and feedback: the API for the other apps.

    notify(users, subject, body="", url="", email=True) -> list[Notification]
        one inbox entry per active user; the e-mail goes out once the surrounding
        transaction commits (nothing is mailed for a change that was rolled back).
    unread_count(user) -> int
    mark_read(user, notification | None)      None: every unread one of the user
    office_unit_for(unit) -> Unit             where a unit's difficulties go
    send_feedback(user, unit, subject, body) -> Feedback
    answer_feedback(user, feedback, body, version) -> Feedback      open → answered
    reply_feedback(user, feedback, body, version) -> Feedback       answered → open
    close_feedback(user, feedback, version) -> Feedback             open/answered → closed

Every feedback state change checks `dienhinh.policy`, writes the audit log and
queues its notifications inside one transaction. Errors are `FeedbackError`
(Vietnamese / English message); `StaleFeedback` when someone changed it first.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.mail import send_mass_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dienhinh import policy, workflow
from dienhinh.audit.services import record as audit
from dienhinh.core import plain, site
from dienhinh.orgs.models import Role, RoleAssignment, Unit

from .models import FEEDBACK_TRANSITIONS, Feedback, FeedbackMessage, Notification


class FeedbackError(workflow.WorkflowError, ValueError):
    pass


# The workflow core's (see `dienhinh.workflow`), under the name callers import.
StaleFeedback = workflow.StaleVersion
# Declared beside the model: action -> (states it may start from, state it ends in)
TRANSITIONS: workflow.Transitions = FEEDBACK_TRANSITIONS


# -- inbox -----------------------------------------------------------------------------
def notify(users, subject: str, body: str = "", url: str = "", email: bool = True
           ) -> list[Notification]:
    unique = {u.pk: u for u in users if u is not None and u.is_active}
    rows = Notification.objects.bulk_create(
        Notification(user=u, subject=subject[:300], body=body, url=url[:500])
        for u in unique.values()
    )
    if email:
        link = site.absolute(url)  # a path in the inbox, a full address in a mail
        messages = [
            (subject, f"{body}\n\n{link}".strip() if url else body,
             settings.DEFAULT_FROM_EMAIL, [u.email])
            for u in unique.values() if u.email
        ]
        if messages:
            # After commit: no mail about a change that did not happen.
            transaction.on_commit(lambda: send_mass_mail(messages, fail_silently=True))
    return rows


_UNREAD_SQL = "SELECT COUNT(*) FROM {table} WHERE user_id = %s AND read_at IS NULL"


def unread_count(user) -> int:
    """The header's badge, on every page of every logged-in user: one plain statement
    on the `notification_unread` index (see `core.plain`), read afresh each time."""
    if not getattr(user, "is_authenticated", False):
        return 0
    return plain.scalar(Notification, _UNREAD_SQL, [user.pk])


def mark_read(user, notification: Notification | None = None) -> int:
    qs = Notification.objects.filter(user=user, read_at__isnull=True)
    if notification is not None:
        qs = qs.filter(pk=notification.pk)
    return qs.update(read_at=timezone.now())


# -- feedback -----------------------------------------------------------------------------
def _ancestors(unit: Unit) -> list[int]:
    """Pks from the unit up to the root of today's tree, nearest first."""
    return [int(pk) for pk in unit.path.strip("/").split("/") if pk][::-1]


def office_unit_for(unit: Unit) -> Unit:
    """The nearest unit at or above `unit` where someone holds the standing office
    role; the agency (nearest unit of kind agency) or the root when nobody does."""
    chain = _ancestors(unit)
    held = set(
        RoleAssignment.objects.filter(role=Role.STANDING_OFFICE, unit_id__in=chain)
        .values_list("unit_id", flat=True)
    )
    for pk in chain:
        if pk in held:
            return Unit.objects.get(pk=pk)
    units = {u.pk: u for u in Unit.objects.filter(pk__in=chain)}
    for pk in chain:
        if units[pk].kind == "agency":
            return units[pk]
    return units[chain[-1]]


def office_users(office_unit: Unit):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(
        is_active=True, roles__role=Role.STANDING_OFFICE, roles__unit=office_unit
    ).distinct()


def unit_users(unit: Unit):
    """Who speaks for the unit: its officers and its head."""
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(
        is_active=True, roles__role__in=[Role.UNIT_OFFICER, Role.HEAD], roles__unit=unit
    ).distinct()


def may_answer(user, feedback: Feedback) -> bool:
    return policy.can(user, "answer_feedback", feedback.office_unit)


def may_reply(user, feedback: Feedback) -> bool:
    return feedback.created_by_id == user.pk or policy.can(user, "send_feedback", feedback.unit)


def _snapshot(f: Feedback) -> dict:
    return {"status": f.status, "subject": f.subject, "unit": f.unit.code,
            "office_unit": f.office_unit.code, "version": f.version}


def _url(f: Feedback) -> str:
    from django.urls import reverse

    return reverse("feedback_detail", args=[f.pk])


def _bump(feedback: Feedback, version: int, status: str) -> None:
    """Lock the row at the version the user saw (else `StaleVersion`), move it."""
    fresh = workflow.lock(feedback, version)
    action = {Feedback.ANSWERED: "answer", Feedback.OPEN: "reply",
              Feedback.CLOSED: "close"}[status]
    workflow.check(TRANSITIONS, action, fresh.status, model=Feedback)
    workflow.bump(fresh, status=status)
    feedback.refresh_from_db()


@transaction.atomic
def send_feedback(user, unit: Unit, subject: str, body: str) -> Feedback:
    if not policy.can(user, "send_feedback", unit):
        raise PermissionDenied
    subject, body = (subject or "").strip(), (body or "").strip()
    if not subject or not body:
        raise FeedbackError(_("Cần có tiêu đề và nội dung."))
    office = office_unit_for(unit)
    feedback = Feedback.objects.create(unit=unit, office_unit=office, subject=subject,
                                       created_by=user)
    FeedbackMessage.objects.create(feedback=feedback, author=user, body=body)
    audit(user, "feedback.send", feedback, None, _snapshot(feedback))
    notify(office_users(office).exclude(pk=user.pk),
           f"Phản ánh mới từ {unit.name}: {subject}", body, _url(feedback))
    return feedback


@transaction.atomic
def answer_feedback(user, feedback: Feedback, body: str, version: int) -> Feedback:
    """The standing office answers: open (or answered) → answered."""
    if not may_answer(user, feedback):
        raise workflow.NotAllowed(_("Bạn không có quyền trả lời phản ánh này."))
    if feedback.status == Feedback.CLOSED:
        raise FeedbackError(_("Phản ánh đã đóng, không trả lời được nữa."))
    body = (body or "").strip()
    if not body:
        raise FeedbackError(_("Nội dung trả lời không được để trống."))
    before = _snapshot(feedback)
    _bump(feedback, version, Feedback.ANSWERED)
    FeedbackMessage.objects.create(feedback=feedback, author=user, body=body, from_office=True)
    audit(user, "feedback.answer", feedback, before, _snapshot(feedback))
    recipients = list(unit_users(feedback.unit)) + [feedback.created_by]
    notify([u for u in recipients if u.pk != user.pk],
           f"Thường trực đã trả lời: {feedback.subject}", body, _url(feedback))
    return feedback


@transaction.atomic
def reply_feedback(user, feedback: Feedback, body: str, version: int) -> Feedback:
    """The unit adds to its feedback: it goes back to the office (→ open)."""
    if not may_reply(user, feedback):
        raise workflow.NotAllowed(_("Bạn không có quyền bổ sung phản ánh này."))
    if feedback.status == Feedback.CLOSED:
        raise FeedbackError(_("Phản ánh đã đóng; hãy gửi phản ánh mới."))
    body = (body or "").strip()
    if not body:
        raise FeedbackError(_("Nội dung không được để trống."))
    before = _snapshot(feedback)
    _bump(feedback, version, Feedback.OPEN)
    FeedbackMessage.objects.create(feedback=feedback, author=user, body=body)
    audit(user, "feedback.reply", feedback, before, _snapshot(feedback))
    notify(office_users(feedback.office_unit).exclude(pk=user.pk),
           f"Đơn vị bổ sung phản ánh: {feedback.subject}", body, _url(feedback))
    return feedback


@transaction.atomic
def close_feedback(user, feedback: Feedback, version: int) -> Feedback:
    if not (may_answer(user, feedback) or may_reply(user, feedback)):
        raise workflow.NotAllowed(_("Bạn không có quyền đóng phản ánh này."))
    if feedback.status == Feedback.CLOSED:
        raise FeedbackError(_("Phản ánh đã đóng rồi."))
    before = _snapshot(feedback)
    _bump(feedback, version, Feedback.CLOSED)
    audit(user, "feedback.close", feedback, before, _snapshot(feedback))
    return feedback


def visible_feedback(user):
    """Threads of the units in the user's view scope (the office sees its agency's)."""
    return Feedback.objects.filter(unit__in=policy.units(user, "view"))
