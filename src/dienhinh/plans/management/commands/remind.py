"""`dienhinh remind`: send the plan deadline reminders due today (for cron).

Safe to run as often as wanted: each reminder goes out once.
"""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from dienhinh.plans import reminders


class Command(BaseCommand):
    help = ("Gửi nhắc hạn của các kế hoạch đang thực hiện (mỗi nhắc một lần).")

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Ngày tính nhắc, YYYY-MM-DD (mặc định: hôm nay)")
        parser.add_argument("--days", help="Số ngày nhắc trước, ví dụ 7,1 (mặc định: cấu hình)")
        parser.add_argument("--enqueue", action="store_true",
                            help="Đưa vào hàng đợi tác vụ thay vì chạy ngay")

    def handle(self, *args, **options):
        try:
            today = dt.date.fromisoformat(options["date"]) if options["date"] else None
            days = ([int(d) for d in options["days"].split(",") if d.strip()]
                    if options["days"] else None)
        except ValueError as exc:
            raise CommandError(_("Tham số không hợp lệ: %(error)s") % {"error": exc}) from None
        if options["enqueue"]:
            from dienhinh.plans.tasks import send_reminders

            result = send_reminders.enqueue(today.isoformat() if today else None)
            self.stdout.write(_("Đã đưa vào hàng đợi: %(id)s") % {"id": result.id})
            return
        sent = reminders.send_due_reminders(today, days)
        self.stdout.write(_("Đã gửi %(count)s nhắc hạn.") % {"count": sent})
