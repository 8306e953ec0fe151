"""Vietnamese header names and "did you mean …?" for the import files.

The contract's column names (CONTRACT §2: `subject_code`, `year`, …) stay valid; beside
them each table accepts the Vietnamese names its downloadable XLSX template uses
("Mã đối tượng", "Năm", …), with or without diacritics and in any case. A header or
a code that is almost right is answered with the nearest valid one (difflib).
"""

from __future__ import annotations

import difflib

from dienhinh.catalogue import codes
from dienhinh.core.i18n import text as _
from dienhinh.core.vietnamese import fold

# table -> {column: Vietnamese header}, in the contract's column order.
VIETNAMESE = {
    "units": {"code": "Mã đơn vị", "name": "Tên đơn vị", "parent_code": "Mã đơn vị cấp trên",
              "kind": "Loại đơn vị"},
    "people": {"code": "Mã cá nhân", "full_name": "Họ và tên", "birth_date": "Ngày sinh",
               "gender": "Giới tính", "unit_code": "Mã đơn vị", "position": "Chức vụ"},
    "achievements": {"subject_code": "Mã đối tượng", "year": "Năm",
                     "kind": "Loại thành tích", "code": "Mã thành tích",
                     "issuer": "Cấp khen", "level": "Cấp sáng kiến", "value": "Giá trị",
                     "decision_no": "Số quyết định", "decision_date": "Ngày quyết định",
                     "note": "Ghi chú"},
}
# Other names people write for the same columns (folded).
ALIASES = {
    "units": {"ma": "code", "ten": "name", "ma cap tren": "parent_code",
              "don vi cap tren": "parent_code", "loai": "kind"},
    "people": {"ma": "code", "ho ten": "full_name", "ten": "full_name",
               "chuc vu, vi tri": "position", "vi tri": "position", "don vi": "unit_code"},
    "achievements": {"ma": "subject_code", "doi tuong": "subject_code", "loai": "kind",
                     "ma danh hieu": "code", "so qd": "decision_no", "ngay qd": "decision_date"},
}


LOOKALIKE = str.maketrans("01", "OI")


def column_of(table: str, name: str, columns) -> str | None:
    """The contract column a header names, or None."""
    if name in columns:
        return name
    folded = fold(name).replace("_", " ")
    for column, label in VIETNAMESE.get(table, {}).items():
        if fold(label) == folded:
            return column
    found = ALIASES.get(table, {}).get(folded)
    if found:
        return found
    return next((c for c in columns if c.replace("_", " ") == folded), None)


def nearest(value: str, choices) -> str | None:
    """The valid choice closest to `value` (case ignored), or None."""
    if not value:
        return None
    by_upper = {str(c).upper(): c for c in choices}
    typed = value.upper().replace(" ", "_").replace("-", "_")
    for guess in (typed, typed.translate(LOOKALIKE)):  # "S0" typed for "SO"
        if guess in by_upper:
            return by_upper[guess]
    found = difflib.get_close_matches(value.upper(), list(by_upper), n=1, cutoff=0.6)
    return by_upper[found[0]] if found else None


def did_you_mean(value: str, choices) -> str:
    """" Có phải ý bạn là “LDTT”?" or "" when nothing is close."""
    best = nearest(value, choices)
    if best is None or best == value:
        return ""
    return " " + _("Có phải ý bạn là “%(code)s”?") % {"code": best}


def header_hint(table: str, name: str, columns) -> str:
    names = list(columns) + list(VIETNAMESE.get(table, {}).values())
    folded = {fold(n): n for n in names}
    found = difflib.get_close_matches(fold(name), list(folded), n=1, cutoff=0.6)
    return (" " + _("Có phải ý bạn là “%(code)s”?") % {"code": folded[found[0]]}) if found \
        else ""


# The codes each column takes, with their Vietnamese names (the template's code sheet
# and drop-down lists).
def choices(table: str) -> dict[str, list[tuple[str, str]]]:
    kinds = [(k, v[0]) for k, v in codes.UNIT_KINDS.items()]
    if table == "units":
        return {"kind": kinds}
    if table == "people":
        return {"gender": [(k, v[0]) for k, v in codes.GENDERS.items()],
                "position": [(k, v[0]) for k, v in codes.POSITIONS.items()]}
    return {
        "kind": [(k, v[0]) for k, v in codes.ACHIEVEMENT_KINDS.items()],
        "code": [(k, v[1]) for k, v in codes.ACHIEVEMENT_CODES.items()],
        "issuer": [(k, v[0]) for k, v in codes.ISSUERS.items()],
        "level": [(k, v[0]) for k, v in codes.INITIATIVE_LEVELS.items()],
    }
