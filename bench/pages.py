"""Profile of the load bench's pages: for each persona of bench/load.py, each page's
time, number of queries and its slowest queries, with PostgreSQL's plan of each of
those (sequential scans of the big tables are flagged).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/dienhinh_bench_load \
        python bench/pages.py [--repeat 3] [--explain 3] [--only PERSONA]

Runs in-process with Django's test client against the database as it is (read only:
GET requests of logged-in users). The first request of a page fills the cache; the
figures are the best of `--repeat` after it, and the first one beside them.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dienhinh.settings")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")
os.environ.setdefault("DIENHINH_SSL_REDIRECT", "false")
os.environ.setdefault("DIENHINH_DATA_DIR", str(ROOT / "data" / "bench-load"))

BIG = ("orgs_person", "orgs_subject", "ledger_achievement", "orgs_subjectscope")


def main():
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from load import PERSONAS

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--explain", type=int, default=3)
    parser.add_argument("--only", default="")
    args = parser.parse_args()
    print(f"load average {os.getloadavg()[0]:.1f}; database {connection.settings_dict['NAME']}")
    for persona, (username, _share, pages) in PERSONAS.items():
        if args.only and persona != args.only:
            continue
        client = Client()
        if username:
            client.force_login(get_user_model().objects.get(username=username))
        print(f"\n== {persona} ({username or 'anonymous'})")
        for url in pages:
            started = time.perf_counter()
            first_status = client.get(url).status_code
            first = (time.perf_counter() - started) * 1000
            best, captured = None, None
            for _ in range(args.repeat):
                with CaptureQueriesContext(connection) as ctx:
                    started = time.perf_counter()
                    client.get(url)
                    took = (time.perf_counter() - started) * 1000
                if best is None or took < best:
                    best, captured = took, list(ctx.captured_queries)
            db_ms = sum(float(q["time"]) for q in captured) * 1000
            print(f"  {url:64} {first_status} first {first:7.0f} ms  best {best:7.0f} ms  "
                  f"queries {len(captured):3}  in the database {db_ms:6.0f} ms")
            slow = sorted(captured, key=lambda q: -float(q["time"]))[: args.explain]
            for q in slow:
                if float(q["time"]) < 0.005 or not q["sql"].lstrip().upper().startswith("SELECT"):
                    continue
                with connection.cursor() as cur:
                    cur.execute("EXPLAIN " + q["sql"])
                    plan = [row[0] for row in cur.fetchall()]
                scans = sorted({t for line in plan for t in BIG if f"Seq Scan on {t}" in line})
                print(f"      {float(q['time']) * 1000:6.0f} ms  {q['sql'][:150]}")
                if scans:
                    print(f"             sequential scan of {', '.join(scans)}")


if __name__ == "__main__":
    main()
