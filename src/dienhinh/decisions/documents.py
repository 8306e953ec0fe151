"""The decision DOCX (Nghị định 30/2020/NĐ-CP: quốc hiệu, cơ quan, số và ký hiệu, địa danh
và ngày tháng, tên loại và trích yếu, căn cứ, Điều 1/2/3, danh sách, nơi nhận, chức vụ
và họ tên người ký; Times New Roman) and the finance office's XLSX of bonuses."""

from __future__ import annotations

import io

from django.utils import timezone
from docx.enum.text import WD_ALIGN_PARAGRAPH
from openpyxl import Workbook
from openpyxl.styles import Font

from dienhinh.catalogue.models import AchievementCode
from dienhinh.core.vietnamese import format_money
from dienhinh.exemplars.documents import (
    TYPE_LABELS,
    _bytes,
    _document,
    _head,
    _para,
    _parent_name,
    _signature,
    _table,
)

from . import rewards, rules, services
from .models import Decision

LEVEL_WORDS = {"agency": "cấp cơ sở", "province": "cấp tỉnh", "national": "cấp toàn quốc"}


def _reward_name(code: str) -> str:
    if not code:
        return ""
    found = AchievementCode.objects.filter(code=code).values_list("name", flat=True).first()
    return found or code


def _grounds(d: Decision, agency_name: str) -> list[str]:
    on = d.signed_on
    if on and on < rules.ND98_FROM:
        # Before 01/01/2024 the 2003 law and Nghị định 91/2017 were in force.
        lines = ["Căn cứ Luật Thi đua, khen thưởng ngày 26 tháng 11 năm 2003; Luật sửa đổi, "
                 "bổ sung một số điều của Luật Thi đua, khen thưởng ngày 14 tháng 6 năm 2005 "
                 "và ngày 16 tháng 11 năm 2013;"]
        if d.reward_code:
            lines.append("Căn cứ Nghị định số 91/2017/NĐ-CP ngày 31 tháng 7 năm 2017 của Chính "
                         "phủ quy định chi tiết thi hành một số điều của Luật Thi đua, khen "
                         "thưởng;")
    else:
        lines = ["Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;"]
    if d.reward_code and not (on and on < rules.ND98_FROM):
        if on and on >= rules.NEW_FROM:
            lines.append("Căn cứ Nghị định số 152/2025/NĐ-CP của Chính phủ quy định chi tiết "
                         "một số điều của Luật Thi đua, khen thưởng;")
        else:
            lines.append("Căn cứ Nghị định số 98/2023/NĐ-CP ngày 31 tháng 12 năm 2023 của "
                         "Chính phủ quy định chi tiết thi hành một số điều của Luật Thi đua, "
                         "khen thưởng;")
    if d.plan_id:
        lines.append(f"Căn cứ Kế hoạch số {d.plan.number} về {d.plan.title};")
    if d.supersedes_id:
        lines.append(f"Xét Quyết định số {d.supersedes.number} cần được đính chính, thay thế;")
    if d.revokes_id:
        lines.append(f"Xét Quyết định số {d.revokes.number} cần được hủy bỏ;")
    if d.kind != Decision.REVOCATION:
        lines.append(f"Xét đề nghị của Hội đồng Thi đua – Khen thưởng {agency_name} (kết quả "
                     "bỏ phiếu kín);")
    return lines


def decision_docx(d: Decision, *, on=None, number: str | None = None) -> bytes:
    """The decision as issued; a draft reads "DỰ THẢO" above everything and has no number
    (`number` and `on` preview the number and date it would take)."""
    agency = d.agency
    profile = services.profile_of(agency)
    doc = _document()
    draft = d.status == Decision.DRAFT
    # Dates as in Việt Nam: a draft made at 23:30 on the 5th (UTC) is dated the 6th.
    on = on or d.signed_on or timezone.localdate(d.created_at)
    if draft:
        _para(doc, "DỰ THẢO", bold=True, size=16)
    _head(doc, _parent_name(agency), agency.name, number if draft else d.number,
          profile.place, on)
    _para(doc, "QUYẾT ĐỊNH", bold=True, size=14)
    _para(doc, d.title, bold=True, size=14)
    _para(doc, (d.signer_title or profile.signer_title).upper() + " " + agency.name.upper(),
          bold=True, size=14)
    for line in _grounds(d, agency.name):
        _para(doc, line, italic=True, size=14, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    _para(doc, "QUYẾT ĐỊNH:", bold=True, size=14)
    rows = list(d.recognitions.select_related("subject").order_by("position"))
    amounts = services.bonuses(d, on)
    level = LEVEL_WORDS.get(d.level, "")
    if d.kind == Decision.REVOCATION:
        art1 = (f"Điều 1. Hủy bỏ Quyết định số {d.revokes.number} và thu hồi tiền thưởng đã "
                f"chi đối với {len(rows)} tập thể, cá nhân có tên sau đây:")
    else:
        reward = _reward_name(d.reward_code)
        art1 = (f"Điều 1. Công nhận điển hình tiên tiến {level} năm {d.year} "
                + (f"và tặng {reward} " if reward else "")
                + f"cho {len(rows)} tập thể, cá nhân có thành tích tiêu biểu xuất sắc "
                "(có danh sách kèm theo).")
    _para(doc, art1, size=14, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    header = ["STT", "Tập thể, cá nhân", "Đối tượng", "Thành tích"]
    if d.reward_code or d.kind == Decision.REVOCATION:
        header.append("Tiền thưởng (đồng)")
    table_rows = []
    for r in rows:
        row = [str(r.position), r.subject.name, TYPE_LABELS.get(r.subject.type, ""), r.reason]
        if len(header) == 5:
            amount = amounts.get(r.pk, r.bonus)
            if d.kind == Decision.REVOCATION:
                amount = d.revokes.recognitions.filter(subject=r.subject).values_list(
                    "bonus", flat=True).first() or 0
            row.append(format_money(amount))
        table_rows.append(row)
    _table(doc, header, table_rows)
    if d.reward_code:
        total = sum(amounts.get(r.pk, r.bonus) for r in rows)
        _para(doc, f"Tiền thưởng kèm theo theo quy định hiện hành, tổng cộng "
              f"{format_money(total)}, trích từ Quỹ thi đua, khen thưởng.",
              size=14, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    if d.supersedes_id:
        _para(doc, f"Quyết định này thay thế Quyết định số {d.supersedes.number}.", size=14,
              align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    _para(doc, "Điều 2. Quyết định này có hiệu lực kể từ ngày ký.", size=14,
          align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    _para(doc, f"Điều 3. Chánh Văn phòng, Thủ trưởng các phòng, đơn vị thuộc {agency.name} "
          "và các tập thể, cá nhân có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này./.",
          size=14, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    _signature(doc, ["Như Điều 3", "Hội đồng Thi đua – Khen thưởng"],
               d.signer_title or profile.signer_title, d.signer_name or profile.signer_name)
    return _bytes(doc)


def bonus_xlsx(d: Decision) -> bytes:
    """One row per recognition; amounts are numeric cells shown as `1.234.567 đ`."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Tien thuong"
    ws.append([f"Quyết định số {d.number or '(dự thảo)'} — {d.title}"])
    ws.append(["STT", "Mã", "Tập thể, cá nhân", "Đối tượng", "Hình thức", "Hệ số",
               "Mức lương cơ sở", "Tiền thưởng", "Căn cứ", "Phải thu hồi"])
    for cell in ws[2]:
        cell.font = Font(bold=True)
    money = '#,##0 "đ"'
    reward = _reward_name(d.reward_code)
    rows = list(d.recognitions.select_related("subject").order_by("position"))
    # A draft's amounts are computed now; a missing rule is an empty cell and its
    # warning in the "Căn cứ" column, never a 0.
    lines = {r.pk: b for r, b in rewards.decision_total(d).lines} \
        if d.status == Decision.DRAFT else {}
    amounts = []
    for r in rows:
        b = lines.get(r.pk)
        if b is not None:
            multiple, base, amount, rule = b.multiple, b.base_salary, b.amount, b.rule or b.warning
        else:
            multiple, base, rule = r.multiple, r.base_salary, r.rule_set or r.bonus_warning
            amount = None if r.bonus_warning else r.bonus
        amounts.append(amount or 0)
        ws.append([r.position, r.subject.code, r.subject.name,
                   TYPE_LABELS.get(r.subject.type, ""), reward,
                   float(multiple) if multiple is not None else None,
                   base, amount, rule, r.recover_amount])
    last = ws.max_row
    ws.append(["", "", "Tổng cộng", "", "", None, None, sum(amounts), "",
               sum(r.recover_amount for r in rows)])
    for row in ws.iter_rows(min_row=3, max_row=last + 1):
        for idx in (6, 7, 9):
            row[idx].number_format = money
    ws.column_dimensions["C"].width = 40
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
