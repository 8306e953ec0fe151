"""Load Vietnam's 34 provinces and 3,321 communes (after 1 July 2025)."""

from django.core.management.base import BaseCommand, CommandError

from dienhinh.demo.admin_units import load_admin_units


class Command(BaseCommand):
    help = (
        "Nạp 34 tỉnh, thành phố và 3.321 xã, phường, đặc khu (từ 01/07/2025) từ gói "
        "vietnam-provinces / Load the provinces and communes from the vietnam-provinces "
        "package. Codes: VN (root 'Việt Nam'), VN-P<2-digit official code> for a "
        "province (kind agency, 'UBND tỉnh …'), VN-W<5-digit official code> for a "
        "commune, ward or special zone (kind commune, valid from 2025-07-01). "
        "Running it again creates only what is missing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--provinces", default="",
            help="Mã tỉnh, cách nhau bởi dấu phẩy, ví dụ 15,42 / comma-separated official "
                 "province codes (default: all 34)",
        )

    def handle(self, *args, **options):
        raw = [c.strip() for c in options["provinces"].split(",") if c.strip()]
        try:
            codes = [int(c) for c in raw] or None
            provinces, communes = load_admin_units(codes)
        except ValueError as exc:
            raise CommandError(
                str(exc) if "/" in str(exc) else
                f"Mã tỉnh không hợp lệ / Invalid province code: {options['provinces']}"
            ) from exc
        self.stdout.write(
            f"Đã tạo {provinces} tỉnh, thành phố và {communes} xã, phường, đặc khu / "
            f"Created {provinces} provinces and {communes} communes."
        )
