"""REST API of the compiled registration list and of public comment: the same rules and
scope as the screens; a sent list refuses edits (409), another agency's ids are not
found (404), read-only roles are refused (403), bad input answers 400 with the field."""

import pytest
from django.test import override_settings
from rest_framework.test import APIClient

from dienhinh.exemplars import services
from dienhinh.exemplars.models import CommentPeriod, CompiledList, Nomination, PublicComment
from dienhinh.orgs.models import Role
from tests.factories.exemplars import adopt, lao_cai

pytestmark = pytest.mark.django_db


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


@pytest.fixture
def head(make_user, lc):
    # The head sees the agency's lists but may neither compile, send, publish nor moderate.
    return client_for(make_user("tt", role=Role.HEAD, unit=lc["so"]))


def register(client, lc, subject, unit="LC_LDVL"):
    response = client.post("/api/registrations/", {
        "plan": lc["plan"].pk, "year": 2024, "unit": unit, "subject": subject}, format="json")
    assert response.status_code == 201, response.json()


def compile_(client, lc, **extra):
    return client.post("/api/compiled-lists/compile/",
                       {"plan": lc["plan"].pk, "year": 2024, **extra}, format="json")


@override_settings(EXEMPLARS_TODAY="2024-01-15")
def test_compile_then_send_then_the_list_is_frozen(officer, office, lc):
    register(officer, lc, "LC001")
    register(officer, lc, "LC_LDVL")
    first = compile_(office, lc, number="05/DS-SLĐTBXH", place="Lào Cai")
    assert first.status_code == 200, first.json()
    clist = first.json()
    assert clist["status"] == "draft" and clist["number"] == "05/DS-SLĐTBXH"
    assert sorted(e["subject"] for e in clist["entries"]) == ["LC001", "LC_LDVL"]
    expected = services.check_list_quotas(CompiledList.objects.get())
    assert [q["quota"] for q in clist["quotas"]] == [q.quota for q in expected]
    # A late registration is added by compiling again with the version read.
    register(office, lc, "LC003", unit="LC_BTXH")
    stale = compile_(office, lc, version=clist["version"] + 5)
    assert stale.status_code == 409 and "người khác" in stale.json()["detail"]
    again = compile_(office, lc, version=clist["version"])
    assert again.status_code == 200 and len(again.json()["entries"]) == 3
    assert again.json()["number"] == "05/DS-SLĐTBXH"
    url = f"/api/compiled-lists/{clist['id']}"
    assert office.post(f"{url}/send/", {"version": clist["version"], "sent_to": "Bộ LĐTBXH"},
                       format="json").status_code == 409
    sent = office.post(f"{url}/send/", {"version": again.json()["version"],
                                        "sent_to": "Bộ LĐTBXH", "sent_on": "20/01/2024"},
                       format="json")
    assert sent.status_code == 200, sent.json()
    assert sent.json()["status"] == "sent" and sent.json()["sent_on"] == "2024-01-20"
    assert sent.json()["sent_by"] == "vp"
    # Sent: compiling again, sending again and withdrawing an entry are refused, unchanged.
    version = sent.json()["version"]
    recompile = compile_(office, lc, version=version, number="06/DS")
    assert recompile.status_code == 409 and "đã gửi" in recompile.json()["detail"]
    assert office.post(f"{url}/send/", {"version": version, "sent_to": "X"},
                       format="json").status_code == 409
    entry = next(e for e in sent.json()["entries"] if e["subject"] == "LC001")
    assert officer.post(f"/api/registrations/{entry['id']}/withdraw/",
                        {"version": entry["version"]}, format="json").status_code == 409
    stored = CompiledList.objects.get(pk=clist["id"])
    assert (stored.number, stored.version, stored.sent_to) == ("05/DS-SLĐTBXH", version,
                                                               "Bộ LĐTBXH")
    listed = office.get(f"/api/compiled-lists/?plan={lc['plan'].pk}&status=sent").json()
    assert [c["id"] for c in listed["results"]] == [clist["id"]]
    assert {e["compiled_list"] for e in office.get(f"{url}/").json()["entries"]} == {clist["id"]}


@override_settings(EXEMPLARS_TODAY="2024-01-15")
def test_read_only_roles_are_forbidden(officer, office, head, lc):
    register(officer, lc, "LC001")
    assert compile_(officer, lc).status_code == 403
    assert compile_(head, lc).status_code == 403
    assert not CompiledList.objects.exists()
    clist = compile_(office, lc).json()
    seen = head.get(f"/api/compiled-lists/{clist['id']}/")
    assert seen.status_code == 200 and seen.json()["entries"][0]["subject"] == "LC001"
    refused = head.post(f"/api/compiled-lists/{clist['id']}/send/",
                        {"version": clist["version"], "sent_to": "Bộ LĐTBXH"}, format="json")
    assert refused.status_code == 403 and refused.json()["detail"].startswith("Bạn không có quyền")
    assert CompiledList.objects.get().status == CompiledList.DRAFT


def other_agency_objects(lc):
    plan = adopt("lao-cai-sldtbxh-qpan-2022-2025", lc["other"], "3/KH-SCT")
    clist = CompiledList.objects.create(plan=plan, year=2024)
    nom = Nomination.objects.create(plan=plan, year=2024, unit=lc["other_div"],
                                    subject=lc["ha"].subject, level="agency",
                                    status=Nomination.ACCEPTED)
    period = CommentPeriod.objects.create(plan=plan, year=2024, title="Lấy ý kiến",
                                          opens_on="2024-03-01", closes_on="2024-03-15")
    period.nominations.set([nom])
    comment = PublicComment.objects.create(period=period, nomination=nom, name="Nguyễn Văn A",
                                           text="Đồng ý")
    return plan, clist, period, comment


def test_another_agencys_ids_are_not_found(office, lc):
    plan, clist, period, comment = other_agency_objects(lc)
    assert office.get(f"/api/compiled-lists/{clist.pk}/").status_code == 404
    assert office.post(f"/api/compiled-lists/{clist.pk}/send/",
                       {"version": 1, "sent_to": "Bộ"}, format="json").status_code == 404
    assert office.get("/api/compiled-lists/").json()["results"] == []
    assert office.get(f"/api/comment-periods/{period.pk}/").status_code == 404
    assert office.get(f"/api/public-comments/{comment.pk}/").status_code == 404
    assert office.post(f"/api/public-comments/{comment.pk}/moderate/",
                       {"status": "approved"}, format="json").status_code == 404
    assert office.get(f"/api/public-comments/?period={period.pk}").json()["results"] == []
    foreign = office.post("/api/compiled-lists/compile/", {"plan": plan.pk, "year": 2024},
                          format="json")
    assert foreign.status_code == 400 and "plan" in foreign.json()
    published = office.post("/api/comment-periods/", {
        "plan": plan.pk, "year": 2024, "opens_on": "2024-04-01", "closes_on": "2024-04-10"},
        format="json")
    assert published.status_code == 400 and "plan" in published.json()
    clist.refresh_from_db()
    assert clist.status == CompiledList.DRAFT and PublicComment.objects.get().status == "pending"
    assert CommentPeriod.objects.count() == 1


@override_settings(EXEMPLARS_TODAY="2024-03-05")
def test_publish_list_and_moderate_comments(office, head, lc):
    none_yet = office.post("/api/comment-periods/", {
        "plan": lc["plan"].pk, "year": 2024, "opens_on": "2024-03-01",
        "closes_on": "2024-03-15"}, format="json")
    assert none_yet.status_code == 400 and "chấp nhận" in none_yet.json()["detail"][0]
    nom = Nomination.objects.create(plan=lc["plan"], year=2024, unit=lc["ldvl"],
                                    subject=lc["hoa"].subject, level="agency",
                                    status=Nomination.ACCEPTED)
    payload = {"plan": lc["plan"].pk, "year": 2024, "opens_on": "01/03/2024",
               "closes_on": "15/03/2024"}
    assert head.post("/api/comment-periods/", payload, format="json").status_code == 403
    published = office.post("/api/comment-periods/", payload, format="json")
    assert published.status_code == 201, published.json()
    period = published.json()
    assert period["nominations"] == [nom.pk] and period["closes_on"] == "2024-03-15"
    assert "2024" in period["title"]
    assert [p["id"] for p in head.get("/api/comment-periods/?year=2024").json()["results"]] \
        == [period["id"]]
    comment = PublicComment.objects.create(period_id=period["id"], nomination=nom,
                                           name="Trần Văn B", text="Xứng đáng")
    listed = head.get(f"/api/public-comments/?period={period['id']}&status=pending").json()
    assert [c["text"] for c in listed["results"]] == ["Xứng đáng"]
    url = f"/api/public-comments/{comment.pk}/moderate/"
    assert head.post(url, {"status": "approved"}, format="json").status_code == 403
    moderated = office.post(url, {"status": "approved"}, format="json")
    assert moderated.status_code == 200 and moderated.json()["status"] == "approved"
    comment.refresh_from_db()
    assert comment.status == PublicComment.APPROVED


@pytest.mark.parametrize("url, payload, field", [
    ("/api/compiled-lists/compile/", {"plan": "abc", "year": 2024}, "plan"),
    ("/api/compiled-lists/compile/", {"plan": 1, "year": 99999}, "year"),
    ("/api/compiled-lists/compile/", {"plan": 1, "year": 2024, "number": "x" * 101}, "number"),
    ("/api/comment-periods/", {"plan": 1, "year": 2024, "opens_on": "31/02/2024",
                               "closes_on": "2024-03-15"}, "opens_on"),
    ("/api/comment-periods/", {"plan": 1, "year": 2024, "opens_on": "2024-03-01"},
     "closes_on"),
])
def test_bad_input_names_the_field_and_reason(office, lc, url, payload, field):
    response = office.post(url, payload, format="json")
    assert response.status_code == 400
    assert response.json()[field][0] and " / " not in response.json()[field][0]
    assert not CompiledList.objects.exists() and not CommentPeriod.objects.exists()


@override_settings(EXEMPLARS_TODAY="2024-01-15")
def test_bad_input_on_send_and_moderate(officer, office, lc):
    register(officer, lc, "LC001")
    clist = compile_(office, lc).json()
    url = f"/api/compiled-lists/{clist['id']}/send/"
    assert "sent_to" in office.post(url, {"version": clist["version"]}, format="json").json()
    blank = office.post(url, {"version": clist["version"], "sent_to": "   "}, format="json")
    assert blank.status_code == 400
    no_version = office.post(url, {"sent_to": "Bộ"}, format="json")
    assert no_version.status_code == 400 and "version" in no_version.json()
    assert CompiledList.objects.get().status == CompiledList.DRAFT
    plan, _clist, period, comment = other_agency_objects(lc)
    PublicComment.objects.filter(pk=comment.pk).update(period=CommentPeriod.objects.create(
        plan=lc["plan"], year=2024, title="T", opens_on="2024-03-01", closes_on="2024-03-02"))
    bad = office.post(f"/api/public-comments/{comment.pk}/moderate/", {"status": "pending"},
                      format="json")
    assert bad.status_code == 400 and "pending" in bad.json()["status"][0]
    filt = office.get("/api/compiled-lists/?status=nope")
    assert filt.status_code == 400 and "status" in filt.json()


def test_openapi_lists_the_list_endpoints(office):
    paths = office.get("/api/openapi.json").json()["paths"]
    for path in ["/api/compiled-lists/", "/api/compiled-lists/compile/",
                 "/api/compiled-lists/{id}/send/", "/api/comment-periods/",
                 "/api/public-comments/", "/api/public-comments/{id}/moderate/"]:
        assert path in paths
