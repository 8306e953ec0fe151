from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from dienhinh.workflow import version_field

from .models import Feedback


class FeedbackForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Đơn vị phản ánh"), queryset=None)
    subject = forms.CharField(label=_("Tiêu đề"), max_length=300)
    body = forms.CharField(label=_("Khó khăn, vướng mắc"), widget=forms.Textarea(attrs={"rows": 6}))

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["unit"].label_from_instance = lambda u: u.subject.name


class MessageForm(forms.Form):
    body = forms.CharField(label=pgettext_lazy("text body", "Nội dung"), widget=forms.Textarea(attrs={"rows": 4}))
    version = version_field()


class CloseForm(forms.Form):
    version = version_field()


STATUS_FILTER = [("", _("Tất cả"))] + Feedback.STATUS_CHOICES
