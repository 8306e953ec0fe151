"""Plans in force: adoption, the transition table, refusals that change nothing,
the version counter, and who may see and do what (three users per case)."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from dienhinh import workflow
from dienhinh.audit.models import AuditEntry
from dienhinh.orgs.models import Role
from dienhinh.plans import plan_services
from dienhinh.plans.models import Movement, Plan, PlanDeadline, PlanTemplate

LAO_CAI = "lao-cai-sldtbxh-qpan-2022-2025"
COVERING, OTHER_AGENCY, READ_ONLY = "covering", "other_agency", "read_only"


@pytest.fixture
def world(tree, make_user):
    users = {
        COVERING: make_user("vanphong_sct", Role.STANDING_OFFICE, tree["sct"]),
        OTHER_AGENCY: make_user("vanphong_snv", Role.STANDING_OFFICE, tree["other"]),
        READ_ONLY: make_user("hoidong_sct", Role.COUNCIL_MEMBER, tree["sct"]),
    }
    template = PlanTemplate.objects.get(template_id=LAO_CAI)
    plan = plan_services.adopt(users[COVERING], template, tree["sct"], "Số: 12/kh-sct",
                               dt.date(2022, 2, 1), "Xây dựng điển hình tiên tiến")
    return {**tree, "users": users, "template": template, "plan": plan}


def test_adopt_makes_a_draft_with_tasks_units_and_period(world):
    plan = world["plan"]
    assert plan.number == "12/KH-SCT"
    assert plan.status == Plan.DRAFT and plan.version == 1
    assert (plan.start_year, plan.end_year) == (2022, 2025)
    assert plan.template_text == world["template"].text
    steps = list(plan.tasks.values_list("step_id", flat=True))
    assert steps[:3] == ["register", "send_police", "fostering_report"]
    register = plan.tasks.get(step_id="register")
    # responsible_unit_kinds [division, service_unit] → the agency's divisions
    assert {u.code for u in register.responsible_units.all()} == {"SCT_VP", "SCT_QLCN"}
    assert not PlanDeadline.objects.filter(plan=plan).exists()  # generated when in force
    entry = AuditEntry.objects.filter(action="plan.adopt").get()
    assert entry.after["number"] == "12/KH-SCT" and entry.after["status"] == "draft"


def test_adopt_with_movement_parent_reference_and_distribution(world):
    office = world["users"][COVERING]
    movement = Movement.objects.create(name="Toàn dân tham gia xây dựng quốc phòng, an ninh")
    child = plan_services.adopt(
        office, world["template"], world["sct"], "13/KH-SCT", dt.date(2022, 3, 1),
        "Kế hoạch thực hiện", movement=movement, parent=world["plan"],
        parent_reference="Kế hoạch số 45/KH-CAT của Công an tỉnh",
        distribution="Công an tỉnh;\nCác phòng thuộc Sở;\nLưu: VT.",
        responsible={"register": [world["qlcn"]]},
    )
    assert child.parent == world["plan"] and child.movement == movement
    assert child.distribution.splitlines()[0] == "Công an tỉnh;"
    assert [u.code for u in child.tasks.get(step_id="register").responsible_units.all()] == \
        ["SCT_QLCN"]


@pytest.mark.parametrize("number", ["12/QĐ-SCT", "KH-SCT", "12/KH-", "12/KH-sct x", "abc"])
def test_bad_number_is_refused(world, number):
    with pytest.raises(plan_services.PlanError, match="12/KH-SLĐTBXH"):
        plan_services.adopt(world["users"][COVERING], world["template"], world["sct"], number,
                            dt.date(2022, 2, 1), "Kế hoạch")
    assert Plan.objects.count() == 1


def test_adopting_twice_with_the_same_number_is_refused(world):
    with pytest.raises(plan_services.PlanError, match="đã có kế hoạch số 12/KH-SCT"):
        plan_services.adopt(world["users"][COVERING], world["template"], world["sct"],
                            "12/KH-SCT", dt.date(2022, 2, 1), "Lần hai")
    assert Plan.objects.count() == 1


def test_same_number_in_another_agency_is_fine(world, make_user):
    office = make_user("vp_snv", Role.STANDING_OFFICE, world["other"])
    plan = plan_services.adopt(office, world["template"], world["other"], "12/KH-SCT",
                               dt.date(2022, 2, 1), "Kế hoạch khác")
    assert plan.pk != world["plan"].pk


def test_transitions_allowed_in_order(world):
    office, plan = world["users"][COVERING], world["plan"]
    plan_services.put_in_force(office, plan, plan.version)
    assert plan.status == Plan.IN_FORCE and plan.version == 2
    assert PlanDeadline.objects.filter(plan=plan).count() > 0
    plan_services.close_plan(office, plan, plan.version)
    assert plan.status == Plan.CLOSED and plan.version == 3
    actions = list(AuditEntry.objects.filter(target_id=str(plan.pk)).values_list(
        "action", flat=True))
    assert actions == ["plan.adopt", "plan.put_in_force", "plan.close"]
    entry = AuditEntry.objects.get(action="plan.close")
    assert (entry.before["status"], entry.after["status"]) == ("in_force", "closed")


@pytest.mark.parametrize("status, fn", [
    (Plan.DRAFT, "close_plan"),          # closing a draft
    (Plan.IN_FORCE, "put_in_force"),     # putting in force twice
    (Plan.CLOSED, "put_in_force"),       # reopening a closed plan
    (Plan.CLOSED, "close_plan"),         # closing twice
])
def test_forbidden_transitions_change_nothing(world, status, fn):
    plan = world["plan"]
    Plan.objects.filter(pk=plan.pk).update(status=status)
    plan.refresh_from_db()
    audits = AuditEntry.objects.count()
    with pytest.raises(workflow.ForbiddenTransition,
                       match="Không thể (ban hành|kết thúc kế hoạch)"):
        getattr(plan_services, fn)(world["users"][COVERING], plan, plan.version)
    plan.refresh_from_db()
    assert plan.status == status and plan.version == 1
    assert AuditEntry.objects.count() == audits


def test_transition_table_is_the_only_way():
    assert plan_services.TRANSITIONS == {"put_in_force": ({"draft"}, "in_force"),
                                         "close_plan": ({"in_force"}, "closed")}


def test_editing_a_closed_plan_is_refused(world):
    office, plan = world["users"][COVERING], world["plan"]
    plan_services.put_in_force(office, plan, plan.version)
    plan_services.close_plan(office, plan, plan.version)
    with pytest.raises(plan_services.PlanError, match="đã kết thúc"):
        plan_services.update_plan(office, plan, plan.version, title="Sửa sau khi đóng")
    plan.refresh_from_db()
    assert plan.title == "Xây dựng điển hình tiên tiến" and plan.version == 3


def test_second_officer_with_an_old_version_is_told(world, make_user):
    first = world["users"][COVERING]
    second = make_user("vanphong_sct_2", Role.STANDING_OFFICE, world["sct"])
    plan = world["plan"]
    seen = plan.version
    plan_services.update_plan(first, plan, seen, title="Bản của người thứ nhất")
    with pytest.raises(plan_services.StalePlan, match="người khác thay đổi"):
        plan_services.update_plan(second, Plan.objects.get(pk=plan.pk), seen,
                                  title="Bản của người thứ hai")
    plan.refresh_from_db()
    assert plan.title == "Bản của người thứ nhất" and plan.version == 2
    with pytest.raises(plan_services.StalePlan):
        plan_services.put_in_force(second, plan, seen)
    plan.refresh_from_db()
    assert plan.status == Plan.DRAFT


def test_renumbering_to_a_used_number_is_refused(world):
    office = world["users"][COVERING]
    other = plan_services.adopt(office, world["template"], world["sct"], "14/KH-SCT",
                                dt.date(2022, 2, 1), "Khác")
    with pytest.raises(plan_services.PlanError, match="12/KH-SCT"):
        plan_services.update_plan(office, other, other.version, number="12/KH-SCT")
    other.refresh_from_db()
    assert other.number == "14/KH-SCT"


def test_responsible_unit_outside_the_agency_is_refused(world):
    office, plan = world["users"][COVERING], world["plan"]
    with pytest.raises(plan_services.PlanError, match="không thuộc"):
        plan_services.update_plan(office, plan, plan.version, title="Mới",
                                  responsible={"register": [world["other"]]})
    plan.refresh_from_db()
    assert plan.title == "Xây dựng điển hình tiên tiến" and plan.version == 1


def test_services_refuse_users_without_the_role(world):
    for key in (OTHER_AGENCY, READ_ONLY):
        with pytest.raises(PermissionDenied):
            plan_services.put_in_force(world["users"][key], world["plan"], 1)
        with pytest.raises(PermissionDenied):
            plan_services.adopt(world["users"][key], world["template"], world["sct"],
                                "20/KH-SCT", dt.date(2022, 1, 1), "x")


# -- screens ----------------------------------------------------------------------------------
def _post_data(plan, **extra):
    data = {"number": plan.number, "issued_on": "01/02/2022", "title": "Tiêu đề mới",
            "parent_reference": "", "distribution": "Lưu: VT.", "version": plan.version}
    data.update(extra)
    return data


# (view, method, expected for covering / other agency / read-only)
CASES = [
    ("plan_list", "get", (200, 200, 200)),
    ("plan_adopt", "get", (200, 200, 403)),
    ("plan_detail", "get", (200, 404, 200)),
    ("plan_edit", "get", (200, 404, 403)),
    ("plan_edit", "post", (302, 404, 403)),
    ("put_in_force", "post", (302, 404, 403)),
    ("plan_regenerate", "post", (400, 404, 403)),
]


@pytest.mark.parametrize("name, method, expected", CASES)
def test_screen_permissions(client, world, name, method, expected):
    plan = world["plan"]
    for who, status in zip((COVERING, OTHER_AGENCY, READ_ONLY), expected):
        client.force_login(world["users"][who])
        if name == "plan_list" or name == "plan_adopt":
            url = reverse(name)
        elif name == "put_in_force":
            url = reverse("plan_transition", args=[plan.pk, "put_in_force"])
        else:
            url = reverse(name, args=[plan.pk])
        if method == "get":
            response = client.get(url)
        else:
            plan.refresh_from_db()
            response = client.post(url, _post_data(plan))
        assert response.status_code == status, (name, who, response.status_code)


def test_plan_list_shows_only_plans_in_scope(client, world):
    client.force_login(world["users"][OTHER_AGENCY])
    assert "12/KH-SCT" not in client.get(reverse("plan_list")).content.decode()
    client.force_login(world["users"][READ_ONLY])
    assert "12/KH-SCT" in client.get(reverse("plan_list")).content.decode()


def test_division_officer_sees_the_plan_its_unit_leads(client, world, make_user):
    officer = make_user("canbo_qlcn", Role.UNIT_OFFICER, world["qlcn"])
    client.force_login(officer)
    assert client.get(reverse("plan_detail", args=[world["plan"].pk])).status_code == 200
    assert client.get(reverse("plan_edit", args=[world["plan"].pk])).status_code == 403


def test_adopt_screen_creates_a_draft(client, world):
    client.force_login(world["users"][COVERING])
    response = client.post(reverse("plan_adopt"), {
        "template": world["template"].pk, "agency": world["sct"].pk, "number": "15/KH-SCT",
        "issued_on": "20/01/2023", "title": "Kế hoạch năm 2023", "distribution": "Lưu: VT.",
    })
    plan = Plan.objects.get(number="15/KH-SCT")
    assert response.status_code == 302 and response["Location"] == reverse(
        "plan_detail", args=[plan.pk])
    assert plan.issued_on == dt.date(2023, 1, 20)
    page = client.get(response["Location"]).content.decode()
    assert "20/01/2023" in page and "Dự thảo" in page


def test_adopt_screen_refuses_duplicate_number_with_message(client, world):
    client.force_login(world["users"][COVERING])
    response = client.post(reverse("plan_adopt"), {
        "template": world["template"].pk, "agency": world["sct"].pk, "number": "12/KH-SCT",
        "issued_on": "20/01/2023", "title": "Trùng số",
    })
    assert response.status_code == 400
    assert "Cơ quan đã có kế hoạch số 12/KH-SCT" in response.content.decode()
    assert Plan.objects.count() == 1


def test_closing_a_draft_on_screen_answers_409_with_message(client, world):
    client.force_login(world["users"][COVERING])
    plan = world["plan"]
    response = client.post(reverse("plan_transition", args=[plan.pk, "close"]),
                           {"version": plan.version})
    assert response.status_code == 409
    assert "Không thể kết thúc kế hoạch: trạng thái hiện tại là “Dự thảo”" in \
        response.content.decode()
    plan.refresh_from_db()
    assert plan.status == Plan.DRAFT


def test_edit_screen_conflict_keeps_input_and_answers_409(client, world):
    client.force_login(world["users"][COVERING])
    plan = world["plan"]
    old = plan.version
    plan_services.update_plan(world["users"][COVERING], plan, old, title="Đã đổi trước")
    response = client.post(reverse("plan_edit", args=[plan.pk]),
                           _post_data(plan, version=old, title="Bản của tôi"))
    assert response.status_code == 409
    body = response.content.decode()
    assert "người khác thay đổi" in body and "Bản của tôi" in body
    plan.refresh_from_db()
    assert plan.title == "Đã đổi trước"


def test_edit_screen_saves_responsible_units(client, world):
    client.force_login(world["users"][COVERING])
    plan = world["plan"]
    task = plan.tasks.get(step_id="register")
    data = _post_data(plan)
    for t in plan.tasks.all():
        data[f"task_{t.pk}"] = [u.pk for u in t.responsible_units.all()]
    data[f"task_{task.pk}"] = [world["vp"].pk]
    response = client.post(reverse("plan_edit", args=[plan.pk]), data)
    assert response.status_code == 302
    assert [u.code for u in task.responsible_units.all()] == ["SCT_VP"]
    entry = AuditEntry.objects.filter(action="plan.update").get()
    assert entry.before["responsible"]["register"] == ["SCT_QLCN", "SCT_VP"]
    assert entry.after["responsible"]["register"] == ["SCT_VP"]


def test_regenerate_on_screen_is_audited(client, world):
    office, plan = world["users"][COVERING], world["plan"]
    plan_services.put_in_force(office, plan, plan.version)
    client.force_login(office)
    response = client.post(reverse("plan_regenerate", args=[plan.pk]))
    assert response.status_code == 302
    entry = AuditEntry.objects.get(action="plan.regenerate_deadlines")
    assert entry.after == {"changed": 0}
