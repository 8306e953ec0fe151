"""Print the demo users, one per role, for `make run`: username, role, unit."""

from django.core.management.base import BaseCommand

from dienhinh.demo.build import PASSWORD as DEMO_PASSWORD
from dienhinh.orgs.models import RoleAssignment


class Command(BaseCommand):
    help = "In danh sách tài khoản demo"

    def handle(self, *args, **options):
        rows = (
            RoleAssignment.objects.filter(user__username__startswith="demo_")
            .select_related("user", "unit__subject")
            .order_by("user__username", "role")
        )
        self.stdout.write(f"Tài khoản demo (mật khẩu: {DEMO_PASSWORD})")
        for ra in rows:
            self.stdout.write(
                f"  {ra.user.username:<22} {ra.get_role_display():<30} "
                f"{ra.unit.subject.name} ({ra.unit.subject.code})"
            )
