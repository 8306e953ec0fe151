"""Replication (tuyên truyền, nhân rộng): the media log, good models and who adopts
them, pledges to follow an exemplar, study visits and conferences of exemplars.

Every object belongs to a unit (`unit` — a field or a property) so that `policy`
scopes it like the rest: the agency that logs a media item, owns a model, organises a
visit or a conference; the unit that adopts a model or pledges. Adoptions and pledges
have a life cycle and move through `dienhinh.workflow` (`ADOPTION_TRANSITIONS`,
`PLEDGE_TRANSITIONS` below), and so does every change of a conference's programme,
honourees and invitation list (`CONFERENCE_TRANSITIONS`); the other objects are records
edited in place, with a version for the concurrent edit.

Exemplars are named by what exists below this layer: a `Subject` (the person or the
collective), and where there is one the decision item that recognised it
(`decisions.Recognition`).
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from dienhinh import workflow
from dienhinh.decisions.models import Recognition
from dienhinh.orgs.models import Person, Subject, Unit
from dienhinh.plans.models import Plan

USER = settings.AUTH_USER_MODEL


class GoodModel(models.Model):
    """A good model or an effective way of working (mô hình hay, cách làm hiệu quả) that
    an exemplar stands for and that other units can take up."""

    agency = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="good_models",
                               verbose_name=_("cơ quan quản lý"))
    title = models.CharField(_("tên mô hình, cách làm"), max_length=500)
    summary = models.TextField(_("tóm tắt nội dung, cách làm"), blank=True, default="")
    owner = models.ForeignKey(Subject, on_delete=models.PROTECT, related_name="good_models",
                              verbose_name=_("điển hình (chủ mô hình)"))
    recognition = models.ForeignKey(Recognition, on_delete=models.SET_NULL, null=True,
                                    blank=True, related_name="good_models",
                                    verbose_name=_("được công nhận tại quyết định"))
    field = models.CharField(_("lĩnh vực"), max_length=200, blank=True, default="")
    plan = models.ForeignKey(Plan, on_delete=models.SET_NULL, null=True, blank=True,
                             related_name="good_models", verbose_name=_("kế hoạch"))
    created_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["title", "id"]
        verbose_name = _("mô hình hay, cách làm hiệu quả")
        verbose_name_plural = _("mô hình hay, cách làm hiệu quả")

    def get_absolute_url(self):
        return reverse("model_detail", args=[self.pk])

    def __str__(self):
        return self.title

    @property
    def unit(self):
        return self.agency


class Adoption(models.Model):
    """A unit takes up a good model (đăng ký học tập, nhân rộng): what, from whom, the
    target; then its progress and the evaluation of the result."""

    class Status(models.TextChoices):
        REGISTERED = "registered", _("Đã đăng ký")
        IN_PROGRESS = "in_progress", _("Đang triển khai")
        DONE = "done", _("Đã đánh giá kết quả")
        ABANDONED = "abandoned", _("Đã dừng")

    class Rating(models.TextChoices):
        EFFECTIVE = "effective", _("Hiệu quả")
        PARTLY = "partly", _("Hiệu quả một phần")
        NOT_EFFECTIVE = "not_effective", _("Chưa hiệu quả")

    REGISTERED, IN_PROGRESS, DONE, ABANDONED = (
        Status.REGISTERED, Status.IN_PROGRESS, Status.DONE, Status.ABANDONED)

    model = models.ForeignKey(GoodModel, on_delete=models.PROTECT, related_name="adoptions",
                              verbose_name=_("mô hình, cách làm"))
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="adoptions",
                             verbose_name=_("đơn vị áp dụng"))
    learned_from = models.ForeignKey(Subject, on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("học tập từ"))
    target = models.TextField(_("mục tiêu"))
    # A measurable target where the unit sets one (e.g. 120 hồ sơ, 30 %): the evaluation
    # can then say how far it got.
    target_value = models.DecimalField(_("chỉ tiêu"), max_digits=14, decimal_places=2,
                                       null=True, blank=True)
    target_measure = models.CharField(_("đơn vị tính"), max_length=60, blank=True, default="")
    started_on = models.DateField(_("ngày bắt đầu"))
    status = models.CharField(_("trạng thái"), max_length=12, choices=Status.choices,
                              default=REGISTERED)
    rating = models.CharField(_("đánh giá"), max_length=14, choices=Rating.choices, blank=True,
                              default="")
    result = models.TextField(_("kết quả đạt được"), blank=True, default="")
    evaluated_on = models.DateField(_("ngày đánh giá"), null=True, blank=True)
    # When the unit was reminded to evaluate (replication.reminders): once.
    evaluation_reminded_on = models.DateField(null=True, blank=True, editable=False)
    study_visit = models.ForeignKey("StudyVisit", on_delete=models.SET_NULL, null=True,
                                    blank=True, related_name="follow_ups",
                                    verbose_name=_("sau chuyến tham quan, học tập"))
    created_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-started_on", "-id"]
        verbose_name = _("đơn vị áp dụng mô hình")
        verbose_name_plural = _("đơn vị áp dụng mô hình")
        indexes = [models.Index(fields=["model", "started_on"], name="adoption_model_started")]
        constraints = [
            # One live adoption of a model per unit; after abandoning it may register again.
            models.UniqueConstraint(fields=["model", "unit"], condition=~Q(status="abandoned"),
                                    name="adoption_once"),
            models.CheckConstraint(
                condition=Q(status__in=["registered", "in_progress", "done", "abandoned"]),
                name="adoption_status_valid"),
            models.CheckConstraint(condition=Q(target_value__isnull=True) | Q(target_value__gt=0),
                                   name="adoption_target_positive"),
            models.CheckConstraint(
                condition=Q(evaluated_on__isnull=True) | Q(evaluated_on__gte=F("started_on")),
                name="adoption_evaluated_after_start"),
            models.CheckConstraint(
                condition=~Q(status="done") | (Q(evaluated_on__isnull=False) & ~Q(rating="")),
                name="adoption_done_evaluated"),
        ]

    def get_absolute_url(self):
        return reverse("adoption_detail", args=[self.pk])

    def __str__(self):
        return f"{self.model} — {self.unit}"


# action -> (states it may start from, state it ends in)
ADOPTION_TRANSITIONS: workflow.Transitions = {
    "progress": (frozenset({Adoption.REGISTERED, Adoption.IN_PROGRESS}), Adoption.IN_PROGRESS),
    "evaluate": (frozenset({Adoption.REGISTERED, Adoption.IN_PROGRESS}), Adoption.DONE),
    "abandon": (frozenset({Adoption.REGISTERED, Adoption.IN_PROGRESS}), Adoption.ABANDONED),
}


class AdoptionProgress(models.Model):
    """One entry of an adoption's progress (what was done, how far)."""

    adoption = models.ForeignKey(Adoption, on_delete=models.CASCADE, related_name="progress")
    on = models.DateField(_("ngày"))
    note = models.TextField(_("nội dung đã triển khai"))
    percent = models.PositiveSmallIntegerField(_("mức độ hoàn thành (%)"), null=True, blank=True)
    by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True,
                           related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["adoption", "on", "id"]
        verbose_name = _("tiến độ áp dụng")
        verbose_name_plural = _("tiến độ áp dụng")
        constraints = [models.CheckConstraint(
            condition=Q(percent__isnull=True) | Q(percent__lte=100),
            name="adoptionprogress_percent_valid")]

    @property
    def unit(self):
        return self.adoption.unit


class Pledge(models.Model):
    """"Thi đua cùng điển hình": a unit, or a person of it, pledges to follow an
    exemplar; the pledge is reviewed when it falls due."""

    class Status(models.TextChoices):
        OPEN = "open", _("Đang thực hiện")
        REVIEWED = "reviewed", _("Đã đánh giá")
        WITHDRAWN = "withdrawn", _("Đã rút")

    class Outcome(models.TextChoices):
        ACHIEVED = "achieved", _("Hoàn thành")
        PARTLY = "partly", _("Hoàn thành một phần")
        NOT_ACHIEVED = "not_achieved", _("Không hoàn thành")

    OPEN, REVIEWED, WITHDRAWN = Status.OPEN, Status.REVIEWED, Status.WITHDRAWN

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="pledges",
                             verbose_name=_("đơn vị đăng ký"))
    person = models.ForeignKey(Person, on_delete=models.PROTECT, null=True, blank=True,
                               related_name="pledges", verbose_name=_("cá nhân đăng ký"))
    exemplar = models.ForeignKey(Subject, on_delete=models.PROTECT, related_name="followers",
                                 verbose_name=_("điển hình được học tập"))
    recognition = models.ForeignKey(Recognition, on_delete=models.SET_NULL, null=True,
                                    blank=True, related_name="+")
    plan = models.ForeignKey(Plan, on_delete=models.SET_NULL, null=True, blank=True,
                             related_name="+", verbose_name=_("kế hoạch"))
    content = models.TextField(_("nội dung đăng ký"))
    pledged_on = models.DateField(_("ngày đăng ký"))
    review_due = models.DateField(_("hạn đánh giá"))
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices,
                              default=OPEN)
    reviewed_on = models.DateField(_("ngày đánh giá"), null=True, blank=True)
    outcome = models.CharField(_("kết quả"), max_length=14, choices=Outcome.choices, blank=True,
                               default="")
    outcome_note = models.TextField(_("nhận xét"), blank=True, default="")
    # When the reviewers were told the review is due (replication.reminders): once.
    due_reminded_on = models.DateField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["review_due", "id"]
        verbose_name = _("đăng ký thi đua cùng điển hình")
        verbose_name_plural = _("đăng ký thi đua cùng điển hình")
        indexes = [models.Index(fields=["status", "review_due"], name="pledge_due")]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=["open", "reviewed", "withdrawn"]),
                                   name="pledge_status_valid"),
            models.CheckConstraint(condition=Q(review_due__gte=F("pledged_on")),
                                   name="pledge_due_after_pledge"),
            models.CheckConstraint(
                condition=~Q(status="reviewed") | (Q(reviewed_on__isnull=False) & ~Q(outcome="")),
                name="pledge_reviewed_has_outcome"),
        ]

    def get_absolute_url(self):
        return reverse("pledge_detail", args=[self.pk])

    def __str__(self):
        who = self.person.subject.name if self.person_id else self.unit.subject.name
        return f"{who} — {self.exemplar.name}"


PLEDGE_TRANSITIONS: workflow.Transitions = {
    "review": (frozenset({Pledge.OPEN}), Pledge.REVIEWED),
    "withdraw": (frozenset({Pledge.OPEN}), Pledge.WITHDRAWN),
}


class StudyVisit(models.Model):
    """Tham quan, học tập kinh nghiệm: visiting units go to an exemplar."""

    agency = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="study_visits",
                               verbose_name=_("đơn vị tổ chức"))
    host = models.ForeignKey(Subject, on_delete=models.PROTECT, related_name="hosted_visits",
                             verbose_name=_("điển hình, đơn vị được tham quan"))
    visiting_units = models.ManyToManyField(Unit, related_name="visits_made",
                                            verbose_name=_("đơn vị tham gia"))
    plan = models.ForeignKey(Plan, on_delete=models.SET_NULL, null=True, blank=True,
                             related_name="+", verbose_name=_("kế hoạch"))
    visited_on = models.DateField(_("ngày tham quan"))
    participants = models.PositiveIntegerField(_("số người tham gia"))
    lessons = models.TextField(_("bài học kinh nghiệm"), blank=True, default="")
    created_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-visited_on", "-id"]
        verbose_name = _("chuyến tham quan, học tập kinh nghiệm")
        verbose_name_plural = _("chuyến tham quan, học tập kinh nghiệm")

    def get_absolute_url(self):
        return reverse("visit_detail", args=[self.pk])

    def __str__(self):
        return f"{self.host.name} — {self.visited_on:%d/%m/%Y}"

    @property
    def unit(self):
        return self.agency


class MediaItem(models.Model):
    """One item of the media log: a radio programme, a press or TV item, the sector's
    bulletin, a web page — with the exemplars and models it concerns."""

    class Outlet(models.TextChoices):
        RADIO = "radio", _("Phát thanh, truyền thanh")
        PRESS = "press", _("Báo chí")
        TV = "tv", _("Truyền hình")
        BULLETIN = "bulletin", _("Bản tin, tập san của ngành")
        WEBSITE = "website", _("Trang, cổng thông tin điện tử")
        SOCIAL = "social", _("Mạng xã hội")
        OTHER = "other", _("Khác")

    agency = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="media_items",
                               verbose_name=_("cơ quan ghi nhận"))
    plan = models.ForeignKey(Plan, on_delete=models.SET_NULL, null=True, blank=True,
                             related_name="media_items", verbose_name=_("kế hoạch"))
    outlet_kind = models.CharField(_("loại hình"), max_length=10, choices=Outlet.choices)
    outlet_name = models.CharField(_("cơ quan báo chí, kênh"), max_length=300)
    published_on = models.DateField(_("ngày đăng, phát"))
    title = models.CharField(_("tiêu đề"), max_length=500)
    link = models.URLField(_("đường dẫn"), max_length=1000, blank=True, default="")
    # Private: served only through the item's view (core.files.serve_private).
    file = models.FileField(_("tệp"), upload_to="replication/media/", blank=True)
    file_name = models.CharField(max_length=255, blank=True, default="")
    exemplars = models.ManyToManyField(Subject, blank=True, related_name="media_items",
                                       verbose_name=_("điển hình được giới thiệu"))
    recognitions = models.ManyToManyField(Recognition, blank=True, related_name="media_items",
                                          verbose_name=_("theo quyết định công nhận"))
    good_models = models.ManyToManyField(GoodModel, blank=True, related_name="media_items",
                                         verbose_name=_("mô hình, cách làm"))
    created_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-published_on", "-id"]
        verbose_name = _("tin, bài tuyên truyền")
        verbose_name_plural = _("tin, bài tuyên truyền")
        indexes = [models.Index(fields=["plan", "published_on"], name="media_plan_date")]
        constraints = [models.CheckConstraint(
            condition=Q(outlet_kind__in=["radio", "press", "tv", "bulletin", "website",
                                         "social", "other"]),
            name="media_outlet_valid")]

    def get_absolute_url(self):
        return reverse("media_list")

    def __str__(self):
        return self.title

    @property
    def unit(self):
        return self.agency


class Conference(models.Model):
    """Hội nghị điển hình tiên tiến at mid-term (sơ kết) or at the end (tổng kết) of a
    plan: its programme, honourees drawn from decisions, speakers, invitations,
    attendance and conclusions."""

    class Kind(models.TextChoices):
        MID_TERM = "mid_term", _("Sơ kết")
        FINAL = "final", _("Tổng kết")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Đang chuẩn bị")
        HELD = "held", _("Đã tổ chức")

    agency = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="conferences",
                               verbose_name=_("cơ quan tổ chức"))
    plan = models.ForeignKey(Plan, on_delete=models.SET_NULL, null=True, blank=True,
                             related_name="conferences", verbose_name=_("kế hoạch"))
    kind = models.CharField(_("loại hội nghị"), max_length=8, choices=Kind.choices)
    title = models.CharField(_("tên hội nghị"), max_length=500)
    held_on = models.DateField(_("ngày tổ chức"))
    starts_at = models.TimeField(_("giờ khai mạc"), null=True, blank=True)
    venue = models.CharField(_("địa điểm"), max_length=500)
    # The invitation's letterhead (Nghị định 30/2020): number, place, signer.
    number = models.CharField(_("số, ký hiệu giấy mời"), max_length=100, blank=True, default="")
    place = models.CharField(_("địa danh"), max_length=100, blank=True, default="")
    signer_title = models.CharField(_("chức vụ người ký"), max_length=200, blank=True,
                                    default="")
    signer_name = models.CharField(_("người ký"), max_length=200, blank=True, default="")
    status = models.CharField(_("trạng thái"), max_length=8, choices=Status.choices,
                              default=Status.PLANNED)
    attendance = models.PositiveIntegerField(_("số đại biểu dự"), null=True, blank=True)
    conclusions = models.TextField(_("kết luận hội nghị"), blank=True, default="")
    created_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = _("hội nghị điển hình tiên tiến")
        verbose_name_plural = _("hội nghị điển hình tiên tiến")
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=["mid_term", "final"]),
                                   name="conference_kind_valid"),
            models.CheckConstraint(condition=Q(status__in=["planned", "held"]),
                                   name="conference_status_valid"),
        ]

    def get_absolute_url(self):
        return reverse("conference_detail", args=[self.pk])

    def __str__(self):
        return self.title

    @property
    def unit(self):
        return self.agency


# The programme, the honourees and the invitation list change only while the conference
# is being prepared (every change an "edit" that keeps it there); once held they are the
# record of what took place, and only its outcome is recorded (and corrected).
CONFERENCE_TRANSITIONS: workflow.Transitions = {
    "edit": (frozenset({Conference.Status.PLANNED}), Conference.Status.PLANNED),
}


class ConferenceHonouree(models.Model):
    """An exemplar honoured at the conference: always a decision item (Recognition) of
    an issued decision; `speaks` marks the exemplars who present their experience."""

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE,
                                   related_name="honourees")
    recognition = models.ForeignKey(Recognition, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("theo quyết định công nhận"))
    speaks = models.BooleanField(_("trình bày tham luận"), default=False)
    topic = models.CharField(_("chủ đề tham luận"), max_length=500, blank=True, default="")
    position = models.PositiveSmallIntegerField(default=1)

    class Meta:
        ordering = ["conference", "position", "id"]
        constraints = [models.UniqueConstraint(fields=["conference", "recognition"],
                                               name="honouree_once")]

    @property
    def unit(self):
        return self.conference.agency


class ProgrammeItem(models.Model):
    """One line of a conference's programme."""

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE,
                                   related_name="programme")
    position = models.PositiveSmallIntegerField(_("thứ tự"))
    starts_at = models.TimeField(_("thời gian"), null=True, blank=True)
    title = models.CharField(_("nội dung"), max_length=500)
    presenter = models.CharField(_("người thực hiện"), max_length=300, blank=True, default="")
    honouree = models.ForeignKey(ConferenceHonouree, on_delete=models.SET_NULL, null=True,
                                 blank=True, related_name="+")

    class Meta:
        ordering = ["conference", "position", "id"]

    @property
    def unit(self):
        return self.conference.agency


class ConferenceInvitee(models.Model):
    """A unit (or a named guest) invited; `attended` is recorded after the conference."""

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE,
                                   related_name="invitees")
    invited_unit = models.ForeignKey(Unit, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+", verbose_name=_("đơn vị được mời"))
    name = models.CharField(_("đại biểu"), max_length=300, blank=True, default="")
    attended = models.BooleanField(_("có mặt"), null=True, blank=True)

    class Meta:
        ordering = ["conference", "id"]
        constraints = [models.CheckConstraint(
            condition=Q(invited_unit__isnull=False) | ~Q(name=""),
            name="invitee_named")]

    @property
    def unit(self):
        return self.conference.agency

    @property
    def label(self) -> str:
        return self.name or self.invited_unit.subject.name
