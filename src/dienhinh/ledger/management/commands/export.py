"""`dienhinh export units|people|achievements FILE [--scope UNIT_CODE]`: the import format,
CSV or XLSX by the file's extension."""

from django.core.management.base import BaseCommand, CommandError

from dienhinh.core.routers import reading_replica
from dienhinh.ledger import exports
from dienhinh.orgs.models import Unit


class Command(BaseCommand):
    help = "Xuất đơn vị, cá nhân hoặc thành tích ra CSV/XLSX. / Export a table to CSV or XLSX."

    def add_arguments(self, parser):
        parser.add_argument("table", choices=exports.TABLES)
        parser.add_argument("file")
        parser.add_argument("--scope", metavar="UNIT_CODE",
                            help="Chỉ đơn vị này và cấp dưới. / Only this unit and below.")

    def handle(self, *args, table, file, scope, **options):
        fmt = exports.format_for(file)
        if fmt is None:
            raise CommandError("Tên tệp phải kết thúc bằng .csv hoặc .xlsx. / Use .csv or .xlsx.")
        unit = None
        if scope:
            unit = Unit.objects.filter(subject__code=scope).first()
            if unit is None:
                raise CommandError(f"Không có đơn vị {scope}. / Unknown unit {scope}.")
        # An export only reads: on the replica when one is configured (core.routers).
        with reading_replica():
            count = exports.export_to_path(table, file, scope=unit)
        self.stdout.write(f"Đã xuất {count} dòng vào {file}. / Exported {count} rows.")
