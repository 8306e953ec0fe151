"""`dienhinh remind_replication [--date YYYY-MM-DD]`: tell the reviewers of pledges due
and the units whose adoptions wait for an evaluation (for cron; each reminder once)."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from dienhinh.replication import reminders


class Command(BaseCommand):
    help = ("Nhắc đánh giá đăng ký thi đua cùng điển hình đến hạn và kết quả áp dụng mô hình "
            "đã quá một năm (mỗi nhắc một lần).")

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Ngày tính nhắc, YYYY-MM-DD (mặc định: hôm nay)")

    def handle(self, *args, **options):
        try:
            today = dt.date.fromisoformat(options["date"]) if options["date"] else None
        except ValueError as exc:
            raise CommandError(f"Ngày không hợp lệ: {exc}") from None
        sent = reminders.send(today)
        self.stdout.write(f"Đã gửi {sent} nhắc việc.")
