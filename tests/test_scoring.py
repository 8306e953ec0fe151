"""Unit emulation scoring (issue 13, item 4): schemes as data, self-scores with evidence,
the office's verification and adjustments, the ranking and its ties, proposals."""

import random
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from dienhinh import workflow
from dienhinh.exemplars.models import Nomination
from dienhinh.scoring import schemes, services
from dienhinh.scoring.models import Round, ScoreLine, ScoreSheet
from tests.factories.scoring import YEAR, introduce, pdf, scoring_setup

pytestmark = pytest.mark.django_db
NGA_NAM = "nga-nam-gioi-thieu-dien-hinh"
GENERAL = "chung-khoi-cum-thi-dua"


@pytest.fixture
def s():
    return scoring_setup()


def _round(s, scheme=NGA_NAM, units=None):
    return services.open_round(s["office"], agency=s["town"], scheme_id=scheme, year=YEAR,
                               units=units or [s["p1"], s["p2"], s["p3"]], plan=s["plan"])


def _sheet(rnd, unit) -> ScoreSheet:
    return rnd.sheets.get(unit=unit)


def _fill(s, rnd, unit, scores: dict, user=None, evidence=True) -> ScoreSheet:
    """The unit scores itself, adds the required evidence and submits."""
    user = user or s["office"]
    sheet = _sheet(rnd, unit)
    sheet = services.save_self_scores(user, sheet, sheet.version,
                                      {c: (v, "") for c, v in scores.items()})
    if evidence:
        for c in rnd.scheme.criteria:
            if c.evidence_required:
                sheet.refresh_from_db()
                services.add_evidence(user, sheet, sheet.version, c.id, pdf())
    sheet.refresh_from_db()
    return services.submit_sheet(user, sheet, sheet.version)


def _verify_as_is(s, sheet):
    sheet.refresh_from_db()
    scores = {ln.criterion: (ln.self_score, "") for ln in sheet.lines.all()}
    return services.verify_sheet(s["office"], sheet, sheet.version, scores)


FULL = {"quarterly_introductions": 40, "unit_plan": 20, "yearly_report": 20, "propagation": 20}


# -- schemes -------------------------------------------------------------------------------------
def test_shipped_schemes_load_and_add_up():
    loaded = {sc.id: sc for sc in schemes.shipped()}
    assert set(loaded) == {NGA_NAM, GENERAL}
    assert loaded[NGA_NAM].max_total == Decimal(100) == loaded[GENERAL].max_total
    assert loaded[NGA_NAM].plan == "nga-nam-ubnd-2021-2025"
    intro = loaded[NGA_NAM].criterion("quarterly_introductions")
    assert intro.quarter_points == 10 and intro.evidence_required and "III.1" in intro.section


def test_invalid_scheme_names_the_criterion():
    text = schemes.shipped_text(GENERAL).replace("max: 40", "max: 0", 1) \
        .replace("order: []", "").replace("rule: shared", "rule: criteria\n  order: [missing]")
    with pytest.raises(schemes.SchemeError) as caught:
        schemes.load_scheme(text)
    message = str(caught.value)
    assert "Kết quả thực hiện chỉ tiêu, nhiệm vụ chính trị" in message and "(tasks)" in message
    assert "điểm tối đa phải lớn hơn 0" in message
    assert "không có tiêu chí “missing”" in message
    bad_shape = schemes.shipped_text(GENERAL).replace("    weight: 1\n", "    weight: nhiều\n", 1)
    with pytest.raises(schemes.SchemeError, match="tiêu chí “tasks”: sai cấu trúc"):
        schemes.load_scheme(bad_shape)
    bad_award = schemes.shipped_text(GENERAL).replace("code: BANG_KHEN", "code: HUY_CHUONG")
    with pytest.raises(schemes.SchemeError, match="HUY_CHUONG"):
        schemes.load_scheme(bad_award)


# -- self-scores, evidence, submission ----------------------------------------------------------------
def test_round_prefills_the_quarters_met_from_introductions(s):
    introduce(s, s["p1"], {1: 2, 2: 2, 3: 1, 4: 2})  # quarter 3 short of the two required
    introduce(s, s["armed"], {1: 1, 2: 1, 3: 1, 4: 1})  # armed units: one a quarter
    rnd = _round(s, units=[s["p1"], s["p2"], s["armed"]])
    intro = {sh.unit_id: sh.lines.get(criterion="quarterly_introductions").self_score
             for sh in rnd.sheets.all()}
    assert intro == {s["p1"].pk: Decimal(30), s["p2"].pk: Decimal(0), s["armed"].pk: Decimal(40)}


def test_score_above_the_maximum_is_refused_with_the_criterion_named(s):
    rnd = _round(s)
    sheet = _sheet(rnd, s["p1"])
    with pytest.raises(workflow.GuardFailed,
                       match="Xây dựng kế hoạch phát hiện.*vượt điểm tối đa 20"):
        services.save_self_scores(s["officer_p1"], sheet, sheet.version, {"unit_plan": (25, "")})
    with pytest.raises(workflow.GuardFailed, match="không được âm"):
        services.save_self_scores(s["officer_p1"], sheet, sheet.version, {"unit_plan": (-1, "")})
    with pytest.raises(workflow.GuardFailed, match="không phải là một số"):
        services.save_self_scores(s["officer_p1"], sheet, sheet.version,
                                  {"unit_plan": ("hai mươi", "")})
    sheet.refresh_from_db()
    assert sheet.version == 1 and sheet.lines.get(criterion="unit_plan").self_score is None
    # the database refuses a negative score whatever path writes
    with pytest.raises(IntegrityError), transaction.atomic():
        ScoreLine.objects.filter(sheet=sheet).update(self_score=-5)


def test_missing_evidence_is_refused_with_the_criterion_named(s):
    rnd = _round(s)
    sheet = _sheet(rnd, s["p1"])
    sheet = services.save_self_scores(s["officer_p1"], sheet, sheet.version,
                                      {c: (v, "") for c, v in FULL.items()})
    sheet = services.add_evidence(s["officer_p1"], sheet, sheet.version,
                                  "quarterly_introductions", pdf()).line.sheet
    sheet.refresh_from_db()
    sheet = services.add_evidence(s["officer_p1"], sheet, sheet.version, "unit_plan",
                                  pdf()).line.sheet
    sheet.refresh_from_db()
    with pytest.raises(workflow.GuardFailed) as caught:
        services.submit_sheet(s["officer_p1"], sheet, sheet.version)
    message = str(caught.value)
    assert "Đánh giá công tác phát hiện, bồi dưỡng" in message and "thiếu minh chứng" in message
    assert "Xây dựng kế hoạch" not in message  # that one has its file
    assert "Tuyên truyền" not in message  # evidence optional there
    sheet.refresh_from_db()
    assert sheet.status == ScoreSheet.DRAFT
    services.add_evidence(s["officer_p1"], sheet, sheet.version, "yearly_report", pdf())
    sheet.refresh_from_db()
    assert services.submit_sheet(s["officer_p1"], sheet, sheet.version).status == "submitted"


def test_evidence_is_checked_by_content(s):
    from django.core.files.uploadedfile import SimpleUploadedFile

    rnd = _round(s)
    sheet = _sheet(rnd, s["p1"])
    fake = SimpleUploadedFile("bao-cao.pdf", b"MZ\x90\x00 not a pdf", "application/pdf")
    with pytest.raises(workflow.GuardFailed, match="Minh chứng của tiêu chí “Xây dựng"):
        services.add_evidence(s["officer_p1"], sheet, sheet.version, "unit_plan", fake)


def test_unscored_line_and_out_of_scope_and_stale(s):
    rnd = _round(s)
    sheet = _sheet(rnd, s["p1"])
    with pytest.raises(workflow.GuardFailed, match="chưa tự chấm điểm"):
        services.submit_sheet(s["officer_p1"], sheet, sheet.version)
    with pytest.raises(workflow.NotAllowed):  # another ward's officer
        services.save_self_scores(s["officer_p2"], sheet, sheet.version, {"unit_plan": (5, "")})
    with pytest.raises(workflow.NotAllowed):  # the unit may not verify itself
        services.verify_sheet(s["officer_p1"], sheet, sheet.version, {})
    with pytest.raises(workflow.NotAllowed):
        services.open_round(s["outsider"], agency=s["town"], scheme_id=GENERAL, year=YEAR,
                            units=[s["p1"]])
    services.save_self_scores(s["officer_p1"], sheet, sheet.version, {"unit_plan": (5, "")})
    with pytest.raises(workflow.StaleVersion):
        services.save_self_scores(s["officer_p1"], sheet, 1, {"unit_plan": (6, "")})
    with pytest.raises(workflow.VersionMissing):
        services.save_self_scores(s["officer_p1"], sheet, "", {"unit_plan": (6, "")})


# -- verification and adjustments ------------------------------------------------------------------
def test_adjustment_without_a_reason_is_refused_and_with_one_is_kept(s):
    rnd = _round(s)
    sheet = _fill(s, rnd, s["p1"], FULL, user=s["officer_p1"])
    scores = {c: (v, "") for c, v in FULL.items()}
    scores["propagation"] = ("12", "")
    with pytest.raises(workflow.GuardFailed,
                       match="Tuyên truyền.*khác điểm tự chấm 20 — phải ghi lý do điều chỉnh"):
        services.verify_sheet(s["office"], sheet, sheet.version, scores)
    sheet.refresh_from_db()
    assert sheet.status == ScoreSheet.SUBMITTED
    assert sheet.lines.get(criterion="propagation").verified_score is None  # nothing written
    scores["propagation"] = ("12", "Chỉ có 3 tin bài, không có chuyên mục riêng")
    scores["unit_plan"] = (20, "thừa lý do")  # unchanged score: the reason is not kept
    sheet = services.verify_sheet(s["office"], sheet, sheet.version, scores)
    line = sheet.lines.get(criterion="propagation")
    assert (line.verified_score, line.adjustment_reason, line.adjusted) == (
        Decimal(12), "Chỉ có 3 tin bài, không có chuyên mục riêng", True)
    assert sheet.lines.get(criterion="unit_plan").adjustment_reason == ""
    [row] = services.ranking(rnd)[:1]
    assert (row.total, row.self_total, row.rank) == (Decimal(92), Decimal(100), 1)


def test_verified_score_above_the_maximum_and_a_missing_line(s):
    rnd = _round(s)
    sheet = _fill(s, rnd, s["p1"], FULL)
    scores = {c: (v, "") for c, v in FULL.items()}
    scores["unit_plan"] = (21, "thưởng thêm")
    with pytest.raises(workflow.GuardFailed, match="Xây dựng kế hoạch.*vượt điểm tối đa 20"):
        services.verify_sheet(s["office"], sheet, sheet.version, scores)
    del scores["unit_plan"]
    with pytest.raises(workflow.GuardFailed, match="Xây dựng kế hoạch.*chưa có điểm thẩm định"):
        services.verify_sheet(s["office"], sheet, sheet.version, scores)


def test_returned_sheet_needs_a_reason_and_goes_back_to_draft(s):
    rnd = _round(s)
    sheet = _fill(s, rnd, s["p1"], FULL)
    with pytest.raises(workflow.GuardFailed, match="lý do trả lại"):
        services.return_sheet(s["office"], sheet, sheet.version, "  ")
    sheet = services.return_sheet(s["office"], sheet, sheet.version, "Thiếu báo cáo quý 4")
    assert sheet.status == ScoreSheet.DRAFT and sheet.return_reason == "Thiếu báo cáo quý 4"
    with pytest.raises(workflow.ForbiddenTransition):
        services.verify_sheet(s["office"], sheet, sheet.version, {})


# -- ranking and ties ---------------------------------------------------------------------------------
def _scored(s, rnd, table):
    for unit, scores in table.items():
        _verify_as_is(s, _fill(s, rnd, s[unit], scores))


def test_tie_broken_by_the_schemes_criteria_then_shared(s):
    rnd = _round(s)
    _scored(s, rnd, {
        # p1 and p2 both 90: p2 has more for quarterly introductions → above p1.
        "p1": {"quarterly_introductions": 30, "unit_plan": 20, "yearly_report": 20,
               "propagation": 20},
        "p2": {"quarterly_introductions": 40, "unit_plan": 20, "yearly_report": 10,
               "propagation": 20},
        # p3 also 90 with the same introductions and report as p1: same place as p1.
        "p3": {"quarterly_introductions": 30, "unit_plan": 20, "yearly_report": 20,
               "propagation": 20},
    })
    rows = services.ranking(rnd)
    assert [(r.unit_name, r.total, r.rank) for r in rows] == [
        ("UBND Phường 2", 90, 1), ("UBND Phường 1", 90, 2), ("UBND Phường 3", 90, 2)]
    assert rows[1].tie_note == "đồng hạng"
    assert rows[0].tie_note.startswith("bằng điểm, xếp theo quy tắc")


def test_shared_rule_gives_equal_ranks_and_skips_the_next(s):
    rnd = _round(s, scheme=GENERAL)
    a = {"tasks": 40, "pact": 30, "emulation_work": 10, "solidarity": 10}  # 90
    b = {"tasks": 30, "pact": 30, "emulation_work": 20, "solidarity": 10}  # 90
    c = {"tasks": 30, "pact": 20, "emulation_work": 20, "solidarity": 10}  # 80
    _scored(s, rnd, {"p3": a, "p1": b, "p2": c})
    assert [(r.unit_name, r.rank) for r in services.ranking(rnd)] == [
        ("UBND Phường 1", 1), ("UBND Phường 3", 1), ("UBND Phường 2", 3)]


def test_ranking_does_not_depend_on_row_order(s, monkeypatch):
    rnd = _round(s)
    _scored(s, rnd, {
        "p1": {"quarterly_introductions": 30, "unit_plan": 20, "yearly_report": 20,
               "propagation": 20},
        "p2": {"quarterly_introductions": 40, "unit_plan": 20, "yearly_report": 10,
               "propagation": 20},
        "p3": {"quarterly_introductions": 30, "unit_plan": 20, "yearly_report": 20,
               "propagation": 20},
    })
    expected = [(r.unit_id, r.rank, r.total) for r in services.ranking(rnd)]
    real_list = list
    seen_orders = set()
    for seed in range(6):
        rng = random.Random(seed)

        def shuffled(iterable, _rng=rng):
            items = real_list(iterable)
            if items and isinstance(items[0], ScoreSheet):
                _rng.shuffle(items)
                seen_orders.add(tuple(x.pk for x in items))
            return items

        monkeypatch.setattr(services, "list", shuffled, raising=False)
        assert [(r.unit_id, r.rank, r.total) for r in services.ranking(rnd)] == expected
    monkeypatch.undo()
    assert len(seen_orders) > 1  # the sheets did come in different orders


def test_unverified_sheets_are_listed_without_a_rank(s):
    rnd = _round(s)
    _verify_as_is(s, _fill(s, rnd, s["p2"], FULL))
    _fill(s, rnd, s["p1"], FULL)
    rows = services.ranking(rnd)
    assert [(r.unit_name, r.rank, r.total) for r in rows] == [
        ("UBND Phường 2", 1, 100), ("UBND Phường 1", None, None), ("UBND Phường 3", None, None)]


# -- closing and proposals ------------------------------------------------------------------------------
def test_close_needs_every_sheet_verified_then_proposals_become_nominations(s):
    rnd = _round(s)
    _scored(s, rnd, {"p1": FULL, "p2": {**FULL, "propagation": 0}})
    with pytest.raises(workflow.GuardFailed, match="chưa thẩm định: UBND Phường 3"):
        services.close_round(s["office"], rnd, rnd.version)
    with pytest.raises(workflow.GuardFailed, match="sau khi đã công bố"):
        services.propose(s["office"], rnd)
    _scored(s, rnd, {"p3": {**FULL, "unit_plan": 0}})
    rnd = services.close_round(s["office"], rnd, rnd.version)
    assert rnd.status == Round.CLOSED
    rows = services.result(rnd)
    assert [(r.unit_name, r.proposed) for r in rows] == [
        ("UBND Phường 1", ["Giấy khen"]), ("UBND Phường 2", []), ("UBND Phường 3", [])]
    [nom] = services.propose(s["office"], rnd)
    assert (nom.subject, nom.level, nom.status, nom.year) == (
        s["p1"].subject, "agency", Nomination.DRAFT, YEAR)
    assert "xếp thứ 1, 100/100 điểm" in nom.summary
    assert services.propose(s["office"], rnd) == []  # already nominated: not twice
    with pytest.raises(workflow.ForbiddenTransition):
        services.close_round(s["office"], rnd, rnd.version)


def test_proposal_places_follow_the_rules_of_the_general_scheme(s):
    town = s["town"]
    from dienhinh.orgs import services as orgs

    p4 = orgs.create_unit("NN_P4", "UBND Phường 4", "commune", town)
    s["p4"] = p4
    rnd = _round(s, scheme=GENERAL, units=[s["p1"], s["p2"], s["p3"], p4])
    top = {"tasks": 40, "pact": 30, "emulation_work": 20, "solidarity": 10}       # 100
    second = {"tasks": 40, "pact": 30, "emulation_work": 15, "solidarity": 10}    # 95
    third = {"tasks": 35, "pact": 25, "emulation_work": 15, "solidarity": 8}      # 83
    low = {"tasks": 30, "pact": 20, "emulation_work": 15, "solidarity": 5}        # 70
    _scored(s, rnd, {"p1": second, "p2": top, "p3": low, "p4": third})
    rows = services.result(rnd)
    assert [(r.unit_name, r.proposed) for r in rows] == [
        ("UBND Phường 2", ["Cờ thi đua cấp bộ, ban, ngành, tỉnh"]),
        ("UBND Phường 1", ["Bằng khen cấp bộ, ban, ngành, tỉnh"]),
        ("UBND Phường 4", ["Bằng khen cấp bộ, ban, ngành, tỉnh"]),
        ("UBND Phường 3", [])]  # 70 %: below the 80 % the rule asks


def test_round_needs_units_below_the_agency_and_a_plan_for_auto_criteria(s):
    with pytest.raises(workflow.GuardFailed, match="không trực thuộc"):
        services.open_round(s["office"], agency=s["town"], scheme_id=GENERAL, year=YEAR,
                            units=[s["other"]])
    with pytest.raises(workflow.GuardFailed, match="hãy chọn kế hoạch"):
        services.open_round(s["office"], agency=s["town"], scheme_id=NGA_NAM, year=YEAR,
                            units=[s["p1"]])
    with pytest.raises(workflow.GuardFailed, match="ngoài thời gian thực hiện"):
        services.open_round(s["office"], agency=s["town"], scheme_id=NGA_NAM, year=2027,
                            units=[s["p1"]], plan=s["plan"])
    _round(s)
    with pytest.raises(workflow.GuardFailed, match="Đã có đợt chấm điểm"):
        _round(s)


def test_home_tasks(s):
    rnd = _round(s)
    assert [sh.unit for sh in services.sheets_to_submit(s["officer_p1"])] == [s["p1"]]
    assert services.sheets_to_verify(s["office"]).count() == 0
    _fill(s, rnd, s["p1"], FULL, user=s["officer_p1"])
    assert services.sheets_to_submit(s["officer_p1"]).count() == 0
    assert [sh.unit for sh in services.sheets_to_verify(s["office"])] == [s["p1"]]
    assert services.sheets_to_verify(s["outsider"]).count() == 0


def test_a_broken_shipped_scheme_fails_the_system_check(tmp_path, monkeypatch):
    from dienhinh.scoring.checks import shipped_schemes

    assert shipped_schemes() == []
    broken = schemes.shipped_text(GENERAL).replace("max: 30", "max: -30")
    (tmp_path / "hong.yaml").write_text(broken, encoding="utf-8")
    monkeypatch.setattr(schemes, "DATA_DIR", tmp_path)
    [error] = shipped_schemes()
    assert error.id == "scoring.E001"
    assert "hong.yaml" in error.msg and "Thực hiện các chỉ tiêu của giao ước thi đua" in error.msg
