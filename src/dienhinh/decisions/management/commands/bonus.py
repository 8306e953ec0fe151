"""`dienhinh bonus CODE --issuer ISSUER --date YYYY-MM-DD [--collective]` (CONTRACT §5).

Prints one JSON object — amount (đồng, rounded up to the ten thousand), multiple, base
salary, rule (decree and article) and basis (the base salary's decree) — for finance
officers and for checks. Exit 2 with a Vietnamese message on stderr for an unknown
award or issuer, a bad date, or a date with no rule or no base salary.
"""

import datetime as dt
import json
import sys

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from dienhinh.catalogue.codes import ACHIEVEMENT_CODES, ISSUERS


class Command(BaseCommand):
    help = _("Tính tiền thưởng của một hình thức khen thưởng, danh hiệu vào một ngày.")
    requires_system_checks = ()

    def add_arguments(self, parser):
        parser.add_argument("code", help=_("mã danh hiệu, hình thức khen thưởng"))
        parser.add_argument("--issuer", default="", help=_("mã cấp khen"))
        parser.add_argument("--date", required=True, help="YYYY-MM-DD")
        parser.add_argument("--collective", action="store_true", help=_("khen tập thể"))

    def fail(self, message: str):
        self.stderr.write(message)
        sys.exit(2)

    def handle(self, *args, **opts):
        from dienhinh.decisions import rewards

        code, issuer = opts["code"], opts["issuer"]
        if code not in ACHIEVEMENT_CODES or ACHIEVEMENT_CODES[code][0] not in (
                "title", "commendation"):
            self.fail(_("Không có danh hiệu, hình thức khen thưởng “%(code)s”.") % {"code": code})
        if issuer and issuer not in ISSUERS:
            self.fail(_("Không có cấp khen “%(issuer)s”.") % {"issuer": issuer})
        try:
            on = dt.date.fromisoformat(opts["date"])
        except ValueError:
            self.fail(_("Ngày “%(date)s” không hợp lệ; viết theo dạng YYYY-MM-DD.")
                      % {"date": opts["date"]})
        bonus = rewards.bonus_for(code, issuer, on, opts["collective"])
        if not bonus.ok:
            self.fail(bonus.warning)
        self.stdout.write(json.dumps(bonus.as_json(), ensure_ascii=False))
