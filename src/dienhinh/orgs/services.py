"""Writes to the organisation: units, people, and today's tree paths.

Reorganisations (merge, split, rename, move, dissolve) live in `reorganise.py`.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from .models import Assignment, Person, Subject, Succession, Unit, UnitVersion


def path_for(unit: Unit) -> str:
    """Where the unit stands in today's tree: under its parent, or, once it has
    ceased to exist, under its (first) successor."""
    anchor = None
    if unit.valid_to is not None:
        link = unit.successors_links.select_related("successor").order_by("id").first()
        anchor = link.successor if link else unit.parent
    else:
        anchor = unit.parent
    prefix = anchor.path if anchor is not None and anchor.path else "/"
    return f"{prefix}{unit.pk}/"


@transaction.atomic
def rebuild_paths() -> int:
    """Recompute every path top-down; returns the number of units changed."""
    units = {u.pk: u for u in Unit.objects.all()}
    succ = {}
    for link in Succession.objects.order_by("id"):
        succ.setdefault(link.predecessor_id, link.successor_id)
    anchor = {
        pk: (succ.get(pk) or u.parent_id) if u.valid_to is not None else u.parent_id
        for pk, u in units.items()
    }
    paths: dict[int, str] = {}

    def resolve(pk: int, seen: tuple = ()) -> str:
        if pk in paths:
            return paths[pk]
        parent = anchor.get(pk)
        if parent is None or parent in seen or parent not in units:
            paths[pk] = f"/{pk}/"
        else:
            paths[pk] = f"{resolve(parent, seen + (pk,))}{pk}/"
        return paths[pk]

    changed = []
    for pk, unit in units.items():
        path = resolve(pk)
        if unit.path != path:
            unit.path = path
            changed.append(unit)
    Unit.objects.bulk_update(changed, ["path"], batch_size=1000)
    return len(changed)


def would_cycle(unit: Unit, new_parent: Unit | None) -> bool:
    """True when `new_parent` is the unit itself or one of its descendants."""
    if new_parent is None or unit.pk is None:
        return False
    node = new_parent
    seen = set()
    while node is not None and node.pk not in seen:
        if node.pk == unit.pk:
            return True
        seen.add(node.pk)
        node = node.parent
    return False


@transaction.atomic
def create_unit(
    code: str, name: str, kind: str, parent: Unit | None = None,
    valid_from: dt.date | None = None, valid_to: dt.date | None = None,
) -> Unit:
    subject = Subject(code=code, type=Subject.COLLECTIVE, name=name)
    subject.save()
    unit = Unit(subject=subject, kind=kind, parent=parent, valid_from=valid_from, valid_to=valid_to)
    unit.path = path_for(unit)
    unit.save()
    UnitVersion.objects.create(
        unit=unit, name=subject.name, kind=kind, parent=parent,
        valid_from=valid_from, valid_to=valid_to,
    )
    return unit


@transaction.atomic
def create_person(
    code: str, full_name: str, unit: Unit, position: str,
    birth_date: dt.date | None = None, gender: str = "", since: dt.date | None = None,
) -> Person:
    subject = Subject(code=code, type=Subject.INDIVIDUAL, name=full_name)
    subject.save()
    person = Person.objects.create(
        subject=subject, unit=unit, position=position, birth_date=birth_date, gender=gender
    )
    Assignment.objects.create(person=person, unit=unit, position=position, valid_from=since)
    return person


@transaction.atomic
def move_person(person: Person, unit: Unit, position: str, on: dt.date | None = None) -> Person:
    """Close the current assignment and open a new one; the person's unit follows."""
    on = on or timezone.localdate()
    if person.unit_id == unit.pk and person.position == position:
        return person
    Assignment.objects.filter(person=person, valid_to__isnull=True).update(valid_to=on)
    Assignment.objects.create(person=person, unit=unit, position=position, valid_from=on)
    person.unit = unit
    person.position = position
    person.version += 1
    person.save(update_fields=["unit", "position", "version"])
    return person
