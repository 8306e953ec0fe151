"""Build the deterministic demo data (run by `make run`)."""

import datetime
import time

from django.core.management.base import BaseCommand, CommandError
from django.db.models import ProtectedError

from dienhinh.core.vietnamese import format_number
from dienhinh.demo import build, province
from dienhinh.demo.stages import STAGES
from dienhinh.demo.structure import PLAN_SCOPES
from dienhinh.ledger.models import Achievement
from dienhinh.orgs.models import Person, Unit


class Command(BaseCommand):
    help = (
        "Dựng dữ liệu demo cố định (cùng hạt giống, chạy lại cho cùng dữ liệu): 34 tỉnh, "
        "thành phố và 3.321 xã, phường; cơ quan của năm kế hoạch mẫu với lịch sử sắp xếp năm "
        "2025; khoảng 750 người; sổ thành tích 2019–2025 dùng mọi mã, cấp khen và cấp sáng "
        f"kiến; mỗi vai trò một tài khoản demo (mật khẩu '{build.PASSWORD}'). Nếu demo đã có "
        "thì không đổi gì; --reset xóa tổ chức, sổ thành tích và tài khoản demo trước. "
        "--size province thêm tới 100.000 người và khoảng 1.000.000 bản ghi thành tích cho "
        "đo hiệu năng. --stage đưa chu trình điển hình của các kế hoạch tới giai đoạn đã "
        "chọn: registered, fostering, nominated, voting, decided hoặc propagated (tin bài, "
        "áp dụng mô hình hay, đăng ký thi đua, một chuyến tham quan và một hội nghị)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--reset", action="store_true",
                            help="Xóa dữ liệu tổ chức, thành tích, tài khoản demo rồi dựng lại")
        parser.add_argument("--size", choices=["default", "province"], default="default",
                            help="default (≈750 người) hoặc province (100.000 người, "
                                 "≈1.000.000 thành tích)")
        parser.add_argument("--stage", choices=STAGES, default=None,
                            help="Giai đoạn của quy trình")
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
                    f"`dienhinh flush` ({exc.args[0]})"
                ) from exc
            self.stdout.write("Đã xóa dữ liệu cũ.")
        if build.exists():
            self.stdout.write(
                "Dữ liệu demo đã có, không thay đổi gì (dùng --reset để dựng lại)"
            )
        else:
            builder = build.DemoBuilder(log=lambda step: self.stdout.write(
                f"  … {step} ({time.perf_counter() - started:.1f} s)"))
            builder.build()
            self.stdout.write(f"Đã dựng dữ liệu demo trong "
                              f"{time.perf_counter() - started:.1f} s.")
        if options["size"] == "province":
            if province.exists():
                self.stdout.write("Dữ liệu cỡ tỉnh đã có.")
            else:
                bulk_started = time.perf_counter()
                people, records = province.build(log=self.stdout.write)
                self.stdout.write(
                    f"Cỡ tỉnh: thêm {format_number(people)} người, {format_number(records)} thành tích trong "
                    f"{time.perf_counter() - bulk_started:.1f} s."
                )
        if options["stage"]:
            from dienhinh.demo import stages as demo_stages

            demo_stages.build(options["stage"], log=self.stdout.write, today=options["today"])
        if options["size"] == "province":
            province.settle(log=self.stdout.write)
        self.stdout.write(
            f"Đơn vị: {format_number(Unit.objects.count())} — cá nhân: "
            f"{format_number(Person.objects.count())} — thành tích: "
            f"{format_number(Achievement.objects.count())}"
        )
        self.stdout.write("Phạm vi đánh giá của 5 kế hoạch: " + ", ".join(
            f"{plan} → {scope}" for plan, scope in PLAN_SCOPES.items()))
