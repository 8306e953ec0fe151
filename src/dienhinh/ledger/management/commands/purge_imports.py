"""`dienhinh purge_imports [--days 7]`: remove uploaded import files that are no
longer needed (for cron; finished imports remove theirs at once)."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _


class Command(BaseCommand):
    help = ("Xoá tệp nhập liệu đã tải lên mà không còn cần (quá hạn xác nhận).")

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=7,
                            help="số ngày chờ xác nhận")

    def handle(self, *args, days, **options):
        from dienhinh.ledger.tasks import purge_stale_uploads

        if days < 1:
            raise CommandError(_("--days phải từ 1 trở lên."))
        count = purge_stale_uploads(days)
        self.stdout.write(_("Đã xoá %(count)s tệp.") % {"count": count})
