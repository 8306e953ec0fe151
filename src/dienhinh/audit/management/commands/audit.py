"""`dienhinh audit verify` and `dienhinh audit checkpoint` (CONTRACT §5, Audit).

verify      recompute the hash chain and compare it with every checkpoint written
            so far; exit 1 naming each problem.
checkpoint  append the chain's head to DATA_DIR/audit-checkpoints.jsonl and print it
            as one JSON line, to publish or send to the higher level; exit 1 (and
            write nothing) when the chain does not verify.
"""

import json

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from dienhinh.audit import checkpoints
from dienhinh.audit.models import AuditEntry
from dienhinh.audit.services import checkpoint, verify


class Command(BaseCommand):
    help = "Kiểm tra nhật ký thay đổi, hoặc ghi điểm neo của nhật ký ra ngoài cơ sở dữ liệu."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["verify", "checkpoint"])

    def handle(self, *args, action, **options):
        if action == "checkpoint":
            return self._checkpoint()
        problems = verify()
        if problems:
            for problem in problems:
                self.stderr.write(problem)
            raise CommandError(
                _("Nhật ký có %(count)s lỗi.") % {"count": len(problems)},
                returncode=1,
            )
        count = AuditEntry.objects.count()
        self.stdout.write(_("Nhật ký toàn vẹn: %(count)s bản ghi.") % {"count": count})
        marks = checkpoints.read().marks
        if marks:
            self.stdout.write(_("Khớp điểm neo mới nhất #%(seq)s (%(at)s).")
                              % {"seq": marks[-1]["seq"], "at": marks[-1].get("at", "")})
        else:
            self.stdout.write(_("Chưa có điểm neo nào; hãy chạy “dienhinh audit checkpoint”."))

    def _checkpoint(self):
        try:
            mark = checkpoint()
        except checkpoints.CheckpointError as exc:
            for problem in exc.problems:
                self.stderr.write(problem)
            raise CommandError(_("Nhật ký có lỗi; không ghi điểm neo."), returncode=1) from None
        self.stdout.write(json.dumps(mark, ensure_ascii=False, sort_keys=True))
