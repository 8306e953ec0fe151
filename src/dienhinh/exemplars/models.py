"""Registrations, compiled lists, fostering plans, nominations and their dossiers.

Every workflow object has a `status` and a `version` (optimistic concurrency: a
write names the version it read, so the second of two officers is told instead of
overwriting). Status changes happen only in `services.py`, one function per
transition, checked against `services.TRANSITIONS`.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dienhinh import workflow
from dienhinh.orgs.models import Person, Subject, Unit
from dienhinh.plans.models import Plan

USER = settings.AUTH_USER_MODEL


class CompiledList(models.Model):
    """The agency's list of registrations for a plan and year, sent to the higher level."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Đang tổng hợp")
        SENT = "sent", _("Đã gửi cấp trên")

    # The names code and tests have always used.
    DRAFT, SENT = Status.DRAFT, Status.SENT
    STATUS_CHOICES = Status.choices

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="compiled_lists")
    year = models.PositiveSmallIntegerField(_("năm"))
    number = models.CharField(_("số, ký hiệu"), max_length=100, blank=True, default="")
    place = models.CharField(_("địa danh"), max_length=100, blank=True, default="")
    signer_title = models.CharField(_("chức vụ người ký"), max_length=200, blank=True,
                                    default="")
    signer_name = models.CharField(_("người ký"), max_length=200, blank=True, default="")
    status = models.CharField(_("trạng thái"), max_length=8, choices=Status.choices,
                              default=DRAFT)
    sent_to = models.CharField(_("nơi nhận (cấp trên)"), max_length=300, blank=True, default="")
    sent_on = models.DateField(_("ngày gửi"), null=True, blank=True)
    sent_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="+")
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("danh sách đăng ký tổng hợp")
        verbose_name_plural = _("danh sách đăng ký tổng hợp")
        constraints = [
            models.UniqueConstraint(fields=["plan", "year"], name="compiledlist_plan_year"),
            models.CheckConstraint(condition=Q(status__in=["draft", "sent"]),
                                   name="compiledlist_status_valid"),
        ]

    def __str__(self):
        return f"{self.plan.number} — {self.year}"

    @property
    def unit(self):
        # The policy scopes objects by their unit: a compiled list belongs to the agency.
        return self.plan.agency

# action -> (states it may start from, state it ends in); None: not created yet.
COMPILED_LIST_TRANSITIONS: workflow.Transitions = {
    "compile": (frozenset({None, CompiledList.DRAFT}), CompiledList.DRAFT),
    "send": (frozenset({CompiledList.DRAFT}), CompiledList.SENT),
}


class Registration(models.Model):
    """A unit registers a subject to build into an exemplar (đăng ký xây dựng điển hình)."""

    class Status(models.TextChoices):
        REGISTERED = "registered", _("Đã đăng ký")
        WITHDRAWN = "withdrawn", _("Đã rút")

    # The names code and tests have always used.
    REGISTERED, WITHDRAWN = Status.REGISTERED, Status.WITHDRAWN
    STATUS_CHOICES = Status.choices
    DISCOVERY, MANUAL = "discovery", "manual"
    SOURCE_CHOICES = [(DISCOVERY, _("Từ danh sách phát hiện")), (MANUAL, _("Nhập tay"))]

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="registrations")
    year = models.PositiveSmallIntegerField(_("năm"))
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="registrations",
                             verbose_name=_("đơn vị đăng ký"))
    subject = models.ForeignKey(Subject, on_delete=models.PROTECT, related_name="registrations",
                                verbose_name=_("đối tượng"))
    source = models.CharField(_("nguồn"), max_length=10, choices=SOURCE_CHOICES, default=MANUAL)
    registered_on = models.DateField(_("ngày đăng ký"))
    quarter = models.PositiveSmallIntegerField(_("quý"))
    late = models.BooleanField(_("đăng ký muộn"), default=False)
    note = models.CharField(_("ghi chú"), max_length=500, blank=True, default="")
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices,
                              default=REGISTERED)
    compiled_list = models.ForeignKey(CompiledList, on_delete=models.PROTECT, null=True,
                                      blank=True, related_name="entries")
    by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["plan", "year", "unit__subject__sort_key", "subject__sort_key", "id"]
        verbose_name = _("đăng ký xây dựng điển hình")
        verbose_name_plural = _("đăng ký xây dựng điển hình")
        constraints = [
            # The same subject cannot be registered twice, by one unit or by two.
            models.UniqueConstraint(fields=["plan", "year", "subject"],
                                    condition=Q(status="registered"),
                                    name="registration_subject_once"),
            models.CheckConstraint(condition=Q(status__in=["registered", "withdrawn"]),
                                   name="registration_status_valid"),
            models.CheckConstraint(condition=Q(quarter__gte=1) & Q(quarter__lte=4),
                                   name="registration_quarter_valid"),
        ]

    def __str__(self):
        return f"{self.subject.name} — {self.plan.number} ({self.year})"

# action -> (states it may start from, state it ends in); None: not created yet.
REGISTRATION_TRANSITIONS: workflow.Transitions = {
    "register": (frozenset({None}), Registration.REGISTERED),
    "withdraw": (frozenset({Registration.REGISTERED}), Registration.WITHDRAWN),
}


class FosteringPlan(models.Model):
    """Support for one registered candidate (bồi dưỡng): leader, gaps, actions, progress."""

    class Status(models.TextChoices):
        OPEN = "open", _("Đang bồi dưỡng")
        CLOSED = "closed", _("Đã kết thúc")

    # The names code and tests have always used.
    OPEN, CLOSED = Status.OPEN, Status.CLOSED
    STATUS_CHOICES = Status.choices

    registration = models.OneToOneField(Registration, on_delete=models.PROTECT,
                                        related_name="fostering")
    leader = models.ForeignKey(Person, on_delete=models.PROTECT, null=True, blank=True,
                               related_name="+", verbose_name=_("lãnh đạo phụ trách"))
    goal = models.TextField(_("mục tiêu"), blank=True, default="")
    # What the criteria engine reported missing, frozen when made or refreshed.
    gaps = models.JSONField(_("tiêu chí còn thiếu"), default=dict)
    gaps_on = models.DateTimeField(_("thời điểm đánh giá"), null=True, blank=True)
    status = models.CharField(_("trạng thái"), max_length=8, choices=Status.choices,
                              default=OPEN)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("kế hoạch bồi dưỡng")
        verbose_name_plural = _("kế hoạch bồi dưỡng")
        constraints = [models.CheckConstraint(condition=Q(status__in=["open", "closed"]),
                                              name="fostering_status_valid")]

    def __str__(self):
        return str(self.registration)

    @property
    def unit(self):
        return self.registration.unit

# action -> (states it may start from, state it ends in); None: not created yet.
FOSTERING_PLAN_TRANSITIONS: workflow.Transitions = {
    "create": (frozenset({None}), FosteringPlan.OPEN),
    "close": (frozenset({FosteringPlan.OPEN}), FosteringPlan.CLOSED),
}


class FosteringAction(models.Model):
    fostering = models.ForeignKey(FosteringPlan, on_delete=models.CASCADE,
                                  related_name="actions")
    text = models.CharField(_("nội dung"), max_length=1000)
    due_on = models.DateField(_("hạn hoàn thành"))
    done_on = models.DateField(_("ngày hoàn thành"), null=True, blank=True)

    class Meta:
        ordering = ["due_on", "id"]


def evidence_path(instance, filename):
    return f"fostering/{instance.fostering_id}/{filename}"


class ProgressNote(models.Model):
    fostering = models.ForeignKey(FosteringPlan, on_delete=models.CASCADE,
                                  related_name="notes")
    text = models.TextField(_("kết quả, tiến độ"))
    file = models.FileField(_("minh chứng"), upload_to=evidence_path, blank=True)
    file_name = models.CharField(max_length=255, blank=True, default="")
    content_type = models.CharField(max_length=100, blank=True, default="")
    by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]


class FosteringReport(models.Model):
    """A unit's yearly fostering report (e.g. before 20 November), sent once."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Dự thảo")
        SENT = "sent", _("Đã gửi")

    # The names code and tests have always used.
    DRAFT, SENT = Status.DRAFT, Status.SENT
    STATUS_CHOICES = Status.choices

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="fostering_reports")
    year = models.PositiveSmallIntegerField(_("năm"))
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="fostering_reports")
    summary = models.TextField(_("đánh giá chung"), blank=True, default="")
    status = models.CharField(_("trạng thái"), max_length=8, choices=Status.choices,
                              default=DRAFT)
    sent_on = models.DateField(_("ngày gửi"), null=True, blank=True)
    late = models.BooleanField(_("gửi muộn"), default=False)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["plan", "year", "unit"],
                                    name="fosteringreport_once"),
            models.CheckConstraint(condition=Q(status__in=["draft", "sent"]),
                                   name="fosteringreport_status_valid"),
        ]

# action -> (states it may start from, state it ends in); None: not created yet.
FOSTERING_REPORT_TRANSITIONS: workflow.Transitions = {
    "send": (frozenset({None, FosteringReport.DRAFT}), FosteringReport.SENT),
}


class Nomination(models.Model):
    """A unit proposes a subject for recognition at a level, with its dossier."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Dự thảo")
        SUBMITTED = "submitted", _("Đã gửi thẩm định")
        RETURNED = "returned", _("Trả lại để bổ sung")
        ACCEPTED = "accepted", _("Được chấp nhận")
        REJECTED = "rejected", _("Không được chấp nhận")

    # The names code and tests have always used.
    DRAFT, SUBMITTED, RETURNED, ACCEPTED, REJECTED = Status.DRAFT, Status.SUBMITTED, Status.RETURNED, Status.ACCEPTED, Status.REJECTED
    STATUS_CHOICES = Status.choices
    LEVEL_CHOICES = [("agency", _("Cấp cơ quan")), ("province", _("Cấp tỉnh")),
                     ("ministry", _("Cấp bộ, ngành"))]

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="nominations")
    year = models.PositiveSmallIntegerField(_("năm"))
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="nominations",
                             verbose_name=_("đơn vị đề nghị"))
    subject = models.ForeignKey(Subject, on_delete=models.PROTECT, related_name="nominations",
                                verbose_name=_("đối tượng"))
    level = models.CharField(_("cấp công nhận"), max_length=10, choices=LEVEL_CHOICES)
    summary = models.TextField(_("tóm tắt thành tích"), blank=True, default="")
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices,
                              default=DRAFT)
    # The criteria evaluation as it stood when the dossier was made or last refreshed.
    snapshot = models.JSONField(_("kết quả đánh giá tiêu chí"), default=dict)
    snapshot_on = models.DateTimeField(null=True, blank=True)
    checklist = models.JSONField(_("phiếu thẩm định"), default=dict)
    comments = models.TextField(_("ý kiến thẩm định"), blank=True, default="")
    submitted_on = models.DateTimeField(null=True, blank=True)
    decided_on = models.DateTimeField(null=True, blank=True)
    # Accepted although the previous stages did not hold (criteria failed, a required
    # document missing, never fostered): what was overridden, why, by whom. Shown to the
    # council and written in the minutes.
    override_issues = models.JSONField(_("điểm chưa đạt được bỏ qua"), default=list,
                                       blank=True)
    override_reason = models.TextField(_("lý do chấp nhận"), blank=True, default="")
    override_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+")
    by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("hồ sơ đề nghị")
        verbose_name_plural = _("hồ sơ đề nghị")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["draft", "submitted", "returned", "accepted",
                                        "rejected"]),
                name="nomination_status_valid"),
            models.CheckConstraint(condition=Q(level__in=["agency", "province", "ministry"]),
                                   name="nomination_level_valid"),
            models.UniqueConstraint(fields=["plan", "year", "subject", "level"],
                                    condition=~Q(status="rejected"),
                                    name="nomination_once_per_level"),
        ]

    def __str__(self):
        return f"{self.subject.name} — {self.get_level_display()} ({self.year})"


def dossier_path(instance, filename):
    return f"dossiers/{instance.nomination_id}/{filename}"

# action -> (states it may start from, state it ends in); None: not created yet.
NOMINATION_TRANSITIONS: workflow.Transitions = {
    "create": (frozenset({None}), Nomination.DRAFT),
    "submit": (frozenset({Nomination.DRAFT, Nomination.RETURNED}), Nomination.SUBMITTED),
    "return": (frozenset({Nomination.SUBMITTED}), Nomination.RETURNED),
    "accept": (frozenset({Nomination.SUBMITTED}), Nomination.ACCEPTED),
    "reject": (frozenset({Nomination.SUBMITTED}), Nomination.REJECTED),
}


class DossierFile(models.Model):
    REPORT, MINUTES, ATTACHMENT = "report", "minutes", "attachment"
    KIND_CHOICES = [(REPORT, _("Báo cáo thành tích")), (MINUTES, _("Biên bản họp")),
                    (ATTACHMENT, _("Tài liệu kèm theo"))]

    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="files")
    kind = models.CharField(_("loại tài liệu"), max_length=10, choices=KIND_CHOICES)
    file = models.FileField(upload_to=dossier_path)
    file_name = models.CharField(_("tên tệp"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["kind", "at", "id"]
        constraints = [models.CheckConstraint(
            condition=Q(kind__in=["report", "minutes", "attachment"]),
            name="dossierfile_kind_valid")]


class CommentPeriod(models.Model):
    """The accepted nominees of a plan and year, published for public comment."""

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="comment_periods")
    year = models.PositiveSmallIntegerField(_("năm"))
    title = models.CharField(_("tiêu đề"), max_length=500)
    opens_on = models.DateField(_("từ ngày"))
    closes_on = models.DateField(_("đến ngày"))
    nominations = models.ManyToManyField(Nomination, related_name="comment_periods")
    by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-opens_on", "-id"]
        constraints = [models.CheckConstraint(condition=Q(closes_on__gte=models.F("opens_on")),
                                              name="commentperiod_dates_ordered")]

    @property
    def unit(self):
        return self.plan.agency


class PublicComment(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Chờ duyệt")
        APPROVED = "approved", _("Đã duyệt")
        HIDDEN = "hidden", _("Không đăng")

    # The names code and tests have always used.
    PENDING, APPROVED, HIDDEN = Status.PENDING, Status.APPROVED, Status.HIDDEN
    STATUS_CHOICES = Status.choices

    period = models.ForeignKey(CommentPeriod, on_delete=models.CASCADE, related_name="comments")
    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, null=True, blank=True,
                                   related_name="public_comments")
    name = models.CharField(_("họ và tên"), max_length=200)
    contact = models.CharField(_("địa chỉ liên hệ"), max_length=200, blank=True, default="")
    text = models.TextField(_("ý kiến"), max_length=5000)
    status = models.CharField(max_length=8, choices=Status.choices, default=PENDING)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]
        constraints = [models.CheckConstraint(
            condition=Q(status__in=["pending", "approved", "hidden"]),
            name="publiccomment_status_valid")]
