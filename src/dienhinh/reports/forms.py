"""Forms of the report actions: shape only; the rules are in `services`."""

from django import forms
from django.utils.translation import gettext_lazy as _

from dienhinh.workflow import version_field

from .documents import SECTIONS

TEXT_LIMIT = 20000


class VersionForm(forms.Form):
    version = version_field()


class SectionsForm(VersionForm):
    """The parts of the report the unit writes (`documents.SECTIONS`)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for key, label in SECTIONS:
            self.fields[key] = forms.CharField(
                label=label, required=False, max_length=TEXT_LIMIT,
                widget=forms.Textarea(attrs={"rows": 5, "class": "form-control"}),
                error_messages={"max_length": _("Phần này dài quá %(limit_value)d ký tự.")})
        self.fields["signer_title"] = forms.CharField(
            label=_("Chức vụ người ký"), required=False, max_length=200,
            widget=forms.TextInput(attrs={"class": "form-control"}))
        self.fields["signer_name"] = forms.CharField(
            label=_("Người ký (để trống: lãnh đạo đơn vị đương nhiệm)"), required=False,
            max_length=200, widget=forms.TextInput(attrs={"class": "form-control"}))


class FormatForm(forms.Form):
    scope = forms.IntegerField(required=False, min_value=1)
