"""What an import reports: file-level rejections, row errors and warnings.

Each reason is a `core.i18n.Text`: shown in the reader's language on the web and in
the API, and in both Vietnamese and English by the command line (CONTRACT §2), as
two columns rather than one doubled string.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from dienhinh.core.i18n import in_language


@dataclass(frozen=True)
class RowError:
    row: int  # spreadsheet row number: the header is row 1
    column: str
    value: str
    reason: str

    def in_language(self, language: str) -> str:
        return clip(in_language(self.reason, language), 4 * MAX_SHOWN)

    def as_dict(self) -> dict:
        """Stored with the import job: both languages, the page picks the reader's."""
        return {"row": self.row, "column": self.column, "value": self.value,
                "reason": str(self.reason), "reason_vi": self.in_language("vi"),
                "reason_en": self.in_language("en")}


class FileRejected(Exception):
    """The whole file is unusable (wrong type, encoding, header, empty)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


# A file with millions of bad rows should not exhaust memory to say so.
MAX_ERRORS = 100_000
# A cell or header of a megabyte is shown by its start: the report stays readable
# and a report of many such rows stays small (web page, job row, terminal).
MAX_SHOWN = 200


def clip(text: str, limit: int = MAX_SHOWN) -> str:
    """`text` cut to its first `limit` characters, with "…" when something was cut."""
    text = str(text)
    return text if len(text) <= limit else text[:limit] + "…"


@dataclass
class Result:
    table: str
    total: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    error_count: int = 0
    warnings: list[str] = field(default_factory=list)
    file_error: str = ""
    written: bool = False
    preview: list[list[str]] = field(default_factory=list)
    header: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.file_error and self.error_count == 0

    def add_error(self, row: int, column: str, value, reason: str) -> None:
        self.error_count += 1
        if len(self.errors) < MAX_ERRORS:
            self.errors.append(RowError(row, clip(column), "" if value is None else clip(value),
                                        reason))
