"""What the API shows and accepts for replication: media items, good models, adoptions
with their progress and evaluation, pledges, study visits and conferences.

Units, people and exemplars are named by their codes (CONTRACT §1); input serializers
check shapes only, the rules are `dienhinh.replication.services`'s, so the API and the
screens refuse the same things with the same messages.
"""

from __future__ import annotations

from rest_framework import serializers

from dienhinh.replication.models import (
    Adoption,
    AdoptionProgress,
    Conference,
    ConferenceHonouree,
    ConferenceInvitee,
    GoodModel,
    MediaItem,
    Pledge,
    ProgrammeItem,
    StudyVisit,
)

from .exemplars_serializers import DATE_INPUT_FORMATS, MAX_ID, VersionSerializer

CODE = {"max_length": 64}


def _date(**kw):
    return serializers.DateField(input_formats=DATE_INPUT_FORMATS, **kw)


def _codes(**kw):
    return serializers.ListField(child=serializers.CharField(max_length=64), max_length=200,
                                 **kw)


def _ids(**kw):
    return serializers.ListField(child=serializers.IntegerField(min_value=1, max_value=MAX_ID),
                                 max_length=200, **kw)


# -- media log -----------------------------------------------------------------------------------
class MediaItemSerializer(serializers.ModelSerializer):
    agency = serializers.CharField(source="agency.subject.code", read_only=True)
    plan = serializers.IntegerField(source="plan_id", read_only=True, allow_null=True)
    exemplars = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    good_models = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    has_file = serializers.SerializerMethodField()

    class Meta:
        model = MediaItem
        fields = ["id", "agency", "plan", "outlet_kind", "outlet_name", "published_on", "title",
                  "link", "has_file", "exemplars", "good_models", "version"]
        read_only_fields = fields

    def get_has_file(self, obj) -> bool:
        return bool(obj.file)


class MediaItemWriteSerializer(serializers.Serializer):
    agency = serializers.CharField(help_text="Mã cơ quan ghi nhận", **CODE)
    outlet_kind = serializers.ChoiceField(choices=MediaItem.Outlet.choices)
    outlet_name = serializers.CharField(max_length=300)
    published_on = _date()
    title = serializers.CharField(max_length=500)
    link = serializers.URLField(max_length=1000, required=False, allow_blank=True, default="")
    plan = serializers.IntegerField(min_value=1, max_value=MAX_ID, required=False,
                                    allow_null=True, default=None)
    exemplars = _codes(required=False, default=list, help_text="Mã các điển hình")
    good_models = _ids(required=False, default=list)


class MediaItemUpdateSerializer(MediaItemWriteSerializer):
    agency = None
    version = serializers.IntegerField(min_value=1, max_value=MAX_ID,
                                       help_text="Phiên bản đã đọc")


class MediaFilter(serializers.Serializer):
    plan = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID)
    year = serializers.IntegerField(required=False, min_value=1945, max_value=2100)
    outlet_kind = serializers.ChoiceField(required=False, choices=MediaItem.Outlet.choices)


# -- good models and adoptions -------------------------------------------------------------------
class SpreadSerializer(serializers.Serializer):
    adoption = serializers.IntegerField(source="adoption_id")
    unit_name = serializers.CharField()
    since = serializers.DateField()
    status = serializers.CharField()
    rating = serializers.CharField()
    result = serializers.CharField()
    evaluated_on = serializers.DateField(allow_null=True)
    last_progress_on = serializers.DateField(allow_null=True)
    last_percent = serializers.IntegerField(allow_null=True)


class GoodModelSerializer(serializers.ModelSerializer):
    agency = serializers.CharField(source="agency.subject.code", read_only=True)
    owner = serializers.CharField(source="owner.code", read_only=True)
    owner_name = serializers.CharField(source="owner.name", read_only=True)
    decision_no = serializers.CharField(source="recognition.decision.number", read_only=True,
                                        allow_null=True, default=None)
    plan = serializers.IntegerField(source="plan_id", read_only=True, allow_null=True)

    class Meta:
        model = GoodModel
        fields = ["id", "agency", "title", "summary", "field", "owner", "owner_name",
                  "decision_no", "plan", "version"]
        read_only_fields = fields


class GoodModelDetailSerializer(GoodModelSerializer):
    spread = SpreadSerializer(many=True, read_only=True)
    adoptions_per_year = serializers.DictField(child=serializers.IntegerField(),
                                               read_only=True)

    class Meta(GoodModelSerializer.Meta):
        fields = [*GoodModelSerializer.Meta.fields, "spread", "adoptions_per_year"]
        read_only_fields = fields


class GoodModelCreateSerializer(serializers.Serializer):
    agency = serializers.CharField(**CODE)
    title = serializers.CharField(max_length=500)
    owner = serializers.CharField(help_text="Mã điển hình (chủ mô hình)", **CODE)
    summary = serializers.CharField(required=False, allow_blank=True, default="")
    field = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    plan = serializers.IntegerField(min_value=1, max_value=MAX_ID, required=False,
                                    allow_null=True, default=None)


class ProgressSerializer(serializers.ModelSerializer):
    class Meta:
        model = AdoptionProgress
        fields = ["on", "note", "percent"]
        read_only_fields = fields


class AdoptionSerializer(serializers.ModelSerializer):
    model = serializers.IntegerField(source="model_id", read_only=True)
    unit = serializers.CharField(source="unit.subject.code", read_only=True)
    learned_from = serializers.CharField(source="learned_from.code", read_only=True)
    study_visit = serializers.IntegerField(source="study_visit_id", read_only=True,
                                           allow_null=True)
    progress = ProgressSerializer(many=True, read_only=True)

    class Meta:
        model = Adoption
        fields = ["id", "model", "unit", "learned_from", "target", "target_value",
                  "target_measure", "started_on", "status", "rating", "result", "evaluated_on",
                  "study_visit", "progress", "version"]
        read_only_fields = fields


class AdoptionCreateSerializer(serializers.Serializer):
    model = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    unit = serializers.CharField(help_text="Mã đơn vị áp dụng", **CODE)
    target = serializers.CharField(max_length=4000)
    target_value = serializers.DecimalField(max_digits=14, decimal_places=2, required=False,
                                            allow_null=True, default=None)
    target_measure = serializers.CharField(max_length=60, required=False, allow_blank=True,
                                           default="")
    started_on = _date()
    study_visit = serializers.IntegerField(min_value=1, max_value=MAX_ID, required=False,
                                           allow_null=True, default=None)
    learned_from = serializers.CharField(required=False, allow_blank=True, default="",
                                         help_text="Mã nơi học tập (mặc định: chủ mô hình)",
                                         **CODE)


class AdoptionFilter(serializers.Serializer):
    model = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID)
    status = serializers.ChoiceField(required=False, choices=Adoption.Status.choices)


class ProgressCreateSerializer(VersionSerializer):
    on = _date()
    note = serializers.CharField(max_length=4000)
    percent = serializers.IntegerField(min_value=0, max_value=100, required=False,
                                       allow_null=True, default=None)


class EvaluateSerializer(VersionSerializer):
    rating = serializers.ChoiceField(choices=Adoption.Rating.choices)
    result = serializers.CharField(max_length=4000)
    evaluated_on = _date()


class AbandonSerializer(VersionSerializer):
    reason = serializers.CharField(max_length=2000)


# -- pledges -------------------------------------------------------------------------------------
class PledgeSerializer(serializers.ModelSerializer):
    unit = serializers.CharField(source="unit.subject.code", read_only=True)
    person = serializers.CharField(source="person.subject.code", read_only=True,
                                   allow_null=True, default=None)
    exemplar = serializers.CharField(source="exemplar.code", read_only=True)
    decision_no = serializers.CharField(source="recognition.decision.number", read_only=True,
                                        allow_null=True, default=None)
    plan = serializers.IntegerField(source="plan_id", read_only=True, allow_null=True)

    class Meta:
        model = Pledge
        fields = ["id", "unit", "person", "exemplar", "decision_no", "plan", "content",
                  "pledged_on", "review_due", "status", "reviewed_on", "outcome",
                  "outcome_note", "version"]
        read_only_fields = fields


class PledgeCreateSerializer(serializers.Serializer):
    unit = serializers.CharField(required=False, allow_blank=True, default="", **CODE)
    person = serializers.CharField(required=False, allow_blank=True, default="", **CODE)
    exemplar = serializers.CharField(help_text="Mã điển hình được học tập", **CODE)
    content = serializers.CharField(max_length=4000)
    pledged_on = _date()
    review_due = _date()
    plan = serializers.IntegerField(min_value=1, max_value=MAX_ID, required=False,
                                    allow_null=True, default=None)


class PledgeFilter(serializers.Serializer):
    status = serializers.ChoiceField(required=False, choices=Pledge.Status.choices)
    due_by = _date(required=False, help_text="Chỉ các đăng ký đang thực hiện đến hạn đánh "
                                             "giá trước hoặc trong ngày này")


class ReviewSerializer(VersionSerializer):
    outcome = serializers.ChoiceField(choices=Pledge.Outcome.choices)
    note = serializers.CharField(max_length=4000, required=False, allow_blank=True, default="")
    reviewed_on = _date()


# -- study visits --------------------------------------------------------------------------------
class StudyVisitSerializer(serializers.ModelSerializer):
    agency = serializers.CharField(source="agency.subject.code", read_only=True)
    host = serializers.CharField(source="host.code", read_only=True)
    visiting_units = serializers.SerializerMethodField()
    follow_ups = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    plan = serializers.IntegerField(source="plan_id", read_only=True, allow_null=True)

    class Meta:
        model = StudyVisit
        fields = ["id", "agency", "host", "visiting_units", "plan", "visited_on",
                  "participants", "lessons", "follow_ups", "version"]
        read_only_fields = fields

    def get_visiting_units(self, obj) -> list[str]:
        return [u.subject.code for u in obj.visiting_units.all()]


class StudyVisitCreateSerializer(serializers.Serializer):
    agency = serializers.CharField(**CODE)
    host = serializers.CharField(help_text="Mã điển hình, đơn vị được tham quan", **CODE)
    visiting_units = _codes(min_length=1)
    visited_on = _date()
    participants = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    lessons = serializers.CharField(required=False, allow_blank=True, default="")
    plan = serializers.IntegerField(min_value=1, max_value=MAX_ID, required=False,
                                    allow_null=True, default=None)


class StudyVisitUpdateSerializer(VersionSerializer):
    participants = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    lessons = serializers.CharField(allow_blank=True)
    visited_on = _date(required=False, allow_null=True, default=None,
                       help_text="Ngày tham quan (bỏ trống: giữ nguyên)")


class VisitingUnitSerializer(VersionSerializer):
    unit = serializers.CharField(help_text="Mã đơn vị tham gia", **CODE)


# -- conferences ---------------------------------------------------------------------------------
class HonoureeSerializer(serializers.ModelSerializer):
    subject = serializers.CharField(source="recognition.subject.code", read_only=True)
    name = serializers.CharField(source="recognition.subject.name", read_only=True)
    decision_no = serializers.CharField(source="recognition.decision.number", read_only=True)

    class Meta:
        model = ConferenceHonouree
        fields = ["id", "subject", "name", "decision_no", "speaks", "topic", "position"]
        read_only_fields = fields


class ProgrammeItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = ProgrammeItem
        fields = ["id", "position", "starts_at", "title", "presenter"]
        read_only_fields = fields


class InviteeSerializer(serializers.ModelSerializer):
    unit = serializers.CharField(source="invited_unit.subject.code", read_only=True,
                                 allow_null=True, default=None)

    class Meta:
        model = ConferenceInvitee
        fields = ["id", "unit", "name", "attended"]
        read_only_fields = fields


class ConferenceSerializer(serializers.ModelSerializer):
    agency = serializers.CharField(source="agency.subject.code", read_only=True)
    plan = serializers.IntegerField(source="plan_id", read_only=True, allow_null=True)
    honourees = HonoureeSerializer(many=True, read_only=True)
    programme = ProgrammeItemSerializer(many=True, read_only=True)
    invitees = InviteeSerializer(many=True, read_only=True)

    class Meta:
        model = Conference
        fields = ["id", "agency", "plan", "kind", "title", "held_on", "starts_at", "venue",
                  "number", "place", "signer_title", "signer_name", "status", "attendance",
                  "conclusions", "honourees", "programme", "invitees", "version"]
        read_only_fields = fields


# A conference's details, as created and as corrected (a docstring would enter the schema).
class ConferenceDetailsSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Conference.Kind.choices)
    title = serializers.CharField(max_length=500)
    held_on = _date()
    starts_at = serializers.TimeField(required=False, allow_null=True, default=None)
    venue = serializers.CharField(max_length=500)
    plan = serializers.IntegerField(min_value=1, max_value=MAX_ID, required=False,
                                    allow_null=True, default=None)
    number = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    place = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    signer_title = serializers.CharField(max_length=200, required=False, allow_blank=True,
                                         default="")
    signer_name = serializers.CharField(max_length=200, required=False, allow_blank=True,
                                        default="")


class ConferenceCreateSerializer(ConferenceDetailsSerializer):
    agency = serializers.CharField(**CODE)


class ConferenceUpdateSerializer(VersionSerializer, ConferenceDetailsSerializer):
    pass


class HonoureeUpdateSerializer(VersionSerializer):
    speaks = serializers.BooleanField()
    topic = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class HonoureeCreateSerializer(VersionSerializer):
    subject = serializers.CharField(help_text="Mã điển hình", **CODE)
    speaks = serializers.BooleanField(required=False, default=False)
    topic = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class ProgrammeCreateSerializer(VersionSerializer):
    starts_at = serializers.TimeField(required=False, allow_null=True, default=None)
    title = serializers.CharField(max_length=500)
    presenter = serializers.CharField(max_length=300, required=False, allow_blank=True,
                                      default="")


class ProgrammeUpdateSerializer(ProgrammeCreateSerializer):
    position = serializers.IntegerField(min_value=1, max_value=999, required=False,
                                        allow_null=True, default=None,
                                        help_text="Thứ tự mới (từ 1); bỏ trống: giữ nguyên")


class InviteCreateSerializer(VersionSerializer):
    unit = serializers.CharField(required=False, allow_blank=True, default="", **CODE)
    name = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class OutcomeSerializer(VersionSerializer):
    attendance = serializers.IntegerField(min_value=0, max_value=MAX_ID)
    conclusions = serializers.CharField(max_length=8000)
    present = _ids(required=False, default=list, help_text="Mã số các đại biểu có mặt")
