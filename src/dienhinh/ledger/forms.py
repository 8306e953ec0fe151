"""Forms to add and correct ledger records, and to attach evidence.

The contract's rules (CONTRACT §1) are checked here so a user sees a Vietnamese
message beside the field; the database constraints on `Achievement` stay as the
last guard for every other path (imports, admin, shell).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dienhinh.catalogue import codes
from dienhinh.catalogue.models import AchievementCode, InitiativeLevel, Issuer
from dienhinh.core import vietnamese
from dienhinh.core.uploads import DOCUMENT_TYPES, check_upload
from dienhinh.orgs.forms import StyledForm

from . import rules
from .models import YEAR_MAX, YEAR_MIN, Achievement


class VietnameseDecimalField(forms.DecimalField):
    """Accepts amounts written the Vietnamese way: '1.234.567', '1.234,5', '1234567 đ'."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        text = str(value).strip().replace(" ", "").replace("\u00a0", "")
        text = text.removesuffix("đ").removesuffix("VND").removesuffix("vnd")
        text = text.replace(".", "").replace(",", ".")
        try:
            return Decimal(text)
        except InvalidOperation:
            raise ValidationError(
                _("Giá trị phải là số, ví dụ 1.234.567"),
                code="invalid",
            ) from None

    def prepare_value(self, value):
        if isinstance(value, Decimal):
            decimals = 0 if value == value.to_integral_value() else 2
            return vietnamese.format_number(value, decimals)
        return value


class LedgerDateField(forms.DateField):
    """A date read by `ledger.rules.parse_date`: dd/mm/yyyy or yyyy-mm-dd, and a date
    that does not exist is called so rather than "wrong format"."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, dt.date):
            return value
        try:
            return rules.parse_date(str(value))
        except rules.Invalid as exc:
            raise ValidationError(exc.message, code=exc.code) from None


def _date_field(label):
    return LedgerDateField(
        label=label,
        required=False,
        widget=forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy"}),
    )


class AchievementForm(StyledForm, forms.ModelForm):
    """Add or correct one record of a subject. `version` travels with the form so a
    save based on an outdated copy is refused (see ledger.services)."""

    year = forms.IntegerField(
        label=_("Năm"),
        min_value=YEAR_MIN,
        max_value=YEAR_MAX,
        error_messages={
            "required": _("Hãy nhập năm."),
            "invalid": _("Năm phải là số."),
            "min_value": _("Năm phải từ 1945 đến 2100."),
            "max_value": _("Năm phải từ 1945 đến 2100."),
        },
    )
    code = forms.ModelChoiceField(
        label=_("Danh hiệu, hình thức, mã"),
        queryset=AchievementCode.objects.all(),
        to_field_name="code",
        error_messages={
            "required": _("Hãy chọn mã thành tích."),
            "invalid_choice": _(
                "Mã thành tích không có trong danh mục hoặc không áp dụng cho đối tượng này."
            ),
        },
    )
    issuer = forms.ChoiceField(label=_("Cấp khen"), required=False)
    level = forms.ChoiceField(label=_("Cấp sáng kiến"), required=False)
    value = VietnameseDecimalField(
        label=_("Giá trị (đồng)"), required=False, max_digits=22, decimal_places=2,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )
    decision_date = _date_field(_("Ngày quyết định"))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Achievement
        fields = [
            "year", "code", "issuer", "level", "value", "decision_no", "decision_date", "note",
        ]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, subject=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.subject = subject or self.instance.subject
        self.instance.subject = self.subject
        self.fields["issuer"].choices = [("", "—")] + [
            (i.code, i.label) for i in Issuer.objects.all()
        ]
        self.fields["level"].choices = [("", "—")] + [
            (lv.code, lv.label) for lv in InitiativeLevel.objects.all()
        ]
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
        # Only codes that apply to this kind of subject (LDTT to people, TTLDTT to units);
        # a stored record keeps its own code selectable so it can be corrected.
        applicable = Q(subject_type="") | Q(subject_type=self.subject.type)
        if self.instance.pk:
            applicable |= Q(code=self.instance.code_id)
        self.fields["code"].queryset = AchievementCode.objects.filter(applicable)

    def clean(self):
        data = super().clean()
        code = data.get("code")
        year = data.get("year")
        # Year and date rules shared with the importer and the API (ledger.rules).
        for error in rules.year_errors(year, data.get("decision_date")):
            if error.field not in self.errors:
                self.add_error(error.field, ValidationError(error.message, code=error.code))
        if code is None:
            return data
        kind = code.kind  # the kind always follows the code
        if code.subject_type and code.subject_type != self.subject.type:
            self.add_error("code", _(
                "Mã %(code)s không áp dụng cho đối tượng này."
            ) % {"code": code.code})
        issuer = data.get("issuer") or ""
        level = data.get("level") or ""
        if kind == "commendation":
            fixed = codes.FIXED_ISSUER.get(code.code)
            if not issuer:
                self.add_error("issuer", _(
                    "Hình thức khen thưởng phải có cấp khen."
                ))
            elif fixed and issuer != fixed:
                self.add_error("issuer", _(
                    "%(code)s phải do cấp Trung ương (TW) khen."
                ) % {"code": code.code})
        if issuer and year:
            stored = Issuer.objects.filter(code=issuer).first()
            if stored and stored.valid_until and year > stored.valid_until:
                self.add_error("issuer", _(
                    "Cấp khen %(issuer)s chỉ có đến năm %(until)s."
                ) % {"issuer": issuer, "until": stored.valid_until})
        if kind == "initiative" and not level:
            self.add_error("level", _(
                "Sáng kiến phải có cấp công nhận."
            ))
        if kind == "indicator" and data.get("value") is None:
            self.add_error("value", _("Chỉ tiêu phải có giá trị."))
        if year:
            self._check_unique(kind, code, year, issuer, level, data.get("decision_no") or "")
        return data

    def _check_unique(self, kind, code, year, issuer, level, decision_no):
        others = Achievement.objects.filter(subject=self.subject, year=year)
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        if kind == "rating" and others.filter(kind="rating").exists():
            self.add_error("code", _(
                "Đối tượng đã có xếp loại chất lượng năm %(year)s."
            ) % {"year": year})
        elif kind == "indicator" and others.filter(kind="indicator", code=code).exists():
            self.add_error("code", _(
                "Đối tượng đã có chỉ tiêu %(code)s năm %(year)s."
            ) % {"code": code.code, "year": year})
        elif others.filter(
            kind=kind, code=code, issuer=issuer, level=level, decision_no=decision_no
        ).exists():
            self.add_error(None, _(
                "Bản ghi này đã có trong sổ thành tích."
            ))

    def _post_clean(self):
        super()._post_clean()
        if self.cleaned_data.get("code") is not None:
            self.instance.kind = self.cleaned_data["code"].kind
        self.instance.issuer = self.cleaned_data.get("issuer") or ""
        self.instance.level = self.cleaned_data.get("level") or ""

    def validate_unique(self):
        # Uniqueness is checked in clean() with messages users understand.
        pass


class EvidenceForm(StyledForm, forms.Form):
    file = forms.FileField(
        label=_("Tệp minh chứng (PDF, DOCX, XLSX, JPG, PNG)"),
        error_messages={"required": _("Hãy chọn tệp.")},
        widget=forms.ClearableFileInput(
            attrs={"accept": ",".join("." + ext for ext in DOCUMENT_TYPES)}
        ),
    )

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        self.kind = check_upload(uploaded)
        return uploaded


class DeleteForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
