"""Building real import files in tmp_path, for the import and export tests."""

import csv

from openpyxl import Workbook


def write_csv(path, rows, encoding="utf-8", bom=False):
    with open(path, "w", encoding="utf-8-sig" if bom else encoding, newline="") as fh:
        csv.writer(fh).writerows(rows)
    return path


def write_xlsx(path, rows):
    wb = Workbook()
    ws = wb.active
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


UNITS_HEADER = ["code", "name", "parent_code", "kind"]
PEOPLE_HEADER = ["code", "full_name", "birth_date", "gender", "unit_code", "position"]
ACH_HEADER = ["subject_code", "year", "kind", "code", "issuer", "level", "value",
              "decision_no", "decision_date", "note"]


def ach(subject, year, kind, code, issuer="", level="", value="", decision_no="",
        decision_date="", note=""):
    return [subject, year, kind, code, issuer, level, value, decision_no, decision_date, note]


def both(message) -> str:
    """A report's message in Vietnamese then English, for assertions about either: the
    report keeps each message in both languages (CONTRACT §2) and shows one at a time."""
    from dienhinh.core.i18n import in_language

    return f"{in_language(message, 'vi')}\n{in_language(message, 'en')}"


def translated(message) -> bool:
    """The message has an English rendering of its own (from the catalogue)."""
    from dienhinh.core.i18n import in_language

    return in_language(message, "en") != in_language(message, "vi")
