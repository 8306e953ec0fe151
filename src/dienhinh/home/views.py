"""Login and the home page.

The home page is a list of small sections, each a template and a function that
builds its context for the user; a section returns None when it has nothing to
say to this user. The tasks section comes first: ballots to cast, drafts to sign,
dossiers to appraise, lists to compile, registrations due with their quota gaps,
deadlines of the next 30 days and overdue ones (`home_tasks`), then this year's work
by stage as a small chart drawn on the server.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dienhinh import policy
from dienhinh.catalogue import labels
from dienhinh.catalogue.models import AchievementCode
from dienhinh.ledger import state as ledger_state
from dienhinh.ledger.models import Achievement
from dienhinh.orgs.models import Role


class LoginView(auth_views.LoginView):
    template_name = "registration/login.html"
    redirect_authenticated_user = True


# What each role comes for (DESIGN.md, "Users"), shown at the top of the page.
ROLE_PURPOSE = {
    Role.ADMINISTRATOR: _("Quản lý cây tổ chức, người dùng, phân quyền và danh mục."),
    Role.STANDING_OFFICE: _(
        "Phát hiện nhân tố mới từ sổ thành tích, thẩm định hồ sơ, tổng hợp danh sách và báo cáo."
    ),
    Role.UNIT_OFFICER: _(
        "Cập nhật sổ thành tích, đăng ký và bồi dưỡng điển hình, chuẩn bị hồ sơ của đơn vị."
    ),
    Role.COUNCIL_MEMBER: _("Nghiên cứu hồ sơ đề nghị và bỏ phiếu kín."),
    Role.HEAD: _("Theo dõi kết quả và ký quyết định công nhận."),
    Role.EDITOR: _("Tuyên truyền, đăng tải câu chuyện về các gương điển hình."),
}


@dataclass(frozen=True)
class Section:
    template: str
    build: Callable  # (request) -> dict | None


def _roles(request):
    rows = [
        {"label": a.get_role_display(), "unit": a.unit, "purpose": ROLE_PURPOSE.get(a.role, "")}
        for a in policy.assignments(request.user)
    ]
    return {"assignments": rows, "superuser": request.user.is_superuser}


def _ledger(request) -> dict:
    """The scope's counts and its latest ledger changes, computed once per ledger
    version: what they show (records, people, units, subjects' names) changes only with
    the tables that raise it. Keyed by the scope's paths, not the user: every officer of
    a department shares them. Read once per request for the two sections."""
    found = getattr(request, "_home_ledger", None)
    if found is None:
        user = request.user

        def compute() -> dict:
            records = policy.filter_by_subject(user, Achievement.objects.all())
            return {
                "units_count": policy.units(user).filter(valid_to__isnull=True).count(),
                "people_count": policy.people(user).count(),
                "records_count": records.count(),
                "recent": list(records.order_by("-updated_at", "-id").values_list(
                    "subject__type", "subject__code", "subject__name", "code", "year",
                    "updated_at")[:10]),
            }

        found = request._home_ledger = ledger_state.cached(
            "home-ledger", [policy.scope_key(user)], compute)
    return found


def _counts(request):
    found = _ledger(request)
    return {key: found[key] for key in ("units_count", "people_count", "records_count")}


def _shortcuts(request):
    user = request.user
    links = [
        (_("Cây đơn vị"), reverse("unit_tree")),
        (_("Danh sách cá nhân"), reverse("person_list")),
        (_("Tìm kiếm người, đơn vị"), reverse("search")),
    ]
    if policy.can(user, "discover"):
        links.append((_("Phát hiện điển hình"), reverse("discovery")))
        links.append((_("Tổng quan phát hiện điển hình"), reverse("discovery_overview")))
    if policy.can(user, "import"):
        links.append((_("Nhập dữ liệu từ tệp CSV, XLSX"), reverse("import_start")))
    if user.is_staff and (policy.can(user, "manage_org") or user.is_superuser):
        links.append((_("Trang quản trị"), reverse("admin:index")))
    return {"links": links}


@dataclass(frozen=True)
class RecentRecord:
    person: bool  # else a unit: which page the name links to
    code: str     # the subject's
    name: str
    label: str    # the title or award, in the reader's language
    year: int
    updated_at: dt.datetime

    @property
    def updated(self) -> str:
        """The date and time of the change, as the list shows it ("d/m/Y H:i" of the
        local time): formatted here, the template's date filter costs more per row."""
        return timezone.localtime(self.updated_at).strftime("%d/%m/%Y %H:%M")


def _recent_changes(request):
    """Ledger records added or corrected lately, within the user's scope."""
    rows = _ledger(request)["recent"]
    # The titles' names are the catalogue's, which the ledger's version does not follow:
    # read afresh.
    names = {code: labels.pick(vi, en) for code, vi, en in AchievementCode.objects.filter(
        code__in={row[3] for row in rows}).values_list("code", "name", "name_en")
        } if rows else {}
    return {"records": [
        RecentRecord(kind == "individual", code, name, names.get(title, title), year, updated)
        for kind, code, name, title, year, updated in rows]}


def _today():
    from dienhinh.exemplars.services import today

    return today()


def _tasks(request):
    """What waits for the user: each item links to the page where it is done."""
    from . import home_tasks

    today = _today()
    overdue, upcoming = home_tasks.deadlines(request.user, today)
    return {"tasks": home_tasks.tasks(request.user, today), "overdue": overdue,
            "upcoming": upcoming, "today": today}


def _chart(request):
    from . import home_tasks

    today = _today()
    bars = home_tasks.pipeline(request.user, today)
    if not bars:
        return None
    for n, bar in enumerate(bars):  # coordinates of the server-drawn SVG
        bar.y, bar.px = 6 + n * 26, round(bar.width * 2.1)
        bar.text_y, bar.text_x = bar.y + 14, 150 + bar.px + 6
    return {"bars": bars, "year": today.year, "height": 12 + len(bars) * 26}


HOME_SECTIONS: list[Section] = [
    Section("core/home_roles.html", _roles),
    Section("core/home_tasks.html", _tasks),
    Section("core/home_chart.html", _chart),
    Section("core/home_counts.html", _counts),
    Section("core/home_shortcuts.html", _shortcuts),
    Section("core/home_recent.html", _recent_changes),
]


@login_required
def home(request):
    """Home page per role: what each role comes for, within its scope."""
    sections = []
    for section in HOME_SECTIONS:
        data = section.build(request)
        if data is not None:
            sections.append({"template": section.template, "data": data})
    return render(request, "core/home.html", {"sections": sections})
