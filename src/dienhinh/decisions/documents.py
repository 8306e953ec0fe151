"""The decision DOCX with its annexed list (Nghị định 30/2020/NĐ-CP: Phụ lục I for the
layout, Phụ lục III mẫu 1.3 for a decision that decides directly) and the finance
office's XLSX of bonuses.

Both are drawn from one plain dictionary, `context(decision)`: every name, unit,
amount and sentence as it reads on the day. At issue that dictionary is stored on the
decision (`Decision.snapshot`) and the files made from it are stored with their SHA-256
(`freeze.py`), so a later rename of a person or unit never changes an issued document,
and rebuilding from the snapshot gives the same bytes.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from docx.enum.text import WD_BREAK
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from dienhinh.catalogue.models import AchievementCode
from dienhinh.core import documents as layout
from dienhinh.core.documents import Signer
from dienhinh.core.vietnamese import format_number, money_in_words
from dienhinh.orgs import leaders

from . import rewards, rules, services
from .models import Decision

TYPE_LABELS = {"individual": "Cá nhân", "collective": "Tập thể"}


def level_words(level: str) -> str:
    """"cấp cơ quan": the catalogue's name of the level, the same words on the decision,
    the certificate and the public verification page."""
    return str(dict(Decision.LEVEL_CHOICES).get(level, "")).lower()


def money_words(amount: int) -> str:
    """"710.000 đồng (Bằng chữ: Bảy trăm mười nghìn đồng)", as an amount reads in the
    text of a legal document: figures in "đồng", then the words."""
    return f"{format_number(amount)} đồng (Bằng chữ: {money_in_words(amount)})"


def _reward_name(code: str) -> str:
    if not code:
        return ""
    found = AchievementCode.objects.filter(code=code).values_list("name", flat=True).first()
    return found or ""


def _grounds(d: Decision, on: dt.date, agency_name: str) -> list[str]:
    """Căn cứ: each law and decree with its date and full title, the plan with its date."""
    if on < rules.ND98_FROM:
        # Before 01/01/2024 (Luật 2022, Điều 95) the 2003 law and Nghị định 91/2017 held.
        lines = ["Căn cứ Luật Thi đua, khen thưởng ngày 26 tháng 11 năm 2003; Luật sửa đổi, "
                 "bổ sung một số điều của Luật Thi đua, khen thưởng ngày 14 tháng 6 năm 2005 "
                 "và ngày 16 tháng 11 năm 2013;"]
        if d.reward_code:
            lines.append("Căn cứ Nghị định số 91/2017/NĐ-CP ngày 31 tháng 7 năm 2017 của "
                         "Chính phủ quy định chi tiết thi hành một số điều của Luật Thi đua, "
                         "khen thưởng;")
    else:
        lines = ["Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;"]
        if d.reward_code and on >= rules.NEW_FROM:
            # Signed 14/6/2025 (the Government's announcement reported by Báo Mới,
            # "Phân cấp, phân quyền trong lĩnh vực thi đua, khen thưởng"; Thông tư
            # 15/2025/TT-BNV cites it "ngày 14 tháng 6 năm 2025"), in force 01/07/2025.
            lines.append("Căn cứ Nghị định số 152/2025/NĐ-CP ngày 14 tháng 6 năm 2025 của "
                         "Chính phủ quy định về phân cấp, phân quyền trong lĩnh vực thi đua, "
                         "khen thưởng; quy định chi tiết và hướng dẫn thi hành một số điều "
                         "của Luật Thi đua, khen thưởng;")
        elif d.reward_code:
            lines.append("Căn cứ Nghị định số 98/2023/NĐ-CP ngày 31 tháng 12 năm 2023 của "
                         "Chính phủ quy định chi tiết thi hành một số điều của Luật Thi đua, "
                         "khen thưởng;")
    if d.plan_id:
        plan = d.plan
        lines.append(f"Căn cứ Kế hoạch số {plan.number} {layout.date_words(plan.issued_on)} "
                     f"của {plan.agency.name} {_about(plan.title)};")
    for old, why in ((d.supersedes, "cần được đính chính, thay thế"),
                     (d.revokes, "cần được hủy bỏ")):
        if old is not None and old.signed_on:
            lines.append(f"Xét Quyết định số {old.number} {layout.date_words(old.signed_on)} "
                         f"{why};")
    if d.kind != Decision.REVOCATION:
        lines.append(f"Theo đề nghị của Hội đồng Thi đua – Khen thưởng {agency_name}.")
    else:
        lines.append(f"Theo đề nghị của Chánh Văn phòng {agency_name}.")
    return lines


def _about(title: str) -> str:
    """"về xây dựng …" from a plan title "Kế hoạch xây dựng …" or "Về việc …"."""
    title = title.strip().rstrip(".;")
    if title.lower().startswith("kế hoạch "):
        title = title[len("kế hoạch "):]
    return title if title[:2].lower() in ("về", "ve") else f"về {title[0].lower()}{title[1:]}"


def signer_of(d: Decision, on: dt.date) -> tuple[Signer, str]:
    """The person who signs on `on` (the organisation's leaders, or the name typed on
    the draft), and the head's title for the line of the issuing authority. A signer
    without a name is left for `missing_signer` to report."""
    profile = services.profile_of(d.agency)
    signer = leaders.signer_on(d.agency, on, d.signer_name)
    if signer is None:
        signer = Signer(title=d.signer_title or profile.signer_title,
                        name=d.signer_name or profile.signer_name)
    return signer, signer.head_title


def missing_signer(d: Decision, on: dt.date) -> str:
    """The message for the user when nobody can sign on `on`, else ""."""
    signer, _ = signer_of(d, on)
    return "" if signer.name else str(leaders.MissingSigner(d.agency, on))


def _unit_of(subject) -> str:
    if subject.type == "individual":
        return subject.person.unit.name
    parent = subject.unit.parent
    return parent.name if parent is not None else ""


def _bonus(d: Decision, r, on: dt.date) -> rewards.Bonus:
    """The line's bonus: a draft's computed with the rules in force on `on` (the date it
    would be signed), an issued one's as stored at issue. A missing rule or base salary
    is an amount of None with its warning, never a 0 (rewards.py)."""
    if d.kind == Decision.REVOCATION:
        amount = d.revokes.recognitions.filter(subject=r.subject).values_list(
            "bonus", flat=True).first() or 0
        return rewards.Bonus(amount, r.multiple, r.base_salary, r.rule_set)
    if not d.reward_code:
        return rewards.Bonus(r.bonus, r.multiple, r.base_salary, r.rule_set)
    if d.status == Decision.DRAFT:
        return rewards.bonus_for(d.reward_code, d.reward_issuer, on,
                                 r.subject.type == "collective")
    ok = not r.bonus_warning
    return rewards.Bonus(r.bonus if ok else None, r.multiple, r.base_salary, r.rule_set, "",
                         r.bonus_warning)


def context(d: Decision, *, on: dt.date | None = None, number: str | None = None) -> dict:
    """Everything the decision and its bonus sheet say, as plain JSON-able data. For a
    draft, `on` previews the date it would be signed on, and `number` the symbol of the
    number it would take (the number itself is left blank on a draft: the clerk writes
    it on signing)."""
    agency = d.agency
    profile = services.profile_of(agency)
    draft = d.status != Decision.ISSUED
    # Dates as in Việt Nam: a draft made at 23:30 on the 5th (UTC) is dated the 6th.
    on = (on if draft else None) or d.signed_on or timezone.localdate(d.created_at)
    signer, head_title = signer_of(d, on)
    rows, warnings = [], []
    if not signer.name:
        warnings.append(str(leaders.MissingSigner(agency, on)))
    recognitions = d.recognitions.select_related(
        "subject__person__unit__subject", "subject__unit__parent__subject").order_by("position")
    for r in recognitions:
        b = _bonus(d, r, on)
        if b.warning and b.warning not in warnings:
            warnings.append(b.warning)
        rows.append({"position": r.position, "code": r.subject.code, "name": r.subject.name,
                     "type": TYPE_LABELS.get(r.subject.type, ""), "unit": _unit_of(r.subject),
                     "reason": r.reason, "bonus": b.amount,
                     "multiple": str(b.multiple) if b.multiple is not None else None,
                     "base_salary": b.base_salary, "rule_set": b.rule, "warning": b.warning,
                     "recover": r.recover_amount})
    parent = agency.parent
    abbreviation = profile.abbreviation
    return {
        "draft": draft,
        "kind": d.kind,
        # A draft keeps the symbol only ("/QĐ-SLĐTBXH"): the number is written on signing.
        "number": ("/" + (number or f"/QĐ-{abbreviation}").split("/", 1)[-1]) if draft
        else d.number,
        "date": on.isoformat(),
        "mother_agency": parent.name if parent is not None else "",
        "agency": agency.name,
        "place": profile.place,
        "title": d.title,
        "authority_line": f"{head_title} {agency.name}".upper(),
        "head_title": head_title,
        "grounds": _grounds(d, on, agency.name),
        "level": level_words(d.level),
        "year": d.year,
        "reward": _reward_name(d.reward_code),
        "revokes": d.revokes.number if d.revokes_id else "",
        "supersedes": d.supersedes.number if d.supersedes_id else "",
        "rows": rows,
        "warnings": warnings,
        "signer": signer.as_dict(),
        "distribution": ["Như Điều 3", "Hội đồng Thi đua – Khen thưởng"],
    }


# -- the decision DOCX ------------------------------------------------------------------
def render_docx(c: dict) -> bytes:
    on = dt.date.fromisoformat(c["date"])
    doc = layout.document()
    layout.head(doc, c["mother_agency"], c["agency"], c["number"], c["place"], on,
                draft=c["draft"])
    layout.title(doc, "QUYẾT ĐỊNH", c["title"])
    layout.paragraph(doc, c["authority_line"], bold=True, size=layout.SIZE_KIND,
                     space_after=layout.SPACE_AFTER)
    for line in c["grounds"]:
        layout.body(doc, line, italic=True)
    layout.paragraph(doc, "QUYẾT ĐỊNH:", bold=True, size=layout.SIZE_KIND,
                     space_after=layout.SPACE_AFTER)
    rows, n = c["rows"], len(c["rows"])
    total = _total(rows)
    if c["kind"] == Decision.REVOCATION:
        layout.body(doc, lead="Điều 1.",
                    text=f"Hủy bỏ Quyết định số {c['revokes']} đối với {n:02d} tập "
                         "thể, cá nhân có tên trong danh sách kèm theo; thu hồi số tiền thưởng "
                         f"đã chi, tổng cộng {money_words(total)}.")
    else:
        reward = f" và tặng {c['reward']}" if c["reward"] else ""
        layout.body(doc, lead="Điều 1.",
                    text=f"Công nhận điển hình tiên tiến {c['level']} năm {c['year']}"
                         f"{reward} cho {n:02d} tập thể, cá nhân có thành tích tiêu biểu xuất "
                         "sắc (có danh sách kèm theo).")
        if c["reward"] and total:
            layout.body(doc, "Mức tiền thưởng của mỗi tập thể, cá nhân ghi tại danh sách kèm "
                             f"theo, tổng cộng {money_words(total)}, được chi từ Quỹ thi đua, "
                             f"khen thưởng của {c['agency']}.")
        if c["draft"]:
            # The head reads these before signing; a line without a rule stays blank.
            for warning in c.get("warnings", []):
                layout.body(doc, warning, lead="Lưu ý:", italic=True)
    if c["supersedes"]:
        layout.body(doc, f"Quyết định này thay thế Quyết định số {c['supersedes']}.")
    layout.body(doc, lead="Điều 2.", text="Quyết định này có hiệu lực kể từ ngày ký.")
    layout.body(doc, lead="Điều 3.",
                text=f"Chánh Văn phòng, Thủ trưởng các phòng, đơn vị thuộc "
                     f"{c['agency']} và các tập thể, cá nhân có tên tại Điều 1 chịu trách "
                     "nhiệm thi hành Quyết định này./.")
    signer = Signer.from_dict(c["signer"])
    layout.signature(doc, signer, c["distribution"])
    _annex(doc, c, on)
    return layout.to_bytes(doc, on)


def _annex(doc, c: dict, on: dt.date) -> None:
    """The list on its own page: "DANH SÁCH … (Kèm theo Quyết định số … ngày … của …)"."""
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    what = ("bị hủy bỏ khen thưởng" if c["kind"] == Decision.REVOCATION else
            f"được công nhận điển hình tiên tiến {c['level']} năm {c['year']}")
    layout.paragraph(doc, "DANH SÁCH", bold=True, size=layout.SIZE_KIND)
    layout.paragraph(doc, f"Tập thể, cá nhân {what}", bold=True, size=layout.SIZE_SUMMARY)
    number = "     " + c["number"] if c["draft"] else c["number"]
    layout.paragraph(doc, f"(Kèm theo Quyết định số {number} {layout.date_words(on)} của "
                          f"{c['head_title']} {c['agency']})", italic=True,
                     size=layout.SIZE_BODY, space_after=layout.SPACE_AFTER)
    header = ["STT", "Tập thể, cá nhân", "Thành tích"]
    money = bool(c["reward"]) or c["kind"] == Decision.REVOCATION
    if money:
        header.append("Tiền thưởng (đồng)")
    rows = []
    for r in c["rows"]:
        # "Nguyễn Thị Hoa, Phòng Lao động – Việc làm": the unit follows the name, as in
        # the lists of recognition decisions.
        who = f"{r['name']}, {r['unit']}" if r["unit"] else r["name"]
        row = [str(r["position"]), who, r["reason"]]
        if money:
            row.append(format_number(r["bonus"]))  # None (no rule): blank, never 0
        rows.append(row)
    if money:
        rows.append(["", "Tổng cộng", "", format_number(_total(c["rows"]))])
    align = [layout.CENTER, layout.LEFT, layout.LEFT, layout.RIGHT]
    layout.table(doc, header, rows, align=align)


def _total(rows: list[dict]) -> int:
    """The sum of the amounts known (a line with a warning has none)."""
    return sum(r["bonus"] or 0 for r in rows)


def decision_docx(d: Decision, *, on: dt.date | None = None, number: str | None = None) -> bytes:
    """The decision; a draft reads DỰ THẢO and has no number (`on` and `number`: the
    issue preview's date and number, see `context`)."""
    return render_docx(context(d, on=on, number=number))


# -- the bonus sheet XLSX -----------------------------------------------------------------
def render_xlsx(c: dict) -> bytes:
    """One row per recognition; amounts are numeric cells shown as `1.234.567 đ`."""
    on = dt.date.fromisoformat(c["date"])
    wb = Workbook()
    ws = wb.active
    ws.title = "Tiền thưởng"
    number = "(dự thảo)" if c["draft"] else c["number"]
    ws.append([f"Quyết định số {number} ngày {on.strftime('%d/%m/%Y')} — {c['title']}"])
    ws.append(["STT", "Tập thể, cá nhân", "Đơn vị", "Đối tượng", "Hình thức", "Hệ số",
               "Mức lương cơ sở", "Tiền thưởng", "Căn cứ", "Phải thu hồi"])
    for cell in ws[2]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
    money = '#,##0 "đ"'
    for r in c["rows"]:
        # A missing rule is an empty amount and its warning in "Căn cứ", never a 0.
        ws.append([r["position"], r["name"], r["unit"], r["type"], c["reward"],
                   float(r["multiple"]) if r["multiple"] is not None else None,
                   r["base_salary"], r["bonus"], r["rule_set"] or r.get("warning", ""),
                   r["recover"]])
    last = ws.max_row
    ws.append(["", "Tổng cộng", "", "", "", None, None, _total(c["rows"]), "",
               sum(r["recover"] for r in c["rows"])])
    ws.cell(row=ws.max_row, column=2).font = Font(bold=True)
    for row in ws.iter_rows(min_row=3, max_row=last + 1):
        for idx in (6, 7, 9):
            row[idx].number_format = money
    for column, width in zip("ABCDEFGHIJ", (6, 32, 32, 10, 24, 8, 16, 16, 24, 16)):
        ws.column_dimensions[column].width = width
    _sheet_signature(ws, c, on)
    # Printed as the decision's annex is: A4 landscape, one page wide, the header row on
    # every page, Times New Roman.
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "2:2"
    ws.page_margins.left, ws.page_margins.right = 30 / 25.4, 15 / 25.4
    ws.page_margins.top = ws.page_margins.bottom = 20 / 25.4
    for row in ws.iter_rows():
        for cell in row:
            cell.font = Font(name=layout.FONT, bold=cell.font.bold, italic=cell.font.italic,
                             size=cell.font.size)
    return layout.workbook_bytes(wb, on)


def _sheet_signature(ws, c: dict, on: dt.date) -> None:
    """The place and date and the signer of the decision under the total, on the right
    half, kept on the same page as the last rows (the block is short and fit to page)."""
    signer = Signer.from_dict(c["signer"])
    lines = [(layout.place_date(c["place"], on), Font(italic=True))]
    lines += [(line, Font(bold=True)) for line in signer.lines() or ["THỦ TRƯỞNG CƠ QUAN"]]
    lines += [("", Font())] * 3 + [(signer.name, Font(bold=True))]
    start = ws.max_row + 2
    for row, (text, font) in enumerate(lines, start):
        ws.merge_cells(start_row=row, start_column=7, end_row=row, end_column=10)
        cell = ws.cell(row=row, column=7, value=text or None)
        cell.font, cell.alignment = font, Alignment(horizontal="center")


def bonus_xlsx(d: Decision) -> bytes:
    return render_xlsx(context(d))
