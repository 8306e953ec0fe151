"""Parsing one cell: dates, years, amounts. Each parser returns the value or
raises `Invalid` with the reason. Dates and years follow `ledger.rules`,
the rules the form and the API apply too."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation

from dienhinh.core.i18n import text as _
from dienhinh.ledger import rules


class Invalid(ValueError):
    pass


_PLAIN_NUMBER = re.compile(r"^[+-]?\d+(\.\d+)?$")
# Vietnamese grouping: 1.234.567 or 1.234.567,5 or 1234,5
_VN_NUMBER = re.compile(r"^[+-]?(\d{1,3}(\.\d{3})+|\d+)(,\d+)?$")


def parse_date(text: str) -> dt.date | None:
    """`ledger.rules.parse_date`, its refusal worded for the import report."""
    try:
        return rules.parse_date(text)
    except rules.Invalid as exc:
        raise Invalid(exc.message) from None


def parse_year(text: str) -> int:
    try:
        return rules.parse_year(text)
    except rules.Invalid as exc:
        raise Invalid(exc.message) from None


def parse_amount(text: str) -> Decimal | None:
    """Plain `1234567.5` (what the export writes) or Vietnamese `1.234.567,5`."""
    if not text:
        return None
    compact = text.replace(" ", "").replace("\u00a0", "")
    if _PLAIN_NUMBER.match(compact) and not (compact.count(".") == 1 and _VN_NUMBER.match(compact)
                                             and len(compact.split(".")[1]) == 3):
        literal = compact
    elif _VN_NUMBER.match(compact):
        literal = compact.replace(".", "").replace(",", ".")
    else:
        raise Invalid(_("Giá trị không phải là số."))
    try:
        value = Decimal(literal)
    except InvalidOperation:
        raise Invalid(_("Giá trị không phải là số.")) from None
    if value.as_tuple().exponent < -2:
        raise Invalid(_(
            "Giá trị có quá 2 chữ số thập phân."
        ))
    if abs(value) >= Decimal(10) ** 20:
        raise Invalid(_("Giá trị quá lớn."))
    return value
