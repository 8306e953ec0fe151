"""Plan templates: the criteria, profiles, steps, deadlines and quotas of a plan, as data.

The document itself (YAML text, validated by `dienhinh.criteria`) is the source of
truth; the columns beside it (id, name, period) exist so that lists and filters do
not parse YAML. The five seed templates are installed by a data migration and are
`builtin`: an agency copies one to change it.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from dienhinh import workflow


class PlanTemplate(models.Model):
    template_id = models.CharField(_("mã mẫu kế hoạch"), max_length=100, unique=True)
    name = models.CharField(_("tên kế hoạch"), max_length=500)
    agency = models.CharField(_("cơ quan ban hành"), max_length=300)
    start_year = models.PositiveSmallIntegerField(_("từ năm"))
    end_year = models.PositiveSmallIntegerField(_("đến năm"))
    source = models.CharField(_("văn bản gốc"), max_length=200, blank=True, default="")
    text = models.TextField(_("nội dung mẫu (YAML)"))
    builtin = models.BooleanField(_("mẫu có sẵn"), default=False)
    # The unit whose standing office (at or above it) may edit the template: the
    # office's unit for a copy, the plan's agency for a roll-over. None for the seed
    # templates (and copies made before templates had owners): administrators only.
    owner = models.ForeignKey(
        "orgs.Unit", on_delete=models.PROTECT, null=True, blank=True,
        related_name="plan_templates", verbose_name=_("đơn vị sở hữu"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["template_id"]
        verbose_name = _("mẫu kế hoạch")
        verbose_name_plural = _("mẫu kế hoạch")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(start_year__lte=models.F("end_year")),
                name="plantemplate_period_ordered",
            )
        ]

    def __str__(self):
        return f"{self.name} ({self.template_id})"

    @property
    def unit(self):
        # The policy scopes objects by their unit: a template belongs to its owner.
        return self.owner


class Movement(models.Model):
    """A patriotic emulation movement (phong trào thi đua) launched for a period."""

    name = models.CharField(_("tên phong trào"), max_length=500)
    launched_by = models.CharField(_("cơ quan phát động"), max_length=300, blank=True)
    start_year = models.PositiveSmallIntegerField(_("từ năm"), null=True, blank=True)
    end_year = models.PositiveSmallIntegerField(_("đến năm"), null=True, blank=True)
    description = models.TextField(_("mô tả"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("phong trào thi đua")
        verbose_name_plural = _("phong trào thi đua")

    def __str__(self):
        return self.name


class Plan(models.Model):
    """An agency's plan in force (kế hoạch), adopted from a template for its period.

    The template's text is frozen into the plan at adoption, so a later edit of a
    copied template never changes the rules a running plan was judged by.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Dự thảo")
        IN_FORCE = "in_force", _("Đang thực hiện")
        CLOSED = "closed", _("Đã kết thúc")

    # The names code and tests have always used.
    DRAFT, IN_FORCE, CLOSED = Status.DRAFT, Status.IN_FORCE, Status.CLOSED
    STATUS_CHOICES = Status.choices

    template = models.ForeignKey(
        PlanTemplate, on_delete=models.PROTECT, related_name="plans", verbose_name=_("mẫu")
    )
    template_text = models.TextField(_("nội dung mẫu khi ban hành"), editable=False)
    agency = models.ForeignKey(
        "orgs.Unit", on_delete=models.PROTECT, related_name="plans",
        verbose_name=_("cơ quan ban hành"),
    )
    number = models.CharField(_("số"), max_length=100, help_text=_("Ví dụ: 12/KH-SLĐTBXH"))
    issued_on = models.DateField(_("ngày ban hành"))
    title = models.CharField(_("trích yếu"), max_length=500)
    movement = models.ForeignKey(
        Movement, on_delete=models.PROTECT, null=True, blank=True, related_name="plans",
        verbose_name=_("phong trào"),
    )
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children",
        verbose_name=_("thực hiện kế hoạch"),
    )
    parent_reference = models.CharField(
        _("căn cứ (văn bản cấp trên)"), max_length=500, blank=True,
        help_text=_("Khi kế hoạch cấp trên không có trong hệ thống, ví dụ: Kế hoạch số 03/KH-BTNMT"),
    )
    start_year = models.PositiveSmallIntegerField(_("từ năm"))
    end_year = models.PositiveSmallIntegerField(_("đến năm"))
    distribution = models.TextField(_("nơi nhận"), blank=True, help_text=_("Mỗi dòng một nơi nhận"))
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=DRAFT)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-issued_on", "number"]
        verbose_name = _("kế hoạch")
        verbose_name_plural = _("kế hoạch")
        constraints = [
            models.UniqueConstraint(fields=["agency", "number"], name="plan_number_per_agency"),
            models.CheckConstraint(
                condition=models.Q(start_year__lte=models.F("end_year")),
                name="plan_period_ordered",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=["draft", "in_force", "closed"]),
                name="plan_status_valid",
            ),
        ]

    def __str__(self):
        return f"{self.number} — {self.title}"

# action -> (states it may start from, state it ends in); None: not created yet.
PLAN_TRANSITIONS: workflow.Transitions = {
    "put_in_force": (frozenset({Plan.DRAFT}), Plan.IN_FORCE),
    "close_plan": (frozenset({Plan.IN_FORCE}), Plan.CLOSED),
}


class PlanTask(models.Model):
    """A step of the plan (from the template's `steps`) and the units responsible."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="tasks")
    step_id = models.CharField(_("mã bước"), max_length=100)
    label = models.CharField(_("nội dung"), max_length=1000)
    responsible_units = models.ManyToManyField(
        "orgs.Unit", related_name="plan_tasks", blank=True, verbose_name=_("đơn vị chủ trì")
    )

    class Meta:
        ordering = ["plan", "id"]
        verbose_name = _("nhiệm vụ của kế hoạch")
        verbose_name_plural = _("nhiệm vụ của kế hoạch")
        constraints = [
            models.UniqueConstraint(fields=["plan", "step_id"], name="plantask_step_unique")
        ]


class PlanDeadline(models.Model):
    """One dated step of a plan in force in one year (generated from the frozen
    template's schedule; regeneration is idempotent). The responsible units are the
    task's, so a change of responsibility reaches every deadline at once."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="deadlines")
    task = models.ForeignKey(PlanTask, on_delete=models.CASCADE, related_name="deadlines")
    year = models.PositiveSmallIntegerField(_("năm"))
    due = models.DateField(_("hạn"))
    before = models.BooleanField(
        _("trước ngày"), default=True,
        help_text=_("Đúng: phải xong trước ngày hạn; sai: xong trong ngày hạn"),
    )
    completed_at = models.DateTimeField(_("hoàn thành lúc"), null=True, blank=True)

    class Meta:
        ordering = ["due", "task_id"]
        verbose_name = _("hạn của kế hoạch")
        verbose_name_plural = _("hạn của kế hoạch")
        constraints = [
            models.UniqueConstraint(fields=["task", "due"], name="plandeadline_task_due_unique")
        ]
        indexes = [models.Index(fields=["due"], name="plandeadline_due_idx")]

    def __str__(self):
        return f"{self.task.label} — {self.due:%d/%m/%Y}"

    @property
    def last_day(self):
        """The last day the work may be done: the day before when "trước ngày"."""
        import datetime as dt

        return self.due - dt.timedelta(days=1) if self.before else self.due


class Reminder(models.Model):
    """A reminder sent to one user about one deadline: the log that makes each
    reminder go out once, however often `dienhinh remind` runs."""

    deadline = models.ForeignKey(PlanDeadline, on_delete=models.CASCADE, related_name="reminders")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("loại nhắc"), max_length=20)  # "before:7", "before:1", "overdue"
    sent_at = models.DateTimeField(_("gửi lúc"), auto_now_add=True)

    class Meta:
        ordering = ["-sent_at"]
        verbose_name = _("nhắc hạn đã gửi")
        verbose_name_plural = _("nhắc hạn đã gửi")
        constraints = [
            models.UniqueConstraint(fields=["deadline", "user", "kind"], name="reminder_once")
        ]


class CalendarFeed(models.Model):
    """The secret token of a user's iCalendar feed: the URL works without a session,
    so it is long, random, and can be replaced when it leaks."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed")
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("lịch iCalendar")
        verbose_name_plural = _("lịch iCalendar")
