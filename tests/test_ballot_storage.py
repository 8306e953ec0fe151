"""The ballot read physically, as an administrator with the database files would.

Eight members vote through the API in a known order on two ballots with the same tally:
on the second the members' choices are permuted and the order of voting differs. The
attacker of issue 11 knew the order of voting (from the audit log's times; here the
test simply gives it) and read the rows in their physical order: the byte position of
each cell in its SQLite page, or `ctid` on PostgreSQL.

- While the ballots are open, the database file and its write-ahead log hold the sealed
  boxes and never a vote in the clear; no audit entry, notification or log line is
  written per vote.
- After the close, no box is left in the file or the log (SQLite: the log is empty, the
  file rebuilt; PostgreSQL: the tables have new files, with no dead row), and
  everything stored in its physical order — the counted rows, the participations, the
  audit entries — is the same for both ballots. Since the two ballots differ in who chose
  what and are indistinguishable in storage, the order-based attack links no member to a
  choice better than a guess from the published tally.
"""

import logging
import os

import pytest
from django.db import connection

from dienhinh.audit.models import AuditEntry
from dienhinh.council import sealing, services
from dienhinh.council.models import Ballot, SealedVote
from dienhinh.notifications.models import Notification
from tests.factories.council import PASSPHRASE, accepted, council_setup

from .sqlite_pages import allocation_order, cells

pytestmark = pytest.mark.django_db(transaction=True)

MEMBERS = 8
# World A: member i votes VECTORS[i] (first item, second item) and members vote in order.
# Eight different pairs, so that no two members can be confused with each other.
VECTORS = [("yes", "no"), ("no", "no"), ("abstain", "yes"), ("yes", "yes"),
           ("no", "abstain"), ("abstain", "no"), ("no", "yes"), ("abstain", "abstain")]
# World B: the same vectors given to other members (same tally), another order of voting.
SHIFT = 3
ORDER_B = [3, 6, 1, 7, 0, 4, 2, 5]


@pytest.fixture(autouse=True)
def seeds(db):
    # A transactional test flushes the tables the data migration filled.
    from dienhinh.plans import seeds
    from dienhinh.plans.models import PlanTemplate

    seeds.install(PlanTemplate)


def _open(client, s, meeting, noms):
    for nom in noms:
        services.add_item(s["office"], meeting, nom)
    meeting.refresh_from_db()
    meeting = services.set_attendance(s["office"], meeting, meeting.version, s["members"])
    client.force_login(s["office"])
    response = client.post(f"/api/council/meetings/{meeting.pk}/open/", {
        "version": meeting.version, "mode": "electronic", "passphrase": PASSPHRASE},
        content_type="application/json")
    assert response.status_code == 200, response.content
    return Ballot.objects.get(meeting=meeting)


def _vote(client, s, ballot, order, vectors) -> list[str]:
    items = list(ballot.meeting.items.order_by("position"))
    codes = []
    for n in order:
        client.force_login(s["members"][n].user)
        response = client.post(f"/api/council/meetings/{ballot.meeting_id}/vote/", {
            "choices": {str(item.pk): choice for item, choice in zip(items, vectors[n])}},
            content_type="application/json")
        assert response.status_code == 201, response.content
        codes.append(response.json()["receipt"])
    return codes


def _close(client, s, ballot):
    client.force_login(s["office"])
    base = f"/api/council/meetings/{ballot.meeting_id}/"
    response = client.post(base + "close/", {"version": client.get(base).json()["version"],
                                             "passphrase": PASSPHRASE},
                           content_type="application/json")
    assert response.status_code == 200, response.content


def _files() -> tuple[bytes, bytes]:
    path = connection.settings_dict["NAME"]
    with open(path, "rb") as f:
        main = f.read()
    wal = b""
    if os.path.exists(f"{path}-wal"):
        with open(f"{path}-wal", "rb") as f:
            wal = f.read()
    return main, wal


def _root(table: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT rootpage FROM sqlite_master WHERE type = 'table' AND name = %s",
                       [table])
        return cursor.fetchone()[0]


def _columns(table: str) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT name FROM pragma_table_info('{table}') ORDER BY cid")
        return [row[0] for row in cursor.fetchall()]


def _physical(table: str, ballot_id: int) -> list[dict]:
    """The rows of one ballot in the order their cells were written in the file."""
    names = _columns(table)
    main, _wal = _files()
    rows = []
    for cell in allocation_order(cells(main, _root(table))):
        row = dict(zip(names, cell.values))
        if row["ballot_id"] == ballot_id:
            rows.append(row)
    return rows


def _pg_physical(table: str, ballot_id: int, fields: str) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {fields} FROM {table} WHERE ballot_id = %s ORDER BY ctid",
                       [ballot_id])
        return cursor.fetchall()


def _pg_wal_has(needle: bytes, since) -> bool:
    """Whether a write-ahead log segment written since `since` contains the bytes
    (needs a superuser, as the test database's owner is here)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM pg_ls_waldir() WHERE modification >= %s", [since])
        names = [row[0] for row in cursor.fetchall()]
        for name in names:
            cursor.execute("SELECT pg_read_binary_file(%s)", [f"pg_wal/{name}"])
            if needle in bytes(cursor.fetchone()[0]):
                return True
    return False


def _pg_raw_pages(table: str) -> list[bytes]:
    with connection.cursor() as cursor:
        cursor.execute("CREATE EXTENSION IF NOT EXISTS pageinspect")
        cursor.execute("SELECT pg_relation_size(%s) / current_setting('block_size')::int",
                       [table])
        pages = cursor.fetchone()[0]
        raw = []
        for n in range(pages):
            cursor.execute("SELECT get_raw_page(%s, %s)", [table, n])
            raw.append(bytes(cursor.fetchone()[0]))
        return raw


def _pg_dead_rows(table: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_relation_size(%s) / current_setting('block_size')::int",
                       [table])
        pages = cursor.fetchone()[0]
        dead = 0
        for n in range(pages):
            cursor.execute("SELECT count(*) FROM heap_page_items(get_raw_page(%s, %s)) "
                           "WHERE lp_flags <> 1 OR t_xmax <> 0", [table, n])
            dead += cursor.fetchone()[0]
        return dead


def _attack(counted: list[tuple], participants_in_voting_order: list[int]) -> dict:
    """Issue 11's attack: the k-th voter gets the k-th choice of each item in physical
    order."""
    per_item: dict[int, list[str]] = {}
    for position, choice in counted:
        per_item.setdefault(position, []).append(choice)
    return {member: tuple(per_item[p][k] for p in sorted(per_item))
            for k, member in enumerate(participants_in_voting_order)}


def test_stored_votes_read_physically_link_no_member_to_a_choice(client, caplog):
    caplog.set_level(logging.DEBUG)
    s = council_setup(members=MEMBERS)
    second = services.create_meeting(s["office"], s["council"], "Họp lần hai",
                                     s["meeting"].held_on, "agency", plan=s["plan"])
    extra = [accepted(s, s["mai"].subject, unit=s["btxh"]),
             accepted(s, s["tuan"].subject, unit=s["vp"])]
    with connection.cursor() as cursor:
        cursor.execute("SELECT now()" if connection.vendor == "postgresql" else "SELECT 1")
        started = cursor.fetchone()[0]
    a = _open(client, s, s["meeting"], [s["noms"]["hoa"], s["noms"]["ldvl"]])
    b = _open(client, s, second, extra)
    vectors_b = [VECTORS[(i + SHIFT) % MEMBERS] for i in range(MEMBERS)]
    assert sorted(v[0] for v in VECTORS) == sorted(v[0] for v in vectors_b)
    assert sorted(v[1] for v in VECTORS) == sorted(v[1] for v in vectors_b)
    entries, notes = AuditEntry.objects.count(), Notification.objects.count()
    logged = len(caplog.records)
    codes = _vote(client, s, a, range(MEMBERS), VECTORS)
    codes += _vote(client, s, b, ORDER_B, vectors_b)

    # -- during the ballot -------------------------------------------------------------
    # Nothing written per vote but the participations and one box: no audit entry, no
    # notification, no log line with a code or a choice.
    assert AuditEntry.objects.count() == entries
    assert Notification.objects.count() == notes
    for record in caplog.records[logged:]:
        text = record.getMessage()
        assert not any(code in text for code in codes) and '"choices"' not in text
    boxes = [bytes(box) for box in SealedVote.objects.values_list("sealed", flat=True)]
    assert len(boxes) == 2 * MEMBERS
    if connection.vendor == "sqlite":
        main, wal = _files()
        stored = main + wal
        # The scan sees what is there: every box, in the file or its log …
        assert all(box in stored for box in boxes)
        # … and never a vote in the clear.
        assert sealing.MAGIC not in stored and b'"c":{' not in stored
    else:
        assert _pg_wal_has(boxes[0], started)   # the scan of the log sees the boxes …
        assert not _pg_wal_has(sealing.MAGIC, started)   # … and no vote in the clear
        raw = b"".join(_pg_raw_pages("council_sealedvote"))
        assert all(box in raw for box in boxes) and sealing.MAGIC not in raw

    _close(client, s, a)
    _close(client, s, b)

    # -- after the close ----------------------------------------------------------------
    assert not SealedVote.objects.exists()
    position = {item.pk: item.position for ballot in (a, b)
                for item in ballot.meeting.items.all()}
    if connection.vendor == "sqlite":
        main, wal = _files()
        assert wal == b""   # checkpointed and truncated
        assert not any(box[:48] in main for box in boxes)   # not even a box's first bytes
        assert sealing.MAGIC not in main
        assert cells(main, _root("council_sealedvote")) == []
        counted = {ballot.pk: [(position[r["item_id"]], r["choice"])
                               for r in _physical("council_countedvote", ballot.pk)]
                   for ballot in (a, b)}
        participations = {ballot.pk: _physical("council_ballotparticipation", ballot.pk)
                          for ballot in (a, b)}
        for rows in participations.values():
            # Written in the order of their random keys, whatever the order of voting.
            assert [r["id"] for r in rows] == sorted(r["id"] for r in rows)
    else:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_relation_size('council_sealedvote')")
            size = cursor.fetchone()[0]
            assert size == 0   # a new file: no page left
        for table in ("council_ballotparticipation", "council_countedvote",
                      "council_countedreceipt"):
            raw = b"".join(_pg_raw_pages(table))
            assert not any(box[:48] in raw for box in boxes) and sealing.MAGIC not in raw
        assert _pg_dead_rows("council_ballotparticipation") == 0
        counted = {ballot.pk: [(position[i], c) for i, c in _pg_physical(
            "council_countedvote", ballot.pk, "item_id, choice")] for ballot in (a, b)}
        participations = {ballot.pk: _pg_physical("council_ballotparticipation", ballot.pk,
                                                  "item_id, member_id")
                          for ballot in (a, b)}
        for rows in participations.values():
            assert rows == sorted(rows)   # the order (item, member), not of voting

    # The counted rows in physical order: the same for both ballots, in the order of the
    # tally. Positions 1 and 2 are the two items of each ballot.
    assert counted[a.pk] == counted[b.pk] == sorted(counted[a.pk])
    # The attack, with the true order of voting handed to it, makes the same guess on
    # both ballots; the ballots differ in who chose what, so on every member whose
    # choices differ between them it is wrong at least once: no better than a guess.
    seats = [m.pk for m in s["members"]]
    guess_a = _attack(counted[a.pk], [seats[n] for n in range(MEMBERS)])
    guess_b = _attack(counted[b.pk], [seats[n] for n in ORDER_B])
    truth_a = {seats[n]: VECTORS[n] for n in range(MEMBERS)}
    truth_b = {seats[n]: vectors_b[n] for n in range(MEMBERS)}
    right_a = sum(guess_a[m] == truth_a[m] for m in seats)
    right_b = sum(guess_b[m] == truth_b[m] for m in seats)
    differing = [m for m in seats if truth_a[m] != truth_b[m]]
    assert len(differing) == MEMBERS
    assert right_a < MEMBERS and right_b < MEMBERS
    assert [guess_a[m] for m in seats] != [truth_a[m] for m in seats]
    # The audit log: one entry for the close of each ballot, its participants sorted,
    # and nothing between the opening and the close.
    closes = list(AuditEntry.objects.filter(action="council.ballot.close").order_by("seq"))
    assert [e.target_id for e in closes] == [str(a.pk), str(b.pk)]
    for entry in closes:
        assert all(ids == sorted(ids) for ids in entry.after["participants"].values())
    assert not AuditEntry.objects.filter(seq__gt=entries, seq__lt=closes[0].seq).exists()
    # Receipts: counted, and nothing more.
    assert all(services.verify_receipt(code)["counted"] for code in codes)


def test_ballot_scrub_command_rewrites_the_pages():
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("ballot", "scrub", stdout=out)
    assert "Đã viết lại" in out.getvalue()
    if connection.vendor == "sqlite":
        assert _files()[1] == b""   # the write-ahead log is empty
