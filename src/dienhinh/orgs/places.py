"""The locality of an issuing body, for the date line of its documents ("Lào Cai, ngày
…"): organisation data, read by every app that writes a document."""

from __future__ import annotations

import re

# The place follows the lower-case "tỉnh", "xã" … ("Xã hội" in a Sở's name is not one);
# a commune may also be named "Xã …" at the start.
_AFTER = re.compile(r"(?:^|\s)(?:tỉnh|thành phố|huyện|xã|phường|đặc khu)\s+(.+)$")
_LEADING = re.compile(r"^(?:Xã|Phường|Đặc khu)\s+(.+)$")


def derived_place(name: str) -> str:
    """The place named in a unit's name: "Sở Công Thương tỉnh Hà Tĩnh" → "Hà Tĩnh"."""
    match = _AFTER.search(name) or _LEADING.search(name)
    return match.group(1).strip() if match else ""


def place_of(unit) -> str:
    """The unit's own place: the one its decision profile states (set by the office),
    else the one its name gives."""
    stored = getattr(unit, "decision_profile", None)  # decisions' profile, if any
    if stored is not None and stored.place:
        return stored.place
    return derived_place(unit.name)
