"""Fifty decisions issued at the same moment, each from its own connection, get fifty
distinct consecutive numbers of the agency's year. Runs on the configured database:
the SQLite file of the test settings, or PostgreSQL with DATABASE_URL."""

import datetime as dt
import threading

import pytest
from django.db import connections

from dienhinh.decisions import services
from dienhinh.decisions.models import Decision, NumberCounter
from dienhinh.orgs import services as orgs
from dienhinh.orgs.models import Leadership, Role
from tests.factories.council import user

pytestmark = pytest.mark.django_db(transaction=True)


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


def test_fifty_decisions_issued_at_once_get_fifty_consecutive_numbers():
    so = orgs.create_unit("LC_SLD", "Sở Lao động – Thương binh và Xã hội tỉnh Lào Cai",
                          "agency")
    head = user("giamdoc", Role.HEAD, so)
    Leadership.objects.create(unit=so, role="head", full_name="Hoàng Thị Lan",
                              title="Giám đốc", valid_from=dt.date(2020, 1, 1))
    # A number given earlier this year: the batch continues after it.
    NumberCounter.objects.create(agency=so, year=2025, last=14)
    drafts = [Decision.objects.create(agency=so, year=2024, title=f"Quyết định {n}",
                                      kind=Decision.RECOGNITION)
              for n in range(50)]
    on = dt.date(2025, 1, 8)
    jobs = [(lambda d=d: services.issue_decision(head, d, on).seq) for d in drafts]
    outcomes = run_at_once(jobs)
    assert [o[0] for o in outcomes] == ["ok"] * 50, [o for o in outcomes if o[0] != "ok"]
    assert sorted(o[1] for o in outcomes) == list(range(15, 65))
    numbers = set(Decision.objects.values_list("number", flat=True))
    assert len(numbers) == 50 and "15/QĐ-SLĐTBXH" in numbers and "64/QĐ-SLĐTBXH" in numbers
    assert NumberCounter.objects.get(agency=so, year=2025).last == 64


def test_the_first_decisions_of_a_new_year_race_to_create_the_counter():
    so = orgs.create_unit("HT_SCT", "Sở Công Thương tỉnh Hà Tĩnh", "agency")
    head = user("giamdoc", Role.HEAD, so)
    Leadership.objects.create(unit=so, role="head", full_name="Trần Văn Tâm",
                              title="Giám đốc", valid_from=dt.date(2020, 1, 1))
    drafts = [Decision.objects.create(agency=so, year=2025, title=f"QĐ {n}") for n in range(8)]
    jobs = [(lambda d=d: services.issue_decision(head, d, dt.date(2026, 1, 2)).number)
            for d in drafts]
    outcomes = run_at_once(jobs)
    assert [o[0] for o in outcomes] == ["ok"] * 8, [o for o in outcomes if o[0] != "ok"]
    assert sorted(o[1] for o in outcomes) == sorted(f"{n:02d}/QĐ-SCT" for n in range(1, 9))
