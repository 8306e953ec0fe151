"""The organisation as it was on a date, and where a unit lives on today.

A record of 2022 is shown with the unit's 2022 name; a dissolved unit's work is
continued by its successors (`Succession`), which these helpers follow.
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from django.db.models import Q

from .models import Assignment, Succession, Unit, UnitVersion

# Parts of a body rather than bodies that decide: a division (phòng, ban) acts through
# its agency, a residential area or a household through its commune.
NOT_DECIDING = frozenset({"division", "residential_area", "household"})


class UnitState(NamedTuple):
    name: str
    kind: str
    parent: Unit | None


def versions_by_unit(unit_ids) -> dict[int, list[UnitVersion]]:
    """The versions of several units (with their parents) in one read, for
    `unit_as_of(..., known=)`: a walk up the tree asks for a unit and its parents."""
    found: dict[int, list[UnitVersion]] = {pk: [] for pk in unit_ids}
    for version in UnitVersion.objects.filter(unit_id__in=found).select_related(
            "parent__subject"):
        found[version.unit_id].append(version)
    return found


def _version_on(unit: Unit, date: dt.date, versions=None) -> UnitVersion | None:
    """The version in force on `date`; outside the unit's life, the nearest one
    (the first before it was founded, the last after it ended)."""
    # A unit has a handful of versions: one plain read and the choice in Python cost
    # less than up to three filtered queries (pages call this for every unit they show).
    if versions is None:
        versions = list(unit.versions.select_related("parent__subject"))
    if not versions:
        return None
    oldest = dt.date.min
    covering = [v for v in versions
                if (v.valid_from is None or v.valid_from <= date)
                and (v.valid_to is None or v.valid_to >= date)]
    if covering:
        return max(covering, key=lambda v: v.valid_from or oldest)
    earlier = [v for v in versions if v.valid_to is not None and v.valid_to < date]
    if earlier:
        return max(earlier, key=lambda v: v.valid_to)
    return min(versions, key=lambda v: v.valid_from or oldest)


def unit_as_of(unit: Unit, date: dt.date,
               known: dict[int, list[UnitVersion]] | None = None) -> UnitState:
    """(name, kind, parent) of the unit on `date`. `known`: `versions_by_unit` of units
    the caller will ask about (a unit missing from it is read on its own)."""
    version = _version_on(unit, date, known.get(unit.pk) if known is not None else None)
    if version is None:  # a unit written without versions: today's state is all we know
        return UnitState(unit.subject.name, unit.kind, unit.parent)
    return UnitState(version.name, version.kind, version.parent)


def unit_name_in_year(unit: Unit, year: int) -> str:
    """The name the unit bore at the end of `year` (or on its last day, if it
    ceased to exist during that year): the name a yearly record was given under."""
    date = dt.date(year, 12, 31)
    if unit.valid_to is not None and unit.valid_to.year == year:
        date = unit.valid_to
    return unit_as_of(unit, date).name


def unit_of_person(person, date: dt.date) -> Unit:
    """The unit the person worked in on `date` (their assignment history), else the
    unit they are in today."""
    assignment = (Assignment.objects.filter(person=person)
                  .filter(_covering(date)).select_related("unit__subject")
                  .order_by("-valid_from", "-id").first())
    return assignment.unit if assignment is not None else person.unit


def _covering(date: dt.date) -> Q:
    return ((Q(valid_from__isnull=True) | Q(valid_from__lte=date))
            & (Q(valid_to__isnull=True) | Q(valid_to__gte=date)))


def deciding_body(subject, date: dt.date) -> tuple[Unit, str] | None:
    """The body whose head decided a yearly rating of `subject` dated `date`, with the
    name it bore then: for a person, the agency or unit they worked in (the nearest one
    at or above their unit that is not a division of it); for a collective, the nearest
    such body above it — each as the tree stood on `date`. None when the tree has no
    such body (a root unit)."""
    if subject.type == subject.INDIVIDUAL:
        node = unit_of_person(subject.person, date)
    else:
        node = unit_as_of(subject.unit, date).parent
    seen: set[int] = set()
    while node is not None and node.pk not in seen:
        seen.add(node.pk)
        state = unit_as_of(node, date)
        if state.kind not in NOT_DECIDING:
            return node, state.name
        node = state.parent
    return None


def successors_chain(unit: Unit) -> list[Unit]:
    """Every unit that continues `unit`, nearest first (breadth-first along the
    succession links), ending with today's units."""
    chain: list[Unit] = []
    seen = {unit.pk}
    frontier = [unit.pk]
    while frontier:
        links = (
            Succession.objects.filter(predecessor_id__in=frontier)
            .select_related("successor__subject")
            .order_by("reorganisation__date", "id")
        )
        frontier = []
        for link in links:
            if link.successor_id not in seen:
                seen.add(link.successor_id)
                chain.append(link.successor)
                frontier.append(link.successor_id)
    return chain


def current_successor(unit: Unit) -> Unit | None:
    """The unit that carries on `unit` today: itself while it exists, else the
    first successor followed until an existing unit; None when it was dissolved
    without one."""
    node, seen = unit, set()
    while node is not None and node.valid_to is not None and node.pk not in seen:
        seen.add(node.pk)
        link = (
            Succession.objects.filter(predecessor=node)
            .select_related("successor__subject")
            .order_by("id")
            .first()
        )
        node = link.successor if link else None
    if node is not None and node.valid_to is not None:
        return None
    return node
