"""Reorganisations: merge, split, rename, move and dissolve units, keeping history.

Each service is one transaction that writes a `Reorganisation` row, closes the
open `UnitVersion` of every unit it touches the day before the effective date and
opens a new one from that date, links predecessors to successors (`Succession`),
and recomputes `Unit.path` of the moved subtrees.

History is never rewritten: achievements stay attached to the subject they were
given to. A unit that ceases to exist keeps its code and its versions; its path
hangs under its (first) successor, so a scope query `path__startswith` on today's
tree still finds its old records.

Every service returns the `Reorganisation` it wrote.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import CharField, F, Value
from django.db.models.functions import Concat, Substr
from django.utils.translation import gettext as _

from . import services
from .models import Assignment, Person, Reorganisation, Succession, Unit, UnitVersion

ONE_DAY = dt.timedelta(days=1)


def _error(message: str) -> ValidationError:
    return ValidationError(message)


def _require_active(unit: Unit, date: dt.date) -> None:
    if unit.valid_to is not None:
        raise _error(_("Đơn vị %(unit)s đã giải thể hoặc sáp nhập từ ngày %(date)s")
                     % {"unit": unit.name, "date": format(unit.valid_to, "%d/%m/%Y")})
    if unit.valid_from is not None and unit.valid_from > date - ONE_DAY:
        raise _error(_("Ngày hiệu lực phải sau ngày thành lập đơn vị %(unit)s (%(date)s)")
                     % {"unit": unit.name, "date": format(unit.valid_from, "%d/%m/%Y")})


def _open_version(unit: Unit) -> UnitVersion | None:
    return unit.versions.filter(valid_to__isnull=True).order_by("-valid_from").first()


def _check_version_date(version: UnitVersion | None, date: dt.date, unit: Unit) -> None:
    if version is not None and version.valid_from is not None and version.valid_from > date:
        raise _error(_("Đơn vị %(unit)s đã có thay đổi sau ngày %(date)s: không thể ghi thay đổi "
                       "lùi ngày") % {"unit": unit.name, "date": format(date, "%d/%m/%Y")})


def _change_version(unit: Unit, date: dt.date, **changes) -> None:
    """The unit is `changes` from `date` on: close the open version, open a new one."""
    current = _open_version(unit)
    _check_version_date(current, date, unit)
    if current is not None and current.valid_from == date:
        # A second change on the same day amends that day's version.
        for field, value in changes.items():
            setattr(current, field, value)
        current.save()
        return
    values = {"name": unit.subject.name, "kind": unit.kind, "parent": unit.parent}
    if current is not None:
        values = {"name": current.name, "kind": current.kind, "parent": current.parent}
        current.valid_to = date - ONE_DAY
        current.save(update_fields=["valid_to"])
    values.update(changes)
    UnitVersion.objects.create(unit=unit, valid_from=date, **values)


def _end(unit: Unit, date: dt.date) -> None:
    """The unit exists until the day before `date`."""
    last_day = date - ONE_DAY
    current = _open_version(unit)
    if current is not None and current.valid_from == date:
        # Changed and ended on the same day (moved under a body that is merged away
        # the same morning): that version never took effect; the one before is the last.
        previous = unit.versions.filter(valid_to=last_day).order_by("-valid_from").first()
        if previous is not None:
            current.delete()
            unit.parent = previous.parent
            current = None
    _check_version_date(current, last_day, unit)
    if current is not None:
        current.valid_to = last_day
        current.save(update_fields=["valid_to"])
    unit.valid_to = last_day
    unit.version += 1
    unit.save(update_fields=["valid_to", "version", "parent"])


def _set_parent(unit: Unit, parent: Unit | None, date: dt.date) -> None:
    _change_version(unit, date, parent=parent)
    unit.parent = parent
    unit.version += 1
    unit.save(update_fields=["parent", "version"])


def _move_children(unit: Unit, to: Unit | None, date: dt.date, placement: dict) -> list[Unit]:
    moved = []
    for child in unit.children.filter(valid_to__isnull=True).select_related("subject"):
        _set_parent(child, placement.get(("unit", child.pk), to), date)
        moved.append(child)
    return moved


def _move_members(unit: Unit, to: Unit, date: dt.date, placement: dict) -> None:
    """People of `unit` belong to `to` (or their placement) from `date`; their
    assignment history records the move."""
    people = list(Person.objects.filter(unit=unit).only("pk", "position"))
    if not people:
        return
    Assignment.objects.filter(person__in=people, valid_to__isnull=True).update(
        valid_to=date - ONE_DAY
    )
    new_assignments = []
    for person in people:
        target = placement.get(("person", person.pk), to)
        new_assignments.append(
            Assignment(person=person, unit=target, position=person.position, valid_from=date)
        )
        Person.objects.filter(pk=person.pk).update(unit=target, version=F("version") + 1)
    Assignment.objects.bulk_create(new_assignments, batch_size=1000)


def _repath(units: Iterable[Unit]) -> None:
    """Recompute the path of each unit and carry its whole subtree along."""
    for stale in units:
        unit = Unit.objects.get(pk=stale.pk)
        old, new = unit.path, services.path_for(unit)
        if old == new:
            continue
        if not old:
            Unit.objects.filter(pk=unit.pk).update(path=new)
            continue
        Unit.objects.filter(path__startswith=old).update(
            path=Concat(Value(new), Substr("path", len(old) + 1), output_field=CharField())
        )


def _successor_unit(spec, date: dt.date) -> Unit:
    """An existing unit, or a new one from {"code", "name", "kind", "parent"}."""
    if isinstance(spec, Unit):
        _require_active(spec, date + ONE_DAY)
        return spec
    return services.create_unit(
        spec["code"], spec["name"], spec["kind"], spec.get("parent"), valid_from=date
    )


def _placement(placement: dict | None) -> dict:
    """{Unit or Person: target Unit} -> {("unit"|"person", pk): target}."""
    result = {}
    for obj, target in (placement or {}).items():
        key = "person" if isinstance(obj, Person) else "unit"
        result[(key, obj.pk)] = target
    return result


@transaction.atomic
def merge(
    sources: Iterable[Unit], into: Unit | None = None, date: dt.date | None = None,
    decision_no: str = "", *, new_unit: dict | None = None, note: str = "",
) -> Reorganisation:
    """Merge `sources` into `into` (an existing unit) or into `new_unit` (created
    from `date`). The sources end on the day before `date`; their members and
    their children move to the successor."""
    sources = list(sources)
    if date is None:
        raise _error(_("Cần ngày hiệu lực"))
    if (into is None) == (new_unit is None):
        raise _error(_("Cần chỉ rõ đơn vị tiếp nhận hoặc đơn vị mới"))
    if not sources:
        raise _error(_("Cần ít nhất một đơn vị bị sáp nhập"))
    if into is not None and any(s.pk == into.pk for s in sources):
        raise _error(_("Đơn vị tiếp nhận không thể đồng thời bị sáp nhập"))
    for source in sources:
        _require_active(source, date)
    successor = _successor_unit(into if into is not None else new_unit, date)
    if any(services.would_cycle(source, successor) for source in sources):
        raise _error(_("Đơn vị tiếp nhận không được nằm dưới đơn vị bị sáp nhập"))
    reorg = Reorganisation.objects.create(
        kind=Reorganisation.MERGE, date=date, decision_no=decision_no, note=note
    )
    moved: list[Unit] = []
    for source in sources:
        moved += _move_children(source, successor, date, {})
        _move_members(source, successor, date, {})
        _end(source, date)
        Succession.objects.create(reorganisation=reorg, predecessor=source, successor=successor)
    _repath(moved + sources)
    return reorg


@transaction.atomic
def split(
    source: Unit, targets: Iterable, date: dt.date, decision_no: str = "", *,
    placement: dict | None = None, note: str = "",
) -> Reorganisation:
    """Split `source` into `targets` (existing units or new-unit dicts). Members and
    children go where `placement` ({unit or person: target}) says, else to the
    first target."""
    _require_active(source, date)
    targets = list(targets)
    if len(targets) < 2:
        raise _error(_("Chia tách cần ít nhất hai đơn vị mới"))
    successors = [_successor_unit(t, date) for t in targets]
    if any(s.pk == source.pk or services.would_cycle(source, s) for s in successors):
        raise _error(_("Đơn vị nhận không được là đơn vị bị chia tách hoặc nằm dưới nó"))
    where = _placement(placement)
    known = {s.pk for s in successors}
    if any(target.pk not in known for target in where.values()):
        raise _error(_("Chỉ được phân bổ về các đơn vị nhận"))
    reorg = Reorganisation.objects.create(
        kind=Reorganisation.SPLIT, date=date, decision_no=decision_no, note=note
    )
    moved = _move_children(source, successors[0], date, where)
    _move_members(source, successors[0], date, where)
    _end(source, date)
    for successor in successors:
        Succession.objects.create(reorganisation=reorg, predecessor=source, successor=successor)
    _repath(moved + [source])
    return reorg


@transaction.atomic
def rename(
    unit: Unit, new_name: str, date: dt.date, decision_no: str = "", *, note: str = ""
) -> Reorganisation:
    """The unit is called `new_name` from `date`; earlier dates keep the old name."""
    _require_active(unit, date)
    if not (new_name or "").strip():
        raise _error(_("Tên mới không được để trống"))
    reorg = Reorganisation.objects.create(
        kind=Reorganisation.RENAME, date=date, decision_no=decision_no,
        note=note or f"{unit.subject.name} → {new_name}",
    )
    subject = unit.subject
    subject.set_name(new_name)
    _change_version(unit, date, name=subject.name)
    subject.save(update_fields=["name", "search_name", "sort_key"])
    unit.version += 1
    unit.save(update_fields=["version"])
    return reorg


@transaction.atomic
def move(
    unit: Unit, new_parent: Unit | None, date: dt.date, decision_no: str = "", *, note: str = ""
) -> Reorganisation:
    """The unit stands under `new_parent` (None: a root) from `date`."""
    _require_active(unit, date)
    if new_parent is not None:
        if new_parent.valid_to is not None:
            raise _error(_("Không thể chuyển vào đơn vị đã giải thể %(unit)s")
                         % {"unit": new_parent.name})
        if services.would_cycle(unit, new_parent):
            raise _error(_("Không thể chuyển đơn vị %(unit)s vào chính nó hoặc đơn vị cấp dưới "
                           "của nó") % {"unit": unit.name})
    reorg = Reorganisation.objects.create(
        kind=Reorganisation.MOVE, date=date, decision_no=decision_no, note=note
    )
    _set_parent(unit, new_parent, date)
    _repath([unit])
    return reorg


@transaction.atomic
def dissolve(
    unit: Unit, date: dt.date, successor: Unit | Iterable[Unit] | None = None,
    decision_no: str = "", *, note: str = "",
) -> Reorganisation:
    """The unit ends on the day before `date`. With successors (one unit or a list),
    each gets a succession link and the first receives the members and children;
    without one, the children move up to the unit's parent and the members stay
    with the dissolved unit, whose path still rolls up under that parent."""
    _require_active(unit, date)
    if successor is None:
        successors = []
    elif isinstance(successor, Unit):
        successors = [successor]
    else:
        successors = list(successor)
    for other in successors:
        _require_active(other, date + ONE_DAY)
        if other.pk == unit.pk or services.would_cycle(unit, other):
            raise _error(_("Đơn vị kế thừa không được là đơn vị bị giải thể hoặc nằm dưới nó"))
    reorg = Reorganisation.objects.create(
        kind=Reorganisation.DISSOLVE, date=date, decision_no=decision_no, note=note
    )
    heir = successors[0] if successors else unit.parent
    moved = _move_children(unit, heir, date, {})
    if successors:
        _move_members(unit, successors[0], date, {})
    _end(unit, date)
    for other in successors:
        Succession.objects.create(reorganisation=reorg, predecessor=unit, successor=other)
    _repath(moved + [unit])
    return reorg
