"""Inbox and feedback screens. Rules live in `services`; out of scope is 404."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dienhinh import policy, workflow

from . import services
from .forms import STATUS_FILTER, CloseForm, FeedbackForm, MessageForm
from .models import Feedback, Notification


# -- inbox --------------------------------------------------------------------------------
@login_required
def inbox(request):
    qs = Notification.objects.filter(user=request.user)
    if request.GET.get("unread"):
        qs = qs.filter(read_at__isnull=True)
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    return render(request, "notifications/inbox.html", {
        "page": page, "unread": services.unread_count(request.user),
        "only_unread": bool(request.GET.get("unread")),
    })


def _own(request, pk: int) -> Notification:
    note = Notification.objects.filter(pk=pk, user=request.user).first()
    if note is None:  # another user's notification is "not found"
        raise Http404
    return note


@login_required
def notification_open(request, pk: int):
    """Mark read and follow the link (only to this site)."""
    note = _own(request, pk)
    services.mark_read(request.user, note)
    if note.url and url_has_allowed_host_and_scheme(
        note.url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(note.url)
    return redirect("notification_inbox")


@login_required
@require_POST
def notification_read(request, pk: int):
    services.mark_read(request.user, _own(request, pk))
    if request.htmx:
        return render(request, "notifications/_item.html",
                      {"note": _own(request, pk)})
    return redirect("notification_inbox")


@login_required
@require_POST
def notification_read_all(request):
    count = services.mark_read(request.user)
    messages.success(request, _("Đã đánh dấu %(n)s thông báo là đã đọc.") % {"n": count})
    return redirect("notification_inbox")


# -- feedback -----------------------------------------------------------------------------
@login_required
def feedback_list(request):
    qs = services.visible_feedback(request.user).select_related(
        "unit__subject", "office_unit__subject")
    status = request.GET.get("status", "")
    if status in dict(Feedback.STATUS_CHOICES):
        qs = qs.filter(status=status)
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    return render(request, "notifications/feedback_list.html", {
        "page": page, "status": status, "statuses": STATUS_FILTER,
        "may_send": policy.can(request.user, "send_feedback"),
    })


@login_required
@require_http_methods(["GET", "POST"])
def feedback_new(request):
    units = policy.units(request.user, "send_feedback").select_related("subject").order_by(
        "path")
    if not units.exists():
        raise PermissionDenied
    form = FeedbackForm(request.POST or None, units=units)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            feedback = services.send_feedback(request.user, form.cleaned_data["unit"],
                                              form.cleaned_data["subject"],
                                              form.cleaned_data["body"])
        except services.FeedbackError as exc:
            form.add_error(None, str(exc))
            status = 400
        else:
            messages.success(request, _("Đã gửi phản ánh tới thường trực."))
            return redirect("feedback_detail", feedback.pk)
    elif request.method == "POST":
        status = 400
    return render(request, "notifications/feedback_new.html", {"form": form}, status=status)


def _visible(request, pk: int) -> Feedback:
    feedback = services.visible_feedback(request.user).filter(pk=pk).select_related(
        "unit__subject", "office_unit__subject", "created_by").first()
    if feedback is None:
        raise Http404
    return feedback


@login_required
@require_GET
def feedback_detail(request, pk: int):
    return _feedback_page(request, _visible(request, pk))


def _feedback_action(action: str):
    """One POST view per action on a feedback thread (answer, reply, close)."""
    @login_required
    @require_POST
    def view(request, pk: int):
        feedback = _visible(request, pk)
        may_answer = services.may_answer(request.user, feedback)
        may_reply = services.may_reply(request.user, feedback)
        if (action == "answer" and not may_answer) or (action == "reply" and not may_reply) \
                or (action == "close" and not (may_answer or may_reply)):
            raise PermissionDenied
        form = (CloseForm if action == "close" else MessageForm)(request.POST)
        if not form.is_valid():
            return _feedback_page(request, feedback, str(workflow.FormRefused(form)), 400)
        version, body = form.cleaned_data["version"], form.cleaned_data.get("body", "")
        try:
            if action == "answer":
                services.answer_feedback(request.user, feedback, body, version)
            elif action == "reply":
                services.reply_feedback(request.user, feedback, body, version)
            else:
                services.close_feedback(request.user, feedback, version)
        except workflow.WorkflowError as exc:
            feedback.refresh_from_db()
            return _feedback_page(request, feedback, str(exc), exc.status)
        messages.success(request, _("Đã cập nhật phản ánh."))
        return redirect("feedback_detail", feedback.pk)
    return view


feedback_answer = _feedback_action("answer")
feedback_reply = _feedback_action("reply")
feedback_close = _feedback_action("close")


def _feedback_page(request, feedback, error=None, status=200):
    may_answer = services.may_answer(request.user, feedback)
    may_reply = services.may_reply(request.user, feedback)
    # After a conflict the page shows the newer thread and keeps what the user typed.
    form = MessageForm(initial={"version": feedback.version,
                                "body": request.POST.get("body", "") if error else ""})
    return render(request, "notifications/feedback_detail.html", {
        "feedback": feedback,
        "thread": feedback.messages.select_related("author"),
        "form": form, "error": error, "may_answer": may_answer, "may_reply": may_reply,
    }, status=status)
