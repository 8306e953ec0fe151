"""What the API shows and accepts for compiled registration lists and public comment.

Input serializers only check shapes (types, lengths, choices); the rules are the
services' (`dienhinh.exemplars.services`), as in `exemplars_serializers`.
"""

from __future__ import annotations

from rest_framework import serializers

from dienhinh.exemplars.models import CommentPeriod, CompiledList, PublicComment

from .exemplars_serializers import (
    DATE_INPUT_FORMATS,
    MAX_ID,
    QuotaSerializer,
    RegistrationSerializer,
    VersionSerializer,
)


class CompiledListSerializer(serializers.ModelSerializer):
    plan = serializers.IntegerField(source="plan_id", read_only=True)
    sent_by = serializers.CharField(source="sent_by.username", read_only=True, allow_null=True)

    class Meta:
        model = CompiledList
        fields = ["id", "plan", "year", "number", "place", "signer_title", "signer_name",
                  "status", "sent_to", "sent_on", "sent_by", "version"]
        read_only_fields = fields


class CompiledListDetailSerializer(CompiledListSerializer):
    entries = RegistrationSerializer(source="rows", many=True, read_only=True)
    quotas = QuotaSerializer(many=True, read_only=True)

    class Meta(CompiledListSerializer.Meta):
        fields = [*CompiledListSerializer.Meta.fields, "entries", "quotas"]
        read_only_fields = fields


class CompileSerializer(serializers.Serializer):
    plan = serializers.IntegerField(min_value=1, max_value=MAX_ID,
                                    help_text="Mã số kế hoạch đang thực hiện")
    year = serializers.IntegerField(min_value=1945, max_value=2100)
    version = serializers.IntegerField(
        min_value=1, max_value=MAX_ID, required=False, allow_null=True, default=None,
        help_text="Phiên bản đã đọc, khi danh sách đã có")
    number = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    place = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    signer_title = serializers.CharField(max_length=200, required=False, allow_blank=True,
                                         default="")
    signer_name = serializers.CharField(max_length=200, required=False, allow_blank=True,
                                        default="")


class SendSerializer(VersionSerializer):
    sent_to = serializers.CharField(max_length=300, help_text="Nơi nhận (cấp trên)")
    sent_on = serializers.DateField(input_formats=DATE_INPUT_FORMATS, required=False,
                                    allow_null=True, default=None,
                                    help_text="Ngày gửi (mặc định hôm nay)")


class CompiledListFilter(serializers.Serializer):
    plan = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID)
    year = serializers.IntegerField(required=False, min_value=1945, max_value=2100)
    status = serializers.ChoiceField(required=False, choices=CompiledList.STATUS_CHOICES)


class CommentPeriodSerializer(serializers.ModelSerializer):
    plan = serializers.IntegerField(source="plan_id", read_only=True)
    nominations = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = CommentPeriod
        fields = ["id", "plan", "year", "title", "opens_on", "closes_on", "nominations",
                  "created_at"]
        read_only_fields = fields


class PublishSerializer(serializers.Serializer):
    plan = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    year = serializers.IntegerField(min_value=1945, max_value=2100)
    opens_on = serializers.DateField(input_formats=DATE_INPUT_FORMATS)
    closes_on = serializers.DateField(input_formats=DATE_INPUT_FORMATS)
    title = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class CommentPeriodFilter(serializers.Serializer):
    plan = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID)
    year = serializers.IntegerField(required=False, min_value=1945, max_value=2100)


class PublicCommentSerializer(serializers.ModelSerializer):
    period = serializers.IntegerField(source="period_id", read_only=True)
    nomination = serializers.IntegerField(source="nomination_id", read_only=True,
                                          allow_null=True)

    class Meta:
        model = PublicComment
        fields = ["id", "period", "nomination", "name", "contact", "text", "status", "at"]
        read_only_fields = fields


class PublicCommentFilter(serializers.Serializer):
    period = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID)
    status = serializers.ChoiceField(required=False, choices=PublicComment.STATUS_CHOICES)


class ModerateSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=[PublicComment.APPROVED, PublicComment.HIDDEN],
                                     help_text="approved: đăng; hidden: không đăng")
