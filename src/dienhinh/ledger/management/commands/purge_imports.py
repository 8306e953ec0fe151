"""`dienhinh purge_imports [--days 7]`: remove uploaded import files that are no
longer needed (for cron; finished imports remove theirs at once)."""

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = ("Xoá tệp nhập liệu đã tải lên mà không còn cần (quá hạn xác nhận). / "
            "Remove uploaded import files no longer needed (unconfirmed past the limit).")

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=7,
                            help="số ngày chờ xác nhận / days an upload may wait (≥ 1)")

    def handle(self, *args, days, **options):
        from dienhinh.ledger.tasks import purge_stale_uploads

        if days < 1:
            raise CommandError("--days phải từ 1 trở lên. / --days must be at least 1.")
        count = purge_stale_uploads(days)
        self.stdout.write(f"Đã xoá {count} tệp. / Removed {count} files.")
