"""What waits for the user, by role and scope: the home page's tasks, deadlines and the
small chart of the year's work.

    tasks(user, today) -> list[Task]          ballots to cast, drafts to sign, dossiers to
                                              appraise, lists to compile, registrations due,
                                              pledges to review, adoptions to evaluate
    deadlines(user, today) -> (overdue, next_30_days)
    pipeline(user, today) -> list[Bar]        the current year's work by stage (a chart)

Every task is a link to the page where it is done (one click from home, the action
on that page). The lists are scoped by `dienhinh.policy`: nothing here decides a
permission, it only asks.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from dienhinh import policy
from dienhinh.orgs.models import Role, Unit

LIMIT = 8  # per kind: the home page points to the list, it does not replace it


@dataclass
class Task:
    kind: str        # ballot | sign | appraise | compile | register | foster | returned
    #                  | score | verify_score | pledge | evaluate | report
    #                  | statistics
    title: str
    detail: str
    url: str
    action: str      # the button's words
    due: dt.date | None = None
    urgent: bool = False


@dataclass
class Bar:
    label: str
    count: int
    width: int = 0   # of 100, for the SVG


@dataclass
class _Some:
    """The first LIMIT rows of `queryset`, each made a task by `task`: most of these
    lists are empty for most users, so whether each has any row is asked first, for all
    of a page's lists in one statement (`_read_some`), and only those with rows are read
    (an EXISTS costs PostgreSQL, planning, and Django, compiling, less than the list's
    joins)."""
    queryset: QuerySet
    task: Callable
    more: Callable | None = None  # (how many beyond the LIMIT shown) -> Task


def _read_some(found: list) -> list[Task]:
    """`found` with each `_Some` replaced by its tasks, in place: the EXISTS of all of
    them in one statement per database."""
    lists = [item for item in found if isinstance(item, _Some)]
    by_db: dict[str, list[_Some]] = {}
    for item in lists:
        by_db.setdefault(item.queryset.db, []).append(item)
    some = set()
    for db, items in by_db.items():
        connection = connections[db]
        parts, params, asked = [], [], []
        for item in items:
            try:
                sql, more = item.queryset.query.exists().get_compiler(
                    connection=connection).as_sql()
            except EmptyResultSet:  # a scope with no unit: no row, nothing to ask
                continue
            parts.append(f"EXISTS ({sql})")
            params.extend(more)
            asked.append(item)
        if parts:
            with connection.cursor() as cursor:
                cursor.execute("SELECT " + ", ".join(parts), params)
                some.update(id(item) for item, yes in zip(asked, cursor.fetchone(), strict=True)
                            if yes)
    out = []
    for item in found:
        if not isinstance(item, _Some):
            out.append(item)
        elif id(item) in some:
            rows = list(item.queryset[:LIMIT])
            out.extend(item.task(row) for row in rows)
            total = item.queryset.count() if item.more and len(rows) == LIMIT else 0
            if total > LIMIT:
                out.append(item.more(total - LIMIT))
    return out


def _ballots(user, today) -> list[Task]:
    from dienhinh.council import services as council
    from dienhinh.council.models import Ballot, CouncilMember

    # Most users sit on no council: one cheap read (shared with the menu) instead of
    # the ballots' five-table join.
    if not council.has_seat(user):
        return []
    seats = (CouncilMember.objects.filter(user=user, term_from__lte=today)
             .filter(Q(term_to__isnull=True) | Q(term_to__gte=today)))
    ballots = (Ballot.objects.filter(status=Ballot.OPEN, mode=Ballot.ELECTRONIC,
                                     meeting__council__in=seats.values("council"))
               .select_related("meeting__council__agency__subject")
               .order_by("meeting__held_on", "pk"))
    found = []
    for ballot in ballots[:LIMIT]:
        seat = seats.filter(council=ballot.meeting.council).first()
        left = council.voter_items(ballot, seat) if seat else []
        if left:
            found.append(Task(
                "ballot", _("Bỏ phiếu kín: %(t)s") % {"t": ballot.meeting.title},
                ngettext("%(n)s hồ sơ chờ phiếu của đồng chí — %(c)s",
                         "%(n)s hồ sơ chờ phiếu của đồng chí — %(c)s", len(left)) % {
                    "n": len(left), "c": ballot.meeting.council.name},
                reverse("council_vote", args=[ballot.meeting_id]), _("Bỏ phiếu"),
                ballot.meeting.held_on, urgent=True))
    return found


def _drafts(user) -> list[Task]:
    from dienhinh.decisions.models import Decision

    if not policy.can(user, "approve_decision"):
        return []
    units = policy.units(user, "approve_decision")
    drafts = (Decision.objects.filter(status=Decision.DRAFT, agency__in=units)
              .select_related("agency__subject").order_by("created_at", "pk"))[:LIMIT]
    return [Task("sign", _("Dự thảo quyết định chờ ký: %(t)s") % {"t": d.title},
                 _("%(a)s — %(n)s đối tượng") % {"a": d.agency.name,
                                                  "n": d.recognitions.count()},
                 # straight to the preview, dated today (the head may change the date
                 # there): read, tick, sign
                 reverse("decision_issue", args=[d.pk]) + "?" + urlencode(
                     {"signed_on": timezone.localdate().strftime("%d/%m/%Y")}),
                 _("Xem và ký"), urgent=True)
            for d in drafts]


def _to_appraise(user) -> list[Task]:
    from dienhinh.exemplars.models import Nomination

    if not policy.can(user, "appraise"):
        return []
    # What the list shows, as values; the first LIMIT read before any count: an office
    # has a few dossiers waiting, rarely more (then, and only then, they are counted).
    noms = (Nomination.objects.filter(status=Nomination.SUBMITTED,
                                      unit__in=policy.units(user, "appraise"))
            .order_by("submitted_on", "pk")
            .values_list("pk", "subject__name", "unit__subject__name", "plan__number", "year"))
    first = list(noms[:LIMIT])
    total = noms.count() if len(first) == LIMIT else len(first)
    tasks = [Task("appraise", _("Thẩm định hồ sơ: %(s)s") % {"s": subject},
                  _("%(u)s đề nghị — Kế hoạch số %(p)s, năm %(y)s") % {
                      "u": unit, "p": number, "y": year},
                  reverse("exemplars_nomination", args=[pk]), _("Thẩm định"))
             for pk, subject, unit, number, year in first]
    if total > LIMIT:
        tasks.append(Task("appraise", _("Còn %(n)s hồ sơ chờ thẩm định") % {
            "n": total - LIMIT}, "", reverse("exemplars_nominations") + "?status=submitted",
            _("Xem tất cả")))
    return tasks


class _PlansInForce:
    """The plans in force that concern the user, read at most once for all the sections
    of one home page that ask (compiling, registering, reports): those whose agency is
    at, above or under a unit where the user holds a role (every section asks about
    such plans only; a province's other plans are not read)."""

    def __init__(self, user, today: dt.date):
        self.user, self.today, self._plans = user, today, None

    def all(self) -> list:
        from dienhinh.plans.models import Plan
        from dienhinh.reports.services import at_or_above

        if self._plans is None:
            paths = sorted({a.unit.path for a in policy.assignments(self.user)})
            where = Q(agency__path__in=at_or_above(paths))
            for path in paths:
                where |= Q(agency__path__startswith=path)
            self._plans = list(Plan.objects.filter(where, status=Plan.IN_FORCE)
                               .select_related("agency__subject")
                               .order_by("agency__path", "number")) if paths else []
        return self._plans

    def __call__(self, user, action: str):
        """(plan, year) of those whose window holds today's year and whose agency the
        user acts in or under."""
        paths = [a.unit.path for a in policy.assignments(user)
                 if a.role in policy.ACTIONS[action]]
        if not paths:
            return []
        year = self.today.year
        return [(p, year) for p in self.all()
                if p.start_year <= year <= p.end_year
                and any(path.startswith(p.agency.path) or p.agency.path.startswith(path)
                        for path in paths)]


def _to_compile(user, plans_in_force: _PlansInForce) -> list[Task]:
    from dienhinh.exemplars.models import CompiledList, Registration
    from dienhinh.plans.models import Plan

    if not policy.can(user, "compile_list"):
        return []
    plans = [(plan, year) for plan, year in plans_in_force(user, "compile_list")
             if policy.can(user, "compile_list", plan.agency)]
    if not plans:
        return []
    year = plans[0][1]  # this year, for every plan
    # Each plan's registrations counted and its list's sending asked, in one read.
    found = {pk: (count, sent) for pk, count, sent in Plan.objects.filter(
        pk__in=[plan.pk for plan, _year in plans]).order_by().annotate(
            count=Count("registrations", filter=Q(registrations__year=year,
                                                  registrations__status=Registration.REGISTERED)),
            sent=Exists(CompiledList.objects.filter(plan=OuterRef("pk"), year=year,
                                                    status=CompiledList.SENT)))
        .values_list("pk", "count", "sent")}
    tasks = []
    for plan, year in plans:
        count, sent = found[plan.pk]
        if count and not sent:
            tasks.append(Task(
                "compile", _("Tổng hợp danh sách đăng ký năm %(y)s") % {"y": year},
                _("Kế hoạch số %(p)s — %(a)s: %(n)s đăng ký") % {
                    "p": plan.number, "a": plan.agency.name, "n": count},
                reverse("exemplars_list", args=[plan.pk, year]),
                _("Tổng hợp, gửi cấp trên")))
    return tasks


def _registrations(user, today, plans_in_force: _PlansInForce) -> list[Task]:
    """For a unit officer: each plan in force over the unit, this year's registrations,
    the deadline and the quotas still unmet."""
    from dienhinh.exemplars import services as exemplars

    officer_units = [a.unit for a in policy.assignments(user) if a.role == Role.UNIT_OFFICER]
    tasks = []
    for unit in officer_units:
        for plan, year in plans_in_force(user, "register"):
            if not unit.path.startswith(plan.agency.path):
                continue
            t = exemplars.plan_template(plan)
            deadline = exemplars.registration_deadline(
                t, year, exemplars.quarter_of(today, year))
            entries = exemplars.unit_registrations(plan, unit)
            count = sum(1 for e in entries if e.year == year)
            gaps = [q.message for q in exemplars.check_quotas(plan, year, unit, entries)
                    if not q.ok]
            detail = _("Kế hoạch số %(p)s — %(a)s: đơn vị đã đăng ký %(n)s") % {
                "p": plan.number, "a": plan.agency.name, "n": count}
            if gaps:
                detail += ". " + " ".join(gaps)
            due = deadline.date if deadline else None
            tasks.append(Task(
                "register", _("Đăng ký điển hình năm %(y)s — %(u)s") % {
                    "y": year, "u": unit.name}, detail,
                reverse("exemplars_registrations", args=[plan.pk, year])
                + f"?unit={unit.code}", _("Đăng ký"), due,
                urgent=bool(gaps) and due is not None and due >= today))
    return tasks


def _fostering(user) -> list[Task | _Some]:
    from dienhinh.exemplars.models import FosteringPlan, Nomination

    if not policy.roles(user) & {Role.UNIT_OFFICER}:
        return []
    units = policy.units(user, "foster")
    returned = (Nomination.objects.filter(status=Nomination.RETURNED, unit__in=units)
                .select_related("subject"))
    fps = (FosteringPlan.objects.filter(status=FosteringPlan.OPEN,
                                        registration__unit__in=units,
                                        registration__plan__status="in_force")
           .select_related("registration__subject").order_by("registration__subject__code"))
    return [
        _Some(returned, lambda n: Task(
            "returned", _("Hồ sơ bị trả lại: %(s)s") % {"s": n.subject.name}, n.comments or "",
            reverse("exemplars_nomination", args=[n.pk]), _("Bổ sung hồ sơ"), urgent=True)),
        _Some(fps, lambda fp: Task(
            "foster", _("Bồi dưỡng: %(s)s") % {"s": fp.registration.subject.name}, fp.goal,
            reverse("exemplars_fostering", args=[fp.pk]), _("Ghi tiến độ"))),
    ]


def _replication(user, today) -> list[Task | _Some]:
    """Pledges whose review has come (for the reviewers) and adoptions a year old with
    no evaluation (for the adopting unit)."""
    from dienhinh.replication import services as replication

    tasks = []
    if policy.can(user, "review_pledge"):
        tasks.append(_Some(replication.pledges_due(user, today), lambda p: Task(
            "pledge", _("Đánh giá đăng ký thi đua cùng điển hình: %(w)s") % {
                "w": p.person.subject.name if p.person_id else p.unit.name},
            _("Học tập %(e)s — hạn đánh giá %(d)s") % {
                "e": p.exemplar.name, "d": p.review_due.strftime("%d/%m/%Y")},
            reverse("pledge_detail", args=[p.pk]), pgettext("action", "Đánh giá"),
            p.review_due), more=lambda n: Task(
                "pledge", _("Còn %(n)s đăng ký đến hạn đánh giá") % {"n": n}, "",
                reverse("pledge_list") + "?status=open", _("Xem tất cả"))))
    if policy.can(user, "adopt_model"):
        waiting = replication.adoptions_to_evaluate(user, today)
        tasks.append(_Some(waiting, lambda a: Task(
            "evaluate", _("Đánh giá kết quả áp dụng mô hình “%(m)s”") % {"m": a.model.title},
            _("%(u)s — áp dụng từ %(d)s") % {
                "u": a.unit.name, "d": a.started_on.strftime("%d/%m/%Y")},
            reverse("adoption_detail", args=[a.pk]), pgettext("action", "Đánh giá"))))
    return tasks


def _scoring(user) -> list[Task | _Some]:
    """A unit's score sheet to fill and submit (its officer); the sheets submitted to the
    office of the round's agency, to verify."""
    from dienhinh.scoring import services as scoring

    found = []
    if policy.roles(user) & {Role.UNIT_OFFICER}:
        found.append(_Some(scoring.sheets_to_submit(user), lambda s: Task(
            "score", _("Tự chấm điểm thi đua: %(u)s") % {"u": s.unit.subject.name},
            s.round.name, reverse("scoring_sheet", args=[s.pk]), _("Chấm điểm"),
            s.round.due_on)))
    if policy.roles(user) & {Role.STANDING_OFFICE, Role.ADMINISTRATOR}:
        found.append(_Some(scoring.sheets_to_verify(user), lambda s: Task(
            "verify_score", _("Thẩm định bảng điểm: %(u)s") % {"u": s.unit.subject.name},
            s.round.name, reverse("scoring_sheet", args=[s.pk]), _("Thẩm định"))))
    return found


def _reports(user, today: dt.date, plans_in_force: _PlansInForce) -> list[Task]:
    """A unit's review report due within 30 days or late, not yet sent (its officer)."""
    from dienhinh.reports import services as reports

    if not any(a.role == Role.UNIT_OFFICER for a in policy.assignments(user)):
        return []

    return [Task("report", _("Gửi báo cáo %(p)s: %(u)s") % {
        "p": period.label, "u": row.unit.subject.name}, row.label,
        reverse("reports_unit", args=[plan.pk, period.key, row.unit.pk]),
        _("Lập báo cáo"), row.due, urgent=row.state == "late")
        for row, plan, period in reports.reports_due(user, today,
                                                     plans_in_force.all())[:LIMIT]]


# The statistics forms are shown this many days before they are due.
TT02_LEAD_DAYS = 30


def _tt02_forms(user, today) -> list[Task]:
    """For the standing office: the yearly statistics forms 0601.N–0603.N of each agency
    it works for, from a month before they are due until the due day. The due day is
    the forms' own: "Ngày nhận báo cáo: Ngày 15 tháng 12 năm báo cáo" (Thông tư
    02/2023/TT-BNV, Phụ lục, biểu 0601.N, 0602.N, 0603.N); the figures run from 01/12
    of the year before to 30/11 (see `reports.tt02_forms.PERIOD_START`)."""
    from dienhinh.reports import tt02

    due = tt02.due_date(today.year)
    if not due - dt.timedelta(days=TT02_LEAD_DAYS) <= today <= due:
        return []
    if not any(a.role == Role.STANDING_OFFICE for a in policy.assignments(user)):
        return []
    # The user's assignments are read already (by unit path within a role); the units
    # above the offices, whose names the forms are sent to, in one read.
    units = [a.unit for a in policy.assignments(user)
             if a.role == Role.STANDING_OFFICE][:LIMIT]
    above = {u.pk: u for u in Unit.objects.filter(
        pk__in={u.parent_id for u in units if u.parent_id}).select_related("subject")}
    tasks = []
    for unit in units:
        if unit.parent_id:
            unit.parent = above[unit.parent_id]
        if not policy.can(user, "report_tt02", unit):
            continue
        start, end = tt02.period(today.year)
        tasks.append(Task(
            "statistics", _("Lập biểu thống kê thi đua, khen thưởng năm %(y)s — %(u)s") % {
                "y": today.year, "u": unit.name},
            _("Biểu 0601.N, 0602.N, 0603.N (Thông tư 02/2023/TT-BNV) gửi %(r)s trước ngày "
              "%(d)s; số liệu từ %(a)s đến %(b)s.") % {
                "r": tt02.receiver_of(unit), "d": due.strftime("%d/%m/%Y"),
                "a": start.strftime("%d/%m/%Y"), "b": end.strftime("%d/%m/%Y")},
            reverse("report_tt02") + "?" + urlencode({"scope": unit.code, "year": today.year}),
            _("Lập biểu"), due, urgent=(due - today).days <= 7))
    return tasks


def tasks(user, today: dt.date) -> list[Task]:
    plans_in_force = _PlansInForce(user, today)
    found = (_ballots(user, today) + _drafts(user) + _to_appraise(user)
             + _to_compile(user, plans_in_force) + _registrations(user, today, plans_in_force)
             + _fostering(user)
             + _scoring(user) + _replication(user, today) + _reports(user, today, plans_in_force)
             + _tt02_forms(user, today))
    found = _read_some(found)
    # Urgent first, then by date (undated last), keeping each kind's own order.
    far = dt.date.max
    return sorted(found, key=lambda t: (not t.urgent, t.due or far))


def deadlines(user, today: dt.date):
    from dienhinh.plans import plan_services

    # Only what the list shows (the day, the task's label, the plan's number), as values.
    rows = plan_services.relevant_deadline_rows(
        user, today - dt.timedelta(days=90), today + dt.timedelta(days=30), 30)
    overdue = [d for d in rows if d.last_day < today]
    upcoming = [d for d in rows if d.last_day >= today]
    return overdue, upcoming


def pipeline(user, today: dt.date) -> list[Bar]:
    """This year's work in the user's scope, stage by stage: where a count alone says
    little, the shape (many registered, few nominated) does."""
    from dienhinh.council.models import Ballot
    from dienhinh.decisions.models import Decision
    from dienhinh.exemplars.models import FosteringPlan, Nomination, Registration

    if not policy.roles(user) & {Role.STANDING_OFFICE, Role.HEAD, Role.ADMINISTRATOR}:
        return []
    units = policy.units(user, "view")
    year = today.year
    # Two aggregate queries (registrations; nominations with their recognitions), each
    # counting its stages with filters, rather than a query per bar.
    regs = Registration.objects.filter(year=year, status=Registration.REGISTERED,
                                       unit__in=units).aggregate(
        registered=Count("pk", distinct=True),
        fostering=Count("fostering", filter=Q(fostering__status=FosteringPlan.OPEN)))
    # Distinct: a nomination's agenda items and its recognitions multiply its rows.
    noms = Nomination.objects.filter(year=year, unit__in=units).aggregate(
        submitted=Count("pk", filter=Q(status=Nomination.SUBMITTED), distinct=True),
        voting=Count("pk", filter=Q(agenda_items__meeting__ballot__status=Ballot.OPEN),
                     distinct=True),
        draft=Count("recognitions", filter=Q(recognitions__decision__status=Decision.DRAFT),
                    distinct=True),
        issued=Count("recognitions",
                     filter=Q(recognitions__decision__status=Decision.ISSUED), distinct=True))
    bars = [
        Bar(_("Đã đăng ký"), regs["registered"]),
        Bar(_("Đang bồi dưỡng"), regs["fostering"]),
        Bar(_("Hồ sơ chờ thẩm định"), noms["submitted"]),
        Bar(_("Đang bỏ phiếu"), noms["voting"]),
        Bar(_("Chờ ký quyết định"), noms["draft"]),
        Bar(_("Đã công nhận"), noms["issued"]),
    ]
    top = max((b.count for b in bars), default=0)
    if not top:
        return []
    for b in bars:
        b.width = round(100 * b.count / top)
    return bars
