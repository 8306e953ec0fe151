"""Statistics forms bench: 0601.N, 0602.N, 0603.N (Thông tư 02/2023/TT-BNV) of the
province-size demo, on PostgreSQL (or the configured database with `--here`).

    python bench/tt02.py [--database dienhinh_bench_tt02] [--rebuild] [--here]
                         [--year 2025] [--repeat 3]

Builds the province demo (`demo --size province --stage decided`: 100,000 people, about
1,000,000 records, the plans in force) in its own PostgreSQL database, kept between runs
(`--rebuild` starts again), then for the nation, the province (UBND tỉnh Hà Tĩnh, where
the province-size data hang) and one of its departments times, best of `--repeat`:

- 0601.N alone (the movements: plans and blocks),
- 0602.N and 0603.N (the awards: they share one read of the ledger),
- the whole `compute` (the three forms and the roll-up by unit),
- writing the XLSX.

Prints the figures; it asserts nothing about time (docs/performance.md has the
figures and the goal, ≤ 10 s per form).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DB_NAME = "dienhinh_bench_tt02"


def prepare(env, rebuild: bool, db_name: str) -> None:
    def run(cmd):
        subprocess.run(cmd, env=env, check=True)

    exists = subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-tAc",
         f"SELECT 1 FROM pg_database WHERE datname = '{db_name}'"],
        capture_output=True, text=True).stdout.strip() == "1"
    if exists and rebuild:
        run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", db_name])
        exists = False
    if not exists:
        run(["createdb", "-h", "127.0.0.1", "-U", "postgres", db_name])
    dienhinh = [sys.executable, "-m", "dienhinh"]
    run(dienhinh + ["migrate", "--no-input", "-v", "0"])
    if not exists:
        print("Dựng dữ liệu demo cỡ tỉnh …", flush=True)
        started = time.perf_counter()
        subprocess.run(dienhinh + ["demo", "--size", "province", "--stage", "decided"], env=env,
                       check=True, stdout=subprocess.DEVNULL)
        print(f"   {time.perf_counter() - started:.0f} s", flush=True)


def best(fn, repeat: int) -> tuple[float, object]:
    times, value = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        value = fn()
        times.append(time.perf_counter() - started)
    return min(times), value


def measure(year: int, repeat: int) -> None:
    import django

    django.setup()
    from django.db import connection

    from dienhinh.ledger.models import Achievement
    from dienhinh.orgs.models import Person, Unit
    from dienhinh.reports import tt02

    print(f"Cơ sở dữ liệu: {connection.vendor}; "
          f"{Person.objects.count():,} người, {Unit.objects.count():,} đơn vị, "
          f"{Achievement.objects.count():,} bản ghi; năm {year}; tốt nhất trong {repeat} lần")
    department = (Unit.objects.filter(parent__subject__code="VN-P42", kind="agency",
                                      subject__code__startswith="PV-")
                  .order_by("subject__code").first())
    scopes = [Unit.objects.get(subject__code="VN"), Unit.objects.get(subject__code="VN-P42")]
    if department is not None:
        scopes.append(department)
    print(f"{'phạm vi':42} {'0601.N':>8} {'0602+0603':>10} {'compute':>8} "
          f"{'XLSX':>7} {'bản ghi':>9} {'đơn vị con':>10}")
    for scope in scopes:
        d = tt02.depth(scope.path)
        t0601, _ = best(lambda s=scope, d=d: tt02._movements(s, year, d), repeat)
        t_awards, _ = best(lambda s=scope, d=d: tt02._awards(s, year, d), repeat)
        t_all, result = best(lambda s=scope: tt02.compute(s, year), repeat)
        t_xlsx, data = best(lambda r=result: tt02.xlsx_bytes(r), repeat)
        records = sum(result.cells[k][("total", "total")] for k in ("0602", "0603"))
        print(f"{scope.name[:42]:42} {t0601:7.2f}s {t_awards:9.2f}s {t_all:7.2f}s "
              f"{t_xlsx:6.2f}s {records:9,} {len(result.children):10,}", flush=True)
        assert data[:2] == b"PK"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", default=DB_NAME)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--here", action="store_true",
                        help="the configured database as it is (no build)")
    parser.add_argument("--year", type=int, default=2025)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dienhinh.settings")
    if not args.here:
        os.environ["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{args.database}"
        prepare(dict(os.environ), args.rebuild, args.database)
    measure(args.year, args.repeat)


if __name__ == "__main__":
    main()
