"""Secrecy by construction: nothing stored links a member to a choice.

The schema is checked (no member, user, time or sequential key on a vote; no ordering),
then every column of the participations is joined with every column of the votes and
no join tells one member's choice from another's; the vote table is the same whatever
the order in which members voted; the audit log names who took part, never the choice.
"""

import pytest
from django.db import connection

from dienhinh.audit.models import AuditEntry
from dienhinh.council import services
from dienhinh.council.models import Ballot, BallotParticipation, Vote
from tests.factories.council import council_setup

pytestmark = pytest.mark.django_db


def columns(table):
    with connection.cursor() as cursor:
        return [c.name for c in connection.introspection.get_table_description(cursor, table)]


def open_ballot(s, items=("hoa", "ldvl"), title=None):
    meeting = s["meeting"]
    if title:
        meeting = services.create_meeting(s["office"], s["council"], title, meeting.held_on,
                                          "agency", plan=s["plan"])
    for key in items:
        services.add_item(s["office"], meeting, s["noms"][key])
    meeting.refresh_from_db()
    meeting = services.set_attendance(s["office"], meeting, meeting.version, s["members"])
    return services.open_ballot(s["office"], meeting, meeting.version, Ballot.ELECTRONIC)


def test_vote_schema_has_no_link_no_time_no_sequence_no_order():
    assert sorted(columns("council_vote")) == ["ballot_id", "choice", "id", "item_id",
                                               "receipt_hash"]
    fields = {f.name: f for f in Vote._meta.get_fields()}
    assert fields["id"].get_internal_type() == "UUIDField" and fields["id"].primary_key
    assert not any(f.get_internal_type() in ("DateTimeField", "DateField", "AutoField",
                                             "BigAutoField", "TimeField")
                   for f in Vote._meta.concrete_fields)
    related = {f.related_model for f in Vote._meta.concrete_fields if f.is_relation}
    assert related == {Ballot, services.AgendaItem}
    assert not Vote._meta.ordering
    assert "ORDER BY" not in str(Vote.objects.all().query)
    # Participations: who, not what, and no time or sequence either.
    assert sorted(columns("council_ballotparticipation")) == ["ballot_id", "id", "item_id",
                                                              "member_id"]
    assert BallotParticipation._meta.pk.get_internal_type() == "UUIDField"


def _cast_join(p_col, v_col):
    sql = (f"SELECT p.member_id, p.item_id, v.item_id, v.choice "
           f"FROM council_ballotparticipation p JOIN council_vote v "
           f"ON CAST(p.{p_col} AS TEXT) = CAST(v.{v_col} AS TEXT)")
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchall()


def test_no_join_of_participations_and_votes_tells_how_a_member_voted():
    s = council_setup(members=4)
    ballot = open_ballot(s)
    hoa, ldvl = ballot.meeting.items.order_by("position")
    votes = [("yes", "no"), ("no", "no"), ("abstain", "yes"), ("yes", "yes")]
    for seat, (a, b) in zip(s["members"], votes):
        services.cast_votes(seat.user, ballot, {hoa.pk: a, ldvl.pk: b})
    every = {}
    for item_id, choice in Vote.objects.values_list("item_id", "choice"):
        every.setdefault(item_id, []).append(choice)
    every = {k: sorted(v) for k, v in every.items()}
    tried = 0
    for p_col in columns("council_ballotparticipation"):
        for v_col in columns("council_vote"):
            rows = _cast_join(p_col, v_col)
            tried += 1
            # What each participation reaches, per voted item: to learn anything, a join
            # would have to reach some votes of an item but not all of them.
            reached = {}
            for member, p_item, v_item, choice in rows:
                reached.setdefault((member, p_item, v_item), []).append(choice)
            for (_member, _p_item, v_item), choices in reached.items():
                assert sorted(choices) == every[v_item], (p_col, v_col)
    assert tried == 4 * 5


def test_vote_table_is_the_same_whatever_the_voting_order():
    s = council_setup(members=3)
    first = open_ballot(s, items=("hoa",))
    second = open_ballot(s, items=("ldvl",), title="Họp lần hai")
    a, b, c = (m.user for m in s["members"])
    item1, item2 = first.meeting.items.get(), second.meeting.items.get()
    # A yes then B no then C abstain … and the reverse order.
    for user, choice in ((a, "yes"), (b, "no"), (c, "abstain")):
        services.cast_votes(user, first, {item1.pk: choice})
    for user, choice in ((c, "abstain"), (b, "no"), (a, "yes")):
        services.cast_votes(user, second, {item2.pk: choice})

    def table(ballot):
        # Every stored column except the random ones, in the table's only order: its key.
        return sorted(Vote.objects.filter(ballot=ballot).values_list("choice", flat=True))

    assert table(first) == table(second) == ["abstain", "no", "yes"]
    # What is left to order rows by is random: the key and the receipt hash.
    for ballot in (first, second):
        keys = list(Vote.objects.filter(ballot=ballot).order_by("id").values_list("choice",
                                                                                  flat=True))
        assert sorted(keys) == ["abstain", "no", "yes"]


def test_audit_log_and_turnout_never_carry_a_choice():
    s = council_setup(members=3)
    ballot = open_ballot(s, items=("hoa",))
    item = ballot.meeting.items.get()
    services.cast_votes(s["members"][0].user, ballot, {item.pk: "no"})
    entry = AuditEntry.objects.get(action="council.ballot.participate")
    assert entry.after == {"member": s["members"][0].pk, "items": [item.pk]}
    assert "no" not in str(entry.after.values()) and entry.before is None
    assert services.turnout(ballot) == {item.pk: 1}


def test_physical_order_on_sqlite_is_the_random_key_not_the_insertion_order():
    if connection.vendor != "sqlite":
        # PostgreSQL keeps heap order; docs/architecture.md says what that leaves to a
        # trusted administrator.
        assert connection.vendor == "postgresql"
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name IN "
                       "('council_vote', 'council_ballotparticipation')")
        tables = dict(cursor.fetchall())
        cursor.execute("SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND "
                       "tbl_name IN ('council_vote', 'council_ballotparticipation')")
        triggers = cursor.fetchone()[0]
    assert len(tables) == 2 and all("WITHOUT ROWID" in sql for sql in tables.values())
    assert triggers == 3
    s = council_setup(members=5)
    ballot = open_ballot(s, items=("hoa",))
    item = ballot.meeting.items.get()
    for seat in s["members"]:
        services.cast_votes(seat.user, ballot, {item.pk: "yes"})
    with connection.cursor() as cursor:
        cursor.execute("SELECT id FROM council_vote")   # physical (table) order
        physical = [row[0] for row in cursor.fetchall()]
    assert physical == sorted(physical)   # the order of the random keys, nothing else
