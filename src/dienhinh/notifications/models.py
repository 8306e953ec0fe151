"""The notifications inbox and the feedback channel (khó khăn, vướng mắc).

A notification belongs to one user and is only ever shown to that user. A feedback
thread belongs to the unit that raised it and is addressed to the standing office
of its agency (`office_unit`); who may see or answer it is `dienhinh.policy`'s
answer for those two units.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    subject = models.CharField(_("tiêu đề"), max_length=300)
    body = models.TextField(_("nội dung"), blank=True)
    url = models.CharField(_("đường dẫn"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("thời điểm"), auto_now_add=True)
    read_at = models.DateTimeField(_("đã đọc lúc"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")
        indexes = [models.Index(fields=["user", "read_at"], name="notification_unread")]

    def __str__(self):
        return self.subject

    @property
    def is_read(self):
        return self.read_at is not None


class Feedback(models.Model):
    """A difficulty a unit reports to the standing office, with its answers."""

    class Status(models.TextChoices):
        OPEN = "open", _("Chờ trả lời")
        ANSWERED = "answered", _("Đã trả lời")
        CLOSED = "closed", _("Đã đóng")

    # The names code and tests have always used.
    OPEN, ANSWERED, CLOSED = Status.OPEN, Status.ANSWERED, Status.CLOSED
    STATUS_CHOICES = Status.choices

    unit = models.ForeignKey(
        "orgs.Unit", on_delete=models.PROTECT, related_name="feedback",
        verbose_name=_("đơn vị phản ánh"),
    )
    office_unit = models.ForeignKey(
        "orgs.Unit", on_delete=models.PROTECT, related_name="feedback_received",
        verbose_name=_("nơi nhận (thường trực)"),
    )
    subject = models.CharField(_("tiêu đề"), max_length=300)
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices,
                              default=OPEN)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("gửi lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["-updated_at", "-id"]
        verbose_name = _("phản ánh khó khăn, vướng mắc")
        verbose_name_plural = _("phản ánh khó khăn, vướng mắc")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=["open", "answered", "closed"]),
                name="feedback_status_valid",
            )
        ]

    def __str__(self):
        return self.subject

# action -> (states it may start from, state it ends in). Plain types: notifications
# sits beside the workflow core and may not import it (.importlinter, "layers").
FEEDBACK_TRANSITIONS: dict[str, tuple[frozenset, str]] = {
    "answer": (frozenset({Feedback.OPEN, Feedback.ANSWERED}), Feedback.ANSWERED),
    "reply": (frozenset({Feedback.OPEN, Feedback.ANSWERED}), Feedback.OPEN),
    "close": (frozenset({Feedback.OPEN, Feedback.ANSWERED}), Feedback.CLOSED),
}


class FeedbackMessage(models.Model):
    feedback = models.ForeignKey(Feedback, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                               related_name="+")
    from_office = models.BooleanField(_("của thường trực"), default=False)
    body = models.TextField(_("nội dung"))
    created_at = models.DateTimeField(_("thời điểm"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("nội dung trao đổi")
        verbose_name_plural = _("nội dung trao đổi")
