"""Documents ready to sign (issue 16) and issued means frozen (issue 11, item 6).

The helpers that read a document back as a clerk would (used by
test_documents_kinds.py, which converts every kind through LibreOffice); the signer
of a decision on its date; a draft without a number; and a person and a unit renamed
after issue leaving the issued DOCX, XLSX and PDF byte-identical.
"""

import datetime as dt
import io
import unicodedata
import zipfile

import fontpkg_noto_serif
import pytest
from django.test import Client
from PIL import ImageFont

from dienhinh.catalogue import codes
from dienhinh.council import documents as minutes
from dienhinh.decisions import certificates, documents, freeze, services
from dienhinh.decisions.models import IssuedFile
from dienhinh.orgs.models import Leadership, Subject
from tests.factories.council import PASSPHRASE
from tests.factories.decisions import passed_setup

pytestmark = pytest.mark.django_db
ON = dt.date(2025, 1, 8)
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture
def issued():
    s = passed_setup()
    d = services.approve(s["head"], [s["item_hoa"], s["item_ldvl"]],
                         "Về việc công nhận điển hình tiên tiến năm 2024", ON)
    return {**s, "decision": d}


def squash(text: str) -> str:
    """The text with every whitespace removed, then composed (NFC). Where LibreOffice
    takes a glyph from a fallback font, poppler may put a space inside a word ("ĐỘ NG")
    or after a base letter before its combining mark; what is left are the letters in
    the order the reader meets them, which is what the checks compare."""
    return unicodedata.normalize("NFC", "".join(text.split()))


def has(text: str, needle: str) -> bool:
    return squash(needle) in text


def docx_text(data: bytes) -> str:
    """Every paragraph of the body, its tables and its headers, as python-docx reads it."""
    from docx import Document

    doc = Document(io.BytesIO(data))
    parts = [p.text for p in doc.paragraphs]
    parts += [c.text for t in doc.tables for row in t.rows for c in row.cells]
    for section in doc.sections:
        parts += [p.text for p in section.header.paragraphs]
    return "\n".join(parts)


def catalogue_codes() -> set[str]:
    return {*codes.ACHIEVEMENT_CODES, *codes.ISSUERS, *codes.INITIATIVE_LEVELS,
            *codes.UNIT_KINDS, *codes.POSITIONS, *Subject.objects.values_list("code", flat=True)}


_FONT = ImageFont.truetype(str(fontpkg_noto_serif.ROOT / "files" / "NotoSerif[wdth,wght].ttf"),
                           100)


def narrow_cells(docx: bytes) -> list[str]:
    """Columns (of every table with a grid) narrower than the longest word in them, with
    the word measured in Noto Serif at the run's size, bold as bold, plus the cell's
    default margins (0,19 cm each side)."""
    from lxml import etree

    root = etree.fromstring(zipfile.ZipFile(io.BytesIO(docx)).read("word/document.xml"))
    problems = []
    for tbl in root.iter(f"{W}tbl"):
        grid = [int(g.get(f"{W}w")) / 20 for g in tbl.iter(f"{W}gridCol")]  # twips → pt
        for tr in tbl.findall(f"{W}tr"):
            for n, tc in enumerate(tr.findall(f"{W}tc")):
                for run in tc.iter(f"{W}r"):
                    size_el = run.find(f"{W}rPr/{W}sz")
                    size = int(size_el.get(f"{W}val")) / 2 if size_el is not None else 14
                    b = run.find(f"{W}rPr/{W}b")
                    bold = b is not None and b.get(f"{W}val") not in ("0", "false")
                    text = "".join(t.text or "" for t in run.iter(f"{W}t"))
                    for word in text.split():
                        need = _FONT.getlength(word) * size / 100 * (1.08 if bold else 1)
                        if need + 10.8 > grid[n] + 0.5:
                            problems.append(f"{word!r}: {need + 10.8:.1f} pt > {grid[n]:.1f}")
    return problems


def test_the_signer_is_the_leader_in_office_on_the_date():
    s = passed_setup()
    before = services.approve(s["head"], [s["item_hoa"]], "Cuối năm 2024",
                              dt.date(2024, 12, 30))
    assert before.snapshot["signer"] == {"title": "Giám đốc", "name": "Phạm Văn Minh",
                                         "authority": ""}
    after = services.approve(s["head"], [s["item_ldvl"]], "Đầu năm 2025", ON)
    assert after.snapshot["signer"]["name"] == "Hoàng Thị Lan"
    draft = services.draft_decision(s["office"], s["so"], [s["item_hoa"]], "Phó ký")
    draft = services.update_draft(s["office"], draft, draft.version, signer_name="Đỗ Văn Nam")
    deputy = services.issue_decision(s["head"], draft, ON)
    assert deputy.snapshot["signer"] == {"title": "Phó Giám đốc", "name": "Đỗ Văn Nam",
                                         "authority": "KT. Giám đốc"}
    # The authority line names the head's office even when a deputy signs.
    assert deputy.snapshot["authority_line"].startswith("GIÁM ĐỐC SỞ")
    from docx import Document

    doc = Document(io.BytesIO(freeze.stored_bytes(freeze.decision_file(deputy, "decision"))))
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    assert any("KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC" in c and "Đỗ Văn Nam" in c for c in cells), cells


def test_a_draft_says_so_and_has_no_number(issued):
    s = issued
    draft = services.draft_decision(s["office"], s["so"], [s["item_hoa"]], "Dự thảo")
    from docx import Document

    doc = Document(io.BytesIO(documents.decision_docx(draft)))
    text = "\n".join([p.text for p in doc.paragraphs] + [
        c.text for t in doc.tables for row in t.rows for c in row.cells])
    assert "DỰ THẢO" in text and "Số:        /QĐ-SLĐTBXH" in text


def test_renames_after_issue_leave_the_issued_files_byte_identical(issued, client: Client):
    s, d = issued, issued["decision"]
    client.force_login(s["head"])
    r = d.recognitions.get(subject__code="LC001")
    urls = [f"/decisions/{d.pk}/decision.docx", f"/decisions/{d.pk}/bonuses.xlsx",
            f"/council/meetings/{s['meeting'].pk}/minutes.docx",
            f"/decisions/recognitions/{r.pk}/certificate.pdf"]
    client.force_login(s["office"])
    before = [b"".join(client.get(u).streaming_content) if u.endswith(".pdf")
              else client.get(u).content for u in urls]
    assert all(len(x) > 1000 for x in before)
    live_before = documents.decision_docx(d)
    hoa, ldvl, so = s["hoa"].subject, s["ldvl"].subject, s["so"].subject
    for subject, name in ((hoa, "Nguyễn Thị Hoa Mới"), (ldvl, "Phòng Việc làm (đổi tên)"),
                          (so, "Sở Nội vụ tỉnh Lào Cai")):
        subject.name = name
        subject.save()
    Leadership.objects.filter(full_name="Hoàng Thị Lan").update(full_name="Người Khác")
    after = [b"".join(client.get(u).streaming_content) if u.endswith(".pdf")
             else client.get(u).content for u in urls]
    assert after == before
    # Rendering from the live data would have changed; from the snapshot it does not.
    assert documents.decision_docx(d) != live_before
    for row in IssuedFile.objects.all():
        assert freeze.rebuild(row) == freeze.stored_bytes(row), row.kind
    cert = r.certificate
    # Rendered again with the same site address (the request's, as at first), same bytes.
    assert certificates.render_pdf(cert, "http://testserver") == before[3]
    # The public page reads as the certificate does: the name of the day, the same level.
    page = Client().get(f"/verify/{cert.token}/").content.decode()
    assert "Nguyễn Thị Hoa" in page and "Hoa Mới" not in page
    assert "Điển hình tiên tiến cấp cơ quan năm 2024" in page
    assert "Sở Lao động – Thương binh và Xã hội tỉnh Lào Cai" in page
    # A stored file altered on disk is refused, not served.
    row = freeze.decision_file(d, IssuedFile.DECISION)
    with row.file.open("wb") as fh:
        fh.write(b"altered")
    with pytest.raises(freeze.AlteredFile):
        freeze.stored_bytes(row)


def test_minutes_reconcile_present_recused_and_issued():
    from dienhinh.council import services as council
    from dienhinh.council.models import Ballot
    from tests.factories.council import council_setup

    s = council_setup(members=5)
    meeting = s["meeting"]
    for key in ("hoa", "ldvl"):
        council.add_item(s["office"], meeting, s["noms"][key])
    hoa_item = meeting.items.get(nomination=s["noms"]["hoa"])
    council.declare_recusal(s["members"][2].user, hoa_item, "Người thân của người được đề nghị")
    meeting.refresh_from_db()
    meeting = council.set_attendance(s["office"], meeting, meeting.version, s["members"][:4])
    ballot = council.open_ballot(s["office"], meeting, meeting.version, Ballot.ELECTRONIC,
                                 passphrase=PASSPHRASE)
    for seat in s["members"][:4]:
        choices = {item.pk: "yes" for item in council.voter_items(ballot, seat)}
        if choices:
            council.cast_votes(seat.user, ballot, choices)
    ballot = council.close_ballot(s["office"], ballot, passphrase=PASSPHRASE)
    # The minutes were made and stored at the close, with their hash.
    stored = IssuedFile.objects.get(ballot=ballot, kind=IssuedFile.MINUTES)
    assert freeze.stored_bytes(stored) == minutes.render_minutes(stored.snapshot)
    c = minutes.minutes_context(ballot)
    assert c["counts"] == "Tổng số thành viên Hội đồng: 5; có mặt: 4; vắng mặt: 1."
    assert c["explain"] == [
        "Đối với Nguyễn Thị Hoa: 01 thành viên là người được đề nghị hoặc lãnh đạo đơn vị được "
        "đề nghị (hoặc tự khai có liên quan) nên không tham gia bỏ phiếu; số phiếu phát ra là "
        "03."]
    hoa_row = next(r for r in c["rows"] if r[1] == "Nguyễn Thị Hoa")
    assert hoa_row[4] == "3"  # ballots issued: 4 present − 1 recused


def test_legal_bases_carry_their_dates_and_titles_by_the_date_of_signing():
    s = passed_setup()
    draft = services.draft_decision(s["office"], s["so"], [s["item_hoa"]], "Khen thưởng",
                                    reward_code="GIAY_KHEN", reward_issuer="SO")
    later = documents.context(draft, on=dt.date(2025, 8, 1))["grounds"]
    assert later[1] == (
        "Căn cứ Nghị định số 152/2025/NĐ-CP ngày 14 tháng 6 năm 2025 của Chính phủ quy định "
        "về phân cấp, phân quyền trong lĩnh vực thi đua, khen thưởng; quy định chi tiết và "
        "hướng dẫn thi hành một số điều của Luật Thi đua, khen thưởng;")
    earlier = documents.context(draft, on=ON)["grounds"]
    assert earlier[1].startswith("Căn cứ Nghị định số 98/2023/NĐ-CP ngày 31 tháng 12 năm 2023")
    plan = s["plan"]
    assert (f"Căn cứ Kế hoạch số {plan.number} ngày 02 tháng 01 năm 2022 của Sở Lao động – "
            "Thương binh và Xã hội tỉnh Lào Cai về") in earlier[2]


@pytest.mark.parametrize("amount,words", [
    (0, "Không đồng"), (5, "Năm đồng"), (15, "Mười lăm đồng"), (21, "Hai mươi mốt đồng"),
    (105, "Một trăm linh năm đồng"), (710_000, "Bảy trăm mười nghìn đồng"),
    (1_005_000, "Một triệu không trăm linh năm nghìn đồng"),
    (2_120_000, "Hai triệu một trăm hai mươi nghìn đồng"),
    (1_500_000_000, "Một tỷ năm trăm triệu đồng")])
def test_amounts_in_words(amount, words):
    from dienhinh.core.vietnamese import money_in_words

    assert money_in_words(amount) == words
    assert documents.money_words(amount).endswith(f"(Bằng chữ: {words})")


def test_numbers_below_ten_take_a_leading_zero():
    from dienhinh.core.documents import doc_number

    assert doc_number(1, "QĐ-SLĐTBXH") == "01/QĐ-SLĐTBXH"
    assert doc_number(9, "BB-HĐTĐKT") == "09/BB-HĐTĐKT"
    assert doc_number(10, "QĐ-UBND") == "10/QĐ-UBND"
    assert doc_number(125, "QĐ-UBND") == "125/QĐ-UBND"


def test_the_signature_keeps_with_the_last_paragraph(issued):
    from lxml import etree

    data = freeze.stored_bytes(freeze.decision_file(issued["decision"], IssuedFile.DECISION))
    root = etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml"))
    body = root.find(f"{W}body")
    sign = next(t for t in body.iter(f"{W}tbl") if "Nơi nhận:" in "".join(t.itertext()))
    assert sign.find(f"{W}tr/{W}trPr/{W}cantSplit") is not None
    before = [el for el in sign.itersiblings(preceding=True)][:2]
    # The blank line and Điều 3 above it both keep with the signature block.
    assert [el.tag for el in before] == [f"{W}p", f"{W}p"]
    assert all(el.find(f"{W}pPr/{W}keepNext") is not None for el in before)
    assert "Điều 3." in "".join(before[1].itertext())


def test_a_long_agency_name_breaks_before_its_place():
    """The head's agency name too long for its column breaks before the province, not
    inside the place name ("SỞ CÔNG THƯƠNG TỈNH HÀ / TĨNH"), and "Xã hội" is not taken
    for a commune."""
    from dienhinh.core import documents as layout

    room = layout.word_width("SỞ CÔNG THƯƠNG TỈNH", 13, True)
    assert layout._name_lines("Sở Công Thương tỉnh Hà Tĩnh", room, 13, True) == (
        "SỞ CÔNG THƯƠNG\nTỈNH HÀ TĨNH")
    wide = layout.word_width("SỞ CÔNG THƯƠNG TỈNH HÀ TĨNH", 13, True) + 1
    assert layout._name_lines("Sở Công Thương tỉnh Hà Tĩnh", wide, 13, True) == (
        "SỞ CÔNG THƯƠNG TỈNH HÀ TĨNH")
    name = "Sở Lao động – Thương binh và Xã hội tỉnh Lào Cai"
    room = layout.word_width("SỞ LAO ĐỘNG – THƯƠNG BINH VÀ XÃ HỘI", 13, True) + 1
    assert layout._name_lines(name, room, 13, True) == (
        "SỞ LAO ĐỘNG – THƯƠNG BINH VÀ XÃ HỘI\nTỈNH LÀO CAI")


def test_nobody_confirms_their_own_achievement_report():
    """A person who heads their unit has their report confirmed by the head of the unit
    above, never by themselves (Nghị định 98/2023/NĐ-CP, mẫu 03: "Thủ trưởng đơn vị
    xác nhận, đề nghị")."""
    from dienhinh.exemplars.documents import _confirmer, _signer
    from tests.factories.exemplars import lao_cai

    lc = lao_cai()
    on = dt.date(2025, 1, 8)
    own = _signer(lc["ldvl"], on)
    assert own.name == "Lê Văn Dũng"  # the division's leader on the staff list
    assert _confirmer(lc["ldvl"], "Lê Văn Dũng", on, own).name == _signer(lc["so"], on).name
    assert _confirmer(lc["ldvl"], "Nguyễn Thị Hoa", on, own).name == "Lê Văn Dũng"
