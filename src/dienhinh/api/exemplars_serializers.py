"""What the API shows and accepts for registrations, fostering plans and nominations.

Input serializers only check shapes (types, lengths, choices); the rules are the
services' (`dienhinh.exemplars.services`), so the API and the screens refuse the same
things with the same messages.
"""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from dienhinh.exemplars import services
from dienhinh.exemplars.models import (
    DossierFile,
    FosteringAction,
    FosteringPlan,
    Nomination,
    ProgressNote,
    Registration,
)

MAX_ID = 2**31 - 1
DATE_INPUT_FORMATS = ["iso-8601", "%d/%m/%Y"]


class VersionSerializer(serializers.Serializer):
    version = serializers.IntegerField(min_value=1, max_value=MAX_ID,
                                       help_text="Phiên bản đã đọc")


class QuotaSerializer(serializers.Serializer):
    quota = serializers.CharField()
    label = serializers.CharField()
    section = serializers.CharField()
    period = serializers.CharField()
    count = serializers.IntegerField()
    ok = serializers.BooleanField()
    message = serializers.CharField()


class RegistrationSerializer(serializers.ModelSerializer):
    plan = serializers.IntegerField(source="plan_id", read_only=True)
    unit = serializers.CharField(source="unit.subject.code", read_only=True)
    subject = serializers.CharField(source="subject.code", read_only=True)
    subject_name = serializers.CharField(source="subject.name", read_only=True)
    subject_type = serializers.CharField(source="subject.type", read_only=True)
    compiled_list = serializers.IntegerField(source="compiled_list_id", read_only=True,
                                             allow_null=True)

    class Meta:
        model = Registration
        fields = ["id", "plan", "year", "unit", "subject", "subject_name", "subject_type",
                  "source", "registered_on", "quarter", "late", "status", "note",
                  "compiled_list", "version"]
        read_only_fields = fields


class RegistrationCreateSerializer(serializers.Serializer):
    plan = serializers.IntegerField(min_value=1, max_value=MAX_ID,
                                    help_text="Mã số kế hoạch đang thực hiện")
    year = serializers.IntegerField(min_value=1945, max_value=2100)
    unit = serializers.CharField(max_length=64, help_text="Mã đơn vị đăng ký")
    subject = serializers.CharField(max_length=64, help_text="Mã đối tượng")
    source = serializers.ChoiceField(choices=Registration.SOURCE_CHOICES,
                                     default=Registration.MANUAL)
    note = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class RegistrationCreatedSerializer(serializers.Serializer):
    registration = RegistrationSerializer()
    quotas = QuotaSerializer(many=True)


class RegistrationFilter(serializers.Serializer):
    plan = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID)
    year = serializers.IntegerField(required=False, min_value=1945, max_value=2100)
    status = serializers.ChoiceField(required=False, choices=Registration.STATUS_CHOICES)


class ActionSerializer(serializers.ModelSerializer):
    class Meta:
        model = FosteringAction
        fields = ["id", "text", "due_on", "done_on"]
        read_only_fields = fields


class NoteSerializer(serializers.ModelSerializer):
    class Meta:
        model = ProgressNote
        fields = ["id", "text", "file_name", "at"]
        read_only_fields = fields


class FosteringSerializer(serializers.ModelSerializer):
    registration = serializers.IntegerField(source="registration_id", read_only=True)
    subject = serializers.CharField(source="registration.subject.code", read_only=True)
    leader = serializers.CharField(source="leader.subject.code", read_only=True,
                                   allow_null=True)
    gaps = serializers.JSONField(read_only=True)
    actions = ActionSerializer(many=True, read_only=True)
    notes = NoteSerializer(many=True, read_only=True)

    class Meta:
        model = FosteringPlan
        fields = ["id", "registration", "subject", "leader", "goal", "gaps", "gaps_on",
                  "status", "actions", "notes", "version"]
        read_only_fields = fields


class FosteringCreateSerializer(serializers.Serializer):
    registration = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    leader = serializers.CharField(max_length=64, required=False, allow_blank=True, default="",
                                   help_text="Mã cá nhân lãnh đạo phụ trách")
    goal = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")


class ActionCreateSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=1000)
    due_on = serializers.DateField(input_formats=DATE_INPUT_FORMATS)


class FileSerializer(serializers.ModelSerializer):
    document_kind = serializers.ChoiceField(source="kind", choices=DossierFile.KIND_CHOICES,
                                            read_only=True)

    class Meta:
        model = DossierFile
        fields = ["id", "document_kind", "file_name", "content_type", "size", "at"]
        read_only_fields = fields


class NominationSerializer(serializers.ModelSerializer):
    plan = serializers.IntegerField(source="plan_id", read_only=True)
    unit = serializers.CharField(source="unit.subject.code", read_only=True)
    subject = serializers.CharField(source="subject.code", read_only=True)
    subject_name = serializers.CharField(source="subject.name", read_only=True)
    snapshot = serializers.JSONField(read_only=True)
    checklist = serializers.JSONField(read_only=True)
    evaluation = serializers.SerializerMethodField(
        help_text="Kết quả đánh giá tiêu chí của đối tượng theo kế hoạch và năm của hồ sơ, như "
                  "`dienhinh evaluate --subject`")
    override_issues = serializers.JSONField(read_only=True)
    files = FileSerializer(many=True, read_only=True)

    class Meta:
        model = Nomination
        fields = ["id", "plan", "year", "unit", "subject", "subject_name", "level", "summary",
                  "status", "evaluation", "snapshot", "snapshot_on", "checklist", "comments",
                  "override_issues", "override_reason", "submitted_on", "decided_on", "files",
                  "version"]
        read_only_fields = fields

    @extend_schema_field({"type": "object", "nullable": True, "properties": {
        "subject": {"type": "string"}, "subject_type": {"type": "string"},
        "profile": {"type": "string"},
        "quantitative": {"type": "string", "enum": ["pass", "fail", "none"]},
        "met": {"type": "array", "items": {"type": "string"}},
        "unmet": {"type": "array", "items": {"type": "string"}},
        "pending": {"type": "array", "items": {"type": "string"}}}})
    def get_evaluation(self, obj):
        return services.evaluation(obj)


class NominationCreateSerializer(serializers.Serializer):
    plan = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    year = serializers.IntegerField(min_value=1945, max_value=2100)
    unit = serializers.CharField(max_length=64)
    subject = serializers.CharField(max_length=64)
    level = serializers.ChoiceField(choices=Nomination.LEVEL_CHOICES)
    summary = serializers.CharField(max_length=20000, required=False, allow_blank=True,
                                    default="")


class NominationUpdateSerializer(VersionSerializer):
    level = serializers.ChoiceField(choices=Nomination.LEVEL_CHOICES)
    summary = serializers.CharField(max_length=20000, allow_blank=True)


class NominationFilter(serializers.Serializer):
    plan = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID)
    year = serializers.IntegerField(required=False, min_value=1945, max_value=2100)
    status = serializers.ChoiceField(required=False, choices=Nomination.STATUS_CHOICES)


class CommentsSerializer(VersionSerializer):
    comments = serializers.CharField(max_length=5000, allow_blank=True,
                                     help_text="Ý kiến (bắt buộc khi trả lại, không chấp nhận)")


class AcceptSerializer(VersionSerializer):
    override_reason = serializers.CharField(
        max_length=5000, required=False, allow_blank=True, default="",
        help_text="Lý do chấp nhận khi hồ sơ chưa đạt tiêu chí, thiếu tài liệu hoặc chưa được bồi "
                  "dưỡng")


class ChecklistSerializer(serializers.Serializer):
    complete = serializers.BooleanField(default=False)
    criteria_met = serializers.BooleanField(default=False)
    pending_attested = serializers.BooleanField(default=False)
    no_discipline = serializers.BooleanField(default=False)


class AppraiseSerializer(VersionSerializer):
    checklist = ChecklistSerializer()
    comments = serializers.CharField(max_length=5000, required=False, allow_blank=True,
                                     default="")


class UploadSerializer(VersionSerializer):
    document_kind = serializers.ChoiceField(choices=DossierFile.KIND_CHOICES)
    file = serializers.FileField(help_text="PDF, DOCX, XLSX, JPG, PNG; ≤ 20 MB")
