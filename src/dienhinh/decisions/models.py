"""Decisions (quyết định công nhận), their yearly numbers, certificates, rewards and
proposals to the higher level.

History is kept: an issued decision is never edited; a correction is a new decision
that `supersedes` the old one, a cancellation a new decision that `revokes` it.
Rules that change with the law (reward multiples, base salary, who may confer what)
are rows with effective dates, not code.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dienhinh import workflow
from dienhinh.exemplars.models import Nomination
from dienhinh.orgs.models import Subject, Unit
from dienhinh.plans.models import Plan

USER = settings.AUTH_USER_MODEL


class AgencyProfile(models.Model):
    """How an agency signs its decisions: the abbreviation in `15/QĐ-SLĐTBXH`, the
    place name of the date line, the issuer code of its rewards and its signer."""

    agency = models.OneToOneField(Unit, on_delete=models.CASCADE, primary_key=True,
                                  related_name="decision_profile")
    abbreviation = models.CharField(_("chữ viết tắt tên cơ quan"), max_length=40)
    place = models.CharField(_("địa danh"), max_length=100, blank=True, default="")
    issuer = models.CharField(_("cấp khen (mã)"), max_length=40, default="SO")
    signer_title = models.CharField(_("chức vụ người ký"), max_length=200, default="GIÁM ĐỐC")
    signer_name = models.CharField(_("người ký"), max_length=200, blank=True, default="")

    class Meta:
        verbose_name = _("thông tin ban hành quyết định")
        verbose_name_plural = _("thông tin ban hành quyết định")


class NumberCounter(models.Model):
    """The last number an agency gave in a year; locked while a decision is issued."""

    agency = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["agency", "year"],
                                               name="numbercounter_once")]


class Decision(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Dự thảo")
        ISSUED = "issued", _("Đã ban hành")

    # The names code and tests have always used.
    DRAFT, ISSUED = Status.DRAFT, Status.ISSUED
    STATUS_CHOICES = Status.choices
    RECOGNITION, CORRECTION, REVOCATION = "recognition", "correction", "revocation"
    KIND_CHOICES = [(RECOGNITION, _("Công nhận điển hình tiên tiến")),
                    (CORRECTION, _("Đính chính, thay thế")),
                    (REVOCATION, _("Hủy bỏ quyết định"))]
    LEVEL_CHOICES = Nomination.LEVEL_CHOICES

    agency = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="decisions",
                               verbose_name=_("cơ quan ban hành"))
    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, null=True, blank=True,
                             related_name="decisions", verbose_name=_("kế hoạch"))
    kind = models.CharField(_("loại"), max_length=12, choices=KIND_CHOICES, default=RECOGNITION)
    level = models.CharField(_("cấp công nhận"), max_length=10, choices=LEVEL_CHOICES,
                             default="agency")
    year = models.PositiveSmallIntegerField(_("năm thành tích"))
    title = models.CharField(_("trích yếu"), max_length=500)
    status = models.CharField(_("trạng thái"), max_length=8, choices=Status.choices,
                              default=DRAFT)
    seq = models.PositiveIntegerField(_("số thứ tự trong năm"), null=True, blank=True)
    number_year = models.PositiveSmallIntegerField(null=True, blank=True)
    number = models.CharField(_("số, ký hiệu"), max_length=100, blank=True, default="")
    signed_on = models.DateField(_("ngày ký"), null=True, blank=True)
    signer_title = models.CharField(_("chức vụ người ký"), max_length=200, blank=True,
                                    default="")
    signer_name = models.CharField(_("người ký"), max_length=200, blank=True, default="")
    reward_code = models.CharField(_("hình thức khen thưởng kèm theo"), max_length=40,
                                   blank=True, default="")
    reward_issuer = models.CharField(_("cấp khen"), max_length=40, blank=True, default="")
    supersedes = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="superseded_by",
                                   verbose_name=_("thay thế quyết định"))
    revokes = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True,
                                related_name="revoked_by", verbose_name=_("hủy bỏ quyết định"))
    published_at = models.DateTimeField(_("công bố lúc"), null=True, blank=True)
    scan = models.FileField(_("bản ký (scan)"), upload_to="decisions/scans/%Y/", blank=True)
    created_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    issued_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="+")
    issued_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    # What the issued decision says, frozen at issue (documents.context): later renames
    # of people or units never reach it (issue 11, "issued means frozen").
    snapshot = models.JSONField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-number_year", "-seq", "-id"]
        verbose_name = _("quyết định")
        verbose_name_plural = _("quyết định")
        constraints = [
            models.UniqueConstraint(fields=["agency", "number_year", "seq"],
                                    condition=Q(seq__isnull=False), name="decision_number_once"),
            models.CheckConstraint(condition=Q(status="draft") | Q(seq__isnull=False),
                                   name="decision_issued_has_number"),
            models.CheckConstraint(condition=Q(status__in=["draft", "issued"]),
                                   name="decision_status_valid"),
        ]

    def __str__(self):
        return self.number or f"Dự thảo #{self.pk}"

    @property
    def unit(self):
        return self.agency

# action -> (states it may start from, state it ends in); None: not created yet.
DECISION_TRANSITIONS: workflow.Transitions = {
    "issue": (frozenset({Decision.DRAFT}), Decision.ISSUED),
}


class Recognition(models.Model):
    """One subject recognised as an exemplar by a decision, with its reward and bonus."""

    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="recognitions")
    nomination = models.ForeignKey(Nomination, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="recognitions")
    subject = models.ForeignKey(Subject, on_delete=models.PROTECT, related_name="recognitions",
                                verbose_name=_("đối tượng"))
    position = models.PositiveSmallIntegerField(default=1)
    reason = models.TextField(_("thành tích"), blank=True, default="")
    multiple = models.DecimalField(_("hệ số"), max_digits=6, decimal_places=2, null=True,
                                   blank=True)
    base_salary = models.PositiveBigIntegerField(_("mức lương cơ sở"), null=True, blank=True)
    bonus = models.PositiveBigIntegerField(_("tiền thưởng"), default=0)
    rule_set = models.CharField(_("căn cứ mức thưởng"), max_length=100, blank=True, default="")
    # Why there is no amount (no rule or no base salary on the date): shown, never a 0.
    bonus_warning = models.CharField(_("cảnh báo tiền thưởng"), max_length=300, blank=True,
                                     default="")
    achievement = models.ForeignKey("ledger.Achievement", on_delete=models.PROTECT, null=True,
                                    blank=True, related_name="+")
    revoked_by = models.ForeignKey(Decision, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="revoked_recognitions")
    recover_amount = models.PositiveBigIntegerField(_("tiền thưởng phải thu hồi"), default=0)

    class Meta:
        ordering = ["decision", "position", "id"]
        constraints = [models.UniqueConstraint(fields=["decision", "subject"],
                                               name="recognition_once")]

    def __str__(self):
        return self.subject.name

    @property
    def unit(self):
        return self.decision.agency

    @property
    def in_force(self) -> bool:
        return self.revoked_by_id is None and not self.decision.superseded_by.exists()


class Certificate(models.Model):
    """A Giấy công nhận; its random token is what the QR code's public page checks."""

    recognition = models.OneToOneField(Recognition, on_delete=models.PROTECT,
                                       related_name="certificate")
    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    file = models.FileField(upload_to="decisions/certificates/%Y/", blank=True)
    generated_at = models.DateTimeField(null=True, blank=True)
    sha256 = models.CharField(max_length=64, blank=True, default="", editable=False)

    @property
    def unit(self):
        return self.recognition.decision.agency


def _issued_name(instance, filename: str) -> str:
    """A random name: nothing in the stored name says whose document it is."""
    ext = filename.rsplit(".", 1)[-1] if "." in filename else "bin"
    return f"issued/{uuid.uuid4().hex}.{ext}"


class IssuedFile(models.Model):
    """A generated document as it was issued, with its SHA-256: the decision's DOCX, its
    bonus sheet, and the vote-count minutes. Downloads serve this file, never a new
    rendering; `snapshot` holds the data it was made from."""

    DECISION, BONUS, MINUTES = "decision", "bonus", "minutes"
    KIND_CHOICES = [(DECISION, _("Quyết định")), (BONUS, _("Bảng tiền thưởng")),
                    (MINUTES, _("Biên bản kiểm phiếu"))]
    kind = models.CharField(max_length=10, choices=KIND_CHOICES)
    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="issued_files")
    ballot = models.ForeignKey("council.Ballot", on_delete=models.PROTECT, null=True,
                               blank=True, related_name="+")
    file = models.FileField(upload_to=_issued_name)
    sha256 = models.CharField(max_length=64)
    snapshot = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["decision", "kind"], condition=Q(decision__isnull=False),
                                    name="issuedfile_decision_once"),
            models.UniqueConstraint(fields=["ballot"], condition=Q(ballot__isnull=False),
                                    name="issuedfile_ballot_once"),
        ]

    @property
    def unit(self):
        return self.decision.agency if self.decision_id else self.ballot.meeting.council.agency


class CertificateBatch(models.Model):
    """Background generation of every certificate of a decision, with progress."""

    PENDING, RUNNING, DONE, FAILED = "pending", "running", "done", "failed"
    STATUS_CHOICES = [(PENDING, _("Đang chờ")), (RUNNING, _("Đang tạo")),
                      (DONE, _("Hoàn thành")), (FAILED, _("Lỗi"))]
    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="batches")
    status = models.CharField(max_length=8, choices=STATUS_CHOICES, default=PENDING)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    archive = models.FileField(upload_to="decisions/zips/%Y/", blank=True)
    error = models.TextField(blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)

    @property
    def unit(self):
        return self.decision.agency

    @property
    def percent(self) -> int:
        return 100 if not self.total else self.done * 100 // self.total


class BaseSalary(models.Model):
    """Mức lương cơ sở, in force from a date until the next row."""

    valid_from = models.DateField(_("áp dụng từ ngày"), unique=True)
    amount = models.PositiveBigIntegerField(_("mức lương cơ sở (đồng)"))
    basis = models.CharField(_("căn cứ"), max_length=200, blank=True, default="")

    class Meta:
        ordering = ["-valid_from"]
        verbose_name = _("mức lương cơ sở")
        verbose_name_plural = _("mức lương cơ sở")


class RewardRule(models.Model):
    """A bonus multiple of the base salary for a reward form, per rule set (decree)."""

    rule_set = models.CharField(_("văn bản quy định"), max_length=100)
    valid_from = models.DateField(_("hiệu lực từ ngày"))
    valid_to = models.DateField(_("hết hiệu lực sau ngày"), null=True, blank=True)
    code = models.CharField(_("hình thức (mã)"), max_length=40)
    issuer = models.CharField(_("cấp khen"), max_length=40, blank=True, default="")
    subject_type = models.CharField(_("đối tượng"), max_length=10)
    multiple = models.DecimalField(_("hệ số"), max_digits=6, decimal_places=2)
    article = models.CharField(_("điều, khoản"), max_length=200, blank=True, default="")
    note = models.CharField(_("ghi chú về nguồn"), max_length=300, blank=True, default="")

    class Meta:
        ordering = ["-valid_from", "code", "subject_type"]
        verbose_name = _("mức tiền thưởng")
        verbose_name_plural = _("mức tiền thưởng")
        constraints = [models.UniqueConstraint(
            fields=["valid_from", "code", "issuer", "subject_type"], name="rewardrule_once")]


class Authority(models.Model):
    """Who may confer what: an issuer code may give a reward code, in a dated span
    (Luật Thi đua, khen thưởng 2022, Điều 80, and what replaced it)."""

    issuer = models.CharField(_("cấp khen"), max_length=40)
    code = models.CharField(_("hình thức (mã)"), max_length=40)
    valid_from = models.DateField(_("hiệu lực từ ngày"))
    valid_to = models.DateField(_("hết hiệu lực sau ngày"), null=True, blank=True)
    basis = models.CharField(_("căn cứ"), max_length=200, blank=True, default="")

    class Meta:
        verbose_name = _("thẩm quyền khen thưởng")
        verbose_name_plural = _("thẩm quyền khen thưởng")


class Proposal(models.Model):
    """The agency's proposal of its exemplars to the higher level."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Đang chọn")
        SENT = "sent", _("Đã gửi cấp trên")
        DECIDED = "decided", _("Cấp trên đã quyết định")

    # The names code and tests have always used.
    DRAFT, SENT, DECIDED = Status.DRAFT, Status.SENT, Status.DECIDED
    STATUS_CHOICES = Status.choices
    agency = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="proposals")
    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="proposals")
    year = models.PositiveSmallIntegerField(_("năm"))
    sent_to = models.CharField(_("gửi tới"), max_length=300, blank=True, default="")
    status = models.CharField(_("trạng thái"), max_length=8, choices=Status.choices,
                              default=DRAFT)
    sent_on = models.DateField(_("ngày gửi"), null=True, blank=True)
    higher_number = models.CharField(_("số quyết định cấp trên"), max_length=100, blank=True,
                                     default="")
    higher_date = models.DateField(_("ngày quyết định cấp trên"), null=True, blank=True)
    higher_code = models.CharField(_("hình thức cấp trên khen"), max_length=40, blank=True,
                                   default="")
    higher_issuer = models.CharField(max_length=40, blank=True, default="")
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year", "-id"]

    @property
    def unit(self):
        return self.agency

# action -> (states it may start from, state it ends in); None: not created yet.
PROPOSAL_TRANSITIONS: workflow.Transitions = {
    "send": (frozenset({Proposal.DRAFT}), Proposal.SENT),
    "record_higher_decision": (frozenset({Proposal.SENT}), Proposal.DECIDED),
}


class ProposalItem(models.Model):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="items")
    recognition = models.ForeignKey(Recognition, on_delete=models.PROTECT, related_name="+")
    achievement = models.ForeignKey("ledger.Achievement", on_delete=models.PROTECT, null=True,
                                    blank=True, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["proposal", "recognition"],
                                               name="proposalitem_once")]
