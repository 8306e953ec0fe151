"""Forms of the plan template editor (copy, edit with validation and "what if")."""

from __future__ import annotations

from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from .models import PlanTemplate


class CopyForm(forms.Form):
    new_id = forms.CharField(
        label=_("Mã mẫu mới"), max_length=100,
        help_text=_("Chữ thường không dấu, số và dấu gạch ngang."),
        validators=[RegexValidator(
            r"^[a-z0-9-]+$",
            _("Mã chỉ gồm chữ thường không dấu, số và dấu gạch ngang."),
        )],
    )
    name = forms.CharField(label=_("Tên kế hoạch (tiếng Việt)"), max_length=500)

    def clean_new_id(self):
        new_id = self.cleaned_data["new_id"].strip()
        if PlanTemplate.objects.filter(template_id=new_id).exists():
            raise forms.ValidationError(
                _("Mã “%(id)s” đã có.") % {"id": new_id}
            )
        return new_id

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError(_("Cần nhập tên."))
        return name


class EditForm(forms.Form):
    text = forms.CharField(
        label=_("Nội dung mẫu (YAML hoặc JSON)"), strip=False,
        widget=forms.Textarea(attrs={"rows": 28, "spellcheck": "false"}),
    )
    scope = forms.CharField(label=_("Phạm vi thử (mã đơn vị)"), max_length=64, required=False)
    year = forms.IntegerField(label=_("Năm thử"), min_value=1945, max_value=2100, required=False)
