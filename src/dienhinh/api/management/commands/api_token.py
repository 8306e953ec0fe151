from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from dienhinh.api import tokens


class Command(BaseCommand):
    help = "In (tạo nếu chưa có) khóa truy cập API của người dùng / print a user's API token"

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--renew", action="store_true",
                            help="Thay khóa cũ bằng khóa mới / replace the old key")

    def handle(self, username, renew=False, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(
                f"Không có người dùng {username}. / No user named {username}."
            )
        if not user.is_active:
            raise CommandError(
                f"Tài khoản {username} đã bị khóa. / User {username} is inactive."
            )
        self.stdout.write(tokens.issue(user, renew=renew).key)
