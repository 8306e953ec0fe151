"""`dienhinh report review|tt02` (CONTRACT §5, Reports).

    dienhinh report review --plan PLAN --scope UNIT --year YEAR [--from YEAR] --output FILE
    dienhinh report tt02 --scope UNIT --year YEAR --output FILE.xlsx
    dienhinh report remind [--date YYYY-MM-DD]

`review` writes the review report of a plan for one year or for `--from`..`YEAR`
(mid-term, final): `.docx` or `.xlsx` by the extension. `tt02` writes the yearly
statistics forms of Thông tư 02/2023/TT-BNV (`dienhinh.reports.tt02.run`); `remind`
reminds units that have not sent their report (for cron, each reminder once). Exit 0, or 2
with a Vietnamese message on stderr for a period outside the plan, an unknown plan or
scope, or a bad output name.
"""

from __future__ import annotations

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _


class Command(BaseCommand):
    help = _("Báo cáo sơ kết, tổng kết (review) và biểu mẫu thống kê Thông tư 02/2023 (tt02).")
    requires_system_checks = ()

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="what", required=True)
        review = sub.add_parser("review", help=_("báo cáo kết quả thực hiện kế hoạch"))
        review.add_argument("--plan", required=True, help=_("mã mẫu kế hoạch hoặc số hiệu kế hoạch"))
        review.add_argument("--scope", required=True, help=_("mã đơn vị"))
        review.add_argument("--year", required=True, type=int, help=_("năm (năm cuối của kỳ)"))
        review.add_argument("--from", dest="from_year", type=int, default=None,
                            help=_("năm đầu của kỳ sơ kết, tổng kết"))
        review.add_argument("--output", required=True, help="FILE.docx | FILE.xlsx")
        tt02 = sub.add_parser("tt02", help=_("biểu mẫu thống kê 0601.N, 0602.N, 0603.N"))
        tt02.add_argument("--scope", required=True, help=_("mã đơn vị"))
        tt02.add_argument("--year", required=True, help=_("năm báo cáo"))
        tt02.add_argument("--output", required=True, help="FILE.xlsx")
        remind = sub.add_parser("remind", help=_("nhắc các đơn vị chưa gửi báo cáo"))
        remind.add_argument("--date", help=_("ngày tính nhắc, YYYY-MM-DD (mặc định: hôm nay)"))

    def fail(self, message: str):
        self.stderr.write(str(message))
        sys.exit(2)

    def handle(self, *args, **opts):
        if opts["what"] == "tt02":
            return self.tt02(opts)
        if opts["what"] == "remind":
            return self.remind(opts)
        return self.review(opts)

    def review(self, opts):
        from dienhinh.core.documents import MissingSigner
        from dienhinh.reports.generate import format_of, review
        from dienhinh.workflow import WorkflowError

        try:
            fmt = format_of(opts["output"])
            result = review(opts["plan"], opts["scope"], opts["year"], opts["from_year"], fmt)
        except (WorkflowError, MissingSigner) as exc:
            self.fail(exc)
        self._write(opts["output"], result.content)

    def tt02(self, opts):
        # Lazily: the statistics forms are their own module (tt02.run checks its input).
        from dienhinh.reports import tt02

        try:
            result = tt02.run(scope=opts["scope"], year=opts["year"], output=opts["output"])
        except tt02.ReportError as exc:
            self.fail(exc)
        self.stdout.write(_("Đã lập biểu thống kê năm %(y)s của %(u)s: %(f)s") % {
            "y": result.year, "u": result.scope.name, "f": opts["output"]})

    def remind(self, opts):
        import datetime as dt

        from dienhinh.reports.reminders import send_report_reminders

        try:
            today = dt.date.fromisoformat(opts["date"]) if opts["date"] else None
        except ValueError:
            self.fail(_("Ngày “%(d)s” không hợp lệ; viết theo dạng YYYY-MM-DD.")
                      % {"d": opts["date"]})
        sent = send_report_reminders(today)
        self.stdout.write(_("Đã gửi %(n)s nhắc hạn báo cáo.") % {"n": sent})

    def _write(self, output: str, content: bytes) -> None:
        try:
            Path(output).write_bytes(content)
        except OSError as exc:
            raise CommandError(_("Không ghi được tệp %(file)s: %(error)s")
                               % {"file": output, "error": exc}) from exc
        self.stdout.write(_("Đã ghi %(file)s.") % {"file": output})
