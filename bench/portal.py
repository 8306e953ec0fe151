"""Portal bench: anonymous readers of the public portal on the province-size demo, against
`dienhinh serve --production` with PostgreSQL.

    python bench/portal.py [--clients 50] [--seconds 60] [--think 1,3] [--workers N]
                           [--database dienhinh_bench_portal] [--rebuild]

Builds the province demo at the `propagated` stage (published stories with consent) in
its own database (kept between runs; `--rebuild` to start again), starts the
production server on 127.0.0.1 and runs `--clients` concurrent anonymous clients, each
reading the portal home, an exemplar's story page and a search (with and without
diacritics, with filters) in turn, with a think time drawn from `--think` seconds
(`--think 0,0`: back to back). Prints p50/p95/p99, requests/s and errors, overall and
per page. Traffic goes to 127.0.0.1 only; every loop stops at the deadline.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import time
from collections import defaultdict

import httpx
from province_server import bench_env, prepare, production_server

DB_NAME = "dienhinh_bench_portal"
SEARCHES = ["/portal/search/?q=nguyen", "/portal/search/?q=Nguy%E1%BB%85n+Th%E1%BB%8B",
            "/portal/search/?q=dien+hinh+tien+tien", "/portal/search/?q=mo+hinh&year=2024",
            "/portal/search/?q=khong+co+gi+ca+xyz"]


def story_paths(base: str) -> list[str]:
    rows = httpx.get(base + "/portal/exemplars.json", timeout=60).json()
    paths = sorted({httpx.URL(r["story_url"]).path for r in rows if r["story_url"]})
    if not paths:
        raise SystemExit("no published story")
    return paths


async def reader(base, pages, deadline, samples, rng, think):
    limits = httpx.Limits(max_connections=1, max_keepalive_connections=1)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=30,
                                 follow_redirects=False) as client:
        n = rng.randrange(3)
        if think[1] > 0:
            # Readers arrive over a pause, not all at the same instant.
            await asyncio.sleep(rng.uniform(0, think[1]))
        while time.monotonic() < deadline:
            kind = ("home", "story", "search")[n % 3]
            n += 1
            page = "/portal/" if kind == "home" else rng.choice(pages[kind])
            started = time.perf_counter()
            try:
                response = await client.get(page)
                error = None if response.status_code < 400 else str(response.status_code)
            except httpx.HTTPError as exc:
                error = type(exc).__name__
            samples.append((kind, time.perf_counter() - started, error))
            if think[1] > 0:
                await asyncio.sleep(rng.uniform(*think))


def pct(values, q):
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))] * 1000


async def bench(base, clients, seconds, pages, think):
    samples: list = []
    warm_deadline = time.monotonic() + 5
    await asyncio.gather(*(reader(base, pages, warm_deadline, [], random.Random(i), think)
                           for i in range(min(clients, 5))))
    deadline = time.monotonic() + seconds
    started = time.monotonic()
    await asyncio.gather(*(reader(base, pages, deadline, samples, random.Random(100 + i),
                                  think) for i in range(clients)))
    return samples, time.monotonic() - started


def report(clients, samples, elapsed):
    times = [t for _, t, _ in samples]
    errors = [s for s in samples if s[2]]
    print(f"{clients} concurrent anonymous clients: "
          f"{len(samples)} requests in {elapsed:.0f} s = {len(samples) / elapsed:.1f} req/s; "
          f"p50 {pct(times, .5):.0f} ms, p95 {pct(times, .95):.0f} ms, "
          f"p99 {pct(times, .99):.0f} ms; errors {len(errors)}")
    by_kind = defaultdict(list)
    for kind, t, _ in samples:
        by_kind[kind].append(t)
    for kind in ("home", "story", "search"):
        ts = by_kind[kind]
        print(f"   {kind:7} n={len(ts):6} p50 {pct(ts, .5):6.0f} ms  p95 {pct(ts, .95):6.0f} ms"
              f"  p99 {pct(ts, .99):6.0f} ms")
    if errors:
        print("   first errors:", errors[:5])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--think", default="1,3", help="think time range in seconds")
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--port", type=int, default=8131)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--database", default=DB_NAME)
    args = parser.parse_args()
    think = tuple(float(x) for x in args.think.split(","))

    env = bench_env("portal", args.database)
    prepare(env, args.rebuild, args.database, "propagated")
    with production_server(env, args.port, args.workers, "/portal/") as (server, base):
        pages = {"story": story_paths(base), "search": SEARCHES}
        print(f"machine: {os.cpu_count()} cores, load average "
              f"{os.getloadavg()[0]:.1f}; workers: {args.workers or 'default'}; "
              f"{len(pages['story'])} published stories; think {args.think} s; "
              f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}")
        samples, elapsed = asyncio.run(bench(base, args.clients, args.seconds, pages, think))
        report(args.clients, samples, elapsed)


if __name__ == "__main__":
    main()
