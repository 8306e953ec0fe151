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


_STOP = {"tỉnh", "thành", "huyện", "xã", "phường", "quận", "thị"}
_SKIP = {"và", "–", "-", "&"}


def abbreviate(name: str) -> str:
    """"Sở Lao động – Thương binh và Xã hội tỉnh Lào Cai" → "SLĐTBXH": the initials of
    the words before the place name, as agencies write their symbol."""
    letters = []
    for word in name.split():
        low = word.lower()
        if word in _STOP:  # lower-case "tỉnh Lào Cai" starts the place; "Xã hội" does not
            break
        if low in _SKIP or not word[0].isalpha():
            continue
        letters.append(word[0].upper())
    return "".join(letters) or "CQ"


def abbreviation_of(unit) -> str:
    """The abbreviation in the unit's document symbols ("BC-SCT"): its decision
    profile's (set by the office), else "UBND" for a commune, else the initials of its
    name — as `decisions.services.profile_of` derives it."""
    stored = getattr(unit, "decision_profile", None)
    if stored is not None and stored.abbreviation:
        return stored.abbreviation
    return "UBND" if unit.kind == "commune" else abbreviate(unit.name)
