"""The searchable subject picker: people and units together, as they share one code
namespace through `Subject` (what a registration or a nomination names).

The same kind of picker as `dienhinh.orgs.picker` (whose ranking, folding, action
whitelist and `BadPick` it reuses): a text input whose value is the subject code, with
a <datalist> that htmx fills from `subject_pick` (/pick/subjects/) as the officer
types: at most `picker.LIMIT` subjects of the user's scope for the screen's action,
labelled "Name (CODE) · unit" (a person's unit, a unit's parent).

- in the template: `{% load unit_picker %}{% subject_picker "subject" value=code
  subject=subject action="register" under=plan.agency.code under_field="unit" %}`;
  `under_field` names the unit picker of the same form whose code narrows the
  suggestions as the officer changes it;
- in the view: `resolve(user, code, action, under=...)` returns the subject or None,
  and `not_found(code)` is the message to show when it is None.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.utils.translation import gettext as _

from dienhinh import policy

from .models import Subject, Unit
from .picker import ACTIONS, LIMIT, BadPick, ranked

TYPES = frozenset({Subject.INDIVIDUAL, Subject.COLLECTIVE})


def _codes(value: str | Iterable[str] | None) -> list[str]:
    if not value:
        return []
    items = [value] if isinstance(value, str) else list(value)
    return [code.strip() for code in items if code and code.strip()]


def pickable(user, action: str = "view", *, under: str | Iterable[str] | None = None,
             type: str | None = None) -> QuerySet[Subject]:
    """The subjects a picker scoped this way may offer and accept.

    `action` is checked against `picker.ACTIONS` and the scope comes from
    `policy.subjects`; `under` (a unit code, or several: each narrows) keeps the units
    at or below that unit and the people whose unit is; `type` is "individual" or
    "collective".
    """
    if action not in ACTIONS:
        raise BadPick(f"unknown action {action!r}")
    if type and type not in TYPES:
        raise BadPick(f"unknown subject type {type!r}")
    qs = policy.subjects(user, action)
    for code in _codes(under):
        anchor = Unit.objects.filter(subject__code=code).values_list("path", flat=True).first()
        if anchor is None:
            return qs.none()
        qs = qs.filter(Q(unit__path__startswith=anchor) | Q(person__unit__path__startswith=anchor))
    if type:
        qs = qs.filter(type=type)
    return qs


def search(queryset: QuerySet[Subject], q: str, limit: int = LIMIT) -> list[Subject]:
    """Subjects of `queryset` matching `q`, ranked as `picker.ranked` says, dissolved
    units last, Vietnamese order within each rank. Each carries `place`: the unit it
    stands in (a person's unit, a unit's parent), or None."""
    queryset = queryset.select_related("person__unit__subject", "unit__parent__subject")
    matching = ranked(queryset, q, prefix="")
    if matching is None:
        found = list(queryset.order_by("type", "sort_key", "pk")[:limit])
    else:
        gone = Case(When(unit__valid_to__isnull=False, then=Value(1)), default=Value(0),
                    output_field=IntegerField())
        found = list(matching.annotate(pick_gone=gone)
                     .order_by("pick_rank", "pick_gone", "sort_key", "pk")[:limit])
    for subject in found:
        detail = subject.detail
        subject.place = detail.unit if subject.type == Subject.INDIVIDUAL else detail.parent
        subject.gone = subject.type == Subject.COLLECTIVE and detail.valid_to is not None
    return found


def resolve(user, code: str, action: str = "view", **scope) -> Subject | None:
    """The subject with this code if the picker scoped this way accepts it, else None."""
    code = (code or "").strip()
    if not code:
        return None
    return pickable(user, action, **scope).filter(code=code).first()


def not_found(code: str) -> str:
    return _("Không tìm thấy đối tượng “%(code)s” trong phạm vi của bạn.") % {"code": code}
