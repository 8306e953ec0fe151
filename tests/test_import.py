"""Import of units, people and achievements (CONTRACT §2): every error class,
all or nothing, idempotence, the command line."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.management import call_command

from dienhinh.ledger.imports import run_import
from dienhinh.ledger.models import Achievement
from dienhinh.orgs import services
from dienhinh.orgs.models import Assignment, Person, Subject, Unit, UnitVersion

from .import_helpers import (
    ACH_HEADER,
    PEOPLE_HEADER,
    UNITS_HEADER,
    ach,
    both,
    translated,
    write_csv,
    write_xlsx,
)

pytestmark = pytest.mark.django_db


def snapshot():
    return {
        "subjects": sorted(Subject.objects.values_list("code", "name", "type")),
        "units": sorted(Unit.objects.values_list("subject__code", "parent__subject__code", "kind",
                                                 "path", "version")),
        "people": sorted(Person.objects.values_list("subject__code", "birth_date", "gender",
                                                    "unit_id", "position", "version")),
        "assignments": Assignment.objects.count(),
        "achievements": sorted(Achievement.objects.values_list(
            "subject__code", "year", "kind", "code_id", "issuer", "level", "value",
            "decision_no", "decision_date", "note", "version")),
    }


def errors_of(result):
    return [(e.row, e.column, e.reason) for e in result.errors]


def only_error(result):
    assert not result.ok
    assert result.written is False
    assert len(result.errors) == 1, result.errors
    return result.errors[0]


# --- units ----------------------------------------------------------------------------

def test_units_parent_defined_later_and_reimport_changes_nothing(tmp_path):
    path = write_csv(tmp_path / "units.csv", [
        UNITS_HEADER,
        ["SCT_VP", "Văn phòng Sở", "SCT", "division"],
        ["SCT", "Sở Công Thương", "", "agency"],
        ["SCT_VP_TO1", "Tổ một", "SCT_VP", "other"],
    ])
    first = run_import("units", path)
    assert first.ok and first.written
    assert (first.created, first.updated, first.unchanged) == (3, 0, 0)
    sct = Unit.objects.get(subject__code="SCT")
    to1 = Unit.objects.get(subject__code="SCT_VP_TO1")
    assert to1.path.startswith(sct.path) and to1.path.count("/") == 4
    assert UnitVersion.objects.count() == 3
    before = snapshot()

    second = run_import("units", path)
    assert (second.created, second.updated, second.unchanged) == (0, 0, 3)
    assert snapshot() == before


def test_unit_rename_and_move_updates_and_keeps_history(tmp_path, tree):
    path = write_csv(tmp_path / "u.csv", [
        UNITS_HEADER, ["SCT_VP", "Văn phòng Sở Công Thương", "SNV", "division"]])
    result = run_import("units", path)
    assert (result.created, result.updated, result.unchanged) == (0, 1, 0)
    vp = Unit.objects.get(subject__code="SCT_VP")
    assert vp.subject.name == "Văn phòng Sở Công Thương"
    assert vp.parent == tree["other"] and vp.path.startswith(tree["other"].path)
    assert vp.version == 2
    history = [(name, until is None)
               for name, until in vp.versions.order_by("id").values_list("name", "valid_to")]
    assert history == [("Văn phòng Sở", False), ("Văn phòng Sở Công Thương", True)]
    # The person below moved along in today's tree.
    assert Person.objects.get(subject__code="P001").unit.path.startswith(tree["other"].path)


def test_unit_cycle_within_file_is_refused(tmp_path, db):
    path = write_csv(tmp_path / "u.csv", [
        UNITS_HEADER, ["A", "A", "B", "agency"], ["B", "B", "A", "agency"]])
    result = run_import("units", path)
    assert not result.ok
    assert {(e.row, e.column) for e in result.errors} == {(2, "parent_code"), (3, "parent_code")}
    assert "vòng lặp" in both(result.errors[0].reason) and "cycle" in both(result.errors[0].reason)
    assert not Unit.objects.exists()


def test_unit_cycle_against_database_is_refused(tmp_path, tree):
    # SCT would move under its own division.
    path = write_csv(tmp_path / "u.csv", [UNITS_HEADER, ["SCT", "Sở Công Thương", "SCT_VP", "agency"]])
    error = only_error(run_import("units", path))
    assert (error.row, error.column) == (2, "parent_code")
    assert "own ancestor" in both(error.reason)
    assert Unit.objects.get(subject__code="SCT").parent is None


@pytest.mark.parametrize("row, column, reason", [
    (["X", "X", "", "galaxy"], "kind", "Unknown unit kind"),
    (["X", "X", "NOPE", "agency"], "parent_code", "Unknown parent unit"),
    (["X", "X", "P001", "agency"], "parent_code", "Parent code is a person"),
    (["P001", "X", "", "agency"], "code", "already belongs to a person"),
    (["X", "", "", "agency"], "name", "Name is required"),
    (["X", "X", "X", "agency"], "parent_code", "own parent"),
])
def test_unit_row_errors(tmp_path, tree, row, column, reason):
    path = write_csv(tmp_path / "u.csv", [UNITS_HEADER, row])
    error = only_error(run_import("units", path))
    assert (error.row, error.column) == (2, column)
    assert reason in both(error.reason)
    assert translated(error.reason)  # English from the catalogue


def test_unit_code_twice_in_file(tmp_path, db):
    path = write_csv(tmp_path / "u.csv", [
        UNITS_HEADER, ["A", "A", "", "agency"], ["A", "A bis", "", "agency"]])
    error = only_error(run_import("units", path))
    assert (error.row, error.column) == (3, "code")
    assert "dòng 2" in both(error.reason)


# --- people ---------------------------------------------------------------------------

def test_people_import_and_move_keeps_assignment_history(tmp_path, tree):
    path = write_csv(tmp_path / "p.csv", [
        PEOPLE_HEADER,
        ["P010", "Lê  Thị   Mai", "31/12/1990", "nu", "SCT_VP", "staff"],
        ["P001", "Nguyễn Thị Hồng", "", "", "SCT_QLCN", "division_leader"],
    ])
    result = run_import("people", path)
    assert (result.created, result.updated, result.unchanged) == (1, 1, 0), result.errors
    mai = Person.objects.get(subject__code="P010")
    assert mai.full_name == "Lê Thị Mai" and mai.birth_date == dt.date(1990, 12, 31)
    hong = Person.objects.get(subject__code="P001")
    assert hong.unit == tree["qlcn"] and hong.position == "division_leader"
    history = [(unit, until is None) for unit, until
               in hong.assignments.order_by("id").values_list("unit_id", "valid_to")]
    assert history == [(tree["vp"].pk, False), (tree["qlcn"].pk, True)]

    again = run_import("people", path)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    assert hong.assignments.count() == 2


@pytest.mark.parametrize("row, column, reason", [
    (["P9", "A", "31/02/2024", "", "SCT", "staff"], "birth_date", "không tồn tại"),
    (["P9", "A", "2024/01/01", "", "SCT", "staff"], "birth_date", "YYYY-MM-DD"),
    (["P9", "A", "", "x", "SCT", "staff"], "gender", "Gender"),
    (["P9", "A", "", "", "NOPE", "staff"], "unit_code", "Unknown unit"),
    (["P9", "A", "", "", "SCT", "boss"], "position", "Unknown position"),
    (["SCT_VP", "A", "", "", "SCT", "staff"], "code", "already belongs to a unit"),
])
def test_people_row_errors(tmp_path, tree, row, column, reason):
    path = write_csv(tmp_path / "p.csv", [PEOPLE_HEADER, row])
    error = only_error(run_import("people", path))
    assert (error.row, error.column) == (2, column)
    assert reason in both(error.reason)


def test_person_code_twice_in_file(tmp_path, tree):
    path = write_csv(tmp_path / "p.csv", [
        PEOPLE_HEADER, ["P9", "A", "", "", "SCT", "staff"], ["P9", "B", "", "", "SCT", "staff"]])
    error = only_error(run_import("people", path))
    assert (error.row, error.column) == (3, "code")


# --- achievements ---------------------------------------------------------------------

def test_achievements_import_update_and_idempotence(tmp_path, tree):
    rows = [
        ACH_HEADER,
        ach("P001", 2024, "title", "LDTT"),
        ach("P001", 2024, "rating", "HTXSNV", decision_date="2024-12-20"),
        ach("P001", 2023, "commendation", "GIAY_KHEN", issuer="SO", decision_no="12/QĐ-SCT",
            decision_date="31/12/2023", note="Tổng kết năm"),
        ach("SCT", 2024, "indicator", "DOANH_THU", value="1.234.567,5"),
        ach("P002", 2022, "initiative", "SANG_KIEN", level="co_so"),
        ach("P002", 2024, "commendation", "HUAN_CHUONG", issuer="TW"),
    ]
    path = write_csv(tmp_path / "a.csv", rows)
    result = run_import("achievements", path)
    assert result.ok, result.errors
    assert (result.created, result.updated, result.unchanged) == (6, 0, 0)
    indicator = Achievement.objects.get(code="DOANH_THU")
    assert indicator.value == Decimal("1234567.50")
    gk = Achievement.objects.get(code="GIAY_KHEN")
    assert gk.decision_date == dt.date(2023, 12, 31) and gk.note == "Tổng kết năm"
    before = snapshot()

    again = run_import("achievements", path)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 6)
    assert snapshot() == before

    rows[4] = ach("SCT", 2024, "indicator", "DOANH_THU", value="2000000")
    rows[3] = ach("P001", 2023, "commendation", "GIAY_KHEN", issuer="SO", decision_no="12/QĐ-SCT",
                  decision_date="31/12/2023", note="Đã sửa")
    changed = run_import("achievements", write_csv(tmp_path / "a2.csv", rows))
    assert (changed.created, changed.updated, changed.unchanged) == (0, 2, 4)
    indicator.refresh_from_db()
    gk.refresh_from_db()
    assert indicator.value == Decimal(2000000) and indicator.version == 2
    assert gk.note == "Đã sửa" and gk.version == 2
    assert Achievement.objects.count() == 6


@pytest.mark.parametrize("row, column, reason", [
    (ach("NOPE", 2024, "title", "LDTT"), "subject_code", "Unknown subject"),
    (ach("P001", 2024, "title", "NOPE"), "code", "Unknown achievement code"),
    (ach("P001", 2024, "award", "LDTT"), "kind", "Unknown kind"),
    (ach("P001", 2024, "commendation", "LDTT"), "kind", "is of kind title"),
    (ach("P001", 2024, "commendation", "GIAY_KHEN"), "issuer", "needs an issuer"),
    (ach("P001", 2024, "commendation", "GIAY_KHEN", issuer="VUA"), "issuer", "Unknown issuer"),
    (ach("P001", 2024, "commendation", "BANG_KHEN_TTG", issuer="UBND_TINH"), "issuer",
     "issued only by TW"),
    (ach("P001", 2024, "commendation", "HUAN_CHUONG", issuer="SO"), "issuer", "only by TW"),
    (ach("P001", 2024, "initiative", "SANG_KIEN"), "level", "needs a level"),
    (ach("P001", 2024, "initiative", "SANG_KIEN", level="xa"), "level", "Unknown initiative"),
    (ach("SCT", 2024, "indicator", "DOANH_THU"), "value", "needs a value"),
    (ach("SCT", 2024, "indicator", "DOANH_THU", value="nhiều"), "value", "not a number"),
    (ach("SCT", 2024, "indicator", "DOANH_THU", value="1.5.5"), "value", "not a number"),
    (ach("P001", 1944, "title", "LDTT"), "year", "between 1945 and 2100"),
    (ach("P001", 2101, "title", "LDTT"), "year", "between 1945 and 2100"),
    (ach("P001", "hai nghìn", "title", "LDTT"), "year", "must be a number"),
    (ach("P001", 2024, "title", "LDTT", decision_date="31/02/2024"), "decision_date",
     "does not exist"),
    (ach("P001", 2024, "title", "LDTT", decision_date="2024-02-30"), "decision_date",
     "does not exist"),
    (ach("P001", 2024, "title", "TTLDTT"), "code", "only for collective"),
])
def test_achievement_row_errors(tmp_path, tree, row, column, reason):
    path = write_csv(tmp_path / "a.csv", [ACH_HEADER, row])
    error = only_error(run_import("achievements", path))
    assert (error.row, error.column) == (2, column)
    assert reason in both(error.reason)
    assert not Achievement.objects.exists()


def test_second_rating_in_file_and_against_database(tmp_path, tree):
    Achievement.objects.create(subject=tree["an"].subject, year=2024, kind="rating", code_id="HTTNV")
    path = write_csv(tmp_path / "a.csv", [
        ACH_HEADER,
        ach("P001", 2024, "rating", "HTXSNV"),
        ach("P001", 2024, "rating", "HTTNV"),
        ach("P002", 2024, "rating", "HTXSNV"),
        ach("P002", 2024, "rating", "HTTNV"),  # the same as the database's: fine
        ach("SCT", 2024, "indicator", "LOI_NHUAN", value="5"),
        ach("SCT", 2024, "indicator", "LOI_NHUAN", value="6", decision_no="2"),
    ])
    result = run_import("achievements", path)
    assert [(e.row, e.column) for e in result.errors] == [(3, "code"), (4, "code"), (7, "code")]
    assert "dòng 2" in both(result.errors[0].reason)
    assert "trong CSDL" in both(result.errors[1].reason) and "different rating" in both(result.errors[1].reason)
    assert "indicator already has a value" in both(result.errors[2].reason)
    assert Achievement.objects.count() == 1


def test_duplicate_identity_row_in_file(tmp_path, tree):
    path = write_csv(tmp_path / "a.csv", [
        ACH_HEADER, ach("P001", 2024, "title", "LDTT"), ach("P001", 2024, "title", "LDTT")])
    error = only_error(run_import("achievements", path))
    assert error.row == 3 and "Duplicates" in both(error.reason)


def test_one_bad_row_writes_nothing(tmp_path, tree):
    rows = [ACH_HEADER] + [ach("P001", year, "title", "LDTT") for year in range(2000, 2020)]
    rows.append(ach("P001", 2024, "title", "LDTT", decision_date="31/02/2024"))
    result = run_import("achievements", write_csv(tmp_path / "a.csv", rows))
    assert result.error_count == 1 and result.total == 21
    assert not Achievement.objects.exists()

    people = write_csv(tmp_path / "p.csv", [
        PEOPLE_HEADER, ["P50", "A", "", "", "SCT", "staff"], ["P51", "B", "", "", "SCT", "chief"]])
    assert not run_import("people", people).ok
    assert not Subject.objects.filter(code__in=["P50", "P51"]).exists()


# --- whole-file errors ----------------------------------------------------------------

def test_missing_required_column_rejects_file(tmp_path, tree):
    path = write_csv(tmp_path / "a.csv", [["subject_code", "year", "kind"], ["P001", "2024", "title"]])
    result = run_import("achievements", path)
    assert "code" in both(result.file_error) and "Missing required columns" in both(result.file_error)
    assert not Achievement.objects.exists()


def test_semicolon_file_gets_a_hint(tmp_path, tree):
    path = tmp_path / "u.csv"
    path.write_text("code;name;parent_code;kind\nX;X;;agency\n", encoding="utf-8")
    assert "semicolons" in both(run_import("units", path).file_error)


def test_unknown_column_is_ignored_with_warning(tmp_path, tree):
    path = write_csv(tmp_path / "a.csv", [
        ["subject_code", "year", "kind", "code", "ghi_chu_rieng"], ["P001", "2024", "title", "LDTT", "x"]])
    result = run_import("achievements", path)
    assert result.ok and result.created == 1
    assert any("ghi_chu_rieng" in w for w in result.warnings)


@pytest.mark.parametrize("content, needle", [
    (b"", "empty"),
    (b"\xef\xbb\xbf\r\n", "empty"),
    (b"subject_code,year,kind,code\n", "no data rows"),
    (b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "neither CSV nor XLSX"),
    (b"%PDF-1.7\n\x00\x01\x02binary", "neither CSV nor XLSX"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, ".xls"),
    (b"PK\x03\x04not really a zip", "not an XLSX"),
])
def test_unusable_files(tmp_path, tree, content, needle):
    path = tmp_path / "f.csv"
    path.write_bytes(content)
    result = run_import("achievements", path)
    assert needle in both(result.file_error)
    assert translated(result.file_error)


HEADER_LINE = b"code,name,parent_code,kind\n"


@pytest.mark.parametrize("content, guess", [
    # "Sở Công Thương Đà Nẵng" as Windows-1258 writes it: base letters + combining tones.
    (HEADER_LINE + b"X,S\xf5\xd2 C\xf4ng Th\xfd\xf5ng \xd0\xe0 N\xe3\xdeng,,agency\n",
     "Windows-1258"),
    (HEADER_LINE + "X,Café Müller,,agency\n".encode("cp1252"), "Windows-1252"),
    ("code,name,parent_code,kind\nX,Sở Công Thương,,agency\n".encode("utf-16"), "UTF-16"),
])
def test_csv_not_utf8_names_the_encoding(tmp_path, db, content, guess):
    path = tmp_path / "u.csv"
    path.write_bytes(content)
    result = run_import("units", path)
    assert "UTF-8" in both(result.file_error) and guess in both(result.file_error)
    assert not Unit.objects.exists()


def test_csv_with_bom_and_nfd_text_is_normalised(tmp_path, db):
    import unicodedata

    nfd = unicodedata.normalize("NFD", "Sở Công Thương")
    path = write_csv(tmp_path / "u.csv", [UNITS_HEADER, ["SCT", nfd, "", "agency"]], bom=True)
    assert run_import("units", path).ok
    assert Subject.objects.get(code="SCT").name == unicodedata.normalize("NFC", nfd)


# --- XLSX -----------------------------------------------------------------------------

def _with_cached_value(path, formula, cached):
    """openpyxl cannot write a formula's cached value; patch the sheet XML as Excel would."""
    import re
    import zipfile

    src = zipfile.ZipFile(path)
    out_path = path.with_name("cached.xlsx")
    with zipfile.ZipFile(out_path, "w") as out:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                text = data.decode()
                text, n = re.subn(rf"<f>{re.escape(formula)}</f>(<v\s*/>|<v></v>)?",
                                  f"<f>{formula}</f><v>{cached}</v>", text)
                assert n == 1
                data = text.encode()
            out.writestr(item, data)
    return out_path


def test_xlsx_import_with_dates_numbers_and_cached_formula(tmp_path, tree):
    path = write_xlsx(tmp_path / "a.xlsx", [
        ACH_HEADER,
        ["P001", 2024, "title", "LDTT", None, None, None, None, dt.datetime(2024, 12, 1), None],
        ["SCT", "=2000+23", "indicator", "DOANH_THU", None, None, -1500.25, None, None, None],
    ])
    result = run_import("achievements", _with_cached_value(path, "2000+23", "2023"))
    assert result.ok, (result.file_error, result.errors)
    assert Achievement.objects.get(code="LDTT").decision_date == dt.date(2024, 12, 1)
    indicator = Achievement.objects.get(code="DOANH_THU")
    assert indicator.year == 2023 and indicator.value == Decimal("-1500.25")


def test_xlsx_formula_without_cached_value_is_refused(tmp_path, tree):
    path = write_xlsx(tmp_path / "a.xlsx", [
        ACH_HEADER, ["P001", "=2000+24", "title", "LDTT"]])
    result = run_import("achievements", path)
    assert "B2" in both(result.file_error) and "formula" in both(result.file_error)
    assert not Achievement.objects.exists()


# --- scope ----------------------------------------------------------------------------

def test_rows_outside_the_users_scope_are_errors(tmp_path, tree, make_user):
    officer = make_user("officer", role="unit_officer", unit=tree["sct"])
    path = write_csv(tmp_path / "a.csv", [
        ACH_HEADER, ach("P001", 2024, "title", "LDTT"), ach("P003", 2024, "title", "LDTT")])
    result = run_import("achievements", path, user=officer)
    assert errors_of(result) == [(3, "subject_code", "Ngoài phạm vi quản lý của bạn.")]
    assert result.errors[0].in_language("en") == "Outside your scope."

    units = write_csv(tmp_path / "u.csv", [
        UNITS_HEADER,
        ["SCT_NEW", "Phòng mới", "SCT", "division"],
        ["SCT_NEW2", "Tổ mới", "SCT_NEW", "other"],
        ["ROOT", "Gốc", "", "agency"],
        ["SNV_X", "Phòng X", "SNV", "division"],
        ["SNV", "Sở Nội vụ", "", "agency"],
        ["SCT", "Sở Công Thương", "", "agency"],  # unchanged parent: allowed
    ])
    result = run_import("units", units, user=officer)
    assert [(e.row, e.column) for e in result.errors] == [
        (4, "parent_code"), (5, "parent_code"), (6, "code")]

    people = write_csv(tmp_path / "p.csv", [
        PEOPLE_HEADER, ["P003", "Đặng Văn Bình", "", "", "SCT", "staff"],
        ["P004", "Mới", "", "", "SNV", "staff"]])
    result = run_import("people", people, user=officer)
    assert [(e.row, e.column) for e in result.errors] == [(3, "unit_code"), (2, "code")]


# --- command line ---------------------------------------------------------------------

def test_command_exit_codes_and_report(tmp_path, tree, capsys):
    good = write_csv(tmp_path / "a.csv", [ACH_HEADER, ach("P001", 2024, "title", "LDTT")])
    call_command("import", "achievements", str(good))
    out = capsys.readouterr().out
    assert "1 thêm mới" in out and "0 cập nhật" in out

    bad = write_csv(tmp_path / "b.csv", [ACH_HEADER, ach("P001", 2024, "title", "LDTT"),
                                         ach("P001", 1800, "title", "LDTT")])
    with pytest.raises(SystemExit) as exit_info:
        call_command("import", "achievements", str(bad))
    assert exit_info.value.code == 1
    captured = capsys.readouterr()
    assert "3\tyear\t1800\t" in captured.out
    assert "không ghi dòng nào" in captured.err

    with pytest.raises(SystemExit) as exit_info:
        call_command("import", "units", str(tmp_path / "b.csv"))
    assert exit_info.value.code == 1
    assert "Thiếu cột bắt buộc" in capsys.readouterr().err
    assert Achievement.objects.count() == 1


def test_services_created_units_can_be_reimported_by_code(tmp_path, tree):
    services.create_unit("SCT_KT", "Phòng Kế toán", "division", tree["sct"])
    path = write_csv(tmp_path / "u.csv", [UNITS_HEADER, ["SCT_KT", "Phòng Kế toán", "SCT", "division"]])
    result = run_import("units", path)
    assert (result.created, result.updated, result.unchanged) == (0, 0, 1)
