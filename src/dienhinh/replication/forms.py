"""Forms of the replication screens: shape and the checks a person can correct at once
(dates in order, a unit in scope, a positive target); the rules are in `services`.

A unit is typed or picked with the project's unit picker (its code); an exemplar is
chosen among the subjects recognised by an issued decision in the user's scope, shown
by name and decision, never by code."""

from __future__ import annotations

from django import forms
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from dienhinh import policy
from dienhinh.decisions.models import Decision, Recognition
from dienhinh.orgs.models import Person, Subject, Unit
from dienhinh.orgs.templatetags.unit_picker import subject_picker, unit_picker
from dienhinh.plans.models import Plan
from dienhinh.workflow import version_field

from .models import Adoption, Conference, GoodModel, MediaItem, Pledge, StudyVisit

DATE_ERRORS = {"invalid": _("Ngày không có thật hoặc không đúng dạng dd/mm/yyyy.")}


def _date(label, required=True):
    return forms.DateField(label=label, required=required, error_messages=DATE_ERRORS,
                           input_formats=["%d/%m/%Y", "%Y-%m-%d"],
                           widget=forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"},
                                                  format="%d/%m/%Y"))


def _not_future(value, label):
    if value and value > timezone.localdate():
        raise forms.ValidationError(_("%(label)s %(on)s còn ở tương lai.")
                                    % {"label": label, "on": value.strftime("%d/%m/%Y")})
    return value


class UnitPickerWidget(forms.TextInput):
    """The project's searchable unit picker (orgs/_unit_picker.html) as a form widget."""

    def __init__(self, action="view", **kwargs):
        self.action = action
        super().__init__(**kwargs)

    def render(self, name, value, attrs=None, renderer=None):
        # A page that lists many lines, each with its own form, gives the unit it has
        # already read (with its subject) rather than its code: no query per line.
        if isinstance(value, Unit):
            unit, value = value, value.subject.code
        else:
            unit = Unit.objects.filter(subject__code=value).select_related("subject").first() \
                if value else None
        ctx = unit_picker(name, value=value or "", unit=unit, action=self.action,
                          id=(attrs or {}).get("id", ""))
        return render_to_string("orgs/_unit_picker.html", ctx)


class PersonPickerWidget(forms.TextInput):
    def render(self, name, value, attrs=None, renderer=None):
        subject = Subject.objects.filter(code=value).first() if value else None
        ctx = subject_picker(name, value=value or "", subject=subject, action="adopt_model",
                             type=Subject.INDIVIDUAL, id=(attrs or {}).get("id", ""))
        return render_to_string("orgs/_subject_picker.html", ctx)


class UnitField(forms.CharField):
    """A unit code → the unit, checked against the user's scope for `action`."""

    def __init__(self, *args, action="view", **kwargs):
        self.action = action
        self.user = None
        kwargs.setdefault("widget", UnitPickerWidget(action=action))
        super().__init__(*args, **kwargs)

    def clean(self, value):
        code = super().clean(value).strip()
        if not code:
            return None
        unit = Unit.objects.filter(subject__code=code).select_related("subject").first()
        if unit is None:
            raise forms.ValidationError(_("Không có đơn vị “%(code)s”.") % {"code": code})
        if self.user is not None and not policy.can(self.user, self.action, unit):
            raise forms.ValidationError(
                _("Đơn vị “%(name)s” không thuộc phạm vi bạn được thao tác.")
                % {"name": unit.subject.name})
        return unit


class StyledForm(forms.Form):
    """Bootstrap classes on the plain widgets (the pickers bring their own)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, (forms.Select, forms.TextInput, forms.Textarea,
                                     forms.DateInput, forms.NumberInput, forms.URLInput,
                                     forms.TimeInput, forms.ClearableFileInput)) \
                    and not isinstance(widget, (UnitPickerWidget, PersonPickerWidget,
                                                forms.CheckboxSelectMultiple)):
                css = "form-select" if isinstance(widget, forms.Select) else "form-control"
                widget.attrs.setdefault("class", css)


class ScopedForm(StyledForm):
    """Gives the user to the unit fields and narrows choices to the user's scope."""

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        for field in self.fields.values():
            if isinstance(field, UnitField):
                field.user = user
        if "plan" in self.fields:
            self.fields["plan"].queryset = Plan.objects.filter(
                agency__in=policy.units(user)).order_by("-start_year", "number")
        if "exemplar" in self.fields:
            self.fields["exemplar"].queryset = recognised(user)


def recognised(user):
    """Subjects recognised by an issued, unrevoked recognition decision: those in the
    user's scope, and those the agencies above the user's units recognised (a division
    follows the exemplars its department honoured)."""
    issued = Recognition.objects.filter(
        decision__status=Decision.ISSUED, decision__kind=Decision.RECOGNITION,
        revoked_by__isnull=True)
    above = issued.filter(decision__agency__in=policy.units_above(user).values("pk"))
    return Subject.objects.filter(
        Q(pk__in=policy.subjects(user).filter(pk__in=issued.values("subject")).values("pk"))
        | Q(pk__in=above.values("subject"))).order_by("sort_key", "pk")


class ExemplarField(forms.ModelChoiceField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("empty_label", _("— chọn điển hình —"))
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj):
        return obj.name


class PlanField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.title} ({obj.start_year}–{obj.end_year})"


def _plan_field():
    return PlanField(queryset=Plan.objects.none(), required=False, label=_("Kế hoạch"),
                     empty_label=_("— không gắn kế hoạch —"))


class VersionForm(StyledForm):
    version = version_field()


# -- media log ---------------------------------------------------------------------------------
class MediaForm(ScopedForm):
    agency = UnitField(label=_("Cơ quan ghi nhận"), action="manage_media")
    outlet_kind = forms.ChoiceField(label=_("Loại hình"), choices=MediaItem.Outlet.choices)
    outlet_name = forms.CharField(label=_("Cơ quan báo chí, kênh"), max_length=300)
    published_on = _date(_("Ngày đăng, phát"))
    title = forms.CharField(label=_("Tiêu đề"), max_length=500)
    link = forms.URLField(label=_("Đường dẫn"), required=False, max_length=1000,
                          assume_scheme="https",
                          error_messages={"invalid": _("Đường dẫn không hợp lệ.")})
    file = forms.FileField(label=_("Tệp (bản ghi âm, bài báo scan…)"), required=False)
    plan = _plan_field()
    exemplars = forms.ModelMultipleChoiceField(
        queryset=Subject.objects.none(), required=False, label=_("Điển hình được giới thiệu"),
        widget=forms.SelectMultiple(attrs={"size": 6}))
    good_models = forms.ModelMultipleChoiceField(
        queryset=GoodModel.objects.none(), required=False, label=_("Mô hình, cách làm"),
        widget=forms.SelectMultiple(attrs={"size": 4}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["exemplars"].queryset = recognised(self.user)
        self.fields["exemplars"].label_from_instance = lambda s: s.name
        self.fields["good_models"].queryset = GoodModel.objects.filter(
            agency__in=policy.units(self.user))

    def clean_published_on(self):
        return _not_future(self.cleaned_data["published_on"], _("Ngày đăng, phát"))


class MediaEditForm(MediaForm):
    version = version_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["agency"]
        del self.fields["file"]


# -- good models and adoptions -------------------------------------------------------------------
class GoodModelForm(ScopedForm):
    agency = UnitField(label=_("Cơ quan quản lý"), action="manage_replication")
    title = forms.CharField(label=_("Tên mô hình, cách làm"), max_length=500)
    exemplar = ExemplarField(queryset=Subject.objects.none(),
                             label=_("Điển hình (chủ mô hình)"))
    summary = forms.CharField(label=_("Tóm tắt nội dung, cách làm"), required=False,
                              widget=forms.Textarea(attrs={"rows": 4}))
    field = forms.CharField(label=_("Lĩnh vực"), max_length=200, required=False)
    plan = _plan_field()


class AdoptionForm(ScopedForm):
    unit = UnitField(label=_("Đơn vị áp dụng"), action="adopt_model")
    target = forms.CharField(label=_("Mục tiêu"), widget=forms.Textarea(attrs={"rows": 2}))
    target_value = forms.DecimalField(label=_("Chỉ tiêu (nếu có)"), required=False,
                                      max_digits=14, decimal_places=2)
    target_measure = forms.CharField(label=_("Đơn vị tính"), max_length=60, required=False)
    learned_from = ExemplarField(queryset=Subject.objects.none(), required=False,
                                 label=_("Học tập từ"), empty_label=_("— chủ mô hình —"))
    started_on = _date(_("Ngày bắt đầu"))
    study_visit = forms.ModelChoiceField(queryset=StudyVisit.objects.none(), required=False,
                                         label=_("Sau chuyến tham quan, học tập"),
                                         empty_label=_("— không —"))

    def __init__(self, *args, model=None, **kwargs):
        super().__init__(*args, **kwargs)
        visits = StudyVisit.objects.select_related("host")
        if model is not None:
            from .services import learnable_from

            visits = visits.filter(host=model.owner)
            self.fields["learned_from"].queryset = Subject.objects.filter(
                pk__in=learnable_from(model)).order_by("sort_key", "pk")
        units = policy.units(self.user).values("pk")
        self.fields["study_visit"].queryset = visits.filter(
            Q(agency__in=units) | Q(visiting_units__in=units)).distinct()
        self.fields["study_visit"].label_from_instance = \
            lambda v: f"{v.host.name} — {v.visited_on:%d/%m/%Y}"

    def clean_target_value(self):
        value = self.cleaned_data["target_value"]
        if value is not None and value <= 0:
            raise forms.ValidationError(_("Chỉ tiêu phải lớn hơn 0."))
        return value

    def clean_started_on(self):
        return _not_future(self.cleaned_data["started_on"], _("Ngày bắt đầu"))


class ProgressForm(VersionForm):
    on = _date(_("Ngày"))
    note = forms.CharField(label=_("Nội dung đã triển khai"), max_length=4000)
    percent = forms.IntegerField(label=_("Mức độ hoàn thành (%)"), required=False,
                                 min_value=0, max_value=100, error_messages={
                                     "min_value": _("Mức độ hoàn thành phải từ 0 đến 100%%."),
                                     "max_value": _("Mức độ hoàn thành phải từ 0 đến 100%%.")})


class EvaluateForm(VersionForm):
    rating = forms.ChoiceField(label=pgettext_lazy("rating", "Đánh giá"), choices=Adoption.Rating.choices)
    result = forms.CharField(label=_("Kết quả đạt được"), max_length=4000)
    evaluated_on = _date(_("Ngày đánh giá"))


class AbandonForm(VersionForm):
    reason = forms.CharField(label=_("Lý do dừng"), max_length=2000)


# -- pledges ------------------------------------------------------------------------------------
class PledgeForm(ScopedForm):
    unit = UnitField(label=_("Đơn vị đăng ký"), action="adopt_model", required=False)
    person = forms.CharField(label=_("Cá nhân đăng ký (nếu là cá nhân)"), required=False,
                             widget=PersonPickerWidget())
    exemplar = ExemplarField(queryset=Subject.objects.none(),
                             label=_("Điển hình được học tập"))
    content = forms.CharField(label=_("Nội dung đăng ký"), widget=forms.Textarea(attrs={"rows": 3}))
    pledged_on = _date(_("Ngày đăng ký"))
    review_due = _date(_("Hạn đánh giá"))
    plan = _plan_field()

    def clean_person(self):
        code = (self.cleaned_data.get("person") or "").strip()
        if not code:
            return None
        person = Person.objects.filter(subject__code=code).select_related("subject", "unit__subject").first()
        if person is None:
            raise forms.ValidationError(_("Không có cá nhân “%(code)s”.") % {"code": code})
        if not policy.can(self.user, "adopt_model", person.unit):
            raise forms.ValidationError(_("Cá nhân “%(name)s” không thuộc phạm vi bạn được "
                                          "thao tác.") % {"name": person.subject.name})
        return person

    def clean(self):
        data = super().clean()
        if not data.get("unit") and not data.get("person") and not self.errors:
            raise forms.ValidationError(_("Hãy chọn đơn vị hoặc cá nhân đăng ký."))
        pledged, due = data.get("pledged_on"), data.get("review_due")
        if pledged and due and due < pledged:
            self.add_error("review_due", _("Hạn đánh giá (%(due)s) trước ngày đăng ký "
                                           "(%(on)s).") % {"due": due.strftime("%d/%m/%Y"),
                                                           "on": pledged.strftime("%d/%m/%Y")})
        return data

    def clean_pledged_on(self):
        return _not_future(self.cleaned_data["pledged_on"], _("Ngày đăng ký"))


class ReviewPledgeForm(VersionForm):
    outcome = forms.ChoiceField(label=_("Kết quả"), choices=Pledge.Outcome.choices)
    note = forms.CharField(label=_("Nhận xét"), required=False, max_length=4000)
    reviewed_on = _date(_("Ngày đánh giá"))


# -- study visits -------------------------------------------------------------------------------
VISITING_SLOTS = 4


class MultiUnitPickerWidget(forms.Widget):
    """Several unit pickers under one name (a visit has a few visiting units)."""

    def __init__(self, action="view", slots=VISITING_SLOTS, **kwargs):
        self.action, self.slots = action, slots
        super().__init__(**kwargs)

    def value_from_datadict(self, data, files, name):
        return [v for v in data.getlist(name)] if hasattr(data, "getlist") else \
            data.get(name, [])

    def render(self, name, value, attrs=None, renderer=None):
        values = [v for v in (value or []) if v]
        values += [""] * max(0, self.slots - len(values))
        html = []
        for n, code in enumerate(values):
            unit = Unit.objects.filter(subject__code=code).select_related("subject").first() \
                if code else None
            ctx = unit_picker(name, value=code, unit=unit, action=self.action,
                              id=f"id_{name}_{n}")
            html.append(f'<div class="mb-2">{render_to_string("orgs/_unit_picker.html", ctx)}'
                        "</div>")
        return "".join(html)


class VisitForm(ScopedForm):
    agency = UnitField(label=_("Đơn vị tổ chức"), action="manage_replication")
    exemplar = ExemplarField(queryset=Subject.objects.none(),
                             label=_("Điển hình, đơn vị được tham quan"))
    visiting_units = forms.Field(label=_("Đơn vị tham gia"),
                                 widget=MultiUnitPickerWidget(action="manage_replication"))
    visited_on = _date(_("Ngày tham quan"))
    participants = forms.IntegerField(label=_("Số người tham gia"), min_value=1,
                                      error_messages={"min_value": _("Số người tham gia phải "
                                                                     "ít nhất là 1.")})
    lessons = forms.CharField(label=_("Bài học kinh nghiệm"), required=False,
                              widget=forms.Textarea(attrs={"rows": 4}))
    plan = _plan_field()

    def clean_visiting_units(self):
        codes = [c.strip() for c in self.cleaned_data.get("visiting_units") or [] if c.strip()]
        if not codes:
            raise forms.ValidationError(_("Hãy chọn ít nhất một đơn vị tham gia."))
        field = UnitField(action="manage_replication")
        field.user = self.user
        units = []
        for code in dict.fromkeys(codes):
            units.append(field.clean(code))
        return units

    def clean_visited_on(self):
        return _not_future(self.cleaned_data["visited_on"], _("Ngày tham quan"))


class VisitEditForm(VersionForm):
    visited_on = _date(_("Ngày tham quan"), required=False)
    participants = VisitForm.base_fields["participants"]
    lessons = VisitForm.base_fields["lessons"]

    def clean_visited_on(self):
        return _not_future(self.cleaned_data["visited_on"], _("Ngày tham quan"))


class VisitUnitForm(VersionForm, ScopedForm):
    unit = UnitField(label=_("Đơn vị tham gia"), action="manage_replication")


# -- conferences --------------------------------------------------------------------------------
class ConferenceForm(ScopedForm):
    agency = UnitField(label=_("Cơ quan tổ chức"), action="manage_replication")
    kind = forms.ChoiceField(label=_("Loại hội nghị"), choices=Conference.Kind.choices)
    title = forms.CharField(label=_("Tên hội nghị"), max_length=500)
    held_on = _date(_("Ngày tổ chức"))
    starts_at = forms.TimeField(label=_("Giờ khai mạc"), required=False,
                                error_messages={"invalid": _("Giờ không đúng dạng hh:mm.")})
    venue = forms.CharField(label=_("Địa điểm"), max_length=500)
    plan = _plan_field()
    number = forms.CharField(label=_("Số, ký hiệu giấy mời"), max_length=100, required=False)
    place = forms.CharField(label=_("Địa danh"), max_length=100, required=False)
    signer_title = forms.CharField(label=_("Chức vụ người ký"), max_length=200, required=False)
    signer_name = forms.CharField(label=_("Người ký"), max_length=200, required=False)


class HonoureeForm(VersionForm, ScopedForm):
    exemplar = ExemplarField(queryset=Subject.objects.none(), label=_("Điển hình"))
    speaks = forms.BooleanField(label=_("Trình bày tham luận"), required=False)
    topic = forms.CharField(label=_("Chủ đề tham luận"), max_length=500, required=False)


class ProgrammeForm(VersionForm):
    starts_at = forms.TimeField(label=_("Thời gian"), required=False,
                                error_messages={"invalid": _("Giờ không đúng dạng hh:mm.")})
    title = forms.CharField(label=_("Nội dung"), max_length=500)
    presenter = forms.CharField(label=_("Người thực hiện"), max_length=300, required=False)


class InviteForm(VersionForm, ScopedForm):
    unit = UnitField(label=_("Đơn vị được mời"), action="view", required=False)
    name = forms.CharField(label=_("Hoặc tên đại biểu"), max_length=300, required=False)


class ConferenceEditForm(VersionForm, ScopedForm):
    kind = ConferenceForm.base_fields["kind"]
    title = ConferenceForm.base_fields["title"]
    held_on = ConferenceForm.base_fields["held_on"]
    starts_at = ConferenceForm.base_fields["starts_at"]
    venue = ConferenceForm.base_fields["venue"]
    plan = _plan_field()
    number = ConferenceForm.base_fields["number"]
    place = ConferenceForm.base_fields["place"]
    signer_title = ConferenceForm.base_fields["signer_title"]
    signer_name = ConferenceForm.base_fields["signer_name"]


class HonoureeEditForm(VersionForm):
    speaks = forms.BooleanField(label=_("Trình bày tham luận"), required=False)
    topic = forms.CharField(label=_("Chủ đề tham luận"), max_length=500, required=False)


class ProgrammeEditForm(ProgrammeForm):
    position = forms.IntegerField(label=_("Thứ tự"), min_value=1, max_value=999,
                                  required=False, error_messages={
                                      "min_value": _("Thứ tự phải từ 1 trở lên."),
                                      "max_value": _("Thứ tự không hợp lệ."),
                                      "invalid": _("Thứ tự phải là một số nguyên.")})


class OutcomeForm(VersionForm):
    attendance = forms.IntegerField(label=_("Số đại biểu dự"), min_value=0, error_messages={
        "min_value": _("Số đại biểu dự không hợp lệ.")})
    conclusions = forms.CharField(label=_("Kết luận hội nghị"), max_length=8000,
                                  widget=forms.Textarea(attrs={"rows": 3}))
    present = forms.TypedMultipleChoiceField(coerce=int, required=False,
                                             label=_("Đại biểu có mặt"),
                                             widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, invitees=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["present"].choices = [(i.pk, i.label) for i in invitees]
        self.fields["present"].error_messages["invalid_choice"] = _(
            "Đại biểu có mặt phải có trong danh sách mời.")
