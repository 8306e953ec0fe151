"""`dienhinh import units|people|achievements FILE` (CONTRACT §3).

Messages are in the active language (Vietnamese by default). The row report of a
rejected file gives each reason in Vietnamese and in English, as CONTRACT §2 asks,
in two tab-separated columns so that each column reads in one language.
"""

import sys

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from dienhinh.ledger.imports import TABLES, run_import, summary


class Command(BaseCommand):
    help = "Nhập đơn vị, cá nhân hoặc thành tích từ tệp CSV/XLSX."

    def add_arguments(self, parser):
        parser.add_argument("table", choices=TABLES)
        parser.add_argument("file")

    def handle(self, *args, table, file, **options):
        def progress(phase, done, total):
            if options["verbosity"] >= 2:
                self.stderr.write(f"{phase}: {done}/{total or '?'}")

        try:
            result = run_import(table, file, progress=progress)
        except FileNotFoundError:
            raise CommandError(_("Không tìm thấy tệp %(file)s.") % {"file": file}) from None
        for warning in result.warnings:
            self.stderr.write(self.style.WARNING(warning))
        if result.file_error:
            self.stderr.write(self.style.ERROR(result.file_error))
            sys.exit(1)
        if not result.ok:
            self.stderr.write(self.style.ERROR(
                _("Tệp bị từ chối: %(count)s lỗi, không ghi dòng nào.")
                % {"count": result.error_count}
            ))
            # Column names are identifiers, like the import format's own headers.
            self.stdout.write("row\tcolumn\tvalue\treason_vi\treason_en")
            for error in result.errors:
                self.stdout.write(f"{error.row}\t{error.column}\t{error.value}\t"
                                  f"{error.in_language('vi')}\t{error.in_language('en')}")
            if result.error_count > len(result.errors):
                self.stdout.write(_("… %(count)s lỗi khác") % {
                    "count": result.error_count - len(result.errors)})
            sys.exit(1)
        self.stdout.write(summary(result))
