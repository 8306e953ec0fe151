"""Reading import files as a stream of rows, whatever they came as.

The type is judged by the content, never by the name: an XLSX is a zip holding
`xl/workbook.xml`; anything else must be UTF-8 text to count as CSV. Rows are
yielded one at a time so that a file of any size is never held whole in memory.
Every cell comes out as NFC text, with spreadsheet formula neutralisation
(a leading `'` before `= + - @`, see `exports.py`) undone.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import unicodedata
import zipfile
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import filetype
from django.conf import settings

from dienhinh.core.i18n import text as _
from dienhinh.core.uploads import zip_bomb_reason

from .errors import FileRejected

NEUTRALISED = ("=", "+", "-", "@")
_SAMPLE_BYTES = 64 * 1024
# cp1258 bytes that are Vietnamese-only (ă â đ ơ ư and the combining tone marks)
# where cp1252 would read Latin letters such as ã ð õ ý.
_CP1258_MARKERS = set(b"\xcc\xd2\xde\xec\xf2\xe3\xf0\xf5\xfd\xc3\xd0\xd5\xdd")


def detect_kind(path: Path) -> str:
    """'xlsx' or 'csv', or FileRejected saying what the file looks like instead."""
    with open(path, "rb") as fh:
        head = fh.read(_SAMPLE_BYTES)
    if not head.strip(b"\xef\xbb\xbf \r\n\t"):
        raise FileRejected(_("Tệp rỗng."))
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(path) as zf:
                if "xl/workbook.xml" in zf.namelist():
                    # Before openpyxl inflates anything: a zip bomb stops here.
                    reason = zip_bomb_reason(zf) or _shared_strings_reason(zf)
                    if reason:
                        raise FileRejected(reason)
                    return "xlsx"
        except zipfile.BadZipFile:
            pass
        raise FileRejected(_(
            "Tệp nén không phải bảng tính XLSX."
        ))
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise FileRejected(_(
            "Tệp Excel 97–2003 (.xls) không được hỗ trợ; hãy lưu lại dạng .xlsx hoặc CSV UTF-8."
        ))
    known = filetype.guess(head)
    if known is not None:
        raise FileRejected(_(
            "Tệp không phải CSV hay XLSX (có vẻ là %(kind)s)."
        ) % {"kind": known.extension.upper()})
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or _looks_utf16(head):
        raise FileRejected(_(
            "Tệp CSV phải mã hóa UTF-8; tệp này có vẻ là UTF-16."
        ))
    if b"\x00" in head:
        raise FileRejected(_(
            "Tệp không phải CSV hay XLSX."
        ))
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        decoder.decode(head, final=len(head) < _SAMPLE_BYTES)
    except UnicodeDecodeError:
        raise FileRejected(not_utf8_message(head)) from None
    return "csv"


# openpyxl keeps the whole shared-strings table in memory, about four times its XML
# size, once per workbook opened (the importer opens two: values and formulas), so
# this bound keeps an import under 500 MB. Larger tables are imported as CSV.
_MAX_MANIFEST_BYTES = 1024 * 1024


def _shared_strings_reason(zf) -> str | None:
    """Why the shared-strings table is too large to read, or None.

    The table is found as openpyxl finds it (the [Content_Types].xml override), not by
    its usual name, which a crafted file could change.
    """
    from openpyxl.packaging.manifest import Manifest
    from openpyxl.xml.constants import ARC_CONTENT_TYPES, SHARED_STRINGS
    from openpyxl.xml.functions import fromstring

    limit = getattr(settings, "XLSX_MAX_SHARED_STRINGS_BYTES", 40 * 1024 * 1024)
    try:
        if zf.getinfo(ARC_CONTENT_TYPES).file_size > _MAX_MANIFEST_BYTES:
            return _("Tệp XLSX không hợp lệ (danh mục nội dung quá lớn).")
        part = Manifest.from_tree(fromstring(zf.read(ARC_CONTENT_TYPES))).find(SHARED_STRINGS)
        size = zf.getinfo(part.PartName[1:]).file_size if part is not None else 0
    except Exception:  # noqa: BLE001 — a broken manifest: openpyxl will refuse it
        return None
    if size <= limit:
        return None
    return _(
        "Bảng tính có quá nhiều chuỗi văn bản khác nhau (%(size)s byte, tối đa %(limit)s byte) "
        "để đọc an toàn; hãy lưu tệp dạng CSV UTF-8 rồi nhập lại."
    ) % {"size": f"{size:,}".replace(",", "."), "limit": f"{limit:,}".replace(",", ".")}


def _looks_utf16(head: bytes) -> bool:
    """ASCII text in UTF-16 has a NUL in every other byte."""
    sample = head[:400]
    half = max(len(sample) // 2, 1)
    return sample[1::2].count(0) > 0.6 * half or sample[0::2].count(0) > 0.6 * half


def guess_encoding(data: bytes) -> str:
    """A small heuristic, enough to tell the user what to re-save the file as."""
    high = {b for b in data if b >= 0x80}
    if high & _CP1258_MARKERS:
        return "Windows-1258"
    return "Windows-1252"


def not_utf8_message(data: bytes) -> str:
    return _(
        "Tệp CSV phải mã hóa UTF-8; tệp này có vẻ là %(enc)s. Hãy lưu lại dạng “CSV UTF-8”."
    ) % {"enc": guess_encoding(data)}


def csv_text(text: str) -> str:
    """`cell_text` for the strings a CSV reader yields: the hot path of big imports."""
    text = text.strip()
    if not text:
        return text
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
    if text[0] == "'" and len(text) > 1 and text[1] in NEUTRALISED:
        text = text[1:]
    return text


def cell_text(value) -> str:
    """One cell as import text: NFC, trimmed, neutralisation undone."""
    if value is None:
        return ""
    if isinstance(value, bool):
        text = "1" if value else "0"
    elif isinstance(value, float):
        text = str(int(value)) if value.is_integer() else repr(value)
    elif isinstance(value, dt.datetime):
        text = value.date().isoformat() if value.time() == dt.time() else value.isoformat(" ")
    elif isinstance(value, dt.date):
        text = value.isoformat()
    elif isinstance(value, (int, Decimal)):
        text = str(value)
    else:
        text = unicodedata.normalize("NFC", str(value)).strip()
    if len(text) > 1 and text[0] == "'" and text[1] in NEUTRALISED:
        text = text[1:]
    return text


# A physical CSV line longer than this is refused before it is split: a 50 MB line of
# commas would otherwise become millions of cells in memory. Real rows are far shorter.
MAX_CSV_LINE = 64 * 1024


def _bounded_lines(fh) -> Iterator[str]:
    """The file's lines, never reading more than MAX_CSV_LINE characters of one."""
    number = 0
    while True:
        line = fh.readline(MAX_CSV_LINE + 1)
        if not line:
            return
        number += 1
        if len(line) > MAX_CSV_LINE:
            raise FileRejected(_(
                "Dòng %(n)s của tệp CSV dài hơn %(limit)s ký tự; tệp bị từ chối."
            ) % {"n": number, "limit": f"{MAX_CSV_LINE:,}".replace(",", ".")})
        yield line


class Reader:
    """`header` (list of column names) and `rows()` — (row number, cells) pairs.

    `rows()` can be called again for a second pass over the same file.
    """

    def __init__(self, path: Path | str):
        self.path = Path(path)
        self.kind = detect_kind(self.path)
        self.header = self._read_header()

    def _read_header(self) -> list[str]:
        for _number, cells in self._raw_rows():
            if any(cells):
                return [c.lstrip("\ufeff").strip().lower() for c in cells]
            break
        raise FileRejected(_(
            "Tệp không có dòng tiêu đề."
        ))

    def rows(self) -> Iterator[tuple[int, list[str]]]:
        rows = self._raw_rows()
        next(rows, None)  # the header
        for number, cells in rows:
            if any(cells):
                yield number, cells

    def _raw_rows(self) -> Iterator[tuple[int, list[str]]]:
        if self.kind == "csv":
            return self._csv_rows()
        return self._xlsx_rows()

    def _csv_rows(self):
        with open(self.path, encoding="utf-8-sig", newline="") as fh:
            # NFC line by line (ASCII lines need nothing), then only trim cells;
            # a neutralising quote is rare enough to look for cell by cell.
            lines = (line if line.isascii() else unicodedata.normalize("NFC", line)
                     for line in _bounded_lines(fh))
            reader = csv.reader(lines)
            try:
                for number, record in enumerate(reader, start=1):
                    cells = [c.strip() for c in record]
                    if "'" in "".join(cells):
                        cells = [csv_text(c) for c in cells]
                    yield number, cells
            except UnicodeDecodeError as exc:
                raise FileRejected(not_utf8_message(exc.object[exc.start:exc.start + 200])) from None
            except csv.Error as exc:
                raise FileRejected(
                    _("Tệp CSV hỏng (%(err)s).") % {"err": exc}
                ) from None

    def _xlsx_rows(self):
        import openpyxl

        # Two views of the same sheet: cached values, and the formulas behind them,
        # so that a formula never computed by a spreadsheet program is refused
        # instead of being read as an empty cell.
        try:
            values_wb = openpyxl.load_workbook(self.path, read_only=True, data_only=True)
            formulas_wb = openpyxl.load_workbook(self.path, read_only=True, data_only=False)
        except Exception as exc:  # noqa: BLE001 — openpyxl raises many types for a broken file
            raise FileRejected(
                _("Không đọc được tệp XLSX (%(err)s).")
                % {"err": exc.__class__.__name__}
            ) from None
        try:
            if not values_wb.worksheets:
                raise FileRejected(_("Tệp XLSX không có trang tính."))
            values_ws = values_wb.worksheets[0]
            formulas_ws = formulas_wb.worksheets[0]
            pairs = zip(values_ws.iter_rows(), formulas_ws.iter_rows())
            for number, (vrow, frow) in enumerate(pairs, start=1):
                cells = []
                for vcell, fcell in zip(vrow, frow):
                    value = getattr(vcell, "value", None)
                    if value is None and getattr(fcell, "data_type", None) == "f":
                        raise FileRejected(_(
                            "Ô %(cell)s chứa công thức chưa có giá trị tính sẵn; hãy mở tệp bằng "
                            "Excel/LibreOffice, lưu lại, hoặc thay công thức bằng giá trị."
                        ) % {"cell": fcell.coordinate})
                    cells.append(cell_text(value))
                while cells and cells[-1] == "":
                    cells.pop()
                yield number, cells
        finally:
            values_wb.close()
            formulas_wb.close()
