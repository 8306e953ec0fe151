"""Template filters for Vietnamese display: {{ amount|vnd }}, {{ n|vn_number }} (on an English
page the thousands and decimal marks are the English ones)."""

from django import template
from django.utils import translation

from dienhinh.core import vietnamese

register = template.Library()


# An English page writes 1,234.5 where a Vietnamese one writes 1.234,5: the marks are
# swapped, the grouping is the same.
_ENGLISH_MARKS = str.maketrans(".,", ",.")


def _for_reader(text: str) -> str:
    language = translation.get_language() or ""
    return text.translate(_ENGLISH_MARKS) if language.startswith("en") else text


@register.filter
def vnd(value):
    return _for_reader(vietnamese.format_money(value))


@register.filter
def vn_number(value, decimals=0):
    return _for_reader(vietnamese.format_number(value, int(decimals)))


@register.filter
def vn_date(value):
    return vietnamese.format_date(value)
