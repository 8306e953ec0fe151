"""What the API shows and accepts.

Writes of ledger records are validated by the screens' own `AchievementForm`, so the
API and the screens refuse exactly the same records with the same messages; the
serializer only turns JSON into the form's input and the form's errors into a 400.
"""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import exceptions, serializers

from dienhinh import policy
from dienhinh.catalogue import codes
from dienhinh.catalogue.models import AchievementCode, InitiativeLevel, Issuer
from dienhinh.core import vietnamese
from dienhinh.ledger import rules as ledger_rules
from dienhinh.ledger.forms import AchievementForm
from dienhinh.ledger.models import YEAR_MAX, YEAR_MIN, Achievement
from dienhinh.orgs.models import Person, Unit

MAX_VERSION = 2**31 - 1
DATE_INPUT_FORMATS = ["iso-8601", "%d/%m/%Y"]


# --- organisation -----------------------------------------------------------------


class UnitSerializer(serializers.ModelSerializer):
    code = serializers.CharField(source="subject.code", read_only=True,
                                 help_text="Mã đơn vị")
    name = serializers.CharField(source="subject.name", read_only=True,
                                 help_text="Tên đơn vị")
    parent = serializers.CharField(source="parent.subject.code", read_only=True,
                                   allow_null=True,
                                   help_text="Mã đơn vị cấp trên")
    active = serializers.BooleanField(source="is_active", read_only=True,
                                      help_text="Còn hoạt động")

    class Meta:
        model = Unit
        fields = ("code", "name", "kind", "parent", "valid_from", "valid_to", "active", "version")
        read_only_fields = fields


class PersonSerializer(serializers.ModelSerializer):
    code = serializers.CharField(source="subject.code", read_only=True,
                                 help_text="Mã cá nhân")
    full_name = serializers.CharField(source="subject.name", read_only=True,
                                      help_text="Họ và tên")
    unit = serializers.CharField(source="unit.subject.code", read_only=True,
                                 help_text="Mã đơn vị")
    unit_name = serializers.CharField(source="unit.subject.name", read_only=True,
                                      help_text="Tên đơn vị")
    gender = serializers.CharField(read_only=True,
                                   help_text="nam, nu hoặc rỗng")

    class Meta:
        model = Person
        fields = ("code", "full_name", "birth_date", "gender", "unit", "unit_name", "position",
                  "version")
        read_only_fields = fields


# --- catalogue --------------------------------------------------------------------


class AchievementCodeSerializer(serializers.ModelSerializer):
    subject_type = serializers.CharField(
        read_only=True, help_text="individual, collective hoặc rỗng (cả hai)")

    class Meta:
        model = AchievementCode
        fields = ("code", "kind", "name", "name_en", "rank", "subject_type", "builtin")
        read_only_fields = fields


class IssuerSerializer(serializers.ModelSerializer):
    class Meta:
        model = Issuer
        fields = ("code", "name", "name_en", "valid_until", "builtin")
        read_only_fields = fields


class InitiativeLevelSerializer(serializers.ModelSerializer):
    class Meta:
        model = InitiativeLevel
        fields = ("code", "name", "name_en", "order", "builtin")
        read_only_fields = fields


# --- list filters -----------------------------------------------------------------


def _text(help_text: str, max_length: int = 200):
    return serializers.CharField(required=False, allow_blank=True, max_length=max_length,
                                 help_text=help_text)


class UnitFilter(serializers.Serializer):
    q = _text("Tìm theo tên hoặc mã, không phân biệt dấu")
    under = _text("Chỉ các đơn vị tại hoặc dưới đơn vị có mã này", 64)
    kind = serializers.ChoiceField(choices=list(codes.UNIT_KINDS), required=False,
                                   help_text="Loại đơn vị")


class PersonFilter(serializers.Serializer):
    q = _text("Tìm theo họ tên hoặc mã, không phân biệt dấu")
    unit = _text("Chỉ người thuộc đơn vị này hoặc đơn vị cấp dưới", 64)
    position = serializers.ChoiceField(choices=list(codes.POSITIONS), required=False,
                                       help_text="Chức vụ, vị trí")


class AchievementFilter(serializers.Serializer):
    subject = _text("Mã đối tượng", 64)
    year = serializers.IntegerField(required=False, min_value=YEAR_MIN, max_value=YEAR_MAX,
                                    help_text="Năm")
    kind = serializers.ChoiceField(choices=list(codes.ACHIEVEMENT_KINDS), required=False,
                                   help_text="Loại thành tích")
    code = _text("Mã thành tích", 40)


class VersionParam(serializers.Serializer):
    version = serializers.IntegerField(min_value=1, max_value=MAX_VERSION,
                                       help_text="Phiên bản bản ghi đã đọc")


# --- ledger -----------------------------------------------------------------------


def _form_errors(form) -> dict:
    """The form's errors, keyed as the API's fields, in the request's language."""
    errors: dict[str, list[str]] = {}
    for field, items in form.errors.as_data().items():
        key = "non_field_errors" if field == "__all__" else field
        for error in items:
            for message in error.messages:
                errors.setdefault(key, []).append(str(message))
    return errors


class LedgerDateField(serializers.DateField):
    """Dates read by `ledger.rules` like the form and the importer: an impossible date
    (31/02/2024) is refused as such, not as a wrong format."""

    def to_internal_value(self, value):
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            return value
        try:
            return ledger_rules.parse_date(str(value))
        except ledger_rules.Invalid as exc:
            raise serializers.ValidationError(exc.message, code=exc.code) from None


class AchievementSerializer(serializers.ModelSerializer):
    subject = serializers.CharField(
        max_length=64, required=False,
        help_text="Mã đối tượng (đơn vị hoặc cá nhân); bắt buộc khi tạo, không đổi khi sửa",
    )
    subject_name = serializers.CharField(source="subject.name", read_only=True)
    subject_type = serializers.CharField(source="subject.type", read_only=True)
    code = serializers.CharField(max_length=40, help_text="Mã thành tích")
    kind = serializers.CharField(read_only=True,
                                 help_text="Loại, theo mã thành tích")
    year = serializers.IntegerField(min_value=YEAR_MIN, max_value=YEAR_MAX,
                                    help_text="Năm")
    issuer = serializers.CharField(max_length=40, required=False, allow_blank=True, default="",
                                   help_text="Cấp khen (bắt buộc với hình thức khen thưởng)")
    level = serializers.CharField(max_length=40, required=False, allow_blank=True, default="",
                                  help_text="Cấp sáng kiến (bắt buộc với sáng kiến)")
    value = serializers.DecimalField(max_digits=22, decimal_places=2, required=False,
                                     allow_null=True, default=None,
                                     help_text="Giá trị (đồng), bắt buộc với chỉ tiêu")
    decision_no = serializers.CharField(max_length=100, required=False, allow_blank=True,
                                        default="", help_text="Số quyết định")
    decision_date = LedgerDateField(required=False, allow_null=True, default=None,
                                    input_formats=DATE_INPUT_FORMATS,
                                    help_text="Ngày quyết định")
    note = serializers.CharField(required=False, allow_blank=True, default="",
                                 max_length=10000, help_text="Ghi chú")
    issuer_unit = serializers.SerializerMethodField()
    version = serializers.IntegerField(
        min_value=1, max_value=MAX_VERSION, required=False,
        help_text="Phiên bản: bắt buộc khi sửa; khác bản đang lưu thì trả 409",
    )

    class Meta:
        model = Achievement
        fields = ("id", "subject", "subject_name", "subject_type", "year", "kind", "code",
                  "issuer", "level", "value", "decision_no", "decision_date", "note",
                  "issuer_unit", "version", "created_at", "updated_at")
        read_only_fields = ("id", "created_at", "updated_at")

    @extend_schema_field({"type": "string", "nullable": True,
                          "description": "Mã cơ quan ban hành"})
    def get_issuer_unit(self, obj):
        return obj.issuer_unit.subject.code if obj.issuer_unit_id else None

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["subject"] = instance.subject.code
        data["code"] = instance.code_id
        return data

    def validate_subject(self, value):
        if self.instance is not None:
            if value != self.instance.subject.code:
                raise serializers.ValidationError(_(
                    "Không được đổi đối tượng của bản ghi."
                ))
            return self.instance.subject
        user = self.context["request"].user
        subject = (
            policy.subjects(user).select_related("unit", "person__unit").filter(code=value).first()
        )
        # Unknown and out-of-scope codes get the same answer: nothing is revealed.
        if subject is None:
            raise serializers.ValidationError(_(
                "Không tìm thấy đối tượng có mã %(code)s."
            ) % {"code": value})
        if not policy.can(user, "edit_ledger", subject):
            raise exceptions.PermissionDenied(_(
                "Bạn không có quyền sửa sổ thành tích của đối tượng này."
            ))
        return subject

    def validate(self, attrs):
        instance = self.instance
        if instance is None:
            subject = attrs.get("subject")
            if subject is None:
                raise serializers.ValidationError({"subject": [_(
                    "Hãy nhập mã đối tượng.")]})
            current = {}
        else:
            subject = instance.subject
            if attrs.get("version") is None:
                raise serializers.ValidationError({"version": [_(
                    "Hãy gửi phiên bản (version) của bản ghi đã đọc.")]})
            current = {
                "year": instance.year, "code": instance.code_id, "issuer": instance.issuer,
                "level": instance.level, "value": instance.value,
                "decision_no": instance.decision_no, "decision_date": instance.decision_date,
                "note": instance.note,
            }
        # PATCH sends some fields (the others stay as stored); PUT sends or defaults all.
        merged = {**current, **{k: v for k, v in attrs.items() if k in AchievementForm.Meta.fields}}
        value = merged.get("value")
        date = merged.get("decision_date")
        form_data = {
            "year": merged.get("year"),
            "code": merged.get("code") or "",
            "issuer": merged.get("issuer") or "",
            "level": merged.get("level") or "",
            # The form reads amounts the Vietnamese way (1.234,5): hand it that form.
            "value": "" if value is None else vietnamese.format_number(value, 2),
            "decision_no": merged.get("decision_no") or "",
            "decision_date": date.isoformat() if date else "",
            "note": merged.get("note") or "",
        }
        form = AchievementForm(form_data, instance=instance, subject=subject)
        if not form.is_valid():
            raise serializers.ValidationError(_form_errors(form))
        return {"achievement": form.instance, "version": attrs.get("version")}
