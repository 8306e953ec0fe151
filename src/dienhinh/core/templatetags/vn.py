"""Template filters for Vietnamese display: {{ amount|vnd }}, {{ n|vn_number }}."""

from django import template

from dienhinh.core import vietnamese

register = template.Library()


@register.filter
def vnd(value):
    return vietnamese.format_money(value)


@register.filter
def vn_number(value, decimals=0):
    return vietnamese.format_number(value, int(decimals))


@register.filter
def vn_date(value):
    return vietnamese.format_date(value)
