"""Plans in force: adoption, edits, state changes and deadline generation.

    adopt(user, template, agency, number, issued_on, title, ...) -> Plan       (draft)
    update_plan(user, plan, version, **fields) -> Plan       draft or in force only
    put_in_force(user, plan, version) -> Plan                draft → in_force
    close_plan(user, plan, version) -> Plan                  in_force → closed
    generate_deadlines(plan) -> int                          idempotent; rows changed
    regenerate_deadlines(user, plan) -> int                  the same, checked and audited
    complete_deadline(user, deadline) -> PlanDeadline        a responsible unit is done
    visible_plans(user) / relevant_deadlines(user)           scoped by dienhinh.policy

`TRANSITIONS` is the one table of allowed state changes; every change checks the
`manage_plans` permission at the plan's agency, bumps the version (a second
officer who saw an older version is told) and writes the audit log, all in one
transaction. Refusals are `PlanError` with a Vietnamese / English message and
change nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dienhinh import policy, workflow
from dienhinh.audit.services import record as audit
from dienhinh.core import doc_numbers
from dienhinh.core.i18n import system_language
from dienhinh.criteria import schedule
from dienhinh.criteria.template import load_template
from dienhinh.orgs.models import Unit

from .models import PLAN_TRANSITIONS, Plan, PlanDeadline, PlanTask, PlanTemplate

# Declared beside the model: the function that performs it -> (from-states, to-state).
TRANSITIONS: workflow.Transitions = PLAN_TRANSITIONS
TRANSITION_LABELS = {"put_in_force": gettext_lazy("ban hành"), "close_plan": gettext_lazy("kết thúc kế hoạch")}
EDITABLE = {Plan.DRAFT, Plan.IN_FORCE}
# "12/KH-SLĐTBXH", "03/KH-BTNMT", "125/KH-UBND": a number, "/KH-", the issuer's
# abbreviation (capitals, Đ, digits, & and inner hyphens as in "KH-UBND-VX").
STATUS_LABEL = dict(Plan.STATUS_CHOICES)


class PlanError(workflow.WorkflowError, ValueError):
    pass


# The workflow core's (see `dienhinh.workflow`), under the name callers import.
StalePlan = workflow.StaleVersion


def normalise_number(raw: str) -> str:
    """Accepts "Số: 12/kh-slđtbxh" as typed and returns "12/KH-SLĐTBXH" (the one rule
    for typed numbers, `core.doc_numbers`); a plan always has its number."""
    try:
        number = doc_numbers.normalise(raw, doc_numbers.PLAN)
    except doc_numbers.NumberError as exc:
        raise PlanError(str(exc)) from exc
    if not number:
        raise PlanError(_("Hãy ghi số, ký hiệu của kế hoạch, ví dụ 12/KH-SLĐTBXH."))
    return number


def _require(user, plan_or_agency) -> None:
    agency = plan_or_agency.agency if isinstance(plan_or_agency, Plan) else plan_or_agency
    workflow.require(user, "manage_plans", agency)


def _snapshot(plan: Plan) -> dict:
    return {
        "number": plan.number, "issued_on": plan.issued_on, "title": plan.title,
        "status": plan.status, "template": plan.template.template_id,
        "agency": plan.agency.code, "movement": plan.movement_id, "parent": plan.parent_id,
        "parent_reference": plan.parent_reference, "period": [plan.start_year, plan.end_year],
        "distribution": plan.distribution, "version": plan.version,
        "responsible": {t.step_id: sorted(u.code for u in t.responsible_units.all())
                        for t in plan.tasks.all()},
    }


def _check_number_free(agency: Unit, number: str, exclude_pk=None) -> None:
    clash = Plan.objects.filter(agency=agency, number=number)
    if exclude_pk:
        clash = clash.exclude(pk=exclude_pk)
    if clash.exists():
        raise PlanError(
            _("Cơ quan đã có kế hoạch số %(number)s; mỗi số chỉ dùng một lần.")
            % {"number": number}
        )


def _check_parent(plan_pk, parent: Plan | None) -> None:
    if parent is not None and plan_pk is not None and parent.pk == plan_pk:
        raise PlanError(_("Kế hoạch không thể thực hiện chính nó."))


def default_responsible(agency: Unit, step: dict, template=None) -> list[Unit]:
    """Units below the agency of the kinds the step names (`responsible_unit_kinds`);
    where the step names its units (`responsible_units`, the matchers of a quota: Ngã
    Năm's Trung tâm Y tế, Phòng GD&ĐT, …), only those."""
    kinds = step.get("responsible_unit_kinds") or []
    if not kinds:
        return []
    units = list(Unit.objects.filter(path__startswith=agency.path, kind__in=kinds,
                                     valid_to__isnull=True).exclude(pk=agency.pk)
                 .select_related("subject", "parent__subject"))
    matchers = step.get("responsible_units")
    if not matchers or template is None:
        return units
    rule = {"units": matchers}
    base = agency.path.count("/")
    return [u for u in units if template.quota_units(
        rule, u.kind, u.path.count("/") - base, u.name,
        u.parent.subject.name if u.parent_id else "")]


def _set_responsible(plan: Plan, responsible: dict[str, list[Unit]]) -> None:
    for task in plan.tasks.all():
        if task.step_id not in responsible:
            continue
        units = list(responsible[task.step_id])
        outside = [u for u in units if not u.path.startswith(plan.agency.path)]
        if outside:
            raise PlanError(
                _("Đơn vị %(unit)s không thuộc %(agency)s.")
                % {"unit": outside[0].name, "agency": plan.agency.name}
            )
        task.responsible_units.set(units)


@transaction.atomic
def adopt(user, template: PlanTemplate, agency: Unit, number: str, issued_on: dt.date,
          title: str, movement=None, parent: Plan | None = None, parent_reference: str = "",
          distribution: str = "", responsible: dict[str, list[Unit]] | None = None) -> Plan:
    """A draft plan in force for `agency`, with one task per template step."""
    _require(user, agency)
    number = normalise_number(number)
    _check_number_free(agency, number)
    if not (title or "").strip():
        raise PlanError(_("Cần có trích yếu của kế hoạch."))
    t = load_template(template.text)
    plan = Plan(template=template, template_text=template.text, agency=agency, number=number,
                issued_on=issued_on, title=title.strip(), movement=movement, parent=parent,
                parent_reference=(parent_reference or "").strip(),
                start_year=t.start, end_year=t.end, distribution=(distribution or "").strip())
    try:
        with transaction.atomic():
            plan.save()
    except IntegrityError:  # a concurrent adoption took the number first
        raise PlanError(_("Cơ quan đã có kế hoạch số %(number)s.")
                        % {"number": number}) from None
    for step in t.steps:
        task = PlanTask.objects.create(plan=plan, step_id=step["id"], label=step["label"][:1000])
        task.responsible_units.set(default_responsible(agency, step, t))
    if responsible:
        _set_responsible(plan, responsible)
    audit(user, "plan.adopt", plan, None, _snapshot(plan))
    return plan


def _bump(plan: Plan, version: int, **changes) -> None:
    """Apply `changes` only if nobody changed the plan since the user saw `version`."""
    fresh = workflow.lock(plan, version)
    workflow.bump(fresh, **changes)
    plan.refresh_from_db()


@transaction.atomic
def update_plan(user, plan: Plan, version: int, *, number: str | None = None,
                issued_on: dt.date | None = None, title: str | None = None,
                movement=..., parent=..., parent_reference: str | None = None,
                distribution: str | None = None,
                responsible: dict[str, list[Unit]] | None = None) -> Plan:
    _require(user, plan)
    caller, plan = plan, Plan.objects.select_for_update().get(pk=plan.pk)
    if plan.status not in EDITABLE:
        raise PlanError(_("Kế hoạch đã kết thúc, không sửa được."))
    before = _snapshot(plan)
    changes = {}
    if number is not None:
        changes["number"] = normalise_number(number)
        _check_number_free(plan.agency, changes["number"], exclude_pk=plan.pk)
    if issued_on is not None:
        changes["issued_on"] = issued_on
    if title is not None:
        if not title.strip():
            raise PlanError(_("Cần có trích yếu của kế hoạch."))
        changes["title"] = title.strip()
    if movement is not ...:
        changes["movement"] = movement
    if parent is not ...:
        _check_parent(plan.pk, parent)
        changes["parent"] = parent
    if parent_reference is not None:
        changes["parent_reference"] = parent_reference.strip()
    if distribution is not None:
        changes["distribution"] = distribution.strip()
    _bump(plan, version, **changes)
    if responsible:
        _set_responsible(plan, responsible)
    audit(user, "plan.update", plan, before, _snapshot(plan))
    caller.refresh_from_db()
    return caller


def _notify_responsible(plan: Plan) -> None:
    """The unit officers of the units that carry the plan's tasks act next."""
    from dienhinh.orgs.models import Role, RoleAssignment

    units = Unit.objects.filter(plan_tasks__plan=plan).distinct()
    users = [a.user for a in RoleAssignment.objects.filter(
        role=Role.UNIT_OFFICER, unit__in=units).select_related("user")]
    with system_language():
        workflow.tell(users, _("Kế hoạch %(number)s đã được ban hành") % {"number": plan.number},
                      plan.title, reverse("plan_detail", args=[plan.pk]))


def _transition(user, plan: Plan, version: int, target: str, action: str) -> Plan:
    name = "put_in_force" if action == "plan.put_in_force" else "close_plan"
    workflow.transition(
        plan, name, user=user, version=version, transitions=TRANSITIONS,
        permission="manage_plans", scope=lambda p: p.agency, label=TRANSITION_LABELS[name],
        audit=action, snapshot=_snapshot,
        notify=_notify_responsible if name == "put_in_force" else None)
    plan.refresh_from_db()
    return plan


@transaction.atomic
def put_in_force(user, plan: Plan, version: int) -> Plan:
    """Draft → in force; the deadlines of every year of the period are generated."""
    plan = _transition(user, plan, version, Plan.IN_FORCE, "plan.put_in_force")
    generate_deadlines(plan)
    return plan


@transaction.atomic
def close_plan(user, plan: Plan, version: int) -> Plan:
    """In force → closed: no more edits, reminders stop."""
    return _transition(user, plan, version, Plan.CLOSED, "plan.close")


# -- deadlines --------------------------------------------------------------------------------
def planned_deadlines(plan: Plan) -> list[tuple[int, schedule.Deadline]]:
    """(year, deadline) for every year of the period, from the frozen template."""
    t = load_template(plan.template_text)
    return [(year, d) for year in range(plan.start_year, plan.end_year + 1)
            for d in schedule.deadlines(t, year)]


@transaction.atomic
def generate_deadlines(plan: Plan) -> int:
    """Make the PlanDeadline rows match the schedule; running it again changes nothing.
    Rows of dates the schedule no longer has are removed; a completion is kept."""
    tasks = {t.step_id: t for t in plan.tasks.all()}
    wanted = {}
    for year, d in planned_deadlines(plan):
        task = tasks.get(d.step)
        if task is not None:
            wanted[(task.pk, d.date)] = (task, year, d.before)
    existing = {(r.task_id, r.due): r for r in PlanDeadline.objects.filter(plan=plan)}
    changed = 0
    stale = [r.pk for key, r in existing.items() if key not in wanted]
    if stale:
        changed += PlanDeadline.objects.filter(pk__in=stale).delete()[1].get(
            PlanDeadline._meta.label, 0)
    new = []
    for key, (task, year, before) in wanted.items():
        row = existing.get(key)
        if row is None:
            new.append(PlanDeadline(plan=plan, task=task, year=year, due=key[1], before=before))
        elif row.year != year or row.before != before:
            row.year, row.before = year, before
            row.save(update_fields=["year", "before"])
            changed += 1
    PlanDeadline.objects.bulk_create(new)
    return changed + len(new)


@transaction.atomic
def regenerate_deadlines(user, plan: Plan) -> int:
    """On request of the office (e.g. after a data repair): only plans in force."""
    _require(user, plan)
    if plan.status != Plan.IN_FORCE:
        raise PlanError(_("Chỉ tạo hạn cho kế hoạch đang thực hiện."))
    changed = generate_deadlines(plan)
    audit(user, "plan.regenerate_deadlines", plan, None, {"changed": changed})
    return changed


@transaction.atomic
def complete_deadline(user, deadline: PlanDeadline, done: bool = True) -> PlanDeadline:
    """A responsible unit (or the office) marks a deadline done: no overdue reminder."""
    if not may_complete(user, deadline):
        raise PermissionDenied
    before = {"completed_at": deadline.completed_at}
    deadline.completed_at = timezone.now() if done else None
    deadline.save(update_fields=["completed_at"])
    audit(user, "plan.deadline_done" if done else "plan.deadline_reopen", deadline, before,
          {"completed_at": deadline.completed_at}, target_repr=str(deadline)[:300])
    return deadline


def may_complete(user, deadline: PlanDeadline) -> bool:
    if deadline.plan.status != Plan.IN_FORCE:
        return False
    if policy.can(user, "manage_plans", deadline.plan.agency):
        return True
    return any(policy.can(user, "edit_ledger", u) for u in deadline.task.responsible_units.all())


# -- what a user sees ------------------------------------------------------------------------
def _scope_q(user, prefix: str) -> Q:
    """Plans (or deadlines, with `prefix`) in the user's view scope: the plan's agency
    is in scope, or one of its tasks' responsible units is."""
    units = policy.units(user, "view")
    return (Q(**{f"{prefix}agency__in": units})
            | Q(**{f"{prefix}tasks__responsible_units__in": units}))


def visible_plans(user):
    if not getattr(user, "is_authenticated", False):
        return Plan.objects.none()
    return Plan.objects.filter(pk__in=Plan.objects.filter(_scope_q(user, "")).values("pk"))


def _deadline_scope(user) -> Q:
    """Deadlines that concern the user: every deadline of a plan whose agency the user
    covers; otherwise those of tasks the user's units lead. On the unit paths themselves
    (`policy.in_scope`) rather than the units' subqueries: cheaper for Django to build,
    and the home page asks on every request."""
    scope = policy.in_scope(user, "plan__agency__path")
    if scope:  # else everywhere (and `Q() | q` would be q alone)
        tasks = PlanTask.objects.filter(policy.in_scope(user, "responsible_units__path"))
        scope |= Q(task__in=tasks.values("pk"))
    return scope


def relevant_deadlines(user):
    """Deadlines of plans in force that concern the user (`_deadline_scope`)."""
    if not getattr(user, "is_authenticated", False):
        return PlanDeadline.objects.none()
    return PlanDeadline.objects.filter(_deadline_scope(user), plan__status=Plan.IN_FORCE
                                       ).select_related("plan", "task", "plan__agency__subject")


@dataclass(frozen=True)
class DeadlineRow:
    """What a list of deadlines shows of one (`relevant_deadline_rows`)."""
    due: dt.date
    before: bool
    plan_id: int
    plan_number: str
    task_label: str

    @property
    def last_day(self) -> dt.date:
        return self.due - dt.timedelta(days=1) if self.before else self.due


def relevant_deadline_rows(user, since: dt.date, until: dt.date, limit: int
                           ) -> list[DeadlineRow]:
    """The first `limit` of `relevant_deadlines(user)` not completed and due from `since`
    to `until`, by day (the home page's list), read as plain values."""
    if not getattr(user, "is_authenticated", False):
        return []
    rows = (PlanDeadline.objects
            .filter(_deadline_scope(user), plan__status=Plan.IN_FORCE, completed_at__isnull=True,
                    due__gte=since, due__lte=until)
            .order_by("due", "task_id")
            .values_list("due", "before", "plan_id", "plan__number", "task__label"))[:limit]
    return [DeadlineRow(*row) for row in rows]


# -- the plan's own words, read from its frozen template -------------------------------------
def frozen_template(plan: Plan):
    """The template the plan was adopted with (its text frozen at adoption), parsed once
    per text and process (`services.plan_template`): the calendar asks for it on every
    request, and parsing and validating a template costs more than the rest of the page."""
    from .services import plan_template

    return plan_template(plan)


def clashes(plan: Plan, years=None) -> list[schedule.Clash]:
    """Years where the plan's own dates contradict each other (a step due before the step
    it follows, e.g. Lào Cai 2022: the office reports by 25/01, units register by 05/3):
    shown to the office, never corrected silently."""
    t = frozen_template(plan)
    years = [y for y in (years or range(plan.start_year, plan.end_year + 1))
             if plan.start_year <= y <= plan.end_year]
    return schedule.clashes(t, years) if years else []
