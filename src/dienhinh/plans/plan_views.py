"""Screens of plans in force, their deadlines, the calendar and the iCalendar feed.

Views are thin: rules live in `plan_services`. A plan out of the user's scope is
"not found" (404); in scope but not allowed (e.g. a council member trying to
close a plan) is 403.
"""

from __future__ import annotations

import calendar as pycalendar
import datetime as dt
from collections import defaultdict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dienhinh import policy, workflow

from . import calendar_sources, ical, plan_services
from .models import CalendarFeed, Plan
from .plan_forms import AdoptForm, EditForm, FeedForm

MONTHS = [gettext_lazy("Tháng Một"), gettext_lazy("Tháng Hai"), gettext_lazy("Tháng Ba"), gettext_lazy("Tháng Tư"), gettext_lazy("Tháng Năm"), gettext_lazy("Tháng Sáu"),
          gettext_lazy("Tháng Bảy"), gettext_lazy("Tháng Tám"), gettext_lazy("Tháng Chín"), gettext_lazy("Tháng Mười"), gettext_lazy("Tháng Mười Một"),
          gettext_lazy("Tháng Mười Hai")]
WEEKDAYS = [gettext_lazy("Thứ Hai"), gettext_lazy("Thứ Ba"), gettext_lazy("Thứ Tư"), gettext_lazy("Thứ Năm"), gettext_lazy("Thứ Sáu"), gettext_lazy("Thứ Bảy"), gettext_lazy("Chủ Nhật")]
# What the template's duties are called on screen (codes are never shown).
CHANNEL_LABELS = {
    "portal_column": gettext_lazy("Chuyên mục trên cổng thông tin điện tử"),
    "website": gettext_lazy("Trang thông tin điện tử"),
    "radio": gettext_lazy("Đài truyền thanh"),
    "bulletin": gettext_lazy("Bản tin"),
    "media": gettext_lazy("Phương tiện truyền thông"),
    "articles": gettext_lazy("Bài viết gửi ban biên tập"),
    "announcement": gettext_lazy("Thông báo, giới thiệu tại cơ quan, đơn vị"),
    "staff_outreach": gettext_lazy("Tuyên truyền tới cán bộ, công chức, viên chức"),
    "study_visit": gettext_lazy("Tham quan, học tập kinh nghiệm"),
    "conference": gettext_lazy("Hội nghị, tôn vinh"),
    "other": gettext_lazy("Hình thức khác"),
}
BENEFIT_LABELS = {
    "reward": gettext_lazy("Khen thưởng"), "certificate": gettext_lazy("Giấy công nhận"),
    "bonus": gettext_lazy("Bằng khen và tiền thưởng"),
    "study_visit": gettext_lazy("Giao lưu, học tập kinh nghiệm"),
    "other": gettext_lazy("Quyền lợi khác"),
}
REVIEW_LABELS = {"yearly": gettext_lazy("Sơ kết hằng năm"),
                 "midterm": gettext_lazy("Sơ kết giữa giai đoạn"),
                 "final": gettext_lazy("Tổng kết giai đoạn")}


def _duties(plan: Plan) -> dict:
    t = plan_services.frozen_template(plan)
    return {
        "replication": [(CHANNEL_LABELS[r.channel], r) for r in t.replication],
        "benefits": [(BENEFIT_LABELS[b.kind], b) for b in t.benefits],
        "reviews": [(REVIEW_LABELS[r.kind], r) for r in t.reviews],
    }


# URL action -> service function; ACTION_OF maps the table's function names back.
ACTION_OF = {"put_in_force": "put_in_force", "close_plan": "close"}
TRANSITION_ACTIONS = {"put_in_force": plan_services.put_in_force,
                      "close": plan_services.close_plan}


def _plan(user, pk: int) -> Plan:
    plan = plan_services.visible_plans(user).filter(pk=pk).select_related(
        "template", "agency__subject", "movement", "parent").first()
    if plan is None:
        raise Http404(_("Không có kế hoạch này."))
    return plan


def _may_manage(user, plan: Plan) -> bool:
    return policy.can(user, "manage_plans", plan.agency)


@login_required
def plan_list(request):
    plans = plan_services.visible_plans(request.user).select_related(
        "agency__subject", "template").order_by("-issued_on", "number")
    return render(request, "plans/plan_list.html", {
        "plans": plans, "may_adopt": policy.can(request.user, "manage_plans"),
    })


@login_required
@require_http_methods(["GET", "POST"])
def plan_adopt(request):
    if not policy.can(request.user, "manage_plans"):
        raise PermissionDenied
    form = AdoptForm(request.POST or None, user=request.user,
                     initial={"template": request.GET.get("template")})
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                plan = plan_services.adopt(
                    request.user, data["template"], data["agency"], data["number"],
                    data["issued_on"], data["title"], movement=data["movement"],
                    parent=data["parent"], parent_reference=data["parent_reference"],
                    distribution=data["distribution"],
                )
            except plan_services.PlanError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("Đã ban hành dự thảo kế hoạch %(n)s.")
                                 % {"n": plan.number})
                return redirect("plan_detail", plan.pk)
    return render(request, "plans/plan_adopt.html", {"form": form}, status=status)


def _detail(request, plan: Plan, error: str | None = None, status: int = 200):
    deadlines = plan.deadlines.select_related("task").prefetch_related(
        "task__responsible_units__subject")
    by_year = defaultdict(list)
    for d in deadlines:
        by_year[d.year].append(d)
    return render(request, "plans/plan_detail.html", {
        "plan": plan, "error": error,
        "tasks": plan.tasks.prefetch_related("responsible_units__subject"),
        "by_year": sorted(by_year.items()),
        "may_manage": _may_manage(request.user, plan),
        "distribution": [line for line in plan.distribution.splitlines() if line.strip()],
        "transitions": [ACTION_OF[fn] for fn, (starts, _end) in
                        plan_services.TRANSITIONS.items() if plan.status in starts],
        "today": timezone.localdate(),
        "clashes": plan_services.clashes(plan),
        "duties": _duties(plan),
    }, status=status)


@login_required
def plan_detail(request, pk: int):
    return _detail(request, _plan(request.user, pk))


@login_required
@require_http_methods(["GET", "POST"])
def plan_edit(request, pk: int):
    plan = _plan(request.user, pk)
    if not _may_manage(request.user, plan):
        raise PermissionDenied
    initial = {"number": plan.number, "issued_on": plan.issued_on, "title": plan.title,
               "movement": plan.movement_id, "parent": plan.parent_id,
               "parent_reference": plan.parent_reference, "distribution": plan.distribution,
               "version": plan.version}
    form = EditForm(request.POST or None, plan=plan, user=request.user, initial=initial)
    status = 200
    if plan.status == Plan.CLOSED and request.method == "GET":
        form.add_error(None, _("Kế hoạch đã kết thúc, không sửa được."))
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                plan_services.update_plan(
                    request.user, plan, data["version"], number=data["number"],
                    issued_on=data["issued_on"], title=data["title"],
                    movement=data["movement"], parent=data["parent"],
                    parent_reference=data["parent_reference"],
                    distribution=data["distribution"], responsible=form.responsible(),
                )
            except workflow.WorkflowError as exc:
                form.add_error(None, str(exc))
                status = exc.status
            else:
                messages.success(request, _("Đã lưu kế hoạch."))
                return redirect("plan_detail", plan.pk)
    return render(request, "plans/plan_edit.html", {"form": form, "plan": plan},
                  status=status)


@login_required
@require_POST
def plan_transition(request, pk: int, action: str):
    plan = _plan(request.user, pk)
    fn = TRANSITION_ACTIONS.get(action)
    if fn is None:
        raise Http404
    if not _may_manage(request.user, plan):
        raise PermissionDenied
    try:
        # The service parses the version: missing or garbage → 400, stale → 409.
        fn(request.user, plan, request.POST.get("version"))
    except workflow.WorkflowError as exc:
        plan.refresh_from_db()
        return _detail(request, plan, str(exc), exc.status)
    messages.success(request, _("Kế hoạch: %(s)s.") % {"s": plan.get_status_display()})
    return redirect("plan_detail", plan.pk)


@login_required
@require_POST
def plan_regenerate(request, pk: int):
    plan = _plan(request.user, pk)
    if not _may_manage(request.user, plan):
        raise PermissionDenied
    try:
        changed = plan_services.regenerate_deadlines(request.user, plan)
    except workflow.WorkflowError as exc:
        return _detail(request, plan, str(exc), exc.status)
    messages.success(request, _("Đã cập nhật hạn: %(n)s thay đổi.") % {"n": changed})
    return redirect("plan_detail", plan.pk)


@login_required
@require_POST
def deadline_done(request, pk: int):
    deadline = plan_services.relevant_deadlines(request.user).filter(pk=pk).first()
    if deadline is None:
        raise Http404
    if not plan_services.may_complete(request.user, deadline):
        raise PermissionDenied
    plan_services.complete_deadline(request.user, deadline, request.POST.get("done") != "0")
    back = request.POST.get("next") or reverse("plan_calendar")
    if not back.startswith("/"):
        back = reverse("plan_calendar")
    return redirect(back)


# -- calendar ---------------------------------------------------------------------------------
def _int(value, default, lo, hi):
    try:
        number = int(value)
    except (TypeError, ValueError):
        return default
    return number if lo <= number <= hi else default


@login_required
def plan_calendar(request):
    today = timezone.localdate()
    year = _int(request.GET.get("year"), today.year, 1900, 2999)
    month = _int(request.GET.get("month"), today.month, 1, 12)
    view = "list" if request.GET.get("view") == "list" else "month"
    deadlines = plan_services.relevant_deadlines(request.user).prefetch_related(
        "task__responsible_units__subject")
    if view == "list":
        deadlines = deadlines.filter(due__year=year).order_by("due", "pk")
        weeks = []
    else:
        weeks = pycalendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
        deadlines = deadlines.filter(due__gte=weeks[0][0], due__lte=weeks[-1][-1]).order_by(
            "due", "pk")
    deadlines = list(deadlines)
    by_day = defaultdict(list)
    for d in deadlines:
        by_day[d.due].append(d)
    # other apps' dated work in the user's reach (a scoring round's due date …)
    extra = calendar_sources.events(
        request.user, *((dt.date(year, 1, 1), dt.date(year, 12, 31)) if view == "list"
                        else (weeks[0][0], weeks[-1][-1])))
    extra_by_day = defaultdict(list)
    for e in extra:
        extra_by_day[e.due].append(e)
    # The plans' own contradicting dates in the year shown, said once per plan and year.
    shown, years = {}, defaultdict(set)
    for d in deadlines:
        if view == "list" or (d.due.year, d.due.month) == (year, month):
            shown[d.plan_id] = d.plan
            years[d.plan_id].add(d.year)
    clashes = [(p, c) for pk, p in shown.items()
               for c in plan_services.clashes(p, sorted(years[pk]))]
    prev_month = (year - 1, 12) if month == 1 else (year, month - 1)
    next_month = (year + 1, 1) if month == 12 else (year, month + 1)
    return render(request, "plans/plan_calendar.html", {
        "view": view, "year": year, "month": month, "month_name": MONTHS[month - 1],
        "weekdays": WEEKDAYS, "today": today, "deadlines": deadlines,
        # Each day's cell with its classes, date and number written here: forty-two
        # cells of `|date` and tests cost the template 1 ms of CPU.
        "weeks": [[(by_day.get(day, []), extra_by_day.get(day, []),
                    ("other-month" if day.month != month else "")
                    + (" today" if day == today else ""), f"{day:%d/%m/%Y}", day.day)
                   for day in week] for week in weeks],
        "extra": [e for e in extra if view == "list" or (e.due.year, e.due.month) == (year, month)],
        "prev": prev_month, "next": next_month,
        "months": list(enumerate(MONTHS, start=1)),
        "doable": {d.pk for d in deadlines if plan_services.may_complete(request.user, d)},
        "clashes": clashes,
    })


@login_required
@require_GET
def calendar_feed(request):
    """The page that shows the user's secret feed URL; reading it creates nothing."""
    feed = CalendarFeed.objects.filter(user=request.user).first()
    url = (request.build_absolute_uri(reverse("plan_calendar_ics", args=[feed.token]))
           if feed else "")
    return render(request, "plans/plan_calendar_feed.html", {"url": url, "form": FeedForm()})


@login_required
@require_POST
def calendar_feed_new(request):
    """Create the user's feed URL, or replace it (the old one stops working)."""
    existed = CalendarFeed.objects.filter(user=request.user).exists()
    return workflow.act(
        request, FeedForm(request.POST), lambda data: ical.feed_for(request.user, reset=True),
        back=reverse("plan_calendar_feed"),
        success=_("Đã tạo đường dẫn mới; đường dẫn cũ không dùng được nữa.") if existed
        else _("Đã tạo đường dẫn lịch."))


@require_GET
def calendar_ics(request, token: str):
    """No session: the secret token is the credential."""
    feed = CalendarFeed.objects.filter(token=token).select_related("user").first()
    if feed is None or not feed.user.is_active:
        raise Http404
    # Every deadline of the plans in force: a five-year plan has a few dozen.
    deadlines = plan_services.relevant_deadlines(feed.user).order_by("due", "pk")
    response = HttpResponse(ical.calendar_bytes(deadlines,
                                                extra=calendar_sources.events(feed.user)),
                            content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="dienhinh.ics"'
    response["Cache-Control"] = "private, max-age=300"
    return response

