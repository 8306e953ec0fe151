"""Twenty members voting at the same moment, each from their own connection, are all
counted exactly once; a member who sends the same vote twice at once is counted once.
Runs on the configured database: the SQLite file of the test settings, or PostgreSQL
with DATABASE_URL."""

import threading

import pytest
from django.db import connection, connections

from dienhinh.council import services
from dienhinh.council.models import Ballot, BallotParticipation, CountedVote, SealedVote
from tests.factories.council import PASSPHRASE, council_setup

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def seeds(db):
    # A transactional test flushes the tables the data migration filled.
    from dienhinh.plans import seeds
    from dienhinh.plans.models import PlanTemplate

    seeds.install(PlanTemplate)


def run_at_once(jobs):
    barrier = threading.Barrier(len(jobs))
    outcomes = [None] * len(jobs)

    def worker(i, job):
        try:
            barrier.wait()
            outcomes[i] = ("ok", job())
        except Exception as exc:  # noqa: BLE001 - the outcome is what the test checks
            outcomes[i] = ("error", exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(i, job)) for i, job in enumerate(jobs)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    return outcomes


def open_for(s):
    meeting = s["meeting"]
    for key in ("hoa", "ldvl"):
        services.add_item(s["office"], meeting, s["noms"][key])
    meeting.refresh_from_db()
    meeting = services.set_attendance(s["office"], meeting, meeting.version, s["members"])
    return services.open_ballot(s["office"], meeting, meeting.version, Ballot.ELECTRONIC,
                                PASSPHRASE)


def test_twenty_members_voting_at_once_are_all_counted_once():
    s = council_setup(members=20)
    ballot = open_for(s)
    hoa, ldvl = ballot.meeting.items.order_by("position")
    plan = [("yes" if i % 4 else "no", "yes" if i < 14 else "abstain") for i in range(20)]
    jobs = [(lambda seat=seat, c=c: services.cast_votes(seat.user, ballot,
                                                        {hoa.pk: c[0], ldvl.pk: c[1]}))
            for seat, c in zip(s["members"], plan)]
    outcomes = run_at_once(jobs)
    assert [o[0] for o in outcomes] == ["ok"] * 20, [o for o in outcomes if o[0] != "ok"]
    assert len({o[1] for o in outcomes}) == 20  # twenty distinct receipts
    assert SealedVote.objects.filter(ballot=ballot).count() == 20   # one box a member
    assert BallotParticipation.objects.filter(ballot=ballot).count() == 40
    ballot = services.close_ballot(s["office"], ballot, passphrase=PASSPHRASE)
    r1, r2 = services.item_result(hoa), services.item_result(ldvl)
    assert (r1.yes, r1.no, r1.valid) == (15, 5, 20) and r1.passed
    assert (r2.yes, r2.abstain, r2.valid) == (14, 6, 20) and r2.passed
    for code in (o[1] for o in outcomes):
        assert services.verify_receipt(code)["counted"] is True
    assert CountedVote.objects.filter(ballot=ballot).count() == 40


def test_the_same_member_voting_twice_at_once_is_counted_once():
    s = council_setup(members=3)
    ballot = open_for(s)
    hoa = ballot.meeting.items.order_by("position").first()
    user = s["members"][0].user
    outcomes = run_at_once([lambda: services.cast_votes(user, ballot, {hoa.pk: "yes"})
                            for _ in range(6)])
    kinds = sorted(o[0] for o in outcomes)
    assert kinds == ["error"] * 5 + ["ok"]
    assert all(isinstance(o[1], services.AlreadyVoted) for o in outcomes if o[0] == "error")
    assert SealedVote.objects.filter(ballot=ballot).count() == 1
    assert BallotParticipation.objects.filter(ballot=ballot).count() == 1


def test_votes_racing_the_close_are_either_counted_or_refused():
    s = council_setup(members=6)
    ballot = open_for(s)
    hoa = ballot.meeting.items.order_by("position").first()
    jobs = [(lambda seat=seat: services.cast_votes(seat.user, ballot, {hoa.pk: "yes"}))
            for seat in s["members"][1:]]
    jobs.append(lambda: services.close_ballot(s["office"], ballot, passphrase=PASSPHRASE))
    outcomes = run_at_once(jobs)
    accepted = sum(1 for o in outcomes[:-1] if o[0] == "ok")
    refused = [o[1] for o in outcomes[:-1] if o[0] == "error"]
    assert outcomes[-1][0] == "ok"
    assert all(isinstance(e, services.BallotClosed) for e in refused)
    assert accepted + len(refused) == 5
    assert services.item_result(hoa).yes == accepted == CountedVote.objects.filter(
        ballot=ballot).count()
    assert not SealedVote.objects.filter(ballot=ballot).exists()
    assert connection.vendor in ("sqlite", "postgresql")
