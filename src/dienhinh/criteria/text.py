"""Explanations of criteria and outcomes, Vietnamese at the source.

The words depend only on the node, the evaluation year and the node's distance and
`extra` (records found, year mask), which both engines compute the same way; the
explain engine may add the evidence (the records that met a criterion).

Every phrase the code builds is written here in Vietnamese and marked with `_`,
`ngettext` or `pgettext`, so that `makemessages` puts it in the .po catalogue. The
phrases go through the `Words` in force: by default `VIETNAMESE`, which gives the
source unchanged (the command line and CONTRACT §3's object always read so). The
engine imports no Django; the Django side puts in force, with `speaking(words)`,
words read from the catalogue in the reader's language (`plans.services.
reader_language`). What the plan template says (`what`, `label`, sections, the texts
of pending criteria, profile names) is data and is never translated.
"""

from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar

from dienhinh.catalogue import codes as cat

from .template import Node, Template


class Words:
    """The Vietnamese source as it is written. A subclass that translates overrides the
    three catalogue look-ups and `name` (which of a code's two names to show)."""

    def gettext(self, message: str) -> str:
        return message

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return singular if n == 1 else plural

    def pgettext(self, context: str, message: str) -> str:
        return message

    def name(self, vietnamese: str, english: str) -> str:
        return vietnamese


VIETNAMESE = Words()
_words: ContextVar[Words] = ContextVar("dienhinh_criteria_words", default=VIETNAMESE)


@contextmanager
def speaking(words: Words):
    """Explanations built inside the block use `words`. A context variable, not a
    global: each request (thread) speaks its reader's language."""
    token = _words.set(words)
    try:
        yield
    finally:
        _words.reset(token)


def _(message: str) -> str:
    return _words.get().gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _words.get().ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    return _words.get().pgettext(context, message)


def gettext_noop(message: str) -> str:
    """Marks a phrase for the catalogue where it is defined; `_` translates it where used."""
    return message


# Shorter names than the catalogue's where the issuer or level is said beside them.
SHORT = {
    "GIAY_KHEN": gettext_noop("Giấy khen"), "BANG_KHEN": gettext_noop("Bằng khen"),
    "SANG_KIEN": gettext_noop("sáng kiến"),
    "HTXSNV": gettext_noop("xếp loại Hoàn thành xuất sắc nhiệm vụ"),
    "HTTNV": gettext_noop("xếp loại Hoàn thành tốt nhiệm vụ"),
    "HTNV": gettext_noop("xếp loại Hoàn thành nhiệm vụ"),
    "KHTNV": gettext_noop("xếp loại Không hoàn thành nhiệm vụ"),
}
ISSUER_SHORT = {
    "UBND_TINH": "Chủ tịch UBND tỉnh", "BO": "Bộ, ngành, đoàn thể Trung ương",
    "CONG_AN_TINH": "Giám đốc Công an tỉnh", "QUAN_SU_TINH": "Bộ Chỉ huy Quân sự tỉnh",
    "BIEN_PHONG_TINH": "Bộ Chỉ huy Bộ đội Biên phòng tỉnh", "UBND_HUYEN": "Chủ tịch UBND cấp huyện",
}


def code_name(code: str) -> str:
    if code in SHORT:
        return _(SHORT[code])
    entry = cat.ACHIEVEMENT_CODES.get(code)
    return _words.get().name(entry[1], entry[2]) if entry else code


def issuer_name(issuer: str) -> str:
    entry = cat.ISSUERS.get(issuer)
    if entry is None:
        return ISSUER_SHORT.get(issuer, issuer)
    return _words.get().name(ISSUER_SHORT.get(issuer, entry[0]), entry[1])


def level_name(level: str) -> str:
    """'cơ sở', 'tỉnh', 'toàn quốc' — said after 'cấp'."""
    entry = cat.INITIATIVE_LEVELS.get(level)
    if entry is None:
        return level
    return _words.get().name(entry[0].removeprefix("Cấp ").lower(), entry[1].lower())


def _chain(items, joiner: str) -> str:
    """The items joined two by two with `joiner` ('%(a)s … %(b)s')."""
    items = list(items)
    out = items[0] if items else ""
    for item in items[1:]:
        out = joiner % {"a": out, "b": item}
    return out


def _either(items) -> str:
    """'A hoặc B hoặc C'."""
    return _chain(items, _("%(a)s hoặc %(b)s"))


def _alternatives(items) -> str:
    """'A; hoặc B': alternatives that have their own commas."""
    return _chain(items, _("%(a)s; hoặc %(b)s"))


def _both(items) -> str:
    """'A và B và C'."""
    return _chain(items, _("%(a)s và %(b)s"))


def what(node: Node) -> str:
    """The thing a leaf counts, in words; the template's `what` wins."""
    if node.what:
        return node.what
    if node.type == "growth":
        return _("tăng trưởng %(codes)s") % {"codes": ", ".join(code_name(c) for c in node.codes)}
    parts = []
    for sel in node.select:
        names = sorted(sel.codes, key=lambda c: list(cat.ACHIEVEMENT_CODES).index(c))
        phrase = _either(code_name(c) for c in names)
        if sel.issuers:
            phrase = _("%(what)s của %(issuer)s") % {
                "what": phrase, "issuer": _either(issuer_name(i) for i in sorted(sel.issuers))}
        if sel.levels:
            phrase = _("%(what)s cấp %(level)s") % {
                "what": phrase, "level": _either(level_name(lv) for lv in sorted(sel.levels))}
        parts.append(phrase)
    return _alternatives(parts)


def _where(node: Node) -> str:
    return f" ({node.section})" if node.section else ""


def _year(year: int) -> str:
    return pgettext("one year", "năm %(year)s") % {"year": year}


def _span(w0: int, w1: int) -> str:
    if w0 == w1:
        return _year(w0)
    return pgettext("years", "giai đoạn %(start)s–%(end)s") % {"start": w0, "end": w1}


def requirement(t: Template, n: Node, year: int) -> str:
    """What the node asks, e.g. 'có ít nhất 2 Bằng khen của Chủ tịch UBND tỉnh trong
    giai đoạn 2021–2024'."""
    w0, w1 = t.window(n, year)
    if n.type == "count":
        return _("có ít nhất %(n)s %(what)s trong %(span)s") % {
            "n": n.min, "what": what(n), "span": _span(w0, w1)}
    if n.type == "every_year" and w0 < w1:
        return _("đạt %(what)s tất cả các năm %(start)s–%(end)s") % {
            "what": what(n), "start": w0, "end": w1}
    if n.type in ("every_year", "in_year"):
        return _("đạt %(what)s năm %(year)s") % {"what": what(n), "year": w0}
    if n.type == "consecutive":
        return ngettext("đạt %(what)s %(n)s năm liên tục trong %(span)s",
                        "đạt %(what)s %(n)s năm liên tục trong %(span)s", n.years) % {
            "what": what(n), "n": n.years, "span": _span(w0, w1)}
    if n.type == "growth":
        return _("%(what)s năm sau cao hơn năm trước trong %(span)s") % {
            "what": what(n), "span": _span(w0, w1)}
    if n.type == "all":
        return _both(requirement(t, c, year) for c in n.children)
    if n.type == "any":
        return _either(f"({requirement(t, c, year)})" for c in n.children)
    if n.type == "not":
        return _("không %(requirement)s") % {"requirement": requirement(t, n.children[0], year)}
    if n.type == "members":
        inner = {"requirement": requirement(t, n.children[0], year)}
        if n.quantifier == "none":
            return _("không có thành viên nào %(requirement)s") % inner
        if n.quantifier == "any":
            return _("có thành viên %(requirement)s") % inner
        return _("mọi thành viên %(requirement)s") % inner
    if n.type == "own_unit":
        if n.profile:
            return _("đơn vị của cá nhân đạt tiêu chí '%(profile)s'") % {
                "profile": t.profile_by_id[n.profile].name}
        return _("đơn vị của cá nhân %(requirement)s") % {
            "requirement": requirement(t, n.children[0], year)}
    return n.text


def shortfall(t: Template, n: Node, year: int, outcomes: dict) -> str:
    """What is missing for an unmet node."""
    o = outcomes[n.nid]
    d, extra = o[0], o[1]
    w0, w1 = t.window(n, year)
    if n.type == "count":
        return _("còn thiếu %(d)s %(what)s trong %(span)s (cần %(need)s, có %(have)s)") % {
            "d": d, "what": what(n), "span": _span(w0, w1), "need": n.min, "have": extra}
    if n.type == "every_year":
        missing = [str(y) for y in range(w0, w1 + 1) if not (extra >> (y - w0)) & 1]
        return _("chưa đạt %(what)s năm %(years)s (yêu cầu mọi năm %(start)s–%(end)s)") % {
            "what": what(n), "years": ", ".join(missing), "start": w0, "end": w1}
    if n.type == "consecutive":
        return ngettext("chưa có %(n)s năm liên tục đạt %(what)s trong %(span)s, "
                        "còn thiếu %(d)s năm",
                        "chưa có %(n)s năm liên tục đạt %(what)s trong %(span)s, "
                        "còn thiếu %(d)s năm", d) % {
            "n": n.years, "what": what(n), "span": _span(w0, w1), "d": d}
    if n.type == "in_year":
        return _("chưa có %(what)s năm %(year)s") % {"what": what(n), "year": w0}
    if n.type == "growth":
        return ngettext("%(what)s: %(d)s chỉ tiêu-năm không cao hơn năm trước hoặc thiếu "
                        "số liệu trong %(span)s",
                        "%(what)s: %(d)s chỉ tiêu-năm không cao hơn năm trước hoặc thiếu "
                        "số liệu trong %(span)s", d) % {
            "what": what(n), "d": d, "span": _span(w0, w1)}
    if n.type == "all":
        return "; ".join(shortfall(t, c, year, outcomes) for c in n.children
                         if outcomes[c.nid][0] > 0)
    if n.type == "any":
        return _("chưa đạt phương án nào: %(options)s") % {
            "options": _alternatives(shortfall(t, c, year, outcomes) for c in n.children)}
    if n.type == "not":
        return _("vi phạm: %(requirement)s") % {
            "requirement": requirement(t, n.children[0], year)}
    if n.type == "members":
        inner = {"d": d, "requirement": requirement(t, n.children[0], year)}
        if n.quantifier == "none":
            return ngettext("có %(d)s thành viên %(requirement)s",
                            "có %(d)s thành viên %(requirement)s", d) % inner
        if n.quantifier == "all":
            return ngettext("còn %(d)s thành viên chưa %(requirement)s",
                            "còn %(d)s thành viên chưa %(requirement)s", d) % inner
        return _("chưa có thành viên nào %(requirement)s") % inner
    if n.type == "own_unit":
        return ngettext("%(requirement)s: chưa đạt, đơn vị còn thiếu %(d)s yếu tố",
                        "%(requirement)s: chưa đạt, đơn vị còn thiếu %(d)s yếu tố", d) % {
            "requirement": requirement(t, n, year), "d": d}
    return n.text


def met_text(t: Template, n: Node, year: int) -> str:
    return _("Đạt%(where)s: %(requirement)s") % {
        "where": _where(n), "requirement": n.label or requirement(t, n, year)}


def unmet_text(t: Template, n: Node, year: int, outcomes: dict) -> str:
    return _("Chưa đạt%(where)s: %(shortfall)s") % {
        "where": _where(n), "shortfall": shortfall(t, n, year, outcomes)}


def pending_text(n: Node) -> str:
    return _("Chờ xác nhận: %(criterion)s%(where)s") % {"criterion": n.text, "where": _where(n)}


def with_evidence(line: str, records) -> str:
    """A met criterion's line followed by the records it rests on."""
    return _("%(line)s — căn cứ: %(evidence)s") % {"line": line,
                                                   "evidence": evidence_text(records)}


def evidence_text(records) -> str:
    parts = []
    for r in records:
        if isinstance(r, str):
            parts.append(r)
            continue
        bits = [str(r.year), code_name(r.code)]
        if r.issuer:
            bits.append(issuer_name(r.issuer))
        if r.level:
            bits.append(_("cấp %(level)s") % {"level": level_name(r.level)})
        if r.value is not None:
            bits.append(str(r.value))
        if r.decision_no:
            bits.append(_("QĐ %(number)s") % {"number": r.decision_no})
        parts.append(" ".join(bits))
    return "; ".join(parts)
