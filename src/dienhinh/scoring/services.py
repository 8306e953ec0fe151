"""Scoring services: every write of the app and the ranking other apps read.

Read by the reports, the home page and the API:

- `ranking(round)` → `[RankRow]`: verified sheets ranked by total, ties as the scheme
  says; then the sheets not yet verified (rank `None`). Never depends on row order.
- `group_result(round)` → `[RankRow]` with the members' votes and `proposed` set on the
  units the block or cluster proposes for the flag.
- `sheets_to_submit(user)`, `sheets_to_verify(user)`: the home page's tasks.

Writes check the policy (`score_unit` for a unit's own sheet and vote, `verify_score`
for the office of the round's agency, `manage_groups` for blocks and clusters) and
refuse bad input with a `workflow.GuardFailed` whose Vietnamese message names the
criterion. Sheets and rounds change state only through `workflow.transition`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from dienhinh import policy, workflow
from dienhinh.audit.services import record
from dienhinh.core import uploads
from dienhinh.core.files import stored_name
from dienhinh.core.vietnamese import format_number, text_sort_key
from dienhinh.orgs.models import Unit
from dienhinh.plans.models import Plan
from dienhinh.scoring import schemes
from dienhinh.scoring.models import (
    ROUND_TRANSITIONS,
    SHEET_TRANSITIONS,
    EmulationGroup,
    Evidence,
    GroupMembership,
    GroupYear,
    MemberVote,
    PactTarget,
    Round,
    ScoreLine,
    ScoreSheet,
)

Refused = workflow.GuardFailed
EVIDENCE_TYPES = {"pdf", "docx", "xlsx", "jpg", "png"}
EVIDENCE_MAX_BYTES = 20 * 1024 * 1024
PACT_TYPES = {"pdf", "docx", "jpg", "png"}


def _audit(user, action: str, obj, after: dict | None = None) -> None:
    record(user, action, obj, None, after or {"version": getattr(obj, "version", None)})


def _points(value) -> str:
    return format_number(value, 2).rstrip("0").rstrip(",") if value is not None else "—"


def _decimal(value, criterion: schemes.Criterion, what: str) -> Decimal | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        number = Decimal(str(value).strip().replace(",", "."))
    except InvalidOperation:
        raise Refused(_("Tiêu chí %(c)s: %(what)s “%(v)s” không phải là một số.")
                      % {"c": criterion.named(), "what": what, "v": str(value)[:20]}) from None
    if not number.is_finite():
        raise Refused(_("Tiêu chí %(c)s: %(what)s không hợp lệ.")
                      % {"c": criterion.named(), "what": what})
    if number < 0:
        raise Refused(_("Tiêu chí %(c)s: %(what)s không được âm.")
                      % {"c": criterion.named(), "what": what})
    if number > criterion.max:
        raise Refused(_("Tiêu chí %(c)s: %(what)s %(v)s vượt điểm tối đa %(max)s.")
                      % {"c": criterion.named(), "what": what, "v": _points(number),
                         "max": _points(criterion.max)})
    if number != number.quantize(Decimal("0.01")):
        raise Refused(_("Tiêu chí %(c)s: điểm chỉ lấy tối đa hai chữ số thập phân.")
                      % {"c": criterion.named()})
    return number


# -- rounds ------------------------------------------------------------------------------------
def _quarters_met(plan: Plan, year: int, unit: Unit) -> int | None:
    """How many quarters of `year` the unit met every quota of `plan` that binds it
    (None when no quarterly quota binds it)."""
    from dienhinh.exemplars.services import check_quotas
    from dienhinh.plans.services import plan_template

    quarterly = {q["id"] for q in plan_template(plan).quotas if q["every"] == "quarter"}
    checks = [c for c in check_quotas(plan, year, unit) if c.quota in quarterly]
    if not checks:
        return None
    by_quarter: dict[str, bool] = {}
    for c in checks:
        by_quarter[c.period] = by_quarter.get(c.period, True) and c.ok
    return sum(1 for ok in by_quarter.values() if ok)


def auto_scores(rnd: Round, unit: Unit) -> dict[str, Decimal]:
    """The self-scores the system fills in from the plan's records (criteria with `auto`)."""
    out = {}
    if rnd.plan is None:
        return out
    for c in rnd.scheme.criteria:
        if c.quarter_points is not None:
            met = _quarters_met(rnd.plan, rnd.year, unit)
            if met is not None:
                out[c.id] = c.quarter_points * met
    return out


def open_round(user, *, agency: Unit, scheme_id: str, year: int, units=None,
               group: EmulationGroup | None = None, plan: Plan | None = None,
               name: str = "", due_on: dt.date | None = None) -> Round:
    """Open a year's scoring: a sheet for each unit (a group's members of that year, or
    the units given, all below the agency), self-scores pre-filled where the scheme can."""
    if group is not None:
        workflow.require(user, "manage_groups", group.agency)
        agency = group.agency
    else:
        workflow.require(user, "verify_score", agency)
    try:
        text = schemes.shipped_text(scheme_id)
        scheme = schemes.scheme_of(text)
    except schemes.SchemeError as exc:
        raise Refused(str(exc)) from exc
    if not 1945 <= year <= 2100:
        raise Refused(_("Năm %(y)s không hợp lệ.") % {"y": year})
    if any(c.quarter_points is not None for c in scheme.criteria) and plan is None:
        raise Refused(_("Thang điểm “%(s)s” tính điểm từ các lượt giới thiệu của một kế hoạch: "
                        "hãy chọn kế hoạch.") % {"s": scheme.name})
    if plan is not None:
        if not plan.start_year <= year <= plan.end_year:
            raise Refused(_("Năm %(y)s nằm ngoài thời gian thực hiện kế hoạch (%(a)s–%(b)s).")
                          % {"y": year, "a": plan.start_year, "b": plan.end_year})
        if not agency.path.startswith(plan.agency.path) and \
                not plan.agency.path.startswith(agency.path):
            raise Refused(_("Kế hoạch không thuộc cơ quan %(a)s.") % {"a": agency.subject.name})
    if group is not None:
        members = list(Unit.objects.filter(group_memberships__group=group,
                                           group_memberships__year=year))
        if not members:
            raise Refused(_("%(g)s chưa có đơn vị thành viên năm %(y)s.")
                          % {"g": group.name, "y": year})
    else:
        members = list(units or [])
        if not members:
            raise Refused(_("Hãy chọn ít nhất một đơn vị được chấm điểm."))
        for u in members:
            if u.pk == agency.pk or not u.path.startswith(agency.path):
                raise Refused(_("Đơn vị “%(u)s” không trực thuộc %(a)s.")
                              % {"u": u.subject.name, "a": agency.subject.name})
    label = name.strip() or (_("Chấm điểm thi đua năm %(y)s — %(g)s")
                             % {"y": year, "g": group.name if group else agency.subject.name})
    try:
        with transaction.atomic():
            rnd = Round.objects.create(name=label[:300], scheme_id=scheme.id, scheme_text=text,
                                       year=year, agency=agency, group=group, plan=plan,
                                       due_on=due_on, created_by=user)
            for unit in members:
                sheet = ScoreSheet.objects.create(round=rnd, unit=unit)
                filled = auto_scores(rnd, unit)
                ScoreLine.objects.bulk_create([
                    ScoreLine(sheet=sheet, criterion=c.id, self_score=filled.get(c.id))
                    for c in scheme.criteria])
            _audit(user, "scoring.round.open", rnd,
                   {"scheme": scheme.id, "year": year, "units": len(members)})
    except IntegrityError:
        raise Refused(_("Đã có đợt chấm điểm năm %(y)s theo thang điểm này.") % {"y": year}) \
            from None
    return rnd


def close_round(user, rnd: Round, version) -> Round:
    """Publish the ranking: every sheet must have been verified."""
    def guard(r):
        waiting = [s.unit.subject.name for s in r.sheets.select_related("unit__subject")
                   if s.status != ScoreSheet.VERIFIED]
        if waiting:
            raise Refused(_("Còn %(n)s bảng điểm chưa thẩm định: %(u)s.")
                          % {"n": len(waiting), "u": ", ".join(sorted(waiting, key=text_sort_key))})

    return workflow.transition(
        rnd, "close", user=user, version=version, transitions=ROUND_TRANSITIONS,
        permission="verify_score", scope=lambda r: r.agency, label=_("công bố kết quả"),
        guard=guard, changes={"closed_on": timezone.localdate()}, audit="scoring.round.close")


# -- sheets ------------------------------------------------------------------------------------
def _lines(sheet: ScoreSheet) -> dict[str, ScoreLine]:
    return {line.criterion: line for line in sheet.lines.all()}


def save_self_scores(user, sheet: ScoreSheet, version, scores: dict) -> ScoreSheet:
    """The unit's own scores: `scores` maps a criterion id to (points, note)."""
    scheme = sheet.round.scheme
    with transaction.atomic():
        fresh = workflow.lock(sheet, version)
        workflow.require(user, "score_unit", fresh.unit)
        if fresh.status != ScoreSheet.DRAFT:
            raise workflow.ForbiddenTransition(
                _("Bảng điểm đã gửi đi: không sửa được điểm tự chấm."))
        lines = _lines(fresh)
        for cid, (value, note) in scores.items():
            try:
                criterion = scheme.criterion(cid)
            except KeyError:
                raise Refused(_("Thang điểm không có tiêu chí “%(c)s”.") % {"c": cid}) from None
            line = lines[cid]
            line.self_score = _decimal(value, criterion, _("điểm tự chấm"))
            line.note = (note or "").strip()
            line.save(update_fields=["self_score", "note"])
        workflow.bump(fresh)
        _audit(user, "scoring.sheet.self_score", fresh,
               {cid: str(lines[cid].self_score) for cid in scores})
    return fresh


def add_evidence(user, sheet: ScoreSheet, version, criterion_id: str, uploaded) -> Evidence:
    """A file proving one line; its type judged by its content, its size limited."""
    scheme = sheet.round.scheme
    try:
        criterion = scheme.criterion(criterion_id)
    except KeyError:
        raise Refused(_("Thang điểm không có tiêu chí “%(c)s”.") % {"c": criterion_id}) from None
    try:
        found = uploads.check_upload(uploaded, allowed=EVIDENCE_TYPES,
                                     max_bytes=EVIDENCE_MAX_BYTES)
    except ValidationError as exc:
        raise Refused(_("Minh chứng của tiêu chí %(c)s: %(m)s")
                      % {"c": criterion.named(), "m": " ".join(exc.messages)}) from exc
    with transaction.atomic():
        fresh = workflow.lock(sheet, version)
        workflow.require(user, "score_unit", fresh.unit)
        if fresh.status != ScoreSheet.DRAFT:
            raise workflow.ForbiddenTransition(_("Bảng điểm đã gửi đi: không thêm minh chứng."))
        line = fresh.lines.get(criterion=criterion_id)
        ev = Evidence(line=line, file_name=uploaded.name[:255], content_type=found.mime,
                      size=found.size, by=user)
        ev.file.save(stored_name(found.extension), uploaded, save=False)
        ev.save()
        workflow.bump(fresh)
        _audit(user, "scoring.sheet.evidence", fresh,
               {"criterion": criterion_id, "file": ev.file_name, "size": ev.size})
    return ev


def sheet_problems(sheet: ScoreSheet) -> list[str]:
    """What stops the sheet from being submitted, one message per criterion."""
    problems = []
    lines = _lines(sheet)
    with_files = set(Evidence.objects.filter(line__sheet=sheet)
                     .values_list("line__criterion", flat=True))
    for c in sheet.round.scheme.criteria:
        line = lines.get(c.id)
        if line is None or line.self_score is None:
            problems.append(_("Tiêu chí %(c)s: chưa tự chấm điểm.") % {"c": c.named()})
        if c.evidence_required and c.id not in with_files:
            problems.append(_("Tiêu chí %(c)s: thiếu minh chứng bắt buộc (%(e)s).")
                            % {"c": c.named(), "e": c.evidence_text})
    return problems


def submit_sheet(user, sheet: ScoreSheet, version) -> ScoreSheet:
    def guard(s):
        if s.round.status != Round.OPEN:
            raise Refused(_("Đợt chấm điểm đã công bố kết quả."))
        problems = sheet_problems(s)
        if problems:
            raise Refused(" ".join(problems))

    def notify(s):
        workflow.tell(_office_users(s.round),
                      _("%(u)s đã gửi bảng tự chấm điểm thi đua năm %(y)s")
                      % {"u": s.unit.subject.name, "y": s.round.year})

    return workflow.transition(
        sheet, "submit", user=user, version=version, transitions=SHEET_TRANSITIONS,
        permission="score_unit", scope=lambda s: s.unit, label=_("gửi bảng điểm"),
        guard=guard, changes={"submitted_at": timezone.now(), "submitted_by": user,
                              "return_reason": ""},
        audit="scoring.sheet.submit", notify=notify)


def return_sheet(user, sheet: ScoreSheet, version, reason: str) -> ScoreSheet:
    reason = (reason or "").strip()

    def guard(s):
        if not reason:
            raise Refused(_("Hãy ghi lý do trả lại bảng điểm để đơn vị bổ sung."))

    def notify(s):
        workflow.tell(_unit_users(s.unit), _("Bảng điểm thi đua năm %(y)s bị trả lại: %(r)s")
                      % {"y": s.round.year, "r": reason})

    return workflow.transition(
        sheet, "return", user=user, version=version, transitions=SHEET_TRANSITIONS,
        permission="verify_score", scope=lambda s: s.round.agency, label=_("trả lại bảng điểm"),
        guard=guard, changes={"return_reason": reason}, audit="scoring.sheet.return",
        notify=notify)


def verify_sheet(user, sheet: ScoreSheet, version, scores: dict) -> ScoreSheet:
    """The office's verified score of every line: `scores` maps a criterion id to
    (points, reason); a score other than the unit's own needs a reason."""
    scheme = sheet.round.scheme
    checked: dict[str, tuple[Decimal, str]] = {}

    def guard(s):
        lines = _lines(s)
        for c in scheme.criteria:
            value, reason = scores.get(c.id, (None, ""))
            points = _decimal(value, c, _("điểm thẩm định"))
            if points is None:
                raise Refused(_("Tiêu chí %(c)s: chưa có điểm thẩm định.") % {"c": c.named()})
            reason = (reason or "").strip()
            if points != lines[c.id].self_score and not reason:
                raise Refused(_("Tiêu chí %(c)s: điểm thẩm định %(v)s khác điểm tự chấm %(s)s — "
                                "phải ghi lý do điều chỉnh.")
                              % {"c": c.named(), "v": _points(points),
                                 "s": _points(lines[c.id].self_score)})
            checked[c.id] = (points, reason if points != lines[c.id].self_score else "")
        for line in lines.values():
            line.verified_score, line.adjustment_reason = checked[line.criterion]
            line.save(update_fields=["verified_score", "adjustment_reason"])

    def notify(s):
        workflow.tell(_unit_users(s.unit), _("Bảng điểm thi đua năm %(y)s đã được thẩm định")
                      % {"y": s.round.year})

    return workflow.transition(
        sheet, "verify", user=user, version=version, transitions=SHEET_TRANSITIONS,
        permission="verify_score", scope=lambda s: s.round.agency, label=_("thẩm định"),
        guard=guard, changes=lambda s: {"verified_at": timezone.now(), "verified_by": user},
        audit="scoring.sheet.verify", notify=notify,
        snapshot=lambda s: {"status": s.status, "version": s.version,
                            "lines": {k: [str(v[0]), v[1]] for k, v in checked.items()}})


def _office_users(rnd: Round):
    from dienhinh.exemplars.services import role_users

    return role_users("standing_office", rnd.agency)


def _unit_users(unit: Unit):
    from dienhinh.exemplars.services import role_users

    return role_users("unit_officer", unit)


# -- ranking -----------------------------------------------------------------------------------
@dataclass
class RankRow:
    sheet_id: int
    unit_id: int
    unit_name: str
    status: str
    status_label: str
    self_total: Decimal
    total: Decimal | None  # verified total (None until verified)
    percent: Decimal | None
    rank: int | None
    tie_note: str = ""
    votes: int = 0
    proposed: list[str] = field(default_factory=list)


def weighted_total(scheme: schemes.Scheme, values: dict[str, Decimal | None]) -> Decimal:
    return sum(((values.get(c.id) or Decimal(0)) * c.weight for c in scheme.criteria),
               Decimal(0))


def ranking(rnd: Round) -> list[RankRow]:
    """Verified sheets by total, highest first; ties as the scheme says; equal places
    listed by the unit's name (Vietnamese order). Then sheets not yet verified."""
    scheme = rnd.scheme
    sheets = list(rnd.sheets.select_related("unit__subject").prefetch_related("lines"))
    rows, keys = [], {}
    for s in sheets:
        own = {ln.criterion: ln.self_score for ln in s.lines.all()}
        checked = {ln.criterion: ln.verified_score for ln in s.lines.all()}
        verified = s.status == ScoreSheet.VERIFIED
        total = weighted_total(scheme, checked) if verified else None
        row = RankRow(s.pk, s.unit_id, s.unit.subject.name, s.status,
                      str(s.get_status_display()), weighted_total(scheme, own), total,
                      (total * 100 / scheme.max_total).quantize(Decimal("0.01"))
                      if total is not None else None, None)
        rows.append(row)
        if verified:
            tiebreak = tuple(-(checked.get(cid) or 0) * scheme.criterion(cid).weight
                             for cid in (scheme.tie_order if scheme.tie_rule == "criteria"
                                         else ()))
            keys[s.pk] = (-total, *tiebreak)
    ranked = sorted((r for r in rows if r.total is not None),
                    key=lambda r: (keys[r.sheet_id], text_sort_key(r.unit_name), r.unit_id))
    for i, r in enumerate(ranked):
        prev = ranked[i - 1] if i else None
        r.rank = prev.rank if prev and keys[prev.sheet_id] == keys[r.sheet_id] else i + 1
    for r in ranked:
        same_total = [o for o in ranked if o is not r and o.total == r.total]
        if same_total:
            shared = any(keys[o.sheet_id] == keys[r.sheet_id] for o in same_total)
            r.tie_note = (_("đồng hạng") if shared
                          else _("bằng điểm, xếp theo quy tắc: %(t)s") % {"t": scheme.tie_text})
    waiting = sorted((r for r in rows if r.total is None),
                     key=lambda r: (text_sort_key(r.unit_name), r.unit_id))
    return ranked + waiting


def proposed_units(rnd: Round, rows: list[RankRow] | None = None,
                   flagged: set[int] | None = None) -> dict[int, list]:
    """unit id → the scheme's proposal rules it qualifies for. Rules are taken in order;
    each gives its award to the next `top` places not yet proposed (a tie at the last
    place takes every unit of that place, as the tie rule ranked them equal), each with
    at least `min_percent` of the maximum when the rule says so. In a block or cluster
    the first rule (the flag) goes by the members' vote: `flagged` are its units."""
    rows = rows if rows is not None else ranking(rnd)
    out: dict[int, list] = {}
    taken = 0
    for n, rule in enumerate(rnd.scheme.proposals):
        if n == 0 and flagged is not None:
            winners = [r for r in rows if r.unit_id in flagged]
        else:
            winners = [r for r in rows if r.rank is not None and r.unit_id not in out
                       and r.rank <= taken + rule.top
                       and (rule.min_percent is None or r.percent >= rule.min_percent)]
        for r in winners:
            out.setdefault(r.unit_id, []).append(rule)
        taken = len(out)
    return out


def group_result(rnd: Round) -> list[RankRow]:
    """The ranking with the members' votes; `proposed` names the award each unit is
    proposed for. The flag goes to the units most voted for, each needing the votes of
    more than half the members (ties of votes broken by the ranking); the other awards
    follow the ranking as the scheme says."""
    rows = ranking(rnd)
    members = rnd.sheets.count()
    counts: dict[int, int] = {}
    for chosen in MemberVote.chosen.through.objects.filter(membervote__round=rnd) \
            .values_list("unit_id", flat=True):
        counts[chosen] = counts.get(chosen, 0) + 1
    for r in rows:
        r.votes = counts.get(r.unit_id, 0)
    scheme = rnd.scheme
    if not scheme.proposals:
        return rows
    flag = scheme.proposals[0]
    eligible = [r for r in rows if r.rank is not None and r.votes * 2 > members
                and (flag.min_percent is None or r.percent >= flag.min_percent)]
    eligible.sort(key=lambda r: (-r.votes, r.rank, text_sort_key(r.unit_name), r.unit_id))
    flagged = {r.unit_id for r in eligible[:flag.top]}
    proposed = proposed_units(rnd, rows, flagged)
    for r in rows:
        r.proposed = [rule.award_name for rule in proposed.get(r.unit_id, [])]
    return rows


def result(rnd: Round) -> list[RankRow]:
    """The round's table: for a group, with votes; else with the scheme's proposals."""
    if rnd.group_id:
        return group_result(rnd)
    rows = ranking(rnd)
    proposed = proposed_units(rnd, rows)
    for r in rows:
        r.proposed = [rule.award_name for rule in proposed.get(r.unit_id, [])]
    return rows


def propose(user, rnd: Round, plan: Plan | None = None) -> list:
    """Create the nominations (hồ sơ đề nghị, draft) for the units the result proposes,
    under the round's plan (or the plan given, in force). Units already nominated at that
    level are skipped; returns the nominations created."""
    from dienhinh.exemplars.models import Nomination
    from dienhinh.exemplars.services import create_nomination

    workflow.require(user, "verify_score", rnd.agency)
    if rnd.status != Round.CLOSED:
        raise Refused(_("Chỉ lập hồ sơ đề nghị sau khi đã công bố kết quả chấm điểm."))
    plan = plan or rnd.plan
    if plan is None:
        raise Refused(_("Hãy chọn kế hoạch để lập hồ sơ đề nghị."))
    rows = result(rnd)
    rules = {r.award_name: r for r in rnd.scheme.proposals}
    created = []
    with transaction.atomic():
        for row in rows:
            for award in row.proposed:
                rule = rules[award]
                unit = Unit.objects.select_related("subject").get(pk=row.unit_id)
                if Nomination.objects.filter(plan=plan, year=rnd.year, subject=unit.subject,
                                             level=rule.level).exclude(
                                                 status=Nomination.REJECTED).exists():
                    continue
                summary = (_("%(award)s: xếp thứ %(rank)s, %(total)s/%(max)s điểm trong %(round)s.")
                           % {"award": rule.label, "rank": row.rank,
                              "total": _points(row.total),
                              "max": _points(rnd.scheme.max_total), "round": rnd.name})
                if row.votes:
                    summary += " " + _("Được %(v)s đơn vị thành viên bình xét.") % {"v": row.votes}
                created.append(create_nomination(user, plan, rnd.year, unit, unit.subject,
                                                 rule.level, summary))
        _audit(user, "scoring.round.propose", rnd, {"nominations": [n.pk for n in created]})
    return created


# -- home tasks --------------------------------------------------------------------------------
def sheets_to_submit(user) -> QuerySet[ScoreSheet]:
    return (ScoreSheet.objects.filter(status=ScoreSheet.DRAFT, round__status=Round.OPEN,
                                      unit__in=policy.units(user, "score_unit").values("pk"))
            .select_related("round", "unit__subject").order_by("round__due_on", "id"))


def sheets_to_verify(user) -> QuerySet[ScoreSheet]:
    return (ScoreSheet.objects.filter(
        status=ScoreSheet.SUBMITTED,
        round__agency__in=policy.units(user, "verify_score").values("pk"))
        .select_related("round", "unit__subject").order_by("submitted_at", "id"))


def visible_rounds(user) -> QuerySet[Round]:
    """Rounds of the agencies in the user's reach, and those scoring a unit of it."""
    units = policy.units(user, "view").values("pk")
    return (Round.objects.filter(agency__in=units)
            | Round.objects.filter(sheets__unit__in=units)).distinct() \
        .select_related("agency__subject", "group")


# -- blocks and clusters -------------------------------------------------------------------------
def create_group(user, *, agency: Unit, kind: str, name: str, note: str = "") -> EmulationGroup:
    workflow.require(user, "manage_groups", agency)
    if kind not in EmulationGroup.Kind.values:
        raise Refused(_("Loại khối, cụm không hợp lệ."))
    name = name.strip()
    if not name:
        raise Refused(_("Hãy nhập tên khối, cụm thi đua."))
    try:
        with transaction.atomic():
            g = EmulationGroup.objects.create(agency=agency, kind=kind, name=name[:300],
                                              note=note)
            _audit(user, "scoring.group.create", g, {"name": g.name, "kind": kind})
    except IntegrityError:
        raise Refused(_("Đã có khối, cụm “%(n)s”.") % {"n": name}) from None
    return g


def _codes(units) -> list[str]:
    return sorted(u.code for u in units)


def set_members(user, group: EmulationGroup, version, year: int, units) -> EmulationGroup:
    """The group's members for `year` (replaces that year's list). Like every change of a
    group, it goes through the workflow's steps: lock the group at the version the user
    saw (stale → 409), ask the policy, check, save with a new version, audit before and
    after."""
    units = list(units)
    if len(units) < 2:
        raise Refused(_("Khối, cụm thi đua cần ít nhất hai đơn vị thành viên."))
    for u in units:
        if not policy.can(user, "view", u):
            raise workflow.NotAllowed(_("Đơn vị “%(u)s” không thuộc phạm vi của bạn.")
                                      % {"u": u.subject.name})
    with transaction.atomic():
        fresh = workflow.lock(group, version)
        workflow.require(user, "manage_groups", fresh.agency)
        if Round.objects.filter(group=fresh, year=year).exists():
            raise Refused(_("Năm %(y)s đã mở đợt chấm điểm: không đổi được thành viên.")
                          % {"y": year})
        lead = GroupYear.objects.filter(group=fresh, year=year).first()
        if lead and lead.lead_id not in {u.pk for u in units}:
            raise Refused(_("Đơn vị trưởng năm %(y)s (%(u)s) phải là thành viên.")
                          % {"y": year, "u": lead.lead.subject.name})
        before = {"year": year, "units": _codes(members(fresh, year)),
                  "version": fresh.version}
        GroupMembership.objects.filter(group=fresh, year=year).delete()
        GroupMembership.objects.bulk_create(
            [GroupMembership(group=fresh, unit=u, year=year) for u in units])
        workflow.bump(fresh)
        record(user, "scoring.group.members", fresh, before,
               {"year": year, "units": _codes(units), "version": fresh.version})
    return fresh


def members(group: EmulationGroup, year: int) -> list[Unit]:
    units = Unit.objects.filter(group_memberships__group=group, group_memberships__year=year) \
        .select_related("subject")
    return sorted(units, key=lambda u: (text_sort_key(u.subject.name), u.pk))


def next_lead(group: EmulationGroup, year: int) -> Unit | None:
    """The lead unit the rotation gives for `year`: the member after last year's lead in
    the members' (Vietnamese) name order, the first when there was none."""
    units = members(group, year)
    if not units:
        return None
    before = GroupYear.objects.filter(group=group, year__lt=year).order_by("-year").first()
    if before is None:
        return units[0]
    names = [(text_sort_key(u.subject.name), u.pk) for u in units]
    last = (text_sort_key(before.lead.subject.name), before.lead_id)
    for key, unit in zip(names, units, strict=True):
        if key > last:
            return unit
    return units[0]


def set_lead(user, group: EmulationGroup, version, year: int, lead: Unit | None = None,
             deputy: Unit | None = None) -> GroupYear:
    """The year's lead unit (by default the rotation's next) and deputy. The group is
    locked at the version the user saw (a lead chosen on a stale page → 409) and gets a
    new version, as for its members; the audit keeps the lead before and after."""
    with transaction.atomic():
        fresh = workflow.lock(group, version)
        workflow.require(user, "manage_groups", fresh.agency)
        lead = lead or next_lead(fresh, year)
        ids = {u.pk for u in members(fresh, year)}
        if lead is None or lead.pk not in ids:
            raise Refused(_("Đơn vị trưởng phải là thành viên của khối, cụm năm %(y)s.")
                          % {"y": year})
        if deputy is not None and (deputy.pk not in ids or deputy.pk == lead.pk):
            raise Refused(_("Đơn vị phó phải là một thành viên khác đơn vị trưởng."))
        gy = GroupYear.objects.select_for_update(of=("self",)).filter(group=fresh, year=year) \
            .select_related("lead", "deputy").first()
        before = ({"year": year, "lead": gy.lead.code,
                   "deputy": gy.deputy.code if gy.deputy else ""} if gy else {"year": year})
        if gy is None:
            gy = GroupYear.objects.create(group=fresh, year=year, lead=lead, deputy=deputy)
        else:
            workflow.bump(gy, lead=lead, deputy=deputy)
        workflow.bump(fresh)
        record(user, "scoring.group.lead", gy, before,
               {"year": year, "lead": lead.code, "deputy": deputy.code if deputy else "",
                "group_version": fresh.version})
    return gy


def record_pact(user, gy: GroupYear, version, *, signed_on: dt.date, targets: list[tuple],
                uploaded=None) -> GroupYear:
    """The signed pact: date, scanned document, targets [(text, measure)]."""
    targets = [(t.strip(), (m or "").strip()) for t, m in targets if t and t.strip()]
    if not targets:
        raise Refused(_("Giao ước thi đua cần ít nhất một chỉ tiêu."))
    if signed_on > timezone.localdate():
        raise Refused(_("Ngày ký giao ước không được sau ngày hôm nay."))
    if signed_on.year not in (gy.year, gy.year - 1):
        raise Refused(_("Giao ước năm %(y)s phải ký trong năm %(y)s hoặc cuối năm trước.")
                      % {"y": gy.year})
    found = None
    if uploaded is not None:
        try:
            found = uploads.check_upload(uploaded, allowed=PACT_TYPES,
                                         max_bytes=EVIDENCE_MAX_BYTES)
        except ValidationError as exc:
            raise Refused(_("Văn bản giao ước: %(m)s") % {"m": " ".join(exc.messages)}) from exc
    with transaction.atomic():
        fresh = workflow.lock(gy, version)
        workflow.require(user, "manage_groups", fresh.group.agency)
        if found is None and not fresh.pact_file:
            raise Refused(_("Hãy tải lên văn bản giao ước thi đua đã ký."))
        if found is not None:
            fresh.pact_file.save(stored_name(found.extension), uploaded, save=False)
            fresh.pact_file_name = uploaded.name[:255]
        before = {"signed_on": fresh.pact_signed_on.isoformat() if fresh.pact_signed_on
                  else "", "targets": fresh.targets.count(), "version": fresh.version}
        fresh.targets.all().delete()
        PactTarget.objects.bulk_create([PactTarget(group_year=fresh, position=i, text=t,
                                                   measure=m)
                                        for i, (t, m) in enumerate(targets, 1)])
        workflow.bump(fresh, pact_signed_on=signed_on)
        record(user, "scoring.group.pact", fresh, before,
               {"signed_on": signed_on.isoformat(), "targets": len(targets),
                "version": fresh.version})
    return fresh


def cast_vote(user, rnd: Round, voter: Unit, chosen: list[Unit]) -> MemberVote:
    """A member unit's vote for the units to propose for the flag (once per round)."""
    workflow.require(user, "score_unit", voter)
    if rnd.group_id is None:
        raise Refused(_("Chỉ khối, cụm thi đua mới bình xét bằng phiếu của đơn vị thành viên."))
    if rnd.status != Round.OPEN:
        raise Refused(_("Đợt chấm điểm đã công bố kết quả: không bỏ phiếu được nữa."))
    ids = set(rnd.sheets.values_list("unit_id", flat=True))
    if voter.pk not in ids:
        raise Refused(_("%(u)s không phải thành viên của khối, cụm năm %(y)s.")
                      % {"u": voter.subject.name, "y": rnd.year})
    if rnd.sheets.exclude(status=ScoreSheet.VERIFIED).exists():
        raise Refused(_("Chỉ bỏ phiếu bình xét khi mọi bảng điểm đã được thẩm định."))
    limit = rnd.scheme.proposals[0].top if rnd.scheme.proposals else 1
    chosen = list({u.pk: u for u in chosen}.values())
    if not chosen:
        raise Refused(_("Hãy chọn ít nhất một đơn vị."))
    if len(chosen) > limit:
        raise Refused(_("Chỉ được chọn tối đa %(n)s đơn vị.") % {"n": limit})
    for u in chosen:
        if u.pk not in ids:
            raise Refused(_("%(u)s không phải thành viên của khối, cụm.") % {"u": u.subject.name})
    try:
        with transaction.atomic():
            vote = MemberVote.objects.create(round=rnd, voter=voter, by=user)
            vote.chosen.set(chosen)
            _audit(user, "scoring.vote", vote, {"voter": voter.code,
                                                "chosen": sorted(u.code for u in chosen)})
    except IntegrityError:
        raise Refused(_("%(u)s đã bỏ phiếu trong đợt này.") % {"u": voter.subject.name}) from None
    return vote
