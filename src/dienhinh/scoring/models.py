"""Unit emulation scoring (chấm điểm thi đua) and emulation blocks and clusters (khối,
cụm thi đua).

A `Round` scores a set of units for one year under a scheme (`schemes.py`; the round
keeps the scheme's text, so a later edit of the file never changes a scored year). It
belongs to an agency (whose standing office verifies) and, for a block or cluster, to
the `EmulationGroup` whose members are scored. Each unit has a `ScoreSheet`: the unit
fills its lines (self-score, evidence files) and submits; the office verifies each line,
adjusting a score only with a reason; draft → submitted → verified, through
`dienhinh.workflow` (`SHEET_TRANSITIONS`).

Blocks and clusters: members per year (`GroupMembership`), the year's lead unit and
the signed pact with its targets (`GroupYear`, `PactTarget`), and the members' votes
for the units to propose for the flag (`MemberVote`). The members' votes are open
(each member unit's choice is recorded with its name): a block's bình xét is an open
vote of the member units, not the council's secret ballot.

Legal basis (searched, see the report of issue 13): Luật Thi đua, khen thưởng 2022,
Điều 26 khoản 1, 2 — Cờ thi đua cấp bộ, ngành, tỉnh; Thông tư 29/2023/TT-BGDĐT Điều 4
khoản 2 reads it as "tập thể dẫn đầu phong trào thi đua của cụm, khối thi đua";
Hướng dẫn 1479/HD-BTĐKT (25/7/2016) mục I.1: UBND tỉnh chia cụm, khối and every year has
the units sign a pact (ký kết giao ước thi đua). Practice (UBND tỉnh Thanh Hóa, 2015): a
cluster compiles its members' self-scoring sheets (bảng tự chấm điểm) at the year's end,
proposes the best for reward and chooses next year's lead and deputy — hence the lead is
per year, suggested by rotation and set by the office. Before 01/01/2024, Nghị định
91/2017/NĐ-CP, Điều 12 (as quoted by thuvienphapluat.vn's answer on Thông tư
07/2019/TT-BVHTTDL): the most outstanding collective that gets the Cờ thi đua cấp bộ,
ban, ngành, tỉnh "phải được thông qua bình xét, đánh giá, so sánh theo các khối, cụm thi
đua do bộ, ban, ngành, đoàn thể trung ương, tỉnh … tổ chức", and Ban Thi đua – Khen
thưởng Trung ương guides how blocks and clusters work. Hướng dẫn 2746/HD-BTĐKT
(24/11/2015) of Ban Thi đua – Khen thưởng Trung ương, mục A.1.1, on the central block
of ministries: "Khối thi đua gồm một số đơn vị tương đồng về chức năng, nhiệm vụ", with a
khối trưởng and khối phó from its member units, organised by the emulation council —
hence an agency organises each group and members and lead are kept per year; provinces
issue their own regulation of cụm, khối (e.g. Quyết định 1306/QĐ-UBND tỉnh Hòa Bình,
29/7/2015). Nghị định 98/2023/NĐ-CP (detailing the 2022 Law from 01/01/2024) and Thông
tư 12/2019/TT-BNV (under Nghị định 91/2017) were searched; no article of either on cụm,
khối thi đua was found in the sources available, so none is cited.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dienhinh import workflow
from dienhinh.orgs.models import Unit
from dienhinh.plans.models import Plan

USER = settings.AUTH_USER_MODEL


class EmulationGroup(models.Model):
    """A block (khối) or cluster (cụm) of units that emulate together, set up by an
    agency (UBND tỉnh, a ministry, a town)."""

    class Kind(models.TextChoices):
        BLOCK = "block", _("Khối thi đua")
        CLUSTER = "cluster", _("Cụm thi đua")

    kind = models.CharField(_("loại"), max_length=8, choices=Kind.choices)
    name = models.CharField(_("tên"), max_length=300)
    agency = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="emulation_groups",
                               verbose_name=_("cơ quan tổ chức"))
    note = models.TextField(_("ghi chú"), blank=True, default="")
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["agency", "kind", "name", "id"]
        verbose_name = _("khối, cụm thi đua")
        verbose_name_plural = _("khối, cụm thi đua")
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=["block", "cluster"]),
                                   name="emulationgroup_kind_valid"),
            models.UniqueConstraint(fields=["agency", "name"], name="emulationgroup_name_once"),
        ]

    def __str__(self):
        return self.name

    @property
    def unit(self):
        return self.agency


class GroupMembership(models.Model):
    """A unit is a member of a group for a year (members change from year to year)."""

    group = models.ForeignKey(EmulationGroup, on_delete=models.CASCADE,
                              related_name="memberships")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="group_memberships",
                             verbose_name=_("đơn vị thành viên"))
    year = models.PositiveSmallIntegerField(_("năm"))

    class Meta:
        ordering = ["group", "year", "unit"]
        verbose_name = _("thành viên khối, cụm")
        verbose_name_plural = _("thành viên khối, cụm")
        constraints = [models.UniqueConstraint(fields=["group", "unit", "year"],
                                               name="groupmembership_once")]


class GroupYear(models.Model):
    """The group's year: the lead unit (cụm trưởng, khối trưởng — it rotates among the
    members), its deputy, and the signed emulation pact (giao ước thi đua)."""

    group = models.ForeignKey(EmulationGroup, on_delete=models.CASCADE, related_name="years")
    year = models.PositiveSmallIntegerField(_("năm"))
    lead = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("đơn vị trưởng khối, cụm"))
    deputy = models.ForeignKey(Unit, on_delete=models.PROTECT, null=True, blank=True,
                               related_name="+", verbose_name=_("đơn vị phó khối, cụm"))
    pact_signed_on = models.DateField(_("ngày ký giao ước thi đua"), null=True, blank=True)
    pact_file = models.FileField(upload_to="scoring/pacts/", blank=True, default="")
    pact_file_name = models.CharField(_("tên tệp giao ước"), max_length=255, blank=True,
                                      default="")
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["group", "-year"]
        verbose_name = _("năm hoạt động của khối, cụm")
        verbose_name_plural = _("năm hoạt động của khối, cụm")
        constraints = [models.UniqueConstraint(fields=["group", "year"], name="groupyear_once")]

    @property
    def unit(self):
        return self.group.agency


class PactTarget(models.Model):
    """One target of the pact (chỉ tiêu giao ước)."""

    group_year = models.ForeignKey(GroupYear, on_delete=models.CASCADE, related_name="targets")
    position = models.PositiveSmallIntegerField(default=1)
    text = models.TextField(_("nội dung chỉ tiêu"))
    measure = models.CharField(_("chỉ tiêu, mức phấn đấu"), max_length=200, blank=True,
                               default="")

    class Meta:
        ordering = ["group_year", "position", "id"]
        verbose_name = _("chỉ tiêu giao ước")
        verbose_name_plural = _("chỉ tiêu giao ước")


class Round(models.Model):
    """A year's scoring of units under a scheme."""

    class Status(models.TextChoices):
        OPEN = "open", _("Đang chấm điểm")
        CLOSED = "closed", _("Đã công bố kết quả")

    OPEN, CLOSED = Status.OPEN, Status.CLOSED
    STATUS_CHOICES = Status.choices  # named in the OpenAPI schema (settings.SPECTACULAR)

    name = models.CharField(_("tên đợt chấm điểm"), max_length=300)
    scheme_id = models.CharField(_("thang điểm"), max_length=100)
    scheme_text = models.TextField(editable=False)
    year = models.PositiveSmallIntegerField(_("năm"))
    agency = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="scoring_rounds",
                               verbose_name=_("cơ quan chấm điểm"))
    group = models.ForeignKey(EmulationGroup, on_delete=models.PROTECT, null=True, blank=True,
                              related_name="rounds", verbose_name=_("khối, cụm thi đua"))
    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, null=True, blank=True,
                             related_name="scoring_rounds", verbose_name=_("kế hoạch"))
    due_on = models.DateField(_("hạn đơn vị nộp bản tự chấm"), null=True, blank=True)
    status = models.CharField(_("trạng thái"), max_length=8, choices=Status.choices,
                              default=OPEN)
    closed_on = models.DateField(_("ngày công bố"), null=True, blank=True)
    created_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year", "name", "id"]
        verbose_name = _("đợt chấm điểm thi đua")
        verbose_name_plural = _("đợt chấm điểm thi đua")
        constraints = [
            models.CheckConstraint(condition=Q(status__in=["open", "closed"]),
                                   name="round_status_valid"),
            models.UniqueConstraint(fields=["agency", "scheme_id", "year"],
                                    condition=Q(group__isnull=True),
                                    name="round_once_per_agency_year"),
            models.UniqueConstraint(fields=["group", "year"], condition=Q(group__isnull=False),
                                    name="round_once_per_group_year"),
        ]

    def __str__(self):
        return self.name

    @property
    def unit(self):
        return self.agency

    @property
    def scheme(self):
        from dienhinh.scoring.schemes import scheme_of

        return scheme_of(self.scheme_text)


ROUND_TRANSITIONS: workflow.Transitions = {
    "close": (frozenset({Round.OPEN}), Round.CLOSED),
}


class ScoreSheet(models.Model):
    """A unit's score sheet of a round."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Đơn vị đang tự chấm")
        SUBMITTED = "submitted", _("Đã gửi, chờ thẩm định")
        VERIFIED = "verified", _("Đã thẩm định")

    DRAFT, SUBMITTED, VERIFIED = Status.DRAFT, Status.SUBMITTED, Status.VERIFIED
    STATUS_CHOICES = Status.choices

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="sheets")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="score_sheets",
                             verbose_name=_("đơn vị"))
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices,
                              default=DRAFT)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+")
    verified_at = models.DateTimeField(null=True, blank=True)
    verified_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+")
    return_reason = models.TextField(_("lý do trả lại"), blank=True, default="")
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["round", "unit"]
        verbose_name = _("bảng điểm của đơn vị")
        verbose_name_plural = _("bảng điểm của đơn vị")
        constraints = [
            models.UniqueConstraint(fields=["round", "unit"], name="scoresheet_once"),
            models.CheckConstraint(condition=Q(status__in=["draft", "submitted", "verified"]),
                                   name="scoresheet_status_valid"),
        ]

    def __str__(self):
        return f"{self.round} — {self.unit}"


SHEET_TRANSITIONS: workflow.Transitions = {
    "submit": (frozenset({ScoreSheet.DRAFT}), ScoreSheet.SUBMITTED),
    "return": (frozenset({ScoreSheet.SUBMITTED}), ScoreSheet.DRAFT),
    "verify": (frozenset({ScoreSheet.SUBMITTED}), ScoreSheet.VERIFIED),
}


class ScoreLine(models.Model):
    """One criterion of a sheet: the unit's own score, the office's verified score and,
    when they differ, the reason of the adjustment."""

    sheet = models.ForeignKey(ScoreSheet, on_delete=models.CASCADE, related_name="lines")
    criterion = models.CharField(_("tiêu chí"), max_length=60)
    self_score = models.DecimalField(_("điểm tự chấm"), max_digits=7, decimal_places=2,
                                     null=True, blank=True)
    note = models.TextField(_("giải trình của đơn vị"), blank=True, default="")
    verified_score = models.DecimalField(_("điểm thẩm định"), max_digits=7, decimal_places=2,
                                         null=True, blank=True)
    adjustment_reason = models.TextField(_("lý do điều chỉnh"), blank=True, default="")

    class Meta:
        ordering = ["sheet", "id"]
        verbose_name = _("điểm theo tiêu chí")
        verbose_name_plural = _("điểm theo tiêu chí")
        constraints = [
            models.UniqueConstraint(fields=["sheet", "criterion"], name="scoreline_once"),
            models.CheckConstraint(condition=Q(self_score__isnull=True) | Q(self_score__gte=0),
                                   name="scoreline_self_not_negative"),
            models.CheckConstraint(
                condition=Q(verified_score__isnull=True) | Q(verified_score__gte=0),
                name="scoreline_verified_not_negative"),
        ]

    @property
    def unit(self):
        return self.sheet.unit

    @property
    def adjusted(self) -> bool:
        return (self.verified_score is not None and self.self_score is not None
                and self.verified_score != self.self_score)


def evidence_path(instance, filename):
    return f"scoring/evidence/{instance.line.sheet_id}/{filename}"


class Evidence(models.Model):
    """A file proving a line (minh chứng), checked by its content on upload."""

    line = models.ForeignKey(ScoreLine, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(upload_to=evidence_path)
    file_name = models.CharField(_("tên tệp"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["line", "at", "id"]
        verbose_name = _("minh chứng")
        verbose_name_plural = _("minh chứng")

    @property
    def unit(self):
        return self.line.sheet.unit


class MemberVote(models.Model):
    """A member unit's vote, in a block's or cluster's round, for the units it proposes
    for the flag (at most as many as the scheme's first proposal names)."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="votes")
    voter = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+",
                              verbose_name=_("đơn vị bỏ phiếu"))
    chosen = models.ManyToManyField(Unit, related_name="+", verbose_name=_("đơn vị được chọn"))
    by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["round", "voter"]
        verbose_name = _("phiếu bình xét của đơn vị thành viên")
        verbose_name_plural = _("phiếu bình xét của đơn vị thành viên")
        constraints = [models.UniqueConstraint(fields=["round", "voter"],
                                               name="membervote_once")]

    @property
    def unit(self):
        return self.voter


class SheetReminder(models.Model):
    """A reminder sent to one user about the due date of one sheet: the log that makes
    each reminder ("before:7", "before:1", "overdue") go out once, however often
    `dienhinh remind_scoring` runs."""

    sheet = models.ForeignKey(ScoreSheet, on_delete=models.CASCADE, related_name="reminders")
    user = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("loại nhắc"), max_length=20)
    sent_at = models.DateTimeField(_("gửi lúc"), auto_now_add=True)

    class Meta:
        ordering = ["-sent_at"]
        verbose_name = _("nhắc hạn nộp bản tự chấm")
        verbose_name_plural = _("nhắc hạn nộp bản tự chấm")
        constraints = [models.UniqueConstraint(fields=["sheet", "user", "kind"],
                                               name="sheetreminder_once")]
