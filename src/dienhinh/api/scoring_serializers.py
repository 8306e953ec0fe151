"""What the API shows and accepts for scoring rounds, score sheets and emulation groups.

Input serializers check shapes only; the rules (a criterion's maximum, its required
evidence, the reason of an adjustment, ties) are `dienhinh.scoring.services`', so the API
and the screens refuse the same things with the same messages, naming the criterion.
Scores are read as text or numbers and judged by the service (a decimal with at most
two places).
"""

from __future__ import annotations

from rest_framework import serializers

from dienhinh.scoring.models import EmulationGroup, Round, ScoreLine, ScoreSheet

from .exemplars_serializers import DATE_INPUT_FORMATS, MAX_ID, VersionSerializer


def _unit(unit) -> dict:
    return {"code": unit.subject.code, "name": unit.subject.name}


class UnitRefSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class CriterionSerializer(serializers.Serializer):
    id = serializers.CharField()
    label = serializers.CharField()
    section = serializers.CharField()
    max = serializers.DecimalField(max_digits=7, decimal_places=2)
    weight = serializers.DecimalField(max_digits=7, decimal_places=2)
    evidence_required = serializers.BooleanField()
    evidence_text = serializers.CharField()
    quarter_points = serializers.DecimalField(max_digits=7, decimal_places=2, allow_null=True)


class ProposalRuleSerializer(serializers.Serializer):
    label = serializers.CharField()
    section = serializers.CharField()
    code = serializers.CharField()
    award_name = serializers.CharField()
    level = serializers.CharField()
    top = serializers.IntegerField()
    min_percent = serializers.DecimalField(max_digits=5, decimal_places=2, allow_null=True)


class SchemeSerializer(serializers.Serializer):
    id = serializers.CharField()
    name = serializers.CharField()
    source = serializers.CharField()
    plan = serializers.CharField()
    max_total = serializers.DecimalField(max_digits=9, decimal_places=2)
    tie_rule = serializers.CharField()
    tie_order = serializers.ListField(child=serializers.CharField())
    tie_text = serializers.CharField()
    criteria = CriterionSerializer(many=True)
    proposals = ProposalRuleSerializer(many=True)


class RankRowSerializer(serializers.Serializer):
    sheet = serializers.IntegerField(source="sheet_id")
    unit = serializers.SerializerMethodField()
    status = serializers.CharField()
    self_total = serializers.DecimalField(max_digits=9, decimal_places=2)
    total = serializers.DecimalField(max_digits=9, decimal_places=2, allow_null=True)
    percent = serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True)
    rank = serializers.IntegerField(allow_null=True)
    tie_note = serializers.CharField()
    votes = serializers.IntegerField()
    proposed = serializers.ListField(child=serializers.CharField())

    def get_unit(self, row) -> UnitRefSerializer:
        codes = self.context.get("codes", {})
        return {"code": codes.get(row.unit_id, ""), "name": row.unit_name}


class RoundSerializer(serializers.ModelSerializer):
    agency = serializers.SerializerMethodField()
    group = serializers.PrimaryKeyRelatedField(read_only=True)
    plan = serializers.PrimaryKeyRelatedField(read_only=True)
    scheme = serializers.CharField(source="scheme_id")
    scheme_name = serializers.SerializerMethodField()

    class Meta:
        model = Round
        fields = ["id", "name", "scheme", "scheme_name", "year", "agency", "group", "plan",
                  "due_on", "status", "closed_on", "version"]

    def get_agency(self, rnd) -> UnitRefSerializer:
        return _unit(rnd.agency)

    def get_scheme_name(self, rnd) -> str:
        return rnd.scheme.name


class RoundDetailSerializer(RoundSerializer):
    ranking = serializers.SerializerMethodField()

    class Meta(RoundSerializer.Meta):
        fields = [*RoundSerializer.Meta.fields, "ranking"]

    def get_ranking(self, rnd) -> RankRowSerializer(many=True):
        return RankRowSerializer(self.context.get("rows", []), many=True,
                                 context=self.context).data


class EvidenceSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    file_name = serializers.CharField()
    size = serializers.IntegerField()
    at = serializers.DateTimeField()


class LineSerializer(serializers.ModelSerializer):
    evidence = EvidenceSerializer(many=True, read_only=True)

    class Meta:
        model = ScoreLine
        fields = ["criterion", "self_score", "note", "verified_score", "adjustment_reason",
                  "evidence"]


class SheetSerializer(serializers.ModelSerializer):
    unit = serializers.SerializerMethodField()
    round = serializers.PrimaryKeyRelatedField(read_only=True)

    class Meta:
        model = ScoreSheet
        fields = ["id", "round", "unit", "status", "submitted_at", "verified_at",
                  "return_reason", "version"]

    def get_unit(self, sheet) -> UnitRefSerializer:
        return _unit(sheet.unit)


class SheetDetailSerializer(SheetSerializer):
    lines = LineSerializer(many=True, read_only=True)

    class Meta(SheetSerializer.Meta):
        fields = [*SheetSerializer.Meta.fields, "lines"]


class GroupSerializer(serializers.ModelSerializer):
    agency = serializers.SerializerMethodField()

    class Meta:
        model = EmulationGroup
        fields = ["id", "kind", "name", "agency", "note", "version"]

    def get_agency(self, g) -> UnitRefSerializer:
        return _unit(g.agency)


class PactTargetSerializer(serializers.Serializer):
    text = serializers.CharField()
    measure = serializers.CharField()


class GroupYearSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    version = serializers.IntegerField(allow_null=True,
                                       help_text="Phiên bản của năm hoạt động (để ghi giao ước)")
    members = UnitRefSerializer(many=True)
    lead = UnitRefSerializer(allow_null=True)
    deputy = UnitRefSerializer(allow_null=True)
    pact_signed_on = serializers.DateField(allow_null=True)
    pact_file_name = serializers.CharField()
    targets = PactTargetSerializer(many=True)


# -- input ---------------------------------------------------------------------------------------
class RoundFilter(serializers.Serializer):
    year = serializers.IntegerField(min_value=1945, max_value=2100, required=False)
    status = serializers.ChoiceField(choices=Round.Status.choices, required=False)


class SheetFilter(serializers.Serializer):
    round = serializers.IntegerField(min_value=1, max_value=MAX_ID, required=False)
    status = serializers.ChoiceField(choices=ScoreSheet.Status.choices, required=False)


class GroupYearFilter(serializers.Serializer):
    year = serializers.IntegerField(min_value=1945, max_value=2100, required=False)


class OpenRoundSerializer(serializers.Serializer):
    scheme = serializers.CharField(max_length=100, help_text="Mã thang điểm (xem /api/scoring/"
                                                             "schemes/)")
    year = serializers.IntegerField(min_value=1945, max_value=2100)
    agency = serializers.CharField(max_length=100, required=False, allow_blank=True,
                                   default="", help_text="Mã đơn vị của cơ quan chấm điểm")
    units = serializers.ListField(child=serializers.CharField(max_length=100), required=False,
                                  default=list, max_length=2000,
                                  help_text="Mã các đơn vị được chấm điểm")
    group = serializers.IntegerField(min_value=1, max_value=MAX_ID, required=False,
                                     allow_null=True, default=None,
                                     help_text="Khối, cụm thi đua (thay cho danh sách đơn vị)")
    plan = serializers.IntegerField(min_value=1, max_value=MAX_ID, required=False,
                                    allow_null=True, default=None)
    name = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    due_on = serializers.DateField(input_formats=DATE_INPUT_FORMATS, required=False,
                                   allow_null=True, default=None)


class ScoreInput(serializers.Serializer):
    criterion = serializers.CharField(max_length=60)
    score = serializers.CharField(max_length=20, allow_null=True, allow_blank=True)
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class SelfScoresSerializer(VersionSerializer):
    lines = ScoreInput(many=True, allow_empty=False, max_length=200)


class VerifyInput(serializers.Serializer):
    criterion = serializers.CharField(max_length=60)
    score = serializers.CharField(max_length=20, allow_null=True, allow_blank=True)
    reason = serializers.CharField(max_length=2000, required=False, allow_blank=True,
                                   default="")


class VerifySerializer(VersionSerializer):
    lines = VerifyInput(many=True, allow_empty=False, max_length=200)


class EvidenceInput(VersionSerializer):
    criterion = serializers.CharField(max_length=60)
    file = serializers.FileField()


class ReturnSerializer(VersionSerializer):
    reason = serializers.CharField(max_length=2000, allow_blank=True)


class ProposeSerializer(serializers.Serializer):
    plan = serializers.IntegerField(min_value=1, max_value=MAX_ID, required=False,
                                    allow_null=True, default=None)


class VoteSerializer(serializers.Serializer):
    voter = serializers.CharField(max_length=100, help_text="Mã đơn vị thành viên bỏ phiếu")
    chosen = serializers.ListField(child=serializers.CharField(max_length=100),
                                   allow_empty=False, max_length=100)


class GroupCreateSerializer(serializers.Serializer):
    agency = serializers.CharField(max_length=100, help_text="Mã đơn vị của cơ quan tổ chức")
    kind = serializers.ChoiceField(choices=EmulationGroup.Kind.choices)
    name = serializers.CharField(max_length=300)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class MembersSerializer(VersionSerializer):
    year = serializers.IntegerField(min_value=1945, max_value=2100)
    units = serializers.ListField(child=serializers.CharField(max_length=100),
                                  allow_empty=False, max_length=500)


class LeadSerializer(VersionSerializer):
    """`version`: the group's (as for its members); the lead changes the group."""

    year = serializers.IntegerField(min_value=1945, max_value=2100)
    lead = serializers.CharField(max_length=100, required=False, allow_blank=True, default="",
                                 help_text="Để trống: đơn vị kế tiếp theo luân phiên")
    deputy = serializers.CharField(max_length=100, required=False, allow_blank=True,
                                   default="")


class PactSerializer(VersionSerializer):
    year = serializers.IntegerField(min_value=1945, max_value=2100)
    signed_on = serializers.DateField(input_formats=DATE_INPUT_FORMATS)
    targets = serializers.ListField(child=serializers.CharField(max_length=2000),
                                    allow_empty=False, max_length=100,
                                    help_text="Mỗi phần tử một chỉ tiêu; mức phấn đấu sau “|”")
    file = serializers.FileField(required=False, allow_null=True, default=None)
