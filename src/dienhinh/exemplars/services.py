"""The rules of registration, fostering, nomination and public comment.

One function per state transition. Each one checks the policy, checks the table of
allowed transitions (`TRANSITIONS`), locks the row and checks the version the caller
read, writes the audit entry and queues notifications — all in one transaction, so a
refused change changes nothing. Views and API endpoints only call these functions.

Quotas and deadlines are read from the plan's frozen template text (`quotas`,
`steps`): no plan-specific code here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError  # noqa: F401 (re-exported)
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dienhinh import policy, workflow
from dienhinh.audit.services import record as audit
from dienhinh.core import doc_numbers, uploads
from dienhinh.core.i18n import system_language
from dienhinh.criteria import schedule
from dienhinh.criteria.template import Template
from dienhinh.orgs import history
from dienhinh.orgs.models import Person, Role, RoleAssignment, Subject, Succession, Unit
from dienhinh.plans import preference
from dienhinh.plans import services as evaluation_adapter
from dienhinh.plans.models import Plan

from .models import (
    COMPILED_LIST_TRANSITIONS,
    FOSTERING_PLAN_TRANSITIONS,
    FOSTERING_REPORT_TRANSITIONS,
    NOMINATION_TRANSITIONS,
    REGISTRATION_TRANSITIONS,
    CommentPeriod,
    CompiledList,
    DossierFile,
    FosteringAction,
    FosteringPlan,
    FosteringReport,
    Nomination,
    ProgressNote,
    PublicComment,
    Registration,
)

# object kind -> transition -> (states it may start from, state it ends in).
# None as a start state means "the object does not exist yet".
# Each model's transitions are declared beside it in models.py.
TRANSITIONS: dict[str, workflow.Transitions] = {
    "registration": REGISTRATION_TRANSITIONS,
    "compiled_list": COMPILED_LIST_TRANSITIONS,
    "fostering": FOSTERING_PLAN_TRANSITIONS,
    "fostering_report": FOSTERING_REPORT_TRANSITIONS,
    "nomination": NOMINATION_TRANSITIONS,
}
# States in which the content (not the status) of an object may still change.
EDITABLE = {
    "compiled_list": {CompiledList.DRAFT},
    "fostering": {FosteringPlan.OPEN},
    "nomination": {Nomination.DRAFT, Nomination.RETURNED},
}
TRANSITION_LABELS = {
    "register": gettext_lazy("đăng ký"), "withdraw": gettext_lazy("rút đăng ký"), "compile": gettext_lazy("tổng hợp danh sách"),
    "send": gettext_lazy("gửi"), "create": gettext_lazy("lập"), "close": gettext_lazy("kết thúc"), "submit": gettext_lazy("gửi thẩm định"),
    "return": gettext_lazy("trả lại"), "accept": gettext_lazy("chấp nhận"), "reject": gettext_lazy("không chấp nhận"),
}
# The standing office's appraisal checklist (thẩm định hồ sơ).
CHECKLIST = [
    ("complete", gettext_lazy("Hồ sơ đầy đủ (báo cáo thành tích, biên bản họp, tài liệu kèm theo)")),
    ("criteria_met", gettext_lazy("Đạt các tiêu chí theo sổ thành tích")),
    ("pending_attested", gettext_lazy("Các tiêu chí cần xác nhận đã được xác nhận")),
    ("no_discipline", gettext_lazy("Không bị kỷ luật trong thời gian xét")),
]
DOSSIER_TYPES = {"pdf", "docx", "xlsx", "jpg", "png"}
REPORT_TYPES = {"pdf", "docx"}
DOSSIER_MAX_BYTES = 20 * 1024 * 1024
EVIDENCE_TYPES = {"pdf", "docx", "xlsx", "jpg", "png"}


# One exception family for every workflow (see `dienhinh.workflow`); the names stay
# here for the callers that import them from this module.
WorkflowError = workflow.WorkflowError
ForbiddenTransition = workflow.ForbiddenTransition
StaleVersion = workflow.StaleVersion


class DuplicateRegistration(WorkflowError):
    pass


class QuotaExceeded(WorkflowError):
    pass


# -- time, templates, people to notify -------------------------------------------------
def today() -> dt.date:
    """Today's date; `EXEMPLARS_TODAY` (ISO date) fixes it for demonstrations and tests."""
    fixed = getattr(settings, "EXEMPLARS_TODAY", None)
    return dt.date.fromisoformat(fixed) if fixed else timezone.localdate()


# The frozen rules of a plan come from the one evaluation adapter (kept here by name for
# the callers of this module).
plan_template = evaluation_adapter.plan_template


def _ancestor_ids(unit: Unit) -> list[int]:
    return [int(x) for x in unit.path.strip("/").split("/") if x]


def role_users(role: str, unit: Unit):
    """Users holding `role` at `unit` or at a unit above it (they cover it)."""
    from django.contrib.auth import get_user_model

    ids = RoleAssignment.objects.filter(role=role, unit_id__in=_ancestor_ids(unit)).values("user")
    return list(get_user_model().objects.filter(pk__in=ids, is_active=True))


def _notify(users, subject: str, body: str = "", url: str = "") -> None:
    try:
        from dienhinh.notifications.services import notify
    except ImportError:  # the notifications app is optional for this one
        return
    notify(users, subject, body, url)


def _require(user, action: str, unit: Unit) -> None:
    if not policy.can(user, action, unit):
        raise workflow.NotAllowed(_("Bạn không có quyền thực hiện thao tác này với đơn vị "
                                    "%(unit)s.") % {"unit": unit.name})


MODELS = {
    "registration": Registration, "compiled_list": CompiledList, "fostering": FosteringPlan,
    "fostering_report": FosteringReport, "nomination": Nomination,
}


def _check_transition(kind: str, name: str, status) -> str:
    return workflow.check(TRANSITIONS[kind], name, status, label=TRANSITION_LABELS[name],
                          model=MODELS[kind])


def _check_editable(kind: str, obj) -> None:
    if obj.status not in EDITABLE[kind]:
        raise ForbiddenTransition(
            _("Không thể sửa: %(what)s ở trạng thái “%(status)s” không còn được chỉnh sửa.")
            % {"what": obj._meta.verbose_name, "status": obj.get_status_display(), "kind": kind}
        )


def _lock(obj, version):
    """The row, locked, after checking that nobody changed it since `version` was read."""
    return workflow.lock(obj, version)


def _save(obj, **changes):
    return workflow.bump(obj, **changes)


def _check_plan(plan: Plan, year: int) -> Template:
    t = plan_template(plan)
    if plan.status != Plan.IN_FORCE:
        raise WorkflowError(_("Kế hoạch %(plan)s chưa ban hành hoặc đã kết thúc.") % {"plan": plan.number})
    if not (plan.start_year <= year <= plan.end_year and t.start <= year <= t.end):
        raise WorkflowError(_("Năm %(year)s nằm ngoài thời gian thực hiện kế hoạch "
                              "(%(start)s–%(end)s).")
                            % {"year": year, "start": plan.start_year, "end": plan.end_year})
    return t


def _check_subject_in(subject: Subject, unit: Unit) -> None:
    detail = subject.detail
    path = detail.path if isinstance(detail, Unit) else detail.unit.path
    if not path.startswith(unit.path):
        raise WorkflowError(_("%(name)s không thuộc đơn vị %(unit)s.") % {"name": subject.name, "unit": unit.name})


def _check_unit_in_plan(unit: Unit, plan: Plan) -> None:
    if not unit.path.startswith(plan.agency.path):
        raise WorkflowError(_("Đơn vị %(unit)s không thuộc phạm vi kế hoạch của %(agency)s.")
                            % {"unit": unit.name, "agency": plan.agency.name})


# -- deadlines and quotas --------------------------------------------------------------
def registration_step(t: Template) -> dict | None:
    """The step registrations answer: the `registration` step, else the step unit quotas
    count (Ngã Năm's quarterly introductions)."""
    for step in t.steps:
        if step["kind"] == "registration":
            return step
    quota_steps = {q.get("step") for q in t.quotas if q["per"] == "unit"}
    return next((s for s in t.steps if s["id"] in quota_steps), None)


def quarter_of(on: dt.date, year: int) -> int:
    if on.year < year:
        return 1
    if on.year > year:
        return 4
    return (on.month - 1) // 3 + 1


def registration_deadline(t: Template, year: int, quarter: int = 1):
    step = registration_step(t)
    found = schedule.step_deadlines(step, year) if step else []
    if not found:
        return None
    return found[quarter - 1] if len(found) == 4 else found[0]


def is_late(deadline, on: dt.date) -> bool:
    if deadline is None:
        return False
    return on >= deadline.date if deadline.before else on > deadline.date


@dataclass(frozen=True)
class QuotaCheck:
    quota: str
    label: str
    section: str
    period: str  # "2024", "Quý 2/2024", "2021–2025"
    count: int
    ok: bool
    message: str


def _agency_line(agency: Unit) -> set[int]:
    """The plan's agency and the units it continues (merged or renamed into it)."""
    ids, frontier = {agency.pk}, [agency.pk]
    while frontier:
        frontier = [pk for pk in Succession.objects.filter(successor_id__in=frontier)
                    .values_list("predecessor_id", flat=True) if pk not in ids]
        ids.update(frontier)
    return ids


def _unit_quotas(t: Template, unit: Unit, plan: Plan, year: int,
                 known: dict | None = None, line: set[int] | None = None) -> list[dict]:
    """The unit quotas that bind this unit in `year` (`Template.quota_units`): its kind,
    name, parent's name and depth below the plan's agency as the tree stood that year
    (the 2025 reform moved units under new agencies; a 2023 quota follows 2023's tree)."""
    quotas = [q for q in t.quotas if q["per"] == "unit"]
    if not quotas:
        return []
    on = dt.date(year, 12, 31)
    if unit.valid_to is not None and unit.valid_to.year == year:
        on = unit.valid_to
    line = _agency_line(plan.agency) if line is None else line
    # The unit and the units above it today (its path's ids), read in one go: the walk
    # below asks for the unit, its parent and so on up to the plan's agency. A parent of
    # that year outside today's line is read on its own.
    ids = _path_ids(unit) | {unit.pk}
    if known is None or not ids <= known.keys():
        known = history.versions_by_unit(ids)
    state = history.unit_as_of(unit, on, known)
    parent_name = history.unit_as_of(state.parent, on, known).name if state.parent else ""
    depth, node, seen = 1, state.parent, {unit.pk}
    while node is not None and node.pk not in line and node.pk not in seen:
        seen.add(node.pk)
        node, depth = history.unit_as_of(node, on, known).parent, depth + 1
    if node is None or node.pk not in line:
        return []
    return [q for q in quotas if t.quota_units(q, state.kind, depth, state.name, parent_name)]


def _path_ids(unit: Unit) -> set[int]:
    return {int(pk) for pk in unit.path.strip("/").split("/") if pk.isdigit()}


def _groups(q: dict, entries: list[Registration], year: int, t: Template):
    every = q["every"]
    if every == "quarter":
        for n in range(1, 5):
            yield (_("Quý %(q)s/%(y)s") % {"q": n, "y": year},
                   [e for e in entries if e.year == year and e.quarter == n])
    elif every == "period":
        yield f"{t.start}–{t.end}", entries
    else:
        yield str(year), [e for e in entries if e.year == year]


TYPE_LABELS = {"individual": gettext_lazy("cá nhân"), "collective": gettext_lazy("tập thể")}


def _judge(q: dict, period: str, group: list[Registration]) -> QuotaCheck:
    count = len(group)
    problems = []
    if q.get("min") is not None and count < q["min"]:
        problems.append(_("còn thiếu %(n)s (đã có %(count)s, cần ít nhất %(min)s)")
                        % {"n": q["min"] - count, "count": count, "min": q["min"]})
    if q.get("max") is not None and count > q["max"]:
        problems.append(_("vượt %(n)s (đã có %(count)s, tối đa %(max)s)")
                        % {"n": count - q["max"], "count": count, "max": q["max"]})
    present = {e.subject.type for e in group}
    for kind in q.get("subject_types", []):
        if kind not in present:
            problems.append(_("chưa có %(type)s nào") % {"type": TYPE_LABELS[kind]})
    if problems:
        message = _("%(period)s: %(problems)s — %(label)s") % {
            "period": period, "problems": "; ".join(problems), "label": q["label"]}
    else:
        message = _("%(period)s: đạt (%(count)s) — %(label)s") % {
            "period": period, "count": count, "label": q["label"]}
    return QuotaCheck(q["id"], q["label"], q["section"], period, count, not problems, message)


def _active_entries(plan: Plan, unit: Unit | None = None):
    qs = Registration.objects.filter(plan=plan, status=Registration.REGISTERED)
    if unit is not None:
        qs = qs.filter(unit=unit)
    return list(qs.select_related("subject"))


def unit_registrations(plan: Plan, unit: Unit) -> list[Registration]:
    """The unit's registrations in force on the plan, every year, with their subjects:
    what `check_quotas` judges (a caller that also counts them reads them once)."""
    return _active_entries(plan, unit)


def check_quotas(plan: Plan, year: int, unit: Unit,
                 entries: list[Registration] | None = None,
                 known: dict | None = None, line: set[int] | None = None) -> list[QuotaCheck]:
    """The unit's quotas of the plan for the year, as clear messages (min, max, types).
    `entries`: the unit's `unit_registrations`, when the caller has them already;
    `known`: `history.versions_by_unit` of the unit and the units above it; `line`:
    the plan agency's `_agency_line`."""
    t = plan_template(plan)
    entries = _active_entries(plan, unit) if entries is None else entries
    return [_judge(q, period, group) for q in _unit_quotas(t, unit, plan, year, known, line)
            for period, group in _groups(q, entries, year, t)]


def check_quotas_of(plan: Plan, year: int, units: list[Unit]) -> dict[int, list[QuotaCheck]]:
    """`check_quotas` of several units by unit pk, their registrations and the tree's
    versions read once for all (a page listing the units asked unit by unit)."""
    entries: dict[int, list[Registration]] = {unit.pk: [] for unit in units}
    for reg in Registration.objects.filter(plan=plan, status=Registration.REGISTERED,
                                           unit__in=list(entries)).select_related("subject"):
        entries[reg.unit_id].append(reg)
    known = history.versions_by_unit(set().union(*(_path_ids(u) | {u.pk} for u in units)))
    line = _agency_line(plan.agency)
    return {unit.pk: check_quotas(plan, year, unit, entries[unit.pk], known, line)
            for unit in units}


def check_list_quotas(clist: CompiledList) -> list[QuotaCheck]:
    """The plan-wide quotas (e.g. 4 to 5 sent to the province) against the compiled list."""
    t = plan_template(clist.plan)
    entries = list(clist.entries.filter(status=Registration.REGISTERED).select_related("subject"))
    return [_judge(q, str(clist.year) if q["every"] == "year" else f"{t.start}–{t.end}", entries)
            for q in t.quotas if q["per"] == "plan"]


def _check_max(t: Template, plan: Plan, year: int, unit: Unit, quarter: int,
               subject: Subject) -> None:
    entries = _active_entries(plan, unit)
    probe = Registration(plan=plan, year=year, unit=unit, subject=subject, quarter=quarter)
    for q in _unit_quotas(t, unit, plan, year):
        if q.get("max") is None:
            continue
        for period, group in _groups(q, entries + [probe], year, t):
            if probe in group and len(group) > q["max"]:
                raise QuotaExceeded(
                    _("Không thể đăng ký thêm: %(period)s đã đủ %(max)s theo quy định “%(label)s” "
                      "(%(section)s).")
                    % {"period": period, "max": q["max"], "label": q["label"],
                       "section": q["section"]})


@dataclass(frozen=True)
class Candidate:
    code: str
    name: str
    type: str
    quantitative: str
    near_miss: bool
    unmet: list


def discovery_basis(plan: Plan, year: int):
    """(template, year evaluated, look-back?) for the discovery list of a registration
    year. In the period's first year the ledger holds nothing of the period yet (titles
    and ratings come at the year's end), so the list looks back over the years before
    it, as many as the plan is long; (None, year, False) outside the period."""
    t = plan_template(plan)
    if not t.start <= year <= t.end:
        return None, year, False
    if year == t.start:
        return evaluation_adapter.lookback(t, year - 1), year - 1, True
    return t, year, False


def discovery_candidates(plan: Plan, year: int, unit: Unit) -> list[Candidate]:
    """Subjects of the unit the criteria engine finds passing or missing by one, not yet
    registered for the year: the discovery list the officer registers from."""
    t, at, _lookback = discovery_basis(plan, year)
    if t is None:
        return []
    with evaluation_adapter.reader_language():  # shown at once, not stored
        results = [r for r in evaluation_adapter.evaluate_scope(t, unit, at)
                   if r.quantitative == "pass" or r.near_miss]
    taken = set(Registration.objects.filter(plan=plan, year=year, status=Registration.REGISTERED)
                .values_list("subject__code", flat=True))
    names = dict(Subject.objects.filter(code__in=[r.subject for r in results])
                 .values_list("code", "name"))
    found = [Candidate(r.subject, names.get(r.subject, r.subject), r.subject_type,
                       r.quantitative, r.near_miss, list(r.unmet))
             for r in results if r.subject not in taken]
    prefer = preference.ranks(t, [(r.subject, r.profile) for r in results], year)
    return sorted(found, key=lambda c: (c.quantitative != "pass", c.type,
                                        prefer.get(c.code, 0), c.name))


# -- registration ----------------------------------------------------------------------
def register(actor, plan: Plan, year: int, unit: Unit, subject: Subject,
             source: str = Registration.MANUAL, note: str = "", on: dt.date | None = None):
    """A unit registers a subject; returns (registration, the unit's quota checks)."""
    _require(actor, "register", unit)
    on = on or today()
    with transaction.atomic():
        _check_transition("registration", "register", None)
        t = _check_plan(plan, year)
        if on.year > plan.end_year:
            raise WorkflowError(_("Kế hoạch đã hết thời gian thực hiện (%(end)s): không nhận đăng "
                                  "ký mới.") % {"end": plan.end_year})
        _check_unit_in_plan(unit, plan)
        _check_subject_in(subject, unit)
        existing = (Registration.objects.filter(plan=plan, year=year, subject=subject,
                                                status=Registration.REGISTERED)
                    .select_related("unit__subject").first())
        if existing is not None:
            raise DuplicateRegistration(
                _("%(name)s đã được %(unit)s đăng ký cho năm %(year)s.")
                % {"name": subject.name, "unit": existing.unit.name, "year": year})
        quarter = quarter_of(on, year)
        _check_max(t, plan, year, unit, quarter, subject)
        late = is_late(registration_deadline(t, year, quarter), on)
        try:
            with transaction.atomic():
                reg = Registration.objects.create(
                    plan=plan, year=year, unit=unit, subject=subject, source=source,
                    registered_on=on, quarter=quarter, late=late, note=note, by=actor)
        except IntegrityError as exc:  # a colleague registered the same subject just now
            raise DuplicateRegistration(
                _("%(name)s vừa được đăng ký cho năm %(year)s.")
                % {"name": subject.name, "year": year}) from exc
        audit(actor, "exemplars.registration.register", reg, None,
              {"plan": plan.number, "year": year, "unit": unit.code, "subject": subject.code,
               "late": late, "source": source})
        with system_language():
            _notify(role_users(Role.STANDING_OFFICE, plan.agency),
                    _("Đăng ký xây dựng điển hình: %(name)s") % {"name": subject.name},
                    _("%(unit)s đăng ký %(name)s (%(plan)s, năm %(year)s)%(late)s.")
                    % {"unit": unit.name, "name": subject.name, "plan": plan.number, "year": year,
                       "late": _(" — đăng ký muộn") if late else ""},
                    reverse("exemplars_registrations", args=[plan.pk, year]))
    return reg, check_quotas(plan, year, unit)


def _check_not_sent(reg: Registration) -> None:
    if reg.compiled_list_id and reg.compiled_list.status == CompiledList.SENT:
        raise ForbiddenTransition(_("Danh sách tổng hợp đã gửi cấp trên: không thể sửa."))


def withdraw(actor, reg: Registration, version) -> Registration:
    _require(actor, "register", reg.unit)
    with transaction.atomic():
        reg = _lock(reg, version)
        _check_transition("registration", "withdraw", reg.status)
        _check_not_sent(reg)
        _save(reg, status=Registration.WITHDRAWN, compiled_list=None)
        audit(actor, "exemplars.registration.withdraw", reg, {"status": "registered"},
              {"status": "withdrawn"})
        # The standing office compiles the list: it must know one name left it.
        with system_language():
            _notify(role_users(Role.STANDING_OFFICE, reg.plan.agency),
                    _("Rút đăng ký: %(name)s (%(unit)s)")
                    % {"name": reg.subject.name, "unit": reg.unit.name}, "",
                    reverse("exemplars_registrations", args=[reg.plan_id, reg.year]))
    return reg


# -- compiled list ---------------------------------------------------------------------
def compile_list(actor, plan: Plan, year: int, number: str = "", place: str = "",
                 signer_title: str = "", signer_name: str = "", version=None) -> CompiledList:
    """Make (or refresh) the agency's draft list from every registration of the year."""
    _require(actor, "compile_list", plan.agency)
    with transaction.atomic():
        _check_plan(plan, year)
        clist = CompiledList.objects.select_for_update().filter(plan=plan, year=year).first()
        if clist is None:
            _check_transition("compiled_list", "compile", None)
            clist = CompiledList.objects.create(plan=plan, year=year)
        else:
            if clist.status == CompiledList.SENT:
                raise ForbiddenTransition(_("Danh sách tổng hợp đã gửi cấp trên: không thể sửa."))
            clist = _lock(clist, version)
        before = sorted(clist.entries.values_list("pk", flat=True))
        Registration.objects.filter(plan=plan, year=year, status=Registration.REGISTERED,
                                    compiled_list__isnull=True).update(compiled_list=clist)
        _save(clist, number=_list_number(number) or clist.number, place=place or clist.place,
              signer_title=signer_title or clist.signer_title,
              signer_name=signer_name or clist.signer_name)
        after = sorted(clist.entries.values_list("pk", flat=True))
        audit(actor, "exemplars.compiled_list.compile", clist, {"entries": before},
              {"entries": after, "number": clist.number})
    return clist


def _list_number(raw: str) -> str:
    """The typed "Số, ký hiệu" read by the one rule for document numbers ("5/ds-sở" →
    "05/DS-SỞ"); a bad one refuses the whole change."""
    try:
        return doc_numbers.normalise(raw, doc_numbers.LIST)
    except doc_numbers.NumberError as exc:
        raise WorkflowError(str(exc)) from exc


def send_list(actor, clist: CompiledList, version, sent_to: str,
              sent_on: dt.date | None = None) -> CompiledList:
    """Record that the list was sent to the higher level and when; it is then frozen."""
    _require(actor, "compile_list", clist.plan.agency)
    with transaction.atomic():
        clist = _lock(clist, version)
        _check_transition("compiled_list", "send", clist.status)
        if not clist.entries.filter(status=Registration.REGISTERED).exists():
            raise WorkflowError(_("Danh sách chưa có đối tượng nào."))
        if not sent_to.strip():
            raise WorkflowError(_("Hãy ghi nơi nhận (cấp trên)."))
        sent_on = sent_on or today()
        _save(clist, status=CompiledList.SENT, sent_to=sent_to.strip(), sent_on=sent_on,
              sent_by=actor)
        audit(actor, "exemplars.compiled_list.send", clist, {"status": "draft"},
              {"status": "sent", "sent_to": clist.sent_to, "sent_on": sent_on})
        # The units whose candidates are on the list foster them next.
        units = Unit.objects.filter(pk__in=clist.entries.values("unit_id"))
        with system_language():
            _notify({u for unit in units for u in role_users(Role.UNIT_OFFICER, unit)},
                    _("Danh sách đăng ký năm %(year)s đã gửi %(to)s")
                    % {"year": clist.year, "to": clist.sent_to}, "",
                    reverse("exemplars_list", args=[clist.plan_id, clist.year]))
    return clist


# -- fostering -------------------------------------------------------------------------
def gaps_for(plan: Plan, subject: Subject, year: int) -> dict:
    """What the criteria engine says is still missing (unmet and pending), as JSON."""
    result = evaluation_adapter.explain_subject(plan_template(plan), subject, year)
    if result is None:
        return {"profile": None, "quantitative": "none", "unmet": [], "pending": [], "met": []}
    data = result.as_dict()
    return {**{key: data[key] for key in ("profile", "quantitative", "unmet", "pending", "met")},
            "words": evaluation_adapter.words_data(result)}


def reworded(plan: Plan, year: int, stored: dict | None) -> dict | None:
    """A stored evaluation (a dossier's contract object, a fostering plan's gaps), written
    in Vietnamese, with its lines in the reader's language for a screen: made again from
    the words data stored beside it; as stored when there is none (taken before it was
    kept) or when the plan's template no longer has those criteria."""
    words = (stored or {}).get("words")
    if not words:
        return stored
    try:
        lines = evaluation_adapter.reword(plan_template(plan), year, words)
    except KeyError:
        return stored
    return {**stored, **lines}


def create_fostering(actor, reg: Registration, leader: Person | None = None,
                     goal: str = "") -> FosteringPlan:
    _require(actor, "foster", reg.unit)
    with transaction.atomic():
        _check_transition("fostering", "create", getattr(
            FosteringPlan.objects.filter(registration=reg).first(), "status", None))
        if reg.status != Registration.REGISTERED:
            raise WorkflowError(_("Đăng ký đã rút: không lập kế hoạch bồi dưỡng."))
        if leader is not None and not policy.can(actor, "view", leader):
            raise WorkflowError(_("Không tìm thấy lãnh đạo phụ trách."))
        fp = FosteringPlan.objects.create(
            registration=reg, leader=leader, goal=goal,
            gaps=gaps_for(reg.plan, reg.subject, reg.year), gaps_on=timezone.now())
        audit(actor, "exemplars.fostering.create", fp, None,
              {"registration": reg.pk, "leader": leader.code if leader else None,
               "gaps": fp.gaps})
    return fp


def refresh_gaps(actor, fp: FosteringPlan, version) -> FosteringPlan:
    _require(actor, "foster", fp.unit)
    with transaction.atomic():
        fp = _lock(fp, version)
        _check_editable("fostering", fp)
        before = fp.gaps
        reg = fp.registration
        _save(fp, gaps=gaps_for(reg.plan, reg.subject, reg.year), gaps_on=timezone.now())
        audit(actor, "exemplars.fostering.refresh_gaps", fp, {"gaps": before}, {"gaps": fp.gaps})
    return fp


def update_fostering(actor, fp: FosteringPlan, version, leader: Person | None,
                     goal: str) -> FosteringPlan:
    _require(actor, "foster", fp.unit)
    with transaction.atomic():
        fp = _lock(fp, version)
        _check_editable("fostering", fp)
        before = {"leader": fp.leader.code if fp.leader else None, "goal": fp.goal}
        _save(fp, leader=leader, goal=goal)
        audit(actor, "exemplars.fostering.update", fp, before,
              {"leader": leader.code if leader else None, "goal": goal})
    return fp


def add_action(actor, fp: FosteringPlan, text: str, due_on: dt.date) -> FosteringAction:
    _require(actor, "foster", fp.unit)
    with transaction.atomic():
        fp = FosteringPlan.objects.select_for_update().get(pk=fp.pk)
        _check_editable("fostering", fp)
        action = FosteringAction.objects.create(fostering=fp, text=text, due_on=due_on)
        _save(fp)
        audit(actor, "exemplars.fostering.add_action", fp, None,
              {"action": action.pk, "text": text, "due_on": due_on})
    return action


def complete_action(actor, action: FosteringAction, done_on: dt.date | None = None):
    fp = action.fostering
    _require(actor, "foster", fp.unit)
    with transaction.atomic():
        fp = FosteringPlan.objects.select_for_update().get(pk=fp.pk)
        _check_editable("fostering", fp)
        action = FosteringAction.objects.get(pk=action.pk)
        if action.done_on:
            raise ForbiddenTransition(_("Việc này đã hoàn thành."))
        action.done_on = done_on or today()
        action.save()
        _save(fp)
        audit(actor, "exemplars.fostering.complete_action", fp, {"action": action.pk},
              {"done_on": action.done_on})
    return action


def add_note(actor, fp: FosteringPlan, text: str, uploaded=None) -> ProgressNote:
    _require(actor, "foster", fp.unit)
    kind = None
    if uploaded is not None:
        kind = uploads.check_upload(uploaded, allowed=EVIDENCE_TYPES, max_bytes=DOSSIER_MAX_BYTES)
    with transaction.atomic():
        fp = FosteringPlan.objects.select_for_update().get(pk=fp.pk)
        _check_editable("fostering", fp)
        note = ProgressNote(fostering=fp, text=text, by=actor)
        if uploaded is not None:
            note.file_name = uploaded.name[:255]
            note.content_type = kind.mime
            note.file.save(_safe_name(uploaded.name, kind.extension), uploaded, save=False)
        note.save()
        _save(fp)
        audit(actor, "exemplars.fostering.add_note", fp, None,
              {"note": note.pk, "text": text, "file": note.file_name})
    return note


def close_fostering(actor, fp: FosteringPlan, version) -> FosteringPlan:
    _require(actor, "foster", fp.unit)
    with transaction.atomic():
        fp = _lock(fp, version)
        _check_transition("fostering", "close", fp.status)
        _save(fp, status=FosteringPlan.CLOSED)
        audit(actor, "exemplars.fostering.close", fp, {"status": "open"}, {"status": "closed"})
        # Fostering ends before nomination: the standing office considers the dossier next.
        with system_language():
            _notify(role_users(Role.STANDING_OFFICE, fp.registration.plan.agency),
                    _("Kết thúc bồi dưỡng: %(name)s") % {"name": fp.registration.subject.name},
                    "", reverse("exemplars_fostering", args=[fp.pk]))
    return fp


def fostering_deadline(t: Template, year: int):
    for step in t.steps:
        if step["kind"] == "fostering":
            found = schedule.step_deadlines(step, year)
            if found:
                return found[0]
    return None


def send_fostering_report(actor, plan: Plan, year: int, unit: Unit, summary: str = "",
                          on: dt.date | None = None) -> FosteringReport:
    """The unit's yearly fostering report, sent once (late after the plan's deadline)."""
    _require(actor, "foster", unit)
    on = on or today()
    with transaction.atomic():
        t = _check_plan(plan, year)
        _check_unit_in_plan(unit, plan)
        report = FosteringReport.objects.select_for_update().filter(
            plan=plan, year=year, unit=unit).first()
        _check_transition("fostering_report", "send", report.status if report else None)
        late = is_late(fostering_deadline(t, year), on)
        if report is None:
            report = FosteringReport(plan=plan, year=year, unit=unit, version=0)
        _save(report, summary=summary, status=FosteringReport.SENT, sent_on=on, late=late)
        audit(actor, "exemplars.fostering_report.send", report, None,
              {"plan": plan.number, "year": year, "unit": unit.code, "late": late})
        with system_language():
            _notify(role_users(Role.STANDING_OFFICE, plan.agency),
                    _("Báo cáo bồi dưỡng điển hình năm %(year)s: %(unit)s")
                    % {"year": year, "unit": unit.name}, "",
                    reverse("exemplars_fostering_report", args=[plan.pk, year])
                    + f"?unit={unit.code}")  # the notification opens the report
    return report


# -- nominations and dossiers ------------------------------------------------------------
def snapshot_for(plan: Plan, subject: Subject, year: int) -> dict:
    """The criteria evaluation frozen into the dossier: the contract's object, the
    explanation, the attestations in force, and when it was taken."""
    from dienhinh.discovery import services as attest
    t = plan_template(plan)
    attested = attest.in_force(t.id, year, [subject.pk]).get(subject.pk, {})
    result = evaluation_adapter.explain_subject(t, subject, year)
    return {
        "plan": t.id, "year": year, "taken_on": timezone.localdate().isoformat(),
        "result": result.as_dict() if result is not None else None,
        # what the result's words are made of: a screen shows them in its reader's language
        "words": evaluation_adapter.words_data(result) if result is not None else None,
        "attested": sorted(attested),
        "attested_notes": [a.criterion_text for a in attested.values()],
    }


def ledger_summary(subject: Subject, year: int) -> str:
    """What the ledger holds for the subject in that year, in words: its rating, titles and
    commendations (with the issuer's full name). Documents quote this, never a claim the
    ledger does not hold."""
    from dienhinh.catalogue.models import Issuer
    from dienhinh.ledger.models import Achievement

    issuers = dict(Issuer.objects.values_list("code", "name"))
    parts = []
    for a in (Achievement.objects.filter(subject=subject, year=year,
                                         kind__in=("rating", "title", "commendation"))
              .select_related("code").order_by("kind", "code__order", "pk")):
        if a.kind == "rating":
            parts.append(_("Xếp loại chất lượng năm %(year)s: %(rating)s")
                         % {"year": year, "rating": a.code.name})
        elif a.kind == "title":
            parts.append(_("Danh hiệu “%(title)s” năm %(year)s")
                         % {"title": a.code.name, "year": year})
        else:
            parts.append(_("%(form)s của %(issuer)s")
                         % {"form": a.code.name, "issuer": issuers.get(a.issuer, "")})
    return "; ".join(parts) + ("." if parts else "")


def create_nomination(actor, plan: Plan, year: int, unit: Unit, subject: Subject, level: str,
                      summary: str = "") -> Nomination:
    _require(actor, "nominate", unit)
    if level not in dict(Nomination.LEVEL_CHOICES):
        raise WorkflowError(_("Cấp công nhận không hợp lệ."))
    with transaction.atomic():
        _check_transition("nomination", "create", None)
        _check_plan(plan, year)
        _check_unit_in_plan(unit, plan)
        _check_subject_in(subject, unit)
        if Nomination.objects.filter(plan=plan, year=year, subject=subject, level=level).exclude(
                status=Nomination.REJECTED).exists():
            raise WorkflowError(_("%(name)s đã có hồ sơ đề nghị ở cấp này cho năm %(year)s.")
                                % {"name": subject.name, "year": year})
        nom = Nomination.objects.create(
            plan=plan, year=year, unit=unit, subject=subject, level=level, summary=summary,
            snapshot=snapshot_for(plan, subject, year), snapshot_on=timezone.now(), by=actor)
        audit(actor, "exemplars.nomination.create", nom, None,
              {"plan": plan.number, "year": year, "unit": unit.code, "subject": subject.code,
               "level": level})
    return nom


def update_nomination(actor, nom: Nomination, version, summary: str, level: str) -> Nomination:
    _require(actor, "nominate", nom.unit)
    if level not in dict(Nomination.LEVEL_CHOICES):
        raise WorkflowError(_("Cấp công nhận không hợp lệ."))
    with transaction.atomic():
        nom = _lock(nom, version)
        _check_editable("nomination", nom)
        before = {"summary": nom.summary, "level": nom.level}
        _save(nom, summary=summary, level=level)
        audit(actor, "exemplars.nomination.update", nom, before,
              {"summary": summary, "level": level})
    return nom


def refresh_snapshot(actor, nom: Nomination, version) -> Nomination:
    _require(actor, "nominate", nom.unit)
    with transaction.atomic():
        nom = _lock(nom, version)
        _check_editable("nomination", nom)
        before = nom.snapshot
        _save(nom, snapshot=snapshot_for(nom.plan, nom.subject, nom.year),
              snapshot_on=timezone.now())
        audit(actor, "exemplars.nomination.refresh_snapshot", nom, {"snapshot": before},
              {"snapshot": nom.snapshot})
    return nom


def _safe_name(name: str, extension: str) -> str:
    """A random stored name with the detected extension; `name` stays in `file_name`."""
    from dienhinh.core.files import stored_name

    return stored_name(extension)


def add_file(actor, nom: Nomination, version, kind: str, uploaded) -> DossierFile:
    """Add a document to the dossier; its type is judged by content, its size limited."""
    _require(actor, "nominate", nom.unit)
    if kind not in dict(DossierFile.KIND_CHOICES):
        raise WorkflowError(_("Loại tài liệu không hợp lệ."))
    allowed = DOSSIER_TYPES if kind == DossierFile.ATTACHMENT else REPORT_TYPES
    try:
        found = uploads.check_upload(uploaded, allowed=allowed, max_bytes=DOSSIER_MAX_BYTES)
    except ValidationError as exc:
        raise WorkflowError(" ".join(exc.messages)) from exc
    with transaction.atomic():
        nom = _lock(nom, version)
        _check_editable("nomination", nom)
        doc = DossierFile(nomination=nom, kind=kind, file_name=uploaded.name[:255],
                          content_type=found.mime, size=found.size, by=actor)
        doc.file.save(_safe_name(uploaded.name, found.extension), uploaded, save=False)
        doc.save()
        _save(nom)
        audit(actor, "exemplars.nomination.add_file", nom, None,
              {"file": doc.pk, "kind": kind, "name": doc.file_name, "size": doc.size})
    return doc


def missing_documents(nom: Nomination) -> list[str]:
    kinds = set(nom.files.values_list("kind", flat=True))
    return [str(label) for kind, label in DossierFile.KIND_CHOICES
            if kind in (DossierFile.REPORT, DossierFile.MINUTES) and kind not in kinds]


def submit(actor, nom: Nomination, version) -> Nomination:
    _require(actor, "nominate", nom.unit)
    with transaction.atomic():
        nom = _lock(nom, version)
        before = nom.status
        _check_transition("nomination", "submit", nom.status)
        missing = missing_documents(nom)
        if missing:
            raise WorkflowError(_("Hồ sơ còn thiếu: %(docs)s.")
                                % {"docs": ", ".join(missing)})
        _save(nom, status=Nomination.SUBMITTED, submitted_on=timezone.now())
        audit(actor, "exemplars.nomination.submit", nom, {"status": before},
              {"status": nom.status})
        with system_language():
            _notify(role_users(Role.STANDING_OFFICE, nom.plan.agency),
                    _("Hồ sơ đề nghị chờ thẩm định: %(name)s") % {"name": nom.subject.name},
                    url=reverse("exemplars_nomination", args=[nom.pk]))
    return nom


def appraise(actor, nom: Nomination, version, checklist: dict, comments: str = "") -> Nomination:
    """The standing office records its appraisal checklist (the dossier stays submitted)."""
    _require(actor, "appraise", nom.unit)
    with transaction.atomic():
        nom = _lock(nom, version)
        if nom.status != Nomination.SUBMITTED:
            raise ForbiddenTransition(_("Chỉ thẩm định hồ sơ đã gửi."))
        clean = {key: bool(checklist.get(key)) for key, _label in CHECKLIST}
        before = {"checklist": nom.checklist, "comments": nom.comments}
        _save(nom, checklist=clean, comments=comments)
        audit(actor, "exemplars.nomination.appraise", nom, before,
              {"checklist": clean, "comments": comments})
    return nom


def evaluation(nom: Nomination) -> dict | None:
    """The subject's evaluation under the nomination's plan and year (CONTRACT §3's object,
    as `dienhinh evaluate --subject` prints it): the one stored with the dossier, or — for
    a nomination stored before it kept one — taken now through the same adapter."""
    if nom.snapshot_on is not None or "result" in (nom.snapshot or {}):
        return (nom.snapshot or {}).get("result")
    return evaluation_adapter.evaluate_subject(plan_template(nom.plan), nom.subject, nom.year)


def shown_evaluation(nom: Nomination) -> dict | None:
    """`evaluation(nom)` with its lines in the reader's language, for the screen."""
    result = evaluation(nom)
    if result is None or not (nom.snapshot or {}).get("words"):
        return result
    return reworded(nom.plan, nom.year, {**result, "words": nom.snapshot["words"]})


def acceptance_issues(nom: Nomination, shown: bool = False) -> list[str]:
    """What the stages before acceptance did not establish: the ledger criteria, the
    required documents, the fostering. Accepting despite any needs a written reason.
    `shown`: for a screen, the criteria in the reader's language."""
    issues = []
    result = shown_evaluation(nom) if shown else evaluation(nom)
    if result is None:
        issues.append(_("Đối tượng không thuộc nhóm đối tượng nào của kế hoạch."))
    elif result["quantitative"] == "fail":
        issues.append(_("Chưa đạt tiêu chí theo sổ thành tích: %(unmet)s.")
                      % {"unmet": "; ".join(result["unmet"])})
    missing = missing_documents(nom)
    if missing:
        issues.append(_("Hồ sơ còn thiếu: %(docs)s.") % {"docs": ", ".join(missing)})
    fostered = FosteringPlan.objects.filter(
        registration__plan=nom.plan, registration__subject=nom.subject,
        registration__year__lte=nom.year).exists()
    if not fostered:
        issues.append(_("Đối tượng chưa được đăng ký và bồi dưỡng theo kế hoạch."))
    return issues


def _decide(actor, nom: Nomination, version, name: str, comments: str | None,
            override_reason: str = "") -> Nomination:
    _require(actor, "appraise", nom.unit)
    with transaction.atomic():
        nom = _lock(nom, version)
        before = nom.status
        end = _check_transition("nomination", name, nom.status)
        if name in ("return", "reject") and not (comments or "").strip():
            raise WorkflowError(_("Hãy ghi ý kiến thẩm định (lý do)."))
        changes = {"status": end}
        if name == "accept":
            unchecked = [label for key, label in CHECKLIST if not nom.checklist.get(key)]
            if unchecked:
                raise WorkflowError(_("Chưa đạt yêu cầu thẩm định: %(items)s.")
                                    % {"items": "; ".join(str(label) for label in unchecked)})
            issues = acceptance_issues(nom)
            if issues and not override_reason.strip():
                raise WorkflowError(_("Hồ sơ chưa qua đủ các bước trước: %(issues)s Muốn chấp "
                                      "nhận vẫn phải ghi rõ lý do.")
                                    % {"issues": " ".join(issues)})
            if issues:
                changes.update(override_issues=issues, override_reason=override_reason.strip(),
                               override_by=actor)
        if comments is not None and comments.strip():
            changes["comments"] = comments.strip()
        if end in (Nomination.ACCEPTED, Nomination.REJECTED):
            changes["decided_on"] = timezone.now()
        _save(nom, **changes)
        after = {"status": end, "comments": nom.comments}
        if "override_reason" in changes:
            after.update(override_issues=nom.override_issues,
                         override_reason=nom.override_reason)
        audit(actor, f"exemplars.nomination.{name}", nom, {"status": before}, after)
        with system_language():
            _notify(role_users(Role.UNIT_OFFICER, nom.unit),
                    _("Hồ sơ đề nghị %(name)s: %(status)s")
                    % {"name": nom.subject.name, "status": nom.get_status_display()},
                    nom.comments, reverse("exemplars_nomination", args=[nom.pk]))
    return nom


def return_nomination(actor, nom: Nomination, version, comments: str) -> Nomination:
    return _decide(actor, nom, version, "return", comments)


def accept(actor, nom: Nomination, version, override_reason: str = "") -> Nomination:
    """Accept a dossier. When `acceptance_issues` finds a stage not held, the standing
    office must give `override_reason`; it is stored with the issues it overrides."""
    return _decide(actor, nom, version, "accept", None, override_reason or "")


def reject(actor, nom: Nomination, version, comments: str) -> Nomination:
    return _decide(actor, nom, version, "reject", comments)


# -- public comment --------------------------------------------------------------------
def publish_for_comment(actor, plan: Plan, year: int, opens_on: dt.date, closes_on: dt.date,
                        title: str = "") -> CommentPeriod:
    """Publish the accepted nominees of the year for public comment, for a set period."""
    _require(actor, "appraise", plan.agency)
    if closes_on < opens_on:
        raise WorkflowError(_("Ngày kết thúc phải sau ngày bắt đầu."))
    with transaction.atomic():
        accepted = list(Nomination.objects.filter(plan=plan, year=year,
                                                  status=Nomination.ACCEPTED))
        if not accepted:
            raise WorkflowError(_("Chưa có hồ sơ nào được chấp nhận."))
        period = CommentPeriod.objects.create(
            plan=plan, year=year, opens_on=opens_on, closes_on=closes_on, by=actor,
            title=title or _("Lấy ý kiến nhân dân về danh sách đề nghị công nhận điển hình tiên "
                             "tiến năm %(year)s") % {"year": year})
        period.nominations.set(accepted)
        audit(actor, "exemplars.comment_period.publish", period, None,
              {"nominations": [n.pk for n in accepted], "opens_on": opens_on,
               "closes_on": closes_on})
    return period


def is_open(period: CommentPeriod, on: dt.date | None = None) -> bool:
    on = on or today()
    return period.opens_on <= on <= period.closes_on


def add_public_comment(period: CommentPeriod, name: str, text: str, contact: str = "",
                       nomination: Nomination | None = None) -> PublicComment:
    """Anyone may comment while the period is open; comments wait for moderation."""
    if not is_open(period):
        raise WorkflowError(_("Thời gian lấy ý kiến đã kết thúc hoặc chưa bắt đầu."))
    if nomination is not None and not period.nominations.filter(pk=nomination.pk).exists():
        raise WorkflowError(_("Đối tượng không có trong danh sách."))
    if not name.strip() or not text.strip():
        raise WorkflowError(_("Hãy ghi họ tên và ý kiến."))
    with transaction.atomic():
        comment = PublicComment.objects.create(period=period, nomination=nomination,
                                               name=name.strip(), contact=contact.strip(),
                                               text=text.strip())
        audit(None, "exemplars.public_comment.add", comment, None,
              {"period": period.pk, "nomination": nomination.pk if nomination else None})
    return comment


def moderate(actor, comment: PublicComment, status: str) -> PublicComment:
    _require(actor, "appraise", comment.period.plan.agency)
    if status not in (PublicComment.APPROVED, PublicComment.HIDDEN):
        raise WorkflowError(_("Trạng thái không hợp lệ."))
    with transaction.atomic():
        before = comment.status
        PublicComment.objects.filter(pk=comment.pk).update(status=status)
        comment.status = status
        audit(actor, "exemplars.public_comment.moderate", comment, {"status": before},
              {"status": status})
    return comment
