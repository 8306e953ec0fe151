"""Roll a plan over to the next period: one page (what will be copied, what changes,
who is carried over) and one POST, with a form; the rules are in `rollover`."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views.decorators.http import require_http_methods

from dienhinh import policy
from dienhinh.plans.models import Plan
from dienhinh.plans.plan_services import PlanError
from dienhinh.plans.plan_views import _plan

from . import rollover


class RollOverForm(forms.Form):
    number = forms.CharField(label=_l("Số kế hoạch mới"), max_length=100,
                             help_text=_l("Dạng <số>/KH-<viết tắt cơ quan>, ví dụ 05/KH-SNV"))
    issued_on = forms.DateField(label=_l("Ngày ban hành"), help_text=_l("dd/mm/yyyy"))
    start_year = forms.IntegerField(label=_l("Từ năm"), min_value=2000, max_value=2100)
    end_year = forms.IntegerField(label=_l("Đến năm"), min_value=2000, max_value=2100)

    def clean(self):
        data = super().clean()
        if data.get("start_year") and data.get("end_year") and \
                data["end_year"] < data["start_year"]:
            raise forms.ValidationError(_("Năm kết thúc phải sau năm bắt đầu."))
        return data


def _open_fostering(plan: Plan):
    from .models import FosteringPlan

    return (FosteringPlan.objects.filter(registration__plan=plan, status=FosteringPlan.OPEN,
                                         registration__status="registered")
            .select_related("registration__subject", "registration__unit__subject")
            .order_by("registration__subject__code"))


@login_required
@require_http_methods(["GET", "POST"])
def plan_roll_over(request, pk: int):
    plan = _plan(request.user, pk)
    try:
        agency = rollover.successor_agency(plan)
    except PlanError as exc:
        messages.error(request, str(exc))
        return redirect("plan_detail", plan.pk)
    if not policy.can(request.user, "manage_plans", agency):
        raise PermissionDenied(_("Chỉ thường trực của %(a)s được chuyển kế hoạch này sang "
                                 "giai đoạn mới.") % {"a": agency.name})
    start, end = rollover.next_period(plan.start_year, plan.end_year)
    form = RollOverForm(request.POST or None, initial={"start_year": start, "end_year": end})
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                new, carried = rollover.roll_over(
                    request.user, plan, data["number"], data["issued_on"],
                    data["start_year"], data["end_year"])
            except PlanError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _(
                    "Đã ban hành kế hoạch số %(n)s giai đoạn %(s)s–%(e)s cho %(a)s; chuyển "
                    "tiếp %(c)s điển hình đang bồi dưỡng.") % {
                    "n": new.number, "s": new.start_year, "e": new.end_year,
                    "a": agency.name, "c": len(carried)})
                return redirect("plan_detail", new.pk)
        start = form.cleaned_data.get("start_year") or start if form.is_bound else start
        end = form.cleaned_data.get("end_year") or end if form.is_bound else end
    changes = []
    if start and end and start <= end:
        changes = rollover.template_changes(
            plan.template.text, rollover.rolled_text(plan.template.text, start, end,
                                                      agency.name))
    return render(request, "plans/plan_roll_over.html", {
        "plan": plan, "agency": agency, "form": form, "changes": changes,
        "fostering": _open_fostering(plan), "start": start, "end": end,
    }, status=status)
