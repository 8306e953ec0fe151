"""Forms of the scoring actions: shape only; the rules (maximum, evidence, reasons) are in
services, so the web, the API and the demo refuse the same things the same way."""

from django import forms
from django.utils.translation import gettext_lazy as _

from dienhinh.workflow import version_field

YEAR_ERRORS = {"required": _("Hãy nhập năm."), "invalid": _("Năm phải là một số."),
               "min_value": _("Năm không hợp lệ."), "max_value": _("Năm không hợp lệ.")}


class Styled(forms.Form):
    """Bootstrap's classes on every visible widget (the templates render some fields
    with `{{ form.field }}`)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if widget.is_hidden or isinstance(widget, (forms.CheckboxInput,
                                                       forms.CheckboxSelectMultiple)):
                continue
            css = "form-select" if isinstance(widget, forms.Select) else "form-control"
            widget.attrs.setdefault("class", css)


class VersionForm(Styled):
    version = version_field()


class OpenRoundForm(Styled):
    agency = forms.TypedChoiceField(label=_("Cơ quan chấm điểm"), coerce=int)
    scheme = forms.ChoiceField(label=_("Thang điểm"))
    year = forms.IntegerField(label=_("Năm"), min_value=1945, max_value=2100,
                              error_messages=YEAR_ERRORS)
    plan = forms.TypedChoiceField(label=_("Kế hoạch"), coerce=int, required=False,
                                  empty_value=None)
    units = forms.TypedMultipleChoiceField(label=_("Đơn vị được chấm điểm"), coerce=int,
                                           required=False)
    due_on = forms.DateField(label=_("Hạn đơn vị nộp bản tự chấm"), required=False)
    name = forms.CharField(label=_("Tên đợt chấm điểm"), max_length=300, required=False)
    group = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args, agencies=(), schemes=(), plans=(), units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].choices = agencies
        self.fields["scheme"].choices = schemes
        self.fields["plan"].choices = [("", _("— không gắn kế hoạch —")), *plans]
        self.fields["units"].choices = units


class SelfScoreForm(VersionForm):
    """One score and one note per criterion: fields `score_<id>` and `note_<id>`. Scores
    are text here and judged by the service, which names the criterion."""

    def __init__(self, *args, criteria=(), **kwargs):
        super().__init__(*args, **kwargs)
        for c in criteria:
            self.fields[f"score_{c.id}"] = forms.CharField(label=c.label, required=False,
                                                           max_length=20)
            self.fields[f"note_{c.id}"] = forms.CharField(required=False, max_length=2000)
        self.criteria = list(criteria)

    def scores(self) -> dict:
        d = self.cleaned_data
        return {c.id: (d.get(f"score_{c.id}"), d.get(f"note_{c.id}", "")) for c in self.criteria}


class VerifyForm(VersionForm):
    def __init__(self, *args, criteria=(), **kwargs):
        super().__init__(*args, **kwargs)
        for c in criteria:
            self.fields[f"score_{c.id}"] = forms.CharField(label=c.label, required=False,
                                                           max_length=20)
            self.fields[f"reason_{c.id}"] = forms.CharField(required=False, max_length=2000)
        self.criteria = list(criteria)

    def scores(self) -> dict:
        d = self.cleaned_data
        return {c.id: (d.get(f"score_{c.id}"), d.get(f"reason_{c.id}", ""))
                for c in self.criteria}


class EvidenceForm(VersionForm):
    criterion = forms.CharField(max_length=60)
    file = forms.FileField(label=_("Tệp minh chứng"), error_messages={
        "required": _("Hãy chọn tệp minh chứng.")})


class ReturnForm(VersionForm):
    reason = forms.CharField(label=_("Lý do trả lại"), max_length=2000, required=False)


class ProposeForm(Styled):
    plan = forms.TypedChoiceField(label=_("Kế hoạch"), coerce=int, required=False,
                                  empty_value=None)

    def __init__(self, *args, plans=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan"].choices = [("", _("— kế hoạch của đợt chấm điểm —")), *plans]


class VoteForm(Styled):
    voter = forms.TypedChoiceField(label=_("Đơn vị bỏ phiếu"), coerce=int)
    chosen = forms.TypedMultipleChoiceField(label=_("Đơn vị đề nghị tặng Cờ thi đua"),
                                            coerce=int, error_messages={
                                                "required": _("Hãy chọn ít nhất một đơn vị.")})

    def __init__(self, *args, voters=(), members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["voter"].choices = voters
        self.fields["chosen"].choices = members


class GroupForm(Styled):
    agency = forms.TypedChoiceField(label=_("Cơ quan tổ chức"), coerce=int)
    kind = forms.ChoiceField(label=_("Loại"))
    name = forms.CharField(label=_("Tên khối, cụm"), max_length=300)
    note = forms.CharField(label=_("Ghi chú"), required=False, widget=forms.Textarea)

    def __init__(self, *args, agencies=(), kinds=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].choices = agencies
        self.fields["kind"].choices = kinds


class MembersForm(VersionForm):
    year = forms.IntegerField(label=_("Năm"), min_value=1945, max_value=2100,
                              error_messages=YEAR_ERRORS)
    units = forms.TypedMultipleChoiceField(label=_("Đơn vị thành viên"), coerce=int)

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["units"].choices = units


class LeadForm(VersionForm):
    year = forms.IntegerField(label=_("Năm"), min_value=1945, max_value=2100,
                              error_messages=YEAR_ERRORS)
    lead = forms.TypedChoiceField(label=_("Đơn vị trưởng"), coerce=int, required=False,
                                  empty_value=None)
    deputy = forms.TypedChoiceField(label=_("Đơn vị phó"), coerce=int, required=False,
                                    empty_value=None)

    def __init__(self, *args, members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead"].choices = [("", _("— theo luân phiên —")), *members]
        self.fields["deputy"].choices = [("", "—"), *members]


class PactForm(VersionForm):
    signed_on = forms.DateField(label=_("Ngày ký giao ước"), error_messages={
        "required": _("Hãy nhập ngày ký (dd/mm/yyyy)."),
        "invalid": _("Ngày ký không có thật hoặc không đúng dạng dd/mm/yyyy.")})
    file = forms.FileField(label=_("Văn bản giao ước đã ký"), required=False)
    targets = forms.CharField(
        label=_("Chỉ tiêu giao ước"), widget=forms.Textarea,
        help_text=_("Mỗi dòng một chỉ tiêu; mức phấn đấu (nếu có) sau dấu “|”."))

    def target_list(self) -> list[tuple[str, str]]:
        out = []
        for line in self.cleaned_data["targets"].splitlines():
            text, _bar, measure = line.partition("|")
            if text.strip():
                out.append((text.strip(), measure.strip()))
        return out
