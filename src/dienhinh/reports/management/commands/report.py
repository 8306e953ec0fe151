"""`dienhinh report tt02 --scope UNIT --year YEAR --output FILE.xlsx` (CONTRACT §5).

Each subcommand calls its module's `run(...)` lazily; a `ReportError` (unknown unit,
year out of range, wrong file name) is printed on stderr in Vietnamese with exit 2.
"""

import sys

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _


class Command(BaseCommand):
    help = _("Lập báo cáo: biểu thống kê thi đua, khen thưởng hằng năm (tt02).")
    requires_system_checks = ()

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="kind", metavar="tt02")
        sub.required = True
        tt02 = sub.add_parser(
            "tt02", help=_("Biểu 0601.N, 0602.N, 0603.N (Thông tư 02/2023/TT-BNV)"))
        tt02.add_argument("--scope", required=True, help=_("mã đơn vị báo cáo"))
        tt02.add_argument("--year", required=True, help=_("năm báo cáo"))
        tt02.add_argument("--output", required=True, help=_("tệp .xlsx"))

    def handle(self, *args, **opts):
        from dienhinh.reports import tt02

        if opts["kind"] != "tt02":
            raise CommandError(_("Không có loại báo cáo “%(k)s”.") % {"k": opts["kind"]})
        try:
            result = tt02.run(scope=opts["scope"], year=opts["year"], output=opts["output"])
        except tt02.ReportError as exc:
            self.stderr.write(str(exc))
            sys.exit(2)
        self.stdout.write(_("Đã lập biểu thống kê năm %(y)s của %(u)s: %(f)s") % {
            "y": result.year, "u": result.scope.name, "f": opts["output"]})
