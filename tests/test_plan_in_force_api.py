"""REST API of plans in force, deadlines, the inbox and feedback: the same policy
and services as the screens (404 out of scope, 403 read-only, 409 stale)."""

import datetime as dt

import pytest
from rest_framework.test import APIClient

from dienhinh.notifications import services as notes
from dienhinh.orgs.models import Role
from dienhinh.plans import plan_services
from dienhinh.plans.models import Plan, PlanTemplate


@pytest.fixture
def world(tree, make_user):
    users = {
        "covering": make_user("vanphong_sct", Role.STANDING_OFFICE, tree["sct"]),
        "other_agency": make_user("vanphong_snv", Role.STANDING_OFFICE, tree["other"]),
        "read_only": make_user("hoidong_sct", Role.COUNCIL_MEMBER, tree["sct"]),
    }
    template = PlanTemplate.objects.get(template_id="lao-cai-sldtbxh-qpan-2022-2025")
    plan = plan_services.adopt(users["covering"], template, tree["sct"], "12/KH-SCT",
                               dt.date(2022, 2, 1), "Xây dựng điển hình")
    return {**tree, "users": users, "plan": plan}


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_transition_through_the_api(world):
    plan, client = world["plan"], api(world["users"]["covering"])
    url = f"/api/plans/{plan.pk}/put-in-force/"
    assert api(world["users"]["other_agency"]).post(url, {"version": 1}, format="json") \
        .status_code == 404
    assert api(world["users"]["read_only"]).post(url, {"version": 1}, format="json") \
        .status_code == 403
    assert client.post(url, {"version": "x"}, format="json").status_code == 400
    response = client.post(url, {"version": 1}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "in_force"
    stale = client.post(f"/api/plans/{plan.pk}/close/", {"version": 1}, format="json")
    assert stale.status_code == 409
    again = client.post(url, {"version": 2}, format="json")
    assert again.status_code == 409 and "Không thể ban hành" in str(again.json())
    plan.refresh_from_db()
    assert plan.status == Plan.IN_FORCE and plan.version == 2


def test_plan_list_and_detail_are_scoped(world):
    plan = world["plan"]
    body = api(world["users"]["read_only"]).get("/api/plans/").json()
    assert [p["number"] for p in body["results"]] == ["12/KH-SCT"]
    detail = api(world["users"]["read_only"]).get(f"/api/plans/{plan.pk}/").json()
    assert detail["tasks"][0]["step_id"] == "register"
    assert set(detail["tasks"][0]["responsible_units"]) == {"SCT_VP", "SCT_QLCN"}
    assert api(world["users"]["other_agency"]).get("/api/plans/").json()["results"] == []
    assert api(world["users"]["other_agency"]).get(f"/api/plans/{plan.pk}/").status_code == 404


def test_deadlines_filter_by_year(world):
    plan, office = world["plan"], world["users"]["covering"]
    plan_services.put_in_force(office, plan, plan.version)
    rows = api(office).get("/api/deadlines/", {"year": 2022}).json()["results"]
    register = [r for r in rows if r["step_id"] == "register"]
    assert [r["due"] for r in register] == ["2022-03-05"]
    assert api(office).get("/api/deadlines/", {"year": "abc"}).status_code == 400
    assert api(world["users"]["other_agency"]).get("/api/deadlines/").json()["results"] == []


def test_inbox_and_feedback(world, make_user):
    officer = make_user("canbo", Role.UNIT_OFFICER, world["qlcn"])
    note = notes.notify([officer], "Nhắc hạn", email=False)[0]
    assert api(world["users"]["covering"]).post(f"/api/notifications/{note.pk}/read/") \
        .status_code == 404
    response = api(officer).post(f"/api/notifications/{note.pk}/read/")
    assert response.status_code == 200 and response.json()["read_at"]
    f = notes.send_feedback(officer, world["qlcn"], "Vướng mắc", "Nội dung")
    assert api(world["users"]["covering"]).get(f"/api/feedback/{f.pk}/").json()["status"] \
        == "open"
    assert api(world["users"]["other_agency"]).get(f"/api/feedback/{f.pk}/").status_code == 404
