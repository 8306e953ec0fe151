"""The one permission policy: who may see and do what, by role and by unit.

A role is held at a unit and covers every unit at or below it in today's tree
(`Unit.path`). Every view, list, export and API endpoint asks this module; an
object out of the user's scope is answered as "not found" by the views.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from dienhinh.core import plain
from dienhinh.orgs.models import Person, Role, RoleAssignment, Subject, SubjectScope, Unit

R = Role
# action -> roles that may perform it (within their scope)
ACTIONS: dict[str, frozenset[str]] = {
    "view": frozenset(Role.values),
    "edit_ledger": frozenset({R.ADMINISTRATOR, R.STANDING_OFFICE, R.UNIT_OFFICER}),
    "import": frozenset({R.ADMINISTRATOR, R.STANDING_OFFICE, R.UNIT_OFFICER}),
    "export": frozenset({R.ADMINISTRATOR, R.STANDING_OFFICE, R.UNIT_OFFICER, R.HEAD}),
    "manage_org": frozenset({R.ADMINISTRATOR}),
    "manage_people": frozenset({R.ADMINISTRATOR, R.STANDING_OFFICE, R.UNIT_OFFICER}),
    "manage_users": frozenset({R.ADMINISTRATOR}),
    # Who signs for an agency (its head, deputies, acting head, chiefs signing by order):
    # kept by the standing office, read by every document the agency issues.
    "manage_leaders": frozenset({R.ADMINISTRATOR, R.STANDING_OFFICE}),
    "manage_catalogue": frozenset({R.ADMINISTRATOR}),
    "discover": frozenset({R.ADMINISTRATOR, R.STANDING_OFFICE, R.HEAD}),
    "register": frozenset({R.ADMINISTRATOR, R.STANDING_OFFICE, R.UNIT_OFFICER}),
    "compile_list": frozenset({R.ADMINISTRATOR, R.STANDING_OFFICE}),
    "foster": frozenset({R.ADMINISTRATOR, R.STANDING_OFFICE, R.UNIT_OFFICER}),
    "nominate": frozenset({R.ADMINISTRATOR, R.STANDING_OFFICE, R.UNIT_OFFICER}),
    "appraise": frozenset({R.ADMINISTRATOR, R.STANDING_OFFICE}),
    "manage_plans": frozenset({R.ADMINISTRATOR, R.STANDING_OFFICE}),
    # A template is edited by the standing office at or above its owner unit; the
    # seed templates (no owner) by administrators only. Without an object: may the
    # user open the editor at all (and copy a seed template)?
    "edit_template": frozenset({R.ADMINISTRATOR, R.STANDING_OFFICE}),
    "send_feedback": frozenset({R.ADMINISTRATOR, R.STANDING_OFFICE, R.UNIT_OFFICER, R.HEAD}),
    "answer_feedback": frozenset({R.ADMINISTRATOR, R.STANDING_OFFICE}),
    "manage_council": frozenset({R.ADMINISTRATOR, R.STANDING_OFFICE}),
    "view_council": frozenset({R.ADMINISTRATOR, R.STANDING_OFFICE, R.HEAD, R.COUNCIL_MEMBER}),
    "vote": frozenset({R.COUNCIL_MEMBER}),
    "approve_decision": frozenset({R.ADMINISTRATOR, R.HEAD}),
    "manage_decisions": frozenset({R.ADMINISTRATOR, R.STANDING_OFFICE}),
    "view_decisions": frozenset({R.ADMINISTRATOR, R.STANDING_OFFICE, R.HEAD}),
    # -- Replication (issue 12: media log, good models, adoptions, pledges, study visits,
    # conferences). The media log is kept by the editor and the standing office; models,
    # visits and conferences by the standing office of the agency; a unit registers,
    # follows and evaluates its own adoptions and pledges; pledges are reviewed by the
    # standing office above the pledging unit.
    "manage_media": frozenset({R.ADMINISTRATOR, R.STANDING_OFFICE, R.EDITOR}),
    "manage_replication": frozenset({R.ADMINISTRATOR, R.STANDING_OFFICE}),
    "adopt_model": frozenset({R.ADMINISTRATOR, R.STANDING_OFFICE, R.UNIT_OFFICER}),
    "review_pledge": frozenset({R.ADMINISTRATOR, R.STANDING_OFFICE}),
    # -- Portal (issue 12: stories of exemplars). The editor drafts and revises stories
    # and records people's consent; the standing office reviews, publishes and takes
    # down; either may take a story down at once (a consent withdrawn by telephone).
    "write_story": frozenset({R.ADMINISTRATOR, R.STANDING_OFFICE, R.EDITOR}),
    "publish_story": frozenset({R.ADMINISTRATOR, R.STANDING_OFFICE}),
    "unpublish_story": frozenset({R.ADMINISTRATOR, R.STANDING_OFFICE, R.EDITOR}),
    "record_consent": frozenset({R.ADMINISTRATOR, R.STANDING_OFFICE, R.EDITOR}),
    # -- Scoring (issue 13): a unit scores itself (its officer, or the office above it);
    # the standing office of the round's agency verifies, adjusts and publishes; blocks
    # and clusters are set up by the standing office of the agency that organises them.
    "score_unit": frozenset({R.ADMINISTRATOR, R.STANDING_OFFICE, R.UNIT_OFFICER}),
    "verify_score": frozenset({R.ADMINISTRATOR, R.STANDING_OFFICE}),
    "manage_groups": frozenset({R.ADMINISTRATOR, R.STANDING_OFFICE}),
    # -- Reports (issue 13): a unit writes and submits its own review report (its officer,
    # or the office above it); the agency's standing office and head see who reported,
    # the dashboards, and generate the agency's report from its units' figures.
    "write_report": frozenset({R.ADMINISTRATOR, R.STANDING_OFFICE, R.UNIT_OFFICER}),
    "review_reports": frozenset({R.ADMINISTRATOR, R.STANDING_OFFICE, R.HEAD}),
    # A unit's own dashboard: its quotas by quarter, its fostering, its report and its
    # deadlines — for its officer as well (the agency's overview stays `review_reports`).
    "view_unit_dashboard": frozenset({R.ADMINISTRATOR, R.STANDING_OFFICE, R.UNIT_OFFICER,
                                      R.HEAD}),
    # -- Statistics (issue 13): the yearly forms of Thông tư 02/2023/TT-BNV (0601.N–0603.N)
    # of a unit and everything below it, compiled by the standing office and read by the
    # head who signs them.
    "report_tt02": frozenset({R.ADMINISTRATOR, R.STANDING_OFFICE, R.HEAD}),
}


def assignments(user) -> list[RoleAssignment]:
    """The user's role assignments with their units and the units' subjects, by role and
    unit path, read once per user object. Django reads the user afresh for every
    request, so the policy's checks, the navigation and every home section of one page
    share one query, and a role granted or withdrawn counts from the next request."""
    if not getattr(user, "is_authenticated", False):
        return []
    cached = getattr(user, "_dienhinh_assignments", None)
    if cached is None:
        # Sorted here, not by the database: a user has a handful, and an ORDER BY
        # through the join costs Django a fifth of this query's building on every page.
        cached = sorted(RoleAssignment.objects.filter(user_id=user.pk)
                        .select_related("unit__subject").order_by(),
                        key=lambda a: (a.role, a.unit.path, a.pk))
        user._dienhinh_assignments = cached
    return cached


_GRANTS_SQL = ("SELECT a.role, u.path FROM {table} a INNER JOIN {unit} u"
               " ON u.subject_id = a.unit_id WHERE a.user_id = %s")


def _grants(user) -> list[tuple[str, str]]:
    """(role, unit path) pairs of the user, cached on the user object. Every page asks
    (the menu, each check); most need no more, so unless the page has read the whole
    assignments already, the pairs come from one plain statement (`core.plain`): the
    ORM's join with its units and subjects cost 0.6 ms of CPU to build and fill."""
    if not getattr(user, "is_authenticated", False):
        return []
    cached = getattr(user, "_dienhinh_grants", None)
    if cached is None:
        known = getattr(user, "_dienhinh_assignments", None)
        if known is not None:
            cached = [(a.role, a.unit.path) for a in known]
        else:
            cached = [tuple(row) for row in plain.rows(
                RoleAssignment, _GRANTS_SQL, [user.pk], unit=Unit)]
        user._dienhinh_grants = cached
    return cached


def roles(user) -> set[str]:
    return {role for role, _ in _grants(user)}


def _paths(user, action: str) -> list[str] | None:
    """Unit paths the user may perform `action` under; None means everywhere."""
    if getattr(user, "is_superuser", False) and user.is_active:
        return None
    allowed = ACTIONS.get(action)
    if allowed is None:
        raise ValueError(f"unknown action {action!r}")
    paths = sorted({path for role, path in _grants(user) if role in allowed})
    # Drop paths covered by a shorter one: fewer OR terms in every query.
    kept: list[str] = []
    for path in paths:
        if not any(path.startswith(k) for k in kept):
            kept.append(path)
    return kept


def scope_key(user, action: str = "view") -> str:
    """A short key naming the user's scope for `action` (for caches shared by users
    of the same scope)."""
    paths = _paths(user, action) if user.is_authenticated else []
    return "*" if paths is None else ",".join(paths) or "-"


def has_scope(user, action: str = "view") -> bool:
    """Whether `units(user, action)` can hold anything (a role for `action`, or a
    superuser), without building the queryset: lists skip their query when not."""
    if not getattr(user, "is_authenticated", False):
        return False
    return _paths(user, action) != []


def overlaps(user, path: str, action: str = "view") -> bool:
    """Whether the user's scope for `action` and the subtree at `path` share a unit: the
    subtree lies in the scope, or holds a unit where the user's role is. Decided from the
    role paths alone, as `units(user).filter(path__startswith=path).exists()` would be
    answered by the database (both are subtrees of today's tree)."""
    if not getattr(user, "is_authenticated", False):
        return False
    paths = _paths(user, action)
    if paths is None:
        return Unit.objects.filter(path__startswith=path).exists()
    return any(path.startswith(p) or p.startswith(path) for p in paths)


def _path_of(obj) -> str | None:
    if isinstance(obj, Unit):
        return obj.path
    if isinstance(obj, Person):
        return obj.unit.path
    if isinstance(obj, Subject):
        return _path_of(obj.detail)
    if hasattr(obj, "subject"):
        return _path_of(obj.subject)
    if hasattr(obj, "unit"):
        return _path_of(obj.unit)
    return None


# Seats of a council whose holders run its meetings besides the standing office.
COUNCIL_MANAGING_SEATS = ("chair", "vice_chair", "secretary")


def _council_seat(user, obj) -> bool:
    """Does `user` hold a managing seat of the council of `obj` (a council or one of
    its meetings) on the meeting's date (today for a council)?"""
    from django.db.models import Q as _Q
    from django.utils import timezone

    council = getattr(obj, "council", obj)
    on = getattr(obj, "held_on", None) or timezone.localdate()
    return council.members.filter(
        user=user, role__in=COUNCIL_MANAGING_SEATS, term_from__lte=on,
    ).filter(_Q(term_to__isnull=True) | _Q(term_to__gte=on)).exists()


def can(user, action: str, obj=None) -> bool:
    """May `user` do `action` on `obj` (or anywhere, when obj is None)?"""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if action == "manage_council" and getattr(obj, "_meta", None) is not None and \
            obj._meta.label in ("council.Council", "council.Meeting"):
        # A council (or a meeting): the standing office of its agency, or its chair,
        # vice-chair or secretary.
        return can(user, action, obj.unit) or _council_seat(user, obj)
    paths = _paths(user, action)
    if paths is None:
        return True
    if action == "edit_template" and getattr(obj, "_meta", None) is not None and \
            obj._meta.label == "plans.PlanTemplate" and obj.owner_id is None:
        return R.ADMINISTRATOR in roles(user)
    if obj is None:
        return bool(paths)
    path = _path_of(obj)
    return path is not None and any(path.startswith(p) for p in paths)


def _scope_q(paths: list[str], field: str) -> Q:
    q = Q(pk__in=[])
    for p in paths:
        q |= Q(**{f"{field}__startswith": p})
    return q


def units(user, action: str = "view") -> QuerySet[Unit]:
    qs = Unit.objects.all()
    paths = _paths(user, action) if user.is_authenticated else []
    return qs if paths is None else qs.filter(_scope_q(paths, "path"))


def in_scope(user, field: str, action: str = "view") -> Q:
    """A condition on a unit path (`field`, e.g. "plan__agency__path"): true for the
    units of `units(user, action)`. Written on the path itself rather than as `__in`
    their subquery, it costs Django less to build (the home page asks on every request)."""
    paths = _paths(user, action) if user.is_authenticated else []
    return Q() if paths is None else _scope_q(paths, field)


def units_above(user, action: str = "view") -> QuerySet[Unit]:
    """The units at or above those where the user holds a role for `action`: what an
    agency offers to the units below it (a good model to adopt) reaches them."""
    qs = Unit.objects.all()
    paths = _paths(user, action) if user.is_authenticated else []
    if paths is None:
        return qs
    ancestors = set()
    for path in paths:
        parts = [p for p in path.split("/") if p]
        ancestors.update("/" + "/".join(parts[:n]) + "/" for n in range(1, len(parts) + 1))
    return qs.filter(path__in=sorted(ancestors))


def people(user, action: str = "view") -> QuerySet[Person]:
    qs = Person.objects.all()
    paths = _paths(user, action) if user.is_authenticated else []
    if paths is None:
        return qs
    # The units first (a path index range), then their people (the unit index).
    return qs.filter(unit_id__in=Unit.objects.filter(_scope_q(paths, "path")).values("pk"))


def _subject_ids(paths: list[str]) -> QuerySet:
    """Ids of the subjects in scope: one indexed `path LIKE` on `SubjectScope` (a unit's
    path, a person's unit's path, kept by triggers). Testing the path through a join of
    subjects to both units and people with an OR made PostgreSQL join every subject of
    the province first, whatever the scope."""
    return SubjectScope.objects.filter(_scope_q(paths, "path")).values("subject_id")


def subjects(user, action: str = "view") -> QuerySet[Subject]:
    qs = Subject.objects.all()
    paths = _paths(user, action) if user.is_authenticated else []
    if paths is None:
        return qs
    return qs.filter(pk__in=_subject_ids(paths))


def filter_by_subject(user, queryset, action: str = "view", field: str = "subject"):
    """Restrict any queryset with a subject foreign key to the user's scope."""
    paths = _paths(user, action) if user.is_authenticated else []
    if paths is None:
        return queryset
    return queryset.filter(**{f"{field}__in": _subject_ids(paths)})
