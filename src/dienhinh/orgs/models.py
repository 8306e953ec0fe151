"""Subjects, the dated unit tree, people and roles.

Units and people share one code namespace (CONTRACT §1), so both hang off a
`Subject` row whose `code` is unique: the database, not the code, keeps a code
from naming two subjects. Achievements point at subjects.

The unit tree is kept twice on purpose: `UnitVersion` rows say what a unit was
called, what it was and where it stood on any date (a 2022 record shows the unit
as it was in 2022); `Unit.path` places every unit, dissolved ones included, in
today's tree — a dissolved or merged unit hangs under its successor — so lists
roll up along today's tree with one indexed prefix query.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dienhinh.catalogue import codes, labels
from dienhinh.core import vietnamese

# In the reader's language (catalogue.labels): the names come with the codes.
UNIT_KIND_CHOICES = labels.choices(codes.UNIT_KINDS)
POSITION_CHOICES = labels.choices(codes.POSITIONS)
GENDER_CHOICES = labels.choices(codes.GENDERS)
LEADER_POSITIONS = ("agency_leader", "division_leader")


class Subject(models.Model):
    INDIVIDUAL = "individual"
    COLLECTIVE = "collective"
    TYPE_CHOICES = [(INDIVIDUAL, _("Cá nhân")), (COLLECTIVE, _("Tập thể"))]

    code = models.CharField(_("mã"), max_length=64, unique=True)
    type = models.CharField(_("loại đối tượng"), max_length=12, choices=TYPE_CHOICES)
    name = models.CharField(_("tên"), max_length=300)
    search_name = models.CharField(max_length=300, db_index=True, editable=False)
    sort_key = models.CharField(max_length=400, db_index=True, editable=False)

    class Meta:
        verbose_name = _("đối tượng")
        verbose_name_plural = _("đối tượng")
        constraints = [
            models.CheckConstraint(
                condition=Q(type__in=["individual", "collective"]), name="subject_type_valid"
            )
        ]

    def __str__(self):
        return f"{self.name} ({self.code})"

    def set_name(self, name: str) -> None:
        self.name = vietnamese.clean_text(name)
        self.search_name = vietnamese.fold(self.name)
        self.sort_key = (
            vietnamese.person_sort_key(self.name)
            if self.type == self.INDIVIDUAL
            else vietnamese.text_sort_key(self.name)
        )

    def save(self, *args, **kwargs):
        self.set_name(self.name)
        super().save(*args, **kwargs)

    @property
    def detail(self):
        """The Unit or Person behind this subject."""
        return self.unit if self.type == self.COLLECTIVE else self.person


class Unit(models.Model):
    subject = models.OneToOneField(
        Subject, on_delete=models.PROTECT, primary_key=True, related_name="unit"
    )
    kind = models.CharField(_("loại đơn vị"), max_length=20, choices=UNIT_KIND_CHOICES)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children",
        verbose_name=_("đơn vị cấp trên"),
    )
    path = models.CharField(max_length=1000, db_index=True, editable=False, default="")
    valid_from = models.DateField(_("thành lập từ"), null=True, blank=True)
    valid_to = models.DateField(_("giải thể/sáp nhập ngày"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("đơn vị")
        verbose_name_plural = _("đơn vị")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=list(codes.UNIT_KINDS)), name="unit_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                name="unit_dates_ordered",
            ),
        ]

    def __str__(self):
        return self.subject.name

    @property
    def code(self):
        return self.subject.code

    @property
    def name(self):
        return self.subject.name

    @property
    def is_active(self):
        return self.valid_to is None

    def descendants_q(self, prefix: str = "") -> Q:
        """Units at or below this one in today's tree (dissolved ones included)."""
        return Q(**{f"{prefix}path__startswith": self.path})


class UnitVersion(models.Model):
    """What a unit was called, what it was and where it stood, from a date to a date."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="versions")
    name = models.CharField(_("tên"), max_length=300)
    kind = models.CharField(_("loại đơn vị"), max_length=20, choices=UNIT_KIND_CHOICES)
    parent = models.ForeignKey(
        Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    valid_from = models.DateField(_("từ ngày"), null=True, blank=True)
    valid_to = models.DateField(_("đến ngày"), null=True, blank=True)

    class Meta:
        ordering = ["unit", "valid_from"]
        verbose_name = _("lịch sử đơn vị")
        verbose_name_plural = _("lịch sử đơn vị")


class Reorganisation(models.Model):
    """A merge, split, rename, move or dissolution, with its legal basis."""

    MERGE, SPLIT, RENAME, MOVE, DISSOLVE = "merge", "split", "rename", "move", "dissolve"
    KIND_CHOICES = [
        (MERGE, _("Sáp nhập, hợp nhất")),
        (SPLIT, _("Chia tách")),
        (RENAME, _("Đổi tên")),
        (MOVE, _("Chuyển đơn vị cấp trên")),
        (DISSOLVE, _("Giải thể")),
    ]
    kind = models.CharField(_("loại"), max_length=10, choices=KIND_CHOICES)
    date = models.DateField(_("ngày hiệu lực"))
    decision_no = models.CharField(_("số quyết định/nghị quyết"), max_length=100, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("sắp xếp tổ chức")
        verbose_name_plural = _("sắp xếp tổ chức")


class Succession(models.Model):
    """`predecessor` continues in `successor` from `reorganisation.date`."""

    reorganisation = models.ForeignKey(
        Reorganisation, on_delete=models.CASCADE, related_name="successions"
    )
    predecessor = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="successors_links")
    successor = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="predecessor_links")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["reorganisation", "predecessor", "successor"], name="succession_unique"
            ),
            models.CheckConstraint(
                condition=~Q(predecessor=models.F("successor")), name="succession_not_self"
            ),
        ]


class Person(models.Model):
    subject = models.OneToOneField(
        Subject, on_delete=models.PROTECT, primary_key=True, related_name="person"
    )
    birth_date = models.DateField(_("ngày sinh"), null=True, blank=True)
    gender = models.CharField(_("giới tính"), max_length=3, choices=GENDER_CHOICES, blank=True)
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="members", verbose_name=_("đơn vị")
    )
    position = models.CharField(_("chức vụ, vị trí"), max_length=24, choices=POSITION_CHOICES)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("cá nhân")
        verbose_name_plural = _("cá nhân")
        constraints = [
            models.CheckConstraint(
                condition=Q(position__in=list(codes.POSITIONS)), name="person_position_valid"
            ),
            models.CheckConstraint(
                condition=Q(gender__in=["", "nam", "nu"]), name="person_gender_valid"
            ),
        ]

    def __str__(self):
        return self.subject.name

    @property
    def code(self):
        return self.subject.code

    @property
    def full_name(self):
        return self.subject.name

    @property
    def is_leader(self):
        return self.position in LEADER_POSITIONS


class Assignment(models.Model):
    """A person's unit and position over time."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="assignments")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="assignments")
    position = models.CharField(_("chức vụ, vị trí"), max_length=24, choices=POSITION_CHOICES)
    valid_from = models.DateField(_("từ ngày"), null=True, blank=True)
    valid_to = models.DateField(_("đến ngày"), null=True, blank=True)

    class Meta:
        ordering = ["person", "valid_from"]
        verbose_name = _("quá trình công tác")
        verbose_name_plural = _("quá trình công tác")


class Role(models.TextChoices):
    ADMINISTRATOR = "administrator", _("Quản trị hệ thống")
    STANDING_OFFICE = "standing_office", _("Thường trực Hội đồng TĐKT")
    UNIT_OFFICER = "unit_officer", _("Cán bộ phụ trách TĐKT đơn vị")
    COUNCIL_MEMBER = "council_member", _("Thành viên Hội đồng TĐKT")
    HEAD = "head", _("Thủ trưởng")
    EDITOR = "editor", _("Biên tập viên")


class RoleAssignment(models.Model):
    """A role held at a unit; it covers every unit below it in today's tree."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="roles"
    )
    role = models.CharField(_("vai trò"), max_length=20, choices=Role.choices)
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="role_assignments")

    class Meta:
        verbose_name = _("phân quyền")
        verbose_name_plural = _("phân quyền")
        constraints = [
            models.UniqueConstraint(fields=["user", "role", "unit"], name="role_unique"),
            models.CheckConstraint(condition=Q(role__in=Role.values), name="role_valid"),
        ]

    def __str__(self):
        return f"{self.user} — {self.get_role_display()} @ {self.unit}"


class SubjectScope(models.Model):
    """Where each subject stands in today's tree: a unit's own path, a person's unit's
    path. Kept by database triggers (migration 0003) on every insert, move and
    reorganisation — bulk imports and raw SQL included — and never written by Django,
    so it cannot go stale. The scope of every list is one indexed `path LIKE 'x%'`
    on this one table, which the planner estimates from its own statistics, instead
    of a path tested through a join of subjects to both units and people."""

    subject = models.OneToOneField(
        Subject, on_delete=models.DO_NOTHING, primary_key=True, db_constraint=False,
        related_name="scope",
    )
    path = models.CharField(max_length=1000, db_index=True)

    class Meta:
        verbose_name = _("vị trí trong cây đơn vị")


class CollectiveBody(models.Model):
    """An agency run by a collective (Ủy ban nhân dân): its documents are signed "TM. ỦY
    BAN NHÂN DÂN" above the head's title (Nghị định 30/2020/NĐ-CP, Phụ lục I, Phần II,
    mục 7.a). Kept beside the unit, not on it, so the unit table and its triggers stay
    as they are."""

    unit = models.OneToOneField(Unit, on_delete=models.CASCADE, primary_key=True,
                                related_name="collective_body", verbose_name=_("cơ quan"))
    name = models.CharField(_("tên tập thể lãnh đạo"), max_length=200,
                            help_text=_("Ví dụ: Ủy ban nhân dân"))

    class Meta:
        verbose_name = _("tập thể lãnh đạo (ký thay mặt — TM.)")
        verbose_name_plural = _("tập thể lãnh đạo (ký thay mặt — TM.)")

    def __str__(self):
        return self.name


class Leadership(models.Model):
    """Who may sign for an agency over a span of dates (Nghị định 30/2020/NĐ-CP, Phụ lục
    I, Phần II, mục 7): the head signs in their own name; a deputy signs "KT." for the
    head; an acting head signs "Q." before the head's title; a chief of office signs
    "TL." (by order of the head). Documents name the person in office on their date."""

    HEAD, DEPUTY, ACTING, BY_ORDER = "head", "deputy", "acting", "by_order"
    ROLE_CHOICES = [
        (HEAD, _("Người đứng đầu")),
        (DEPUTY, _("Cấp phó, ký thay người đứng đầu (KT.)")),
        (ACTING, _("Quyền người đứng đầu (Q.)")),
        (BY_ORDER, _("Ký thừa lệnh người đứng đầu (TL.)")),
    ]

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="leaderships",
                             verbose_name=_("cơ quan"))
    role = models.CharField(_("thẩm quyền ký"), max_length=8, choices=ROLE_CHOICES)
    full_name = models.CharField(_("họ và tên"), max_length=200)
    title = models.CharField(
        _("chức vụ"), max_length=200,
        help_text=_("Ví dụ: Giám đốc, Phó Giám đốc, Chủ tịch, Chánh Văn phòng. Quyền người "
                    "đứng đầu: ghi chức vụ của người đứng đầu (Giám đốc); chữ \"Q.\" được "
                    "thêm khi ký."))
    person = models.ForeignKey(Person, on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="leaderships", verbose_name=_("cá nhân"))
    valid_from = models.DateField(_("từ ngày"))
    valid_to = models.DateField(_("đến ngày"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["unit", "role", "-valid_from"]
        verbose_name = _("lãnh đạo cơ quan")
        verbose_name_plural = _("lãnh đạo cơ quan")
        constraints = [
            models.CheckConstraint(condition=Q(role__in=["head", "deputy", "acting",
                                                         "by_order"]),
                                   name="leadership_role_valid"),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="leadership_dates_ordered"),
        ]

    def __str__(self):
        return f"{self.title} {self.full_name}"

    def clean(self):
        """The admin's check of what `leaders.save_leader` refuses on the screen: a
        second head (or acting head) over the same days."""
        from django.core.exceptions import ValidationError

        from .leaders import overlapping_head

        if self.unit_id and self.valid_from and self.role:
            clash = overlapping_head(self.unit, {"role": self.role,
                                                 "valid_from": self.valid_from,
                                                 "valid_to": self.valid_to}, self.pk)
            if clash is not None:
                raise ValidationError(_("Trong thời gian này đơn vị đã có người đứng đầu: "
                                        "%(name)s.") % {"name": str(clash)})
