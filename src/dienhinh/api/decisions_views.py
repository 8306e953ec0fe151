"""API of decisions (read only): number, status, recognitions with their bonuses and
whether each still holds, and the certificate's public verify URL. Decisions outside
the user's scope are "not found" (404). Writes go through the screens for now.

URL names: api-decision-list, api-decision-detail.
"""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets

from dienhinh.decisions import rewards, services
from dienhinh.decisions.models import Decision, Recognition

from .views import NOT_FOUND


class RecognitionSerializer(serializers.ModelSerializer):
    subject = serializers.CharField(source="subject.code")
    subject_name = serializers.CharField(source="subject.name")
    revoked_by = serializers.CharField(source="revoked_by.number", allow_null=True,
                                       default=None)

    class Meta:
        model = Recognition
        fields = ["id", "position", "subject", "subject_name", "bonus", "base_salary",
                  "multiple", "rule_set", "bonus_warning", "revoked_by", "recover_amount"]


class DecisionSerializer(serializers.ModelSerializer):
    agency = serializers.CharField(source="agency.code")
    supersedes = serializers.CharField(source="supersedes.number", allow_null=True,
                                       default=None)
    revokes = serializers.CharField(source="revokes.number", allow_null=True, default=None)
    recognitions = RecognitionSerializer(many=True, read_only=True)
    bonus_total = serializers.SerializerMethodField(
        help_text="Tổng tiền thưởng (chỉ khi xem một quyết định): dự thảo tính theo quy định "
                  "đang áp dụng, kèm cảnh báo cho hình thức chưa có mức thưởng")

    class Meta:
        model = Decision
        fields = ["id", "agency", "number", "status", "kind", "level", "year", "title",
                  "signed_on", "reward_code", "reward_issuer", "supersedes", "revokes",
                  "published_at", "recognitions", "bonus_total"]

    def get_bonus_total(self, obj) -> dict | None:
        # One decision only: the list stays one query per table, whatever its length.
        view = self.context.get("view")
        if getattr(view, "action", None) != "retrieve":
            return None
        total = rewards.decision_total(obj)
        return {"amount": total.amount, "complete": total.complete,
                "warnings": total.warnings}


@extend_schema_view(
    list=extend_schema(summary="Quyết định", parameters=[
        OpenApiParameter("year", int, description="Năm thành tích")]),
    retrieve=extend_schema(summary="Một quyết định", responses={
        200: DecisionSerializer, 404: NOT_FOUND}),
)
class DecisionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin,
                      viewsets.GenericViewSet):
    serializer_class = DecisionSerializer
    lookup_value_regex = "[0-9]{1,9}"

    def get_queryset(self):
        qs = services.visible_decisions(self.request.user).select_related(
            "agency__subject", "supersedes", "revokes").prefetch_related(
            "recognitions__subject", "recognitions__revoked_by").order_by("-id")
        year = self.request.query_params.get("year", "")
        if self.action == "list" and year:
            qs = qs.filter(year=int(year)) if year.isdigit() and len(year) == 4 else qs.none()
        return qs
