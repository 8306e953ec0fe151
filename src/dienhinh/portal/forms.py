"""Forms of the editorial actions: shape only; the rules are in services."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from dienhinh.portal.models import Consent
from dienhinh.workflow import version_field


class VersionForm(forms.Form):
    version = version_field()


def _styled(form):
    """Bootstrap's classes on the visible widgets (the screens render fields one by one)."""
    for field in form.fields.values():
        widget = field.widget
        if widget.is_hidden:
            continue
        css = ("form-check-input" if isinstance(widget, forms.CheckboxInput) else
               "form-select" if isinstance(widget, forms.Select) else "form-control")
        widget.attrs.setdefault("class", css)


class DraftForm(forms.Form):
    column = forms.TypedChoiceField(label=_("Chuyên mục"), coerce=int, required=False,
                                    empty_value=None)

    def __init__(self, *args, columns=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["column"].choices = [("", _("(chưa chọn)"))] + [
            (c.pk, c.title) for c in columns]


class StoryForm(VersionForm):
    title = forms.CharField(label=_("Tiêu đề"), max_length=300)
    summary = forms.CharField(label=_("Sa pô (tóm tắt)"), max_length=1000, required=False,
                              widget=forms.Textarea(attrs={"rows": 3}))
    body = forms.CharField(label=pgettext_lazy("text body", "Nội dung"), required=False, max_length=100_000,
                           widget=forms.Textarea(attrs={"rows": 14}),
                           help_text=_("Thanh công cụ định dạng chữ đậm, nghiêng, tiêu đề "
                                       "mục, danh sách, trích dẫn và liên kết (Alt+F10: từ "
                                       "nội dung đến thanh công cụ; Esc: trở lại nội dung). "
                                       "Khi lưu, mã lệnh và định dạng khác bị loại bỏ."))
    column = forms.TypedChoiceField(label=_("Chuyên mục"), coerce=int, required=False,
                                    empty_value=None)
    field = forms.CharField(label=_("Lĩnh vực"), max_length=200, required=False)
    photo = forms.FileField(label=_("Ảnh (JPEG, PNG, WebP; tối đa 5 MB)"), required=False)
    photo_caption = forms.CharField(label=_("Chú thích ảnh"), max_length=300, required=False)
    remove_photo = forms.BooleanField(label=_("Bỏ ảnh hiện tại"), required=False)

    def __init__(self, *args, columns=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["column"].choices = [("", _("(chưa chọn)"))] + [
            (c.pk, c.title) for c in columns]
        _styled(self)


class NoteForm(VersionForm):
    note = forms.CharField(label=_("Lý do"), max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 2}))


class PublishForm(VersionForm):
    publish_at = forms.DateTimeField(
        label=_("Hẹn giờ đăng (để trống: đăng ngay)"), required=False,
        input_formats=["%d/%m/%Y %H:%M", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        error_messages={"invalid": _("Thời điểm đăng không đúng dạng dd/mm/yyyy hh:mm.")})


class ConsentForm(forms.Form):
    scope = forms.ChoiceField(label=_("Đồng ý cho"), choices=Consent.Scope.choices)
    evidence = forms.CharField(label=_("Căn cứ (phiếu đồng ý, văn bản, thư điện tử)"),
                               max_length=500)


class WithdrawForm(VersionForm):
    evidence = forms.CharField(label=_("Căn cứ rút lại sự đồng ý"), max_length=500)


class ColumnForm(forms.Form):
    title = forms.CharField(label=_("Tên chuyên mục"), max_length=300)
    agency = forms.TypedChoiceField(label=_("Cơ quan"), coerce=int)
    movement = forms.TypedChoiceField(label=_("Phong trào thi đua"), coerce=int,
                                      required=False, empty_value=None)
    description = forms.CharField(label=_("Giới thiệu"), max_length=2000, required=False,
                                  widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, agencies=(), movements=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].choices = [(u.pk, u.subject.name) for u in agencies]
        self.fields["movement"].choices = [("", _("(không theo phong trào)"))] + [
            (m.pk, m.name) for m in movements]
        _styled(self)
