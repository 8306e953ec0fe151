"""Build the deterministic demo data (run by `make run`)."""

import datetime
import time

from django.core.management.base import BaseCommand, CommandError
from django.db.models import ProtectedError

from dienhinh.demo import build, province
from dienhinh.demo.stages import STAGES
from dienhinh.demo.structure import PLAN_SCOPES
from dienhinh.ledger.models import Achievement
from dienhinh.orgs.models import Person, Unit


class Command(BaseCommand):
    help = (
        "Dựng dữ liệu demo cố định (cùng hạt giống, chạy lại cho cùng dữ liệu) / Build the "
        "deterministic demo: Vietnam's 34 provinces and 3,321 communes, the five seed "
        "plans' agencies with the 2025 reorganisation as history, about 750 people, a "
        "2019–2025 ledger using every code, issuer and level, and one demo user per role "
        f"(password '{build.PASSWORD}'). If the demo exists nothing changes; --reset "
        "deletes the organisation, the ledger and the demo users first. --size province "
        "adds bulk data up to 100,000 people and about 1,000,000 ledger records for "
        "benchmarks. --stage advances the exemplar cycle of the five seed plans to "
        "registered, fostering, nominated, voting, decided or propagated (media, "
        "adoptions of good models, pledges, a study visit and a conference)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--reset", action="store_true",
                            help="Xóa dữ liệu tổ chức, thành tích, tài khoản demo rồi dựng lại "
                                 "/ delete and rebuild")
        parser.add_argument("--size", choices=["default", "province"], default="default",
                            help="default (≈750 người / people) hoặc province (100.000 người, "
                                 "≈1.000.000 thành tích / people, records)")
        parser.add_argument("--stage", choices=STAGES, default=None,
                            help="Giai đoạn của quy trình / workflow stage")
        parser.add_argument("--today", type=datetime.date.fromisoformat, default=None,
                            help="Ngày dựng demo (YYYY-MM-DD, mặc định hôm nay): kế hoạch "
                                 "2026–2030 có việc đang mở vào ngày này")

    def handle(self, *args, **options):
        started = time.perf_counter()
        if options["reset"]:
            try:
                build.reset()
            except ProtectedError as exc:
                raise CommandError(
                    "Không xóa được: dữ liệu khác đang tham chiếu đơn vị, cá nhân; hãy dùng "
                    "`dienhinh flush` / Cannot delete: other data refers to the units or "
                    f"people; use `dienhinh flush` ({exc.args[0]})"
                ) from exc
            self.stdout.write("Đã xóa dữ liệu cũ / Old data deleted.")
        if build.exists():
            self.stdout.write(
                "Dữ liệu demo đã có, không thay đổi gì (dùng --reset để dựng lại) / "
                "The demo data exists; nothing changed (use --reset to rebuild)."
            )
        else:
            builder = build.DemoBuilder(log=lambda step: self.stdout.write(
                f"  … {step} ({time.perf_counter() - started:.1f} s)"))
            builder.build()
            self.stdout.write(f"Đã dựng dữ liệu demo / Demo built in "
                              f"{time.perf_counter() - started:.1f} s.")
        if options["size"] == "province":
            if province.exists():
                self.stdout.write("Dữ liệu cỡ tỉnh đã có / Province-size data exists.")
            else:
                bulk_started = time.perf_counter()
                people, records = province.build(log=self.stdout.write)
                self.stdout.write(
                    f"Cỡ tỉnh: thêm {people:,} người, {records:,} thành tích trong "
                    f"{time.perf_counter() - bulk_started:.1f} s / province size: added "
                    f"{people} people and {records} records."
                )
        if options["stage"]:
            from dienhinh.demo import stages as demo_stages

            demo_stages.build(options["stage"], log=self.stdout.write, today=options["today"])
        self.stdout.write(
            f"Đơn vị / units: {Unit.objects.count():,} — cá nhân / people: "
            f"{Person.objects.count():,} — thành tích / records: "
            f"{Achievement.objects.count():,}"
        )
        self.stdout.write("Phạm vi đánh giá của 5 kế hoạch / plan scopes: " + ", ".join(
            f"{plan} → {scope}" for plan, scope in PLAN_SCOPES.items()))
