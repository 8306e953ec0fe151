"""Print the demo users, one per role, for `make run`."""

from django.core.management.base import BaseCommand

from dienhinh.orgs.models import RoleAssignment

DEMO_PASSWORD = "dienhinh-demo"


class Command(BaseCommand):
    help = "In danh sách tài khoản demo / Print the demo logins."

    def handle(self, *args, **options):
        rows = (
            RoleAssignment.objects.filter(user__username__startswith="demo_")
            .select_related("user", "unit__subject")
            .order_by("user__username")
        )
        self.stdout.write("Tài khoản demo / Demo logins (mật khẩu / password: %s)" % DEMO_PASSWORD)
        for ra in rows:
            self.stdout.write(
                f"  {ra.user.username:<28} {ra.get_role_display()} — {ra.unit.subject.name}"
            )
