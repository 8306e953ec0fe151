"""The number and symbol of a document as a person types it ("Số, ký hiệu"), read the
way Nghị định 30/2020/NĐ-CP, Phụ lục I, Phần II, mục 3 writes it:

- the number in Arabic figures, with a leading zero below 10 ("05", not "5");
- a slash, then the symbol: the abbreviation of the document's kind ("KH" Kế hoạch,
  "DS" Danh sách, "GM" Giấy mời — Phụ lục III) and of the issuing body, joined by
  hyphens, in capitals, without spaces ("05/DS-SLĐTBXH").

Plans, compiled lists and invitations take their number from the user; numbers the
system gives itself (decisions, minutes) come from `core.documents.doc_number`, so both
read alike. Plain Python: the callers turn `NumberError` into their own refusal.
"""

from __future__ import annotations

import re
import unicodedata

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .documents import doc_number

# The document kinds whose number a person types, with their abbreviation (Phụ lục III).
PLAN, LIST, INVITATION = "KH", "DS", "GM"
_KIND_NAMES = {PLAN: gettext_lazy("kế hoạch"), LIST: gettext_lazy("danh sách"),
               INVITATION: gettext_lazy("giấy mời")}
_EXAMPLES = {PLAN: "12/KH-SLĐTBXH", LIST: "05/DS-SLĐTBXH", INVITATION: "25/GM-SLĐTBXH"}
_SHAPE = re.compile(r"^([0-9]{1,6})/([A-ZĐ]+)-([A-ZĐ][A-ZĐ0-9&]*(?:-[A-ZĐ0-9&]+)*)$")


class NumberError(ValueError):
    """The typed number is not a number and symbol of the kind; the message says why."""


def normalise(raw: str, kind: str) -> str:
    """"Số: 5 / ds - slđtbxh" as typed → "05/DS-SLĐTBXH"; an empty entry stays empty
    (the clerk fills the number in on signing). Raises `NumberError` otherwise."""
    text = unicodedata.normalize("NFC", (raw or "").strip())
    text = re.sub(r"^(số|so)\s*:?\s*", "", text, flags=re.IGNORECASE)
    if not text:
        return ""
    text = re.sub(r"\s*([/-])\s*", r"\1", text).upper()
    match = _SHAPE.match(text)
    if match is None or match[2] != kind:
        raise NumberError(
            _("Số, ký hiệu %(kind)s “%(number)s” không đúng dạng <số>/%(symbol)s-<viết tắt "
              "cơ quan>, ví dụ %(example)s.")
            % {"kind": _KIND_NAMES[kind], "number": raw, "symbol": kind,
               "example": _EXAMPLES[kind]})
    seq = int(match[1])
    if seq == 0:
        raise NumberError(_("Số của văn bản bắt đầu từ 01: “%(number)s” không dùng được.")
                          % {"number": raw})
    return doc_number(seq, f"{kind}-{match[3]}")
