"""Form to correct a person: name, birth date, gender, position, unit.

Like ledger records, a person carries a `version`; a correction is written only
while the stored version is the one the form was loaded with, so two officers
correcting the same person at once cannot overwrite each other silently.
"""

from __future__ import annotations

import datetime as dt

from django import forms
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _gettext
from django.utils.translation import gettext_lazy as _

from dienhinh.audit import services as audit
from dienhinh.core import vietnamese

from . import services
from .models import GENDER_CHOICES, POSITION_CHOICES, Leadership, Person, Subject, Unit

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
DATE_ERROR = _("Ngày phải theo dạng dd/mm/yyyy.")


def style_fields(form) -> None:
    """Bootstrap classes on every widget; errors marked for screen readers too."""
    for field in form.fields.values():
        widget = field.widget
        css = "form-select" if isinstance(widget, forms.Select) else "form-control"
        widget.attrs.setdefault("class", css)


class StyledForm(forms.BaseForm):
    """Mixin: Bootstrap classes, and fields with errors marked invalid."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_fields(self)

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                attrs = self.fields[name].widget.attrs
                attrs["class"] = attrs.get("class", "") + " is-invalid"
                attrs["aria-invalid"] = "true"


class StalePerson(Exception):
    def __init__(self):
        super().__init__(_gettext(
            "Thông tin cá nhân đã được người khác sửa sau khi bạn mở trang; thay đổi của bạn chưa "
            "được lưu. Hãy tải lại trang, đối chiếu rồi lưu lại."
        ))


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, unit):
        return f"{unit.subject.name} ({unit.subject.code})"


class PersonForm(StyledForm, forms.Form):
    full_name = forms.CharField(
        label=_("Họ và tên"), max_length=300,
        error_messages={"required": _("Hãy nhập họ và tên.")},
    )
    birth_date = forms.DateField(
        label=_("Ngày sinh"), required=False, input_formats=DATE_FORMATS,
        widget=forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy"}),
        error_messages={"invalid": DATE_ERROR},
    )
    gender = forms.ChoiceField(
        label=_("Giới tính"), required=False, choices=[("", "—")] + GENDER_CHOICES
    )
    unit = UnitChoiceField(
        label=_("Đơn vị"), queryset=Unit.objects.none(),
        error_messages={"invalid_choice": _(
            "Đơn vị không hợp lệ hoặc ngoài phạm vi của bạn."
        )},
    )
    position = forms.ChoiceField(label=_("Chức vụ, vị trí"), choices=POSITION_CHOICES)
    moved_on = forms.DateField(
        label=_("Ngày chuyển đơn vị/chức vụ"), required=False, input_formats=DATE_FORMATS,
        widget=forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy"}),
        error_messages={"invalid": DATE_ERROR},
        help_text=_("Chỉ dùng khi đổi đơn vị hoặc chức vụ; để trống là hôm nay."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, person: Person, units, **kwargs):
        self.person = person
        initial = {
            "full_name": person.subject.name,
            "birth_date": person.birth_date,
            "gender": person.gender,
            "unit": person.unit_id,
            "position": person.position,
            "version": person.version,
        }
        super().__init__(*args, initial=initial, **kwargs)
        # Active units the user may manage, plus the person's current one.
        self.fields["unit"].queryset = (
            units.filter(valid_to__isnull=True) | Unit.objects.filter(pk=person.unit_id)
        ).select_related("subject").order_by("subject__sort_key")

    def clean_birth_date(self):
        value = self.cleaned_data.get("birth_date")
        if value and not dt.date(1900, 1, 1) <= value <= timezone.localdate():
            raise forms.ValidationError(_gettext(
                "Ngày sinh không hợp lệ."
            ))
        return value

    @transaction.atomic
    def save(self, actor=None) -> Person:
        """Write the correction if nobody saved this person meanwhile."""
        data = self.cleaned_data
        person = self.person
        before = _person_snapshot(person.pk)
        updated = Person.objects.filter(pk=person.pk, version=data["version"]).update(
            birth_date=data["birth_date"], gender=data["gender"] or "",
            version=F("version") + 1,
        )
        if not updated:
            raise StalePerson()
        name = vietnamese.clean_text(data["full_name"])
        if name != person.subject.name:
            subject = Subject.objects.get(pk=person.pk)
            subject.set_name(name)
            subject.save(update_fields=["name", "search_name", "sort_key"])
        person = Person.objects.select_related("subject").get(pk=person.pk)
        if data["unit"].pk != person.unit_id or data["position"] != person.position:
            person = services.move_person(person, data["unit"], data["position"], data["moved_on"])
        audit.record(actor, "orgs.person_correct", person, before=before,
                     after=_person_snapshot(person.pk))
        return person


def _person_snapshot(pk) -> dict | None:
    return Person.objects.filter(pk=pk).values(
        "subject__name", "birth_date", "gender", "unit_id", "position", "version"
    ).first()


class LeaderForm(StyledForm, forms.Form):
    """A leader of an agency for the signature of its documents; `version` is carried
    when a row is corrected (a stale one is refused)."""

    role = forms.ChoiceField(label=_("Thẩm quyền ký"), choices=Leadership.ROLE_CHOICES)
    full_name = forms.CharField(label=_("Họ và tên"), max_length=200)
    title = forms.CharField(label=_("Chức vụ"), max_length=200,
                            help_text=Leadership._meta.get_field("title").help_text)
    valid_from = forms.DateField(
        label=_("Giữ chức vụ từ ngày"), input_formats=DATE_FORMATS,
        widget=forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy"}),
        error_messages={"invalid": _("Ngày phải theo dạng dd/mm/yyyy.")})
    valid_to = forms.DateField(
        label=_("Đến ngày"), required=False, input_formats=DATE_FORMATS,
        widget=forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy"}),
        error_messages={"invalid": _("Ngày phải theo dạng dd/mm/yyyy.")},
        help_text=_("Để trống khi đang giữ chức vụ."))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

    def clean_full_name(self):
        return vietnamese.clean_text(self.cleaned_data["full_name"])

    def clean_title(self):
        return vietnamese.clean_text(self.cleaned_data["title"])

    def clean(self):
        data = super().clean()
        start, end = data.get("valid_from"), data.get("valid_to")
        if start and end and end < start:
            self.add_error("valid_to", _("Ngày thôi giữ chức vụ phải sau ngày bắt đầu."))
        return data
