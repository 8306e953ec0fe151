"""Forms of plans in force: adoption and edits (the rules are in plan_services)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from dienhinh import policy
from dienhinh.orgs.models import Unit

from . import plan_services
from .models import Movement, Plan, PlanTemplate


def _unit_label(unit: Unit) -> str:
    return f"{unit.subject.name} ({unit.subject.code})"


class PlanFields(forms.Form):
    number = forms.CharField(label=_("Số"), max_length=100,
                             help_text=_("Dạng <số>/KH-<viết tắt cơ quan>, ví dụ 12/KH-SLĐTBXH"))
    issued_on = forms.DateField(label=_("Ngày ban hành"), help_text=_("dd/mm/yyyy"))
    title = forms.CharField(label=_("Trích yếu"), max_length=500)
    movement = forms.ModelChoiceField(label=_("Phong trào thi đua"), required=False,
                                      queryset=Movement.objects.all())
    parent = forms.ModelChoiceField(label=_("Thực hiện kế hoạch (trong hệ thống)"),
                                    required=False, queryset=Plan.objects.none())
    parent_reference = forms.CharField(
        label=_("Hoặc căn cứ văn bản cấp trên"), max_length=500, required=False,
        help_text=_("Ví dụ: Kế hoạch số 03/KH-BTNMT ngày 10/02/2021 của Bộ TN&MT"))
    distribution = forms.CharField(label=_("Nơi nhận"), required=False,
                                   widget=forms.Textarea(attrs={"rows": 4}),
                                   help_text=_("Mỗi dòng một nơi nhận"))

    def __init__(self, *args, user=None, exclude_plan=None, **kwargs):
        super().__init__(*args, **kwargs)
        parents = plan_services.visible_plans(user).select_related("agency__subject")
        if exclude_plan is not None:
            parents = parents.exclude(pk=exclude_plan.pk)
        self.fields["parent"].queryset = parents
        self.fields["parent"].label_from_instance = lambda p: f"{p.number} — {p.title}"

    def clean_number(self):
        try:
            return plan_services.normalise_number(self.cleaned_data["number"])
        except plan_services.PlanError as exc:
            raise forms.ValidationError(str(exc)) from None


class AdoptForm(PlanFields):
    template = forms.ModelChoiceField(label=_("Mẫu kế hoạch"), queryset=PlanTemplate.objects.all())
    agency = forms.ModelChoiceField(label=_("Cơ quan ban hành"), queryset=Unit.objects.none())
    field_order = ["template", "agency", "number", "issued_on", "title", "movement", "parent",
                   "parent_reference", "distribution"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["agency"].queryset = policy.units(user, "manage_plans").select_related(
            "subject").order_by("path")
        self.fields["agency"].label_from_instance = _unit_label
        self.fields["template"].label_from_instance = lambda t: (
            f"{t.name} ({t.start_year}–{t.end_year})")


class EditForm(PlanFields):
    """The plan's fields and, per task, the responsible units (below the agency)."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, plan: Plan, user=None, **kwargs):
        super().__init__(*args, user=user, exclude_plan=plan, **kwargs)
        self.plan = plan
        units = Unit.objects.filter(path__startswith=plan.agency.path).select_related(
            "subject").order_by("path")
        self.task_fields = []
        for task in plan.tasks.prefetch_related("responsible_units"):
            name = f"task_{task.pk}"
            self.fields[name] = forms.ModelMultipleChoiceField(
                label=task.label, required=False, queryset=units,
                initial=[u.pk for u in task.responsible_units.all()],
                widget=forms.SelectMultiple(attrs={"size": 4}),
            )
            self.fields[name].label_from_instance = _unit_label
            self.task_fields.append((task, name))

    def responsible(self) -> dict:
        return {task.step_id: list(self.cleaned_data[name]) for task, name in self.task_fields}


class FeedForm(forms.Form):
    """Creating or replacing the calendar feed URL: nothing to fill, a POST with CSRF."""
