"""One layout for every DOCX the system generates, after Nghị định 30/2020/NĐ-CP,
Phụ lục I (thể thức và kỹ thuật trình bày văn bản hành chính).

Every document kind (decision and its annexed list, minutes, compiled list, reports)
builds on `document()`, `head()`, `title()`, `paragraph()`, `table()` and
`signature()`; `to_bytes()` saves it deterministically, so the same content always
gives the same bytes (an issued document can be rebuilt from its snapshot and
compared with the stored file).
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import re
import zipfile
from dataclasses import asdict, dataclass

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

# Phụ lục I, Phần I, mục II.4: phông chữ tiếng Việt Times New Roman (Unicode, TCVN 6909:2001).
# Where Times New Roman is not installed, the font table names a substitute of the same
# widths (`FALLBACK`, Debian's fonts-liberation), so lines and pages break where they
# would in Times; the certificate PDF embeds the packaged Noto Serif
# (`fontpkg-noto-serif`), which is also what `word_width()` measures with: it is wider
# than Times, so a column wide enough for Noto Serif is wide enough for Times New Roman.
FONT = "Times New Roman"
FALLBACK = "Liberation Serif"
# PANOSE of Times New Roman (Liberation Serif carries the same): a serif text face of
# proportional widths, which is what an office suite matches on when neither is there.
PANOSE = "02020603050405020304"

# Phụ lục I, Phần I, mục II.1–II.3: khổ A4 (210 × 297 mm); lề trên và lề dưới 20–25 mm,
# lề trái 30–35 mm, lề phải 15–20 mm. Lists with many columns turn the page (mục II.2).
PAGE_WIDTH, PAGE_HEIGHT = Mm(210), Mm(297)
MARGIN_TOP = MARGIN_BOTTOM = Mm(20)
MARGIN_LEFT = Mm(30)
MARGIN_RIGHT = Mm(15)

# Phụ lục I, Phần II (sizes in points):
SIZE_MOTHER_AGENCY = 13  # mục 2: tên cơ quan chủ quản, in hoa, cỡ 12–13, đứng
SIZE_AGENCY = 13         # mục 2: tên cơ quan ban hành, in hoa, cỡ 12–13, đứng, đậm
SIZE_NATION = 13         # mục 1: Quốc hiệu, in hoa, cỡ 12–13, đứng, đậm
SIZE_MOTTO = 14          # mục 1: Tiêu ngữ, in thường, cỡ 13–14, đứng, đậm
SIZE_NUMBER = 13         # mục 3: "Số:" in thường, ký hiệu in hoa, cỡ 13, đứng
SIZE_DATE = 14           # mục 4: địa danh và thời gian, in thường, cỡ 13–14, nghiêng
SIZE_KIND = 14           # mục 5: tên loại văn bản, in hoa, cỡ 13–14, đứng, đậm
SIZE_SUMMARY = 14        # mục 5: trích yếu, in thường, cỡ 13–14, đứng, đậm
SIZE_BODY = 14           # mục 6: nội dung, in thường, cỡ 13–14, căn đều hai lề
SIZE_TABLE = 12          # tables and annexed lists: a point smaller to fit A4
SIZE_SIGNER = 14         # mục 7: quyền hạn, chức vụ in hoa cỡ 13–14 đậm; họ tên in thường đậm
SIZE_TO_LABEL = 12       # mục 9: "Nơi nhận:" in thường, cỡ 12, nghiêng, đậm
SIZE_TO = 11             # mục 9: the recipients, in thường, cỡ 11, đứng
FIRST_LINE_INDENT = Mm(10)  # mục 6: lùi đầu dòng 1–1,27 cm
SPACE_AFTER = Pt(6)         # mục 6: khoảng cách giữa các đoạn tối thiểu 6 pt
CELL_PADDING_PT = 11        # Word's default cell margins, 0,19 cm each side

NATION = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
DRAFT_MARK = "DỰ THẢO"

CENTER, LEFT, RIGHT, JUSTIFY = (WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.LEFT,
                                WD_ALIGN_PARAGRAPH.RIGHT, WD_ALIGN_PARAGRAPH.JUSTIFY)


class MissingSigner(ValueError):
    """Nobody recorded to sign a document on its date; the message tells the user what to
    fill in (a view answers it with 409, see core.middleware)."""


@dataclass(frozen=True)
class Signer:
    """Who signs (Phụ lục I, Phần II, mục 7): `on_behalf` is "TM. ỦY BAN NHÂN DÂN" for a
    collective body, `authority` is "KT. GIÁM ĐỐC" when a deputy signs for the head or
    "TL. GIÁM ĐỐC" when a chief signs by order, empty when the head signs in their own
    name; `title` is the signer's own office ("Phó Giám đốc", "Q. Giám đốc")."""

    title: str
    name: str = ""
    authority: str = ""
    on_behalf: str = ""

    def lines(self) -> list[str]:
        return [x.upper() for x in (self.on_behalf, self.authority, self.title) if x]

    @property
    def head_title(self) -> str:
        """The head's office, for the line of the issuing authority ("GIÁM ĐỐC SỞ …"):
        the title after "KT."/"TL.", after "Q.", else the signer's own."""
        for prefix in ("KT. ", "TL. "):
            if self.authority.startswith(prefix):
                return self.authority[len(prefix):]
        return self.title[3:] if self.title.startswith("Q. ") else self.title

    def as_dict(self) -> dict:
        data = asdict(self)
        if not data["on_behalf"]:
            # Snapshots taken before collective bodies had no such key: equal bytes.
            del data["on_behalf"]
        return data

    @classmethod
    def from_dict(cls, data: dict | None) -> Signer:
        data = data or {}
        return cls(title=data.get("title", ""), name=data.get("name", ""),
                   authority=data.get("authority", ""), on_behalf=data.get("on_behalf", ""))


# -- dates -------------------------------------------------------------------------------
def date_words(on: dt.date) -> str:
    """"ngày 08 tháng 3 năm 2025": days below 10 and the months 1 and 2 get a leading
    zero (Phụ lục I, Phần II, mục 4), other months do not."""
    month = f"{on.month:02d}" if on.month <= 2 else str(on.month)
    return f"ngày {on.day:02d} tháng {month} năm {on.year}"


def doc_number(seq: int, symbol: str) -> str:
    """"01/QĐ-SLĐTBXH": the number in Arabic figures, with a leading zero below 10
    (Nghị định 30/2020/NĐ-CP, Phụ lục I, Phần II, mục 3.a: "Trường hợp số nhỏ hơn 10
    phải ghi thêm số 0 phía trước"), then the symbol."""
    return f"{seq:02d}/{symbol}"


def place_date(place: str, on: dt.date) -> str:
    """"Lào Cai, ngày 08 tháng 01 năm 2025"; without a place the dots are left to fill in."""
    return f"{place or '……'}, {date_words(on)}"


# -- building blocks ---------------------------------------------------------------------
def document(landscape: bool = False) -> Document:
    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(SIZE_BODY)
    _fonts(style.element.rPr.rFonts)
    _defaults(doc)
    _font_table(doc)
    style.paragraph_format.space_after = Pt(0)
    section = doc.sections[0]
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = PAGE_HEIGHT, PAGE_WIDTH
    section.top_margin, section.bottom_margin = MARGIN_TOP, MARGIN_BOTTOM
    section.left_margin, section.right_margin = MARGIN_LEFT, MARGIN_RIGHT
    _page_numbers(section)
    return doc


def _fonts(r_fonts) -> None:
    """Every script slot in Times New Roman, no theme font (a theme would bring Calibri
    or Cambria into tables and headers that name no font of their own)."""
    for key in list(r_fonts.attrib):
        if key.endswith("Theme") or key.endswith("theme"):
            del r_fonts.attrib[key]
    for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        r_fonts.set(qn(slot), FONT)


def _defaults(doc) -> None:
    """The document defaults: Times New Roman, and Vietnamese as the language of the
    text (spelling and hyphenation in an office suite)."""
    r_pr = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(
        qn("w:rPr"))
    _fonts(r_pr.find(qn("w:rFonts")))
    lang = r_pr.find(qn("w:lang"))
    if lang is not None:
        lang.set(qn("w:val"), "vi-VN")


def _font_entry(name: str, alt: str = "", sig: str = "") -> str:
    alt_name = f'<w:altName w:val="{alt}"/>' if alt else ""
    return (f'<w:font w:name="{name}">{alt_name}<w:panose1 w:val="{PANOSE}"/>'
            '<w:charset w:val="00"/><w:family w:val="roman"/><w:pitch w:val="variable"/>'
            f'{sig}</w:font>')


# The Unicode ranges Times New Roman covers (Latin Extended Additional, bit 29 of usb0,
# holds the Vietnamese letters), as Word records them.
_TNR_SIG = ('<w:sig w:usb0="E0002EFF" w:usb1="C000785B" w:usb2="00000009" w:usb3="00000000"'
            ' w:csb0="000001FF" w:csb1="00000000"/>')


def _font_table(doc) -> None:
    """word/fontTable.xml declares the one face the document uses, Times New Roman, with
    its substitute (`altName`), family and PANOSE, and the substitute itself: an office
    suite without Times New Roman sets the text in a face of the same widths rather
    than in whatever its default is. The template's other faces (Calibri, Cambria, MS
    Mincho) are not used and are dropped."""
    part = next(p for p in doc.part.package.iter_parts()
                if str(p.partname) == "/word/fontTable.xml")
    part._blob = (
        "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
        '<w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        f"{_font_entry(FONT, FALLBACK, _TNR_SIG)}{_font_entry(FALLBACK)}</w:fonts>").encode()


def _page_numbers(section) -> None:
    """Page numbers centred at the top, in Arabic figures, not on the first page
    (Phụ lục I, Phần I, mục II.7: cỡ chữ 13–14, đứng)."""
    section.different_first_page_header_footer = True
    section.header_distance = Mm(10)
    p = section.header.paragraphs[0]
    p.alignment = CENTER
    run = p.add_run()
    run.font.size = Pt(SIZE_BODY)
    for kind, text in (("begin", None), (None, " PAGE "), ("end", None)):
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        else:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
        run._r.append(el)


def text_width(doc) -> int:
    """The text width of the section being written (the last one: a landscape page for
    a wide table has its own)."""
    section = doc.sections[-1]
    return section.page_width - section.left_margin - section.right_margin


def paragraph(where, text: str = "", bold=False, italic=False, size: int = SIZE_BODY,
              align=CENTER, indent=False, space_after=None, para=None):
    p = para if para is not None else where.add_paragraph()
    p.alignment = align
    if indent:
        p.paragraph_format.first_line_indent = FIRST_LINE_INDENT
    if space_after is not None:
        p.paragraph_format.space_after = space_after
    if text:
        run = p.add_run(text)
        run.bold, run.italic = bold, italic
        run.font.name = FONT
        run.font.size = Pt(size)
    return p


def body(doc, text: str, lead: str = "", **kw):
    """A paragraph of the body: justified, first line indented, 6 pt after; `lead` is
    set in bold before the text ("Điều 1." — Phụ lục I, Phần II, mục 6)."""
    kw.setdefault("align", JUSTIFY)
    kw.setdefault("indent", True)
    kw.setdefault("space_after", SPACE_AFTER)
    p = paragraph(doc, "", **{k: v for k, v in kw.items() if k in (
        "align", "indent", "space_after")})
    for part, bold in ((lead, True), ((" " if lead else "") + text, kw.get("bold", False))):
        if part.strip():
            run = p.add_run(part)
            run.bold, run.italic = bold, kw.get("italic", False)
            run.font.name = FONT
            run.font.size = Pt(kw.get("size", SIZE_BODY))
    return p


def _rule(cell, fraction: float, width: int):
    """The short horizontal line under the agency name, the motto and the summary: a
    paragraph's bottom border, centred, a third to a half as long as the line above."""
    p = cell.add_paragraph()
    side = int(width * (1 - fraction) / 2)
    p.paragraph_format.left_indent = side
    p.paragraph_format.right_indent = side
    p.paragraph_format.space_after = Pt(6)
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"),
                       ("w:color", "000000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    p._p.get_or_add_pPr().append(borders)
    run = p.add_run()
    run.font.size = Pt(2)
    return p


def _fixed_widths(table, widths: list[int]) -> None:
    """Fixed layout with explicit widths: office suites then keep them as computed."""
    table.autofit = False
    tbl_pr = table._tbl.tblPr
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    tbl_pr.append(layout)
    for col, width in zip(table.columns, widths):
        col.width = width
    for row in table.rows:
        for cell, width in zip(row.cells, widths):
            cell.width = width


def head(doc, mother_agency: str, agency: str, number: str | None, place: str,
         on: dt.date, draft: bool = False):
    """The head of the first page: issuing body, number and symbol on the left; Quốc
    hiệu, Tiêu ngữ, locality and date on the right (Phụ lục I, Phần II, mục 1–4). A
    draft says DỰ THẢO and leaves the number for the clerk to fill in on signing;
    `number` None leaves out the line for a paper that takes no number."""
    if draft:
        paragraph(doc, DRAFT_MARK, bold=True, size=SIZE_KIND, align=RIGHT)
    # The head may reach into the margins (the samples of Phụ lục III do), so that the
    # Quốc hiệu and the agency's name keep to one or two lines.
    width = text_width(doc) + int(Mm(16))
    table = doc.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    left_w = int(width * 0.41)
    _fixed_widths(table, [left_w, width - left_w])
    left, right = table.rows[0].cells
    first = left.paragraphs[0]
    room = left_w / 12700 - CELL_PADDING_PT
    if mother_agency:
        paragraph(left, _name_lines(mother_agency, room, SIZE_MOTHER_AGENCY, False),
                  size=SIZE_MOTHER_AGENCY, para=first)
        paragraph(left, _name_lines(agency, room, SIZE_AGENCY, True), bold=True,
                  size=SIZE_AGENCY)
    else:
        paragraph(left, _name_lines(agency, room, SIZE_AGENCY, True), bold=True,
                  size=SIZE_AGENCY, para=first)
    _rule(left, 0.35, left_w)
    if number is None:  # a document that carries no number (an achievement report)
        pass
    elif draft or not number or number.startswith("/"):
        # "/BC-SCT": the symbol is known, the number is given by the register on issue.
        symbol = number.split("/", 1)[1] if "/" in number else ""
        shown = f"Số:        /{symbol}" if symbol else "Số:        "
    else:
        shown = f"Số: {number}"
    if number is not None:
        paragraph(left, shown, size=SIZE_NUMBER)
    paragraph(right, NATION, bold=True, size=SIZE_NATION, para=right.paragraphs[0])
    paragraph(right, MOTTO, bold=True, size=SIZE_MOTTO)
    _rule(right, 0.62, width - left_w)
    paragraph(right, place_date(place, on), italic=True, size=SIZE_DATE)
    paragraph(doc, "")
    return table


# Where an agency's name too long for one line breaks: before the place it belongs to
# ("SỞ CÔNG THƯƠNG / TỈNH HÀ TĨNH"), so that no line ends inside a place name. Matched
# in the name as written, where the place word is in lower case ("tỉnh Lào Cai") and
# "Xã hội" in "Lao động – Thương binh và Xã hội" is not.
_PLACE_WORDS = ("tỉnh ", "thành phố ", "thị xã ", "huyện ", "quận ", "xã ", "phường ",
                "đặc khu ")


def _name_lines(name: str, width_pt: float, size: float, bold: bool) -> str:
    """`name` in capitals as printed in the head: one line if it fits, else broken
    before its place ("\n" becomes a line break in the run); else left to the office
    suite to wrap."""
    upper = name.upper()
    if word_width(upper, size, bold) <= width_pt:
        return upper
    words = name.split()
    for n in range(1, len(words)):
        first, rest = " ".join(words[:n]).upper(), " ".join(words[n:])
        if rest.startswith(_PLACE_WORDS) and (
                word_width(first, size, bold) <= width_pt
                and word_width(rest.upper(), size, bold) <= width_pt):
            return f"{first}\n{rest.upper()}"
    return upper


def title(doc, kind: str, summary: str = ""):
    """Tên loại và trích yếu (mục 5), with the short line under the summary."""
    paragraph(doc, kind.upper(), bold=True, size=SIZE_KIND)
    if summary:
        paragraph(doc, summary, bold=True, size=SIZE_SUMMARY)
    table = doc.add_table(rows=1, cols=1)
    _fixed_widths(table, [text_width(doc)])
    cell = table.rows[0].cells[0]
    cell._tc.remove(cell.paragraphs[0]._p)
    _rule(cell, 0.3, text_width(doc))


def signature(doc, signer: Signer, distribution: list[str] | None = None,
              keep: str = "Lưu: VT.", second: Signer | None = None):
    """Nơi nhận on the left (omitted when `distribution` is None) and the signer on the
    right: authority, title, room for the signature and seal, the name (mục 7–9).
    `second` puts a second signer on the left instead (minutes: secretary and chair)."""
    width = text_width(doc)
    # The signature never stands alone on a page: the last paragraph keeps with it
    # (keep with next), and the block's row is never split across two pages.
    if doc.paragraphs:
        doc.paragraphs[-1].paragraph_format.keep_with_next = True
    paragraph(doc, "").paragraph_format.keep_with_next = True
    table = doc.add_table(rows=1, cols=2)
    _fixed_widths(table, [width // 2, width - width // 2])
    left, right = table.rows[0].cells
    if second is not None:
        # Two signers side by side: their names on one line, however their titles wrap.
        cell_w = width / 2 / 12700 - CELL_PADDING_PT
        need = [_printed_lines(second, cell_w), _printed_lines(signer, cell_w)]
        _signer(left, second, max(need) - need[0])
        _signer(right, signer, max(need) - need[1])
        keep_together(table)
        return table
    if distribution is not None:
        paragraph(left, "Nơi nhận:", bold=True, italic=True, size=SIZE_TO_LABEL, align=LEFT,
                  para=left.paragraphs[0])
        lines = [*distribution, keep] if keep else list(distribution)
        for n, line in enumerate(lines, 1):
            line = line.rstrip(" ;.")
            end = "." if n == len(lines) else ";"
            paragraph(left, f"- {line}{end}", size=SIZE_TO, align=LEFT)
    _signer(right, signer)
    keep_together(table)
    return table


def keep_together(table) -> None:
    """A table's rows are not split across pages, and each keeps with the next."""
    for row in table.rows:
        tr_pr = row._tr.get_or_add_trPr()
        tr_pr.append(OxmlElement("w:cantSplit"))
        for cell in row.cells:
            for p in cell.paragraphs:
                p.paragraph_format.keep_with_next = True


def _printed_lines(signer: Signer, width_pt: float) -> int:
    """How many printed lines the signer's titles take in a column `width_pt` wide
    (words laid greedily, measured as `word_width` does)."""
    total = 0
    space = word_width(" ", SIZE_SIGNER, True) or SIZE_SIGNER / 4
    for line in signer.lines() or ["THỦ TRƯỞNG CƠ QUAN"]:
        used, count = 0.0, 1
        for word in line.split():
            w = word_width(word, SIZE_SIGNER, True)
            if used and used + space + w > width_pt:
                count, used = count + 1, w
            else:
                used += (space if used else 0) + w
        total += count
    return total


def _signer(cell, signer: Signer, extra: int = 0) -> None:
    """Titles, room for the signature and seal, the name; `extra` blank lines make up for
    a neighbour's titles that take more lines, so that both names stand on one line."""
    first = cell.paragraphs[0]
    lines = signer.lines() or ["THỦ TRƯỞNG CƠ QUAN"]
    for n, line in enumerate(lines):
        paragraph(cell, line, bold=True, size=SIZE_SIGNER, para=first if n == 0 else None)
    for _ in range(4 + extra):
        paragraph(cell, "")
    paragraph(cell, signer.name, bold=True, size=SIZE_SIGNER)


# -- tables whose columns fit their words -------------------------------------------------
@functools.lru_cache(maxsize=1)
def _measure_font():
    import fontpkg_noto_serif
    from PIL import ImageFont

    path = fontpkg_noto_serif.ROOT / "files" / "NotoSerif[wdth,wght].ttf"
    return ImageFont.truetype(str(path), 100)


@functools.lru_cache(maxsize=4096)
def word_width(word: str, size: float, bold: bool = False) -> float:
    """The printed width of `word` in points at `size`, measured with Noto Serif (wider
    than Times New Roman, so the estimate errs on the safe side); bold adds 8 %."""
    width = _measure_font().getlength(word) * size / 100
    return width * (1.08 if bold else 1.0)


def _emu(points: float) -> int:
    return int(points * 12700)


def column_widths(header: list[str], rows: list[list[str]], total: int,
                  size: float = SIZE_TABLE) -> list[int]:
    """Widths (EMU) summing to `total`, as a browser lays out an automatic table: each
    column at least as wide as its longest word (no word ever breaks: "Thành tích" does
    not wrap word by word), then the room left shared in proportion to the width each
    column would need to hold its longest text on one line, and no more than that."""
    ncols = len(header)
    floor, natural = [], []
    for c in range(ncols):
        cells = [(header[c], True)] + [(str(r[c]) if c < len(r) else "", False) for r in rows]
        longest = max((word_width(w, size, bold) for text, bold in cells
                       for w in text.split()), default=0)
        # A heading may wrap between its words; the body's lines set the natural width.
        line = max((word_width(part, size, bold) for text, bold in cells[1:]
                    for part in text.split("\n") if part), default=0)
        floor.append(_emu(longest + CELL_PADDING_PT + 2))
        natural.append(max(_emu(line + CELL_PADDING_PT + 2), floor[-1]))
    if sum(floor) >= total:
        return floor
    if sum(natural) <= total:  # everything fits on one line: share the rest by width
        widths = [n + (total - sum(natural)) * n // sum(natural) for n in natural]
    else:
        # Room beyond the floors in proportion to each column's one-line width, no
        # column beyond that width; what a capped column leaves goes to the others.
        widths, open_ = list(floor), set(range(ncols))
        while open_:
            spare = total - sum(widths)
            weight = sum(natural[c] for c in open_)
            if spare <= 0 or not weight:
                break
            capped = {c for c in open_
                      if widths[c] + spare * natural[c] // weight >= natural[c]}
            if not capped:
                for c in open_:
                    widths[c] += spare * natural[c] // weight
                break
            for c in capped:
                widths[c] = natural[c]
            open_ -= capped
    widths[-1] += total - sum(widths)
    return widths


def fits_upright(header: list[str], rows: list[list[str]], size: float = SIZE_TABLE) -> bool:
    """Whether the table's columns, each as wide as its longest word, fit the text width
    of an upright A4 page (else the caller turns the page for it, `orient`)."""
    rows = [[str(x) for x in r] for r in rows]
    total = int(PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT)
    return sum(column_widths(header, rows, total, size)) <= total


def orient(doc, landscape: bool) -> None:
    """Go on in a new section on a new page turned as asked (Phụ lục I, mục II.2: a
    table with many columns may be set on a landscape page), when the current one is
    not; the page number stays on every page of the new section."""
    section = doc.sections[-1]
    if (section.page_width > section.page_height) == landscape:
        return
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    short, long_ = sorted((section.page_width, section.page_height))
    section.page_width, section.page_height = (long_, short) if landscape else (short, long_)
    section.different_first_page_header_footer = False


def table(doc, header: list[str], rows: list[list[str]], size: int = SIZE_TABLE,
          align: list | None = None):
    """A bordered table on the text width, columns sized by `column_widths`."""
    rows = [[str(x) for x in r] for r in rows]
    widths = column_widths(header, rows, text_width(doc), size)
    t = doc.add_table(rows=1, cols=len(header))
    t.style = "Table Grid"
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    _fixed_widths(t, widths)
    for cell, text in zip(t.rows[0].cells, header):
        paragraph(cell, text, bold=True, size=size, para=cell.paragraphs[0])
    # The header repeats on each page of a long list.
    tr_pr = t.rows[0]._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    tr_pr.append(repeat)
    # One alignment per column: centred when every entry is short (numbers, dates,
    # kinds), else left, so that a column does not zigzag between the two.
    short = [all(len(r[n]) <= 12 for r in rows if n < len(r)) for n in range(len(header))]
    for row in rows:
        cells = t.add_row().cells
        for n, (cell, text) in enumerate(zip(cells, row)):
            how = (align[n] if align else None) or (CENTER if short[n] else LEFT)
            cell.width = widths[n]
            paragraph(cell, text, size=size, align=how, para=cell.paragraphs[0])
    return t


# -- deterministic bytes -----------------------------------------------------------------
_FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_CORE_DATE = re.compile(rb"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:\2>)")


def stable_zip(data: bytes, on: dt.date | None = None) -> bytes:
    """The same archive with fixed entry times and fixed creation/modification dates in
    docProps/core.xml (the document's own date), so equal content gives equal bytes."""
    stamp = (on or dt.date(2000, 1, 1)).strftime("%Y-%m-%dT00:00:00Z").encode()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            blob = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                blob = _CORE_DATE.sub(lambda m: m.group(1) + stamp + m.group(3), blob)
            entry = zipfile.ZipInfo(info.filename, date_time=_FIXED_ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            dst.writestr(entry, blob)
    return out.getvalue()


def to_bytes(doc, on: dt.date | None = None) -> bytes:
    props = doc.core_properties
    moment = dt.datetime.combine(on or dt.date(2000, 1, 1), dt.time())
    props.created = props.modified = moment
    props.last_modified_by = props.author = ""
    props.revision = 1
    out = io.BytesIO()
    doc.save(out)
    return stable_zip(out.getvalue(), on)


def workbook_bytes(wb, on: dt.date | None = None) -> bytes:
    moment = dt.datetime.combine(on or dt.date(2000, 1, 1), dt.time())
    wb.properties.created = wb.properties.modified = moment
    wb.properties.creator = wb.properties.lastModifiedBy = ""
    out = io.BytesIO()
    wb.save(out)
    return stable_zip(out.getvalue(), on)
