"""The scoring screens under /scoring/: a unit scores itself, the office verifies; bad
input answers 400 with the criterion named, stale 409, out of scope 404."""

import pytest
from django.urls import reverse

from dienhinh.scoring import services
from dienhinh.scoring.models import Round, ScoreSheet
from tests.factories.scoring import YEAR, pdf, scoring_setup

pytestmark = pytest.mark.django_db


@pytest.fixture
def s():
    s = scoring_setup()
    s["round"] = services.open_round(s["office"], agency=s["town"],
                                     scheme_id="nga-nam-gioi-thieu-dien-hinh", year=YEAR,
                                     units=[s["p1"], s["p2"]], plan=s["plan"])
    s["sheet"] = s["round"].sheets.get(unit=s["p1"])
    return s


def login(client, u):
    client.force_login(u)
    return client


def _self_post(sheet, scores, version=None):
    data = {"version": sheet.version if version is None else version}
    for c, v in scores.items():
        data[f"score_{c}"] = v
        data[f"note_{c}"] = ""
    return data


FULL = {"quarterly_introductions": "40", "unit_plan": "20", "yearly_report": "20",
        "propagation": "15"}


def test_unit_scores_itself_and_the_office_verifies(client, s):
    sheet = s["sheet"]
    c = login(client, s["officer_p1"])
    page = c.get(reverse("scoring_sheet", args=[sheet.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Giới thiệu đủ số gương điển hình tiên tiến" in html and "quarterly_introductions" \
        not in html.replace('name="score_quarterly_introductions"', "").replace(
            'name="note_quarterly_introductions"', "").replace(
            'data-criterion="quarterly_introductions"', "").replace(
            'value="quarterly_introductions"', "")
    r = c.post(reverse("scoring_sheet_self", args=[sheet.pk]), _self_post(sheet, FULL))
    assert r.status_code == 302
    sheet.refresh_from_db()
    for cid in ("quarterly_introductions", "unit_plan", "yearly_report"):
        r = c.post(reverse("scoring_sheet_evidence", args=[sheet.pk]),
                   {"version": sheet.version, "criterion": cid, "file": pdf()})
        assert r.status_code == 302
        sheet.refresh_from_db()
    r = c.post(reverse("scoring_sheet_submit", args=[sheet.pk]), {"version": sheet.version})
    assert r.status_code == 302
    sheet.refresh_from_db()
    assert sheet.status == ScoreSheet.SUBMITTED
    # the unit may not verify itself
    r = c.post(reverse("scoring_sheet_verify", args=[sheet.pk]), {"version": sheet.version})
    assert r.status_code == 403
    client.logout()
    c = login(client, s["office"])
    assert "Thẩm định bảng điểm: UBND Phường 1" in c.get(reverse("home")).content.decode()
    data = {"version": sheet.version}
    for cid, v in FULL.items():
        data[f"score_{cid}"], data[f"reason_{cid}"] = v, ""
    data["score_propagation"] = "10"
    r = c.post(reverse("scoring_sheet_verify", args=[sheet.pk]), data)
    assert r.status_code == 400
    assert "phải ghi lý do điều chỉnh" in r.content.decode()
    data["reason_propagation"] = "Chưa có chuyên mục riêng"
    r = c.post(reverse("scoring_sheet_verify", args=[sheet.pk]), data)
    assert r.status_code == 302
    sheet.refresh_from_db()
    assert sheet.status == ScoreSheet.VERIFIED
    page = c.get(reverse("scoring_round", args=[s["round"].pk])).content.decode()
    assert "UBND Phường 1" in page and ">90<" in page


def test_bad_scores_answer_400_with_the_criterion_and_stale_409(client, s):
    sheet = s["sheet"]
    c = login(client, s["officer_p1"])
    r = c.post(reverse("scoring_sheet_self", args=[sheet.pk]),
               _self_post(sheet, {**FULL, "unit_plan": "25"}))
    assert r.status_code == 400
    assert "Xây dựng kế hoạch phát hiện" in r.content.decode() and "vượt điểm tối đa 20" in \
        r.content.decode()
    r = c.post(reverse("scoring_sheet_submit", args=[sheet.pk]), {"version": sheet.version})
    assert r.status_code == 400 and "chưa tự chấm điểm" in r.content.decode()
    c.post(reverse("scoring_sheet_self", args=[sheet.pk]), _self_post(sheet, FULL))
    r = c.post(reverse("scoring_sheet_self", args=[sheet.pk]), _self_post(sheet, FULL, 1))
    assert r.status_code == 409
    r = c.post(reverse("scoring_sheet_self", args=[sheet.pk]), _self_post(sheet, FULL, "abc"))
    assert r.status_code == 400
    sheet.refresh_from_db()
    r = c.post(reverse("scoring_sheet_submit", args=[sheet.pk]), {"version": sheet.version})
    assert r.status_code == 400 and "thiếu minh chứng bắt buộc" in r.content.decode()


def test_out_of_scope_is_not_found(client, s):
    c = login(client, s["officer_p2"])
    assert c.get(reverse("scoring_sheet", args=[s["sheet"].pk])).status_code == 404
    assert c.post(reverse("scoring_sheet_self", args=[s["sheet"].pk]),
                  _self_post(s["sheet"], FULL)).status_code == 404
    # Phường 2 sees its own sheet and the round, not the ranking while it is open
    page = c.get(reverse("scoring_round", args=[s["round"].pk]))
    assert page.status_code == 200 and 'id="ranking"' not in page.content.decode()
    client.logout()
    c = login(client, s["outsider"])
    assert c.get(reverse("scoring_round", args=[s["round"].pk])).status_code == 404
    assert c.get(reverse("scoring_sheet", args=[s["sheet"].pk])).status_code == 404
    client.logout()
    assert client.get(reverse("scoring_home")).status_code == 302  # to the login


def test_office_opens_a_round_from_the_home_page(client, s):
    c = login(client, s["office"])
    page = c.get(reverse("scoring_home")).content.decode()
    assert "Mở đợt chấm điểm" in page and "UBND Phường 3" in page
    r = c.post(reverse("scoring_round_new"), {
        "agency": s["town"].pk, "scheme": "chung-khoi-cum-thi-dua", "year": "2025",
        "units": [s["p1"].pk, s["p3"].pk], "due_on": "15/12/2025", "name": ""})
    assert r.status_code == 302
    rnd = Round.objects.get(year=2025)
    assert sorted(rnd.sheets.values_list("unit__subject__code", flat=True)) == ["NN_P1", "NN_P3"]
    assert rnd.due_on.isoformat() == "2025-12-15"
    r = c.post(reverse("scoring_round_new"), {
        "agency": s["town"].pk, "scheme": "chung-khoi-cum-thi-dua", "year": "2025",
        "units": [s["p1"].pk]})
    assert r.status_code == 400 and "Đã có đợt chấm điểm" in r.content.decode()
    client.logout()
    c = login(client, s["officer_p1"])
    r = c.post(reverse("scoring_round_new"), {
        "agency": s["town"].pk, "scheme": "chung-khoi-cum-thi-dua", "year": "2026",
        "units": [s["p1"].pk]})
    assert r.status_code == 400  # no agency the officer may score for: not a choice


def test_groups_screens(client, s):
    c = login(client, s["office"])
    r = c.post(reverse("scoring_group_new"), {"agency": s["town"].pk, "kind": "cluster",
                                              "name": "Cụm thi đua số 1"})
    assert r.status_code == 302
    g = s["town"].emulation_groups.get()
    r = c.post(reverse("scoring_group_members", args=[g.pk]),
               {"version": g.version, "year": YEAR, "units": [s["p1"].pk, s["p2"].pk]})
    assert r.status_code == 302
    g.refresh_from_db()
    r = c.post(reverse("scoring_group_lead", args=[g.pk]),
               {"version": g.version - 1, "year": YEAR, "lead": ""})
    assert r.status_code == 409 and not g.years.exists()  # a stale page changes nothing
    r = c.post(reverse("scoring_group_lead", args=[g.pk]),
               {"version": g.version, "year": YEAR, "lead": ""})
    assert r.status_code == 302
    gy = g.years.get()
    assert gy.lead == s["p1"]
    r = c.post(reverse("scoring_group_pact", args=[gy.pk]), {
        "version": gy.version, "signed_on": f"20/02/{YEAR}", "file": pdf("giao-uoc.pdf"),
        "targets": "Giải quyết hồ sơ đúng hạn | 100%\nGiới thiệu điển hình mỗi quý"})
    assert r.status_code == 302
    page = c.get(reverse("scoring_group", args=[g.pk]) + f"?year={YEAR}").content.decode()
    assert "Cụm trưởng" in page and "giao-uoc.pdf" in page and "20/02/2024" in page
    assert c.get(reverse("scoring_pact_file", args=[gy.pk])).status_code == 200
    client.logout()
    c = login(client, s["outsider"])
    assert c.get(reverse("scoring_group", args=[g.pk])).status_code == 404
    assert c.get(reverse("scoring_pact_file", args=[gy.pk])).status_code == 404


def test_group_round_votes_close_and_propose_through_the_screens(client, s):
    from dienhinh.exemplars.models import Nomination

    g = services.create_group(s["office"], agency=s["town"], kind="block", name="Khối phường")
    services.set_members(s["office"], g, g.version, YEAR, [s["p1"], s["p2"], s["p3"]])
    c = login(client, s["office"])
    r = c.post(reverse("scoring_round_new"), {"agency": s["town"].pk, "group": g.pk,
                                              "year": YEAR, "scheme": "chung-khoi-cum-thi-dua"})
    assert r.status_code == 302
    rnd = Round.objects.get(group=g)
    top = {"tasks": "40", "pact": "30", "emulation_work": "20", "solidarity": "10"}
    for sheet in rnd.sheets.all():
        sheet = services.save_self_scores(s["office"], sheet, sheet.version,
                                          {k: (v, "") for k, v in top.items()})
        for cid in ("tasks", "pact"):
            sheet.refresh_from_db()
            services.add_evidence(s["office"], sheet, sheet.version, cid, pdf())
        sheet.refresh_from_db()
        sheet = services.submit_sheet(s["office"], sheet, sheet.version)
        services.verify_sheet(s["office"], sheet, sheet.version,
                              {k: (v, "") for k, v in top.items()})
    # Phường 1's officer votes for its own unit only; the choice of the voting unit is
    # limited to the units it may act for.
    client.logout()
    c = login(client, s["officer_p1"])
    page = c.get(reverse("scoring_round", args=[rnd.pk])).content.decode()
    assert 'id="vote-form"' in page and "UBND Phường 2</option>" not in page
    r = c.post(reverse("scoring_round_vote", args=[rnd.pk]),
               {"voter": s["p2"].pk, "chosen": [s["p1"].pk]})
    assert r.status_code == 403
    assert c.post(reverse("scoring_round_vote", args=[rnd.pk]),
                  {"voter": s["p1"].pk, "chosen": [s["p2"].pk]}).status_code == 302
    client.logout()
    c = login(client, s["office"])
    for voter in ("p2", "p3"):
        c.post(reverse("scoring_round_vote", args=[rnd.pk]),
               {"voter": s[voter].pk, "chosen": [s["p2"].pk]})
    rnd.refresh_from_db()
    assert c.post(reverse("scoring_round_close", args=[rnd.pk]),
                  {"version": rnd.version - 1}).status_code in (400, 409)
    assert c.post(reverse("scoring_round_close", args=[rnd.pk]),
                  {"version": rnd.version}).status_code == 302
    page = c.get(reverse("scoring_round", args=[rnd.pk])).content.decode()
    assert "Cờ thi đua cấp bộ, ban, ngành, tỉnh" in page
    r = c.post(reverse("scoring_round_propose", args=[rnd.pk]), {"plan": s["plan"].pk})
    assert r.status_code == 302
    flag = Nomination.objects.get(subject=s["p2"].subject)
    assert flag.level == "province" and "Được 3 đơn vị thành viên bình xét" in flag.summary
    r = c.post(reverse("scoring_round_propose", args=[rnd.pk]), {"plan": s["plan"].pk})
    assert r.status_code == 400 and "Không có đơn vị nào" in r.content.decode()


def _queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_pages_cost_the_same_queries_for_two_and_four_units(client, s):
    """An N+1 query (one per sheet or line) fails here."""
    from dienhinh.orgs import services as orgs

    more = [orgs.create_unit(f"NN_X{i}", f"UBND Xã {i}", "commune", s["town"]) for i in (1, 2)]
    big = services.open_round(s["office"], agency=s["town"], scheme_id="chung-khoi-cum-thi-dua",
                              year=YEAR, units=[s["p1"], s["p2"], *more])
    small = services.open_round(s["office"], agency=s["town"],
                                scheme_id="chung-khoi-cum-thi-dua", year=YEAR + 1,
                                units=[s["p1"], s["p2"]])
    top = {"tasks": 40, "pact": 30, "emulation_work": 20, "solidarity": 10}
    for rnd in (big, small):
        for sheet in rnd.sheets.all():
            sheet = services.save_self_scores(s["office"], sheet, sheet.version,
                                              {k: (v, "") for k, v in top.items()})
            for cid in ("tasks", "pact"):
                sheet.refresh_from_db()
                services.add_evidence(s["office"], sheet, sheet.version, cid, pdf())
            sheet.refresh_from_db()
            sheet = services.submit_sheet(s["office"], sheet, sheet.version)
            services.verify_sheet(s["office"], sheet, sheet.version,
                                  {k: (v, "") for k, v in top.items()})
    c = login(client, s["office"])
    assert _queries(c, reverse("scoring_round", args=[big.pk])) == \
        _queries(c, reverse("scoring_round", args=[small.pk]))
    assert _queries(c, f"/api/scoring/rounds/{big.pk}/") == \
        _queries(c, f"/api/scoring/rounds/{small.pk}/")
    one_big = big.sheets.first()
    one_small = small.sheets.first()
    assert _queries(c, reverse("scoring_sheet", args=[one_big.pk])) == \
        _queries(c, reverse("scoring_sheet", args=[one_small.pk]))
