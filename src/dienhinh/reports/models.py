"""A unit's review report (báo cáo năm, sơ kết, tổng kết) on a plan in force, for one
period: the text the unit writes, and once submitted the figures and the DOCX frozen as
they were sent. Regenerating after new records gives new figures on screen; the
submitted report is never rewritten (issue 13, "Bad input").

Its state changes only through `dienhinh.workflow` (`UNIT_REPORT_TRANSITIONS`).
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from dienhinh import workflow
from dienhinh.orgs.models import Unit
from dienhinh.plans.models import Plan

USER = settings.AUTH_USER_MODEL


class UnitReport(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Đang soạn")
        SUBMITTED = "submitted", _("Đã gửi")

    DRAFT, SUBMITTED = Status.DRAFT, Status.SUBMITTED

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="unit_reports",
                             verbose_name=_("kế hoạch"))
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="review_reports",
                             verbose_name=_("đơn vị báo cáo"))
    start_year = models.PositiveSmallIntegerField(_("từ năm"))
    end_year = models.PositiveSmallIntegerField(_("đến năm"))
    situation = models.TextField(_("tình hình triển khai thực hiện"), blank=True, default="")
    results = models.TextField(_("kết quả nổi bật"), blank=True, default="")
    shortcomings = models.TextField(_("tồn tại, hạn chế và nguyên nhân"), blank=True,
                                    default="")
    proposals = models.TextField(_("phương hướng, nhiệm vụ và kiến nghị, đề xuất"),
                                 blank=True, default="")
    # Who signs, when the unit has no leader recorded for the date (an ấp, a khu phố)
    # or another person signs; empty: the leader in office (orgs.leaders).
    signer_title = models.CharField(_("chức vụ người ký"), max_length=200, blank=True,
                                    default="")
    signer_name = models.CharField(_("người ký"), max_length=200, blank=True, default="")
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices,
                              default=DRAFT)
    due_on = models.DateField(_("hạn gửi"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)
    submitted_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+")
    late = models.BooleanField(_("gửi muộn"), default=False)
    # Frozen at submission: what the unit sent, whatever the records say later.
    figures = models.JSONField(null=True, blank=True, editable=False)
    document = models.FileField(upload_to="reports/%Y/", blank=True, editable=False)
    sha256 = models.CharField(max_length=64, blank=True, default="", editable=False)
    created_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-end_year", "plan", "unit"]
        verbose_name = _("báo cáo của đơn vị")
        verbose_name_plural = _("báo cáo của đơn vị")
        constraints = [
            models.UniqueConstraint(fields=["plan", "unit", "start_year", "end_year"],
                                    name="unitreport_once"),
            models.CheckConstraint(condition=Q(status__in=["draft", "submitted"]),
                                   name="unitreport_status_valid"),
            models.CheckConstraint(condition=Q(start_year__lte=F("end_year")),
                                   name="unitreport_period_ordered"),
            models.CheckConstraint(
                condition=Q(status="draft") | (Q(submitted_at__isnull=False)
                                               & Q(figures__isnull=False)),
                name="unitreport_submitted_frozen"),
        ]
        indexes = [models.Index(fields=["plan", "start_year", "end_year"],
                                name="unitreport_plan_period")]

    def __str__(self):
        return f"{self.unit.name} — {self.period.label}"

    @property
    def period(self):
        from .periods import period_for

        return period_for(self.plan, self.end_year,
                          None if self.start_year == self.end_year else self.start_year)


# action -> (states it may start from, state it ends in); None: not created yet.
UNIT_REPORT_TRANSITIONS: workflow.Transitions = {
    "create": (frozenset({None}), UnitReport.DRAFT),
    "edit": (frozenset({UnitReport.DRAFT}), UnitReport.DRAFT),
    "submit": (frozenset({UnitReport.DRAFT}), UnitReport.SUBMITTED),
}
