"""Login and the home page.

The home page is a list of small sections, each a template and a function that
builds its context for the user; a section returns None when it has nothing to
say to this user. Later work (deadlines, dossiers to appraise, ballots to cast,
stories to publish) adds a section to HOME_SECTIONS instead of rewriting the page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from dienhinh import policy
from dienhinh.ledger import state as ledger_state
from dienhinh.ledger.models import Achievement
from dienhinh.orgs.models import Role, RoleAssignment


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
    assignments = (
        RoleAssignment.objects.filter(user=request.user)
        .select_related("unit__subject")
        .order_by("role", "unit__path")
    )
    rows = [
        {"label": a.get_role_display(), "unit": a.unit, "purpose": ROLE_PURPOSE.get(a.role, "")}
        for a in assignments
    ]
    return {"assignments": rows, "superuser": request.user.is_superuser}


def _counts(request):
    user = request.user
    # Keyed by the scope's paths, not the user: every officer of a department shares them.
    scope = policy.scope_key(user)
    return ledger_state.cached("home-counts", [scope], lambda: {
        "units_count": policy.units(user).filter(valid_to__isnull=True).count(),
        "people_count": policy.people(user).count(),
        "records_count": policy.filter_by_subject(user, Achievement.objects.all()).count(),
    })


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


def _recent_changes(request):
    """Ledger records added or corrected lately, within the user's scope."""
    records = (
        policy.filter_by_subject(request.user, Achievement.objects.all())
        .select_related("subject", "code")
        .order_by("-updated_at", "-id")[:10]
    )
    return {"records": list(records)}


HOME_SECTIONS: list[Section] = [
    Section("core/home_roles.html", _roles),
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
