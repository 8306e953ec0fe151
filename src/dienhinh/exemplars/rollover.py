"""Roll a plan over to the next period (chuyển kế hoạch sang giai đoạn mới).

    next_period(start, end) -> (start, end)          2021–2025 → 2026–2030
    roll_template(user, template, start, end) -> PlanTemplate
    roll_over(user, plan, number, issued_on, start=None, end=None) -> Plan
    template_changes(old_text, new_text) -> list[dict]   for the editor's "what changed"

A plan of 2021–2025 does not stop the work: the agency issues the next period's plan
with the same criteria. Rolling over copies the template with the new period (new id,
dates of the schedule moved by the same number of years, the period named in the
texts renamed), adopts it for the agency *as it stands today* (the successor found
through the organisation history: a Sở merged in 2025 rolls over into the merged
Sở), and carries over the exemplars still being fostered: each open fostering plan
becomes a registration of the new plan's first year, with the same goal, leader and
gaps, and the old one is closed as carried over. One transaction, checked by
`dienhinh.policy` (`manage_plans` at the successor), one audit entry.
"""

from __future__ import annotations

import datetime as dt
import re

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from dienhinh import policy
from dienhinh.audit.services import record as audit
from dienhinh.criteria.template import load_template, parse_text
from dienhinh.orgs.history import current_successor
from dienhinh.orgs.models import Person, Unit
from dienhinh.plans import services
from dienhinh.plans.editor_views import dump
from dienhinh.plans.models import Plan, PlanTemplate
from dienhinh.plans.plan_services import PlanError, adopt, put_in_force
from dienhinh.plans.template_diff import template_changes  # noqa: F401 — read here too

# The national five-year periods of emulation work (2021–2025, 2026–2030, …): a plan
# that started late in one (Lào Cai's 2022–2025) rolls into the next whole period.
PERIOD_LENGTH = 5
# "2021–2025" (a range) or a lone year, also at the end of a date "25/3/2021"
YEARS_RE = re.compile(r"\b(\d{4})\s*([–-])\s*(\d{4})\b|(?<![\d.])(\d{4})(?![\d/])")
DATE_RE = re.compile(r"^(\d{4})(-\d{2}-\d{2})$")
YEAR_KEYS = {"year", "in_year"}


def next_period(start: int, end: int) -> tuple[int, int]:
    return end + 1, end + PERIOD_LENGTH


def next_template_id(template_id: str, start: int, end: int, new: tuple[int, int]) -> str:
    tail = f"{start}-{end}"
    base = template_id[: -len(tail)] if template_id.endswith(tail) else f"{template_id}-"
    return f"{base}{new[0]}-{new[1]}"


class _Shift:
    """Moves the years of a template's texts and schedule into the new period."""

    def __init__(self, old: tuple[int, int], new: tuple[int, int]):
        self.old, self.new = old, new
        self.offset = new[0] - old[0]

    def year(self, y: int) -> int:
        if not self.old[0] - 1 <= y <= self.old[1]:
            return y  # a year outside the period (a law's date) is not the plan's
        if y == self.old[1]:
            return self.new[1]  # "the last year of the period" stays the last year
        return min(y + self.offset, self.new[1])

    def text(self, s: str) -> str:
        date = DATE_RE.match(s)
        if date:  # a schedule date: "2021-03-25"
            return f"{self.year(int(date.group(1)))}{date.group(2)}"

        def one(m):
            if m.group(1):  # a range: the old period becomes the new one
                a, b = int(m.group(1)), int(m.group(3))
                if b == self.old[1] and a <= self.old[0]:
                    return f"{self.new[0]}{m.group(2)}{self.new[1]}"
                return f"{self.year(a)}{m.group(2)}{self.year(b)}"
            return str(self.year(int(m.group(4))))

        return YEARS_RE.sub(one, s)

    def walk(self, node, key=None):
        if isinstance(node, dict):
            return {k: self.walk(v, k) for k, v in node.items()}
        if isinstance(node, list):
            return [self.walk(v, key) for v in node]
        if isinstance(node, bool):
            return node
        if isinstance(node, int) and key in YEAR_KEYS:
            return self.year(node)
        if isinstance(node, int) and key == "window":
            return self.year(node)
        if isinstance(node, str):
            return self.text(node)
        return node


def rolled_text(text: str, start: int, end: int, agency_name: str = "") -> str:
    """The template's document moved to the period `start`–`end` (and to the agency
    that issues it now, when it changed in a reorganisation)."""
    doc = parse_text(text)
    old = (doc["period"]["start"], doc["period"]["end"])
    shift = _Shift(old, (start, end))
    kept = {"id", "period", "source", "parent_plan"}
    new = {k: (v if k in kept else shift.walk(v, k)) for k, v in doc.items()}
    new["id"] = next_template_id(doc["id"], *old, (start, end))
    new["period"] = {"start": start, "end": end}
    # The higher level's plan of the old period is no basis for the new one.
    new.pop("parent_plan", None)
    if agency_name:
        new["agency"] = agency_name
    return dump(new)


def roll_template(user, template: PlanTemplate, start: int, end: int,
                  agency_name: str = "", owner: Unit | None = None) -> PlanTemplate:
    """The template of the next period (made once; an existing one is reused), owned
    by `owner`, the agency that issues the plan."""
    from dienhinh.discovery.models import TemplateCopy

    text = rolled_text(template.text, start, end, agency_name)
    new_id = load_template(text).id
    row = PlanTemplate.objects.filter(template_id=new_id).first()
    if row is not None:
        return row
    row = services.save_template(text)
    row.owner = owner
    row.save(update_fields=["owner"])
    TemplateCopy.objects.create(template_id=row.template_id, copied_from=template.template_id,
                                by=user)
    audit(user, "plan_template.roll_over", row, before={"from": template.template_id},
          after={"id": row.template_id, "period": [start, end]})
    return row


def successor_agency(plan: Plan) -> Unit:
    agency = current_successor(plan.agency)
    if agency is None:
        raise PlanError(_("%(agency)s đã giải thể và không có đơn vị kế thừa: không chuyển được "
                          "kế hoạch sang giai đoạn mới.") % {"agency": plan.agency.name})
    return agency


def _carry_over(user, old: Plan, new: Plan, issued_on: dt.date) -> list:
    """Each open fostering plan of `old` → a registration and fostering plan of `new`."""
    from .models import FosteringPlan, Registration

    carried = []
    open_ones = (FosteringPlan.objects.filter(registration__plan=old,
                                              status=FosteringPlan.OPEN,
                                              registration__status=Registration.REGISTERED)
                 .select_related("registration__unit", "registration__subject", "leader")
                 .order_by("registration__subject__code", "pk"))
    seen = set()
    for fp in open_ones:
        reg = fp.registration
        if reg.subject_id in seen:
            continue
        seen.add(reg.subject_id)
        unit = current_successor(reg.unit)
        if unit is None or not unit.path.startswith(new.agency.path):
            unit = new.agency
        new_reg = Registration.objects.create(
            plan=new, year=new.start_year, unit=unit, subject=reg.subject,
            source=reg.source, registered_on=issued_on, quarter=1,
            note=f"Chuyển tiếp từ kế hoạch số {old.number}"[:500], by=user)
        leader = fp.leader
        if leader is not None and not Person.objects.filter(
                pk=leader.pk, unit__valid_to__isnull=True).exists():
            leader = None  # the leader's unit is gone: the new unit names one
        FosteringPlan.objects.create(registration=new_reg, leader=leader, goal=fp.goal,
                                     gaps=fp.gaps, gaps_on=fp.gaps_on)
        FosteringPlan.objects.filter(pk=fp.pk).update(status=FosteringPlan.CLOSED,
                                                     version=fp.version + 1)
        carried.append(new_reg)
    return carried


@transaction.atomic
def roll_over(user, plan: Plan, number: str, issued_on: dt.date, start: int | None = None,
              end: int | None = None, in_force: bool = True) -> tuple[Plan, list]:
    """The next period's plan for the agency as it stands today; returns the plan and
    the registrations carried over."""
    if plan.status == Plan.DRAFT:
        raise PlanError(_("Kế hoạch dự thảo chưa thực hiện: không có gì để chuyển sang giai "
                          "đoạn mới."))
    agency = successor_agency(plan)
    if not policy.can(user, "manage_plans", agency):
        raise PermissionDenied
    if start is None or end is None:
        start, end = next_period(plan.start_year, plan.end_year)
    if start <= plan.end_year or end < start:
        raise PlanError(_("Giai đoạn mới phải bắt đầu sau năm %(year)s.") % {"year": plan.end_year})
    if Plan.objects.filter(agency=agency, start_year=start,
                           template__template_id__startswith=next_template_id(
                               plan.template.template_id, plan.template.start_year,
                               plan.template.end_year, (start, end))).exists():
        raise PlanError(_("%(agency)s đã có kế hoạch giai đoạn %(start)s–%(end)s từ mẫu này.")
                        % {"agency": agency.name, "start": start, "end": end})
    template = roll_template(user, plan.template, start, end, agency.name, owner=agency)
    title = _Shift((plan.start_year, plan.end_year), (start, end)).text(plan.title)
    new = adopt(user, template, agency, number, issued_on, title,
                movement=plan.movement, distribution=plan.distribution,
                parent_reference=f"Tiếp nối Kế hoạch số {plan.number} giai đoạn "
                                 f"{plan.start_year}–{plan.end_year}")
    if in_force:
        new = put_in_force(user, new, new.version)
    carried = _carry_over(user, plan, new, issued_on)
    audit(user, "plan.roll_over", new, {"from": plan.pk, "number": plan.number,
                                        "agency": plan.agency.code},
          {"to": new.pk, "number": new.number, "agency": agency.code,
           "period": [start, end], "carried_over": [r.subject.code for r in carried]})
    return new, carried
