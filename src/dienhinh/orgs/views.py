"""Browsing the organisation: unit tree, unit and person pages, person list, search.

Every query starts from `dienhinh.policy`, so what is out of the user's scope is
"not found" (404), and what is visible but not editable is "forbidden" (403).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import NamedTuple
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Exists, F, OuterRef, Prefetch
from django.db.models.functions import Lower
from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.encoding import force_str
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from dienhinh import policy
from dienhinh.catalogue.models import InitiativeLevel, Issuer
from dienhinh.core import vietnamese
from dienhinh.core.paging import bounded_page
from dienhinh.ledger.models import Achievement, Evidence

from . import picker, subject_picker
from . import search as name_search
from .forms import LeaderForm, PersonForm, StalePerson
from .models import POSITION_CHOICES, Assignment, Person, Succession, Unit, UnitVersion

PAGE_SIZE = 50
CHILDREN_PAGE_SIZE = 200


# ---------------------------------------------------------------- helpers

def _tree_nodes(queryset):
    """Units as tree nodes: name loaded, a flag for "has something below", today's
    units first, then history, each in Vietnamese order."""
    below = Exists(Unit.objects.filter(parent=OuterRef("pk"))) | Exists(
        Succession.objects.filter(successor=OuterRef("pk"))
    )
    return (
        queryset.select_related("subject")
        .annotate(has_children=below)
        # Today's units (no end date) before dissolved ones, on every database.
        .order_by(F("valid_to").asc(nulls_first=True), "subject__sort_key")
    )


def children_of(user, unit: Unit):
    """Units placed directly below `unit` in today's tree (its path plus one step)."""
    pattern = "^" + re.escape(unit.path) + r"[0-9]+/$"
    return _tree_nodes(
        policy.units(user).filter(path__startswith=unit.path, path__regex=pattern)
    )


def tree_roots(user):
    """The highest units of the user's scope: where the user's roles are held, or
    the top of the tree for those whose scope is everything."""
    scope = policy.units(user)
    if getattr(user, "is_superuser", False):
        return _tree_nodes(scope.filter(path__regex=r"^/[0-9]+/$"))
    paths = sorted(set(
        scope.filter(role_assignments__user=user).values_list("path", flat=True)
    ))
    kept: list[str] = []
    for path in paths:
        if not any(path.startswith(k) for k in kept):
            kept.append(path)
    return _tree_nodes(scope.filter(path__in=kept))


def _visible_unit(user, code: str) -> Unit:
    return get_object_or_404(
        policy.units(user).select_related("subject", "parent__subject"), subject__code=code
    )


def _visible_person(user, code: str) -> Person:
    return get_object_or_404(
        policy.people(user).select_related("subject", "unit__subject"), subject__code=code
    )


def name_in_year(versions: list[UnitVersion], year: int, default: str) -> str:
    """The unit's name as it was in `year`: the version in force at the end of the
    year, or, for a unit that ceased during the year, its last version."""
    best = None
    for version in versions:
        starts = version.valid_from.year if version.valid_from else 0
        if starts <= year:
            best = version
    return best.name if best else default


def _labels():
    issuers = {i.code: i.label for i in Issuer.objects.all()}
    levels = {lv.code: lv.label for lv in InitiativeLevel.objects.all()}
    return issuers, levels


def _achievements(user, subject_ids):
    """Records of the subjects, newest year first, ready for the timeline."""
    queryset = (
        policy.filter_by_subject(user, Achievement.objects.filter(subject_id__in=subject_ids))
        .select_related("code", "subject")
        .prefetch_related(Prefetch("evidence", queryset=Evidence.objects.order_by("id")))
        .order_by("-year", "kind", "code__order", "id")
    )
    issuers, levels = _labels()
    records = list(queryset)
    for record in records:
        record.issuer_label = issuers.get(record.issuer, record.issuer)
        record.level_label = levels.get(record.level, record.level)
    return records


# ---------------------------------------------------------------- unit tree

@login_required
def unit_tree(request):
    return render(request, "orgs/unit_tree.html", {"nodes": tree_roots(request.user)})


def children_page(user, unit: Unit, number=None):
    """One page of the units below `unit`: a province's 3,000 communes arrive in
    pages, each ending with a "more" button that fetches the next."""
    return Paginator(children_of(user, unit), CHILDREN_PAGE_SIZE).get_page(number)


@login_required
def unit_children(request, code: str):
    """htmx: the next level of the tree below one unit, loaded when it is opened."""
    unit = _visible_unit(request.user, code)
    number = request.GET.get("page")
    # Later pages replace the "more" item, so they are items without the list around.
    template = "orgs/unit_tree_items.html" if number else "orgs/unit_tree_nodes.html"
    return render(
        request, template, {"nodes": children_page(request.user, unit, number), "more_of": unit}
    )


# ---------------------------------------------------------------- unit page

def _predecessors(unit: Unit) -> list[int]:
    """Every unit that continues, directly or through others, in `unit`."""
    found: list[int] = []
    frontier = [unit.pk]
    while frontier and len(found) < 1000:
        step = list(
            Succession.objects.filter(successor_id__in=frontier)
            .exclude(predecessor_id__in=found + [unit.pk])
            .values_list("predecessor_id", flat=True)
            .distinct()
        )
        found.extend(step)
        frontier = step
    return found


@login_required
def unit_detail(request, code: str):
    user = request.user
    unit = _visible_unit(user, code)
    members = (
        Person.objects.filter(unit=unit).select_related("subject").order_by("subject__sort_key")
    )
    page = Paginator(members, PAGE_SIZE).get_page(request.GET.get("page"))
    predecessor_ids = _predecessors(unit)
    history_units = [unit.pk] + predecessor_ids
    versions: dict[int, list[UnitVersion]] = {}
    for version in UnitVersion.objects.filter(unit_id__in=history_units).select_related(
        "parent__subject"
    ):
        versions.setdefault(version.unit_id, []).append(version)
    for rows in versions.values():
        # In Python: databases disagree on where NULL (since founding) sorts.
        rows.sort(key=lambda v: (v.valid_from or dt.date.min, v.pk))
    records = _achievements(user, history_units)
    for record in records:
        record.name_then = name_in_year(
            versions.get(record.subject_id, []), record.year, record.subject.name
        )
    context = {
        "unit": unit,
        "members": page,
        "sub_units": children_page(user, unit),
        "versions": versions.get(unit.pk, []),
        "predecessors": Succession.objects.filter(successor=unit)
        .select_related("predecessor__subject", "reorganisation")
        .order_by("-reorganisation__date"),
        "successors": Succession.objects.filter(predecessor=unit)
        .select_related("successor__subject", "reorganisation")
        .order_by("-reorganisation__date"),
        "records": records,
        "can_edit": policy.can(user, "edit_ledger", unit),
        "can_manage_people": policy.can(user, "manage_people", unit),
        "can_manage_leaders": policy.can(user, "manage_leaders", unit),
    }
    return render(request, "orgs/unit_detail.html", context)


# ---------------------------------------------------------------- person page

@login_required
def person_detail(request, code: str):
    user = request.user
    person = _visible_person(user, code)
    context = {
        "person": person,
        "assignments": Assignment.objects.filter(person=person)
        .select_related("unit__subject")
        .order_by("-valid_from", "-id"),
        "records": _achievements(user, [person.pk]),
        "can_edit": policy.can(user, "edit_ledger", person),
        "can_manage": policy.can(user, "manage_people", person),
    }
    return render(request, "orgs/person_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def person_edit(request, code: str):
    user = request.user
    person = _visible_person(user, code)
    if not policy.can(user, "manage_people", person):
        raise PermissionDenied(_("Bạn không có quyền này."))
    form = PersonForm(
        request.POST or None, person=person, units=policy.units(user, "manage_people")
    )
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            form.save(actor=user)
        except StalePerson as exc:
            form.add_error(None, str(exc))
            status = 409
        else:
            messages.success(request, _("Đã lưu thông tin cá nhân."))
            return redirect("person_detail", code=person.subject.code)
    return render(
        request, "orgs/person_form.html", {"form": form, "person": person}, status=status
    )


# ---------------------------------------------------------------- lists

class UnitName(NamedTuple):
    code: str
    name: str


class PersonRow(NamedTuple):
    """What a row of the people list shows of a person, read as values: fifty people
    with their subjects, units and the units' subjects made as models cost 1.6 ms of
    CPU more than their six values. Its names are the model's, for the template."""
    code: str
    full_name: str
    birth_date: dt.date | None
    unit: UnitName
    position: str

    FIELDS = ("subject__code", "subject__name", "birth_date", "unit__subject__code",
              "unit__subject__name", "position")

    @classmethod
    def of(cls, code, full_name, birth_date, unit_code, unit_name, position) -> PersonRow:
        return cls(code, full_name, birth_date, UnitName(unit_code, unit_name), position)

    def get_position_display(self) -> str:
        # As the model's: the choice's label, or the value itself.
        return force_str(POSITION_LABELS.get(self.position, self.position), strings_only=True)


POSITION_LABELS = dict(POSITION_CHOICES)


@login_required
def person_list(request):
    user = request.user
    people = policy.people(user)
    unit_code = request.GET.get("unit", "").strip()
    position = request.GET.get("position", "").strip()
    unit = None
    unit_error = ""
    if unit_code:
        unit = picker.resolve(user, unit_code, "view")
        # An unknown or out-of-scope unit filters to nothing rather than to everything,
        # and says so.
        if unit is None:
            unit_error = picker.not_found(unit_code)
        people = people.filter(unit__path__startswith=unit.path) if unit else people.none()
    if position:
        people = people.filter(position=position)
    page = bounded_page(people.order_by("subject__sort_key", "pk"), PAGE_SIZE,
                        request.GET.get("page"))
    # The page's rows as values; the count stays the queryset's (its LIMIT subquery
    # then selects the keys alone, not the six values through their joins).
    page.object_list = [PersonRow.of(*values)
                        for values in page.object_list.values_list(*PersonRow.FIELDS)]
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "orgs/person_list.html", {
        "page": page, "unit": unit, "unit_code": unit_code, "position": position,
        "positions": POSITION_CHOICES, "query": query.urlencode(), "unit_error": unit_error,
    }, status=400 if unit_error else 200)


def search_subjects(user, q: str):
    """People and units of the user's scope whose name or code matches `q`,
    ignoring case and diacritics ('dang' finds 'Đặng'), in Vietnamese order."""
    if not vietnamese.fold(q).split():
        return policy.subjects(user).none()
    # Served by an index on both databases (orgs.search): trigrams of the folded name.
    condition = name_search.matching(q)
    return (
        policy.subjects(user)
        .filter(condition)
        .select_related("unit", "person__unit__subject")
        # Ordered by an expression no index serves: otherwise PostgreSQL walks the
        # sort_key index over the whole province looking for fifty matches of a small
        # scope, instead of taking the scope's matches and sorting them (sort_key holds
        # digits only, so lower() leaves the order unchanged).
        .order_by(Lower("sort_key"), "pk")
    )


@login_required
def search(request):
    q = request.GET.get("q", "").strip()
    results = search_subjects(request.user, q)
    page = bounded_page(results, PAGE_SIZE, request.GET.get("page"))
    return render(
        request, "orgs/search.html", {"q": q, "page": page, "query": urlencode({"q": q})}
    )


# ---------------------------------------------------------------- unit picker

@login_required
def unit_pick(request):
    """The <option> items of a unit picker's <datalist> (htmx, as the officer types).

    `q` is the text typed; an input's hx-get sends its own name, so `field` names
    the parameter to read instead. `action` (whitelisted), `under`, `kind` (repeated
    or comma-separated) and `current=1` scope the units as `picker.pickable` does.
    """
    params = request.GET
    q = _typed(params)
    try:
        units = picker.pickable(
            request.user, params.get("action", "view"), under=params.get("under") or None,
            kinds=[k for v in params.getlist("kind") for k in v.split(",")],
            current=params.get("current") in ("1", "true"),
        )
    except picker.BadPick as exc:
        return HttpResponseBadRequest(_("Tham số không hợp lệ: %(error)s") % {"error": exc})
    return render(request, "orgs/_unit_options.html", {
        "units": picker.search(units, q), "plain": picker.typed_plain(q),
    })


def _typed(params) -> str:
    """What the officer typed: `q`, or the parameter `field` names (an input's hx-get
    sends its own name)."""
    q = params.get("q")
    if q is None:
        q = params.get(params.get("field", ""), "") if params.get("field") else ""
    return q[:100]


@login_required
def subject_pick(request):
    """The <option> items of a subject picker's <datalist> (people and units).

    `q` or `field` as for `unit_pick`; `action` (whitelisted), `under` (repeatable: each
    narrows) and `type` (individual, collective) scope the subjects as
    `subject_picker.pickable` does. `under_from` names another parameter holding a unit
    code that narrows too (the form's unit picker, sent by hx-include); left empty,
    it is ignored.
    """
    params = request.GET
    under = params.getlist("under")
    if params.get("under_from"):
        under.append(params.get(params["under_from"], ""))
    try:
        subjects = subject_picker.pickable(
            request.user, params.get("action", "view"), under=under,
            type=params.get("type") or None,
        )
    except picker.BadPick as exc:
        return HttpResponseBadRequest(_("Tham số không hợp lệ: %(error)s") % {"error": exc})
    q = _typed(params)
    return render(request, "orgs/_subject_options.html", {
        "subjects": subject_picker.search(subjects, q), "plain": picker.typed_plain(q),
    })


# ---------------------------------------------------------------- leaders (who signs)

def _leaders_context(user, unit, form=None, status: int = 200):
    from .models import CollectiveBody, Leadership

    rows = list(Leadership.objects.filter(unit=unit).order_by("-valid_from", "role", "id"))
    return {"unit": unit, "rows": rows, "form": form or LeaderForm(),
            "collective": CollectiveBody.objects.filter(unit=unit).first(),
            "can_manage": policy.can(user, "manage_leaders", unit)}


def _managed_unit(request, code: str) -> Unit:
    unit = _visible_unit(request.user, code)
    if not policy.can(request.user, "manage_leaders", unit):
        raise PermissionDenied(_("Bạn không có quyền cập nhật lãnh đạo của đơn vị này."))
    return unit


@login_required
def unit_leaders(request, code: str):
    """Who signs for the agency, by date: heads, deputies, acting heads, by order."""
    unit = _visible_unit(request.user, code)
    return render(request, "orgs/unit_leaders.html", _leaders_context(request.user, unit))


def _save(request, unit, row=None):
    from .leaders import LeaderRefused, save_leader

    form = LeaderForm(request.POST)
    template = "orgs/leader_form.html" if row is not None else "orgs/unit_leaders.html"
    context = (_leaders_context(request.user, unit, form) if row is None
               else {"unit": unit, "row": row, "form": form})
    if not form.is_valid():
        return render(request, template, context, status=400)
    data = form.cleaned_data
    if row is not None and data["version"] is None:
        form.add_error(None, _("Thiếu phiên bản của bản ghi: hãy tải lại trang rồi thử lại."))
        return render(request, template, context, status=400)
    try:
        save_leader(request.user, unit, data, row, data["version"])
    except LeaderRefused as exc:
        form.add_error(None, str(exc))
        return render(request, template, context, status=exc.status)
    messages.success(request, _("Đã lưu lãnh đạo %(name)s.") % {"name": data["full_name"]})
    return redirect("unit_leaders", code=unit.code)


@login_required
@require_http_methods(["POST"])
def leader_add(request, code: str):
    return _save(request, _managed_unit(request, code))


@login_required
@require_http_methods(["GET", "POST"])
def leader_edit(request, code: str, pk: int):
    from .models import Leadership

    unit = _managed_unit(request, code)
    row = get_object_or_404(Leadership, pk=pk, unit=unit)
    if request.method == "POST":
        return _save(request, unit, row)
    form = LeaderForm(initial={"role": row.role, "full_name": row.full_name,
                               "title": row.title, "valid_from": row.valid_from,
                               "valid_to": row.valid_to, "version": row.version})
    return render(request, "orgs/leader_form.html", {"unit": unit, "row": row, "form": form})
