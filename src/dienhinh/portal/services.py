"""Portal services: the editorial writes and what the public may see.

What is public (read by every public page, the search, the feeds, the sitemap and the
open data — nothing else decides it):

- `public_stories(now)`: stories published, or scheduled with their time come, whose
  exemplar is a collective or a person with a live consent to the story *and* to the
  name (Nghị định 13/2023/NĐ-CP, Điều 11: consent per purpose; no consent, no
  publication).
  A story drawn from a decision item that a revocation cancelled is never public.
- `public_recognitions()`: decision items in force whose subject is a collective or a
  person with a live consent to the name.
- `photo_public(story)`: the photo of a person's story needs the consent to the photo.

Writes go through `workflow` (lock, version, policy, guard, audit, notify) and refuse
bad input with a `workflow.GuardFailed` whose message is Vietnamese.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from dienhinh import policy, workflow
from dienhinh.audit.services import record
from dienhinh.core import vietnamese
from dienhinh.core.i18n import system_language
from dienhinh.core.public_cache import changed, generation  # noqa: F401 (views read it here)
from dienhinh.decisions import services as decisions
from dienhinh.decisions.models import Decision, Recognition
from dienhinh.exemplars.services import role_users
from dienhinh.ledger.models import Achievement
from dienhinh.orgs.models import Person, Role, Subject
from dienhinh.portal.content import clean_html, clean_photo, plain_text
from dienhinh.portal.models import (
    EDITABLE,
    STORY_TRANSITIONS,
    Column,
    Consent,
    Story,
    StoryRevision,
)
from dienhinh.replication.models import GoodModel

Refused = workflow.GuardFailed
SEARCH_MAX_CHARS = 200
SEARCH_MAX_WORDS = 8


# -- what the public sees ----------------------------------------------------------------
def _subject_allowed(prefix: str, *scopes: str) -> Q:
    """A collective, or a person with a live consent for every one of `scopes`."""
    q = Q(**{f"{prefix}type": Subject.COLLECTIVE})
    person = Q(**{f"{prefix}type": Subject.INDIVIDUAL})
    for scope in scopes:
        person &= Q(Exists(Consent.objects.filter(
            person_id=OuterRef(f"{prefix}pk" if prefix else "pk"), scope=scope,
            withdrawn_at__isnull=True)))
    return q | person


def public_stories(now: dt.datetime | None = None) -> QuerySet[Story]:
    now = now or timezone.now()
    return (Story.objects.filter(status__in=[Story.PUBLISHED, Story.SCHEDULED],
                                 publish_at__lte=now)
            # A story told from a decision item that a revocation cancelled is no longer
            # true: it leaves with the recognition (the revocation also takes it down).
            .filter(Q(recognition__isnull=True) | Q(recognition__revoked_by__isnull=True))
            .filter(_subject_allowed("subject__", Consent.Scope.STORY, Consent.Scope.NAME)))


def public_recognitions() -> QuerySet[Recognition]:
    return (decisions.in_force(Recognition.objects.all())
            .filter(decision__kind__in=[Decision.RECOGNITION, Decision.CORRECTION])
            .filter(_subject_allowed("subject__", Consent.Scope.NAME)))


def name_public(subject: Subject) -> bool:
    return Subject.objects.filter(pk=subject.pk).filter(
        _subject_allowed("", Consent.Scope.NAME)).exists()


def photo_public(story: Story) -> bool:
    if not story.photo:
        return False
    if story.subject.type == Subject.COLLECTIVE:
        return True
    return live_consent(story.subject_id, Consent.Scope.PHOTO)


def live_consent(person_id: int, scope: str) -> bool:
    return Consent.objects.filter(person_id=person_id, scope=scope,
                                  withdrawn_at__isnull=True).exists()


def fold_query(text: str) -> list[str]:
    """The words of a search, folded, bounded: any input, a small query."""
    words = vietnamese.fold(str(text or "")[:SEARCH_MAX_CHARS]).split()
    kept = []
    for w in words:
        w = "".join(ch for ch in w if ch.isalnum())
        if w and w not in kept:
            kept.append(w)
    return kept[:SEARCH_MAX_WORDS]


def search_stories(words: list[str], *, agency=None, field: str = "", year=None,
                   level: str = "") -> QuerySet[Story]:
    qs = public_stories()
    for w in words:
        qs = qs.filter(search_text__contains=w)
    if agency:
        qs = qs.filter(agency__path__startswith=agency.path)
    if field:
        qs = qs.filter(field=field)
    if year:
        qs = qs.filter(year=year)
    if level:
        qs = qs.filter(level=level)
    return qs


def search_models(words: list[str], *, agency=None, field: str = "") -> list[GoodModel]:
    """Good models whose title or summary holds every word (folded in Python: the
    replication app keeps no folded column, and an agency has tens of models)."""
    if not words:
        return []
    qs = GoodModel.objects.all()
    if agency:
        qs = qs.filter(agency__path__startswith=agency.path)
    if field:
        qs = qs.filter(field=field)
    found = []
    for pk, title, summary in qs.values_list("pk", "title", "summary")[:2000]:
        text = vietnamese.fold(f"{title} {summary}")
        if all(w in text for w in words):
            found.append(pk)
    return list(GoodModel.objects.filter(pk__in=found[:50]).order_by("title"))


# -- the editor is told when a decision recognises someone ---------------------------------
def on_recognitions_issued(sender, decision: Decision, actor=None, **kwargs) -> None:
    """Receiver of `decisions.signals.recognitions_issued`."""
    editors = role_users(Role.EDITOR, decision.agency)
    if not editors:
        return
    count = decision.recognitions.count()
    with system_language():
        workflow.tell(
            editors,
            _("Quyết định %(no)s công nhận %(n)s điển hình: mời soạn bài giới thiệu")
            % {"no": decision.number, "n": count},
            _("Quyết định %(no)s ngày %(date)s: %(title)s.")
            % {"no": decision.number, "date": vietnamese.format_date(decision.signed_on),
               "title": decision.title},
            reverse("portal_editorial") + f"?decision={decision.pk}")


def on_recognitions_revoked(sender, decision: Decision, recognitions=(), actor=None,
                            **kwargs) -> None:
    """Receiver of `decisions.signals.recognitions_revoked`: the stories told from the
    revoked decision items are taken down (the public querysets already leave them out)
    and every cached public page is dropped, as for a consent withdrawn."""
    ids = [r.pk for r in recognitions]
    stories = list(Story.objects.filter(recognition_id__in=ids,
                                        status__in=[Story.PUBLISHED, Story.SCHEDULED]))
    for story in stories:
        # The revocation itself was allowed (the head signed it); taking down what it
        # cancels is its effect, whoever may otherwise unpublish.
        workflow.transition(story, "unpublish", user=actor, version=workflow.CURRENT,
                            transitions=STORY_TRANSITIONS, snapshot=_snapshot,
                            audit="story.unpublish", notify=lambda s: workflow.tell(
                                _editors_of(s) + list(_office_of(s)),
                                _("Bài viết đã gỡ vì quyết định công nhận bị hủy bỏ: "
                                  "%(t)s") % {"t": s.title},
                                _("Quyết định %(no)s hủy bỏ quyết định công nhận.")
                                % {"no": decision.number}, _story_url(s)))
    changed()


def on_recognitions_replaced(sender, decision: Decision, replaced=None, actor=None,
                             **kwargs) -> None:
    """Receiver of `decisions.signals.recognitions_replaced`: a story told from a decision
    item that a correction replaced now cites the correction's item for the same person
    or collective (its number, its certificate); one left without an item is taken down
    as for a revocation."""
    replaced = replaced or {}
    gone = []
    for story in Story.objects.filter(recognition_id__in=list(replaced)):
        new = replaced[story.recognition_id]
        if new is None:
            gone.append(story.recognition)
            continue
        before = {"recognition": story.recognition_id}
        Story.objects.filter(pk=story.pk).update(recognition=new)
        record(actor, "story.relink", story, before, {"recognition": new.pk,
                                                      "decision": decision.number})
    if gone:
        on_recognitions_revoked(sender, decision, gone, actor)
    changed()


# -- drafting ------------------------------------------------------------------------------
def _model_of(recognition: Recognition) -> GoodModel | None:
    return (GoodModel.objects.filter(recognition=recognition).first()
            or GoodModel.objects.filter(owner=recognition.subject_id).order_by("-id").first())


def prefill(recognition: Recognition) -> dict:
    """Title, summary and body of a new story from the dossier, the ledger and the
    decision (the editor rewrites them; nothing here is invented). The story page shows
    the decision and the ledger records in full beside the text, so the body holds
    them in one paragraph, for the editor to turn into a story."""
    d = recognition.decision
    name = recognition.subject.name
    model = _model_of(recognition)
    dossier = vietnamese.clean_text(
        recognition.nomination.summary if recognition.nomination_id else "")
    reason = vietnamese.clean_text(recognition.reason)
    summary = (dossier or reason)[:1000]
    records = [f"{a.year}: {a.code.name if a.code_id else a.get_kind_display()}"
               for a in Achievement.objects.filter(subject=recognition.subject_id)
               .select_related("code").order_by("-year", "-id")[:5]]
    opening = _("%(name)s được công nhận điển hình tiên tiến năm %(year)s tại Quyết định "
                "số %(no)s ngày %(date)s của %(agency)s.") % {
        "name": name, "year": d.year, "no": d.number,
        "date": vietnamese.format_date(d.signed_on), "agency": d.agency.subject.name}
    if records:
        opening += " " + _("Sổ thành tích ghi nhận: %(records)s.") % {
            "records": "; ".join(records)}
    paragraphs = [f"<p>{_escape(opening)}</p>"]
    paragraphs += [f"<p>{_escape(text)}</p>" for text in (dossier, reason)
                   if text and text != summary]
    if model is not None:
        paragraphs.append(f"<h3>{_escape(_('Mô hình, cách làm'))}</h3><p><strong>"
                          f"{_escape(model.title)}</strong>. {_escape(model.summary)}</p>")
    return {
        "title": _("%(name)s — điển hình tiên tiến năm %(year)s") % {"name": name,
                                                                   "year": d.year},
        "summary": summary,
        "body": clean_html("".join(paragraphs)),
        "field": model.field if model is not None else "",
        "good_model": model,
    }


def _escape(text) -> str:
    from django.utils.html import escape

    return escape(str(text or ""))


def _search_text(story: Story) -> str:
    return vietnamese.fold(" ".join([story.title, story.summary, plain_text(story.body),
                                     story.subject.name]))


def _revise(story: Story, user) -> None:
    last = story.revisions.order_by("-number").values_list("number", flat=True).first() or 0
    StoryRevision.objects.create(story=story, number=last + 1, title=story.title,
                                 summary=story.summary, body=story.body, by=user)


def _snapshot(story: Story) -> dict:
    return {"status": story.status, "version": story.version, "title": story.title,
            "publish_at": story.publish_at.isoformat() if story.publish_at else None}


def stories_to_write(user) -> QuerySet[Recognition]:
    """Decision items in force in the editor's scope that have no story yet."""
    agencies = policy.units(user, "write_story")
    return (decisions.in_force(Recognition.objects.filter(decision__agency__in=agencies))
            .filter(decision__kind__in=[Decision.RECOGNITION, Decision.CORRECTION])
            .exclude(Exists(Story.objects.filter(subject_id=OuterRef("subject_id"),
                                                 recognition__decision__agency_id=OuterRef(
                                                     "decision__agency_id"))))
            .select_related("subject", "decision__agency__subject")
            .order_by("-decision__signed_on", "decision_id", "position"))


def draft_story(user, recognition: Recognition, column: Column | None = None) -> Story:
    d = recognition.decision
    workflow.require(user, "write_story", d.agency)
    if d.status != Decision.ISSUED:
        raise Refused(_("Chỉ soạn bài về điển hình của quyết định đã ban hành."))
    if column is not None and not d.agency.path.startswith(column.agency.path) and \
            not column.agency.path.startswith(d.agency.path):
        raise Refused(_("Chuyên mục “%(c)s” không thuộc cơ quan ban hành quyết định.")
                      % {"c": column.title})
    values = prefill(recognition)
    with transaction.atomic():
        story = Story(subject=recognition.subject, recognition=recognition, agency=d.agency,
                      column=column, title=values["title"][:300], summary=values["summary"],
                      body=values["body"], field=values["field"][:200], year=d.year,
                      level=d.level, good_model=values["good_model"], created_by=user)
        story.search_text = _search_text(story)
        story.save()
        _revise(story, user)
        record(user, "story.draft", story, None, _snapshot(story))
    return story


def edit_story(story: Story, user, version, *, title: str, summary: str, body: str,
               column: Column | None = None, field: str = "", photo=None,
               photo_caption: str = "", remove_photo: bool = False) -> Story:
    """A new text (a new revision); only while the story is not on the portal."""
    title = vietnamese.clean_text(title)
    if not title:
        raise Refused(_("Bài viết phải có tiêu đề."))
    cleaned_photo = clean_photo(photo) if photo is not None else None
    with transaction.atomic():
        s = workflow.lock(story, version)
        workflow.require(user, "write_story", s)
        if s.status not in EDITABLE:
            raise workflow.ForbiddenTransition(
                _("Bài đang đăng hoặc hẹn giờ đăng: hãy gỡ bài trước khi sửa."))
        if column is not None and not policy.can(user, "write_story", column.agency):
            raise workflow.NotAllowed(_("Chuyên mục không thuộc phạm vi của bạn."))
        before = _snapshot(s)
        s.title, s.summary = title[:300], vietnamese.clean_text(summary)[:1000]
        s.body, s.column, s.field = clean_html(body), column, vietnamese.clean_text(field)[:200]
        s.photo_caption = vietnamese.clean_text(photo_caption)[:300]
        if remove_photo:
            s.photo = ""
        if cleaned_photo is not None:
            s.photo.save(f"story-{s.pk}-{s.version + 1}.jpg", cleaned_photo, save=False)
        s.search_text = _search_text(s)
        workflow.bump(s)
        _revise(s, user)
        record(user, "story.edit", s, before, _snapshot(s))
        changed()
    return s


def _office_of(story: Story):
    return role_users(Role.STANDING_OFFICE, story.agency)


def _editors_of(story: Story):
    users = role_users(Role.EDITOR, story.agency)
    return users + ([story.created_by] if story.created_by_id else [])


def _story_url(story: Story) -> str:
    return reverse("portal_story_edit", args=[story.pk])


def submit_story(story: Story, user, version) -> Story:
    return workflow.transition(
        story, "submit", user=user, version=version, transitions=STORY_TRANSITIONS,
        permission="write_story", label=_("gửi duyệt"), snapshot=_snapshot,
        audit="story.submit",
        notify=lambda s: workflow.tell(_office_of(s), _("Bài viết chờ duyệt: %(t)s")
                                       % {"t": s.title}, url=_story_url(s)))


def return_story(story: Story, user, version, *, note: str) -> Story:
    note = vietnamese.clean_text(note)
    if not note:
        raise Refused(_("Hãy ghi lý do trả lại để biên tập viên sửa."))
    return workflow.transition(
        story, "return", user=user, version=version, transitions=STORY_TRANSITIONS,
        permission="publish_story", label=_("trả lại"), snapshot=_snapshot,
        audit="story.return",
        notify=lambda s: workflow.tell(_editors_of(s), _("Bài viết bị trả lại: %(t)s")
                                       % {"t": s.title}, note, _story_url(s)))


def consent_missing(story: Story) -> list[str]:
    """What consent the story still lacks to be published (empty: none)."""
    if story.subject.type != Subject.INDIVIDUAL:
        return []
    have = set(Consent.objects.filter(person_id=story.subject_id, withdrawn_at__isnull=True)
               .values_list("scope", flat=True))
    wanted = [Consent.Scope.STORY, Consent.Scope.NAME] + (
        [Consent.Scope.PHOTO] if story.photo else [])
    return [str(Consent.Scope(s).label) for s in wanted if s not in have]


def _consent_guard(story: Story) -> None:
    missing = consent_missing(story)
    if missing:
        raise Refused(
            _("Chưa thể đăng: %(name)s chưa đồng ý (hoặc đã rút lại sự đồng ý): %(what)s. "
              "Theo Nghị định 13/2023/NĐ-CP, Điều 11, cần có sự đồng ý của người được nêu "
              "tên trước khi công bố.")
            % {"name": story.subject.name, "what": "; ".join(missing).lower()})


def publish_story(story: Story, user, version, *, at: dt.datetime | None = None) -> Story:
    """Publish now, or at `at` (a time to come: scheduled)."""
    now = timezone.now()
    action = "schedule" if at is not None and at > now else "publish"
    when = at if action == "schedule" else now

    def tell_editors(s):
        with system_language():
            workflow.tell(_editors_of(s), (_("Bài viết đã đăng: %(t)s") if action == "publish"
                                           else _("Bài viết được hẹn giờ đăng: %(t)s"))
                          % {"t": s.title}, url=reverse("portal_story", args=[s.pk]))

    return workflow.transition(
        story, action, user=user, version=version, transitions=STORY_TRANSITIONS,
        permission="publish_story", label=_("đăng bài"), guard=_consent_guard,
        changes={"publish_at": when}, snapshot=_snapshot, audit=f"story.{action}",
        notify=lambda s: (tell_editors(s), changed()))


def unpublish_story(story: Story, user, version, *, reason: str) -> Story:
    reason = vietnamese.clean_text(reason)
    if not reason:
        raise Refused(_("Hãy ghi lý do gỡ bài."))
    return workflow.transition(
        story, "unpublish", user=user, version=version, transitions=STORY_TRANSITIONS,
        permission="unpublish_story", label=_("gỡ bài"), snapshot=_snapshot,
        audit="story.unpublish", notify=lambda s: changed())


# -- consent (Nghị định 13/2023/NĐ-CP, Điều 11 and 12) ---------------------------------------
def record_consent(user, *, person: Person, scope: str, evidence: str,
                   given_at: dt.datetime | None = None) -> Consent:
    workflow.require(user, "record_consent", person)
    if scope not in Consent.Scope.values:
        raise Refused(_("Phạm vi đồng ý không hợp lệ."))
    evidence = vietnamese.clean_text(evidence)
    if not evidence:
        raise Refused(_("Hãy ghi căn cứ của sự đồng ý (phiếu đồng ý, văn bản, thư điện tử) "
                        "— Nghị định 13/2023/NĐ-CP, Điều 11, khoản 3."))
    given_at = given_at or timezone.now()
    if given_at > timezone.now():
        raise Refused(_("Thời điểm đồng ý không được sau thời điểm hiện tại."))
    with transaction.atomic():
        if Consent.objects.select_for_update().filter(person=person, scope=scope,
                                                      withdrawn_at__isnull=True).exists():
            raise Refused(_("%(name)s đã đồng ý “%(scope)s” và chưa rút lại.")
                          % {"name": person.subject.name,
                             "scope": Consent.Scope(scope).label})
        consent = Consent.objects.create(person=person, scope=scope, given_at=given_at,
                                         evidence=evidence[:500], recorded_by=user)
        record(user, "consent.give", consent, None, {"scope": scope,
                                                     "evidence": consent.evidence})
        changed()
    return consent


def withdraw_consent(consent: Consent, user, version, *, evidence: str) -> Consent:
    """The person withdraws: from this moment the public querysets leave them out."""
    evidence = vietnamese.clean_text(evidence)
    if not evidence:
        raise Refused(_("Hãy ghi căn cứ của việc rút lại sự đồng ý — Nghị định "
                        "13/2023/NĐ-CP, Điều 12, khoản 2."))
    with transaction.atomic():
        c = workflow.lock(consent, version)
        workflow.require(user, "record_consent", c.person)
        if c.withdrawn_at is not None:
            raise workflow.ForbiddenTransition(_("Sự đồng ý này đã được rút lại."))
        before = {"withdrawn_at": None, "version": c.version}
        workflow.bump(c, withdrawn_at=timezone.now(), withdrawal_evidence=evidence[:500])
        record(user, "consent.withdraw", c, before,
               {"withdrawn_at": c.withdrawn_at.isoformat(), "version": c.version})
        if c.scope in (Consent.Scope.STORY, Consent.Scope.NAME):
            _take_down(c, user)
        changed()
    return c


def _take_down(consent: Consent, user) -> None:
    """The person's stories on the portal are taken down too (already hidden by the
    public querysets), so the editorial screens say so and a new consent does not put
    them back without the standing office publishing them again."""
    reason = _("Rút lại sự đồng ý: %(scope)s") % {"scope": consent.get_scope_display()}
    for story in Story.objects.filter(subject_id=consent.person_id,
                                      status__in=[Story.PUBLISHED, Story.SCHEDULED]):
        # The withdrawal itself was allowed; taking down what it covers is its effect.
        workflow.transition(story, "unpublish", user=user, version=workflow.CURRENT,
                            transitions=STORY_TRANSITIONS, snapshot=_snapshot,
                            audit="story.unpublish",
                            changes={}, notify=lambda s: workflow.tell(
                                _editors_of(s) + list(_office_of(s)),
                                _("Bài viết đã gỡ vì người được nêu tên rút lại sự đồng ý: "
                                  "%(t)s") % {"t": s.title}, reason, _story_url(s)))


# -- columns ---------------------------------------------------------------------------------
def _free_slug(title: str) -> str:
    from django.utils.text import slugify

    base = slugify(vietnamese.fold(title))[:100] or "chuyen-muc"
    slug, n = base, 1
    while Column.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def create_column(user, *, agency, title: str, slug: str = "", movement=None,
                  description: str = "") -> Column:
    """A column of `agency` (the standing office's); the address is made from the title
    when not given."""
    workflow.require(user, "publish_story", agency)
    title = vietnamese.clean_text(title)
    if not title:
        raise Refused(_("Chuyên mục phải có tên."))
    slug = slug or _free_slug(title)
    if Column.objects.filter(slug=slug).exists():
        raise Refused(_("Đường dẫn “%(s)s” đã được dùng cho chuyên mục khác.") % {"s": slug})
    with transaction.atomic():
        column = Column.objects.create(agency=agency, movement=movement, title=title,
                                       slug=slug, description=description)
        record(user, "column.create", column, None, {"title": title})
        changed()
    return column
