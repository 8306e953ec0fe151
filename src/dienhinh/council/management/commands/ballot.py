"""`dienhinh ballot scrub`: rewrite the database pages that held sealed votes and the
participations in voting order (done by every close; run it again when the close could
not finish it, e.g. another process held the SQLite file)."""

from django.core.management.base import BaseCommand, CommandError

from dienhinh.council import services


class Command(BaseCommand):
    help = "Viết lại các trang dữ liệu đã chứa phiếu niêm phong (sau khi kết thúc bỏ phiếu)."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["scrub"])

    def handle(self, *args, **options):
        if not services.scrub_storage():
            raise CommandError("Chưa viết lại được: cơ sở dữ liệu đang được dùng; hãy thử lại.")
        self.stdout.write("Đã viết lại các trang dữ liệu của phiếu bầu.")
