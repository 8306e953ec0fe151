"""Forms of the discovery screen and of attestations."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

SHOW_CHOICES = [
    ("candidates", _("Đạt và gần đạt")),
    ("pass", _("Đạt theo sổ thành tích")),
    ("near", _("Gần đạt (nhân tố mới)")),
    ("eligible", _("Đủ điều kiện")),
    ("all", _("Tất cả")),
]


class DiscoveryForm(forms.Form):
    plan = forms.CharField(label=_("Kế hoạch"), max_length=100)
    scope = forms.CharField(label=_("Phạm vi (mã đơn vị)"), max_length=64)
    year = forms.IntegerField(
        label=_("Năm"), min_value=1945, max_value=2100,
        error_messages={"invalid": _("Năm phải là số."),
                        "min_value": _("Năm không hợp lệ."),
                        "max_value": _("Năm không hợp lệ.")},
    )
    show = forms.ChoiceField(label=_("Hiển thị"), choices=SHOW_CHOICES, required=False)
    lookback = forms.IntegerField(
        label=_("Số năm nhìn lại"), min_value=1, max_value=10, required=False,
        help_text=_("Khi chọn năm trước giai đoạn của kế hoạch: số năm xem lại, mặc định "
                    "bằng độ dài giai đoạn"))
    unit = forms.CharField(label=_("Lọc theo đơn vị (mã)"), max_length=64, required=False)
    profile = forms.CharField(label=_("Nhóm tiêu chí"), max_length=64, required=False)

    def __init__(self, *args, plans=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.plans = list(plans)
        for name in ("plan", "scope", "year"):
            self.fields[name].error_messages["required"] = _(
                "Cần chọn %(field)s."
            ) % {"field": self.fields[name].label.lower()}

    def clean_show(self):
        return self.cleaned_data.get("show") or "candidates"

    def clean_scope(self):
        return self.cleaned_data["scope"].strip()

    def clean_unit(self):
        return self.cleaned_data["unit"].strip()


class OverviewForm(forms.Form):
    """The overview's GET form: both fields optional (the view fills the defaults)."""

    scope = forms.CharField(label=_("Phạm vi (mã đơn vị)"), max_length=64, required=False)
    year = forms.IntegerField(
        label=_("Năm"), min_value=1945, max_value=2100, required=False,
        error_messages={"invalid": _("Năm phải là số."),
                        "min_value": _("Năm không hợp lệ (1945–2100)."),
                        "max_value": _("Năm không hợp lệ (1945–2100).")},
    )

    def clean_scope(self):
        return self.cleaned_data["scope"].strip()


class AttestForm(forms.Form):
    criterion = forms.CharField(widget=forms.HiddenInput, max_length=64)
    note = forms.CharField(
        label=_("Nhận xét, căn cứ xác nhận"), required=False, max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    file = forms.FileField(label=_("Tệp minh chứng (PDF, DOCX, JPG, PNG)"), required=False)

    def clean(self):
        data = super().clean()
        if not (data.get("note") or "").strip() and not data.get("file"):
            raise forms.ValidationError(
                _("Cần ghi nhận xét hoặc đính kèm tệp minh chứng.")
            )
        return data


class WithdrawForm(forms.Form):
    attestation = forms.IntegerField(widget=forms.HiddenInput)
    note = forms.CharField(
        label=_("Lý do rút xác nhận"), required=False, max_length=4000,
        widget=forms.TextInput(),
    )
