"""`dienhinh audit verify`: recompute the hash chain and report tampering."""

from django.core.management.base import BaseCommand, CommandError

from dienhinh.audit.models import AuditEntry
from dienhinh.audit.services import verify


class Command(BaseCommand):
    help = "Kiểm tra nhật ký thay đổi / Verify the audit log."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["verify"])

    def handle(self, *args, action, **options):
        problems = verify()
        if problems:
            for problem in problems:
                self.stderr.write(problem)
            raise CommandError(
                f"Nhật ký có {len(problems)} lỗi / the audit log has {len(problems)} problems",
                returncode=1,
            )
        count = AuditEntry.objects.count()
        self.stdout.write(f"Nhật ký toàn vẹn: {count} bản ghi / audit log intact: {count} entries")
