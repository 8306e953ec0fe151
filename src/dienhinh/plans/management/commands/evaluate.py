"""`dienhinh evaluate PLAN_ID --scope UNIT_CODE --year YEAR [--format json|csv|table]
[--subject CODE]` (CONTRACT §3).

Exit 2 with a message (in the active language, Vietnamese by default) on stderr for an unknown plan, an unknown scope, a
year outside the plan's period or a subject outside the scope. System checks are
skipped (they import every URLconf): the command must start fast.
"""

import csv
import json
import sys

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

SEP = " | "


class Command(BaseCommand):
    help = ("Đánh giá tiêu chí của kế hoạch cho mọi đối tượng trong phạm vi.")
    requires_system_checks = ()

    def add_arguments(self, parser):
        parser.add_argument("plan_id")
        parser.add_argument("--scope", required=True, help="Mã đơn vị")
        parser.add_argument("--year", required=True, type=int)
        parser.add_argument("--format", choices=["json", "csv", "table"], default="table")
        parser.add_argument("--subject", help="Chỉ một đối tượng, có căn cứ")

    def fail(self, message: str):
        self.stderr.write(message)
        sys.exit(2)

    def handle(self, *args, **opts):
        from dienhinh.plans import services

        plan_id, scope_code, year = opts["plan_id"], opts["scope"], opts["year"]
        try:
            template = services.get_template(plan_id)
        except services.UnknownPlan:
            self.fail(_("Không có kế hoạch “%(id)s”.") % {"id": plan_id})
        try:
            scope = services.find_scope(scope_code)
        except services.UnknownScope:
            self.fail(_("Không có đơn vị “%(code)s”.") % {"code": scope_code})
        try:
            services.check_year(template, year)
        except services.YearOutsidePeriod:
            self.fail(_("Năm %(year)s nằm ngoài giai đoạn %(start)s–%(end)s của kế hoạch.")
                      % {"year": year, "start": template.start, "end": template.end})
        if opts["subject"]:
            results = self.one(services, template, scope, opts["subject"], year)
        else:
            results = services.iter_scope(template, scope, year)
        header = {"plan": template.id, "scope": scope_code, "year": year}
        getattr(self, "write_" + opts["format"])(header, results)

    def one(self, services, template, scope, code, year):
        from dienhinh.orgs.models import Person, Unit

        unit = Unit.objects.filter(subject__code=code, path__startswith=scope.path).exists()
        person = Person.objects.filter(subject__code=code,
                                       unit__path__startswith=scope.path).exists()
        if not (unit or person):
            self.fail(_("Đối tượng “%(code)s” không thuộc phạm vi %(scope)s.")
                      % {"code": code, "scope": scope.code})
        result = services.explain_subject(template, code, year)
        return [result] if result is not None else []

    def write_json(self, header, results):
        out = self.stdout._out if hasattr(self.stdout, "_out") else sys.stdout
        # Streamed: a province's results are written as they come, not held twice.
        head = json.dumps(header, ensure_ascii=False)[:-1]
        out.write(head + ', "results": [')
        dumps = json.JSONEncoder(ensure_ascii=False).encode
        tails: dict = {}  # subjects with the same outcomes share their words
        first = True
        for r in results:
            tail = tails.get(r.signature) if r.signature is not None else None
            if tail is None:
                tail = (f'"quantitative": {dumps(r.quantitative)}, "met": {dumps(r.met)}, '
                        f'"unmet": {dumps(r.unmet)}, "pending": {dumps(r.pending)}}}')
                if r.signature is not None and len(tails) < 200_000:
                    tails[r.signature] = tail
            out.write(f'{"" if first else ","}\n{{"subject": {dumps(r.subject)}, '
                      f'"subject_type": {dumps(r.subject_type)}, "profile": {dumps(r.profile)}, '
                      f"{tail}")
            first = False
        out.write("]}\n")

    def write_csv(self, header, results):
        out = self.stdout._out if hasattr(self.stdout, "_out") else sys.stdout
        writer = csv.writer(out)
        writer.writerow(["plan", "scope", "year", "subject", "subject_type", "profile",
                         "quantitative", "met", "unmet", "pending"])
        for r in results:
            writer.writerow([header["plan"], header["scope"], header["year"], r.subject,
                             r.subject_type, r.profile, r.quantitative, SEP.join(r.met),
                             SEP.join(r.unmet), SEP.join(r.pending)])

    def write_table(self, header, results):
        words = {"pass": "ĐẠT", "fail": "CHƯA ĐẠT", "none": "KHÔNG CÓ TIÊU CHÍ ĐỊNH LƯỢNG"}
        kinds = {"individual": "cá nhân", "collective": "tập thể"}
        w = self.stdout.write
        w(f"Kế hoạch {header['plan']} — phạm vi {header['scope']} — năm {header['year']}")
        counts = {"pass": 0, "fail": 0, "none": 0}
        for r in results:
            counts[r.quantitative] += 1
            w("")
            w(f"{r.subject}  ({kinds[r.subject_type]}, hồ sơ {r.profile})  {words[r.quantitative]}")
            for line in r.met:
                w(f"  + {line}")
            for line in r.unmet:
                w(f"  - {line}")
            for line in r.pending:
                w(f"  ? {line}")
        w("")
        w(f"Tổng: {sum(counts.values())} đối tượng — đạt {counts['pass']}, chưa đạt "
          f"{counts['fail']}, không có tiêu chí định lượng {counts['none']}.")
