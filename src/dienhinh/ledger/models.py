"""The achievement ledger (sổ thành tích): every title, commendation, initiative,
rating, discipline and indicator of a subject, by year.

The contract's rules are database constraints, so that no path — form, import,
admin or shell — can store a ledger the criteria engine would misread. Optional
codes (issuer, level, decision number) are stored as empty strings, not NULL, so
that the identity the importer matches on is a plain unique index on every
database.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from dienhinh.catalogue import codes
from dienhinh.catalogue.models import KIND_CHOICES, AchievementCode
from dienhinh.core import i18n
from dienhinh.orgs.models import Subject, Unit

YEAR_MIN, YEAR_MAX = 1945, 2100
IDENTITY_FIELDS = ("subject", "year", "kind", "code", "issuer", "level", "decision_no")


class Achievement(models.Model):
    subject = models.ForeignKey(
        Subject, on_delete=models.PROTECT, related_name="achievements", verbose_name=_("đối tượng")
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    kind = models.CharField(_("loại"), max_length=20, choices=KIND_CHOICES)
    code = models.ForeignKey(
        AchievementCode, on_delete=models.PROTECT, to_field="code", db_column="code",
        related_name="+", verbose_name=_("mã"),
    )
    issuer = models.CharField(_("cấp khen"), max_length=40, blank=True, default="")
    level = models.CharField(_("cấp sáng kiến"), max_length=40, blank=True, default="")
    value = models.DecimalField(_("giá trị"), max_digits=22, decimal_places=2, null=True, blank=True)
    decision_no = models.CharField(_("số quyết định"), max_length=100, blank=True, default="")
    decision_date = models.DateField(_("ngày quyết định"), null=True, blank=True)
    note = models.TextField(_("ghi chú"), blank=True, default="")
    issuer_unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="issued_achievements",
        verbose_name=_("cơ quan ban hành"),
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("thành tích")
        verbose_name_plural = _("thành tích")
        ordering = ["subject", "year", "kind", "code"]
        indexes = [
            models.Index(fields=["code", "year"], name="achievement_code_year"),
            models.Index(fields=["subject", "year"], name="achievement_subject_year"),
            # "Recent changes" read the newest rows first and stop at ten.
            models.Index(fields=["-updated_at", "-id"], name="achievement_recent"),
        ]
        constraints = [
            models.UniqueConstraint(fields=list(IDENTITY_FIELDS), name="achievement_identity"),
            models.UniqueConstraint(
                fields=["subject", "year"], condition=Q(kind="rating"),
                name="achievement_one_rating_per_year",
            ),
            models.UniqueConstraint(
                fields=["subject", "code", "year"], condition=Q(kind="indicator"),
                name="achievement_one_indicator_per_year",
            ),
            models.CheckConstraint(
                condition=Q(year__gte=YEAR_MIN, year__lte=YEAR_MAX), name="achievement_year_range"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=list(codes.ACHIEVEMENT_KINDS)), name="achievement_kind_valid"
            ),
            models.CheckConstraint(
                condition=~Q(kind="commendation") | ~Q(issuer=""),
                name="achievement_commendation_has_issuer",
            ),
            models.CheckConstraint(
                condition=~Q(kind="initiative") | ~Q(level=""),
                name="achievement_initiative_has_level",
            ),
            models.CheckConstraint(
                condition=~Q(kind="indicator") | Q(value__isnull=False),
                name="achievement_indicator_has_value",
            ),
        ]

    def __str__(self):
        return f"{self.code_id} {self.year} — {self.subject.code}"


def evidence_path(instance, filename):
    return f"evidence/{instance.achievement.subject_id}/{filename}"


class Evidence(models.Model):
    """A file that proves an achievement (scan of the decision, certificate …)."""

    achievement = models.ForeignKey(Achievement, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(_("tệp"), upload_to=evidence_path)
    name = models.CharField(_("tên tệp"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("minh chứng")
        verbose_name_plural = _("minh chứng")


def import_upload_path(instance, filename):
    return f"imports/{instance.user_id}/{filename}"


class ImportJob(models.Model):
    """A web import: the uploaded file, its validation report and its progress.

    The background task writes `processed`/`total` as it goes; the page polls them.
    """

    UPLOADED, VALIDATING, INVALID, READY = "uploaded", "validating", "invalid", "ready"
    IMPORTING, DONE, FAILED = "importing", "done", "failed"
    STATUS_CHOICES = [
        (UPLOADED, _("Đã tải lên")),
        (VALIDATING, _("Đang kiểm tra")),
        (INVALID, _("Có lỗi")),
        (READY, _("Sẵn sàng nhập")),
        (IMPORTING, _("Đang nhập")),
        (DONE, pgettext_lazy("import status", "Đã nhập")),
        (FAILED, _("Thất bại")),
    ]
    TABLE_CHOICES = [
        ("units", _("Đơn vị")),
        ("people", _("Cá nhân")),
        ("achievements", _("Thành tích")),
    ]

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="import_jobs"
    )
    table = models.CharField(_("bảng"), max_length=20, choices=TABLE_CHOICES)
    file = models.FileField(_("tệp"), upload_to=import_upload_path)
    original_name = models.CharField(_("tên tệp"), max_length=255)
    size = models.PositiveBigIntegerField(default=0)
    status = models.CharField(_("trạng thái"), max_length=12, choices=STATUS_CHOICES,
                              default=UPLOADED)
    processed = models.PositiveBigIntegerField(default=0)
    total = models.PositiveBigIntegerField(default=0)
    # Why the whole file was refused, and the warnings about it, kept as message and
    # values (`core.i18n.dump`) so that each reader sees them in their own language.
    file_error = models.JSONField(default=str, blank=True)
    error_count = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True)  # the first rows' errors, for display
    warnings = models.JSONField(default=list, blank=True)
    header = models.JSONField(default=list, blank=True)
    preview = models.JSONField(default=list, blank=True)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("lượt nhập dữ liệu")
        verbose_name_plural = _("lượt nhập dữ liệu")

    def __str__(self):
        return f"{self.table}: {self.original_name}"

    @property
    def file_error_text(self) -> str:
        return i18n.load(self.file_error)

    @property
    def warning_texts(self) -> list[str]:
        return [i18n.load(warning) for warning in self.warnings]

    @property
    def is_running(self):
        return self.status in (self.UPLOADED, self.VALIDATING, self.IMPORTING)

    @property
    def is_writing(self):
        """Importing, and past re-checking the file: the rows are going in."""
        return self.status == self.IMPORTING and self.total and self.processed * 2 >= self.total


class LedgerState(models.Model):
    """One row whose `version` the database itself raises (triggers, see migration
    0003) on every change to the ledger, the people, the units or the subjects — bulk
    imports, the admin and raw SQL included. Cached evaluation results are keyed on it,
    so a result is reused only while nothing it depends on has changed."""

    version = models.BigIntegerField(default=1)

    class Meta:
        verbose_name = _("phiên bản sổ thành tích")
