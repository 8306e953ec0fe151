"""The decisions page lists the meetings whose passed items await a decision: once the
ballot is closed with items passed, until a decision on them is issued."""

import re

import pytest

from dienhinh.decisions import services as decisions
from tests.factories.decisions import passed_setup

pytestmark = pytest.mark.django_db


def pending(client, account) -> list[str]:
    client.force_login(account)
    html = client.get("/decisions/").content.decode()
    block = re.search(r'<ul id="pending-meetings">(.*?)</ul>', html, re.S)
    return re.findall(r'/decisions/new/(\d+)/', block.group(1)) if block else []


@pytest.mark.parametrize("close", [False, True])
def test_a_meeting_waits_from_its_closed_ballot_to_its_decision(client, close):
    s = passed_setup(close=close)
    meeting = str(s["meeting"].pk)
    assert pending(client, s["office"]) == ([meeting] if close else [])
    if close:
        # The entry as the meeting's model shows it (the list reads only these columns).
        m = s["meeting"]
        assert (f'id="approve-meeting-{m.pk}">{m.title} — {m.held_on:%d/%m/%Y} '
                f"({m.council.agency.name})</a>") in client.get("/decisions/").content.decode()
    if close:
        d = decisions.draft_decision(s["office"], s["so"], [s["item_hoa"]],
                                     "Về việc công nhận điển hình tiên tiến năm 2024")
        assert pending(client, s["office"]) == [meeting]  # a draft decides nothing yet
        assert d.pk
