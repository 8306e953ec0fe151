"""Export in the import format: export → import round-trips unchanged, and no cell
can run as a spreadsheet formula."""

import csv
import datetime as dt
from decimal import Decimal

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from dienhinh.ledger import exports
from dienhinh.ledger.imports import run_import
from dienhinh.ledger.models import Achievement
from dienhinh.orgs import services

from .test_import import snapshot

pytestmark = pytest.mark.django_db


@pytest.fixture
def ledger(tree):
    """Values that a spreadsheet would run as formulas, and a negative amount."""
    services.create_unit("SCT_TO", "=HYPERLINK(\"http://x\")", "other", tree["vp"])
    services.create_person("P009", "@Nguyễn Văn Tư", tree["vp"], "worker",
                           birth_date=dt.date(1985, 2, 28), gender="nam")
    hong, sct = tree["hong"].subject, tree["sct"].subject
    Achievement.objects.create(subject=hong, year=2024, kind="title", code_id="LDTT",
                               note="-giảm so với năm trước")
    Achievement.objects.create(subject=hong, year=2023, kind="commendation", code_id="BANG_KHEN",
                               issuer="UBND_TINH", decision_no="+12/QĐ-UBND",
                               decision_date=dt.date(2023, 12, 31), note="=1+1")
    Achievement.objects.create(subject=sct, year=2024, kind="indicator", code_id="LOI_NHUAN",
                               value=Decimal("-1500000.50"))
    Achievement.objects.create(subject=sct, year=2023, kind="indicator", code_id="DOANH_THU",
                               value=Decimal(123456789012))
    Achievement.objects.create(subject=tree["an"].subject, year=2022, kind="initiative",
                               code_id="SANG_KIEN", level="tinh", note="Sáng kiến “số hóa”")
    return tree


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_round_trip_changes_nothing(tmp_path, ledger, fmt):
    before = snapshot()
    for table in exports.TABLES:
        path = tmp_path / f"{table}.{fmt}"
        count = exports.export_to_path(table, path)
        assert count > 0
        result = run_import(table, path)
        assert result.ok, (table, result.file_error, result.errors)
        assert (result.created, result.updated) == (0, 0), table
        assert result.unchanged == count
    assert snapshot() == before


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_round_trip_into_an_empty_database(tmp_path, ledger, fmt):
    """Export everything, delete it, import it back: the same ledger again."""
    from dienhinh.orgs.models import Assignment, Person, Subject, Unit, UnitVersion

    before = snapshot()
    for table in exports.TABLES:
        exports.export_to_path(table, tmp_path / f"{table}.{fmt}")
    Achievement.objects.all().delete()
    Assignment.objects.all().delete()
    Person.objects.all().delete()
    UnitVersion.objects.all().delete()
    Unit.objects.update(parent=None)
    Unit.objects.all().delete()
    Subject.objects.all().delete()
    for table in exports.TABLES:
        result = run_import(table, tmp_path / f"{table}.{fmt}")
        assert result.ok, (table, result.errors)
        assert result.updated == 0 and result.unchanged == 0
    after = snapshot()
    # Primary keys (and so paths and unit ids) are new; everything else is the same.
    for key in ("subjects", "achievements"):
        assert after[key] == before[key]
    assert [u[:3] for u in after["units"]] == [u[:3] for u in before["units"]]


def test_csv_cells_are_neutralised(tmp_path, ledger):
    path = tmp_path / "a.csv"
    exports.export_to_path("achievements", path)
    with open(path, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    notes = {r["note"] for r in rows}
    assert "'-giảm so với năm trước" in notes and "'=1+1" in notes
    assert "'+12/QĐ-UBND" in {r["decision_no"] for r in rows}
    assert "'-1500000.5" in {r["value"] for r in rows}
    assert "123456789012" in {r["value"] for r in rows}
    assert all(not any(v.startswith(("=", "+", "-", "@")) for v in r.values()) for r in rows)

    exports.export_to_path("units", tmp_path / "u.csv")
    assert "'=HYPERLINK" in (tmp_path / "u.csv").read_text(encoding="utf-8-sig")
    exports.export_to_path("people", tmp_path / "p.csv")
    assert "'@Nguyễn Văn Tư" in (tmp_path / "p.csv").read_text(encoding="utf-8-sig")


def test_xlsx_cells_are_text_never_formulas(tmp_path, ledger):
    path = tmp_path / "a.xlsx"
    exports.export_to_path("achievements", path)
    ws = load_workbook(path).worksheets[0]
    header = [c.value for c in ws[1]]
    assert header == exports.HEADERS["achievements"]
    cells = [c for row in ws.iter_rows(min_row=2) for c in row if c.value is not None]
    assert not [c for c in cells if c.data_type == "f"]
    by_value = {c.value: c for c in cells}
    assert by_value["=1+1"].data_type == "s"
    assert by_value["-giảm so với năm trước"].data_type == "s"
    assert by_value[123456789012].data_type == "n"  # amounts stay numbers
    assert by_value["-1500000.5"].data_type == "s"  # not exact as a double: kept as text

    exports.export_to_path("units", tmp_path / "u.xlsx")
    unit_cells = [c for row in load_workbook(tmp_path / "u.xlsx").worksheets[0].iter_rows()
                  for c in row]
    formula_like = [c for c in unit_cells if str(c.value).startswith("=")]
    assert formula_like and all(c.data_type == "s" for c in formula_like)


def test_export_scope_and_command(tmp_path, ledger, capsys):
    path = tmp_path / "u.csv"
    call_command("export", "units", str(path), "--scope", "SCT_VP")
    assert "2 dòng" in capsys.readouterr().out
    with open(path, encoding="utf-8-sig", newline="") as fh:
        codes = [r["code"] for r in csv.DictReader(fh)]
    assert codes == ["SCT_VP", "SCT_TO"]

    path = tmp_path / "a.xlsx"
    call_command("export", "achievements", str(path), "--scope", "SNV")
    assert load_workbook(path).worksheets[0].max_row == 1  # header only: nothing under SNV


def test_export_units_lists_parents_first(tmp_path, ledger):
    path = tmp_path / "u.csv"
    exports.export_to_path("units", path)
    with open(path, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    position = {r["code"]: i for i, r in enumerate(rows)}
    for r in rows:
        if r["parent_code"]:
            assert position[r["parent_code"]] < position[r["code"]]
