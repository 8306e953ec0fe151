"""Import of units, people and achievements (CONTRACT §2).

    result = run_import("achievements", path, user=None, commit=True, progress=None)

`user=None` is the command line (no scope limit); a web import passes the user and
rows outside their scope become errors. The file is read twice — validate, then
write inside one transaction — and never held whole in memory. All or nothing: a
file with any invalid row writes nothing.
"""

from __future__ import annotations

from pathlib import Path

from django.db import transaction

from dienhinh.core.i18n import text as _

from .achievements import AchievementImport
from .base import Progress, Scope
from .errors import FileRejected, Result, RowError
from .people import PersonImport
from .readers import Reader
from .units import UnitImport

IMPORTERS = {"units": UnitImport, "people": PersonImport, "achievements": AchievementImport}
TABLES = tuple(IMPORTERS)

__all__ = ["TABLES", "FileRejected", "Result", "RowError", "run_import"]


def run_import(table: str, path: Path | str, user=None, commit: bool = True,
               progress: Progress | None = None) -> Result:
    if table not in IMPORTERS:
        raise ValueError(f"unknown table {table!r}")
    result = Result(table=table)
    importer = None
    try:
        reader = Reader(path)
        importer = IMPORTERS[table](reader, result, Scope(user), progress)
        importer.staging = commit
        importer.check_header()
        importer.validate()
        if result.total == 0:
            raise FileRejected(_("Tệp không có dòng dữ liệu nào."))
        if not result.ok or not commit:
            return result
        with transaction.atomic():
            importer.write()
        result.written = True
    except FileRejected as exc:
        result.file_error = exc.message
    finally:
        if importer is not None:
            importer.cleanup()
    return result


def summary(result: Result) -> str:
    """The one-line Vietnamese outcome shown by the command and the web page."""
    return _(
        "Đã nhập %(total)s dòng: %(created)s thêm mới, %(updated)s cập nhật, %(unchanged)s không "
        "đổi."
    ) % {"total": result.total, "created": result.created, "updated": result.updated,
         "unchanged": result.unchanged}
