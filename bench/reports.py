"""Reports bench: the agency's yearly review report on the province-size demo.

    python bench/reports.py [--database PATH.sqlite3 | --postgres NAME] [--rebuild]
                            [--year 2024] [--repeat 3]

Builds (once, kept between runs; `--rebuild` to start again) the demo at the
`propagated` stage with the province data (`dienhinh demo --size province`: ≈100,000
people, ≈1,000,000 ledger records under the province), and a plan in force adopted by
the province itself (Hà Tĩnh's seed, `VN-P42`), so the report's scope is the whole
province: every figure is counted over it, "discovered" runs the criteria engine over
its 100,000 people. Then it times, each as its own process (`dienhinh report review`,
what an operator runs): the yearly report as DOCX and as XLSX, the final review
2021–2025 as DOCX; and a Hà Tĩnh department's yearly report (`HT-SCT`). Prints wall
time and CPU (the machine may be shared: CPU is the process's own), best of
`--repeat`, and the size of each file. The goal is ≤ 10 s for the agency's report.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent / "dienhinh"
PLAN = "ha-tinh-sct-2021-2025"
ADOPT = """
import datetime as dt
from dienhinh.orgs.models import Role, RoleAssignment, Unit
from dienhinh.plans import plan_services
from dienhinh.plans.models import Plan, PlanTemplate
province = Unit.objects.get(subject__code="VN-P42")
if not Plan.objects.filter(agency=province, template__template_id="{plan}").exists():
    office = RoleAssignment.objects.filter(role=Role.STANDING_OFFICE, unit=province).first().user
    plan = plan_services.adopt(office, PlanTemplate.objects.get(template_id="{plan}"), province,
                               "99/KH-UBND", dt.date(2021, 1, 5), "Kế hoạch xây dựng điển hình "
                               "tiên tiến của tỉnh (bench)")
    plan_services.put_in_force(office, plan, plan.version)
"""


def child_cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def run(cmd, env, quiet=True):
    return subprocess.run(cmd, env=env, check=True,
                          stdout=subprocess.DEVNULL if quiet else None)


def build(env, rebuild: bool, pg: str | None) -> None:
    if pg and rebuild:
        subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", pg],
                       check=False)
    if pg:
        subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", pg], check=False,
                       stderr=subprocess.DEVNULL)
    started = time.perf_counter()
    run([str(BIN), "migrate", "-v0"], env)
    run([str(BIN), "demo", "--size", "province", "--stage", "propagated"], env)
    run([str(BIN), "shell", "-c", ADOPT.format(plan=PLAN)], env)
    print(f"demo ready in {time.perf_counter() - started:.0f} s")


def timed(env, args: list[str], repeat: int) -> tuple[float, float, int]:
    best_wall, best_cpu, size = float("inf"), float("inf"), 0
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / ("r." + args[-1])
        for _ in range(repeat):
            cpu0, t0 = child_cpu(), time.perf_counter()
            run([str(BIN), "report", "review", "--plan", PLAN, *args[:-1], "--output",
                 str(out)], env)
            best_wall = min(best_wall, time.perf_counter() - t0)
            best_cpu = min(best_cpu, child_cpu() - cpu0)
            size = out.stat().st_size
    return best_wall, best_cpu, size


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database", default=str(Path(tempfile.gettempdir())
                                                  / "dienhinh_bench_reports.sqlite3"))
    parser.add_argument("--postgres", default="", help="database name on 127.0.0.1")
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--year", type=int, default=2024)
    parser.add_argument("--repeat", type=int, default=3)
    opts = parser.parse_args()
    env = dict(os.environ)
    if opts.postgres:
        env["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{opts.postgres}"
    else:
        if opts.rebuild and Path(opts.database).exists():
            Path(opts.database).unlink()
        env["DATABASE_URL"] = f"sqlite:///{opts.database}"
    build(env, opts.rebuild, opts.postgres or None)
    y = str(opts.year)
    cases = [
        ("province, yearly, DOCX", ["--scope", "VN-P42", "--year", y, "docx"]),
        ("province, yearly, XLSX", ["--scope", "VN-P42", "--year", y, "xlsx"]),
        ("province, final 2021–2025, DOCX", ["--scope", "VN-P42", "--year", "2025",
                                             "--from", "2021", "docx"]),
        ("department HT-SCT, yearly, DOCX", ["--scope", "HT-SCT", "--year", y, "docx"]),
    ]
    backend = "PostgreSQL" if opts.postgres else "SQLite"
    print(f"{backend}, best of {opts.repeat}; load average {os.getloadavg()[0]:.1f}")
    print(f"{'report':38} {'wall s':>7} {'CPU s':>7} {'file kB':>8}")
    for label, args in cases:
        wall, cpu, size = timed(env, args, opts.repeat)
        print(f"{label:38} {wall:7.2f} {cpu:7.2f} {size / 1024:8.0f}")


if __name__ == "__main__":
    main()
