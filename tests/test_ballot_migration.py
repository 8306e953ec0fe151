"""Migration council.0006 on a database with ballots held before votes were sealed:
their choices become counted votes in the order (item, choice), their per-item receipt
hashes counted receipts (so old codes still verify), and the plain vote table goes."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from dienhinh.council import services

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("council", "0005_money_pass_share")]
AFTER = [("council", "0006_sealed_ballot")]


@pytest.fixture(autouse=True)
def seeds(db):
    from dienhinh.plans import seeds
    from dienhinh.plans.models import PlanTemplate

    seeds.install(PlanTemplate)


def _migrate(target):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(target)
    return executor.loader.project_state(target).apps


def test_votes_of_earlier_ballots_are_moved_and_their_receipts_still_verify():
    from tests.factories.council import council_setup

    s = council_setup(members=3)
    meeting = s["meeting"]
    services.add_item(s["office"], meeting, s["noms"]["hoa"])
    item = meeting.items.get()
    try:
        apps = _migrate(BEFORE)
        Ballot = apps.get_model("council", "Ballot")
        Vote = apps.get_model("council", "Vote")
        ballot = Ballot.objects.create(
            meeting_id=meeting.pk, mode="electronic", status="open", rule_denominator="all",
            rule_num=1, rule_den=2, rule_strict=True, rule_written=True, members_total=3,
            present_total=3, opened_at="2025-01-06T08:00:00Z")
        codes = [f"{ballot.pk}-AAAA-BBBB-CCCC-DDD{n}" for n in range(3)]
        for code, choice in zip(codes, ["yes", "no", "yes"]):
            Vote.objects.create(ballot_id=ballot.pk, item_id=item.pk, choice=choice,
                                receipt_hash=services.legacy_receipt_hash(code, item.pk))
        Ballot.objects.filter(pk=ballot.pk).update(status="closed", tally_hash="a" * 64)
    finally:
        _migrate(AFTER)
    from dienhinh.council.models import CountedReceipt, CountedVote

    assert "council_vote" not in connection.introspection.table_names()
    with connection.cursor() as cursor:
        order = "ctid" if connection.vendor == "postgresql" else "rowid"
        cursor.execute(f"SELECT choice FROM council_countedvote ORDER BY {order}")
        assert [row[0] for row in cursor.fetchall()] == ["no", "yes", "yes"]
    assert CountedReceipt.objects.count() == 3 and CountedVote.objects.count() == 3
    for code in codes:
        assert services.verify_receipt(code)["counted"] is True
    # The guards are back: a closed ballot takes no counted vote.
    from django.db import DatabaseError, transaction

    with pytest.raises(DatabaseError), transaction.atomic():
        CountedVote.objects.create(ballot_id=ballot.pk, item_id=item.pk, choice="yes")
