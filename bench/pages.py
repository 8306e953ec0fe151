"""Cost of the load bench's pages: for each persona of bench/load.py, each page's CPU
time in the app and in the PostgreSQL backend, its number of queries and the time
spent in SQL, with PostgreSQL's plan of its slowest queries (sequential scans of the
big tables are flagged).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/dienhinh_bench_load \
        python bench/pages.py [--repeat 5] [--explain 3] [--only PERSONA] [--profile URL]

Runs in-process with Django's test client against the database as it is (read only:
GET requests of logged-in users). CPU, not wall time: the machine is shared, and what
decides how many users two cores serve is the CPU a request costs. The app's is the
process's CPU clock around the request; PostgreSQL's is its backend's run time
(`/proc/<pid>/schedstat`: same machine). The first request of a page fills the caches;
the figures are the best of `--repeat` after it. The summary weighs the pages as
bench/load.py asks for them (each persona's share, its pages at random), which is the
cost of an average request of the load mix.

`--profile URL` prints pyinstrument's profile of that page (as the first persona that
has it) instead.
"""

from __future__ import annotations

import argparse
import os
import statistics
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


class Counter:
    """An execute wrapper: counts the queries and their time without Django's debug
    cursor (which formats every statement and would add to the CPU measured)."""

    def __init__(self):
        self.count, self.seconds = 0, 0.0

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - started
            self.count += 1


def backend_ns(pid: int | None) -> int:
    if pid is None:
        return 0
    try:
        return int(Path(f"/proc/{pid}/schedstat").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return 0


def main():
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from load import PERSONAS

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--explain", type=int, default=0,
                        help="plans of each page's N slowest queries")
    parser.add_argument("--only", default="")
    parser.add_argument("--profile", default="", help="a page's URL to profile")
    args = parser.parse_args()
    postgres = connection.vendor == "postgresql"

    def backend_pid():
        if not postgres:
            return None
        connection.ensure_connection()
        return connection.connection.info.backend_pid

    def measure(client, url):
        counter = Counter()
        pid = backend_pid()
        pg0 = backend_ns(pid)
        with connection.execute_wrapper(counter):
            cpu0 = time.process_time()
            status = client.get(url).status_code
            cpu = time.process_time() - cpu0
        pg = (backend_ns(pid) - pg0) / 1e9 if pid == backend_pid() else float("nan")
        return status, cpu * 1000, pg * 1000, counter.count, counter.seconds * 1000

    load = os.getloadavg()
    print(f"load average {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}; "
          f"database {connection.settings_dict['NAME']} ({connection.vendor}); "
          f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}")
    if args.profile:
        return profile(args.profile, PERSONAS, args.repeat * 10, args.only)
    print(f"{'page':58} {'status':>6} {'app CPU':>8} {'median':>7} {'PG CPU':>7} "
          f"{'queries':>7} {'in SQL':>7}   (ms; best and median of {args.repeat})")
    mix_cpu = mix_pg = mix_queries = 0.0
    shares = sum(share for _u, share, _p in PERSONAS.values())
    for persona, (username, share, pages) in PERSONAS.items():
        if args.only and persona != args.only:
            continue
        client = Client()
        if username:
            client.force_login(get_user_model().objects.get(username=username))
        print(f"== {persona} ({username or 'anonymous'})")
        totals = [0.0, 0.0, 0]
        for url in pages:
            client.get(url)  # fills the caches
            runs = [measure(client, url) for _ in range(args.repeat)]
            status, cpu, pg, queries, sql = min(runs, key=lambda r: r[1])
            pg = min(r[2] for r in runs)
            median = statistics.median(r[1] for r in runs)
            print(f"  {url:56} {status:6} {cpu:8.1f} {median:7.1f} {pg:7.1f} {queries:7} "
                  f"{sql:7.1f}")
            totals[0] += cpu
            totals[1] += pg
            totals[2] += queries
            if args.explain:
                explain(client, url, connection, CaptureQueriesContext, args.explain)
        n = len(pages)
        print(f"  {'mean of the persona':56} {'':6} {totals[0] / n:8.1f} {'':7} "
              f"{totals[1] / n:7.1f} {totals[2] / n:7.1f}")
        mix_cpu += share / shares * totals[0] / n
        mix_pg += share / shares * totals[1] / n
        mix_queries += share / shares * totals[2] / n
    if not args.only:
        print(f"\nthe load mix's average request: app CPU {mix_cpu:.1f} ms, "
              f"PostgreSQL CPU {mix_pg:.1f} ms, {mix_queries:.1f} queries")


def explain(client, url, connection, capture, limit):
    with capture(connection) as ctx:
        client.get(url)
    slow = sorted(ctx.captured_queries, key=lambda q: -float(q["time"]))[:limit]
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


def profile(url, personas, requests=50, persona=""):
    from django.contrib.auth import get_user_model
    from django.test import Client
    from pyinstrument import Profiler
    from pyinstrument.stack_sampler import get_stack_sampler

    username = next((login for name, (login, _share, pages) in personas.items()
                     if url in pages and persona in ("", name)), None)
    client = Client()
    if username:
        client.force_login(get_user_model().objects.get(username=username))
    for _ in range(3):
        client.get(url)
    # Sampled on the process's CPU clock: time waiting for PostgreSQL is left out.
    get_stack_sampler().timer_func = time.process_time
    profiler = Profiler(interval=0.0005, async_mode="disabled")
    profiler.start()
    for _ in range(requests):
        client.get(url)
    profiler.stop()
    print(f"{url} as {username or 'anonymous'}, {requests} requests, CPU time")
    print(profiler.output_text(unicode=True, color=False, show_all=False))


if __name__ == "__main__":
    main()
