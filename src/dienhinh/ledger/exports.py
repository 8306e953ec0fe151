"""Export of units, people and achievements in exactly the import format (CONTRACT §2),
so that export → import changes nothing.

A cell that begins with `=`, `+`, `-` or `@` would be run as a formula by a
spreadsheet program. CSV cells get a leading `'` (the importer removes it again);
XLSX cells are written as text cells, never formulas. Amounts stay numbers in
XLSX (a number is not a formula); in CSV a negative amount is neutralised like
any text and read back as the number.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterable, Iterator
from decimal import Decimal
from pathlib import Path

from django.db.models import Q

from dienhinh import policy
from dienhinh.orgs.models import Person, Unit

from .imports.achievements import AchievementImport
from .imports.people import PersonImport
from .imports.units import UnitImport
from .models import Achievement

HEADERS = {
    "units": list(UnitImport.columns),
    "people": list(PersonImport.columns),
    "achievements": list(AchievementImport.columns),
}
TABLES = tuple(HEADERS)
NEUTRALISE = ("=", "+", "-", "@")
# Integers beyond this lose digits as spreadsheet numbers (IEEE doubles).
_EXACT_NUMBER = Decimal(2) ** 53


def format_for(filename: str) -> str | None:
    suffix = Path(filename).suffix.lower()
    return {".csv": "csv", ".xlsx": "xlsx"}.get(suffix)


def plain_amount(value: Decimal | None) -> str:
    """1234567.50 -> '1234567.5', 1E+3 -> '1000': the plain form the importer reads."""
    if value is None:
        return ""
    return format(value.normalize(), "f")


def rows(table: str, scope: Unit | None = None, user=None) -> Iterator[list]:
    """The table's rows as Python values in header order, within `user`'s export
    scope (None: everything) and at or below `scope`."""
    if table == "units":
        qs = policy.units(user, "export") if user is not None else Unit.objects.all()
        if scope is not None:
            qs = qs.filter(path__startswith=scope.path)
        # A parent's path is a prefix of its children's: parents come first.
        fields = ("subject__code", "subject__name", "parent__subject__code", "kind")
        for code, name, parent, kind in qs.order_by("path").values_list(*fields).iterator(2000):
            yield [code, name, parent or "", kind]
    elif table == "people":
        qs = policy.people(user, "export") if user is not None else Person.objects.all()
        if scope is not None:
            qs = qs.filter(unit__path__startswith=scope.path)
        fields = ("subject__code", "subject__name", "birth_date", "gender", "unit__subject__code",
                  "position")
        qs = qs.order_by("subject__sort_key", "subject__code").values_list(*fields)
        for row in qs.iterator(2000):
            yield list(row)
    elif table == "achievements":
        qs = Achievement.objects.all()
        if user is not None:
            qs = policy.filter_by_subject(user, qs, "export")
        if scope is not None:
            qs = qs.filter(Q(subject__unit__path__startswith=scope.path)
                           | Q(subject__person__unit__path__startswith=scope.path))
        fields = ("subject__code", "year", "kind", "code_id", "issuer", "level", "value",
                  "decision_no", "decision_date", "note")
        qs = qs.order_by("subject__code", "year", "kind", "code_id", "id").values_list(*fields)
        yield from (list(row) for row in qs.iterator(5000))
    else:
        raise ValueError(f"unknown table {table!r}")


def csv_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        value = plain_amount(value)
    elif isinstance(value, dt.date):
        return value.isoformat()
    text = str(value)
    if text[:1] in NEUTRALISE:
        return "'" + text
    return text


class _Echo:
    def write(self, value):
        return value


def csv_lines(table: str, data: Iterable[list]) -> Iterator[str]:
    """CSV text, a line at a time (for streaming responses); starts with a BOM so
    that Excel reads it as UTF-8."""
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow(HEADERS[table])
    for row in data:
        yield writer.writerow([csv_cell(v) for v in row])


def write_csv(path, table: str, data: Iterable[list]) -> int:
    count = -1
    with open(path, "w", encoding="utf-8", newline="") as fh:
        for count, line in enumerate(csv_lines(table, data)):  # noqa: B007 (count is returned)
            fh.write(line)
    return count


def write_xlsx(path_or_file, table: str, data: Iterable[list]) -> int:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(table)
    ws.append(HEADERS[table])
    count = 0

    def cell(value):
        if value is None or value == "":
            return None
        if isinstance(value, Decimal):
            if value == value.to_integral_value() and abs(value) < _EXACT_NUMBER:
                return int(value)
            value = plain_amount(value)
        if isinstance(value, dt.date):
            c = WriteOnlyCell(ws, value=value)
            c.number_format = "DD/MM/YYYY"
            return c
        if isinstance(value, str):
            c = WriteOnlyCell(ws, value=value)
            c.data_type = "s"  # text, even when it starts with "=": never a formula
            return c
        return value

    for row in data:
        ws.append([cell(v) for v in row])
        count += 1
    wb.save(path_or_file)
    return count


def export_to_path(table: str, path, scope: Unit | None = None, user=None) -> int:
    """Write the table to `path` (.csv or .xlsx); returns the number of rows."""
    fmt = format_for(str(path))
    data = rows(table, scope=scope, user=user)
    if fmt == "csv":
        return write_csv(path, table, data)
    if fmt == "xlsx":
        return write_xlsx(path, table, data)
    raise ValueError("export files end in .csv or .xlsx")
