"""The editorial screens (login): what to write, a story's text, revisions, review,
publication, and the consents of the person it is about. One URL per action, each a
POST with its form; the rules are in `services`."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from dienhinh import policy, workflow
from dienhinh.decisions.models import Recognition
from dienhinh.orgs.models import Person, Subject
from dienhinh.portal import forms, services
from dienhinh.portal.models import Column, Consent, Story

STORY_ACTIONS = ("write_story", "publish_story", "unpublish_story")
# Units that run a portal column: agencies and communes (a Sở, a People's Committee).
AGENCY_KINDS = ("agency", "commune", "armed_unit")


def _may_edit_portal(user) -> bool:
    return any(policy.can(user, a) for a in STORY_ACTIONS)


def _columns(user):
    return Column.objects.filter(agency__in=policy.units(user, "write_story")).order_by("title")


def _story(request, pk: int) -> Story:
    story = get_object_or_404(Story.objects.select_related("subject", "agency__subject",
                                                           "column"), pk=pk)
    if not any(policy.can(request.user, a, story) for a in STORY_ACTIONS):
        raise PermissionDenied(_("Bài viết này không thuộc phạm vi của bạn."))
    return story


@login_required
def editorial(request):
    if not _may_edit_portal(request.user):
        raise PermissionDenied(_("Bạn không có vai trò biên tập hoặc duyệt bài."))
    agencies = policy.units(request.user, "write_story") | policy.units(request.user,
                                                                         "unpublish_story")
    stories = (Story.objects.filter(agency__in=agencies.values("pk"))
               .select_related("subject", "agency__subject", "column")
               .order_by("-updated_at", "-id"))
    to_write = services.stories_to_write(request.user)
    decision = request.GET.get("decision", "")
    if decision.isdigit():
        to_write = to_write.filter(decision_id=int(decision))
    return render(request, "portal/editorial.html", {
        "to_write": to_write[:100], "stories": stories[:200],
        "in_review": [s for s in stories[:200] if s.status == Story.IN_REVIEW],
        "draft_form": forms.DraftForm(columns=_columns(request.user)),
        "column_form": _column_form(request.user) if policy.can(request.user,
                                                                "publish_story") else None,
        "columns": _columns(request.user).select_related("agency__subject", "movement"),
    })


def _column_form(user, data=None):
    from dienhinh.plans.models import Movement

    agencies = (policy.units(user, "publish_story").filter(kind__in=AGENCY_KINDS)
                .select_related("subject").order_by("path")[:200])
    return forms.ColumnForm(data, agencies=agencies, movements=Movement.objects.all()[:200])


@login_required
@require_POST
def column_add(request):
    if not policy.can(request.user, "publish_story"):
        raise PermissionDenied(_("Chỉ Thường trực Hội đồng thêm chuyên mục."))
    form = _column_form(request.user, request.POST)

    def run(data):
        from dienhinh.orgs.models import Unit
        from dienhinh.plans.models import Movement

        services.create_column(
            request.user, agency=Unit.objects.get(pk=data["agency"]),
            movement=Movement.objects.filter(pk=data["movement"]).first()
            if data["movement"] else None,
            title=data["title"], description=data["description"])

    return workflow.act(request, form, run, back=reverse("portal_editorial"),
                        success=_("Đã thêm chuyên mục."))


@login_required
@require_POST
def story_draft(request, pk: int):
    recognition = get_object_or_404(Recognition.objects.select_related(
        "decision__agency", "subject"), pk=pk)
    if not policy.can(request.user, "write_story", recognition.decision.agency):
        raise PermissionDenied(_("Quyết định này không thuộc phạm vi của bạn."))
    columns = _columns(request.user)
    form = forms.DraftForm(request.POST, columns=columns)
    created = {}

    def run(data):
        column = columns.get(pk=data["column"]) if data["column"] else None
        created["story"] = services.draft_story(request.user, recognition, column)

    answer = workflow.act(request, form, run, back=reverse("portal_editorial"),
                          success=_("Đã tạo bản nháp từ hồ sơ, sổ thành tích và quyết định."))
    if "story" in created:
        return redirect("portal_story_edit", created["story"].pk)
    return answer


@login_required
@require_http_methods(["GET", "POST"])
def story_edit(request, pk: int):
    story = _story(request, pk)
    columns = _columns(request.user)
    back = reverse("portal_story_edit", args=[story.pk])
    if request.method == "POST":
        form = forms.StoryForm(request.POST, request.FILES, columns=columns)

        def run(data):
            column = Column.objects.filter(pk=data["column"]).first() if data["column"] else None
            services.edit_story(story, request.user, data["version"], title=data["title"],
                                summary=data["summary"], body=data["body"], column=column,
                                field=data["field"], photo=data["photo"],
                                photo_caption=data["photo_caption"],
                                remove_photo=data["remove_photo"])

        return workflow.act(request, form, run, back=back, success=_("Đã lưu bài viết."))
    form = forms.StoryForm(initial={
        "version": story.version, "title": story.title, "summary": story.summary,
        "body": story.body, "column": story.column_id, "field": story.field,
        "photo_caption": story.photo_caption}, columns=columns)
    person = (Person.objects.filter(pk=story.subject_id).first()
              if story.subject.type == Subject.INDIVIDUAL else None)
    consents = list(Consent.objects.filter(person=person).order_by("scope", "-given_at")) \
        if person else []
    return render(request, "portal/story_edit.html", {
        "story": story, "form": form, "person": person, "consents": consents,
        "revisions": story.revisions.select_related("by")[:50],
        "missing": services.consent_missing(story),
        "may_write": policy.can(request.user, "write_story", story),
        "may_publish": policy.can(request.user, "publish_story", story),
        "may_unpublish": policy.can(request.user, "unpublish_story", story),
        "may_consent": person is not None and policy.can(request.user, "record_consent", person),
        "editable": story.status in {Story.DRAFT, Story.IN_REVIEW, Story.UNPUBLISHED},
        "note_form": forms.NoteForm(initial={"version": story.version}),
        "publish_form": forms.PublishForm(initial={"version": story.version}),
        "consent_form": forms.ConsentForm(),
    })


def _story_action(request, pk: int, form_class, run, success: str):
    story = _story(request, pk)
    form = form_class(request.POST)
    return workflow.act(request, form, lambda data: run(story, data),
                        back=reverse("portal_story_edit", args=[story.pk]), success=success)


@login_required
@require_POST
def story_submit(request, pk: int):
    return _story_action(request, pk, forms.VersionForm, lambda s, d: services.submit_story(
        s, request.user, d["version"]), _("Đã gửi bài để Thường trực duyệt."))


@login_required
@require_POST
def story_return(request, pk: int):
    return _story_action(request, pk, forms.NoteForm, lambda s, d: services.return_story(
        s, request.user, d["version"], note=d["note"]), _("Đã trả lại bài cho biên tập viên."))


@login_required
@require_POST
def story_publish(request, pk: int):
    return _story_action(request, pk, forms.PublishForm, lambda s, d: services.publish_story(
        s, request.user, d["version"], at=d["publish_at"]), _("Đã đăng (hoặc hẹn giờ đăng) bài."))


@login_required
@require_POST
def story_unpublish(request, pk: int):
    return _story_action(request, pk, forms.NoteForm, lambda s, d: services.unpublish_story(
        s, request.user, d["version"], reason=d["note"]), _("Đã gỡ bài khỏi cổng thông tin."))


@login_required
@require_POST
def consent_add(request, pk: int):
    person = get_object_or_404(Person.objects.select_related("subject", "unit"), pk=pk)
    if not policy.can(request.user, "record_consent", person):
        raise PermissionDenied(_("Người này không thuộc phạm vi của bạn."))
    form = forms.ConsentForm(request.POST)
    back = request.POST.get("back", "")
    if not back.startswith("/editorial/"):
        back = reverse("portal_editorial")
    return workflow.act(request, form, lambda d: services.record_consent(
        request.user, person=person, scope=d["scope"], evidence=d["evidence"]), back=back,
        success=_("Đã ghi nhận sự đồng ý."))


@login_required
@require_POST
def consent_withdraw(request, pk: int):
    consent = get_object_or_404(Consent.objects.select_related("person__unit"), pk=pk)
    if not policy.can(request.user, "record_consent", consent.person):
        raise Http404
    back = request.POST.get("back", "")
    if not back.startswith("/editorial/"):
        back = reverse("portal_editorial")
    return workflow.act(request, forms.WithdrawForm(request.POST),
                        lambda d: services.withdraw_consent(consent, request.user, d["version"],
                                                            evidence=d["evidence"]),
                        back=back, success=_("Đã ghi nhận việc rút lại sự đồng ý: thông tin "
                                             "của người này đã được gỡ khỏi cổng thông tin."))
