"""The scoring API: the same rules as the screens (criterion named, 400/403/404/409),
versioned updates, scope."""

import pytest

from dienhinh.scoring import services
from dienhinh.scoring.models import ScoreSheet
from tests.factories.scoring import YEAR, pdf, scoring_setup

pytestmark = pytest.mark.django_db
FULL = {"quarterly_introductions": 40, "unit_plan": 20, "yearly_report": 20, "propagation": 15}


@pytest.fixture
def s():
    return scoring_setup()


def _results(data):
    return data["results"] if isinstance(data, dict) and "results" in data else data


def _open(client, s, **extra):
    body = {"scheme": "nga-nam-gioi-thieu-dien-hinh", "year": YEAR, "agency": "NN",
            "units": ["NN_P1", "NN_P2"], "plan": s["plan"].pk, **extra}
    return client.post("/api/scoring/rounds/", body, content_type="application/json")


def test_schemes_are_listed_with_their_criteria(client, s):
    client.force_login(s["officer_p1"])
    data = client.get("/api/scoring/schemes/").json()
    assert {d["id"] for d in data} == {"nga-nam-gioi-thieu-dien-hinh", "chung-khoi-cum-thi-dua"}
    one = client.get("/api/scoring/schemes/nga-nam-gioi-thieu-dien-hinh/").json()
    assert one["criteria"][0]["evidence_required"] is True and one["max_total"] == "100.00"
    assert client.get("/api/scoring/schemes/khong-co/").status_code == 404


def test_whole_cycle_through_the_api(client, s):
    client.force_login(s["office"])
    r = _open(client, s)
    assert r.status_code == 201, r.content
    rnd = r.json()
    assert rnd["agency"] == {"code": "NN", "name": "UBND thị xã Ngã Năm"}
    assert _open(client, s).status_code == 400  # the same round twice
    client.force_login(s["officer_p1"])
    [sheet] = _results(client.get(f"/api/scoring/sheets/?round={rnd['id']}").json())
    assert sheet["unit"]["code"] == "NN_P1" and sheet["status"] == "draft"
    url = f"/api/scoring/sheets/{sheet['id']}/"
    lines = [{"criterion": c, "score": v} for c, v in FULL.items()]
    # above the maximum: 400 naming the criterion; nothing written
    bad = [*lines[:1], {"criterion": "unit_plan", "score": "20.5"}]
    r = client.post(url + "self-scores/", {"version": 1, "lines": bad},
                    content_type="application/json")
    assert r.status_code == 400 and "Xây dựng kế hoạch phát hiện" in r.content.decode()
    r = client.post(url + "self-scores/", {"lines": lines}, content_type="application/json")
    assert r.status_code == 400  # no version
    r = client.post(url + "self-scores/", {"version": 1, "lines": lines},
                    content_type="application/json")
    assert r.status_code == 200 and r.json()["version"] == 2
    r = client.post(url + "self-scores/", {"version": 1, "lines": lines},
                    content_type="application/json")
    assert r.status_code == 409  # stale
    r = client.post(url + "submit/", {"version": 2}, content_type="application/json")
    assert r.status_code == 400 and "thiếu minh chứng bắt buộc" in r.content.decode()
    version = 2
    for c in ("quarterly_introductions", "unit_plan", "yearly_report"):
        r = client.post(url + "evidence/", {"version": version, "criterion": c, "file": pdf()})
        assert r.status_code == 201, r.content
        version = r.json()["version"]
    r = client.post(url + "submit/", {"version": version}, content_type="application/json")
    assert r.status_code == 200 and r.json()["status"] == "submitted"
    version = r.json()["version"]
    verify = [{"criterion": c, "score": v, "reason": ""} for c, v in FULL.items()]
    assert client.post(url + "verify/", {"version": version, "lines": verify},
                       content_type="application/json").status_code == 403
    client.force_login(s["office"])
    verify[3] = {"criterion": "propagation", "score": 10, "reason": ""}
    r = client.post(url + "verify/", {"version": version, "lines": verify},
                    content_type="application/json")
    assert r.status_code == 400 and "phải ghi lý do điều chỉnh" in r.content.decode()
    verify[3]["reason"] = "Chưa có chuyên mục riêng"
    r = client.post(url + "verify/", {"version": version, "lines": verify},
                    content_type="application/json")
    assert r.status_code == 200
    line = [ln for ln in r.json()["lines"] if ln["criterion"] == "propagation"][0]
    assert (line["self_score"], line["verified_score"], line["adjustment_reason"]) == (
        "15.00", "10.00", "Chưa có chuyên mục riêng")
    detail = client.get(f"/api/scoring/rounds/{rnd['id']}/").json()
    assert [(row["unit"]["code"], row["rank"], row["total"]) for row in detail["ranking"]] == [
        ("NN_P1", 1, "90.00"), ("NN_P2", None, None)]


def test_scope_and_the_ranking_hidden_from_units_until_published(client, s):
    rnd = services.open_round(s["office"], agency=s["town"], scheme_id="chung-khoi-cum-thi-dua",
                              year=YEAR, units=[s["p1"], s["p2"]])
    p1 = rnd.sheets.get(unit=s["p1"])
    client.force_login(s["officer_p2"])
    assert client.get(f"/api/scoring/sheets/{p1.pk}/").status_code == 404
    assert client.post(f"/api/scoring/sheets/{p1.pk}/submit/", {"version": 1},
                       content_type="application/json").status_code == 404
    assert client.get(f"/api/scoring/rounds/{rnd.pk}/").json()["ranking"] == []
    client.force_login(s["outsider"])
    assert client.get(f"/api/scoring/rounds/{rnd.pk}/").status_code == 404
    assert _results(client.get("/api/scoring/rounds/").json()) == []
    assert client.post("/api/scoring/rounds/", {"scheme": "chung-khoi-cum-thi-dua",
                                                "year": YEAR, "agency": "NN",
                                                "units": ["NN_P1"]},
                       content_type="application/json").status_code == 400  # NN not in reach
    assert ScoreSheet.objects.count() == 2


def test_group_round_and_votes_through_the_api(client, s):
    g = services.create_group(s["office"], agency=s["town"], kind="cluster", name="Cụm 1")
    g = services.set_members(s["office"], g, g.version, YEAR, [s["p1"], s["p2"]])
    services.set_lead(s["office"], g, g.version, YEAR)
    client.force_login(s["office"])
    r = client.post("/api/scoring/rounds/", {"scheme": "chung-khoi-cum-thi-dua", "year": YEAR,
                                             "group": g.pk}, content_type="application/json")
    assert r.status_code == 201, r.content
    rnd_id = r.json()["id"]
    year = client.get(f"/api/scoring/groups/{g.pk}/year/?year={YEAR}").json()
    assert [m["code"] for m in year["members"]] == ["NN_P1", "NN_P2"]
    assert year["lead"]["code"] == "NN_P1"
    r = client.post(f"/api/scoring/rounds/{rnd_id}/vote/", {"voter": "NN_P1",
                                                           "chosen": ["NN_P2"]},
                    content_type="application/json")
    assert r.status_code == 400 and "thẩm định" in r.content.decode()
    r = client.post(f"/api/scoring/rounds/{rnd_id}/vote/", {"voter": "NN_P1",
                                                           "chosen": ["NN_P3"]},
                    content_type="application/json")
    assert r.status_code == 400  # not a member of the round
    client.force_login(s["outsider"])
    assert client.get(f"/api/scoring/groups/{g.pk}/").status_code == 404


def test_openapi_lists_the_scoring_endpoints(client, s):
    client.force_login(s["office"])
    schema = client.get("/api/openapi.json").json()
    for path in ("/api/scoring/rounds/", "/api/scoring/sheets/{id}/verify/",
                 "/api/scoring/sheets/{id}/self-scores/", "/api/scoring/rounds/{id}/vote/"):
        assert path in schema["paths"], path


def test_groups_are_set_up_through_the_api(client, s):
    client.force_login(s["office"])
    r = client.post("/api/scoring/groups/", {"agency": "NN", "kind": "cluster",
                                             "name": "Cụm thi đua số 2"},
                    content_type="application/json")
    assert r.status_code == 201, r.content
    g = r.json()
    url = f"/api/scoring/groups/{g['id']}/"
    r = client.post(url + "members/", {"version": g["version"], "year": YEAR,
                                       "units": ["NN_P1", "NN_P2", "NN_P3"]},
                    content_type="application/json")
    assert r.status_code == 200 and len(r.json()["members"]) == 3
    r = client.post(url + "members/", {"version": g["version"], "year": YEAR,
                                       "units": ["NN_P1", "NN_P2"]},
                    content_type="application/json")
    assert r.status_code == 409  # the group's version moved on
    r = client.post(url + "pact/", {"version": 1, "year": YEAR, "signed_on": "2024-02-20",
                                    "targets": ["Giải quyết hồ sơ đúng hạn | 100%"]},
                    content_type="application/json")
    assert r.status_code == 400 and "đơn vị trưởng" in r.content.decode()
    r = client.post(url + "lead/", {"year": YEAR, "deputy": "NN_P3"},
                    content_type="application/json")
    assert r.status_code == 400 and "version" in r.json()  # the group's version is required
    version = client.get(url).json()["version"]
    r = client.post(url + "lead/", {"version": version, "year": YEAR, "deputy": "NN_P3"},
                    content_type="application/json")
    assert r.status_code == 200
    year = r.json()
    stale = client.post(url + "lead/", {"version": version, "year": YEAR, "lead": "NN_P2"},
                        content_type="application/json")
    assert stale.status_code == 409  # chosen on a page read before the change above
    assert (year["lead"]["code"], year["deputy"]["code"]) == ("NN_P1", "NN_P3")
    r = client.post(url + "pact/", {"version": year["version"], "year": YEAR,
                                    "signed_on": "20/02/2024",
                                    "targets": ["Giải quyết hồ sơ đúng hạn | 100%",
                                                "Giới thiệu điển hình mỗi quý"],
                                    "file": pdf("giao-uoc.pdf")})
    assert r.status_code == 200, r.content
    assert r.json()["targets"] == [
        {"text": "Giải quyết hồ sơ đúng hạn", "measure": "100%"},
        {"text": "Giới thiệu điển hình mỗi quý", "measure": ""}]
    assert r.json()["pact_file_name"] == "giao-uoc.pdf"
    client.force_login(s["officer_p1"])
    assert client.post(url + "lead/", {"version": version + 1, "year": YEAR},
                       content_type="application/json").status_code in (403, 404)
