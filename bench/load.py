"""Load bench: officers' daily pages against `dienhinh serve --production` on the
province-size demo in PostgreSQL, at rising numbers of concurrent users.

    python bench/load.py [--levels 20,50,100,200,400] [--seconds 60] [--workers N]

Builds the province demo in its own database (`dienhinh_bench_load`, kept between
runs; `--rebuild` to start again), starts the production server on 127.0.0.1, and
drives personas with think time (1–3 s): a province-wide standing office, a
department's standing office, unit officers, council members, anonymous visitors of
the public verification pages. The users log in a few at a time (a login is an Argon2
hash) and the measured window opens when all are in; each user starts with a pause.
Each level runs for a bounded time; every loop stops by itself. Prints requests/s, p50/p95/p99 and errors per level and per page, and the
CPU used by the app server and by PostgreSQL. Traffic goes to 127.0.0.1 only.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import re
import subprocess
import time
from collections import defaultdict
from pathlib import Path

import aiohttp
from province_server import ROOT, bench_env, prepare, production_server

DB_NAME = "dienhinh_bench_load"
PASSWORD = "dienhinh-demo"
CLK_TCK = os.sysconf("SC_CLK_TCK")
# Logins in flight at once (each an Argon2 hash on the server: two at a time per core).
LOGINS_AT_ONCE = 4
# The level starts after this many seconds even if some logins are still waiting.
LOGIN_PHASE_LIMIT = 180

# persona: (login or None, share of the users, pages of a working day)
PERSONAS = {
    "province_office": ("demo_bantdkt_ht", 0.10, [
        "/", "/people/", "/search/?q=nguyen+van", "/exemplars/nominations/", "/decisions/",
        "/units/", "/calendar/", "/notifications/"]),
    "department_office": ("demo_thuongtruc_ht", 0.25, [
        "/", "/people/", "/search/?q=tran", "/exemplars/", "/exemplars/nominations/",
        "/council/", "/decisions/", "/calendar/",
        "/discovery/?plan=ha-tinh-sct-2021-2025&scope=HT-SCT&year=2024"]),
    "unit_officer": ("demo_canbo_ht", 0.35, [
        "/", "/people/", "/people/?page=2", "/search/?q=le+thi", "/exemplars/",
        "/calendar/", "/notifications/"]),
    "council_member": ("demo_hoidong_ht", 0.15, ["/", "/council/", "/notifications/"]),
    "anonymous": (None, 0.15, ["/login/", "/public/ballots/verify/", "/portal/",
                               "/portal/search/?q=nguyen"]),
}


def cpu_seconds(pids) -> float:
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime
        except (OSError, IndexError):
            pass
    return total / CLK_TCK


def tree(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        p = todo.pop()
        found.append(p)
        try:
            children = Path(f"/proc/{p}/task/{p}/children").read_text().split()
        except OSError:
            children = []
        todo.extend(int(c) for c in children)
    return found


def postgres_cpu(db_name: str) -> dict[int, float]:
    """CPU seconds of each PostgreSQL backend serving the bench's database. Only these:
    the machine is shared, and other databases' backends come and go (summing every
    postgres process gave negative figures when one ended during a level)."""
    out = subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", db_name, "-tAc",
         f"SELECT pid FROM pg_stat_activity WHERE datname = '{db_name}' "
         "AND pid <> pg_backend_pid()"], capture_output=True, text=True).stdout
    return {int(p): cpu_seconds([int(p)]) for p in out.split()}


def postgres_delta(before: dict[int, float], after: dict[int, float]) -> float:
    # A backend's CPU after its last sample (under a second) is missed.
    return sum(max(0.0, cpu - before.get(pid, 0.0)) for pid, cpu in after.items())


async def login(client: aiohttp.ClientSession, base: str, username: str) -> None:
    async with client.get("login/") as page:
        text = await page.text()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', text).group(1)
    async with client.post("login/", data={
        "username": username, "password": PASSWORD, "csrfmiddlewaretoken": token,
    }, headers={"Referer": f"{base}/login/"}, allow_redirects=False) as response:
        if response.status not in (200, 302):
            raise RuntimeError(f"login {username}: {response.status}")


async def user(base, persona, deadline, samples, rng, logins, logged_in, ready):
    username, _share, pages = PERSONAS[persona]
    # One kept-alive connection per user, as a browser tab; aiohttp rather than httpx
    # because the load generator shares the two cores with what it measures, and costs
    # about a third as much CPU per request.
    async with aiohttp.ClientSession(
            base_url=base + "/", connector=aiohttp.TCPConnector(limit=1),
            cookie_jar=aiohttp.CookieJar(unsafe=True),  # cookies of 127.0.0.1
            timeout=aiohttp.ClientTimeout(total=30)) as client:
        try:
            if username:
                # Officers arrive over the morning, not all in one second: a login costs
                # an Argon2 hash (about 0.2 s of CPU), so a few at a time.
                async with logins:
                    await login(client, base, username)
        except Exception as exc:  # noqa: BLE001 — a failed login counts as an error
            samples.append((persona, "login", 0.0, repr(exc)))
            return
        finally:
            logged_in.append(persona)
        await ready.wait()
        # Each user starts with a pause, as between any two pages: no burst of N
        # first requests at the instant the window opens.
        await asyncio.sleep(rng.uniform(0.0, 3.0))
        while time.monotonic() < deadline:
            page = rng.choice(pages)
            started = time.perf_counter()
            try:
                async with client.get(page.lstrip("/"), allow_redirects=False) as response:
                    await response.read()
                    error = None if response.status < 400 else str(response.status)
            except (TimeoutError, aiohttp.ClientError) as exc:
                error = type(exc).__name__
            samples.append((persona, page, time.perf_counter() - started, error))
            await asyncio.sleep(rng.uniform(1.0, 3.0))


def pct(values, q):
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))] * 1000


async def level(base, users, seconds, server_pid, seed, db_name):
    rng = random.Random(seed)
    personas = rng.choices(list(PERSONAS), [p[1] for p in PERSONAS.values()], k=users)
    samples: list = []
    ready, logins, logged_in = asyncio.Event(), asyncio.Semaphore(LOGINS_AT_ONCE), []
    deadline = time.monotonic() + 3600  # a bound only: the tasks are cancelled after the window
    tasks = [asyncio.create_task(
        user(base, p, deadline, samples, random.Random(seed + i), logins, logged_in, ready))
        for i, p in enumerate(personas)]
    # Every login done (or failed) before the window: their CPU is not the pages'.
    login_started = time.monotonic()
    while len(logged_in) < users and time.monotonic() - login_started < LOGIN_PHASE_LIMIT:
        await asyncio.sleep(0.2)
    print(f"   {len(logged_in)} of {users} sessions ready in "
          f"{time.monotonic() - login_started:.0f} s", flush=True)
    await asyncio.sleep(1.0)
    ready.set()  # the samples so far are the failed logins only
    load_before = os.getloadavg()[0]
    app_before = cpu_seconds(tree(server_pid))
    pg_before = postgres_cpu(db_name)
    client_before = time.process_time()
    started = time.monotonic()
    # Backends close when their connection ages out (CONN_MAX_AGE) during the level:
    # sampled every second, each one's CPU is counted up to its last sample.
    pg_last: dict[int, float] = {}
    while time.monotonic() - started < seconds:
        pg_last.update(await asyncio.to_thread(postgres_cpu, db_name))
        await asyncio.sleep(1.0)
    elapsed = time.monotonic() - started
    measured = list(samples)
    app = cpu_seconds(tree(server_pid)) - app_before
    client = time.process_time() - client_before
    pg_last.update(postgres_cpu(db_name))
    pg = postgres_delta(pg_before, pg_last)
    load = (load_before, os.getloadavg()[0])
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    return measured, elapsed, app, pg, client, load


def report(users, measured, elapsed, app, pg, client, load):
    times = [s[2] for s in measured]
    errors = [s for s in measured if s[3]]
    print(f"\n== {users} concurrent users: {len(measured)} requests "
          f"in {elapsed:.0f} s = {len(measured) / elapsed:.1f} req/s; "
          f"p50 {pct(times, .5):.0f} ms, p95 {pct(times, .95):.0f} ms, "
          f"p99 {pct(times, .99):.0f} ms; errors {len(errors)}; "
          f"CPU app {app / elapsed * 100:.0f}% PostgreSQL {pg / elapsed * 100:.0f}% "
          f"load generator {client / elapsed * 100:.0f}% (of one core; 2 cores = 200%); "
          f"per request app {app / max(1, len(measured)) * 1000:.1f} ms, PostgreSQL "
          f"{pg / max(1, len(measured)) * 1000:.1f} ms; load average {load[0]:.1f} → {load[1]:.1f} "
          f"(the machine's, other work included)")
    by_page = defaultdict(list)
    for persona, page, t, error in measured:
        by_page[(persona, page)].append((t, error))
    for (persona, page), rows in sorted(by_page.items()):
        ts = [t for t, _ in rows]
        errs = sum(1 for _, e in rows if e)
        print(f"   {persona:18} {page:62} n={len(ts):5} p50 {pct(ts, .5):6.0f} "
              f"p95 {pct(ts, .95):6.0f} ms{'  errors ' + str(errs) if errs else ''}")
    if errors:
        print("   first errors:", errors[:5])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--levels", default="20,50,100,200,400")
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--database", default=DB_NAME,
                        help="PostgreSQL database (made and filled when missing)")
    args = parser.parse_args()

    env = bench_env("load", args.database)
    prepare(env, args.rebuild, args.database, "decided")
    with production_server(env, args.port, args.workers, "/login/") as (server, base):
        commit = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
                                capture_output=True, text=True).stdout.strip()
        print(f"machine: {os.cpu_count()} cores; workers: "
              f"{args.workers or 'default'}; {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; "
              f"commit {commit}; load average {os.getloadavg()[0]:.1f}")
        for n, users in enumerate(int(x) for x in args.levels.split(",")):
            measured, elapsed, app, pg, client, load = asyncio.run(
                level(base, users, args.seconds, server.pid, seed=1000 * n,
                      db_name=args.database))
            report(users, measured, elapsed, app, pg, client, load)


if __name__ == "__main__":
    main()
