"""Forms of the exemplar screens: they check the shape of input; services check the rules."""

from django import forms
from django.utils.translation import gettext_lazy as _

from dienhinh.workflow import version_field

from .models import DossierFile, Nomination, PublicComment, Registration
from .services import CHECKLIST


class RegisterForm(forms.Form):
    unit = forms.CharField(label=_("Đơn vị đăng ký (mã)"), max_length=64)
    subject = forms.CharField(label=_("Đối tượng (mã tập thể hoặc cá nhân)"), max_length=64)
    source = forms.ChoiceField(label=_("Nguồn"), choices=Registration.SOURCE_CHOICES,
                               initial=Registration.MANUAL)
    note = forms.CharField(label=_("Ghi chú"), max_length=500, required=False)


class VersionForm(forms.Form):
    version = version_field()


class CompileForm(forms.Form):
    version = version_field(required=False)  # none yet when the first list is compiled
    number = forms.CharField(label=_("Số, ký hiệu"), max_length=100, required=False)
    place = forms.CharField(label=_("Địa danh"), max_length=100, required=False)
    signer_title = forms.CharField(label=_("Chức vụ người ký"), max_length=200, required=False)
    signer_name = forms.CharField(label=_("Người ký"), max_length=200, required=False)


class SendForm(VersionForm):
    sent_to = forms.CharField(label=_("Gửi đến (cấp trên)"), max_length=300)
    sent_on = forms.DateField(label=_("Ngày gửi (dd/mm/yyyy)"), required=False)
    # A sent list can no longer change: the officer is asked again before it goes.
    confirm = forms.BooleanField(required=False)


class CompleteActionForm(forms.Form):
    action = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class FosteringForm(VersionForm):
    leader = forms.CharField(label=_("Lãnh đạo phụ trách (mã cá nhân)"), max_length=64,
                             required=False)
    goal = forms.CharField(label=_("Mục tiêu"), widget=forms.Textarea(attrs={"rows": 2}),
                           required=False)


class ActionForm(forms.Form):
    text = forms.CharField(label=_("Nội dung bồi dưỡng"), max_length=1000)
    due_on = forms.DateField(label=_("Hạn hoàn thành (dd/mm/yyyy)"))


class NoteForm(forms.Form):
    text = forms.CharField(label=_("Kết quả, tiến độ"), widget=forms.Textarea(attrs={"rows": 2}))
    file = forms.FileField(label=_("Minh chứng (PDF, DOCX, XLSX, JPG, PNG)"), required=False)


class ReportForm(forms.Form):
    unit = forms.CharField(max_length=64, widget=forms.HiddenInput)
    summary = forms.CharField(label=_("Đánh giá chung"), widget=forms.Textarea(attrs={"rows": 3}),
                              required=False)


class NominationForm(forms.Form):
    plan = forms.IntegerField(label=_("Kế hoạch"))
    year = forms.IntegerField(label=_("Năm"), min_value=1945, max_value=2100)
    unit = forms.CharField(label=_("Đơn vị đề nghị (mã)"), max_length=64)
    subject = forms.CharField(label=_("Đối tượng (mã)"), max_length=64)
    level = forms.ChoiceField(label=_("Cấp công nhận"), choices=Nomination.LEVEL_CHOICES)
    summary = forms.CharField(label=_("Tóm tắt thành tích"), required=False,
                              widget=forms.Textarea(attrs={"rows": 3}))


class NominationEditForm(VersionForm):
    level = forms.ChoiceField(label=_("Cấp công nhận"), choices=Nomination.LEVEL_CHOICES)
    summary = forms.CharField(label=_("Tóm tắt thành tích"), required=False,
                              widget=forms.Textarea(attrs={"rows": 3}))


class UploadForm(VersionForm):
    kind = forms.ChoiceField(label=_("Loại tài liệu"), choices=DossierFile.KIND_CHOICES)
    file = forms.FileField(label=_("Tệp"))


class AppraiseForm(VersionForm):
    comments = forms.CharField(label=_("Ý kiến thẩm định"), required=False,
                               widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for key, label in CHECKLIST:
            self.fields[f"check_{key}"] = forms.BooleanField(label=label, required=False)

    def checklist(self):
        return checklist_of(self.cleaned_data)


def checklist_of(cleaned_data) -> dict:
    return {key: cleaned_data.get(f"check_{key}", False) for key, _label in CHECKLIST}


class CommentsForm(VersionForm):
    comments = forms.CharField(label=_("Ý kiến (lý do)"), required=False,
                               widget=forms.Textarea(attrs={"rows": 2}))


class AcceptForm(VersionForm):
    """Accept a dossier; the reason is required when a stage before did not hold
    (services.acceptance_issues) and is refused without it by the service."""

    override_reason = forms.CharField(label=_("Lý do vẫn chấp nhận"), required=False,
                                      max_length=5000, widget=forms.Textarea(attrs={"rows": 2}))


class PublishForm(forms.Form):
    plan = forms.IntegerField(label=_("Kế hoạch"))
    year = forms.IntegerField(label=_("Năm"), min_value=1945, max_value=2100)
    opens_on = forms.DateField(label=_("Từ ngày (dd/mm/yyyy)"))
    closes_on = forms.DateField(label=_("Đến ngày (dd/mm/yyyy)"))
    title = forms.CharField(label=_("Tiêu đề"), max_length=500, required=False)


class PublicCommentForm(forms.ModelForm):
    nomination = forms.IntegerField(required=False, widget=forms.HiddenInput)

    class Meta:
        model = PublicComment
        fields = ["name", "contact", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}
