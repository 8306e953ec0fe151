"""Secrecy at rest: nothing stored links a member to a choice, during or after the ballot.

While the ballot is open the only trace of a choice is a sealed box that opens with the
tellers' passphrase alone (the schema, the boxes, every join of the tables). After the
close, what is stored is the same for two ballots with the same tally whatever members
chose and in whatever order they voted: the counted rows, their order, the
participations, the audit log and the notifications. The physical reading of the
database files is in test_ballot_storage.py.
"""

import pytest
from django.db import connection

from dienhinh.audit.models import AuditEntry
from dienhinh.council import sealing, services
from dienhinh.council.models import (
    Ballot,
    BallotParticipation,
    CountedReceipt,
    CountedVote,
    SealedVote,
)
from dienhinh.notifications.models import Notification
from tests.factories.council import PASSPHRASE, council_setup

pytestmark = pytest.mark.django_db

TIME_TYPES = ("DateTimeField", "DateField", "TimeField")


def columns(table):
    with connection.cursor() as cursor:
        return sorted(c.name for c in connection.introspection.get_table_description(cursor,
                                                                                      table))


def open_ballot(s, items=("hoa", "ldvl"), title=None):
    meeting = s["meeting"]
    if title:
        meeting = services.create_meeting(s["office"], s["council"], title, meeting.held_on,
                                          "agency", plan=s["plan"])
    for key in items:
        services.add_item(s["office"], meeting, s["noms"][key])
    meeting.refresh_from_db()
    meeting = services.set_attendance(s["office"], meeting, meeting.version, s["members"])
    return services.open_ballot(s["office"], meeting, meeting.version, Ballot.ELECTRONIC,
                                PASSPHRASE)


def test_schema_has_no_member_no_time_and_no_choice_in_the_clear():
    assert columns("council_sealedvote") == ["ballot_id", "id", "receipt_tag", "sealed"]
    assert columns("council_countedvote") == ["ballot_id", "choice", "id", "item_id"]
    assert columns("council_countedreceipt") == ["ballot_id", "id", "receipt_tag"]
    assert columns("council_ballotparticipation") == ["ballot_id", "id", "item_id",
                                                      "member_id"]
    assert "council_vote" not in connection.introspection.table_names()
    for model in (SealedVote, CountedVote, CountedReceipt, BallotParticipation):
        assert not any(f.get_internal_type() in TIME_TYPES for f in model._meta.concrete_fields)
        related = {f.related_model for f in model._meta.concrete_fields if f.is_relation}
        assert related <= {Ballot, services.AgendaItem, services.CouncilMember}
        assert not model._meta.ordering
    for model in (SealedVote, CountedVote, CountedReceipt, BallotParticipation):
        assert model._meta.pk.get_internal_type() == "UUIDField"
    # No field of a counted vote or receipt names a member; none of a participation a choice.
    assert {f.name for f in CountedVote._meta.concrete_fields} == {"id", "ballot", "item",
                                                                   "choice"}


def test_open_ballot_holds_only_boxes_of_one_length_that_the_passphrase_alone_opens():
    s = council_setup(members=4)
    ballot = open_ballot(s)
    hoa, ldvl = ballot.meeting.items.order_by("position")
    services.declare_recusal(s["members"][3].user, ldvl, "Người thân")
    votes = [{hoa.pk: "yes", ldvl.pk: "no"}, {hoa.pk: "no", ldvl.pk: "no"},
             {hoa.pk: "abstain", ldvl.pk: "yes"}, {hoa.pk: "yes"}]
    codes = [services.cast_votes(seat.user, ballot, v) for seat, v in zip(s["members"], votes)]
    boxes = list(SealedVote.objects.filter(ballot=ballot).values_list("receipt_tag", "sealed"))
    # One length for every box, whatever the number of items inside.
    assert len({len(bytes(box)) for _tag, box in boxes}) == 1 and len(boxes) == 4
    assert not CountedVote.objects.exists()
    # The server keeps no key that opens them …
    wrong = sealing.private_key("đoán thử một cụm khác", ballot.kdf_salt, ballot.kdf_ops,
                                ballot.kdf_mem)
    with pytest.raises(sealing.CannotOpen):
        sealing.open_box(wrong, boxes[0][1])
    # … the tellers' passphrase does, and inside is each submission, with its tag.
    key = sealing.private_key(PASSPHRASE, ballot.kdf_salt, ballot.kdf_ops, ballot.kdf_mem)
    opened = dict(sealing.open_box(key, box) for _tag, box in boxes)
    assert opened == {services.receipt_tag(c): v for c, v in zip(codes, votes)}
    assert {tag for tag, _box in boxes} == set(opened)
    # The same choices sealed twice give different boxes: equal boxes say nothing.
    again = sealing.seal(ballot.public_key, votes[0], "t", 2)
    assert again != sealing.seal(ballot.public_key, votes[0], "t", 2)


def test_no_join_of_the_stored_tables_tells_how_a_member_voted():
    """Every column of the participations joined with every column of the other ballot
    tables: while open nothing with a choice exists; after the close every join reaches
    all the choices of an item or none."""
    s = council_setup(members=4)
    ballot = open_ballot(s)
    hoa, ldvl = ballot.meeting.items.order_by("position")
    votes = [("yes", "no"), ("no", "no"), ("abstain", "yes"), ("yes", "yes")]
    for seat, (a, b) in zip(s["members"], votes):
        services.cast_votes(seat.user, ballot, {hoa.pk: a, ldvl.pk: b})
    services.close_ballot(s["office"], ballot, passphrase=PASSPHRASE)
    every = {}
    for item_id, choice in CountedVote.objects.values_list("item_id", "choice"):
        every.setdefault(item_id, []).append(choice)
    every = {k: sorted(v) for k, v in every.items()}
    tried = 0
    for p_col in columns("council_ballotparticipation"):
        for v_col in columns("council_countedvote"):
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT p.member_id, p.item_id, v.item_id, v.choice "
                               f"FROM council_ballotparticipation p JOIN council_countedvote v "
                               f"ON CAST(p.{p_col} AS TEXT) = CAST(v.{v_col} AS TEXT)")
                rows = cursor.fetchall()
            tried += 1
            reached = {}
            for member, p_item, v_item, choice in rows:
                reached.setdefault((member, p_item, v_item), []).append(choice)
            for (_member, _p_item, v_item), choices in reached.items():
                assert sorted(choices) == every[v_item], (p_col, v_col)
    assert tried == 4 * 4
    assert not SealedVote.objects.exists()


def _stored(ballot):
    """What an administrator reads of a closed ballot, random keys left out: the counted
    rows in their stored order, the participations in their stored order, the audit
    entries and notifications of the ballot (without their times)."""
    position = {i.pk: i.position for i in ballot.meeting.items.all()}
    with connection.cursor() as cursor:
        order = "ctid" if connection.vendor == "postgresql" else "rowid"
        cursor.execute(f"SELECT item_id, choice FROM council_countedvote WHERE ballot_id = %s "
                       f"ORDER BY {order}", [ballot.pk])
        counted = [(position[i], c) for i, c in cursor.fetchall()]
        cursor.execute(f"SELECT item_id, member_id FROM council_ballotparticipation "
                       f"WHERE ballot_id = %s ORDER BY {'ctid' if order == 'ctid' else 'id'}",
                       [ballot.pk])
        participations = [(position[i], m) for i, m in cursor.fetchall()]
    close = AuditEntry.objects.get(action="council.ballot.close", target_id=str(ballot.pk))
    after = dict(close.after)
    # The hash is over the counted rows alone (item ids differ between the two ballots).
    assert after.pop("tally_hash") == services.tally_hash(services.tally_lines(ballot))
    after["participants"] = {str(position[int(k)]): v for k, v in after["participants"].items()}
    after["results"] = {str(position[int(k)]): v for k, v in after["results"].items()}
    return counted, participations, after


def test_what_is_stored_after_the_close_depends_on_the_tally_not_on_who_chose_what():
    """Two ballots, the same tally; the members' choices swapped and the voting order
    reversed. Everything stored is the same, so nothing stored can tell the two apart,
    and no member can be linked to a choice better than by guessing from the tally."""
    s = council_setup(members=6)
    first = open_ballot(s, items=("hoa",))
    second = open_ballot(s, items=("ldvl",), title="Họp lần hai")
    item1, item2 = first.meeting.items.get(), second.meeting.items.get()
    choices = ["yes", "no", "abstain", "yes", "no", "yes"]
    swapped = ["no", "yes", "yes", "abstain", "yes", "no"]   # same counts, other members
    assert sorted(choices) == sorted(swapped)
    seats = s["members"]
    for seat, choice in zip(seats, choices):
        services.cast_votes(seat.user, first, {item1.pk: choice})
    for seat, choice in reversed(list(zip(seats, swapped))):
        services.cast_votes(seat.user, second, {item2.pk: choice})
    # While open: no audit entry per vote, nothing counted, and no notification.
    assert not AuditEntry.objects.filter(action__startswith="council.ballot.participate")
    notes = Notification.objects.count()
    for ballot in (first, second):
        services.close_ballot(s["office"], ballot, passphrase=PASSPHRASE)
    a, b = _stored(first), _stored(second)
    assert a[0] == b[0] == [(1, "abstain"), (1, "no"), (1, "no"), (1, "yes"), (1, "yes"),
                            (1, "yes")]
    # On SQLite the participations are in the order of their random keys (rowid-less
    # table), on PostgreSQL in the order (item, member) they were written again.
    if connection.vendor == "postgresql":
        assert a[1] == b[1] == sorted(a[1])
    assert sorted(a[1]) == sorted(b[1]) == [(1, seat.pk) for seat in seats]
    assert a[2] == b[2]
    assert a[2]["participants"] == {"1": sorted(seat.pk for seat in seats)}
    new = Notification.objects.order_by("id")[notes:]
    assert {n.subject for n in new} == {f"Đã kết thúc bỏ phiếu: {first.meeting.title}",
                                        f"Đã kết thúc bỏ phiếu: {second.meeting.title}"}
    for note in new:
        assert not any(word in f"{note.subject} {note.body}" for word in
                       ("Đồng ý", "Không đồng ý", "yes", "abstain"))


def test_participations_are_written_again_at_the_close_under_new_keys():
    s = council_setup(members=3)
    ballot = open_ballot(s, items=("hoa",))
    item = ballot.meeting.items.get()
    for seat in s["members"]:
        services.cast_votes(seat.user, ballot, {item.pk: "yes"})
    during = set(BallotParticipation.objects.values_list("id", flat=True))
    services.close_ballot(s["office"], ballot, passphrase=PASSPHRASE)
    after = set(BallotParticipation.objects.values_list("id", flat=True))
    assert len(after) == 3 and not during & after
    assert services.turnout(ballot) == {item.pk: 3}
    assert CountedReceipt.objects.filter(ballot=ballot).count() == 3
