"""The read replica: discovery, reports, the portal and the exports read on the replica
when one is configured; a user who has just written reads the primary (read your
writes); transactions, sessions and writes stay on the primary.

The replica alias is a test mirror of the default database (tests/settings.py): its own
connection to the same database, so these tests commit (transaction=True) for the
replica's connection to see the data, as a streaming replica would after its lag."""

import pytest
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.db import connections, router, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dienhinh.core import routers
from dienhinh.ledger.models import Achievement
from dienhinh.orgs.models import Role, Subject
from dienhinh.plans import services as evaluation

from .discovery_helpers import PLAN, YEAR, build

pytestmark = pytest.mark.django_db(transaction=True, databases=["default", "replica"])
PARAMS = {"plan": PLAN, "scope": "SCT", "year": YEAR}


@pytest.fixture
def replica(settings):
    settings.DIENHINH_READ_REPLICA = "replica"
    return "replica"


@pytest.fixture
def ledger(tree):
    cache.clear()
    return build(tree)


@pytest.fixture
def office(client, make_user, ledger):
    client.force_login(make_user("vanphong", role=Role.STANDING_OFFICE, unit=ledger["sct"]))
    return client


def passes(response):
    return {r.code for r in response.context["page"].object_list if r.quantitative == "pass"}


def replica_sql(captured):
    return " ".join(q["sql"] for q in captured.captured_queries)


# ---------------------------------------------------------------- the router alone

def test_router_reads_the_replica_only_inside_the_replica_context(replica):
    assert router.db_for_read(Subject) == "default"
    with routers.reading_replica():
        assert router.db_for_read(Subject) == "replica"
        assert router.db_for_read(Achievement) == "replica"
        # Sessions and logins just written must be found: always the primary.
        assert router.db_for_read(Session) == "default"
        # A transaction sees its own writes and holds its locks on the primary.
        with transaction.atomic():
            assert router.db_for_read(Subject) == "default"
        assert router.db_for_write(Subject) == "default"
    assert router.db_for_read(Subject) == "default"


def test_after_a_write_the_same_request_reads_the_primary(replica):
    token = routers._wrote.set([])  # as ReplicaMiddleware does for each request
    try:
        with routers.reading_replica():
            assert router.db_for_read(Achievement) == "replica"
            # Bookkeeping (the cache table) does not count as the user's write…
            from django.core.cache.backends.db import DatabaseCache

            router.db_for_write(DatabaseCache("dienhinh_cache", {}).cache_model_class)
            assert router.db_for_read(Achievement) == "replica"
            # …a record does.
            assert router.db_for_write(Achievement) == "default"
            assert router.db_for_read(Achievement) == "default"
    finally:
        routers._wrote.reset(token)


def test_without_a_replica_everything_reads_the_primary(settings):
    settings.DIENHINH_READ_REPLICA = ""
    with routers.reading_replica():
        assert router.db_for_read(Subject) == "default"


def test_migrations_run_on_the_primary_only():
    r = routers.ReplicaRouter()
    assert r.allow_migrate("default", "orgs")
    assert not r.allow_migrate("replica", "orgs")


# ---------------------------------------------------------------- pages

@pytest.fixture
def evaluation_reads(monkeypatch):
    """The aliases the evaluation's raw reads went through (PostgreSQL's COPY passes
    under Django's query log, so the log alone cannot tell)."""
    aliases = []
    real = evaluation._connection

    def spying():
        conn = real()
        aliases.append(conn.alias)
        return conn

    monkeypatch.setattr(evaluation, "_connection", spying)
    return aliases


def test_discovery_reads_the_replica_with_the_same_results(office, replica, ledger,
                                                           evaluation_reads):
    with CaptureQueriesContext(connections["replica"]) as on_replica, \
            CaptureQueriesContext(connections["default"]) as on_primary:
        response = office.get("/discovery/", PARAMS)
    assert response.status_code == 200
    assert passes(response) == {"P001", "SCT_VP"}
    # The evaluation's reads of the ledger and the scope's subjects went to the replica.
    assert evaluation_reads and set(evaluation_reads) == {"replica"}
    assert "orgs_unit" in replica_sql(on_replica)
    # The primary served the session and the login only, no ledger read.
    assert Achievement._meta.db_table not in replica_sql(on_primary)
    assert routers.PIN_COOKIE not in response.cookies


def test_export_reads_the_replica(office, replica, evaluation_reads):
    with CaptureQueriesContext(connections["replica"]) as on_replica:
        response = office.get("/discovery/export.xlsx", PARAMS)
    assert response.status_code == 200
    assert evaluation_reads and set(evaluation_reads) == {"replica"}
    assert on_replica.captured_queries


def test_other_pages_read_the_primary(office, replica, ledger):
    with CaptureQueriesContext(connections["replica"]) as on_replica:
        response = office.get(reverse("unit_detail", args=["SCT_VP"]))
    assert response.status_code == 200
    assert on_replica.captured_queries == []


def test_a_user_who_wrote_reads_the_primary_next(office, replica, evaluation_reads):
    client = office
    # Lê Thị Cúc (P004) has one Bằng khen of the two the plan asks: this is her second.
    response = client.post(reverse("achievement_add", args=["P004"]), {
        "year": 2024, "code": "BANG_KHEN", "issuer": "UBND_TINH", "kind": "commendation"})
    assert response.status_code == 302
    assert response.cookies[routers.PIN_COOKIE]["max-age"] == 10
    # The test client sends the cookie back, as a browser does until it expires.
    with CaptureQueriesContext(connections["replica"]) as on_replica:
        response = client.get("/discovery/", PARAMS)
    assert response.status_code == 200
    assert "P004" in passes(response)
    assert on_replica.captured_queries == []
    assert set(evaluation_reads) == {"default"}
    # Once the pin has expired the replica serves the page again.
    del client.cookies[routers.PIN_COOKIE]
    with CaptureQueriesContext(connections["replica"]) as on_replica:
        client.get("/discovery/", PARAMS)
    assert on_replica.captured_queries


def test_a_page_that_only_reads_does_not_pin(office, replica):
    response = office.get(reverse("home"))
    assert response.status_code == 200
    assert routers.PIN_COOKIE not in response.cookies


def test_no_pin_without_a_replica(office, settings):
    settings.DIENHINH_READ_REPLICA = ""
    response = office.post(reverse("achievement_add", args=["SCT_VP"]), {
        "year": 2024, "code": "BANG_KHEN", "issuer": "UBND_TINH", "kind": "commendation"})
    assert response.status_code == 302
    assert routers.PIN_COOKIE not in response.cookies
    office.get("/discovery/", PARAMS)
    # Nothing of the request's choice is left behind for the next one in this thread.
    settings.DIENHINH_READ_REPLICA = "replica"
    assert router.db_for_read(Subject) == "default"


def test_a_replica_page_leaves_no_choice_behind(office, replica):
    office.get("/discovery/", PARAMS)
    assert router.db_for_read(Subject) == "default"


def test_the_export_command_reads_the_replica(replica, ledger, tmp_path):
    from django.core.management import call_command

    target = tmp_path / "achievements.csv"
    with CaptureQueriesContext(connections["replica"]) as on_replica, \
            CaptureQueriesContext(connections["default"]) as on_primary:
        call_command("export", "achievements", str(target))
    assert Achievement._meta.db_table in replica_sql(on_replica)
    assert Achievement._meta.db_table not in replica_sql(on_primary)
    assert "BANG_KHEN" in target.read_text(encoding="utf-8-sig")


def test_reports_and_the_portal_read_the_replica(client, office, replica):
    with CaptureQueriesContext(connections["replica"]) as on_replica:
        response = office.get(reverse("reports_home"))
    assert response.status_code == 200
    assert on_replica.captured_queries
    client.logout()
    with CaptureQueriesContext(connections["replica"]) as on_replica:
        response = client.get(reverse("portal_home"))
    assert response.status_code == 200
    assert on_replica.captured_queries
