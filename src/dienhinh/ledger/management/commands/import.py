"""`dienhinh import units|people|achievements FILE` (CONTRACT §3)."""

import sys

from django.core.management.base import BaseCommand, CommandError

from dienhinh.ledger.imports import TABLES, run_import, summary


class Command(BaseCommand):
    help = "Nhập đơn vị, cá nhân hoặc thành tích từ tệp CSV/XLSX. / Import a CSV or XLSX file."

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
            raise CommandError(f"Không tìm thấy tệp {file}. / File not found.") from None
        for warning in result.warnings:
            self.stderr.write(self.style.WARNING(warning))
        if result.file_error:
            self.stderr.write(self.style.ERROR(result.file_error))
            sys.exit(1)
        if not result.ok:
            self.stderr.write(self.style.ERROR(
                f"Tệp bị từ chối: {result.error_count} lỗi, không ghi dòng nào. "
                f"/ File rejected: {result.error_count} errors, nothing written."
            ))
            self.stdout.write("dòng/row\tcột/column\tgiá trị/value\tlý do/reason")
            for error in result.errors:
                self.stdout.write(f"{error.row}\t{error.column}\t{error.value}\t{error.reason}")
            if result.error_count > len(result.errors):
                self.stdout.write(f"… {result.error_count - len(result.errors)} lỗi khác / more")
            sys.exit(1)
        self.stdout.write(summary(result))
