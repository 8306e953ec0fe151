"""Screens to add, correct and delete ledger records and their evidence files.

Objects out of the user's scope answer 404; objects the user may see but not
edit answer 403 (dienhinh.policy decides both).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from dienhinh import policy
from dienhinh.core.files import login_or_404, serve_private
from dienhinh.core.uploads import refused_upload
from dienhinh.orgs.models import Subject

from . import services
from .forms import AchievementForm, DeleteForm, EvidenceForm
from .models import Achievement, Evidence


def _subject_page(subject: Subject) -> str:
    name = "person_detail" if subject.type == Subject.INDIVIDUAL else "unit_detail"
    return reverse(name, kwargs={"code": subject.code})


def _visible_subject(user, code: str) -> Subject:
    return get_object_or_404(
        policy.subjects(user).select_related("unit", "person__unit"), code=code
    )


def _visible_achievement(user, pk: int) -> Achievement:
    queryset = policy.filter_by_subject(
        user, Achievement.objects.select_related("subject", "code")
    )
    return get_object_or_404(queryset, pk=pk)


def _require(user, action: str, obj) -> None:
    if not policy.can(user, action, obj):
        raise PermissionDenied(_("Bạn không có quyền này."))


@login_required
@require_http_methods(["GET", "POST"])
def achievement_add(request, code: str):
    subject = _visible_subject(request.user, code)
    _require(request.user, "edit_ledger", subject)
    form = AchievementForm(request.POST or None, subject=subject)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.add_achievement(form.instance, request.user)
        except services.DuplicateRecord as exc:
            form.add_error(None, str(exc))
            status = 409
        else:
            messages.success(request, _("Đã thêm bản ghi thành tích."))
            return redirect(_subject_page(subject))
    return render(
        request, "ledger/achievement_form.html",
        {"form": form, "subject": subject, "back": _subject_page(subject)}, status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def achievement_edit(request, pk: int):
    achievement = _visible_achievement(request.user, pk)
    subject = achievement.subject
    _require(request.user, "edit_ledger", subject)
    form = AchievementForm(request.POST or None, instance=achievement, subject=subject)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.correct_achievement(
                form.instance, form.cleaned_data.get("version") or 0, request.user
            )
        except (services.StaleRecord, services.DuplicateRecord) as exc:
            # The bound form is shown again: what the user typed is kept on the page.
            form.add_error(None, str(exc))
            status = 409
        else:
            messages.success(request, _("Đã lưu thay đổi."))
            return redirect(_subject_page(subject))
    current = None
    if status == 409:  # show what is stored now beside what the user typed
        current = Achievement.objects.filter(pk=pk).select_related("code").first()
    return render(
        request, "ledger/achievement_form.html",
        {"form": form, "subject": subject, "achievement": achievement, "current": current,
         "back": _subject_page(subject)},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def achievement_delete(request, pk: int):
    achievement = _visible_achievement(request.user, pk)
    subject = achievement.subject
    _require(request.user, "edit_ledger", subject)
    form = DeleteForm(request.POST or None, initial={"version": achievement.version})
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.delete_achievement(achievement, form.cleaned_data["version"], request.user)
        except services.StaleRecord as exc:
            form.add_error(None, str(exc))
            status = 409
        else:
            messages.success(request, _("Đã xóa bản ghi thành tích."))
            return redirect(_subject_page(subject))
    return render(
        request, "ledger/achievement_confirm_delete.html",
        {"form": form, "achievement": achievement, "subject": subject,
         "back": _subject_page(subject)},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def evidence_upload(request, pk: int):
    achievement = _visible_achievement(request.user, pk)
    _require(request.user, "edit_ledger", achievement.subject)
    posted = request.method == "POST"
    form = EvidenceForm(request.POST if posted else None, request.FILES if posted else None)
    status = 400 if posted else 200
    refused = refused_upload(request) if posted else None
    if refused:
        form.is_valid()
        form.errors.pop("file", None)
        form.add_error("file", refused)
        status = 413
    elif posted and form.is_valid():
        services.add_evidence(achievement, form.cleaned_data["file"], request.user)
        messages.success(request, _("Đã tải lên tệp minh chứng."))
        return redirect(_subject_page(achievement.subject))
    return render(
        request, "ledger/evidence_form.html",
        {"form": form, "achievement": achievement, "back": _subject_page(achievement.subject)},
        status=status,
    )


def _visible_evidence(user, pk: int) -> Evidence:
    queryset = policy.filter_by_subject(
        user, Evidence.objects.select_related("achievement__subject"), field="achievement__subject"
    )
    return get_object_or_404(queryset, pk=pk)


@login_or_404
def evidence_download(request, pk: int):
    """Evidence is served through the policy, never as a public media URL."""
    evidence = _visible_evidence(request.user, pk)
    return serve_private(request, evidence.file, evidence.name)


@login_required
@require_http_methods(["GET", "POST"])
def evidence_delete(request, pk: int):
    evidence = _visible_evidence(request.user, pk)
    subject = evidence.achievement.subject
    _require(request.user, "edit_ledger", subject)
    if request.method == "POST":
        services.delete_evidence(evidence, request.user)
        messages.success(request, _("Đã xóa tệp minh chứng."))
        return redirect(_subject_page(subject))
    return render(
        request, "ledger/evidence_confirm_delete.html",
        {"evidence": evidence, "back": _subject_page(subject)},
    )
