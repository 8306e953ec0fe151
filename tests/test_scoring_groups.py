"""Emulation blocks and clusters (issue 13, item 5): members per year, the rotating lead,
the signed pact with its targets, scoring and voting among members, the flag."""

import datetime as dt
from decimal import Decimal

import pytest

from dienhinh import workflow
from dienhinh.audit.models import AuditEntry
from dienhinh.scoring import services
from dienhinh.scoring.models import EmulationGroup, GroupYear, Round
from tests.factories.scoring import YEAR, pdf, scoring_setup

pytestmark = pytest.mark.django_db
GENERAL = "chung-khoi-cum-thi-dua"
TOP = {"tasks": 40, "pact": 30, "emulation_work": 20, "solidarity": 10}


@pytest.fixture
def s():
    s = scoring_setup()
    s["group"] = services.create_group(s["office"], agency=s["town"], kind="block",
                                       name="Khối các phường")
    return s


def _members(s, year=YEAR, units=("p1", "p2", "p3")):
    g = s["group"]
    g.refresh_from_db()
    return services.set_members(s["office"], g, g.version, year, [s[u] for u in units])


def _scored_round(s, table):
    _members(s)
    rnd = services.open_round(s["office"], agency=s["town"], scheme_id=GENERAL, year=YEAR,
                              group=s["group"])
    for unit, scores in table.items():
        sheet = rnd.sheets.get(unit=s[unit])
        sheet = services.save_self_scores(s["office"], sheet, sheet.version,
                                          {c: (v, "") for c, v in scores.items()})
        for c in ("tasks", "pact"):
            sheet.refresh_from_db()
            services.add_evidence(s["office"], sheet, sheet.version, c, pdf())
        sheet.refresh_from_db()
        sheet = services.submit_sheet(s["office"], sheet, sheet.version)
        services.verify_sheet(s["office"], sheet, sheet.version,
                              {c: (v, "") for c, v in scores.items()})
    return rnd


def test_group_needs_a_manager_and_a_unique_name(s):
    with pytest.raises(workflow.NotAllowed):
        services.create_group(s["officer_p1"], agency=s["town"], kind="cluster", name="Cụm 1")
    with pytest.raises(workflow.GuardFailed, match="Đã có khối, cụm"):
        services.create_group(s["office"], agency=s["town"], kind="block",
                              name="Khối các phường")
    with pytest.raises(workflow.GuardFailed, match="không hợp lệ"):
        services.create_group(s["office"], agency=s["town"], kind="flag", name="X")


def test_members_per_year_and_the_rotating_lead(s):
    g = _members(s, 2023)
    g = services.set_members(s["office"], g, g.version, 2024,
                             [s["p1"], s["p2"], s["p3"], s["armed"]])
    assert [u.code for u in services.members(g, 2023)] == ["NN_P1", "NN_P2", "NN_P3"]
    assert len(services.members(g, 2024)) == 4
    with pytest.raises(workflow.GuardFailed, match="ít nhất hai"):
        services.set_members(s["office"], g, g.version, 2025, [s["p1"]])
    with pytest.raises(workflow.StaleVersion):
        services.set_members(s["office"], g, 1, 2025, [s["p1"], s["p2"]])
    # No lead before: the first member in Vietnamese name order ("Ban" before "UBND").
    first = services.set_lead(s["office"], g, g.version, 2023)
    assert first.lead == s["p1"]
    g.refresh_from_db()
    # The next year the lead passes on to the next member by name.
    assert services.next_lead(g, 2024) == s["p2"]
    second = services.set_lead(s["office"], g, g.version, 2024, deputy=s["p3"])
    assert (second.lead, second.deputy) == (s["p2"], s["p3"])
    # A lead chosen on a page read before that change is refused, and nothing changes.
    with pytest.raises(workflow.StaleVersion):
        services.set_lead(s["office"], g, g.version, 2024, lead=s["p1"])
    g.refresh_from_db()
    assert GroupYear.objects.get(group=g, year=2024).lead == s["p2"]
    with pytest.raises(workflow.GuardFailed, match="Đơn vị phó"):
        services.set_lead(s["office"], g, g.version, 2024, lead=s["p1"], deputy=s["p1"])
    with pytest.raises(workflow.GuardFailed, match="phải là thành viên"):
        services.set_lead(s["office"], g, g.version, 2023, lead=s["armed"])
    # Only the organising agency's office changes it.
    with pytest.raises(workflow.NotAllowed):
        services.set_lead(s["officer_p1"], g, g.version, 2024, lead=s["p1"])
    # Each change is audited with the lead before and after.
    changed = services.set_lead(s["office"], g, g.version, 2024, lead=s["p3"], deputy=s["p1"])
    entry = AuditEntry.objects.filter(action="scoring.group.lead").order_by("-seq").first()
    assert (entry.before["lead"], entry.after["lead"]) == ("NN_P2", "NN_P3")
    assert entry.target_id == str(changed.pk)
    members = AuditEntry.objects.filter(action="scoring.group.members").order_by("-seq").first()
    assert members.before["units"] == [] and members.after["units"] == [
        "NN_P1", "NN_P2", "NN_P3", "NN_QS"]


def test_pact_needs_a_document_and_targets(s):
    _members(s)
    s["group"].refresh_from_db()
    gy = services.set_lead(s["office"], s["group"], s["group"].version, YEAR)
    signed = dt.date(YEAR, 2, 20)
    with pytest.raises(workflow.GuardFailed, match="ít nhất một chỉ tiêu"):
        services.record_pact(s["office"], gy, gy.version, signed_on=signed, targets=[("", "")])
    with pytest.raises(workflow.GuardFailed, match="tải lên văn bản giao ước"):
        services.record_pact(s["office"], gy, gy.version, signed_on=signed,
                             targets=[("Giải quyết hồ sơ đúng hạn", "100%")])
    with pytest.raises(workflow.GuardFailed, match="trong năm 2024 hoặc cuối năm trước"):
        services.record_pact(s["office"], gy, gy.version, signed_on=dt.date(2022, 1, 5),
                             targets=[("Giải quyết hồ sơ đúng hạn", "100%")], uploaded=pdf())
    gy = services.record_pact(s["office"], gy, gy.version, signed_on=signed, uploaded=pdf(),
                              targets=[("Giải quyết hồ sơ đúng hạn", "100%"),
                                       ("Giới thiệu gương điển hình mỗi quý", "ít nhất 02")])
    assert gy.pact_signed_on == signed and gy.pact_file_name == "minh-chung.pdf"
    assert [(t.position, t.measure) for t in gy.targets.all()] == [(1, "100%"), (2, "ít nhất 02")]
    with pytest.raises(workflow.NotAllowed):
        services.record_pact(s["officer_p1"], gy, gy.version, signed_on=signed,
                             targets=[("x", "")])


def test_members_vote_and_the_flag_goes_to_the_majority(s):
    rnd = _scored_round(s, {
        "p1": TOP,                                   # 100
        "p2": {**TOP, "emulation_work": 15},         # 95
        "p3": {**TOP, "solidarity": 5, "pact": 20},  # 85
    })
    assert rnd.group == s["group"] and rnd.agency == s["town"]
    with pytest.raises(workflow.GuardFailed, match="tối đa 1"):
        services.cast_vote(s["officer_p1"], rnd, s["p1"], [s["p1"], s["p2"]])
    with pytest.raises(workflow.NotAllowed):  # Phường 2's officer cannot vote for Phường 1
        services.cast_vote(s["officer_p2"], rnd, s["p1"], [s["p2"]])
    with pytest.raises(workflow.GuardFailed, match="không phải thành viên"):
        services.cast_vote(s["office"], rnd, s["armed"], [s["p1"]])
    services.cast_vote(s["officer_p1"], rnd, s["p1"], [s["p2"]])
    with pytest.raises(workflow.GuardFailed, match="đã bỏ phiếu"):
        services.cast_vote(s["officer_p1"], rnd, s["p1"], [s["p1"]])
    services.cast_vote(s["officer_p2"], rnd, s["p2"], [s["p2"]])
    services.cast_vote(s["office"], rnd, s["p3"], [s["p1"]])
    rows = services.group_result(rnd)
    # Phường 2 ranks second by score but has 2 of 3 votes: the block proposes it for the
    # flag; the Bằng khen places follow the ranking among the others.
    assert [(r.unit_name, r.rank, r.votes, r.proposed) for r in rows] == [
        ("UBND Phường 1", 1, 1, ["Bằng khen cấp bộ, ban, ngành, tỉnh"]),
        ("UBND Phường 2", 2, 2, ["Cờ thi đua cấp bộ, ban, ngành, tỉnh"]),
        ("UBND Phường 3", 3, 0, ["Bằng khen cấp bộ, ban, ngành, tỉnh"]),
    ]
    assert rows[0].total == Decimal(100)


def test_no_majority_no_flag(s):
    rnd = _scored_round(s, {"p1": TOP, "p2": TOP, "p3": TOP})
    services.cast_vote(s["office"], rnd, s["p1"], [s["p1"]])
    services.cast_vote(s["office"], rnd, s["p2"], [s["p2"]])
    services.cast_vote(s["office"], rnd, s["p3"], [s["p3"]])
    rows = services.group_result(rnd)
    assert [r.rank for r in rows] == [1, 1, 1]  # the general scheme shares equal places
    assert all("Cờ thi đua cấp bộ, ban, ngành, tỉnh" not in r.proposed for r in rows)


def test_voting_waits_for_verification_and_members_are_frozen_once_scored(s):
    _members(s)
    rnd = services.open_round(s["office"], agency=s["town"], scheme_id=GENERAL, year=YEAR,
                              group=s["group"])
    with pytest.raises(workflow.GuardFailed, match="mọi bảng điểm đã được thẩm định"):
        services.cast_vote(s["office"], rnd, s["p1"], [s["p2"]])
    g = EmulationGroup.objects.get(pk=s["group"].pk)
    with pytest.raises(workflow.GuardFailed, match="đã mở đợt chấm điểm"):
        services.set_members(s["office"], g, g.version, YEAR, [s["p1"], s["p2"]])
    assert Round.objects.get().sheets.count() == 3


def test_a_group_without_members_cannot_be_scored(s):
    with pytest.raises(workflow.GuardFailed, match="chưa có đơn vị thành viên năm 2024"):
        services.open_round(s["office"], agency=s["town"], scheme_id=GENERAL, year=YEAR,
                            group=s["group"])


def test_demo_builds_a_scored_year_and_a_block_once(s):
    from dienhinh.demo import scoring as demo_scoring
    from dienhinh.scoring.models import GroupYear, MemberVote, ScoreSheet

    for _ in range(2):  # idempotent: the second call adds nothing
        demo_scoring.build("nga-nam-ubnd-2021-2025", s["plan"], s["town"], s["office"])
    scored = Round.objects.get(year=YEAR, group=None)
    assert scored.status == Round.CLOSED and scored.sheets.count() == 4
    adjusted = [r for r in services.ranking(scored) if r.total != r.self_total]
    assert len(adjusted) == 1 and adjusted[0].total == adjusted[0].self_total - 6
    block = Round.objects.get(year=YEAR, group__isnull=False)
    assert block.status == Round.CLOSED and MemberVote.objects.filter(round=block).count() == 4
    flagged = [r for r in services.group_result(block)
               if "Cờ thi đua cấp bộ, ban, ngành, tỉnh" in r.proposed]
    assert len(flagged) == 1 and flagged[0].votes == 3
    gy = GroupYear.objects.get(year=YEAR)
    assert gy.pact_signed_on is not None and gy.targets.count() == 3
    this_year = Round.objects.get(year=2025)
    assert this_year.status == Round.OPEN
    assert sorted(this_year.sheets.values_list("status", flat=True)) == [
        ScoreSheet.DRAFT, ScoreSheet.DRAFT, ScoreSheet.DRAFT, ScoreSheet.SUBMITTED]
    assert Round.objects.count() == 3
