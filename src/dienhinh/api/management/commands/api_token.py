from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from dienhinh.api import tokens


class Command(BaseCommand):
    help = "In (tạo nếu chưa có) khóa truy cập API của người dùng"

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--renew", action="store_true",
                            help="Thay khóa cũ bằng khóa mới")

    def handle(self, username, renew=False, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(_("Không có người dùng %(name)s.") % {"name": username})
        if not user.is_active:
            raise CommandError(_("Tài khoản %(name)s đã bị khóa.") % {"name": username})
        self.stdout.write(tokens.issue(user, renew=renew).key)
