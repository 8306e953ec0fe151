"""`dienhinh remind_scoring [--date YYYY-MM-DD] [--days 7,1]`: remind the units whose
self-scoring sheet is still a draft as a round's due date comes and once it is past
(for cron; each reminder goes out once)."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from dienhinh.scoring import reminders


class Command(BaseCommand):
    help = "Nhắc các đơn vị chưa gửi bản tự chấm điểm thi đua khi đến hạn (mỗi nhắc một lần)."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Ngày tính nhắc, YYYY-MM-DD (mặc định: hôm nay)")
        parser.add_argument("--days", help="Số ngày nhắc trước, ví dụ 7,1 (mặc định: cấu hình)")

    def handle(self, *args, **options):
        try:
            today = dt.date.fromisoformat(options["date"]) if options["date"] else None
            days = ([int(d) for d in options["days"].split(",") if d.strip()]
                    if options["days"] else None)
        except ValueError as exc:
            raise CommandError(_("Tham số không hợp lệ: %(error)s") % {"error": exc}) from None
        sent = reminders.send_sheet_reminders(today, days)
        self.stdout.write(_("Đã gửi %(count)s nhắc hạn.") % {"count": sent})
