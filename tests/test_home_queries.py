"""Query counts of the home page: the same for one and for three items of each task
list, so a query per row (an N+1) fails here; and the page's shared reads (the user's
role assignments, council seat) are made once per request."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from dienhinh.exemplars.models import FosteringPlan, Nomination, Registration
from dienhinh.orgs import services as orgs
from dienhinh.orgs.models import Role, RoleAssignment
from tests.factories.council import council_setup, user

pytestmark = pytest.mark.django_db


def home_queries(client, account) -> tuple[int, list[str], str]:
    client.force_login(account)
    with override_settings(EXEMPLARS_TODAY="2024-01-10"), \
            CaptureQueriesContext(connection) as ctx:
        response = client.get("/")
    assert response.status_code == 200
    return len(ctx), [q["sql"] for q in ctx.captured_queries], response.content.decode()


def add_items(s, i: int) -> None:
    """The i-th (0, 1, 2) of each kind the home lists: a registration of the division
    being fostered, a dossier submitted to the office, one returned to the division."""
    person = orgs.create_person(f"LCQ{i}", f"Đỗ Thị Thử {i}", s["ldvl"], "staff")
    reg = Registration.objects.create(plan=s["plan"], year=2024, unit=s["ldvl"],
                                      subject=person.subject, registered_on=dt.date(2024, 1, 5),
                                      quarter=1)
    FosteringPlan.objects.create(registration=reg, goal=f"Mục tiêu {i}")
    for status, code in ((Nomination.SUBMITTED, "S"), (Nomination.RETURNED, "R")):
        other = orgs.create_person(f"LCQ{code}{i}", f"Vũ Văn Thử {code} {i}", s["ldvl"], "staff")
        Nomination.objects.create(plan=s["plan"], year=2024, unit=s["ldvl"],
                                  subject=other.subject, level="agency", status=status,
                                  summary="Hoàn thành xuất sắc nhiệm vụ")


@pytest.mark.parametrize("who", ["office", "officer"])
def test_home_queries_do_not_grow_with_the_tasks(client, who):
    s = council_setup()
    account = s["office"] if who == "office" else user("canbo", Role.UNIT_OFFICER, s["ldvl"])
    add_items(s, 0)
    one, _sql, page = home_queries(client, account)
    assert "Đỗ Thị Thử 0" in page or "Vũ Văn Thử" in page
    add_items(s, 1)
    add_items(s, 2)
    three, sql, page = home_queries(client, account)
    assert three == one, "\n".join(sql)
    # the three items are on the page, not only counted
    if who == "office":
        assert all(f"Vũ Văn Thử S {i}" in page for i in range(3))  # to appraise
    else:
        assert all(f"Đỗ Thị Thử {i}" in page for i in range(3))  # being fostered
        assert all(f"Vũ Văn Thử R {i}" in page for i in range(3))  # returned


def test_the_role_assignments_are_read_once_per_request(client):
    s = council_setup()
    officer = user("canbo", Role.UNIT_OFFICER, s["ldvl"])
    add_items(s, 0)
    _n, sql, page = home_queries(client, officer)
    reads = [q for q in sql if 'FROM "orgs_roleassignment"' in q]
    assert len(reads) == 1, reads
    seats = [q for q in sql if 'FROM "council_councilmember"' in q]
    assert len(seats) == 1, seats  # the menu and the ballots share it
    assert "Thẩm định hồ sơ: Vũ Văn Thử S 0" not in page
    # the next request reads them again: a role granted since counts at once
    RoleAssignment.objects.create(user=officer, role=Role.STANDING_OFFICE, unit=s["so"])
    _n, _sql, page = home_queries(client, officer)
    assert "Thẩm định hồ sơ: Vũ Văn Thử S 0" in page


def test_the_chart_counts_each_stage_as_its_own_query_would(client):
    """The year's chart takes three aggregate queries; each bar must equal the count
    its stage's own query gives."""
    from dienhinh.council.models import Ballot
    from dienhinh.decisions.models import Decision, Recognition
    from dienhinh.home import home_tasks
    from dienhinh.policy import units

    s = council_setup()
    for i in range(3):
        add_items(s, i)
    FosteringPlan.objects.filter(goal="Mục tiêu 2").update(status=FosteringPlan.CLOSED)
    office = s["office"]
    bars = {b.label: b.count for b in home_tasks.pipeline(office, dt.date(2024, 1, 10))}
    scope = units(office, "view")
    regs = Registration.objects.filter(year=2024, status=Registration.REGISTERED,
                                       unit__in=scope)
    noms = Nomination.objects.filter(year=2024, unit__in=scope)
    assert list(bars.values()) == [
        regs.count(),
        FosteringPlan.objects.filter(registration__in=regs,
                                     status=FosteringPlan.OPEN).count(),
        noms.filter(status=Nomination.SUBMITTED).count(),
        noms.filter(agenda_items__meeting__ballot__status=Ballot.OPEN).distinct().count(),
        Recognition.objects.filter(nomination__in=noms,
                                   decision__status=Decision.DRAFT).count(),
        Recognition.objects.filter(nomination__in=noms,
                                   decision__status=Decision.ISSUED).count(),
    ]
    assert list(bars.values())[:3] == [3, 2, 3]


@pytest.mark.parametrize("close", [False, True])
def test_the_chart_counts_ballots_and_decisions_as_their_own_queries_would(close):
    """An open ballot (not closed), then a draft decision after it (closed)."""
    from dienhinh.council.models import Ballot
    from dienhinh.decisions import services as decisions
    from dienhinh.decisions.models import Decision, Recognition
    from dienhinh.home import home_tasks
    from dienhinh.policy import units
    from tests.factories.decisions import passed_setup

    s = passed_setup(close=close)
    if close:
        decisions.draft_decision(s["office"], s["so"], [s["item_hoa"]],
                                 "Về việc công nhận điển hình tiên tiến năm 2024")
    office = s["office"]
    bars = [b.count for b in home_tasks.pipeline(office, dt.date(2024, 1, 10))]
    scope = units(office, "view")
    noms = Nomination.objects.filter(year=2024, unit__in=scope)
    expected_voting = noms.filter(
        agenda_items__meeting__ballot__status=Ballot.OPEN).distinct().count()
    expected_draft = Recognition.objects.filter(
        nomination__in=noms, decision__status=Decision.DRAFT).count()
    assert bars[3:5] == [expected_voting, expected_draft]
    assert (expected_voting, expected_draft) == ((0, 1) if close else (2, 0))


# The home page's queries by role, ceilings lowered as the page got cheaper (the office
# 21 → 16: its dossiers read before any count, the plans' registrations and sent lists
# in one read, the chart's recognitions with its nominations, its short lists asked in
# one EXISTS statement; the officer 21 → 18, its short lists too; the head 14 → 13). A
# ceiling broken is a query added to every home page of that role.
CEILINGS = {"office": 16, "officer": 18, "member": 11, "head": 13}


@pytest.mark.parametrize("who", sorted(CEILINGS))
def test_home_query_ceilings(client, who):
    s = council_setup()
    add_items(s, 0)
    account = {"office": s["office"], "officer": user("canbo", Role.UNIT_OFFICER, s["ldvl"]),
               "member": s["members"][0].user,
               "head": user("giamdoc", Role.HEAD, s["so"])}[who]
    count, sql, _page = home_queries(client, account)
    assert count <= CEILINGS[who], "\n".join(sql)


@pytest.mark.django_db(transaction=True)
def test_the_recent_changes_are_kept_per_ledger_version_and_the_titles_read_afresh(
        client, tree, make_user):
    """The counts and the latest records are computed once per ledger version (outside a
    transaction, as a real request): a record added, a person renamed shows at once (the
    version moves); a title renamed in the catalogue too (its names are read afresh)."""
    from dienhinh.catalogue.models import AchievementCode
    from dienhinh.ledger.models import Achievement
    from dienhinh.orgs.models import Subject

    office = make_user("vanphong", Role.STANDING_OFFICE, tree["sct"])
    client.force_login(office)

    def recent():
        with CaptureQueriesContext(connection) as ctx:
            page = client.get("/").content.decode()
        section = page[page.index('id="home-recent"'):]
        ledger_reads = [q for q in ctx.captured_queries
                        if 'FROM "ledger_achievement"' in q["sql"]]
        text = re.sub(r"<[^>]+>", " ", section[:section.index("</section>")])
        return " ".join(text.split()), ledger_reads

    Achievement.objects.create(subject=tree["hong"].subject, year=2020, code_id="LDTT",
                               kind="title")
    section, reads = recent()
    assert "Nguyễn Thị Hồng — Lao động tiên tiến năm 2020" in section and reads
    section, reads = recent()  # nothing changed: not read again
    assert "Nguyễn Thị Hồng — Lao động tiên tiến năm 2020" in section and not reads
    Subject.objects.filter(pk=tree["hong"].subject.pk).update(name="Nguyễn Thị Hồng Nhung")
    Achievement.objects.create(subject=tree["an"].subject, year=2021, code_id="LDTT",
                               kind="title")
    section, reads = recent()
    assert "Nguyễn Thị Hồng Nhung — Lao động tiên tiến năm 2020" in section
    assert "Trần Văn An — Lao động tiên tiến năm 2021" in section and reads
    AchievementCode.objects.filter(code="LDTT").update(name="Lao động tiên tiến (mới)")
    section, _reads = recent()
    assert section.count("Lao động tiên tiến (mới) năm") == 2
