"""Unit reports rolled up: who must report on a plan for a period, by when (the plan's
calendar), who did and who is late; the writes of a unit's report through the workflow.

Who must report: the units responsible for the plan's review step of that period (the
step `review: yearly|midterm|final` of the frozen template, its responsible units as
the plan's tasks hold them); when the step names none, the units right under the
agency. By when: the step's deadline in the plan's calendar (`PlanDeadline`), the one
the plan's reminders already announce; `reminders.py` reminds the units that have not
submitted.

Submitting freezes the figures and the DOCX as sent: `figures` and `document` are
written once, in the same transaction as the state change, and nothing writes them
again (a regeneration reads the live records and shows the new figures beside).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from dienhinh import policy, workflow
from dienhinh.audit.services import record
from dienhinh.core.vietnamese import format_date, text_sort_key
from dienhinh.orgs.models import Role, RoleAssignment, Unit
from dienhinh.plans.models import Plan, PlanDeadline, PlanTask

from . import documents, figures
from .models import UNIT_REPORT_TRANSITIONS, UnitReport
from .periods import FINAL, MIDTERM, Period

Refused = workflow.GuardFailed
REVIEW_OF_KIND = {MIDTERM: "midterm", FINAL: "final"}  # every other period: yearly
REQUIRED_SECTIONS = ("situation", "results")


# -- who, by when -------------------------------------------------------------------------
# "Not given: look it up". A caller that needs the task (or the deadline) for several of
# the functions below reads it once and passes it on (the home page asks for all three).
LOOK_UP = object()


def _review_steps(plan: Plan, period: Period) -> list[str]:
    from dienhinh.plans.services import plan_template

    wanted = REVIEW_OF_KIND.get(period.kind, "yearly")
    return [s["id"] for s in plan_template(plan).data.get("steps", [])
            if s.get("review") == wanted]


def review_task(plan: Plan, period: Period) -> PlanTask | None:
    steps = _review_steps(plan, period)
    if not steps:
        return None
    return plan.tasks.filter(step_id__in=steps).order_by("pk").first()


def deadline_for(plan: Plan, period: Period, task=LOOK_UP) -> PlanDeadline | None:
    task = review_task(plan, period) if task is LOOK_UP else task
    if task is None:
        return None
    return task.deadlines.filter(year=period.end).order_by("due").first() or \
        task.deadlines.filter(due__year=period.end).order_by("due").first()


def at_or_above(paths: list[str]) -> list[str]:
    """The paths of the units at or above those at `paths` (each path's prefixes)."""
    found = set()
    for path in paths:
        parts = [p for p in path.split("/") if p]
        found.update("/" + "/".join(parts[:n]) + "/" for n in range(1, len(parts) + 1))
    return sorted(found)


def required_units(plan: Plan, period: Period, task=LOOK_UP,
                   above: list[str] | None = None, known=()) -> list[Unit]:
    """`above`: unit paths; only the required units at or above one of them, in the same
    order (the home page wants a unit officer's own units, not a province's hundreds
    built and sorted by name). `known`: units read already with their subjects (the
    user's), not read again when they are all the ones wanted."""
    task = review_task(plan, period) if task is LOOK_UP else task
    if above is not None:
        return _required_units_above(plan, task, at_or_above(above), known)
    units = list(task.responsible_units.exclude(pk=plan.agency_id).select_related("subject")
                 ) if task else []
    if not units:
        depth = plan.agency.path.count("/") + 1
        units = [u for u in Unit.objects.filter(path__startswith=plan.agency.path,
                                                valid_to__isnull=True)
                 .select_related("subject") if u.path.count("/") == depth]
    return sorted(units, key=lambda u: (text_sort_key(u.subject.name), u.pk))


def _required_units_above(plan: Plan, task: PlanTask | None, paths: list[str],
                          known) -> list[Unit]:
    # Whether the task names units decides the rule: the ids it names (a plain read of
    # the link table), then the wanted units alone with their subjects.
    named = set(PlanTask.responsible_units.through.objects.filter(plantask_id=task.pk)
                .exclude(unit_id=plan.agency_id).values_list("unit_id", flat=True)
                ) if task else set()
    if named:
        units = list(Unit.objects.filter(path__in=paths, pk__in=named)
                     .select_related("subject"))
    else:  # the units right under the agency: which paths, the paths alone say
        depth = plan.agency.path.count("/") + 1
        paths = [p for p in paths if p.startswith(plan.agency.path) and p.count("/") == depth]
        by_path = {u.path: u for u in known}
        units = ([by_path[p] for p in paths] if all(p in by_path for p in paths)
                 else list(Unit.objects.filter(path__in=paths).select_related("subject")))
        units = [u for u in units if u.valid_to is None]
    return sorted(units, key=lambda u: (text_sort_key(u.subject.name), u.pk))


@dataclass
class StatusRow:
    unit: Unit
    report: UnitReport | None
    state: str  # submitted | submitted_late | late | pending
    due: dt.date | None

    @property
    def label(self) -> str:
        if self.state in ("submitted", "submitted_late"):
            text = _("Đã gửi ngày %(d)s") % {"d": format_date(
                timezone.localdate(self.report.submitted_at))}
            return text + (_(" (muộn)") if self.state == "submitted_late" else "")
        if self.state == "late":
            return _("Chưa gửi — quá hạn %(d)s") % {"d": format_date(self.due)}
        if self.due:
            return _("Chưa gửi — hạn %(d)s") % {"d": format_date(self.due)}
        return _("Chưa gửi")


def status_rows(plan: Plan, period: Period, today: dt.date | None = None,
                units: list[Unit] | None = None, task=LOOK_UP,
                deadline=LOOK_UP) -> list[StatusRow]:
    today = today or timezone.localdate()
    if task is LOOK_UP and (deadline is LOOK_UP or units is None):
        task = review_task(plan, period)
    if deadline is LOOK_UP:
        deadline = deadline_for(plan, period, task)
    due = deadline.last_day if deadline else None
    units = required_units(plan, period, task) if units is None else units
    reports = {r.unit_id: r for r in UnitReport.objects.filter(
        plan=plan, start_year=period.start, end_year=period.end,
        unit__in=[u.pk for u in units])}
    rows = []
    for unit in units:
        rep = reports.get(unit.pk)
        if rep is not None and rep.status == UnitReport.SUBMITTED:
            state = "submitted_late" if rep.late else "submitted"
        elif due is not None and today > due:
            state = "late"
        else:
            state = "pending"
        rows.append(StatusRow(unit, rep, state, due))
    return rows


def rollup(plan: Plan, scope: Unit, period: Period) -> dict:
    """What the scope's report adds to the figures: its own text (its report on the plan
    and period, submitted or draft) and, for the plan's agency, who reported."""
    own = UnitReport.objects.filter(plan=plan, unit=scope, start_year=period.start,
                                    end_year=period.end).first()
    out: dict = {"sections": sections_of(own) if own else {}}
    if own is not None and own.signer_name:
        out["signer"] = signer_of(own, timezone.localdate())
    if scope.pk == plan.agency_id:
        out["submissions"] = [(r.unit.subject.name, r.label)
                              for r in status_rows(plan, period)]
    return out


def sections_of(report: UnitReport) -> dict:
    return {key: getattr(report, key) for key in documents.SECTION_KEYS}


# -- writes -------------------------------------------------------------------------------
def _audit_snapshot(r: UnitReport) -> dict:
    return {"status": r.status, "version": r.version,
            **{k: getattr(r, k)[:200] for k in documents.SECTION_KEYS}}


def start(user, plan: Plan, unit: Unit, period: Period) -> UnitReport:
    """The unit's report on the plan for the period, created as a draft if it has none."""
    workflow.require(user, "write_report", unit)
    if not unit.path.startswith(plan.agency.path):
        raise Refused(_("%(unit)s không thuộc phạm vi của kế hoạch.") % {"unit": unit.name})
    if plan.status == Plan.DRAFT:
        raise Refused(_("Kế hoạch chưa ban hành: chưa thể báo cáo."))
    found = UnitReport.objects.filter(plan=plan, unit=unit, start_year=period.start,
                                      end_year=period.end).first()
    if found is not None:
        return found
    workflow.check(UNIT_REPORT_TRANSITIONS, "create", None, model=UnitReport)
    deadline = deadline_for(plan, period)
    with transaction.atomic():
        report, created = UnitReport.objects.get_or_create(
            plan=plan, unit=unit, start_year=period.start, end_year=period.end,
            defaults={"created_by": user, "due_on": deadline.last_day if deadline else None})
        if created:
            record(user, "unitreport.create", report, None, _audit_snapshot(report))
    return report


SIGNER_KEYS = ("signer_title", "signer_name")


def signer_of(report: UnitReport, on: dt.date):
    """Who signs the report: the name the unit typed, else its leader in office on `on`;
    nobody at all is refused with what to do (never a blank signature)."""
    from dienhinh.core.documents import MissingSigner
    from dienhinh.exemplars.documents import _signer

    try:
        return _signer(report.unit, on, report.signer_title, report.signer_name)
    except MissingSigner as exc:
        raise Refused(_("%(why)s Hoặc ghi chức vụ, tên người ký ở báo cáo.")
                      % {"why": exc}) from None


def save(user, report: UnitReport, version, **sections) -> UnitReport:
    """The unit's text (and who signs), while the report is a draft."""
    unknown = set(sections) - set(documents.SECTION_KEYS) - set(SIGNER_KEYS)
    if unknown:
        raise Refused(_("Không có phần báo cáo này."))
    return workflow.transition(
        report, "edit", user=user, version=version, transitions=UNIT_REPORT_TRANSITIONS,
        permission="write_report", scope=lambda r: r.unit, label=_("sửa báo cáo"),
        changes={k: (v or "").strip() for k, v in sections.items()},
        snapshot=_audit_snapshot)


def submit(user, report: UnitReport, version, today: dt.date | None = None) -> UnitReport:
    """Send the report up: its figures and its DOCX are frozen as they are now. `today`
    is for the demonstration and the tests (a report sent on a given day)."""
    now = timezone.now()
    if today is not None:
        now = timezone.make_aware(dt.datetime.combine(today, dt.time(9)))
    today = timezone.localdate(now)

    def guard(r: UnitReport):
        missing = [label for key, label in documents.SECTIONS
                   if key in REQUIRED_SECTIONS and not getattr(r, key).strip()]
        if missing:
            raise Refused(_("Chưa viết phần: %(parts)s.") % {"parts": "; ".join(missing)})

    def changes(r: UnitReport) -> dict:
        period = r.period
        fig = figures.compute(r.plan, r.unit, period)
        content = documents.review_docx(r.plan, r.unit, fig, sections_of(r), on=today,
                                        signer=signer_of(r, today))
        name = f"bao-cao-{period.key}-{r.unit.code}.docx".lower()
        r.document.save(name, ContentFile(content), save=False)
        return {"figures": fig.as_dict(), "sha256": hashlib.sha256(content).hexdigest(),
                "submitted_at": now, "submitted_by": user,
                "late": bool(r.due_on and today > r.due_on)}

    def notify(r: UnitReport):
        office = RoleAssignment.objects.filter(
            role=Role.STANDING_OFFICE, unit=r.plan.agency).select_related("user")
        workflow.tell([a.user for a in office],
                      _("%(unit)s đã gửi báo cáo %(period)s") % {
                          "unit": r.unit.name, "period": r.period.label},
                      url=reverse("reports_status", args=[r.plan_id, r.period.key]))

    return workflow.transition(
        report, "submit", user=user, version=version, transitions=UNIT_REPORT_TRANSITIONS,
        permission="write_report", scope=lambda r: r.unit, label=_("gửi báo cáo"),
        guard=guard, changes=changes, snapshot=_audit_snapshot, notify=notify)


# -- reading --------------------------------------------------------------------------------
def visible_plans(user):
    """Plans in force or closed whose agency, or a unit under it, the user may report for
    or review."""
    paths = [u.path for u in policy.units(user, "write_report").only("path")[:500]]
    paths += [u.path for u in policy.units(user, "review_reports").only("path")[:500]]
    plans = Plan.objects.exclude(status=Plan.DRAFT).select_related("agency__subject")
    if getattr(user, "is_superuser", False):
        return plans
    return [p for p in plans.order_by("-start_year", "number")
            if any(path.startswith(p.agency.path) or p.agency.path.startswith(path)
                   for path in paths)]


def may_review(user, plan: Plan) -> bool:
    return policy.can(user, "review_reports", plan.agency)


def own_units(user, plan: Plan, period: Period) -> list[Unit]:
    """The required units the user works in (a role held at the unit or below it) and may
    write the report of; the office above them follows them on the status page."""
    grants = [a.unit.path for a in policy.assignments(user)]
    return [u for u in required_units(plan, period)
            if any(g.startswith(u.path) for g in grants)
            and policy.can(user, "write_report", u)]


def reports_due(user, today: dt.date, in_force: list[Plan] | None = None
                ) -> list[tuple[StatusRow, Plan, Period]]:
    """Yearly reports the units of a unit officer owe on plans in force: not submitted,
    due within 30 days or late (the home page's tasks). The office above a unit sees its
    units on the report's status page, not as tasks of its own. `in_force`: every plan
    in force with its agency, when the caller has read them already."""
    grants = [a.unit.path for a in policy.assignments(user) if a.role == Role.UNIT_OFFICER]
    if not grants:
        return []
    if in_force is None:
        plans = Plan.objects.filter(status=Plan.IN_FORCE).select_related("agency__subject")
    else:  # in the model's order, as the query gives them
        plans = sorted(sorted(in_force, key=lambda p: p.number),
                       key=lambda p: p.issued_on, reverse=True)
    out = []
    for plan in plans:
        if not any(g.startswith(plan.agency.path) for g in grants):
            continue
        year = min(max(today.year, plan.start_year), plan.end_year)
        period = Period("year", year, year)
        task = review_task(plan, period)
        deadline = deadline_for(plan, period, task)
        if deadline is None or (deadline.last_day - today).days > 30:
            continue
        own = required_units(plan, period, task, above=grants,
                             known=[a.unit for a in policy.assignments(user)])
        for row in status_rows(plan, period, today, units=own, task=task,
                               deadline=deadline):
            if row.state in ("pending", "late") and \
                    any(g.startswith(row.unit.path) for g in grants) and \
                    policy.can(user, "write_report", row.unit):
                out.append((row, plan, period))
    return out
