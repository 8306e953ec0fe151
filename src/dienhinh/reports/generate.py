"""Generating a review report: resolve the plan, the scope and the period, count the
figures, write the DOCX or the XLSX. Used by `dienhinh report review`, the web and the
API; each of them asks `policy` before (the command runs with the operator's rights).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from dienhinh.orgs.models import Unit
from dienhinh.plans.models import Plan

from . import documents, figures
from .periods import Period, PeriodError, period_for, resolve_plan

FORMATS = {"docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
           "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


@dataclass
class Generated:
    content: bytes
    filename: str
    content_type: str


def find_scope(code: str) -> Unit:
    unit = Unit.objects.select_related("subject").filter(subject__code=code).first()
    if unit is None:
        raise PeriodError(_("Không có đơn vị “%(code)s”.") % {"code": (code or "")[:64]})
    return unit


def format_of(filename: str) -> str:
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if ext not in FORMATS:
        raise PeriodError(_("Tệp kết quả phải có đuôi .docx hoặc .xlsx."))
    return ext


def filename_for(scope: Unit, period: Period, fmt: str) -> str:
    return f"bao-cao-{period.kind}-{period.key}-{scope.code}.{fmt}".lower()


def render(plan: Plan, scope: Unit, period: Period, fmt: str, *, sections: dict | None = None,
           fig: figures.Figures | None = None, on: dt.date | None = None,
           submissions: list[tuple[str, str]] | None = None, draft: bool = False,
           signer=None) -> Generated:
    on = on or timezone.localdate()
    fig = fig or figures.compute(plan, scope, period)
    if fmt == "xlsx":
        content = documents.review_xlsx(plan, scope, fig, on=on)
    else:
        content = documents.review_docx(plan, scope, fig, sections, on=on,
                                        submissions=submissions, draft=draft, signer=signer)
    return Generated(content, filename_for(scope, period, fmt), FORMATS[fmt])


def review(plan_id: str, scope_code: str, year: int, from_year: int | None, fmt: str,
           on: dt.date | None = None) -> Generated:
    """The command's report: plan template id (or plan id), scope code, years."""
    scope = find_scope(scope_code)
    plan = resolve_plan(plan_id, scope)
    period = period_for(plan, year, from_year)
    return render(plan, scope, period, fmt, on=on, **rollup_kwargs(plan, scope, period))


def rollup_kwargs(plan: Plan, scope: Unit, period: Period) -> dict:
    """The office's text and the units' submissions (unit reports, `services.rollup`)."""
    from . import services

    return services.rollup(plan, scope, period)
