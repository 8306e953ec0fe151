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

from . import search as name_search
from .models import Unit

LIMIT = 30

# Actions a picker may be scoped by (the `action` parameter of /pick/units/).
ACTIONS = frozenset({
    "view", "edit_ledger", "import", "export", "manage_org", "manage_people",
    "discover", "register", "foster", "nominate", "compile_list", "manage_plans",
    "manage_media", "manage_replication", "adopt_model",
    "report_tt02",
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


def ranked(queryset: QuerySet, q: str, prefix: str = "subject__") -> QuerySet | None:
    """`queryset` narrowed to what matches `q` and annotated with `pick_rank`: 0 the
    exact code, 1 codes starting with `q`, 2 names starting with it (diacritics
    ignored), 3 names holding every word, 4 codes only holding it. `prefix` leads to
    the `Subject` ("subject__" from a unit or person, "" on subjects themselves).
    None when `q` is blank. Shared by the unit and the subject pickers."""
    q = vietnamese.clean_text(q)
    if not q:
        return None
    folded = vietnamese.fold(q)
    code, name = f"{prefix}code", f"{prefix}search_name"
    name_q = Q()
    for word in folded.split():
        name_q &= Q(**{f"{name}__contains": word})
    rank = Case(
        When(Q(**{f"{code}__iexact": q}), then=Value(0)),
        When(Q(**{f"{code}__istartswith": q}), then=Value(1)),
        When(Q(**{f"{name}__startswith": folded}), then=Value(2)),
        When(name_q, then=Value(3)),
        default=Value(4),
        output_field=IntegerField(),
    )
    # The filter is served by an index (orgs.search); the rank is computed on the
    # matches only.
    return queryset.filter(name_search.matching(q, prefix)).annotate(pick_rank=rank)


def typed_plain(q: str) -> bool:
    """Whether `q` was typed without diacritics. Browsers filter datalist options by the
    typed text, diacritics included, so the option labels then carry the folded name
    too, or the suggestions would be hidden."""
    folded = vietnamese.fold(q or "")
    return bool(folded) and vietnamese.clean_text(q).lower() == folded


def search(queryset: QuerySet[Unit], q: str, limit: int = LIMIT) -> list[Unit]:
    """Units of `queryset` matching `q`, best first (ranked as `ranked` says); today's
    units before dissolved ones; Vietnamese order within each rank."""
    matching = ranked(queryset, q)
    if matching is None:
        return list(queryset.order_by("path")[:limit])
    gone = Case(When(valid_to__isnull=True, then=Value(0)), default=Value(1),
                output_field=IntegerField())
    return list(
        matching.annotate(pick_gone=gone)
        .order_by("pick_rank", "pick_gone", "subject__sort_key", "pk")[:limit]
    )


def resolve(user, code: str, action: str = "view", **scope) -> Unit | None:
    """The unit with this code if the picker scoped this way accepts it, else None."""
    code = (code or "").strip()
    if not code:
        return None
    return pickable(user, action, **scope).filter(subject__code=code).first()


def not_found(code: str) -> str:
    return _("Không tìm thấy đơn vị “%(code)s” trong phạm vi của bạn.") % {"code": code}
