"""Vietnamese explanations of criteria and outcomes.

The words depend only on the node, the evaluation year and the node's distance and
`extra` (records found, year mask), which both engines compute the same way; the
explain engine may add the evidence (the records that met a criterion).
"""

from __future__ import annotations

from dienhinh.catalogue import codes as cat

from .template import Node, Template

SHORT = {
    "GIAY_KHEN": "Giấy khen", "BANG_KHEN": "Bằng khen", "SANG_KIEN": "sáng kiến",
    "HTXSNV": "xếp loại Hoàn thành xuất sắc nhiệm vụ", "HTTNV": "xếp loại Hoàn thành tốt nhiệm vụ",
    "HTNV": "xếp loại Hoàn thành nhiệm vụ", "KHTNV": "xếp loại Không hoàn thành nhiệm vụ",
}
ISSUER_SHORT = {
    "UBND_TINH": "Chủ tịch UBND tỉnh", "BO": "Bộ, ngành, đoàn thể Trung ương",
    "CONG_AN_TINH": "Giám đốc Công an tỉnh", "QUAN_SU_TINH": "Bộ Chỉ huy Quân sự tỉnh",
    "BIEN_PHONG_TINH": "Bộ Chỉ huy Bộ đội Biên phòng tỉnh", "UBND_HUYEN": "Chủ tịch UBND cấp huyện",
}


def code_name(code: str) -> str:
    if code in SHORT:
        return SHORT[code]
    entry = cat.ACHIEVEMENT_CODES.get(code)
    return entry[1] if entry else code


def what(node: Node) -> str:
    """The thing a leaf counts, in words; the template's `what` wins."""
    if node.what:
        return node.what
    if node.type == "growth":
        return "tăng trưởng " + ", ".join(code_name(c) for c in node.codes)
    parts = []
    for sel in node.select:
        names = sorted(sel.codes, key=lambda c: list(cat.ACHIEVEMENT_CODES).index(c))
        phrase = " hoặc ".join(code_name(c) for c in names)
        if sel.issuers:
            phrase += " của " + " hoặc ".join(ISSUER_SHORT.get(i, cat.ISSUERS[i][0]) for i in sorted(sel.issuers))
        if sel.levels:
            phrase += " cấp " + " hoặc ".join(cat.INITIATIVE_LEVELS[lv][0].removeprefix("Cấp ").lower()
                                              for lv in sorted(sel.levels))
        parts.append(phrase)
    return "; hoặc ".join(parts)


def _where(node: Node) -> str:
    return f" ({node.section})" if node.section else ""


def _span(w0: int, w1: int) -> str:
    return f"năm {w0}" if w0 == w1 else f"giai đoạn {w0}–{w1}"


def requirement(t: Template, n: Node, year: int) -> str:
    """What the node asks, e.g. 'có ít nhất 2 Bằng khen của Chủ tịch UBND tỉnh trong
    giai đoạn 2021–2024'."""
    w0, w1 = t.window(n, year)
    if n.type == "count":
        return f"có ít nhất {n.min} {what(n)} trong {_span(w0, w1)}"
    if n.type == "every_year":
        return f"đạt {what(n)} tất cả các năm {w0}–{w1}" if w0 < w1 else f"đạt {what(n)} năm {w0}"
    if n.type == "consecutive":
        return f"đạt {what(n)} {n.years} năm liên tục trong {_span(w0, w1)}"
    if n.type == "in_year":
        return f"đạt {what(n)} năm {w0}"
    if n.type == "growth":
        return f"{what(n)} năm sau cao hơn năm trước trong {_span(w0, w1)}"
    if n.type == "all":
        return " và ".join(requirement(t, c, year) for c in n.children)
    if n.type == "any":
        return "hoặc ".join(f"({requirement(t, c, year)}) " for c in n.children).strip()
    if n.type == "not":
        return f"không {requirement(t, n.children[0], year)}"
    if n.type == "members":
        inner = requirement(t, n.children[0], year)
        return {"none": f"không có thành viên nào {inner}",
                "any": f"có thành viên {inner}",
                "all": f"mọi thành viên {inner}"}[n.quantifier]
    if n.type == "own_unit":
        if n.profile:
            return f"đơn vị của cá nhân đạt tiêu chí '{t.profile_by_id[n.profile].name}'"
        return f"đơn vị của cá nhân {requirement(t, n.children[0], year)}"
    return n.text


def shortfall(t: Template, n: Node, year: int, outcomes: dict) -> str:
    """What is missing for an unmet node."""
    o = outcomes[n.nid]
    d, extra = o[0], o[1]
    w0, w1 = t.window(n, year)
    if n.type == "count":
        return f"còn thiếu {d} {what(n)} trong {_span(w0, w1)} (cần {n.min}, có {extra})"
    if n.type == "every_year":
        missing = [str(y) for y in range(w0, w1 + 1) if not (extra >> (y - w0)) & 1]
        return f"chưa đạt {what(n)} năm {', '.join(missing)} (yêu cầu mọi năm {w0}–{w1})"
    if n.type == "consecutive":
        return (f"chưa có {n.years} năm liên tục đạt {what(n)} trong {_span(w0, w1)}, "
                f"còn thiếu {d} năm")
    if n.type == "in_year":
        return f"chưa có {what(n)} năm {w0}"
    if n.type == "growth":
        return (f"{what(n)}: {d} chỉ tiêu-năm không cao hơn năm trước hoặc thiếu số liệu "
                f"trong {_span(w0, w1)}")
    if n.type == "all":
        return "; ".join(shortfall(t, c, year, outcomes) for c in n.children
                         if outcomes[c.nid][0] > 0)
    if n.type == "any":
        return "chưa đạt phương án nào: " + "; hoặc ".join(
            shortfall(t, c, year, outcomes) for c in n.children)
    if n.type == "not":
        return f"vi phạm: {requirement(t, n.children[0], year)}"
    if n.type == "members":
        inner = requirement(t, n.children[0], year)
        if n.quantifier == "none":
            return f"có {d} thành viên {inner}"
        if n.quantifier == "all":
            return f"còn {d} thành viên chưa {inner}"
        return f"chưa có thành viên nào {inner}"
    if n.type == "own_unit":
        return f"{requirement(t, n, year)}: chưa đạt, đơn vị còn thiếu {d} yếu tố"
    return n.text


def met_text(t: Template, n: Node, year: int) -> str:
    return f"Đạt{_where(n)}: {n.label or requirement(t, n, year)}"


def unmet_text(t: Template, n: Node, year: int, outcomes: dict) -> str:
    return f"Chưa đạt{_where(n)}: {shortfall(t, n, year, outcomes)}"


def pending_text(n: Node) -> str:
    return f"Chờ xác nhận: {n.text}{_where(n)}"


def evidence_text(records) -> str:
    parts = []
    for r in records:
        if isinstance(r, str):
            parts.append(r)
            continue
        bits = [str(r.year), code_name(r.code)]
        if r.issuer:
            bits.append(ISSUER_SHORT.get(r.issuer, r.issuer))
        if r.level:
            bits.append(f"cấp {r.level}")
        if r.value is not None:
            bits.append(str(r.value))
        if r.decision_no:
            bits.append(f"QĐ {r.decision_no}")
        parts.append(" ".join(bits))
    return "; ".join(parts)
