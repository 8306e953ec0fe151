"""The searchable unit picker, shared by every screen that filters by one unit.

A province holds thousands of units, too many for a <select>. The picker is a text
input (its name and value stay the unit code, so it works without JavaScript by
typing a code) with a <datalist> that htmx fills from `unit_pick` (/pick/units/) as
the officer types: at most `LIMIT` units of the user's scope for the screen's action,
matched on code and on the name with diacritics ignored ('so cong thuong' finds
'Sở Công Thương').

A screen uses three things with the same scope arguments (action, under, kinds,
current), so that what is suggested is exactly what is accepted:

- in the template: `{% load unit_picker %}{% unit_picker "unit" value=code unit=unit
  action="discover" kinds="agency,division" current=True %}`
  (`orgs/templatetags/unit_picker.py`, template `orgs/_unit_picker.html`);
- in the view: `picker.resolve(user, code, action, ...)` returns the unit or None, and
  `picker.not_found(code)` is the message to show when it is None.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.utils.translation import gettext as _

from dienhinh import policy
from dienhinh.catalogue import codes
from dienhinh.core import vietnamese

from .models import Unit

LIMIT = 30

# Actions a picker may be scoped by (the `action` parameter of /pick/units/).
ACTIONS = frozenset({
    "view", "edit_ledger", "import", "export", "manage_org", "manage_people",
    "discover", "register", "foster", "nominate", "compile_list", "manage_plans",
})
KINDS = frozenset(codes.UNIT_KINDS)


class BadPick(ValueError):
    """A picker parameter outside its whitelist (answered with 400)."""


def parse_kinds(value: str | Iterable[str] | None) -> tuple[str, ...]:
    if not value:
        return ()
    items = value.split(",") if isinstance(value, str) else list(value)
    kinds = tuple(sorted({k.strip() for k in items if k.strip()}))
    unknown = [k for k in kinds if k not in KINDS]
    if unknown:
        raise BadPick(f"unknown unit kind {unknown[0]!r}")
    return kinds


def pickable(user, action: str = "view", *, under: str | None = None,
             kinds: str | Iterable[str] | None = None, current: bool = False) -> QuerySet[Unit]:
    """The units a picker scoped this way may offer and accept.

    `action` is checked against `ACTIONS` and the scope comes from `policy.units`;
    `under` (a unit code) keeps units at or below that unit; `kinds` keeps those
    kinds; `current` keeps units that exist today.
    """
    if action not in ACTIONS:
        raise BadPick(f"unknown action {action!r}")
    qs = policy.units(user, action)
    if under:
        anchor = Unit.objects.filter(subject__code=under).values_list("path", flat=True).first()
        if anchor is None:
            return qs.none()
        qs = qs.filter(path__startswith=anchor)
    kind_list = parse_kinds(kinds)
    if kind_list:
        qs = qs.filter(kind__in=kind_list)
    if current:
        qs = qs.filter(valid_to__isnull=True)
    return qs.select_related("subject")


def search(queryset: QuerySet[Unit], q: str, limit: int = LIMIT) -> list[Unit]:
    """Units of `queryset` matching `q`, best first: the exact code, codes starting
    with `q`, names starting with it, then names holding every word and codes holding
    it; today's units before dissolved ones; Vietnamese order within each rank."""
    q = vietnamese.clean_text(q)
    if not q:
        return list(queryset.order_by("path")[:limit])
    folded = vietnamese.fold(q)
    words = folded.split()
    name_q = Q()
    for word in words:
        name_q &= Q(subject__search_name__contains=word)
    rank = Case(
        When(subject__code__iexact=q, then=Value(0)),
        When(subject__code__istartswith=q, then=Value(1)),
        When(subject__search_name__startswith=folded, then=Value(2)),
        When(name_q, then=Value(3)),
        default=Value(4),
        output_field=IntegerField(),
    )
    gone = Case(When(valid_to__isnull=True, then=Value(0)), default=Value(1),
                output_field=IntegerField())
    return list(
        queryset.filter(name_q | Q(subject__code__icontains=q))
        .annotate(pick_rank=rank, pick_gone=gone)
        .order_by("pick_rank", "pick_gone", "subject__sort_key", "pk")[:limit]
    )


def resolve(user, code: str, action: str = "view", **scope) -> Unit | None:
    """The unit with this code if the picker scoped this way accepts it, else None."""
    code = (code or "").strip()
    if not code:
        return None
    return pickable(user, action, **scope).filter(subject__code=code).first()


def not_found(code: str) -> str:
    return _("Không tìm thấy đơn vị “%(code)s” trong phạm vi của bạn. / "
             "Unit “%(code)s” not found in your scope.") % {"code": code}
