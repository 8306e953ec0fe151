"""API of plans in force, their deadlines, the notifications inbox and feedback.

Thin views over `plans.plan_services` and `notifications.services`: querysets start
from the policy (out of scope is 404), transitions go through the one service
function each, a stale version answers 409.
"""

from __future__ import annotations

from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import exceptions, mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from dienhinh.notifications import services as notes
from dienhinh.notifications.models import Feedback, Notification
from dienhinh.plans import plan_services
from dienhinh.plans.models import Plan, PlanDeadline


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"


def _run(fn, *args, **kwargs):
    """Call a service; a refusal (`workflow.WorkflowError`, `PermissionDenied`) is
    answered by `api.errors.exception_handler`, the one mapping to 400/403/409."""
    return fn(*args, **kwargs)


class PlanTaskSerializer(serializers.Serializer):
    step_id = serializers.CharField()
    label = serializers.CharField()
    responsible_units = serializers.SerializerMethodField()

    def get_responsible_units(self, task) -> list[str]:
        return sorted(u.subject.code for u in task.responsible_units.all())


class PlanSerializer(serializers.ModelSerializer):
    template = serializers.CharField(source="template.template_id")
    agency = serializers.CharField(source="agency.subject.code")
    tasks = PlanTaskSerializer(many=True)

    class Meta:
        model = Plan
        fields = ["id", "number", "issued_on", "title", "template", "agency", "movement",
                  "parent", "parent_reference", "start_year", "end_year", "distribution",
                  "status", "version", "tasks"]


class DeadlineSerializer(serializers.ModelSerializer):
    step_id = serializers.CharField(source="task.step_id")
    label = serializers.CharField(source="task.label")

    class Meta:
        model = PlanDeadline
        fields = ["id", "plan", "step_id", "label", "year", "due", "before", "completed_at"]


class PlanVersionSerializer(serializers.Serializer):
    version = serializers.IntegerField(min_value=1, max_value=2**31 - 1)


class DeadlineFilter(serializers.Serializer):
    year = serializers.IntegerField(required=False, min_value=1900, max_value=2999)
    plan = serializers.IntegerField(required=False, min_value=1, max_value=2**62)


class NotificationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Notification
        fields = ["id", "subject", "body", "url", "created_at", "read_at"]


class FeedbackSerializer(serializers.ModelSerializer):
    unit = serializers.CharField(source="unit.subject.code")
    office_unit = serializers.CharField(source="office_unit.subject.code")
    messages = serializers.SerializerMethodField()

    class Meta:
        model = Feedback
        fields = ["id", "unit", "office_unit", "subject", "status", "version", "created_at",
                  "updated_at", "messages"]

    def get_messages(self, f) -> list[dict]:
        return [{"from_office": m.from_office, "body": m.body, "created_at": m.created_at}
                for m in f.messages.all()]


NOT_FOUND = OpenApiResponse(description="Không tìm thấy hoặc ngoài phạm vi")
BAD_REQUEST = OpenApiResponse(description="Tham số không hợp lệ")
CONFLICT = OpenApiResponse(description="Đã bị người khác thay đổi")
TRANSITION = extend_schema(request=PlanVersionSerializer, responses={
    200: PlanSerializer, 400: OpenApiResponse(description="Không được chuyển trạng thái hoặc dữ "
                                                          "liệu sai"),
    403: OpenApiResponse(description="Không có quyền"), 404: NOT_FOUND,
    409: CONFLICT})


@extend_schema_view(
    list=extend_schema(summary="Kế hoạch trong phạm vi",
                       responses={200: PlanSerializer(many=True), 400: BAD_REQUEST,
                                  404: NOT_FOUND}),
    retrieve=extend_schema(summary="Một kế hoạch",
                           responses={200: PlanSerializer, 400: BAD_REQUEST, 404: NOT_FOUND}),
)
class PlanViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = PlanSerializer

    def get_queryset(self):
        return plan_services.visible_plans(self.request.user).select_related(
            "template", "agency__subject").prefetch_related(
            "tasks__responsible_units__subject").order_by("-issued_on", "id")

    def _transition(self, request, fn):
        plan = self.get_object()
        data = PlanVersionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        _run(fn, request.user, plan, data.validated_data["version"])
        return Response(PlanSerializer(self.get_queryset().get(pk=plan.pk)).data)

    @TRANSITION
    @action(detail=True, methods=["post"], url_path="put-in-force")
    def put_in_force(self, request, pk=None):
        return self._transition(request, plan_services.put_in_force)

    @TRANSITION
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        return self._transition(request, plan_services.close_plan)


@extend_schema_view(list=extend_schema(
    summary="Các hạn liên quan", parameters=[DeadlineFilter],
    responses={200: DeadlineSerializer(many=True), 400: BAD_REQUEST, 404: NOT_FOUND}))
class DeadlineViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    serializer_class = DeadlineSerializer

    def get_queryset(self):
        qs = plan_services.relevant_deadlines(self.request.user).order_by("due", "id")
        params = DeadlineFilter(data=self.request.query_params)
        params.is_valid(raise_exception=True)
        for key, value in params.validated_data.items():
            qs = qs.filter(**{key: value})
        return qs


@extend_schema_view(list=extend_schema(
    summary="Hộp thông báo",
    responses={200: NotificationSerializer(many=True), 400: BAD_REQUEST, 404: NOT_FOUND}))
class NotificationViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    serializer_class = NotificationSerializer
    queryset = Notification.objects.none()  # for the schema; get_queryset is per user

    def get_queryset(self):
        return Notification.objects.filter(user=self.request.user).order_by("-created_at", "-id")

    @extend_schema(request=None, responses={200: NotificationSerializer, 404: NOT_FOUND,
                                            400: BAD_REQUEST},
                   parameters=[OpenApiParameter("id", int, OpenApiParameter.PATH)])
    @action(detail=True, methods=["post"])
    def read(self, request, pk=None):
        note = self.get_object()
        notes.mark_read(request.user, note)
        note.refresh_from_db()
        return Response(NotificationSerializer(note).data)


@extend_schema_view(
    list=extend_schema(summary="Phản ánh trong phạm vi",
                       responses={200: FeedbackSerializer(many=True), 400: BAD_REQUEST,
                                  404: NOT_FOUND}),
    retrieve=extend_schema(responses={200: FeedbackSerializer, 400: BAD_REQUEST,
                                      404: NOT_FOUND}),
)
class FeedbackViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = FeedbackSerializer

    def get_queryset(self):
        return notes.visible_feedback(self.request.user).select_related(
            "unit__subject", "office_unit__subject").prefetch_related("messages").order_by(
            "-updated_at", "-id")
