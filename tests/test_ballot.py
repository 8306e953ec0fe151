"""The secret ballot: exact thresholds, recusals, quorum, refusals that count nowhere,
paper counts, receipts, the closed-ballot guards and the minutes DOCX."""

import hashlib
import io
import re

import pytest
from django.db import DatabaseError, connection, transaction
from docx import Document

from dienhinh.audit.models import AuditEntry
from dienhinh.council import documents, services
from dienhinh.council.models import (
    ALL_MEMBERS,
    PRESENT,
    VALID,
    Ballot,
    BallotParticipation,
    CountedVote,
    ItemResult,
    Recusal,
    SealedVote,
)
from tests.factories.council import PASSPHRASE, council_setup

pytestmark = pytest.mark.django_db


def prepare(s, present=None, rule=None, items=("hoa",)):
    meeting = s["meeting"]
    office = s["office"]
    for key in items:
        services.add_item(office, meeting, s["noms"][key])
    meeting.refresh_from_db()
    seats = s["members"] if present is None else [s["members"][i] for i in present]
    meeting = services.set_attendance(office, meeting, meeting.version, seats)
    if rule:
        meeting = services.set_rule(office, meeting, meeting.version, *rule)
    return meeting


def open_(s, meeting, mode=Ballot.ELECTRONIC):
    meeting.refresh_from_db()
    return services.open_ballot(s["office"], meeting, meeting.version, mode, PASSPHRASE)


def vote_all(s, ballot, item, choices):
    """choices: list of "yes"/"no"/"abstain" for members 0..n-1 (None: does not vote)."""
    for seat, choice in zip(s["members"], choices):
        if choice:
            services.cast_votes(seat.user, ballot, {item.pk: choice})


def close(s, ballot):
    return services.close_ballot(s["office"], ballot, passphrase=PASSPHRASE)


# -- exact arithmetic --------------------------------------------------------------------
def test_passes_is_integer_arithmetic_at_the_edges():
    assert services.passes(7, 10, 7, 10, strict=False)          # exactly 70%, "at least"
    assert not services.passes(7, 10, 7, 10, strict=True)       # exactly 70%, "more than"
    assert services.passes(8, 10, 7, 10, strict=True)
    assert not services.passes(6, 9, 2, 3, strict=True) and services.passes(6, 9, 2, 3, False)
    assert not services.passes(5, 10, 1, 2, strict=True)       # half is not more than half
    assert services.passes(6, 10, 1, 2, strict=True)
    # 2/3 of 3 members is exactly 2: floating point says 0.6666… * 3 = 1.9999…8 or 2.0
    assert services.passes(2, 3, 2, 3, strict=False) and not services.passes(2, 3, 2, 3, True)
    assert not services.passes(0, 0, 1, 2, strict=False)       # nobody to count: not passed
    # Large councils stay exact.
    assert services.passes(700001, 1000000, 7, 10, strict=True)
    assert not services.passes(699999, 1000000, 7, 10, strict=False)


@pytest.mark.parametrize("strict,passed", [(False, True), (True, False)])
def test_exactly_70_percent_of_ten_members(strict, passed):
    s = council_setup(members=10)
    meeting = prepare(s, rule=(ALL_MEMBERS, 7, 10, strict, False))
    ballot = open_(s, meeting)
    item = meeting.items.get()
    vote_all(s, ballot, item, ["yes"] * 7 + ["no", "no", "abstain"])
    close(s, ballot)
    result = services.item_result(item)
    assert (result.yes, result.valid, result.denominator) == (7, 10, 10)
    assert result.passed is passed
    assert (item in services.passed_items()) is passed
    assert services.nomination_passed(item.nomination) is passed


def test_nine_tenths_of_all_members_counts_absent_members_in_the_denominator():
    s = council_setup(members=10)
    # Ten members, nine present: 9 yes of 10 members is exactly 9/10.
    meeting = prepare(s, present=range(9), rule=(ALL_MEMBERS, 9, 10, False, False))
    ballot = open_(s, meeting)
    item = meeting.items.get()
    vote_all(s, ballot, item, ["yes"] * 9)
    close(s, ballot)
    assert services.item_result(item).passed
    # The same nine present, one votes no: 8/10 < 9/10, although 8/9 of those present.
    s2_item = _second_meeting_same_rule(s, yes=8, no=1)
    assert services.item_result(s2_item).denominator == 10
    assert not services.item_result(s2_item).passed


def _second_meeting_same_rule(s, yes, no):
    meeting = services.create_meeting(s["office"], s["council"], "Họp lần hai",
                                      s["meeting"].held_on, "agency", plan=s["plan"])
    services.add_item(s["office"], meeting, s["noms"]["ldvl"])
    meeting.refresh_from_db()
    meeting = services.set_attendance(s["office"], meeting, meeting.version, s["members"][:9])
    meeting = services.set_rule(s["office"], meeting, meeting.version, ALL_MEMBERS, 9, 10,
                                False, False)
    ballot = services.open_ballot(s["office"], meeting, meeting.version, Ballot.ELECTRONIC,
                                  PASSPHRASE)
    item = meeting.items.get()
    vote_all(s, ballot, item, ["yes"] * yes + ["no"] * no)
    services.close_ballot(s["office"], ballot, passphrase=PASSPHRASE)
    return item


@pytest.mark.parametrize("denominator,expected_den,passed", [
    (ALL_MEMBERS, 5, False),   # 3/5 < 2/3: the recused member still counts
    (PRESENT, 4, True),        # 3/4 ≥ 2/3: the recused member is left out
    (VALID, 4, True),          # 4 valid ballots, 3 yes
])
def test_recusal_reduces_the_denominator_only_when_the_rule_says_so(
        denominator, expected_den, passed):
    s = council_setup(members=5)
    # Member 5 is the nominee's unit's head: recused automatically from the LDVL item.
    seat = s["members"][4]
    seat.person = s["dung"]
    seat.save()
    meeting = prepare(s, items=("ldvl",), rule=(denominator, 2, 3, False, False))
    item = meeting.items.get()
    assert Recusal.objects.filter(item=item, member=seat, kind=Recusal.AUTO).exists()
    ballot = open_(s, meeting)
    vote_all(s, ballot, item, ["yes", "yes", "yes", "no", None])
    with pytest.raises(services.Recused):
        services.cast_votes(seat.user, ballot, {item.pk: "yes"})
    close(s, ballot)
    result = services.item_result(item)
    assert result.recused == 1 and result.yes == 3 and result.valid == 4
    assert result.denominator == expected_den and result.passed is passed


def test_written_votes_of_absent_members_count_only_when_the_rule_allows():
    s = council_setup(members=6)
    meeting = prepare(s, present=range(4), rule=(PRESENT, 2, 3, False, True))
    ballot = open_(s, meeting)
    item = meeting.items.get()
    # Four present (two yes, two no) and two absent who vote in writing (yes).
    vote_all(s, ballot, item, ["yes", "yes", "no", "no", "yes", "yes"])
    close(s, ballot)
    result = services.item_result(item)
    assert (result.yes, result.denominator, result.passed) == (4, 6, True)

    s2 = _absent_refused()
    assert s2 is True


def _absent_refused():
    from dienhinh.council.models import Meeting
    from dienhinh.exemplars.models import Nomination

    meeting = Meeting.objects.get(title__startswith="Họp xét")
    s_members = list(services.active_members(meeting.council, meeting.held_on))
    other = services.create_meeting(meeting.by, meeting.council, "Họp không nhận phiếu văn bản",
                                    meeting.held_on, "agency", plan=meeting.plan)
    nom = Nomination.objects.get(subject__code="LC_LDVL")
    services.add_item(meeting.by, other, nom)
    other.refresh_from_db()
    other = services.set_attendance(meeting.by, other, other.version, s_members[:4])
    other = services.set_rule(meeting.by, other, other.version, PRESENT, 2, 3, False, False)
    ballot = services.open_ballot(meeting.by, other, other.version, Ballot.ELECTRONIC,
                                  PASSPHRASE)
    with pytest.raises(services.NotAMember, match="vắng mặt|không có mặt"):
        services.cast_votes(s_members[5].user, ballot, {other.items.get().pk: "yes"})
    return not BallotParticipation.objects.filter(ballot=ballot).exists()


# -- quorum --------------------------------------------------------------------------------
def test_quorum_missed_refuses_to_open_and_met_exactly_opens():
    s = council_setup(members=6)
    meeting = prepare(s, present=range(3))  # 3/6 < 2/3
    with pytest.raises(services.QuorumNotMet, match="Chưa đủ số thành viên có mặt"):
        open_(s, meeting)
    meeting.refresh_from_db()
    assert meeting.status == "planned" and not Ballot.objects.exists()
    meeting = services.set_attendance(s["office"], meeting, meeting.version, s["members"][:4])
    ballot = open_(s, meeting)  # 4/6 is exactly 2/3
    assert ballot.members_total == 6 and ballot.present_total == 4
    assert ballot.rule_num == 1 and ballot.rule_den == 2 and ballot.rule_strict


def test_empty_agenda_refuses_to_open():
    s = council_setup(members=3)
    meeting = s["meeting"]
    meeting = services.set_attendance(s["office"], meeting, meeting.version, s["members"])
    with pytest.raises(services.QuorumNotMet, match="chưa có hồ sơ"):
        open_(s, meeting)


def test_rule_is_frozen_when_the_ballot_opens():
    s = council_setup(members=3)
    meeting = prepare(s)
    ballot = open_(s, meeting)
    meeting.refresh_from_db()
    with pytest.raises(services.ForbiddenTransition):
        services.set_rule(s["office"], meeting, meeting.version, VALID, 1, 3, False, False)
    with pytest.raises(services.ForbiddenTransition):
        services.set_attendance(s["office"], meeting, meeting.version, s["members"][:1])
    ballot.refresh_from_db()
    assert (ballot.rule_denominator, ballot.rule_num, ballot.rule_den) == (ALL_MEMBERS, 1, 2)


# -- refusals count nowhere ---------------------------------------------------------------
def test_twice_non_member_after_close_are_refused_and_counted_nowhere(make_user):
    s = council_setup(members=3)
    meeting = prepare(s)
    ballot = open_(s, meeting)
    item = meeting.items.get()
    member = s["members"][0].user
    code = services.cast_votes(member, ballot, {item.pk: "yes"})
    assert code.startswith(f"{ballot.pk}-")
    with pytest.raises(services.AlreadyVoted, match="đã bỏ phiếu"):
        services.cast_votes(member, ballot, {item.pk: "no"})
    outsider = make_user("ngoai", role="council_member", unit=s["so"])
    with pytest.raises(services.NotAMember, match="không phải thành viên"):
        services.cast_votes(outsider, ballot, {item.pk: "no"})
    with pytest.raises(services.NotAMember):
        services.cast_votes(s["office"], ballot, {item.pk: "no"})
    assert SealedVote.objects.filter(ballot=ballot).count() == 1
    assert BallotParticipation.objects.filter(ballot=ballot).count() == 1
    close(s, ballot)
    with pytest.raises(services.BallotClosed, match="đã kết thúc"):
        services.cast_votes(s["members"][1].user, ballot, {item.pk: "no"})
    with pytest.raises(services.ForbiddenTransition):
        close(s, ballot)
    result = services.item_result(item)
    assert (result.yes, result.no, result.valid) == (1, 0, 1)
    assert CountedVote.objects.filter(ballot=ballot).count() == 1


def test_a_declared_recusal_blocks_the_vote_and_comes_too_late_after_voting():
    s = council_setup(members=3)
    meeting = prepare(s, items=("hoa", "ldvl"))
    hoa, ldvl = meeting.items.order_by("position")
    ballot = open_(s, meeting)
    first, second = s["members"][0].user, s["members"][1].user
    services.declare_recusal(first, hoa, "Người thân của người được đề nghị")
    with pytest.raises(services.Recused, match="không tham gia biểu quyết"):
        services.cast_votes(first, ballot, {hoa.pk: "yes", ldvl.pk: "yes"})
    assert not SealedVote.objects.exists()   # all or nothing: not even the LDVL vote
    assert [i.pk for i in services.voter_items(ballot, s["members"][0])] == [ldvl.pk]
    services.cast_votes(second, ballot, {hoa.pk: "no", ldvl.pk: "yes"})
    with pytest.raises(services.AlreadyVoted):
        services.declare_recusal(second, hoa, "muộn")


def test_no_tally_before_close():
    s = council_setup(members=3)
    meeting = prepare(s)
    ballot = open_(s, meeting)
    item = meeting.items.get()
    services.cast_votes(s["members"][0].user, ballot, {item.pk: "yes"})
    assert services.item_result(item) is None
    assert not ItemResult.objects.exists() and ballot.tally_hash == ""
    assert services.turnout(ballot) == {item.pk: 1}
    assert not services.passed_items().exists()


# -- paper mode ----------------------------------------------------------------------------
def test_paper_counts_must_add_up():
    s = council_setup(members=5)
    meeting = prepare(s)
    ballot = open_(s, meeting, Ballot.PAPER)
    item = meeting.items.get()
    secretary = s["members"][1].user
    with pytest.raises(services.CountsDoNotAddUp, match="lớn hơn số phiếu phát ra"):
        services.enter_paper_count(secretary, ballot, item, 4, 5, 5, 0)
    with pytest.raises(services.CountsDoNotAddUp, match="không bằng số phiếu hợp lệ"):
        services.enter_paper_count(secretary, ballot, item, 5, 5, 3, 1)
    with pytest.raises(services.CountsDoNotAddUp, match="nhiều hơn số thành viên"):
        services.enter_paper_count(secretary, ballot, item, 6, 5, 4, 1)
    with pytest.raises(services.CouncilError):
        services.cast_votes(s["members"][0].user, ballot, {item.pk: "yes"})
    member = s["members"][3].user
    with pytest.raises(services.PermissionDenied):
        services.enter_paper_count(member, ballot, item, 5, 5, 4, 1)
    with pytest.raises(services.CountsDoNotAddUp, match="Chưa nhập"):
        close(s, ballot)
    services.enter_paper_count(secretary, ballot, item, 5, 4, 3, 1, 0)  # one spoilt ballot
    close(s, ballot)
    result = services.item_result(item)
    assert (result.issued, result.valid, result.yes, result.denominator) == (5, 4, 3, 5)
    assert result.passed  # 3/5 > 1/2
    ballot.refresh_from_db()
    assert ballot.tally_hash == services.tally_hash(
        [f"{item.pk}:issued=5:valid=4:yes=3:no=1:abstain=0"])


def test_paper_counts_are_checked_by_the_database_too():
    s = council_setup(members=3)
    meeting = prepare(s)
    ballot = open_(s, meeting, Ballot.PAPER)
    from django.db import IntegrityError

    from dienhinh.council.models import PaperCount

    with pytest.raises(IntegrityError), transaction.atomic():
        PaperCount.objects.create(ballot=ballot, item=meeting.items.get(), issued=3, valid=3,
                                  yes=1, no=1, abstain=0)


# -- receipts, hash, guards ---------------------------------------------------------------
def test_receipt_says_recorded_then_counted_and_nothing_published_proves_a_choice(client):
    s = council_setup(members=3)
    meeting = prepare(s, items=("hoa", "ldvl"))
    ballot = open_(s, meeting)
    hoa, ldvl = meeting.items.order_by("position")
    code = services.cast_votes(s["members"][0].user, ballot, {hoa.pk: "yes", ldvl.pk: "no"})
    services.cast_votes(s["members"][1].user, ballot, {hoa.pk: "yes", ldvl.pk: "yes"})
    # Stored: the hash of the code beside a sealed box; never the code, never a choice.
    assert SealedVote.objects.filter(receipt_tag=services.receipt_tag(code)).count() == 1
    found = services.verify_receipt(f"  {code.lower()} ")
    assert found["ballot"] == ballot and not found["counted"] and not found["closed"]
    assert services.verify_receipt(f"{ballot.pk}-AAAA-AAAA-AAAA-AAAA") is None
    assert services.verify_receipt("rác") is None
    close(s, ballot)
    ballot.refresh_from_db()
    assert services.verify_receipt(code)["counted"] is True
    page = client.get("/public/ballots/verify/", {"code": code}).content.decode()
    assert "đã được ghi nhận" in page and "phiếu đã được kiểm" in page
    assert "Đồng ý" not in page and "Không đồng ý" not in page
    # Anyone recounts the published lines and recomputes the published hash …
    public = client.get(f"/public/ballots/{ballot.pk}/").content.decode()
    lines = public.split('id="tally-lines">', 1)[1].split("</pre>", 1)[0].split()
    assert sorted(lines) == lines == sorted([f"{hoa.pk}:yes", f"{hoa.pk}:yes",
                                             f"{ldvl.pk}:no", f"{ldvl.pk}:yes"])
    assert hashlib.sha256("\n".join(lines).encode()).hexdigest() == ballot.tally_hash
    assert ballot.tally_hash in public
    assert [line.split(":")[1] for line in lines if line.startswith(f"{hoa.pk}:")].count(
        "yes") == services.item_result(hoa).yes
    # … but nothing published carries anything derived from a receipt code.
    derived = [code, services.receipt_tag(code), services.legacy_receipt_hash(code, hoa.pk),
               services.legacy_receipt_hash(code, ldvl.pk)]
    for text in (public, page):
        assert not any(d in text for d in derived[1:])
    assert not re.findall(r"\b[0-9a-f]{64}\b", public.replace(ballot.tally_hash, ""))


def test_open_needs_a_passphrase_and_a_wrong_one_at_the_close_changes_nothing():
    s = council_setup(members=3)
    meeting = prepare(s)
    with pytest.raises(services.CouncilError, match="ít nhất 12 ký tự"):
        services.open_ballot(s["office"], meeting, meeting.version, Ballot.ELECTRONIC, "ngắn")
    assert not Ballot.objects.exists()
    ballot = open_(s, meeting)
    assert len(ballot.public_key) == 64 and len(ballot.kdf_salt) == 32
    assert PASSPHRASE not in str(Ballot.objects.filter(pk=ballot.pk).values().get())
    item = meeting.items.get()
    vote_all(s, ballot, item, ["yes", "no", "yes"])
    boxes = sorted(SealedVote.objects.values_list("sealed", flat=True))
    entries = AuditEntry.objects.count()
    with pytest.raises(services.WrongPassphrase, match="không đúng"):
        services.close_ballot(s["office"], ballot, passphrase=PASSPHRASE + " ")
    ballot.refresh_from_db()
    assert ballot.status == Ballot.OPEN and ballot.tally_hash == ""
    assert sorted(SealedVote.objects.values_list("sealed", flat=True)) == boxes
    assert not CountedVote.objects.exists() and not ItemResult.objects.exists()
    assert AuditEntry.objects.count() == entries
    close(s, ballot)
    result = services.item_result(item)
    assert (result.yes, result.no) == (2, 1)
    assert not SealedVote.objects.exists()


def test_paper_ballot_needs_no_passphrase():
    s = council_setup(members=3)
    meeting = prepare(s)
    ballot = services.open_ballot(s["office"], meeting, meeting.version, Ballot.PAPER)
    assert ballot.public_key == ""
    services.enter_paper_count(s["office"], ballot, meeting.items.get(), 3, 3, 2, 1)
    services.close_ballot(s["office"], ballot)
    assert services.item_result(meeting.items.get()).yes == 2


def test_closed_ballot_is_guarded_by_the_database():
    s = council_setup(members=3)
    meeting = prepare(s)
    ballot = open_(s, meeting)
    item = meeting.items.get()
    services.cast_votes(s["members"][0].user, ballot, {item.pk: "yes"})
    with pytest.raises(DatabaseError), transaction.atomic():
        SealedVote.objects.filter(ballot=ballot).update(sealed=b"x")   # never edited
    close(s, ballot)
    with pytest.raises(DatabaseError), transaction.atomic():
        CountedVote.objects.filter(ballot=ballot).update(choice="no")   # never edited
    with pytest.raises(DatabaseError), transaction.atomic():
        CountedVote.objects.create(ballot=ballot, item=item, choice="yes")
    with pytest.raises(DatabaseError), transaction.atomic():
        SealedVote.objects.create(ballot=ballot, receipt_tag="x" * 64, sealed=b"x")
    with pytest.raises(DatabaseError), transaction.atomic():
        BallotParticipation.objects.create(ballot=ballot, item=item, member=s["members"][2])
    with pytest.raises(DatabaseError), transaction.atomic():
        Ballot.objects.filter(pk=ballot.pk).update(tally_hash="0" * 64)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE council_ballot SET status = 'open' WHERE id = %s", [ballot.pk])
    ballot.refresh_from_db()
    assert ballot.status == "closed" and CountedVote.objects.filter(ballot=ballot).count() == 1


# -- minutes -------------------------------------------------------------------------------
def test_minutes_docx_has_the_counts_the_tally_and_the_hash():
    s = council_setup(members=5)
    meeting = prepare(s, present=range(4), items=("hoa", "ldvl"))
    ballot = open_(s, meeting)
    hoa, ldvl = meeting.items.order_by("position")
    vote_all(s, ballot, hoa, ["yes", "yes", "yes", "no"])
    vote_all(s, ballot, ldvl, ["yes", "no", "no", "abstain"])
    ballot = close(s, ballot)
    data = documents.minutes_docx(ballot)
    doc = Document(io.BytesIO(data))
    text = "\n".join(p.text for p in doc.paragraphs)
    cells = "\n".join(c.text for t in doc.tables for row in t.rows for c in row.cells)
    assert "BIÊN BẢN KIỂM PHIẾU" in text
    assert "Tổng số thành viên Hội đồng: 5; có mặt: 4; vắng mặt: 1." in text
    assert "Tỷ lệ phiếu để được công nhận: trên 1/2 tổng số thành viên Hội đồng" in text
    assert ballot.tally_hash in text and len(ballot.tally_hash) == 64
    assert "Số tập thể, cá nhân đạt tỷ lệ phiếu: 1/2." in text
    assert "Nguyễn Thị Hoa" in cells and "Phòng Lao động – Việc làm" in cells
    assert "3 (60,00%)" in cells and "Đạt" in cells and "Không đạt" in cells
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in cells
    assert "Độc lập - Tự do - Hạnh phúc" in cells
    assert "THƯ KÝ HỘI ĐỒNG" in cells and "Trần Văn Thành 1" in cells


def test_percent_is_exact_and_rounded_half_up():
    assert documents.percent(2, 3) == "66,67%"
    assert documents.percent(1, 8) == "12,50%"
    assert documents.percent(7, 10) == "70,00%"
    assert documents.percent(1, 0) == "—"


def test_error_reports_never_show_the_passphrase():
    """A failure inside the close (here: a sealed box that is not a vote) produces the
    report Django mails to ADMINS or shows with DEBUG: the passphrase, the key and the
    choices in the frames' variables are hidden."""
    import sys

    from django.views.debug import ExceptionReporter

    s = council_setup(members=3)
    meeting = prepare(s)
    ballot = open_(s, meeting)
    item = meeting.items.get()
    services.cast_votes(s["members"][0].user, ballot, {item.pk: "abstain"})
    with connection.cursor() as cursor:   # a forged box, as an intruder could add
        cursor.execute("INSERT INTO council_sealedvote (id, ballot_id, receipt_tag, sealed) "
                       "VALUES (%s, %s, %s, %s)",
                       ["0" * 32, ballot.pk, "f" * 64, b"not a sealed vote"])
    try:
        close(s, ballot)
    except services.CouncilError:
        report = ExceptionReporter(None, *sys.exc_info()).get_traceback_text()
    else:
        pytest.fail("a forged box was counted")
    assert "_tellers_key" in report or "close_ballot" in report
    assert PASSPHRASE not in report and "abstain" not in report
    ballot.refresh_from_db()
    assert ballot.status == Ballot.OPEN and not CountedVote.objects.exists()
