"""The ledger's rules on years and dates: one home for the form, the importer and the API.

    parse_date(text) -> date | None    YYYY-MM-DD or DD/MM/YYYY; a date that does not exist
                                       (31/02/2024) is called so, not "wrong format"
    parse_year(text) -> int            a number within YEAR_MIN..YEAR_MAX
    year_errors(year, decision_date, today) -> list[Invalid]
                                       a future year; a decision dated before its year
                                       began, more than MAX_YEARS_AFTER years after the
                                       year ended, or in the future

Each refusal is an `Invalid` with a code, the field it concerns and a Vietnamese
message that can be rendered again in English for the import report (CONTRACT §2). The form turns them into field errors, the API answers them through the form,
the importer reports them with the row.

Why these bounds (a choice of the project, not a figure of a decree): a title, a rating
or a commendation recognises a year's results, so it cannot be decided before that year
begins; a decision more than MAX_YEARS_AFTER years after the year ended is far more
often a mistyped year than a late decision, and refusing it costs a clerk one
correction. The record's year is the year of the results, so it cannot lie in the
future, nor can a decision date (Việt Nam's date, Asia/Ho_Chi_Minh).
"""

from __future__ import annotations

import datetime as dt
import functools
import re

from django.utils import timezone

from dienhinh.core.i18n import text as _

from .models import YEAR_MAX, YEAR_MIN

# A decision may come at most this many years after the end of the record's year.
MAX_YEARS_AFTER = 2

_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_VN = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")

class Invalid(ValueError):
    """One refusal: `code`, `field` and the `message` (a `core.i18n.Text`, so the import
    report can give it in both languages)."""

    def __init__(self, code: str, message: str, field: str = ""):
        super().__init__(message)
        self.code, self.message, self.field = code, message, field


def today() -> dt.date:
    return timezone.localdate()


def _date_of(year: int, month: int, day: int) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise Invalid("date_impossible", _("Ngày không tồn tại (ngày %(d)02d/%(m)02d/%(y)04d "
                                           "không có trên lịch).")
                      % {"d": day, "m": month, "y": year}, "decision_date") from None


# Big files repeat the same few dates and years: parse each text once.
@functools.lru_cache(maxsize=8192)
def parse_date(text: str) -> dt.date | None:
    text = (text or "").strip()
    if not text:
        return None
    match = _ISO.match(text)
    if match:
        year, month, day = (int(g) for g in match.groups())
        return _date_of(year, month, day)
    match = _VN.match(text)
    if match:
        day, month, year = (int(g) for g in match.groups())
        return _date_of(year, month, day)
    raise Invalid("date_format", _("Ngày phải viết dạng dd/mm/yyyy (hoặc yyyy-mm-dd)."),
                  "decision_date")


@functools.lru_cache(maxsize=1024)
def parse_year(text: str) -> int:
    text = (text or "").strip()
    if not text:
        raise Invalid("year_required", _("Thiếu năm."), "year")
    if not text.isdigit():
        raise Invalid("year_number", _("Năm phải là số."), "year")
    year = int(text)
    check_range(year)
    return year


def check_range(year: int) -> None:
    if not YEAR_MIN <= year <= YEAR_MAX:
        raise Invalid("year_range", _("Năm phải trong khoảng %(lo)s–%(hi)s.")
                      % {"lo": YEAR_MIN, "hi": YEAR_MAX}, "year")


def year_errors(year: int | None, decision_date: dt.date | None,
                on: dt.date | None = None) -> list[Invalid]:
    """What is wrong with a record's year and decision date, as of `on` (today)."""
    on = on or today()
    errors = []
    if year is not None and year > on.year:
        errors.append(Invalid("year_future", _("Năm %(year)s chưa đến: chỉ ghi thành tích của "
                                               "năm nay hoặc các năm trước.") % {"year": year},
                              "year"))
    if decision_date is not None and decision_date > on:
        errors.append(Invalid("decision_future", _("Ngày quyết định %(date)s ở tương lai.")
                              % {"date": decision_date.strftime("%d/%m/%Y")}, "decision_date"))
    elif decision_date is not None and year is not None and YEAR_MIN <= year <= YEAR_MAX:
        if decision_date.year < year:
            errors.append(Invalid("decision_before_year", _(
                "Quyết định ngày %(date)s có trước năm %(year)s: không thể công nhận thành "
                "tích của một năm chưa bắt đầu.")
                % {"date": decision_date.strftime("%d/%m/%Y"), "year": year}, "decision_date"))
        elif decision_date.year > year + MAX_YEARS_AFTER:
            errors.append(Invalid("decision_long_after", _(
                "Quyết định ngày %(date)s cách năm %(year)s quá %(n)s năm: hãy kiểm tra lại năm "
                "thành tích.")
                % {"date": decision_date.strftime("%d/%m/%Y"), "year": year,
                   "n": MAX_YEARS_AFTER}, "decision_date"))
    return errors
