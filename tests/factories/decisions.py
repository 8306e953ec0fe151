"""A council whose ballot passed, and the agency's head, for tests and demonstrations.

`passed_setup(members=5)` builds `tests.factories.council.council_setup`, puts the two accepted
nominations (Nguyễn Thị Hoa, Phòng Lao động – Việc làm) on the agenda, has every
member present and voting yes (or `no_for` members voting no on Hoa), closes the
ballot, and adds the head `giamdoc` (Role.HEAD at the Sở)."""

from __future__ import annotations

from dienhinh.council import services as council
from dienhinh.council.models import Ballot
from dienhinh.orgs.models import Role
from tests.factories.council import PASSPHRASE, council_setup, user


def vote_and_close(s, no_for: int = 0, close: bool = True):
    meeting = s["meeting"]
    for key in ("hoa", "ldvl"):
        council.add_item(s["office"], meeting, s["noms"][key])
    meeting.refresh_from_db()
    meeting = council.set_attendance(s["office"], meeting, meeting.version, s["members"])
    ballot = council.open_ballot(s["office"], meeting, meeting.version, Ballot.ELECTRONIC,
                                 PASSPHRASE)
    hoa, ldvl = meeting.items.order_by("position")
    for n, seat in enumerate(s["members"]):
        # voter_items leaves out the items the member is recused from
        choices = {item.pk: ("no" if item == hoa and n < no_for else "yes")
                   for item in council.voter_items(ballot, seat)}
        if choices:
            council.cast_votes(seat.user, ballot, choices)
    if close:
        council.close_ballot(s["office"], ballot, passphrase=PASSPHRASE)
    return hoa, ldvl


def passed_setup(members: int = 5, no_for: int = 0, close: bool = True) -> dict:
    s = council_setup(members=members)
    hoa, ldvl = vote_and_close(s, no_for, close)
    head = user("giamdoc", Role.HEAD, s["so"])
    return {**s, "head": head, "item_hoa": hoa, "item_ldvl": ldvl}
