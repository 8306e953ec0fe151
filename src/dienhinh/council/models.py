"""The council (Hội đồng Thi đua – Khen thưởng), its meetings and the secret ballot.

Secrecy at rest: *who voted* (`BallotParticipation`) and *what was voted* are stored
apart, and while the ballot is open *what was voted* exists only sealed
(`SealedVote`: ciphertext for the tellers' public key, no member, no time). At the
close the tellers' passphrase opens the sealed votes, their choices are written as
`CountedVote` rows in a canonical order (item, choice) that depends on the tally
alone, and the sealed rows are destroyed. See docs/architecture.md, "Secret ballot".
Status changes happen only in `services.py`, one function per transition.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from dienhinh import workflow
from dienhinh.exemplars.models import Nomination
from dienhinh.orgs.models import Person, Unit
from dienhinh.plans.models import Plan

USER = settings.AUTH_USER_MODEL

LEVEL_CHOICES = Nomination.LEVEL_CHOICES

# The denominator of a passing rule.
ALL_MEMBERS, PRESENT, VALID = "all", "present", "valid"
DENOMINATOR_CHOICES = [
    (ALL_MEMBERS, _("tổng số thành viên Hội đồng")),
    (PRESENT, _("số thành viên có mặt")),
    (VALID, _("số phiếu hợp lệ")),
]


class Council(models.Model):
    """An agency's council; quorum is an exact fraction of its members."""

    agency = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="councils",
                               verbose_name=_("cơ quan"))
    name = models.CharField(_("tên hội đồng"), max_length=300)
    quorum_num = models.PositiveSmallIntegerField(_("tỷ lệ tối thiểu có mặt (tử số)"),
                                                  default=2)
    quorum_den = models.PositiveSmallIntegerField(_("tỷ lệ tối thiểu có mặt (mẫu số)"),
                                                  default=3)
    # The passing share the agency set for its council (e.g. in the council's "Quy chế
    # hoạt động"), with that source; empty when the agency has set none. The law fixes
    # no share for these ballots, so the system invents none.
    pass_denominator = models.CharField(_("tỷ lệ phiếu tính trên"), max_length=8, blank=True,
                                        default="", choices=DENOMINATOR_CHOICES)
    pass_num = models.PositiveSmallIntegerField(_("tỷ lệ phiếu (tử số)"), null=True, blank=True)
    pass_den = models.PositiveSmallIntegerField(_("tỷ lệ phiếu (mẫu số)"), null=True, blank=True)
    pass_strict = models.BooleanField(_("phải vượt quá tỷ lệ (“trên”)"), default=False)
    pass_written = models.BooleanField(_("tính phiếu bằng văn bản của thành viên vắng mặt"),
                                       default=True)
    pass_source = models.CharField(_("căn cứ của tỷ lệ phiếu"), max_length=300, blank=True,
                                   default="")
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Hội đồng Thi đua – Khen thưởng")
        verbose_name_plural = _("Hội đồng Thi đua – Khen thưởng")
        constraints = [
            models.CheckConstraint(
                condition=Q(quorum_den__gt=0) & Q(quorum_num__lte=F("quorum_den")),
                name="council_quorum_fraction"),
        ]

    def __str__(self):
        return self.name

    @property
    def unit(self):
        # The policy scopes objects by their unit: a council belongs to its agency.
        return self.agency


class CouncilMember(models.Model):
    CHAIR, VICE_CHAIR, SECRETARY, MEMBER = "chair", "vice_chair", "secretary", "member"
    ROLE_CHOICES = [(CHAIR, _("Chủ tịch Hội đồng")), (VICE_CHAIR, _("Phó Chủ tịch Hội đồng")),
                    (SECRETARY, _("Thư ký Hội đồng")), (MEMBER, _("Ủy viên"))]

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="council_seats",
                             verbose_name=_("tài khoản"))
    person = models.ForeignKey(Person, on_delete=models.PROTECT, null=True, blank=True,
                               related_name="council_seats", verbose_name=_("cá nhân"))
    role = models.CharField(_("chức danh trong Hội đồng"), max_length=12, choices=ROLE_CHOICES,
                            default=MEMBER)
    term_from = models.DateField(_("nhiệm kỳ từ ngày"))
    term_to = models.DateField(_("nhiệm kỳ đến ngày"), null=True, blank=True)

    class Meta:
        ordering = ["council", "id"]
        verbose_name = _("thành viên Hội đồng")
        verbose_name_plural = _("thành viên Hội đồng")
        constraints = [
            models.UniqueConstraint(fields=["council", "user", "term_from"],
                                    name="councilmember_once_per_term"),
            models.CheckConstraint(
                condition=Q(role__in=["chair", "vice_chair", "secretary", "member"]),
                name="councilmember_role_valid"),
            models.CheckConstraint(condition=Q(term_to__isnull=True)
                                   | Q(term_to__gte=F("term_from")),
                                   name="councilmember_term_ordered"),
        ]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self):
        if self.person_id:
            return self.person.full_name
        return self.user.get_full_name() or self.user.username


class Meeting(models.Model):
    """A council meeting on the nominations of one plan. Its passing rule comes from the
    plan's rule for the meeting's level, else the agency's setting on the council, else
    the standing office sets it with its source (`rule_pending` until then); adjusted here
    before the ballot opens, and is frozen on the ballot; `rule_source` says where the
    rule came from."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Đang chuẩn bị")
        VOTING = "voting", _("Đang bỏ phiếu")
        CLOSED = "closed", _("Đã kết thúc")

    # The names code and tests have always used.
    PLANNED, VOTING, CLOSED = Status.PLANNED, Status.VOTING, Status.CLOSED
    STATUS_CHOICES = Status.choices

    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="meetings")
    # Null only for meetings created before meetings were tied to a plan.
    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, null=True, blank=True,
                             related_name="council_meetings", verbose_name=_("kế hoạch"))
    title = models.CharField(_("nội dung cuộc họp"), max_length=500)
    held_on = models.DateField(_("ngày họp"))
    place = models.CharField(_("địa điểm"), max_length=300, blank=True, default="")
    level = models.CharField(_("cấp công nhận"), max_length=10, choices=LEVEL_CHOICES)
    status = models.CharField(_("trạng thái"), max_length=8, choices=Status.choices,
                              default=PLANNED)
    rule_denominator = models.CharField(_("tính trên"), max_length=8,
                                        choices=DENOMINATOR_CHOICES)
    rule_num = models.PositiveSmallIntegerField(_("tỷ lệ (tử số)"))
    rule_den = models.PositiveSmallIntegerField(_("tỷ lệ (mẫu số)"))
    rule_strict = models.BooleanField(_("phải vượt quá tỷ lệ (“trên”)"), default=False)
    rule_written = models.BooleanField(_("tính phiếu bằng văn bản của thành viên vắng mặt"),
                                       default=True)
    rule_source = models.CharField(_("căn cứ của quy tắc"), max_length=600, blank=True,
                                   default="")
    # Neither the plan nor the agency sets a share: the rule_* values are placeholders
    # never shown, and the ballot cannot open until the standing office sets the rule
    # with its source.
    rule_pending = models.BooleanField(_("chờ thường trực nhập tỷ lệ phiếu"), default=False)
    by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = _("cuộc họp Hội đồng")
        verbose_name_plural = _("cuộc họp Hội đồng")
        constraints = [
            models.CheckConstraint(condition=Q(status__in=["planned", "voting", "closed"]),
                                   name="meeting_status_valid"),
            models.CheckConstraint(condition=Q(rule_denominator__in=["all", "present", "valid"]),
                                   name="meeting_rule_denominator_valid"),
            models.CheckConstraint(condition=Q(rule_den__gt=0) & Q(rule_num__gt=0)
                                   & Q(rule_num__lte=F("rule_den")),
                                   name="meeting_rule_fraction"),
        ]

    def __str__(self):
        return f"{self.title} ({self.held_on:%d/%m/%Y})"

    @property
    def unit(self):
        return self.council.agency

# action -> (states it may start from, state it ends in); None: not created yet.
MEETING_TRANSITIONS: workflow.Transitions = {
    "create": (frozenset({None}), Meeting.PLANNED),
    "open_ballot": (frozenset({Meeting.PLANNED}), Meeting.VOTING),
    "close_ballot": (frozenset({Meeting.VOTING}), Meeting.CLOSED),
}


class AgendaItem(models.Model):
    """One accepted nomination put to the meeting."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    nomination = models.ForeignKey(Nomination, on_delete=models.PROTECT,
                                   related_name="agenda_items")
    position = models.PositiveSmallIntegerField(_("số thứ tự"))

    class Meta:
        ordering = ["meeting", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "nomination"], name="agendaitem_once"),
        ]

    def __str__(self):
        return f"{self.position}. {self.nomination.subject.name}"


class Attendance(models.Model):
    """A member present at the meeting (absence is the lack of a row)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    member = models.ForeignKey(CouncilMember, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["meeting", "member"],
                                               name="attendance_once")]


class Recusal(models.Model):
    """A member who does not vote on an item: the nominee, a head of the nominated unit,
    or a member who declared it."""

    AUTO, DECLARED = "auto", "declared"
    KIND_CHOICES = [(AUTO, _("Tự động (là người được đề nghị hoặc lãnh đạo đơn vị được đề "
                             "nghị)")), (DECLARED, _("Thành viên tự khai"))]

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="recusals")
    member = models.ForeignKey(CouncilMember, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("loại"), max_length=8, choices=KIND_CHOICES)
    reason = models.CharField(_("lý do"), max_length=500, blank=True, default="")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["item", "member"], name="recusal_once"),
            models.CheckConstraint(condition=Q(kind__in=["auto", "declared"]),
                                   name="recusal_kind_valid"),
        ]


class Ballot(models.Model):
    """The secret ballot of a meeting, over all its agenda items. The rule and the
    numbers of members are frozen when it opens; the tally exists only once closed."""

    ELECTRONIC, PAPER = "electronic", "paper"
    MODE_CHOICES = [(ELECTRONIC, _("Bỏ phiếu điện tử")), (PAPER, _("Bỏ phiếu giấy"))]

    class Status(models.TextChoices):
        OPEN = "open", _("Đang bỏ phiếu")
        CLOSED = "closed", _("Đã kết thúc")

    # The names code and tests have always used.
    OPEN, CLOSED = Status.OPEN, Status.CLOSED
    STATUS_CHOICES = Status.choices

    meeting = models.OneToOneField(Meeting, on_delete=models.PROTECT, related_name="ballot")
    mode = models.CharField(_("hình thức"), max_length=10, choices=MODE_CHOICES)
    status = models.CharField(_("trạng thái"), max_length=6, choices=Status.choices,
                              default=OPEN)
    rule_denominator = models.CharField(max_length=8, choices=DENOMINATOR_CHOICES)
    rule_num = models.PositiveSmallIntegerField()
    rule_den = models.PositiveSmallIntegerField()
    rule_strict = models.BooleanField()
    rule_written = models.BooleanField()
    members_total = models.PositiveSmallIntegerField(_("tổng số thành viên"))
    present_total = models.PositiveSmallIntegerField(_("số thành viên có mặt"))
    opened_at = models.DateTimeField()
    closed_at = models.DateTimeField(null=True, blank=True)
    tally_hash = models.CharField(_("mã băm kết quả kiểm phiếu (SHA-256)"), max_length=64,
                                  blank=True, default="")
    # Electronic mode: the tellers' X25519 public key (hex), derived from their passphrase
    # with Argon2id over `kdf_salt` and these limits; the private key is never stored.
    public_key = models.CharField(max_length=64, blank=True, default="")
    kdf_salt = models.CharField(max_length=32, blank=True, default="")
    kdf_ops = models.PositiveIntegerField(default=0)
    kdf_mem = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = _("cuộc bỏ phiếu kín")
        verbose_name_plural = _("cuộc bỏ phiếu kín")
        constraints = [
            models.CheckConstraint(condition=Q(mode__in=["electronic", "paper"]),
                                   name="ballot_mode_valid"),
            models.CheckConstraint(condition=Q(status__in=["open", "closed"]),
                                   name="ballot_status_valid"),
            models.CheckConstraint(condition=Q(rule_den__gt=0) & Q(rule_num__gt=0)
                                   & Q(rule_num__lte=F("rule_den")),
                                   name="ballot_rule_fraction"),
            models.CheckConstraint(condition=Q(present_total__lte=F("members_total")),
                                   name="ballot_present_le_total"),
        ]

    def __str__(self):
        return f"{self.meeting} — {self.get_mode_display()}"

    @property
    def unit(self):
        return self.meeting.council.agency

# action -> (states it may start from, state it ends in); None: not created yet.
BALLOT_TRANSITIONS: workflow.Transitions = {
    "open": (frozenset({None}), Ballot.OPEN),
    "close": (frozenset({Ballot.OPEN}), Ballot.CLOSED),
}


class BallotParticipation(models.Model):
    """WHO voted on an item: nothing about what. Random key, no time; rewritten in the
    order (item, member) at the close, so not even its physical order keeps the order
    of voting."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    ballot = models.ForeignKey(Ballot, on_delete=models.PROTECT, related_name="participations")
    item = models.ForeignKey(AgendaItem, on_delete=models.PROTECT, related_name="+")
    member = models.ForeignKey(CouncilMember, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["ballot", "item", "member"],
                                               name="participation_once_per_item")]


YES, NO, ABSTAIN = "yes", "no", "abstain"
CHOICES = [(YES, _("Đồng ý")), (NO, _("Không đồng ý")), (ABSTAIN, _("Không biểu quyết"))]


class SealedVote(models.Model):
    """One member's submission while the ballot is open, sealed for the tellers' public
    key: the items, the choices and the receipt tag are inside the ciphertext, padded to
    one length per ballot. Outside it only the receipt tag (so a voter can see the
    submission was recorded). No member, no user, no time; destroyed at the close."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    ballot = models.ForeignKey(Ballot, on_delete=models.PROTECT, related_name="+")
    receipt_tag = models.CharField(max_length=64, unique=True)
    sealed = models.BinaryField()


class CountedVote(models.Model):
    """One counted choice, written at the close in the order (item, choice): the rows
    and their physical order are a function of the tally alone. No member, no receipt."""

    YES, NO, ABSTAIN, CHOICES = YES, NO, ABSTAIN, CHOICES

    # A random key, as everywhere in the ballot: a sequential one would join by chance
    # with other numbers (member ids) and mean nothing, but invite reading.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    ballot = models.ForeignKey(Ballot, on_delete=models.PROTECT, related_name="+")
    item = models.ForeignKey(AgendaItem, on_delete=models.PROTECT, related_name="+")
    choice = models.CharField(max_length=8, choices=CHOICES)

    class Meta:
        constraints = [models.CheckConstraint(condition=Q(choice__in=["yes", "no", "abstain"]),
                                              name="countedvote_choice_valid")]


class CountedReceipt(models.Model):
    """The receipt tag of a submission that was opened and counted: the public check
    answers "recorded and counted" from it. Nothing links a tag to a choice."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    ballot = models.ForeignKey(Ballot, on_delete=models.PROTECT, related_name="+")
    receipt_tag = models.CharField(max_length=64, unique=True)


class PaperCount(models.Model):
    """The secretary's count of the paper ballots for one item (paper mode)."""

    ballot = models.ForeignKey(Ballot, on_delete=models.PROTECT, related_name="paper_counts")
    item = models.ForeignKey(AgendaItem, on_delete=models.PROTECT, related_name="+")
    issued = models.PositiveSmallIntegerField(_("số phiếu phát ra"))
    valid = models.PositiveSmallIntegerField(_("số phiếu hợp lệ"))
    yes = models.PositiveSmallIntegerField(_("số phiếu đồng ý"))
    no = models.PositiveSmallIntegerField(_("số phiếu không đồng ý"))
    abstain = models.PositiveSmallIntegerField(_("số phiếu không biểu quyết"), default=0)
    by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["ballot", "item"], name="papercount_once"),
            models.CheckConstraint(condition=Q(valid__lte=F("issued")),
                                   name="papercount_valid_le_issued"),
            models.CheckConstraint(condition=Q(valid=F("yes") + F("no") + F("abstain")),
                                   name="papercount_adds_up"),
        ]


class ItemResult(models.Model):
    """The published result of one item, written once when the ballot closes."""

    ballot = models.ForeignKey(Ballot, on_delete=models.PROTECT, related_name="results")
    item = models.OneToOneField(AgendaItem, on_delete=models.PROTECT, related_name="result")
    members_total = models.PositiveSmallIntegerField()
    present = models.PositiveSmallIntegerField()
    recused = models.PositiveSmallIntegerField()
    issued = models.PositiveSmallIntegerField()
    valid = models.PositiveSmallIntegerField()
    yes = models.PositiveSmallIntegerField()
    no = models.PositiveSmallIntegerField()
    abstain = models.PositiveSmallIntegerField()
    denominator = models.PositiveSmallIntegerField()
    passed = models.BooleanField()

    class Meta:
        ordering = ["item__position", "item_id"]
