"""/reports/tt02/: the yearly statistics forms of Thông tư 02/2023/TT-BNV on screen and as
XLSX, for a unit within the user's reach (`policy` action `report_tt02`).

Reading only: no state changes, so no POST. A unit the user may not report on is
refused with the project's 403 page and a Vietnamese message; an unknown unit or a bad
year is a form error (400).
"""

from __future__ import annotations

from django import forms as djforms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from dienhinh import policy
from dienhinh.orgs import picker
from dienhinh.reports import tt02

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class Tt02Form(djforms.Form):
    scope = djforms.CharField(label=_l("Đơn vị báo cáo"), max_length=64)
    year = djforms.CharField(label=_l("Năm báo cáo"), max_length=8)

    def clean_year(self):
        try:
            return tt02.parse_year(self.cleaned_data["year"])
        except tt02.ReportError as exc:
            raise djforms.ValidationError(str(exc)) from exc

    def clean_scope(self):
        try:
            return tt02.resolve_scope(self.cleaned_data["scope"])
        except tt02.ReportError as exc:
            raise djforms.ValidationError(str(exc)) from exc


def scope_allowed(user, unit) -> None:
    """Refuse (403, in Vietnamese) a unit outside the user's reach for these forms."""
    if not policy.can(user, "report_tt02", unit):
        raise PermissionDenied(_("Đồng chí không được lập biểu thống kê của %(u)s: đơn vị "
                                 "này nằm ngoài phạm vi phân quyền của tài khoản.")
                               % {"u": unit.name})


def _default_scope(user):
    """The highest unit the user may report on (the first of their reach)."""
    return picker.pickable(user, "report_tt02", current=True).order_by("path").first()


def _require(user):
    if not policy.can(user, "report_tt02"):
        raise PermissionDenied(_("Chỉ thường trực Hội đồng Thi đua – Khen thưởng, thủ trưởng "
                                 "và quản trị được lập biểu thống kê thi đua, khen thưởng."))


def _tables(result) -> list[dict]:
    """Each form as rows of cells in the columns' order (None: left for the office)."""
    out = []
    for key in tt02.FORM_KEYS:
        form = tt02.form_of(key)
        rows = [{**row, "cells": [row["values"][c.key] for c in form.columns],
                 "bold": form.row(row["key"]).bold}
                for row in result.table(key)]
        # The header's first row: each group once over its columns, or the column
        # itself over both rows.
        groups: list[dict] = []
        for c in form.columns:
            if c.group and groups and groups[-1]["group"] == c.group:
                groups[-1]["span"] += 1
                groups[-1]["columns"].append(c)
            else:
                groups.append({"group": c.group, "span": 1, "columns": [c]})
        out.append({"key": key, "form": form, "rows": rows, "has_unit": key != "0601",
                    "groups": groups})
    return out


def _by_unit(result) -> list[dict]:
    """The roll-up: each unit directly under the scope with its three totals."""
    def totals(cells):
        return [cells[k][("total", "total")] for k in tt02.FORM_KEYS]

    rows = [{"unit": u, "totals": totals(c)} for u, c in result.children]
    rows.append({"unit": result.scope, "own": True, "totals": totals(result.own)})
    return rows


@login_required
def tt02_page(request):
    user = request.user
    _require(user)
    this_year = timezone.localdate().year
    context = {"years": list(range(this_year, this_year - 8, -1)), "result": None,
               "due": tt02.due_date(this_year), "source": tt02.forms.SOURCE}
    status = 200
    if request.GET:
        form = Tt02Form(request.GET)
        if form.is_valid():
            unit, year = form.cleaned_data["scope"], form.cleaned_data["year"]
            scope_allowed(user, unit)
            result = tt02.compute(unit, year)
            context.update(result=result, scope=unit, tables=_tables(result),
                           by_unit=_by_unit(result), period=tt02.period(year))
        else:
            status = 400
    else:
        default = _default_scope(user)
        form = Tt02Form(initial={"scope": default.code if default else "",
                                 "year": this_year})
        context["scope"] = default
    context["form"] = form
    return render(request, "reports/tt02.html", context, status=status)


@login_required
def tt02_download(request):
    user = request.user
    _require(user)
    form = Tt02Form(request.GET)
    if not form.is_valid():
        errors = " ".join(str(e) for errs in form.errors.values() for e in errs)
        return HttpResponse(errors, status=400, content_type="text/plain; charset=utf-8")
    unit, year = form.cleaned_data["scope"], form.cleaned_data["year"]
    scope_allowed(user, unit)
    result = tt02.compute(unit, year)
    response = HttpResponse(tt02.xlsx_bytes(result), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{tt02.filename(result)}"'
    return response
