"""Every generated document kind read back as a clerk reads it (issue 16, "Shown by"):
the DOCX (and the bonus sheet's XLSX) converted by LibreOffice to PDF, the certificate
already a PDF; the text extracted in reading order. Per kind: the locality-and-date
line, the number, the legal bases with their dates, the signer's name, no catalogue
code, and no table column narrower than the longest word in it.

LibreOffice is slow, so one module-scoped fixture builds every document once (inside
a transaction rolled back at the end: nothing leaks into other tests), converts them
all in one LibreOffice run and renders each page to PNG with pdftoppm. Set
DIENHINH_PAGES_DIR to keep the page images for looking at them.
"""

import datetime as dt
import io
import os
import re
import shutil
import subprocess
import unicodedata
import zipfile
from pathlib import Path

import fontpkg_noto_serif
import pytest
from django.db import transaction
from django.utils import timezone

from tests.test_documents_ready import catalogue_codes, docx_text, narrow_cells, squash

# The mark makes pytest-django create the test database; the documents are built once,
# in the module's fixture, in a transaction of its own that is rolled back.
pytestmark = pytest.mark.django_db
ON = dt.date(2025, 1, 8)
KINDS = ("decision", "minutes", "report", "list", "fostering", "certificate", "invitation",
         "programme", "review")


def _fonts_conf(folder: Path) -> Path:
    """Times New Roman falls back to the substitute the DOCX font table names (Liberation
    Serif, same widths), then to the packaged Noto Serif, as on a machine without it."""
    fonts = folder / "fonts.conf"
    fonts.write_text(f"""<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig><include ignore_missing="yes">/etc/fonts/fonts.conf</include>
<dir>{fontpkg_noto_serif.ROOT / "files"}</dir>
<alias binding="same"><family>Times New Roman</family><prefer><family>Liberation Serif</family>
<family>Noto Serif</family></prefer></alias></fontconfig>""")
    return fonts


def _convert(files: dict[str, tuple[str, bytes]], folder: Path) -> dict[str, Path]:
    """One LibreOffice run for every office file; PDFs are copied as they are."""
    assert shutil.which("soffice"), "LibreOffice (soffice) is needed"
    fonts = _fonts_conf(folder)
    out = folder / "pdf"
    out.mkdir()
    paths, pdfs = [], {}
    for name, (ext, data) in files.items():
        path = folder / f"{name}.{ext}"
        path.write_bytes(data)
        if ext == "pdf":
            shutil.copy(path, out / f"{name}.pdf")
        else:
            paths.append(str(path))
        pdfs[name] = out / f"{name}.pdf"
    subprocess.run(["soffice", f"-env:UserInstallation=file://{folder}/profile", "--headless",
                    "--convert-to", "pdf", "--outdir", str(out), *paths],
                   check=True, capture_output=True, timeout=300,
                   env={"PATH": "/usr/bin:/bin", "HOME": str(folder),
                        "FONTCONFIG_FILE": str(fonts)})
    return pdfs


def _pages(pdf: Path, folder: Path, name: str) -> list[Path]:
    subprocess.run(["pdftoppm", "-r", "60", "-png", str(pdf), str(folder / name)],
                   check=True, capture_output=True, timeout=120)
    return sorted(folder.glob(f"{name}*.png"))


def _build():
    """Every document kind of one agency's cycle, as bytes."""
    from dienhinh.council import documents as minutes_docs
    from dienhinh.decisions import certificates, documents, freeze, services
    from dienhinh.decisions.models import IssuedFile
    from dienhinh.exemplars import documents as exemplar_documents
    from dienhinh.exemplars import services as exemplar_services
    from dienhinh.ledger.models import Achievement
    from dienhinh.replication import documents as replication_documents
    from dienhinh.replication import services as replication
    from dienhinh.reports import generate
    from dienhinh.reports.periods import period_for
    from tests.factories.decisions import passed_setup

    s = passed_setup()
    d = services.approve(s["head"], [s["item_hoa"], s["item_ldvl"]],
                         "Về việc công nhận điển hình tiên tiến năm 2024", ON)
    office = s["office"]
    # An earlier reward of Hoa's, issued by the Sở: the report names the Sở, not "SO".
    Achievement.objects.create(subject=s["hoa"].subject, year=2023, kind="commendation",
                               code_id="GIAY_KHEN", issuer="SO", decision_no="12/QĐ-SLĐTBXH",
                               decision_date=dt.date(2023, 12, 20), issuer_unit=s["so"])
    exemplar_services.register(office, s["plan"], 2024, s["ldvl"], s["hoa"].subject,
                               on=dt.date(2024, 1, 10))
    clist = exemplar_services.compile_list(office, s["plan"], 2024, number="05/DS-SLĐTBXH")
    ballot = s["meeting"].ballot
    r = d.recognitions.get(subject=s["hoa"].subject)
    cert = certificates.certificate_for(r)
    conf = replication.create_conference(
        office, agency=s["so"], kind="mid_term", plan=s["plan"],
        title="Hội nghị điển hình tiên tiến sơ kết 3 năm", held_on=dt.date(2025, 5, 15),
        starts_at=dt.time(8, 0), venue="Hội trường Sở", number="25/GM-SLĐTBXH")
    conf.refresh_from_db()
    replication.add_honouree(conf, office, conf.version, subject=s["hoa"].subject,
                             speaks=True, topic="Tư vấn việc làm cho lao động nông thôn")
    conf.refresh_from_db()
    replication.add_programme_item(conf, office, conf.version, title="Khai mạc hội nghị",
                                   starts_at=dt.time(8, 0), presenter="Lãnh đạo Sở")
    conf.refresh_from_db()
    replication.invite(conf, office, conf.version, unit=s["btxh"])
    conf.refresh_from_db()
    invited_on = dt.date(2025, 4, 20)
    files = {
        "decision": ("docx", freeze.stored_bytes(freeze.decision_file(d, IssuedFile.DECISION))),
        "minutes": ("docx", freeze.stored_bytes(freeze.minutes_file(ballot))),
        "report": ("docx", exemplar_documents.achievement_report_docx(s["noms"]["hoa"], ON)),
        "list": ("docx", exemplar_documents.compiled_list_docx(clist, dt.date(2024, 1, 23))),
        "fostering": ("docx", exemplar_documents.fostering_report_docx(
            s["plan"], 2024, s["so"], [], on=dt.date(2024, 11, 15))),
        "certificate": ("pdf", certificates.render_pdf(cert, "http://testserver")),
        "invitation": ("docx", replication_documents.invitation_docx(conf, invited_on)),
        "programme": ("docx", replication_documents.programme_docx(conf, invited_on)),
        "review": ("docx", generate.render(s["plan"], s["so"], period_for(s["plan"], 2024),
                                           "docx", on=dt.date(2025, 1, 15)).content),
    }
    facts = {"plan_number": s["plan"].number, "plan_issued": s["plan"].issued_on,
             "plan_title": s["plan"].title, "minutes_number": minutes_docs.minutes_number(ballot),
             "closed": timezone.localtime(ballot.closed_at).date(),
             "tally_hash": ballot.tally_hash, "codes": catalogue_codes()}
    # The finance office's sheet is a workbook; CI has LibreOffice Writer only (no
    # Calc), so it is read with openpyxl rather than converted.
    facts["bonus"] = documents.bonus_xlsx(d)
    return files, facts


@pytest.fixture(scope="module")
def read_back(django_db_setup, django_db_blocker, tmp_path_factory):
    folder = tmp_path_factory.mktemp("documents")
    with django_db_blocker.unblock(), transaction.atomic():
        files, facts = _build()
        transaction.set_rollback(True)
    pdfs = _convert(files, folder)
    keep = os.environ.get("DIENHINH_PAGES_DIR")
    pages_dir = Path(keep) if keep else folder / "pages"
    pages_dir.mkdir(parents=True, exist_ok=True)
    raw, pages = {}, {}
    for name, pdf in pdfs.items():
        raw[name] = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True,
                                   check=True).stdout.decode()
        pages[name] = _pages(pdf, pages_dir, name)
    return {"files": files, "pdfs": pdfs, "raw": raw, "text": {k: squash(v) for k, v in raw.items()},
            "pages": pages, "facts": facts}


def _pdf_fonts(pdf: Path) -> list[tuple[str, str]]:
    """(name without its subset tag, embedded yes/no) of each font `pdffonts` lists."""
    out = subprocess.run(["pdffonts", str(pdf)], capture_output=True, check=True,
                         text=True).stdout.splitlines()[2:]
    rows = []
    for line in out:
        # name, type (one or two words), encoding, emb, sub, uni, object, generation
        cols = line.split()
        rows.append((re.sub(r"^[A-Z]{6}\+", "", cols[0]), cols[-5]))
    return rows


def has(text: str, needle: str) -> bool:
    return squash(needle) in text


def date_line(on: dt.date) -> str:
    month = f"{on.month:02d}" if on.month <= 2 else str(on.month)
    return f"Lào Cai, ngày {on.day:02d} tháng {month} năm {on.year}"


def _no_codes(read_back, name):
    banned = read_back["facts"]["codes"]
    ext, data = read_back["files"][name]
    sources = [read_back["raw"][name]] + ([docx_text(data)] if ext == "docx" else [])
    for source in sources:
        words = set(re.findall(r"[A-Za-z0-9_]+", unicodedata.normalize("NFC", source)))
        assert not (words & banned), (name, words & banned)


def _fits(read_back, name):
    ext, data = read_back["files"][name]
    if ext == "docx":
        assert narrow_cells(data) == [], name


def test_every_kind_was_converted_and_rendered(read_back):
    for name in KINDS:
        assert len(read_back["text"][name]) > 200, name
        assert read_back["pages"][name], name


def test_every_docx_names_times_new_roman_and_its_substitute(read_back):
    """Phụ lục I, mục II.4: Times New Roman; the font table (word/fontTable.xml) gives it
    a substitute of the same widths (altName), its family and PANOSE, and no part of
    the document names another face or a theme font."""
    from lxml import etree

    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    for name in KINDS:
        ext, data = read_back["files"][name]
        if ext != "docx":
            continue
        archive = zipfile.ZipFile(io.BytesIO(data))
        table = etree.fromstring(archive.read("word/fontTable.xml"))
        fonts = {f.get(f"{w}name"): f for f in table.findall(f"{w}font")}
        assert set(fonts) == {"Times New Roman", "Liberation Serif"}, name
        tnr = fonts["Times New Roman"]
        assert tnr.find(f"{w}altName").get(f"{w}val") == "Liberation Serif", name
        assert tnr.find(f"{w}family").get(f"{w}val") == "roman", name
        assert tnr.find(f"{w}panose1").get(f"{w}val") == "02020603050405020304", name
        # The text's runs, the document defaults and the Normal style (which every
        # paragraph, table cell and header of these documents uses).
        styles = etree.fromstring(archive.read("word/styles.xml"))
        slots = (etree.fromstring(archive.read("word/document.xml")).iter(f"{w}rFonts"),
                 styles.find(f"{w}docDefaults").iter(f"{w}rFonts"),
                 styles.find(f"{w}style[@{w}styleId='Normal']").iter(f"{w}rFonts"))
        for r_fonts in (x for group in slots for x in group):
            attrs = {k.removeprefix(w): v for k, v in r_fonts.attrib.items()}
            assert set(attrs.values()) == {"Times New Roman"}, (name, attrs)
            assert not any("heme" in k for k in attrs), (name, attrs)


def test_every_pdf_sets_vietnamese_in_one_embedded_serif(read_back):
    """Converted without Times New Roman, every page is set in its substitute (the
    certificate in the packaged Noto Serif), embedded; a glyph the face lacked would
    bring in another font (LibreOffice falls back per glyph), so one serif family and
    the Vietnamese letters read back intact mean none is missing."""
    for name, pdf in read_back["pdfs"].items():
        fonts = _pdf_fonts(pdf)
        families = {re.sub(r"[-,].*", "", font) for font, _ in fonts}
        assert len(families) == 1, (name, fonts)
        # "Cert-Serif" is the certificate's @font-face name for the packaged Noto Serif.
        assert families <= {"LiberationSerif", "TimesNewRomanPSMT", "TimesNewRoman",
                            "NotoSerif", "Cert"}, (name, fonts)
        assert all(emb == "yes" for _, emb in fonts), (name, fonts)
        text = unicodedata.normalize("NFC", read_back["raw"][name])
        assert "\ufffd" not in text, name
        assert set("ăơưđệ") <= set(text.lower()), (name, set("ăơưđệ") - set(text.lower()))


def test_decision_and_its_annex(read_back):
    text, f = read_back["text"]["decision"], read_back["facts"]
    plan_date = f"ngày {f['plan_issued'].day:02d} tháng"
    for needle in (date_line(ON), "Số: 01/QĐ-SLĐTBXH", "QUYẾT ĐỊNH",
                   "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;",
                   "Căn cứ Nghị định số 98/2023/NĐ-CP ngày 31 tháng 12 năm 2023 của Chính phủ "
                   "quy định chi tiết thi hành một số điều của Luật Thi đua, khen thưởng;",
                   f"Căn cứ Kế hoạch số {f['plan_number']} {plan_date}",
                   "GIÁM ĐỐC SỞ LAO ĐỘNG – THƯƠNG BINH VÀ XÃ HỘI TỈNH LÀO CAI",
                   "đồng (Bằng chữ:", "Hoàng Thị Lan", "Nơi nhận:", "DANH SÁCH",
                   "(Kèm theo Quyết định số 01/QĐ-SLĐTBXH ngày 08 tháng 01 năm 2025",
                   "Tiền thưởng (đồng)", "Tổng cộng"):
        assert has(text, needle), needle
    # One date for one act: the decision shows its signing date and no other of 2025.
    assert set(re.findall(r"ngày\d\dtháng\d+năm2025", text)) == {"ngày08tháng01năm2025"}
    assert not re.search(r"\d đ\b", docx_text(read_back["files"]["decision"][1]))
    assert len(read_back["pages"]["decision"]) >= 2  # the annex on a page of its own
    _no_codes(read_back, "decision")
    _fits(read_back, "decision")


def test_minutes_of_the_vote_count(read_back):
    text, f = read_back["text"]["minutes"], read_back["facts"]
    for needle in (date_line(f["closed"]), f"Số: {f['minutes_number']}", "BIÊN BẢN KIỂM PHIẾU",
                   "Tổng số thành viên Hội đồng: 5; có mặt: 5; vắng mặt: 0.",
                   "THƯ KÝ HỘI ĐỒNG", "CHỦ TỊCH HỘI ĐỒNG", "Trần Văn Thành 1",
                   "(căn cứ:",  # where the passing rule comes from
                   "Trần Văn Thành 2", "PHỤ LỤC"):
        assert has(text, needle), needle
    assert f["minutes_number"].startswith("01/")
    assert not has(text, "Hội trường,")
    # The tally's hash is in the annex after the signatures, not in the body.
    assert text.index(f["tally_hash"]) > text.index(squash("Trần Văn Thành 1"))
    _no_codes(read_back, "minutes")
    _fits(read_back, "minutes")


def test_achievement_report(read_back):
    text = read_back["text"]["report"]
    for needle in (date_line(ON), "BÁO CÁO THÀNH TÍCH", "Nguyễn Thị Hoa",
                   "12/QĐ-SLĐTBXH 20/12/2023",
                   "Sở Lao động – Thương binh và Xã hội tỉnh Lào Cai",
                   "THỦ TRƯỞNG ĐƠN VỊ XÁC NHẬN, ĐỀ NGHỊ"):
        assert has(text, needle), needle
    # A report of achievements takes no number (Nghị định 98/2023/NĐ-CP, mẫu 02, 03).
    assert not has(text, "Số:")
    # Hoa's unit (a division) has no leaders recorded: its leader on the staff list
    # confirms; never a blank name.
    assert has(text, "Lê Văn Dũng")
    # The two signers' names stand on one line (pdftotext -layout keeps the line).
    layout_text = subprocess.run(["pdftotext", "-layout", str(read_back["pdfs"]["report"]),
                                  "-"], capture_output=True, check=True).stdout.decode()
    assert any("Lê Văn Dũng" in line and "Nguyễn Thị Hoa" in line
               for line in layout_text.splitlines())
    _no_codes(read_back, "report")
    _fits(read_back, "report")


def test_compiled_list(read_back):
    text, f = read_back["text"]["list"], read_back["facts"]
    for needle in (date_line(dt.date(2024, 1, 23)), "Số: 05/DS-SLĐTBXH", "DANH SÁCH",
                   f"(Thực hiện Kế hoạch số {f['plan_number']} ngày",
                   "Phạm Văn Minh"):  # the head in office on 23/01/2024
        assert has(text, needle), needle
    _no_codes(read_back, "list")
    _fits(read_back, "list")


def test_fostering_report(read_back):
    text = read_back["text"]["fostering"]
    f = read_back["facts"]
    # The Sở reports on its own plan: it does not name itself twice in the sentence.
    plan = (f"Thực hiện Kế hoạch số {f['plan_number']} ngày 02 tháng 01 năm 2022, Sở Lao "
            "động – Thương binh và Xã hội tỉnh Lào Cai báo cáo")
    for needle in (date_line(dt.date(2024, 11, 15)), "BÁO CÁO", plan, "Phạm Văn Minh",
                   "Số: /BC-SLĐTBXH"):  # the register gives the number on issue
        assert has(text, needle), needle
    _no_codes(read_back, "fostering")
    _fits(read_back, "fostering")


def test_bonus_sheet_landscape_with_its_signer(read_back):
    import io

    from openpyxl import load_workbook

    ws = load_workbook(io.BytesIO(read_back["facts"]["bonus"])).active
    setup = ws.page_setup
    assert (setup.orientation, setup.paperSize, setup.fitToWidth) == ("landscape", 9, 1)
    assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.print_title_rows == "$2:$2"
    cells = [str(c.value) for row in ws.iter_rows() for c in row if c.value is not None]
    total = cells.index("Tổng cộng")
    after = cells[total:]
    assert date_line(ON) in after and "GIÁM ĐỐC" in after
    assert after[-1] == "Hoàng Thị Lan"  # the name closes the sheet, under the title
    assert cells[0].startswith("Quyết định số 01/QĐ-SLĐTBXH ngày 08/01/2025")
    # Each amount with the decree it follows (the "Căn cứ" column).
    assert any(c.startswith("Nghị định 98/2023/NĐ-CP") for c in cells)
    assert {c.font.name for row in ws.iter_rows() for c in row if c.value is not None} == {
        "Times New Roman"}
    words = set(re.findall(r"[A-Za-z0-9_]+", " ".join(cells)))
    assert not (words & read_back["facts"]["codes"])


def test_certificate(read_back):
    text = read_back["text"]["certificate"]
    for needle in ("Nguyễn Thị Hoa", "cấp cơ quan", "Quyết định số 01/QĐ-SLĐTBXH",
                   "Hoàng Thị Lan", "Lào Cai, ngày 08 tháng 01 năm 2025"):
        assert has(text, needle), needle
    assert not has(text, "cấp cơ sở")
    _no_codes(read_back, "certificate")


def test_invitation_and_programme(read_back):
    inv, prog = read_back["text"]["invitation"], read_back["text"]["programme"]
    for needle in (date_line(dt.date(2025, 4, 20)), "Số: 25/GM-SLĐTBXH", "GIẤY MỜI",
                   "Phòng Bảo trợ xã hội", "08 giờ 00, ngày 15 tháng 5 năm 2025",
                   "Quyết định số 01/QĐ-SLĐTBXH", "Hoàng Thị Lan", "Nơi nhận:",
                   # (a line may break after "15/KH-", where poppler drops the hyphen)
                   "thực hiện Kế hoạch số 15/KH", "SLĐTBXH ngày 02 tháng 01 năm 2022, biểu dương"):
        assert has(inv, needle), needle
    # The programme goes with the invitation: its number, no "Số:" of its own.
    assert not has(prog, "Số:")
    for needle in (date_line(dt.date(2025, 4, 20)), "CHƯƠNG TRÌNH",
                   "Kèm theo Giấy mời số 25/GM-SLĐTBXH ngày 20 tháng 4 năm 2025",
                   "Khai mạc hội nghị", "Hoàng Thị Lan"):
        assert has(prog, needle), needle
    for name in ("invitation", "programme"):
        _no_codes(read_back, name)
        _fits(read_back, name)


def test_review_report(read_back):
    text, f = read_back["text"]["review"], read_back["facts"]
    for needle in (date_line(dt.date(2025, 1, 15)), "BÁO CÁO",
                   f"Thực hiện Kế hoạch số {f['plan_number']} ngày 02 tháng 01 năm 2022",
                   "GIÁM ĐỐC", "Hoàng Thị Lan", "Nơi nhận:",
                   # the agency's symbol; the register gives the number on issue
                   "Số: /BC-SLĐTBXH"):
        assert has(text, needle), needle
    # The figure tables too wide for an upright page are set on landscape pages, and
    # the text after them is upright again.
    from docx import Document

    sections = Document(io.BytesIO(read_back["files"]["review"][1])).sections
    turned = [sec.page_width > sec.page_height for sec in sections]
    assert turned[0] is False and True in turned and turned[-1] is False, turned
    _no_codes(read_back, "review")
    _fits(read_back, "review")
