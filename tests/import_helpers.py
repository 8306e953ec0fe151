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
