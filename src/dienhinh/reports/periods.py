"""The periods a plan is reviewed over: one year, the mid-term review (sơ kết), the final
review (tổng kết) — and which plan in force a report is about.

Periods are whole years. A mid-term review runs from the plan's first year to the year
its template dates the mid-term review step in (`review: midterm`: Lào Cai and Hà Tĩnh
date it, e.g. "sơ kết gắn với sơ kết 06 tháng đầu năm 2023" gives 2021–2023); a plan
that does not date it is reviewed at mid-term up to the middle year of its period. The
final review covers the whole period. A range of years inside the plan (`--from`) is
also a period; one that reaches outside the plan is refused.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from dienhinh import workflow
from dienhinh.criteria import schedule
from dienhinh.orgs.models import Unit
from dienhinh.plans.models import Plan, PlanTemplate


class PeriodError(workflow.GuardFailed):
    """A period, plan or scope a report cannot be made for; the message says why."""


YEAR, MIDTERM, FINAL, RANGE = "year", "midterm", "final", "range"


@dataclass(frozen=True)
class Period:
    kind: str
    start: int
    end: int

    @property
    def years(self) -> range:
        return range(self.start, self.end + 1)

    @property
    def label(self) -> str:
        """What a title says, in the reader's language: "năm 2024", "sơ kết giai đoạn
        2021–2023" (documents are written in the system's language)."""
        if self.kind == YEAR:
            return _("năm %(year)s") % {"year": self.start}
        words = {MIDTERM: _("sơ kết giai đoạn %(start)s–%(end)s"),
                 FINAL: _("tổng kết giai đoạn %(start)s–%(end)s")}
        return words.get(self.kind, _("giai đoạn %(start)s–%(end)s")) % {
            "start": self.start, "end": self.end}

    @property
    def key(self) -> str:
        """A short, stable name for URLs and forms: "2024", "2021-2023"."""
        return str(self.start) if self.start == self.end else f"{self.start}-{self.end}"


def midterm_year(plan: Plan) -> int:
    """The last year of the mid-term review: the year the template dates the step in."""
    from dienhinh.plans.services import plan_template

    template = plan_template(plan)
    for step in template.data.get("steps", []):
        if step.get("review") != "midterm":
            continue
        for year in range(plan.start_year, plan.end_year + 1):
            if schedule.step_deadlines(step, year):
                return year
    return (plan.start_year + plan.end_year) // 2


def period_for(plan: Plan, year: int, from_year: int | None = None) -> Period:
    """The period of a report on `plan` for `year`, or `from_year`..`year`."""
    start = year if from_year is None else from_year
    if start > year:
        raise PeriodError(_("Năm bắt đầu %(start)s sau năm kết thúc %(end)s.")
                          % {"start": start, "end": year})
    if start < plan.start_year or year > plan.end_year:
        raise PeriodError(
            _("Kỳ báo cáo %(start)s–%(end)s nằm ngoài thời gian của kế hoạch "
              "(%(pstart)s–%(pend)s).")
            % {"start": start, "end": year, "pstart": plan.start_year, "pend": plan.end_year})
    if start == year:
        return Period(YEAR, year, year)
    if start == plan.start_year and year == plan.end_year:
        return Period(FINAL, start, year)
    if start == plan.start_year and year == midterm_year(plan):
        return Period(MIDTERM, start, year)
    return Period(RANGE, start, year)


def parse_key(plan: Plan, key: str) -> Period:
    """The period named by `Period.key` ("2024", "2021-2023"); refused when malformed or
    outside the plan."""
    parts = (key or "").split("-")
    if not 1 <= len(parts) <= 2 or not all(p.isascii() and p.isdigit() and len(p) == 4
                                          for p in parts):
        raise PeriodError(_("Kỳ báo cáo “%(key)s” không hợp lệ.") % {"key": (key or "")[:20]})
    years = [int(p) for p in parts]
    return period_for(plan, years[-1], years[0] if len(years) == 2 else None)


def choices(plan: Plan) -> list[Period]:
    """Every period a report can be made for: each year, the mid-term, the final."""
    out = [Period(YEAR, y, y) for y in range(plan.start_year, plan.end_year + 1)]
    mid = midterm_year(plan)
    if plan.start_year < mid < plan.end_year:
        out.append(Period(MIDTERM, plan.start_year, mid))
    if plan.start_year < plan.end_year:
        out.append(Period(FINAL, plan.start_year, plan.end_year))
    return out


def resolve_plan(plan_id: str, scope: Unit) -> Plan:
    """The plan in force a report on `scope` is about: `plan_id` is the number of a plan
    in force (its id) or a plan template id (CONTRACT §4), then the plan adopted from it
    by the scope or the nearest agency above it."""
    text = (plan_id or "").strip()
    adopted = Plan.objects.exclude(status=Plan.DRAFT).select_related("agency__subject")
    if text.isascii() and text.isdigit():
        plan = adopted.filter(pk=int(text)).first()
        if plan is None:
            raise PeriodError(_("Không có kế hoạch đang thực hiện số %(id)s.") % {"id": text})
        return plan
    if not PlanTemplate.objects.filter(template_id=text).exists():
        raise PeriodError(_("Không có kế hoạch “%(id)s”.") % {"id": text[:100]})
    plans = {p.agency.path: p for p in adopted.filter(template__template_id=text)}
    best = max((path for path in plans if scope.path.startswith(path)), key=len, default=None)
    if best is None:
        raise PeriodError(
            _("%(unit)s và các cơ quan cấp trên của đơn vị chưa ban hành kế hoạch thực hiện "
              "theo mẫu “%(id)s”.") % {"unit": scope.name, "id": text[:100]})
    return plans[best]
