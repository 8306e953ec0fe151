"""Forms of the decision and proposal actions: shape only; the rules are in services."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dienhinh.workflow import version_field


class VersionForm(forms.Form):
    version = version_field()


class IssueForm(VersionForm):
    """Issuing numbers the decision and puts its rewards in the ledger: it needs the date
    the head signs (never "today" by default) and a second, explicit confirmation."""

    signed_on = forms.DateField(label=_("Ngày ký"), error_messages={
        "required": _("Hãy nhập ngày ký (dd/mm/yyyy)."),
        "invalid": _("Ngày ký không có thật hoặc không đúng dạng dd/mm/yyyy.")})
    confirm = forms.BooleanField(required=False)

    def clean_signed_on(self):
        on = self.cleaned_data["signed_on"]
        if on > timezone.localdate():
            raise forms.ValidationError(_("Ngày ký %(on)s còn ở tương lai.")
                                        % {"on": on.strftime("%d/%m/%Y")})
        return on


class PreviewForm(forms.Form):
    signed_on = IssueForm.base_fields["signed_on"]

    clean_signed_on = IssueForm.clean_signed_on


class ScanForm(VersionForm):
    scan = forms.FileField(label=_("Bản ký (scan)"))


class SelectForm(VersionForm):
    recognitions = forms.TypedMultipleChoiceField(coerce=int, required=False)

    def __init__(self, *args, choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recognitions"].choices = [(pk, str(pk)) for pk in choices]


class SendForm(VersionForm):
    sent_on = forms.DateField(label=_("Ngày gửi"), required=False)


class HigherForm(VersionForm):
    number = forms.CharField(label=_("Số quyết định của cấp trên"), max_length=100)
    date = forms.DateField(label=_("Ngày quyết định"))
    code = forms.CharField(max_length=40, required=False)
    issuer = forms.CharField(max_length=40, required=False)
