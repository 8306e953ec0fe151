"""The public portal: columns, stories of exemplars with their revisions, and the
consent of the people they are about.

A story is written by an editor (biên tập viên) from a decision item
(`decisions.Recognition`), reviewed by the standing office and published now or at a
time; it changes state only through `dienhinh.workflow` (`STORY_TRANSITIONS`).

What the public sees is decided in one place, `portal.services.public_stories` and
`public_recognitions`: a story is public when it is published (or scheduled and its
time has come) and, when it is about a person, that person's consent to the story and
to the name is recorded and not withdrawn. Pages, search, feeds, sitemap and open data
all read those two querysets, so withdrawing a consent takes the person down from all
of them at once, with no job to run.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dienhinh import workflow
from dienhinh.decisions.models import Recognition
from dienhinh.orgs.models import Person, Subject, Unit
from dienhinh.plans.models import Movement

USER = settings.AUTH_USER_MODEL


class Column(models.Model):
    """A column (chuyên mục) of the portal: an agency's, or an agency's for one
    movement (phong trào thi đua)."""

    agency = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="portal_columns",
                               verbose_name=_("cơ quan"))
    movement = models.ForeignKey(Movement, on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="portal_columns", verbose_name=_("phong trào"))
    title = models.CharField(_("tên chuyên mục"), max_length=300)
    slug = models.SlugField(_("đường dẫn"), max_length=120, unique=True)
    description = models.TextField(_("giới thiệu"), blank=True, default="")
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["title", "id"]
        verbose_name = _("chuyên mục")
        verbose_name_plural = _("chuyên mục")

    def __str__(self):
        return self.title

    @property
    def unit(self):
        return self.agency


def photo_path(instance, filename):
    return f"portal/photos/{filename}"


class Story(models.Model):
    """The story of an exemplar (bài viết về điển hình) on the portal."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Bản nháp")
        IN_REVIEW = "in_review", _("Chờ duyệt")
        SCHEDULED = "scheduled", _("Hẹn giờ đăng")
        PUBLISHED = "published", _("Đã đăng")
        UNPUBLISHED = "unpublished", _("Đã gỡ")

    DRAFT, IN_REVIEW, SCHEDULED, PUBLISHED, UNPUBLISHED = (
        Status.DRAFT, Status.IN_REVIEW, Status.SCHEDULED, Status.PUBLISHED, Status.UNPUBLISHED)

    subject = models.ForeignKey(Subject, on_delete=models.PROTECT, related_name="stories",
                                verbose_name=_("điển hình"))
    recognition = models.ForeignKey(Recognition, on_delete=models.PROTECT, null=True,
                                    blank=True, related_name="stories",
                                    verbose_name=_("được công nhận tại quyết định"))
    agency = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="portal_stories",
                               verbose_name=_("cơ quan đăng"))
    column = models.ForeignKey(Column, on_delete=models.PROTECT, null=True, blank=True,
                               related_name="stories", verbose_name=_("chuyên mục"))
    good_model = models.ForeignKey("replication.GoodModel", on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="stories",
                                   verbose_name=_("mô hình, cách làm"))
    title = models.CharField(_("tiêu đề"), max_length=300)
    summary = models.TextField(_("sa pô (tóm tắt)"), max_length=1000, blank=True, default="")
    # Sanitised on every write (portal.sanitise.clean_html): no script, no style.
    body = models.TextField(_("nội dung"), blank=True, default="")
    photo = models.ImageField(_("ảnh"), upload_to=photo_path, blank=True)
    photo_caption = models.CharField(_("chú thích ảnh"), max_length=300, blank=True, default="")
    # Filters of the public search, copied from the decision at drafting.
    field = models.CharField(_("lĩnh vực"), max_length=200, blank=True, default="")
    year = models.PositiveSmallIntegerField(_("năm"), null=True, blank=True)
    level = models.CharField(_("cấp công nhận"), max_length=10, blank=True, default="")
    status = models.CharField(_("trạng thái"), max_length=12, choices=Status.choices,
                              default=DRAFT)
    publish_at = models.DateTimeField(_("thời điểm đăng"), null=True, blank=True)
    # Title, summary, body text and the exemplar's name, folded (no diacritics).
    search_text = models.TextField(editable=False, default="")
    created_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-publish_at", "-id"]
        verbose_name = _("bài viết")
        verbose_name_plural = _("bài viết")
        indexes = [models.Index(fields=["status", "publish_at"], name="story_public")]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["draft", "in_review", "scheduled", "published",
                                        "unpublished"]),
                name="story_status_valid"),
            models.CheckConstraint(
                condition=~Q(status__in=["scheduled", "published"]) | Q(publish_at__isnull=False),
                name="story_published_has_time"),
        ]

    def __str__(self):
        return self.title

    @property
    def unit(self):
        return self.agency

    @property
    def status_label(self) -> str:
        """The state as the editor reads it: a scheduled story whose time has come is
        on the portal (no job flips its state)."""
        from django.utils import timezone

        if self.status == self.SCHEDULED and self.publish_at and \
                self.publish_at <= timezone.now():
            return str(_("Đã đăng (theo giờ hẹn)"))
        return str(self.get_status_display())


# action -> (states it may start from, state it ends in); None: not created yet.
STORY_TRANSITIONS: workflow.Transitions = {
    "submit": (frozenset({Story.DRAFT, Story.UNPUBLISHED}), Story.IN_REVIEW),
    "return": (frozenset({Story.IN_REVIEW}), Story.DRAFT),
    "publish": (frozenset({Story.IN_REVIEW}), Story.PUBLISHED),
    "schedule": (frozenset({Story.IN_REVIEW}), Story.SCHEDULED),
    "unpublish": (frozenset({Story.PUBLISHED, Story.SCHEDULED}), Story.UNPUBLISHED),
}
# A story is edited (a new revision) only while nobody reads it on the portal.
EDITABLE = frozenset({Story.DRAFT, Story.IN_REVIEW, Story.UNPUBLISHED})


class StoryRevision(models.Model):
    """Every saved text of a story, kept: a published page is never edited in place
    without a trace."""

    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField(_("lần sửa"))
    title = models.CharField(_("tiêu đề"), max_length=300)
    summary = models.TextField(_("sa pô (tóm tắt)"), blank=True, default="")
    body = models.TextField(_("nội dung"), blank=True, default="")
    by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True,
                           related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["story", "-number"]
        verbose_name = _("phiên bản bài viết")
        verbose_name_plural = _("phiên bản bài viết")
        constraints = [models.UniqueConstraint(fields=["story", "number"],
                                               name="story_revision_once")]


class Consent(models.Model):
    """A person's consent to making public their story, photo or name.

    Nghị định 13/2023/NĐ-CP về bảo vệ dữ liệu cá nhân:
    - Điều 11: consent is given for each purpose, clearly and in a form that can be
      printed or copied in writing (including electronically) — hence one row per
      scope and the `evidence` that records how it was given; silence is not consent —
      hence no row means no publication.
    - Điều 12: consent can be withdrawn; the withdrawal does not make the earlier
      processing unlawful (khoản 1), is recorded in a printable or verifiable form
      (khoản 2), and after it the controller stops processing (khoản 4) — hence
      `withdrawn_at` and `withdrawal_evidence`, and the row is kept, never deleted.
    """

    class Scope(models.TextChoices):
        STORY = "story", _("Đăng bài viết về người này")
        PHOTO = "photo", _("Đăng ảnh của người này")
        NAME = "name", _("Công bố họ tên trên cổng thông tin và dữ liệu mở")

    # CASCADE: with the person gone there is nothing to publish, and no consent means
    # nothing is public (fails closed).
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="consents",
                               verbose_name=_("người đồng ý"))
    scope = models.CharField(_("phạm vi đồng ý"), max_length=8, choices=Scope.choices)
    given_at = models.DateTimeField(_("thời điểm đồng ý"))
    evidence = models.CharField(_("căn cứ (văn bản, phiếu đồng ý)"), max_length=500)
    withdrawn_at = models.DateTimeField(_("thời điểm rút lại"), null=True, blank=True)
    withdrawal_evidence = models.CharField(_("căn cứ rút lại"), max_length=500, blank=True,
                                           default="")
    recorded_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+")
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["person", "scope", "-given_at"]
        verbose_name = _("sự đồng ý công bố thông tin")
        verbose_name_plural = _("sự đồng ý công bố thông tin")
        constraints = [
            models.CheckConstraint(condition=Q(scope__in=["story", "photo", "name"]),
                                   name="consent_scope_valid"),
            # One live consent per person and scope; after a withdrawal a new one may be
            # given (a new row: the history stays).
            models.UniqueConstraint(fields=["person", "scope"],
                                    condition=Q(withdrawn_at__isnull=True),
                                    name="consent_live_once"),
            models.CheckConstraint(
                condition=Q(withdrawn_at__isnull=True) | Q(withdrawn_at__gte=models.F("given_at")),
                name="consent_withdrawn_after_given"),
        ]

    def __str__(self):
        return f"{self.person.subject.name} — {self.get_scope_display()}"

    @property
    def unit(self):
        return self.person.unit

    @property
    def active(self) -> bool:
        return self.withdrawn_at is None
