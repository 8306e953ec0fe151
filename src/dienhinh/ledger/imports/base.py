"""What every table's import shares: header checks, rows as dicts, the user's scope."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator

from django.utils.translation import gettext_noop

from dienhinh import policy
from dienhinh.core.i18n import ptext as pgettext
from dienhinh.core.i18n import text as _

from . import headers
from .errors import FileRejected, Result, clip
from .readers import Reader

Progress = Callable[[str, int, int], None]
PROGRESS_EVERY = 5000
PREVIEW_ROWS = 10

OUT_OF_SCOPE = gettext_noop("Ngoài phạm vi quản lý của bạn.")


def table_name(table: str) -> str:
    """A table by its name, never by its code, in what a person reads."""
    return {"units": pgettext("import table", "Đơn vị"),
            "people": pgettext("import table", "Cá nhân"),
            "achievements": pgettext("import table", "Thành tích")}[table]


class Scope:
    """Units and subjects a user may import into; None means everywhere (the CLI)."""

    def __init__(self, user=None):
        self.user = user
        self.everywhere = user is None or (user.is_superuser and user.is_active)
        self._unit_ids = None
        self._subject_ids = None

    def unit_ids(self) -> set[int] | None:
        if self.everywhere:
            return None
        if self._unit_ids is None:
            self._unit_ids = set(policy.units(self.user, "import").values_list("pk", flat=True))
        return self._unit_ids

    def has_unit(self, unit_id: int | None) -> bool:
        ids = self.unit_ids()
        return ids is None or unit_id in ids

    def has_subject(self, subject_id: int) -> bool:
        if self.everywhere:
            return True
        if self._subject_ids is None:
            self._subject_ids = set(
                policy.subjects(self.user, "import").values_list("pk", flat=True)
            )
        return subject_id in self._subject_ids


class TableImport(ABC):
    table = ""
    columns: tuple[str, ...] = ()
    required: tuple[str, ...] = ()

    def __init__(self, reader: Reader, result: Result, scope: Scope,
                 progress: Progress | None = None):
        self.reader = reader
        self.result = result
        self.scope = scope
        self.progress = progress or (lambda phase, done, total: None)
        self.index: dict[str, int] = {}

    # Tables that stage rows while validating (see achievements) set this when the
    # import is meant to be written.
    staging = False

    def cleanup(self) -> None:
        """Drop whatever validation left behind (staging tables)."""

    def check_header(self) -> None:
        header = self.reader.header
        seen = set()
        for position, name in enumerate(header):
            if not name:
                continue
            # The contract's names, or the Vietnamese ones of the XLSX template.
            column = headers.column_of(self.table, name, self.columns)
            if (column or name) in seen:
                raise FileRejected(
                    _("Cột “%(col)s” xuất hiện hai lần.")
                    % {"col": clip(name)}
                )
            seen.add(column or name)
            if column is not None:
                self.index[column] = position
            else:
                self.result.warnings.append(
                    _("Cột “%(col)s” không thuộc bảng %(table)s, được bỏ qua.")
                    % {"col": clip(name), "table": table_name(self.table)}
                    + headers.header_hint(self.table, name, self.columns)
                )
        self.result.header = [c for c in self.columns if c in self.index]
        missing = [c for c in self.required if c not in self.index]
        if missing:
            hint = ""
            if len(header) == 1 and ";" in header[0]:
                hint = _(" Tệp dùng dấu chấm phẩy; hãy dùng dấu phẩy.")
            raise FileRejected(
                _("Thiếu cột bắt buộc: %(cols)s. Cần các cột: %(all)s.")
                % {"cols": ", ".join(missing), "all": ", ".join(self.columns)} + hint
            )

    def records(self) -> Iterator[tuple[int, dict[str, str]]]:
        index = self.index
        absent = {c: "" for c in self.columns if c not in index}
        pairs = list(index.items())
        needed = max(index.values()) + 1
        for number, cells in self.reader.rows():
            if len(cells) < needed:
                cells = cells + [""] * (needed - len(cells))
            record = {c: cells[i] for c, i in pairs}
            if absent:
                record.update(absent)
            yield number, record

    def note_preview(self, record: dict[str, str]) -> None:
        if len(self.result.preview) < PREVIEW_ROWS:
            self.result.preview.append([record[c] for c in self.result.header])

    @abstractmethod
    def validate(self) -> None:
        """First pass: report every invalid row into `self.result`; write nothing."""

    @abstractmethod
    def write(self) -> None:
        """Second pass (inside one transaction): create or update, counting both."""
