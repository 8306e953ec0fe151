"""The replication API (issue 12, item 6): media items, good models, adoptions with
progress and evaluation, pledges and their review, study visits, conferences; scoped by
the policy (out of scope → 404 or 400 on the field), versions (stale → 409), bad input
(400 with the Vietnamese reason), and all of it in the OpenAPI schema."""

import datetime as dt

import pytest
from rest_framework.test import APIClient

from dienhinh.replication import services
from dienhinh.replication.models import Adoption, Conference, MediaItem, Pledge, StudyVisit
from tests.factories.replication import replication_setup

pytestmark = pytest.mark.django_db

D = dt.date


@pytest.fixture
def s():
    return replication_setup()


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def rows(response):
    data = response.json()
    return data["results"] if isinstance(data, dict) and "results" in data else data


def _message(response) -> str:
    return str(response.json())


def test_adoption_progress_and_evaluation_reach_the_model_and_the_counts(s):
    c = api(s["officer_btxh"])
    r = c.post("/api/replication/adoptions/", {
        "model": s["model"].pk, "unit": s["btxh"].code, "target": "Tư vấn tại một đầu mối",
        "target_value": "120", "target_measure": "lượt", "started_on": "2025-04-01"},
        format="json")
    assert r.status_code == 201, r.content
    a = r.json()
    assert (a["status"], a["learned_from"], a["version"]) == ("registered", s["ldvl"].code, 1)
    url = f"/api/replication/adoptions/{a['id']}/"
    r = c.post(url + "progress/", {"version": 1, "on": "02/05/2025", "note": "Bố trí đầu mối",
                                   "percent": 40}, format="json")
    assert r.status_code == 200 and r.json()["status"] == "in_progress"
    assert r.json()["progress"] == [{"on": "2025-05-02", "note": "Bố trí đầu mối",
                                     "percent": 40}]
    # stale version: 409, nothing written
    r = c.post(url + "progress/", {"version": 1, "on": "2025-05-03", "note": "Lặp"},
               format="json")
    assert r.status_code == 409
    assert Adoption.objects.get(pk=a["id"]).progress.count() == 1
    model = api(s["office"]).get(f"/api/replication/models/{s['model'].pk}/").json()
    assert [(x["unit_name"], x["since"], x["status"], x["last_percent"])
            for x in model["spread"]] == [("Phòng Bảo trợ xã hội", "2025-04-01",
                                           "in_progress", 40)]
    assert model["adoptions_per_year"] == {"2025": 1}
    r = c.post(url + "evaluate/", {"version": 2, "rating": "effective",
                                   "result": "Giảm một nửa thời gian",
                                   "evaluated_on": "2025-11-30"}, format="json")
    assert r.status_code == 200 and r.json()["status"] == "done"
    model = api(s["office"]).get(f"/api/replication/models/{s['model'].pk}/").json()
    assert (model["spread"][0]["rating"], model["spread"][0]["result"]) == (
        "effective", "Giảm một nửa thời gian")
    listed = rows(c.get(f"/api/replication/adoptions/?model={s['model'].pk}&status=done"))
    assert [x["id"] for x in listed] == [a["id"]]


def test_adoption_bad_input(s):
    c = api(s["office"])
    base = {"model": s["model"].pk, "unit": s["btxh"].code, "target": "Áp dụng",
            "started_on": "2025-04-01"}
    r = c.post("/api/replication/adoptions/", {**base, "target_value": 0}, format="json")
    assert r.status_code == 400 and "Chỉ tiêu phải lớn hơn 0" in _message(r)
    r = c.post("/api/replication/adoptions/", {**base, "unit": s["ldvl"].code}, format="json")
    assert r.status_code == 400 and "chủ mô hình" in _message(r)
    r = c.post("/api/replication/adoptions/", {**base, "unit": s["other_div"].code},
               format="json")
    assert r.status_code == 400 and "không thuộc phạm vi" in _message(r)
    r = c.post("/api/replication/adoptions/", {**base, "started_on": "2025-02-30"},
               format="json")
    assert r.status_code == 400
    r = c.post("/api/replication/adoptions/", {**base, "learned_from": s["hoa"].code},
               format="json")
    assert r.status_code == 400 and "không phải chủ mô hình" in _message(r)
    a = services.register_adoption(s["office"], model=s["model"], unit=s["btxh"],
                                   target="Áp dụng", started_on=D(2025, 4, 1))
    r = c.post(f"/api/replication/adoptions/{a.pk}/evaluate/", {
        "version": a.version, "rating": "effective", "result": "Tốt",
        "evaluated_on": "2025-03-01"}, format="json")
    assert r.status_code == 400 and "01/04/2025" in _message(r)
    r = c.post(f"/api/replication/adoptions/{a.pk}/progress/", {"on": "2025-05-01",
                                                                "note": "x"}, format="json")
    assert r.status_code == 400  # no version
    assert Adoption.objects.count() == 1 and not a.progress.exists()


def test_out_of_scope_is_not_found(s):
    a = services.register_adoption(s["office"], model=s["model"], unit=s["btxh"],
                                   target="Áp dụng", started_on=D(2025, 4, 1))
    c = api(s["outsider"])
    assert c.get(f"/api/replication/adoptions/{a.pk}/").status_code == 404
    assert c.get(f"/api/replication/models/{s['model'].pk}/").status_code == 404
    assert rows(c.get("/api/replication/models/")) == []
    r = c.post(f"/api/replication/adoptions/{a.pk}/progress/",
               {"version": a.version, "on": "2025-05-01", "note": "x"}, format="json")
    assert r.status_code == 404
    assert APIClient().get("/api/replication/models/").status_code in (401, 403)


def test_media_items_create_update_with_version_and_filter(s):
    c = api(s["editor"])
    r = c.post("/api/replication/media/", {
        "agency": s["so"].code, "outlet_kind": "radio", "outlet_name": "Đài PT-TH Lào Cai",
        "published_on": "2025-02-10", "title": "Gương sáng", "plan": s["plan"].pk,
        "exemplars": [s["hoa"].code], "good_models": [s["model"].pk]}, format="json")
    assert r.status_code == 201, r.content
    item = r.json()
    assert (item["exemplars"], item["good_models"], item["version"]) == (
        [s["hoa"].code], [s["model"].pk], 1)
    url = f"/api/replication/media/{item['id']}/"
    change = {"outlet_kind": "press", "outlet_name": "Báo Lào Cai", "published_on": "2025-02-11",
              "title": "Gương sáng (sửa)", "version": 1}
    r = c.put(url, change, format="json")
    assert r.status_code == 200 and (r.json()["outlet_kind"], r.json()["version"]) == ("press", 2)
    assert c.patch(url, change, format="json").status_code == 409
    r = c.post("/api/replication/media/", {
        "agency": s["so"].code, "outlet_kind": "tivi", "outlet_name": "x",
        "published_on": "2025-02-10", "title": "x"}, format="json")
    assert r.status_code == 400
    assert [x["id"] for x in rows(c.get("/api/replication/media/?outlet_kind=press&year=2025"))
            ] == [item["id"]]
    assert rows(c.get("/api/replication/media/?year=2024")) == []
    assert c.get("/api/replication/media/?year=abc").status_code == 400
    r = api(s["officer_btxh"]).post("/api/replication/media/", {
        "agency": s["so"].code, "outlet_kind": "radio", "outlet_name": "x",
        "published_on": "2025-02-10", "title": "x"}, format="json")
    assert r.status_code == 400 and "không thuộc phạm vi" in _message(r)
    assert MediaItem.objects.count() == 1


def test_pledges_created_reviewed_and_filtered_by_due_date(s):
    c = api(s["officer_btxh"])
    body = {"person": s["mai"].code, "exemplar": s["hoa"].code,
            "content": "Học tập cách tư vấn việc làm", "pledged_on": "2025-04-01",
            "review_due": "2025-03-01"}
    r = c.post("/api/replication/pledges/", body, format="json")
    assert r.status_code == 400 and "Hạn đánh giá" in _message(r)
    r = c.post("/api/replication/pledges/", {**body, "review_due": "2025-12-31"}, format="json")
    assert r.status_code == 201 and r.json()["unit"] == s["btxh"].code
    p = r.json()
    office = api(s["office"])
    assert [x["id"] for x in rows(office.get("/api/replication/pledges/?due_by=2025-12-31"))
            ] == [p["id"]]
    assert rows(office.get("/api/replication/pledges/?due_by=2025-12-30")) == []
    r = c.post(f"/api/replication/pledges/{p['id']}/review/", {
        "version": 1, "outcome": "achieved", "reviewed_on": "2025-12-31"}, format="json")
    assert r.status_code == 403  # the pledging unit does not review itself
    r = office.post(f"/api/replication/pledges/{p['id']}/review/", {
        "version": 1, "outcome": "achieved", "note": "Đạt", "reviewed_on": "2025-12-31"},
        format="json")
    assert r.status_code == 200 and r.json()["status"] == "reviewed"
    assert Pledge.objects.get().outcome == "achieved"


def test_study_visit_and_conference(s):
    c = api(s["office"])
    r = c.post("/api/replication/study-visits/", {
        "agency": s["so"].code, "host": s["ldvl"].code,
        "visiting_units": [s["btxh"].code, s["vp"].code], "visited_on": "2025-04-20",
        "participants": 18}, format="json")
    assert r.status_code == 201, r.content
    v = r.json()
    assert sorted(v["visiting_units"]) == sorted([s["btxh"].code, s["vp"].code])
    r = c.put(f"/api/replication/study-visits/{v['id']}/", {
        "version": 1, "participants": 20, "lessons": "Một đầu mối"}, format="json")
    assert r.status_code == 200 and r.json()["lessons"] == "Một đầu mối"
    r = c.post("/api/replication/adoptions/", {
        "model": s["model"].pk, "unit": s["btxh"].code, "target": "Áp dụng",
        "started_on": "2025-05-01", "study_visit": v["id"]}, format="json")
    assert r.status_code == 201
    assert c.get(f"/api/replication/study-visits/{v['id']}/").json()["follow_ups"] == [
        r.json()["id"]]
    r = c.post("/api/replication/study-visits/", {
        "agency": s["so"].code, "host": s["ldvl"].code, "visiting_units": [],
        "visited_on": "2025-04-20", "participants": 0}, format="json")
    assert r.status_code == 400 and StudyVisit.objects.count() == 1

    r = c.post("/api/replication/conferences/", {
        "agency": s["so"].code, "kind": "mid_term", "title": "Hội nghị sơ kết",
        "held_on": "2025-05-15", "starts_at": "08:00", "venue": "Hội trường Sở",
        "plan": s["plan"].pk}, format="json")
    assert r.status_code == 201, r.content
    conf = r.json()
    url = f"/api/replication/conferences/{conf['id']}/"
    r = c.post(url + "honourees/", {"version": 1, "subject": s["hoa"].code, "speaks": True,
                                    "topic": "Tư vấn việc làm"}, format="json")
    assert r.status_code == 200
    assert r.json()["honourees"][0]["decision_no"] == s["decision"].number
    r = c.post(url + "honourees/", {"version": 2, "subject": s["mai"].code}, format="json")
    assert r.status_code == 400 and "không có trong quyết định" in _message(r)
    r = c.post(url + "programme/", {"version": 2, "starts_at": "08:30", "title": "Khai mạc"},
               format="json")
    assert r.status_code == 200
    r = c.post(url + "invitees/", {"version": 3, "unit": s["btxh"].code}, format="json")
    invitee = r.json()["invitees"][0]["id"]
    r = c.post(url + "outcome/", {"version": 4, "attendance": 80, "conclusions": "Nhân rộng",
                                  "present": [invitee]}, format="json")
    assert r.status_code == 200 and r.json()["status"] == "held"
    assert Conference.objects.get().invitees.get().attended is True
    assert api(s["outsider"]).get(url).status_code == 404


def test_the_schema_documents_the_replication_endpoints(client, s):
    client.force_login(s["office"])
    schema = client.get("/api/openapi.json").json()
    for p in ("/api/replication/media/", "/api/replication/media/{id}/",
              "/api/replication/models/{id}/", "/api/replication/adoptions/{id}/progress/",
              "/api/replication/adoptions/{id}/evaluate/", "/api/replication/pledges/{id}/review/",
              "/api/replication/study-visits/", "/api/replication/conferences/{id}/outcome/"):
        assert p in schema["paths"], p
    assert "post" in schema["paths"]["/api/replication/adoptions/"]
    assert "put" in schema["paths"]["/api/replication/media/{id}/"]


def test_conference_lines_and_visit_units_are_edited_through_the_api(s):
    c = api(s["office"])
    conf = services.create_conference(s["office"], agency=s["so"], kind="mid_term",
                                      title="Hội nghị sơ kết", held_on=D(2025, 5, 15),
                                      venue="Hội trường Sở")
    services.add_honouree(conf, s["office"], 1, subject=s["hoa"].subject, speaks=True,
                          topic="Tư vấn")
    services.add_programme_item(conf, s["office"], 2, title="Khai mạc")
    services.add_programme_item(conf, s["office"], 3, title="Tham luận")
    services.invite(conf, s["office"], 4, name="Đại diện Công đoàn")
    url = f"/api/replication/conferences/{conf.pk}/"
    data = c.get(url).json()
    assert data["version"] == 5
    first, honouree = data["programme"][0]["id"], data["honourees"][0]["id"]
    invitee = data["invitees"][0]["id"]
    r = c.put(f"{url}programme/{first}/", {"version": 5, "title": "Khai mạc hội nghị",
                                            "starts_at": "07:30", "position": 2},
              format="json")
    assert r.status_code == 200, r.content
    assert [(i["position"], i["title"]) for i in r.json()["programme"]] == [
        (1, "Tham luận"), (2, "Khai mạc hội nghị")]
    r = c.delete(f"{url}programme/{first}/?version=5")
    assert r.status_code == 409 and Conference.objects.get().programme.count() == 2
    r = c.delete(f"{url}programme/{first}/?version=6")
    assert r.status_code == 200 and [i["title"] for i in r.json()["programme"]] == ["Tham luận"]
    r = c.delete(f"{url}programme/{first}/")
    assert r.status_code == 400  # the version is required
    r = c.put(f"{url}invitees/{invitee}/", {"version": 7, "unit": s["other_div"].code},
              format="json")
    assert r.status_code == 400 and "không thuộc phạm vi" in _message(r)
    r = c.put(f"{url}invitees/{invitee}/", {"version": 7, "unit": s["btxh"].code},
              format="json")
    assert r.status_code == 200 and r.json()["invitees"][0]["unit"] == s["btxh"].code
    r = c.put(f"{url}honourees/{honouree}/", {"version": 8, "speaks": False}, format="json")
    assert r.status_code == 200 and r.json()["honourees"][0]["speaks"] is False
    r = c.delete(f"{url}honourees/{honouree}/?version=9")
    assert r.status_code == 200 and r.json()["honourees"] == []
    r = c.delete(f"{url}invitees/{invitee}/?version=10")
    assert r.status_code == 200 and r.json()["invitees"] == []
    r = c.put(url, {"version": 11, "kind": "final", "title": "Hội nghị tổng kết",
                    "held_on": "2025-06-02", "venue": "Hội trường tỉnh"}, format="json")
    assert r.status_code == 200 and r.json()["title"] == "Hội nghị tổng kết"
    assert api(s["outsider"]).delete(f"{url}programme/{first}/?version=12").status_code == 404
    r = c.delete(f"{url}programme/999999/?version=12")
    assert r.status_code == 400 and "không còn" in _message(r)

    visit = services.record_visit(s["office"], agency=s["so"], host=s["ldvl"].subject,
                                  visiting_units=[s["btxh"]], visited_on=D(2025, 4, 20),
                                  participants=10)
    vurl = f"/api/replication/study-visits/{visit.pk}/"
    r = c.post(vurl + "visiting-units/", {"version": 1, "unit": s["vp"].code}, format="json")
    assert r.status_code == 200 and sorted(r.json()["visiting_units"]) == sorted(
        [s["btxh"].code, s["vp"].code])
    r = c.delete(f"{vurl}visiting-units/{s['vp'].code}/?version=2")
    assert r.status_code == 200 and r.json()["visiting_units"] == [s["btxh"].code]
    r = c.delete(f"{vurl}visiting-units/{s['btxh'].code}/?version=3")
    assert r.status_code == 400 and "ít nhất một" in _message(r)
    r = c.put(vurl, {"version": 3, "participants": 12, "lessons": "",
                     "visited_on": "2025-04-18"}, format="json")
    assert r.status_code == 200 and r.json()["visited_on"] == "2025-04-18"
    schema = c.get("/api/openapi.json").json()["paths"]
    assert {"put", "delete"} <= set(schema["/api/replication/conferences/{id}/programme/{item}/"])
    assert "delete" in schema["/api/replication/study-visits/{id}/visiting-units/{code}/"]
    assert "put" in schema["/api/replication/conferences/{id}/"]
