"""REST API of registrations, fostering plans and nominations: the same rules and scope as
the screens; bad input answers 4xx with the field and the reason, never 500."""

import io

import pytest
from django.test import override_settings
from docx import Document
from rest_framework.test import APIClient

from dienhinh.exemplars.models import Nomination, Registration
from dienhinh.orgs import services as orgs
from dienhinh.orgs.models import Role
from tests.factories.exemplars import lao_cai

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n" + b"1 0 obj <<>> endobj\n" * 10 + b"%%EOF\n"


def docx_bytes():
    doc = Document()
    doc.add_paragraph("Báo cáo thành tích")
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


@pytest.fixture
def lc(db):
    return lao_cai()


def client_for(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def officer(make_user, lc):
    return client_for(make_user("cb", role=Role.UNIT_OFFICER, unit=lc["ldvl"]))


@pytest.fixture
def office(make_user, lc):
    return client_for(make_user("vp", role=Role.STANDING_OFFICE, unit=lc["so"]))


@override_settings(EXEMPLARS_TODAY="2024-01-15")
def test_register_through_the_api_with_quotas(officer, lc, make_user):
    response = officer.post("/api/registrations/", {
        "plan": lc["plan"].pk, "year": 2024, "unit": "LC_LDVL", "subject": "LC001"},
        format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["registration"]["subject"] == "LC001" and body["registration"]["late"] is False
    assert body["quotas"] == []  # the Sở's phòng have no minimum (mục III.1)
    tt = orgs.create_unit("LC_DVVL", "Trung tâm Dịch vụ việc làm", "service_unit", lc["so"])
    orgs.create_person("LC010", "Vũ Thị Lan", tt, "staff")
    response = client_for(make_user("cb_tt", role=Role.UNIT_OFFICER, unit=tt)).post(
        "/api/registrations/", {"plan": lc["plan"].pk, "year": 2024, "unit": "LC_DVVL",
                                "subject": "LC010"}, format="json")
    assert response.status_code == 201, response.json()
    [quota] = response.json()["quotas"]
    assert quota["ok"] is False and "chưa có tập thể" in quota["message"]
    again = officer.post("/api/registrations/", {
        "plan": lc["plan"].pk, "year": 2024, "unit": "LC_LDVL", "subject": "LC001"},
        format="json")
    assert again.status_code == 400 and "đã được" in again.json()["detail"][0]
    listed = officer.get(f"/api/registrations/?plan={lc['plan'].pk}&year=2024").json()
    assert [r["subject"] for r in listed["results"]] == ["LC001"]


@pytest.mark.parametrize("payload, field", [
    ({"plan": "abc", "year": 2024, "unit": "LC_LDVL", "subject": "LC001"}, "plan"),
    ({"plan": 1, "year": 99999, "unit": "LC_LDVL", "subject": "LC001"}, "year"),
    ({"plan": 1, "year": 2024, "subject": "LC001"}, "unit"),
    ({"plan": 1, "year": 2024, "unit": "LC_LDVL", "subject": "LC001", "source": "x"}, "source"),
    ({"plan": 1, "year": 2024, "unit": "LC_LDVL", "subject": "A\x00B"}, "subject"),
])
def test_schema_rejects_bad_input_with_field_and_reason(officer, lc, payload, field):
    response = officer.post("/api/registrations/", payload, format="json")
    assert response.status_code == 400
    reason = response.json()[field][0]
    assert reason and " / " not in reason  # one language at a time
    assert not Registration.objects.exists()


@override_settings(EXEMPLARS_TODAY="2024-01-15")
def test_objects_of_another_agency_are_not_found(officer, lc, make_user):
    stranger = client_for(make_user("ht", role=Role.UNIT_OFFICER, unit=lc["other_div"]))
    plan_of_lc = lc["plan"].pk
    response = stranger.post("/api/registrations/", {
        "plan": plan_of_lc, "year": 2024, "unit": "HT_VP", "subject": "HT001"}, format="json")
    assert response.status_code == 400 and "plan" in response.json()
    reg = officer.post("/api/registrations/", {"plan": plan_of_lc, "year": 2024,
                                               "unit": "LC_LDVL", "subject": "LC001"},
                       format="json").json()["registration"]
    assert stranger.get(f"/api/registrations/{reg['id']}/").status_code == 404
    assert stranger.post(f"/api/registrations/{reg['id']}/withdraw/",
                         {"version": 1}, format="json").status_code == 404
    assert stranger.get("/api/registrations/").json()["results"] == []


@override_settings(EXEMPLARS_TODAY="2024-01-15")
def test_withdraw_stale_then_forbidden(officer, lc):
    reg = officer.post("/api/registrations/", {"plan": lc["plan"].pk, "year": 2024,
                                               "unit": "LC_LDVL", "subject": "LC001"},
                       format="json").json()["registration"]
    stale = officer.post(f"/api/registrations/{reg['id']}/withdraw/", {"version": 9},
                         format="json")
    assert stale.status_code == 409 and "người khác" in stale.json()["detail"]
    ok = officer.post(f"/api/registrations/{reg['id']}/withdraw/", {"version": 1},
                      format="json")
    assert ok.status_code == 200 and ok.json()["status"] == "withdrawn"
    twice = officer.post(f"/api/registrations/{reg['id']}/withdraw/", {"version": 2},
                         format="json")
    assert twice.status_code == 409


@override_settings(EXEMPLARS_TODAY="2024-01-15")
def test_fostering_through_the_api(officer, lc):
    reg = officer.post("/api/registrations/", {"plan": lc["plan"].pk, "year": 2024,
                                               "unit": "LC_LDVL", "subject": "LC001"},
                       format="json").json()["registration"]
    created = officer.post("/api/fostering-plans/", {"registration": reg["id"],
                                                     "leader": "LC002", "goal": "CSTĐCS"},
                           format="json")
    assert created.status_code == 201, created.json()
    fp = created.json()
    assert fp["leader"] == "LC002" and fp["gaps"]["quantitative"] == "fail"
    added = officer.post(f"/api/fostering-plans/{fp['id']}/actions/",
                         {"text": "Tập huấn", "due_on": "30/06/2024"}, format="json")
    assert added.status_code == 200 and added.json()["actions"][0]["due_on"] == "2024-06-30"
    bad_date = officer.post(f"/api/fostering-plans/{fp['id']}/actions/",
                            {"text": "Tập huấn", "due_on": "31/02/2024"}, format="json")
    assert bad_date.status_code == 400 and "due_on" in bad_date.json()
    version = added.json()["version"]
    closed = officer.post(f"/api/fostering-plans/{fp['id']}/close/", {"version": version},
                          format="json")
    assert closed.status_code == 200 and closed.json()["status"] == "closed"


def test_nomination_from_draft_to_accepted_through_the_api(officer, office, lc):
    created = officer.post("/api/nominations/", {
        "plan": lc["plan"].pk, "year": 2024, "unit": "LC_LDVL", "subject": "LC001",
        "level": "agency", "summary": "Hoàn thành xuất sắc"}, format="json")
    assert created.status_code == 201, created.json()
    nom = created.json()
    assert nom["snapshot"]["result"]["subject"] == "LC001"
    url = f"/api/nominations/{nom['id']}"
    early = officer.post(f"{url}/submit/", {"version": nom["version"]}, format="json")
    assert early.status_code == 400 and "còn thiếu" in early.json()["detail"][0]
    for kind, _name, content in [("report", "bc.docx", docx_bytes()), ("minutes", "bb.pdf", PDF)]:
        version = Nomination.objects.get(pk=nom["id"]).version
        up = officer.post(f"{url}/files/", {"version": version, "document_kind": kind,
                                            "file": io.BytesIO(content)}, format="multipart")
        assert up.status_code == 200, up.json()
    fake = officer.post(f"{url}/files/", {"version": up.json()["version"],
                                          "document_kind": "attachment",
                                          "file": io.BytesIO(b"MZ\x90 not allowed")},
                        format="multipart")
    assert fake.status_code == 400 and "Loại tệp" in fake.json()["detail"][0]
    version = up.json()["version"]
    submitted = officer.post(f"{url}/submit/", {"version": version}, format="json").json()
    assert submitted["status"] == "submitted"
    assert officer.post(f"{url}/accept/", {"version": submitted["version"]},
                        format="json").status_code == 403
    appraised = office.post(f"{url}/appraise/", {
        "version": submitted["version"], "checklist": {
            "complete": True, "criteria_met": True, "pending_attested": True,
            "no_discipline": True}}, format="json")
    assert appraised.status_code == 200, appraised.json()
    # Never fostered: accepting without a written reason is refused, with the reason why.
    version = appraised.json()["version"]
    bare = office.post(f"{url}/accept/", {"version": version}, format="json")
    assert bare.status_code == 400 and "bồi dưỡng" in bare.json()["detail"][0]
    accepted = office.post(f"{url}/accept/", {"version": version,
                                              "override_reason": "Đủ tiêu chí, bồi dưỡng sau"},
                           format="json")
    assert accepted.status_code == 200 and accepted.json()["status"] == "accepted"
    body = accepted.json()
    assert body["override_reason"] == "Đủ tiêu chí, bồi dưỡng sau" and body["override_issues"]
    assert body["evaluation"] == body["snapshot"]["result"]
    assert body["evaluation"]["subject"] == "LC001"
    twice = office.post(f"{url}/accept/", {"version": accepted.json()["version"]},
                        format="json")
    assert twice.status_code == 409
    assert Nomination.objects.get(pk=nom["id"]).version == accepted.json()["version"]


def test_openapi_lists_the_exemplar_endpoints(officer):
    paths = officer.get("/api/openapi.json").json()["paths"]
    for path in ["/api/registrations/", "/api/registrations/{id}/withdraw/",
                 "/api/fostering-plans/", "/api/nominations/{id}/accept/",
                 "/api/nominations/{id}/return/", "/api/nominations/{id}/files/"]:
        assert path in paths
