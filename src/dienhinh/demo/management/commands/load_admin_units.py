"""Load Vietnam's 34 provinces and 3,321 communes (after 1 July 2025)."""

from django.core.management.base import BaseCommand, CommandError

from dienhinh.demo.admin_units import load_admin_units


class Command(BaseCommand):
    help = (
        "Nạp 34 tỉnh, thành phố và 3.321 xã, phường, đặc khu (từ 01/07/2025) từ gói "
        "vietnam-provinces. Mã: VN (gốc “Việt Nam”), VN-P<mã tỉnh 2 chữ số> cho tỉnh (loại "
        "agency, “UBND tỉnh …”), VN-W<mã xã 5 chữ số> cho xã, phường, đặc khu (loại commune, "
        "hiệu lực từ 01/07/2025). Chạy lại chỉ tạo phần còn thiếu."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--provinces", default="",
            help="Mã tỉnh, cách nhau bởi dấu phẩy, ví dụ 15,42",
        )

    def handle(self, *args, **options):
        raw = [c.strip() for c in options["provinces"].split(",") if c.strip()]
        try:
            codes = [int(c) for c in raw] or None
            provinces, communes = load_admin_units(codes)
        except ValueError as exc:
            raise CommandError(
                str(exc) if "danh mục" in str(exc) else
                f"Mã tỉnh không hợp lệ: {options['provinces']}"
            ) from exc
        self.stdout.write(
            f"Đã tạo {provinces} tỉnh, thành phố và {communes} xã, phường, đặc khu."
        )
