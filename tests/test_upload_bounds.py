"""Bounded uploads: an XLSX that inflates far beyond its size is refused unread."""

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from dienhinh.core.uploads import zip_bomb_reason
from dienhinh.ledger.imports import run_import
from tests.import_helpers import write_xlsx

GIB = 1024 * 1024 * 1024
_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="xml" ContentType="application/xml"/></Types>'
)
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<sheets><sheet name="S" sheetId="1"/></sheets></workbook>'
)


def write_bomb(path: Path, whitespace: int) -> None:
    """A real-looking XLSX whose sheet XML is `whitespace` bytes of blanks, streamed."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        zf.writestr("[Content_Types].xml", _CONTENT_TYPES)
        zf.writestr("xl/workbook.xml", _WORKBOOK)
        with zf.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(b'<worksheet xmlns="http://schemas.openxmlformats.org/'
                        b'spreadsheetml/2006/main"><sheetData>')
            chunk = b" " * (8 * 1024 * 1024)
            left = whitespace
            while left > 0:
                sheet.write(chunk[: min(left, len(chunk))])
                left -= len(chunk)
            sheet.write(b"</sheetData></worksheet>")


# The child's own peak: VmHWM is reset by exec, while getrusage's ru_maxrss is kept
# across it on Linux and would count the pytest process the child was forked from.
_PEAK = r"""
def peak_mib():
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
"""

_CHILD = _PEAK + r"""
import json, sys
import django
django.setup()
from dienhinh.ledger.imports import run_import
result = run_import("achievements", sys.argv[1], commit=False)
print(json.dumps({"file_error": result.file_error, "peak_mib": peak_mib()}))
"""


@pytest.fixture(scope="module")
def bomb(tmp_path_factory):
    path = tmp_path_factory.mktemp("bomb") / "thanh-tich.xlsx"
    write_bomb(path, GIB)
    return path


def test_the_bomb_is_small_and_inflates_to_a_gibibyte(bomb):
    assert bomb.stat().st_size < 2 * 1024 * 1024
    with zipfile.ZipFile(bomb) as zf:
        assert zf.getinfo("xl/worksheets/sheet1.xml").file_size > GIB


def test_importer_refuses_a_zip_bomb_within_the_memory_bound(bomb):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tests.settings",
           "PYTHONPATH": os.pathsep.join(sys.path)}
    done = subprocess.run([sys.executable, "-c", _CHILD, str(bomb)], env=env,
                          capture_output=True, text=True, timeout=600, check=True)
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert "Tệp nén" in report["file_error"]
    assert "từ chối" in report["file_error"]
    assert report["peak_mib"] < 500


def test_the_ratio_alone_refuses_a_small_bomb(tmp_path, settings):
    settings.ARCHIVE_MAX_UNCOMPRESSED_BYTES = 10 * GIB
    path = tmp_path / "nho.xlsx"
    write_bomb(path, 20 * 1024 * 1024)
    result = run_import("achievements", path, commit=False)
    assert "gấp hơn 100 lần" in result.file_error
    assert "xl/worksheets/sheet1.xml" in result.file_error


def test_the_declared_total_is_bounded(tmp_path, settings):
    settings.ARCHIVE_MAX_UNCOMPRESSED_BYTES = 1024 * 1024
    settings.ARCHIVE_MAX_RATIO = 10_000
    path = tmp_path / "lon.xlsx"
    write_bomb(path, 2 * 1024 * 1024)
    with zipfile.ZipFile(path) as zf:
        reason = zip_bomb_reason(zf)
    assert reason is not None and "quá lớn khi giải nén" in reason
    assert "1.048.576" in reason


def test_an_ordinary_workbook_passes(tmp_path):
    path = tmp_path / "thuong.xlsx"
    write_xlsx(path, [["code", "name", "parent_code", "kind"]]
               + [[f"U{i}", f"Đơn vị {i}", "", "agency"] for i in range(2000)])
    with zipfile.ZipFile(path) as zf:
        assert zip_bomb_reason(zf) is None


@pytest.mark.django_db
def test_web_upload_of_a_bomb_is_refused_and_not_kept(tmp_path, client, make_user, tree,
                                                       settings):
    from dienhinh.ledger.models import ImportJob

    settings.ARCHIVE_MAX_UNCOMPRESSED_BYTES = 10 * GIB
    path = tmp_path / "nho.xlsx"
    write_bomb(path, 20 * 1024 * 1024)
    client.force_login(make_user("vp", role="standing_office", unit=tree["sct"]))
    with open(path, "rb") as fh:
        response = client.post("/import/", {"table": "achievements", "file": fh})
    assert response.status_code == 200
    assert "gấp hơn 100 lần" in response.content.decode()
    assert not ImportJob.objects.exists()


_CSV_CHILD = _PEAK + r"""
import json, sys
import django
django.setup()
from dienhinh.ledger.imports import FileRejected
from dienhinh.ledger.imports.readers import Reader
try:
    rows = sum(1 for _row in Reader(sys.argv[1]).rows())
    error = ""
except FileRejected as exc:
    error = exc.message
print(json.dumps({"file_error": error, "peak_mib": peak_mib()}))
"""


def test_a_csv_line_of_millions_of_cells_is_refused_within_the_memory_bound(tmp_path):
    path = tmp_path / "dong-dai.csv"
    with open(path, "w", encoding="utf-8") as fh:
        fh.write("code,name,parent_code,kind\n")
        fh.write("ab," * (16 * 1024 * 1024) + "\n")  # 48 MB, 16 million cells
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tests.settings",
           "PYTHONPATH": os.pathsep.join(sys.path)}
    done = subprocess.run([sys.executable, "-c", _CSV_CHILD, str(path)], env=env,
                          capture_output=True, text=True, timeout=600, check=True)
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["file_error"] == "Dòng 2 của tệp CSV dài hơn 65.536 ký tự; tệp bị từ chối."
    assert report["peak_mib"] < 500  # split, the line takes 1.3 GB


@pytest.mark.django_db
def test_ordinary_csv_lines_pass(tmp_path):
    from tests.import_helpers import write_csv

    path = tmp_path / "don-vi.csv"
    write_csv(path, [["code", "name", "parent_code", "kind"],
                     ["U1", "Đơn vị " + "dài " * 2000, "", "agency"]])
    result = run_import("units", path, commit=False)
    assert result.file_error == ""


def write_shared_strings_workbook(path: Path, strings: list[str], part: str) -> int:
    """A workbook whose cells are shared strings kept in `part` (found by its content
    type, as openpyxl finds it); returns the table's size."""
    table = ('<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/'
             'spreadsheetml/2006/main">' + "".join(f"<si><t>{s}</t></si>" for s in strings)
             + "</sst>").encode()
    rows = "".join(
        f'<row r="{r + 1}">' + "".join(f'<c r="{col}{r + 1}" t="s"><v>{4 * r + c}</v></c>'
                                       for c, col in enumerate("ABCD")) + "</row>"
        for r in range(len(strings) // 4))
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    ct = "application/vnd.openxmlformats-officedocument.spreadsheetml"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", (
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/'
            '2006/content-types"><Default Extension="xml" ContentType="application/xml"/>'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{ct}.sheet.main+xml"/>'
            f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{ct}.worksheet+xml"/>'
            f'<Override PartName="/{part}" ContentType="{ct}.sharedStrings+xml"/></Types>'))
        zf.writestr("_rels/.rels", (
            '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/'
            f'package/2006/relationships"><Relationship Id="rId1" Type="{rel}/officeDocument" '
            'Target="xl/workbook.xml"/></Relationships>'))
        zf.writestr("xl/workbook.xml", (
            f'<?xml version="1.0"?><workbook xmlns="{main}" xmlns:r="{rel}"><sheets>'
            '<sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>'))
        zf.writestr("xl/_rels/workbook.xml.rels", (
            '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/'
            f'package/2006/relationships"><Relationship Id="rId1" Type="{rel}/worksheet" '
            'Target="worksheets/sheet1.xml"/></Relationships>'))
        zf.writestr("xl/worksheets/sheet1.xml",
                    f'<?xml version="1.0"?><worksheet xmlns="{main}"><sheetData>{rows}'
                    "</sheetData></worksheet>")
        zf.writestr(part, table)
    return len(table)


@pytest.mark.django_db
@pytest.mark.parametrize("part", ["xl/sharedStrings.xml", "xl/chuoi.xml"])
def test_a_workbook_with_too_many_shared_strings_is_refused(tmp_path, settings, part):
    path = tmp_path / "nhieu-chuoi.xlsx"
    strings = ["code", "name", "parent_code", "kind"]
    for i in range(200):
        strings += [f"U{i}", f"Đơn vị số {i}", "", "agency"]
    size = write_shared_strings_workbook(path, strings, part)
    settings.XLSX_MAX_SHARED_STRINGS_BYTES = size
    result = run_import("units", path, commit=False)
    assert result.file_error == "" and result.total == 200 and result.ok
    settings.XLSX_MAX_SHARED_STRINGS_BYTES = size - 1
    result = run_import("units", path, commit=False)
    assert "quá nhiều chuỗi văn bản" in result.file_error
    assert "CSV" in result.file_error
