"""Forms of the council screens: shape only; the rules are in services."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from dienhinh.plans.models import Plan
from dienhinh.workflow import version_field

from .models import DENOMINATOR_CHOICES, LEVEL_CHOICES, Ballot, CouncilMember
from .sealing import MIN_PASSPHRASE


class CouncilForm(forms.Form):
    agency = forms.CharField(label=_("Mã cơ quan"), max_length=64)
    name = forms.CharField(label=_("Tên hội đồng"), max_length=300)
    quorum_num = forms.IntegerField(label=_("Tỷ lệ có mặt tối thiểu: tử số"), min_value=0,
                                    initial=2)
    quorum_den = forms.IntegerField(label=_("mẫu số"), min_value=1, initial=3)


class MemberForm(forms.Form):
    username = forms.CharField(label=_("Tài khoản"), max_length=150)
    person = forms.CharField(label=_("Mã cá nhân (nếu có)"), max_length=64, required=False)
    role = forms.ChoiceField(label=_("Chức danh"), choices=CouncilMember.ROLE_CHOICES)
    term_from = forms.DateField(label=_("Nhiệm kỳ từ ngày"))
    term_to = forms.DateField(label=_("đến ngày"), required=False)


class MeetingForm(forms.Form):
    plan = forms.ModelChoiceField(label=_("Kế hoạch"), queryset=Plan.objects.none(),
                                  empty_label=None)
    title = forms.CharField(label=_("Nội dung cuộc họp"), max_length=500)
    held_on = forms.DateField(label=_("Ngày họp"))
    place = forms.CharField(label=_("Địa điểm"), max_length=300, required=False)
    level = forms.ChoiceField(label=_("Cấp công nhận"), choices=LEVEL_CHOICES)

    def __init__(self, *args, plans=None, **kwargs):
        super().__init__(*args, **kwargs)
        if plans is not None:
            self.fields["plan"].queryset = plans


class RuleForm(forms.Form):
    version = version_field()
    denominator = forms.ChoiceField(label=_("Tính trên"), choices=DENOMINATOR_CHOICES)
    num = forms.IntegerField(label=_("Tỷ lệ: tử số"), min_value=1)
    den = forms.IntegerField(label=_("mẫu số"), min_value=1)
    strict = forms.BooleanField(label=_("Phải vượt quá tỷ lệ (“trên”), không chỉ bằng"),
                                required=False)
    written = forms.BooleanField(label=_("Tính phiếu bằng văn bản của thành viên vắng mặt"),
                                 required=False)
    source = forms.CharField(label=_("Căn cứ của tỷ lệ"), max_length=300, required=False,
                             help_text=_("Ví dụ: Quy chế hoạt động của Hội đồng, Điều 8. Bắt "
                                         "buộc khi kế hoạch và cơ quan chưa quy định tỷ lệ."))


class CouncilRuleForm(RuleForm):
    """The agency's own passing share for its council, always with its source."""

    source = forms.CharField(label=_("Căn cứ của tỷ lệ"), max_length=300,
                             help_text=_("Ví dụ: Quy chế hoạt động của Hội đồng, Điều 8."))


class OpenBallotForm(forms.Form):
    version = version_field()
    mode = forms.ChoiceField(label=pgettext_lazy("ballot mode", "Hình thức"), choices=Ballot.MODE_CHOICES)
    # The tellers' passphrase (electronic mode): typed twice, since a mistyped one would
    # leave the sealed votes unopenable.
    passphrase = forms.CharField(label=_("Cụm mật khẩu của ban kiểm phiếu"), required=False,
                                 strip=False, max_length=200, widget=forms.PasswordInput)
    passphrase_again = forms.CharField(label=_("Nhập lại cụm mật khẩu"), required=False,
                                       strip=False, max_length=200,
                                       widget=forms.PasswordInput)

    def clean(self):
        data = super().clean()
        if data.get("mode") == Ballot.ELECTRONIC:
            phrase = data.get("passphrase") or ""
            if len(phrase) < MIN_PASSPHRASE:
                self.add_error("passphrase", _("Cần ít nhất %(n)s ký tự.") % {"n": MIN_PASSPHRASE})
            elif phrase != data.get("passphrase_again"):
                self.add_error("passphrase_again", _("Hai lần nhập cụm mật khẩu không khớp."))
        return data


class PaperCountForm(forms.Form):
    item = forms.IntegerField(widget=forms.HiddenInput)
    issued = forms.IntegerField(label=_("Phát ra"), min_value=0)
    valid = forms.IntegerField(label=_("Hợp lệ"), min_value=0)
    yes = forms.IntegerField(label=_("Đồng ý"), min_value=0)
    no = forms.IntegerField(label=_("Không đồng ý"), min_value=0)
    abstain = forms.IntegerField(label=_("Không biểu quyết"), min_value=0, initial=0)


class MeetingVersionForm(forms.Form):
    """An action on a meeting: the version of the meeting the user saw."""

    version = version_field()


class AddItemForm(MeetingVersionForm):
    nomination = forms.IntegerField(label=_("Hồ sơ"), min_value=1)


class ItemForm(MeetingVersionForm):
    item = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class AttendanceForm(MeetingVersionForm):
    present = forms.TypedMultipleChoiceField(label=_("Có mặt"), coerce=int, required=False)

    def __init__(self, *args, members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["present"].choices = [(m.pk, str(m.pk)) for m in members]


class RecusalForm(forms.Form):
    item = forms.IntegerField(label=_("Nội dung"), min_value=1)
    member = forms.IntegerField(label=_("Thành viên"), min_value=1, required=False)
    reason = forms.CharField(label=_("Lý do"), max_length=500, required=False)


class CloseBallotForm(MeetingVersionForm):
    """Closing counts the ballot for good: with members who have not voted, the
    secretary is asked again and must tick `confirm`."""

    confirm = forms.BooleanField(required=False)
    # Electronic mode: the tellers' passphrase opens the sealed votes (typed once).
    passphrase = forms.CharField(label=_("Cụm mật khẩu của ban kiểm phiếu"), required=False,
                                 strip=False, max_length=200, widget=forms.PasswordInput)


class EndTermForm(forms.Form):
    member = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    on = forms.DateField(label=_("Ngày kết thúc nhiệm kỳ"))


class VerifyForm(forms.Form):
    code = forms.CharField(label=_("Mã biên nhận"), max_length=40)
