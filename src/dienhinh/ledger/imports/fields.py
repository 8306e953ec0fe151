"""Parsing one cell: dates, years, amounts. Each parser returns the value or
raises `Invalid` with the bilingual reason."""

from __future__ import annotations

import datetime as dt
import functools
import re
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from dienhinh.ledger.models import YEAR_MAX, YEAR_MIN


class Invalid(ValueError):
    pass


_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_VN = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_PLAIN_NUMBER = re.compile(r"^[+-]?\d+(\.\d+)?$")
# Vietnamese grouping: 1.234.567 or 1.234.567,5 or 1234,5
_VN_NUMBER = re.compile(r"^[+-]?(\d{1,3}(\.\d{3})+|\d+)(,\d+)?$")


# Big files repeat the same few dates and years: parse each text once.
@functools.lru_cache(maxsize=8192)
def parse_date(text: str) -> dt.date | None:
    if not text:
        return None
    match = _ISO.match(text)
    if match:
        year, month, day = (int(g) for g in match.groups())
    else:
        match = _VN.match(text)
        if not match:
            raise Invalid(_(
                "Ngày không đúng dạng YYYY-MM-DD hoặc DD/MM/YYYY. "
                "/ Date must be YYYY-MM-DD or DD/MM/YYYY."
            ))
        day, month, year = (int(g) for g in match.groups())
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise Invalid(_("Ngày không có thật. / Impossible date.")) from None


@functools.lru_cache(maxsize=1024)
def parse_year(text: str) -> int:
    if not text:
        raise Invalid(_("Thiếu năm. / Year is required."))
    if not text.isdigit():
        raise Invalid(_("Năm phải là số. / Year must be a number."))
    year = int(text)
    if not YEAR_MIN <= year <= YEAR_MAX:
        raise Invalid(
            _("Năm phải trong khoảng %(lo)s–%(hi)s. / Year must be between %(lo)s and %(hi)s.")
            % {"lo": YEAR_MIN, "hi": YEAR_MAX}
        )
    return year


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
        raise Invalid(_("Giá trị không phải là số. / Value is not a number."))
    try:
        value = Decimal(literal)
    except InvalidOperation:
        raise Invalid(_("Giá trị không phải là số. / Value is not a number.")) from None
    if value.as_tuple().exponent < -2:
        raise Invalid(_(
            "Giá trị có quá 2 chữ số thập phân. / Value has more than 2 decimal places."
        ))
    if abs(value) >= Decimal(10) ** 20:
        raise Invalid(_("Giá trị quá lớn. / Value is too large."))
    return value
