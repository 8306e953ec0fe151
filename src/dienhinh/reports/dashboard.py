"""The dashboard of a plan for a scope and a year (issue 13, Deliver 3): the pipeline
from discovered to replicated, passes and near misses by unit and year, registrations
against the quotas by unit and quarter, fostering progress, deadlines and who is late.

Every table here is what a chart shows, so the screen prints it under the chart for
screen readers, and the XLSX export writes the same tables.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from dienhinh.core.vietnamese import format_date
from dienhinh.exemplars.models import FosteringAction, FosteringPlan, Registration
from dienhinh.orgs.models import Unit
from dienhinh.plans.models import Plan

from . import figures, services
from .periods import YEAR, Period


@dataclass
class Table:
    caption: str
    header: list[str]
    rows: list[list] = field(default_factory=list)
    link: str = ""  # the list behind the chart


@dataclass
class Dashboard:
    plan: Plan
    scope: Unit
    year: int
    pipeline: Table | None     # None on a unit's own dashboard (discovery is the office's)
    evaluation: Table | None
    quotas: Table
    fostering: Table
    reports: Table
    deadlines: Table
    late_units: list[str]
    unit_view: bool = False

    def tables(self) -> list[Table]:
        return [t for t in (self.pipeline, self.evaluation, self.quotas, self.fostering,
                            self.reports, self.deadlines) if t is not None]


def build(plan: Plan, scope: Unit, year: int, today: dt.date,
          unit_view: bool = False) -> Dashboard:
    """The agency's dashboard, or with `unit_view` a unit's own: its quotas by quarter,
    its fostering, its report (due or submitted) and its own deadlines — the plan's
    steps it is responsible for and its scoring sheets' due dates."""
    tree = figures.Tree(scope)
    period = Period(YEAR, year, year)
    reports, late = _reports(plan, scope, period, today)
    if unit_view:
        return Dashboard(plan=plan, scope=scope, year=year, pipeline=None, evaluation=None,
                         quotas=_quotas(plan, scope, year, tree),
                         fostering=_fostering(plan, scope, year, tree, today),
                         reports=reports, deadlines=_unit_deadlines(plan, scope, year, today),
                         late_units=late, unit_view=True)
    fig = figures.compute(plan, scope, period)
    pipe = Table(_("Từ phát hiện đến nhân rộng, năm %(y)s") % {"y": year},
                 [_("Bước"), _("Số lượng")], [[label, n] for label, n in figures.pipeline(fig)])
    return Dashboard(plan=plan, scope=scope, year=year, pipeline=pipe,
                     evaluation=_evaluation(plan, scope, year, tree),
                     quotas=_quotas(plan, scope, year, tree),
                     fostering=_fostering(plan, scope, year, tree, today),
                     reports=reports, deadlines=_deadlines(plan, year, today),
                     late_units=late)


def _label(tree, key: str) -> str:
    for child in tree.children:
        if f"u{child.pk}" == key:
            return child.subject.name
    return tree.scope.name


def _groups(tree) -> list[str]:
    return ["self", *[f"u{c.pk}" for c in tree.children]]


def _evaluation(plan: Plan, scope: Unit, year: int, tree) -> Table:
    """Subjects passing the plan's criteria and near misses (one criterion short), by unit
    and year, from the plan's first year to `year`."""
    years = list(range(plan.start_year, year + 1))
    counts: dict[str, dict] = defaultdict(lambda: defaultdict(int))
    for y in years:
        results = figures.evaluations(plan, scope, y)
        wanted = [r for r in results if r.quantitative == "pass" or r.near_miss]
        paths = figures.paths_of_codes([r.subject for r in wanted])
        for r in wanted:
            group = tree.group(paths.get(r.subject) or "")
            counts[group][(y, "pass" if r.quantitative == "pass" else "near")] += 1
    header = [_("Đơn vị")]
    for y in years:
        header += [_("Đạt %(y)s") % {"y": y}, _("Gần đạt %(y)s") % {"y": y}]
    rows = []
    for g in _groups(tree):
        rows.append([_label(tree, g), *[counts[g][(y, k)] for y in years
                                        for k in ("pass", "near")]])
    return Table(_("Đạt tiêu chí và gần đạt (còn thiếu một tiêu chí) theo đơn vị và năm"),
                 header, rows)


def _quotas(plan: Plan, scope: Unit, year: int, tree) -> Table:
    from dienhinh.exemplars.services import check_quotas_of

    regs = (Registration.objects.filter(plan=plan, year=year, status=Registration.REGISTERED,
                                        unit__path__startswith=scope.path)
            .values("unit__path", "quarter").annotate(n=Count("pk")).order_by())
    counts: dict[str, dict] = defaultdict(lambda: defaultdict(int))
    for row in regs:
        counts[tree.group(row["unit__path"])][row["quarter"]] += row["n"]
    rows = []
    units = {f"u{c.pk}": c for c in tree.children}
    units["self"] = scope
    quotas = check_quotas_of(plan, year, list(units.values()))
    for g in _groups(tree):
        quarters = [counts[g][q] for q in range(1, 5)]
        checks = quotas[units[g].pk]
        state = "; ".join(c.message for c in checks) if checks else _("Không có chỉ tiêu")
        rows.append([_label(tree, g), *quarters, sum(quarters), state])
    return Table(_("Đăng ký xây dựng điển hình theo đơn vị và quý, so với chỉ tiêu"),
                 [_("Đơn vị"), _("Quý 1"), _("Quý 2"), _("Quý 3"), _("Quý 4"), _("Cả năm"),
                  _("Chỉ tiêu")], rows)


def _fostering(plan: Plan, scope: Unit, year: int, tree, today: dt.date) -> Table:
    plans = FosteringPlan.objects.filter(
        registration__plan=plan, registration__year=year,
        registration__unit__path__startswith=scope.path)
    per: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0])
    for path, status in plans.values_list("registration__unit__path", "status"):
        row = per[tree.group(path)]
        row[0] += 1
        row[1] += status == FosteringPlan.CLOSED
    actions = FosteringAction.objects.filter(fostering__in=plans).values(
        "fostering__registration__unit__path").annotate(
        n=Count("pk"), done=Count("pk", filter=Q(done_on__isnull=False)),
        overdue=Count("pk", filter=Q(done_on__isnull=True, due_on__lt=today))).order_by()
    for a in actions:
        row = per[tree.group(a["fostering__registration__unit__path"])]
        row[2] += a["n"]
        row[3] += a["done"]
        row[4] += a["overdue"]
    rows = [[_label(tree, g), *per[g], f"{round(100 * per[g][3] / per[g][2])}%"
             if per[g][2] else "—"] for g in _groups(tree)]
    return Table(_("Tiến độ bồi dưỡng năm %(y)s") % {"y": year},
                 [_("Đơn vị"), _("Kế hoạch bồi dưỡng"), _("Đã kết thúc"), _("Việc cần làm"),
                  _("Đã xong"), _("Quá hạn"), _("Tỷ lệ hoàn thành")], rows)


def _reports(plan: Plan, scope: Unit, period: Period, today: dt.date):
    rows = [r for r in services.status_rows(plan, period, today)
            if r.unit.path.startswith(scope.path)]
    table = Table(_("Báo cáo %(p)s của các đơn vị") % {"p": period.label},
                  [_("Đơn vị"), _("Tình hình")], [[r.unit.subject.name, r.label] for r in rows])
    return table, [r.unit.subject.name for r in rows if r.state == "late"]


def _state(done: bool, last_day: dt.date, today: dt.date) -> str:
    if done:
        return _("Đã hoàn thành")
    if today > last_day:
        return _("Quá hạn")
    return _("Còn %(n)s ngày") % {"n": (last_day - today).days}


def _deadlines(plan: Plan, year: int, today: dt.date) -> Table:
    """The plan's steps of the year, and the due dates of the scoring rounds the plan's
    agency opened for the year (done once every unit has sent its sheet)."""
    from django.db.models import Count, Q

    from dienhinh.scoring.models import Round, ScoreSheet

    rows = [(d.last_day, d.task.label, _state(bool(d.completed_at), d.last_day, today))
            for d in plan.deadlines.filter(year=year).select_related("task")
            .order_by("due", "pk")]
    rounds = Round.objects.filter(agency=plan.agency, year=year, due_on__isnull=False) \
        .annotate(waiting=Count("sheets", filter=Q(sheets__status=ScoreSheet.DRAFT)))
    rows += [(r.due_on, _("Hạn các đơn vị nộp bản tự chấm điểm: %(r)s") % {"r": r.name},
              _state(r.waiting == 0, r.due_on, today)) for r in rounds]
    rows.sort(key=lambda r: r[0])
    return Table(_("Các hạn của kế hoạch năm %(y)s") % {"y": year},
                 [_("Hạn"), pgettext("deadline", "Nội dung"), _("Tình hình")],
                 [[format_date(day), label, state] for day, label, state in rows])


def _unit_deadlines(plan: Plan, unit: Unit, year: int, today: dt.date) -> Table:
    """The unit's own deadlines of the year: the plan's steps it (or a unit above it in
    the plan) is responsible for, and the due dates of its scoring sheets. A step is
    done for the unit when the plan marks it done; a sheet once it is sent."""
    from dienhinh.scoring.models import ScoreSheet

    # the unit and the units above it below the agency (a step given to a district is
    # its communes' too); not the agency's own steps, which are the office's work
    above = [p for p in _ancestor_paths(unit.path)
             if p.startswith(plan.agency.path) and p != plan.agency.path]
    steps = (plan.deadlines.filter(year=year, task__responsible_units__path__in=above)
             .select_related("task").distinct().order_by("due", "pk"))
    rows = [(d.last_day, d.task.label, _state(bool(d.completed_at), d.last_day, today))
            for d in steps]
    for sheet in ScoreSheet.objects.filter(unit=unit, round__year=year,
                                           round__due_on__isnull=False).select_related("round"):
        rows.append((sheet.round.due_on,
                     _("Gửi bản tự chấm điểm: %(r)s") % {"r": sheet.round.name},
                     _state(sheet.status != ScoreSheet.DRAFT, sheet.round.due_on, today)))
    rows.sort(key=lambda r: (r[0], r[1]))
    return Table(_("Các hạn của %(u)s năm %(y)s") % {"u": unit.subject.name, "y": year},
                 [_("Hạn"), pgettext("deadline", "Nội dung"), _("Tình hình")],
                 [[format_date(day), label, state] for day, label, state in rows])


def _ancestor_paths(path: str) -> list[str]:
    parts = [p for p in path.split("/") if p]
    return ["/" + "/".join(parts[:n]) + "/" for n in range(1, len(parts) + 1)]
