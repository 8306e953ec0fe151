"""Import benchmark: 1,000,000 achievement rows on SQLite and on PostgreSQL.

    python bench/import.py [--rows 1000000] [--people 100000] [--only sqlite|postgresql]

Generates units, people and achievements CSV files in a temporary folder, then, for
each database, runs a child process that migrates a fresh database and imports the
files with the real import code (`dienhinh.ledger.imports.run_import`), twice for
the achievements (the second run must find every row unchanged). Prints rows per
second and the child's peak memory (ru_maxrss). PostgreSQL uses
postgres://postgres@127.0.0.1:5432/dienhinh_bench, created and dropped here.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PG_ADMIN = "postgres://postgres@127.0.0.1:5432/postgres"
PG_BENCH = "postgres://postgres@127.0.0.1:5432/dienhinh_bench"
YEARS = range(2015, 2025)


def generate(folder: Path, rows: int, people: int) -> dict[str, Path]:
    """A province: 100 agencies, 10 divisions each, `people` staff, and yearly
    ratings, titles and commendations (`rows` achievements in all)."""
    paths = {t: folder / f"{t}.csv" for t in ("units", "people", "achievements")}
    divisions = []
    with open(paths["units"], "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["code", "name", "parent_code", "kind"])
        w.writerow(["TINH", "Ủy ban nhân dân tỉnh", "", "agency"])
        for a in range(100):
            w.writerow([f"S{a:03d}", f"Sở số {a}", "TINH", "agency"])
            for d in range(10):
                divisions.append(f"S{a:03d}_P{d}")
                w.writerow([divisions[-1], f"Phòng {d} của Sở {a}", f"S{a:03d}", "division"])
    given = ["An", "Bình", "Chi", "Dũng", "Hồng", "Khánh", "Lan", "Minh", "Nga", "Phúc"]
    family = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi"]
    with open(paths["people"], "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["code", "full_name", "birth_date", "gender", "unit_code", "position"])
        for i in range(people):
            w.writerow([f"P{i:06d}", f"{family[i % 8]} Văn {given[i % 10]}",
                        f"{1960 + i % 40}-{1 + i % 12:02d}-{1 + i % 28:02d}",
                        "nam" if i % 2 else "nu", divisions[i % len(divisions)], "staff"])
    written = 0
    with open(paths["achievements"], "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["subject_code", "year", "kind", "code", "issuer", "level", "value",
                    "decision_no", "decision_date", "note"])
        per_year = -(-rows // (people * len(YEARS)))  # rows per person and year
        kinds = [("rating", "HTTNV", ""), ("title", "LDTT", ""), ("commendation", "GIAY_KHEN", "SO"),
                 ("initiative", "SANG_KIEN", ""), ("discipline", "KHIEN_TRACH", "")]
        for year in YEARS:
            for i in range(people):
                for k in range(per_year):
                    if written == rows:
                        break
                    kind, code, issuer = kinds[k % len(kinds)]
                    w.writerow([f"P{i:06d}", year, kind, code, issuer,
                                "co_so" if kind == "initiative" else "", "",
                                f"{i}/QĐ-{k}" if kind == "commendation" else "",
                                f"{year}-12-20", "Tổng kết năm" if k == 0 else ""])
                    written += 1
    return paths


def child(database_url: str, folder: Path) -> None:
    """Runs in a fresh process: migrate, import, report as one JSON line."""
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dienhinh.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from dienhinh.ledger.imports import run_import

    call_command("migrate", verbosity=0)
    from django.db import connection

    def server_cpu() -> float:
        """CPU seconds of the PostgreSQL backend serving us (same machine), 0 on SQLite:
        on a shared, loaded machine CPU time says more than wall time."""
        if connection.vendor != "postgresql":
            return 0.0
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            pid = cursor.fetchone()[0]
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return 0.0
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    report = {}
    for table in ("units", "people", "achievements", "achievements"):
        start = time.perf_counter()
        cpu = resource.getrusage(resource.RUSAGE_SELF)
        db_cpu = server_cpu()
        result = run_import(table, folder / f"{table}.csv")
        seconds = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_SELF)
        cpu_seconds = (after.ru_utime - cpu.ru_utime) + (after.ru_stime - cpu.ru_stime)
        db_cpu = server_cpu() - db_cpu
        if not result.ok:
            raise SystemExit(f"{table}: {result.file_error or result.errors[:5]}")
        key = table if table not in report else f"{table} (again)"
        report[key] = {
            "rows": result.total, "seconds": round(seconds, 2),
            "python_cpu_seconds": round(cpu_seconds, 2),
            "server_cpu_seconds": round(db_cpu, 2),
            "rows_per_second": round(result.total / seconds),
            "created": result.created, "updated": result.updated, "unchanged": result.unchanged,
            "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        }
    print(json.dumps(report))


def run_child(name: str, database_url: str, folder: Path, data_dir: Path) -> dict:
    env = dict(os.environ, DIENHINH_DATA_DIR=str(data_dir), DEBUG="false",
               SECRET_KEY="bench-only-" + "x" * 40)
    out = subprocess.run([sys.executable, __file__, "--child", database_url, str(folder)],
                         check=False, env=env, capture_output=True, text=True)
    if out.returncode != 0:
        sys.stderr.write(out.stderr)
        raise SystemExit(f"{name}: the import failed")
    return json.loads(out.stdout.strip().splitlines()[-1])


def postgres(create: bool) -> None:
    import psycopg

    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute("DROP DATABASE IF EXISTS dienhinh_bench WITH (FORCE)")
        if create:
            conn.execute("CREATE DATABASE dienhinh_bench")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--only", choices=["sqlite", "postgresql"])
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child[0], Path(args.child[1]))
        return

    with tempfile.TemporaryDirectory(prefix="dienhinh-bench-") as tmp:
        folder = Path(tmp)
        start = time.perf_counter()
        paths = generate(folder, args.rows, args.people)
        size = paths["achievements"].stat().st_size / 2**20
        print(f"Generated {args.rows:,} achievements ({size:.0f} MiB), {args.people:,} people "
              f"in {time.perf_counter() - start:.1f} s")
        targets = []
        if args.only in (None, "sqlite"):
            targets.append(("SQLite", f"sqlite:///{folder / 'bench.sqlite3'}"))
        if args.only in (None, "postgresql"):
            targets.append(("PostgreSQL", PG_BENCH))
        for name, url in targets:
            if name == "PostgreSQL":
                postgres(create=True)
            try:
                report = run_child(name, url, folder, folder / f"data-{name}")
            finally:
                if name == "PostgreSQL":
                    postgres(create=False)
            print(f"\n{name}  (load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs)")
            for table, r in report.items():
                print(f"  {table:<20} {r['rows']:>9,} rows {r['seconds']:>7.2f} s "
                      f"{r['rows_per_second']:>9,} rows/s  (CPU: importer "
                      f"{r['python_cpu_seconds']:.1f} s, server {r['server_cpu_seconds']:.1f} s)  "
                      f"created {r['created']:,} "
                      f"updated {r['updated']:,} unchanged {r['unchanged']:,}  "
                      f"peak RSS {r['peak_rss_mib']} MiB")


if __name__ == "__main__":
    main()
