"""API of registrations, fostering plans and nominations, and their transitions.

Thin views over `dienhinh.exemplars.services`. Objects outside the user's scope are
"not found" (404); a service refusal answers 400 (bad request: the rule and its
reason), 403 (not allowed) or 409 (the state or the version does not allow it).
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import exceptions, mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response

from dienhinh import policy
from dienhinh.exemplars import services
from dienhinh.exemplars.models import FosteringPlan, Nomination, Registration
from dienhinh.exemplars.views import plan_visible
from dienhinh.plans.models import Plan

from . import exemplars_serializers as s
from .views import BAD_REQUEST, FORBIDDEN, NOT_FOUND

CONFLICT = OpenApiResponse(description="Trạng thái hoặc phiên bản không cho phép")
WRITE = {400: BAD_REQUEST, 403: FORBIDDEN, 404: NOT_FOUND, 409: CONFLICT}


def _checked(serializer_class, data):
    serializer = serializer_class(data=data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def _run(fn, *args, **kwargs):
    """Call a service; a refusal (`workflow.WorkflowError`, `PermissionDenied`) is
    answered by `api.errors.exception_handler`, the one mapping to 400/403/409."""
    return fn(*args, **kwargs)


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"


def _field_error(field, message):
    return exceptions.ValidationError({field: [message]})


def _plan(user, pk) -> Plan:
    plan = Plan.objects.select_related("agency__subject").filter(pk=pk,
                                                                 status=Plan.IN_FORCE).first()
    if plan is None or not plan_visible(user, plan):
        raise _field_error("plan", _("Không tìm thấy kế hoạch đang thực hiện."))
    return plan


def _unit(user, code):
    unit = policy.units(user).select_related("subject").filter(subject__code=code).first()
    if unit is None:
        raise _field_error("unit", _("Không tìm thấy đơn vị trong phạm vi."))
    return unit


def _subject(user, code):
    subject = policy.subjects(user).filter(code=code).first()
    if subject is None:
        raise _field_error("subject", _("Không tìm thấy đối tượng trong phạm vi."))
    return subject


def _filters(serializer_class, request, queryset):
    params = _checked(serializer_class, request.query_params)
    for key in ("year", "status"):
        if params.get(key) is not None:
            queryset = queryset.filter(**{key: params[key]})
    if params.get("plan") is not None:
        queryset = queryset.filter(plan_id=params["plan"])
    return queryset


class _Scoped(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    lookup_value_regex = "[0-9]{1,18}"
    unit_field = "unit"

    def scoped(self, queryset):
        return queryset.filter(**{f"{self.unit_field}__in": policy.units(self.request.user)})


@extend_schema_view(
    list=extend_schema(summary="Đăng ký xây dựng điển hình",
                       parameters=[s.RegistrationFilter],
                       responses={200: s.RegistrationSerializer(many=True), 400: BAD_REQUEST,
                                  404: NOT_FOUND}),
    retrieve=extend_schema(summary="Một đăng ký",
                           responses={200: s.RegistrationSerializer, 404: NOT_FOUND}),
)
class RegistrationViewSet(_Scoped):
    serializer_class = s.RegistrationSerializer

    def get_queryset(self):
        qs = self.scoped(Registration.objects.select_related("subject", "unit__subject"))
        return qs.order_by("plan_id", "year", "unit__path", "subject__sort_key", "id")

    def filter_queryset(self, queryset):
        if self.action != "list":
            return queryset
        return _filters(s.RegistrationFilter, self.request, queryset)

    @extend_schema(summary="Đăng ký một đối tượng",
                   request=s.RegistrationCreateSerializer,
                   responses={201: s.RegistrationCreatedSerializer, **WRITE})
    def create(self, request):
        d = _checked(s.RegistrationCreateSerializer, request.data)
        user = request.user
        plan = _plan(user, d["plan"])
        unit, subject = _unit(user, d["unit"]), _subject(user, d["subject"])
        reg, checks = _run(services.register, user, plan, d["year"], unit, subject,
                           source=d["source"], note=d["note"])
        reg = self.get_queryset().get(pk=reg.pk)
        return Response({"registration": s.RegistrationSerializer(reg).data,
                         "quotas": s.QuotaSerializer(checks, many=True).data},
                        status=status.HTTP_201_CREATED)

    @extend_schema(summary="Rút đăng ký", request=s.VersionSerializer,
                   responses={200: s.RegistrationSerializer, **WRITE})
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        reg = self.get_object()
        d = _checked(s.VersionSerializer, request.data)
        reg = _run(services.withdraw, request.user, reg, d["version"])
        return Response(s.RegistrationSerializer(self.get_queryset().get(pk=reg.pk)).data)


@extend_schema_view(
    list=extend_schema(summary="Kế hoạch bồi dưỡng",
                       responses={200: s.FosteringSerializer(many=True), 400: BAD_REQUEST,
                                  404: NOT_FOUND}),
    retrieve=extend_schema(summary="Một kế hoạch bồi dưỡng",
                           responses={200: s.FosteringSerializer, 404: NOT_FOUND}),
)
class FosteringViewSet(_Scoped):
    serializer_class = s.FosteringSerializer
    unit_field = "registration__unit"

    def get_queryset(self):
        return self.scoped(FosteringPlan.objects.select_related(
            "registration__subject", "leader__subject").prefetch_related("actions", "notes")
        ).order_by("-id")

    def _out(self, fp, code=status.HTTP_200_OK):
        return Response(s.FosteringSerializer(self.get_queryset().get(pk=fp.pk)).data,
                        status=code)

    @extend_schema(summary="Lập kế hoạch bồi dưỡng",
                   request=s.FosteringCreateSerializer,
                   responses={201: s.FosteringSerializer, **WRITE})
    def create(self, request):
        d = _checked(s.FosteringCreateSerializer, request.data)
        reg = Registration.objects.filter(pk=d["registration"],
                                          unit__in=policy.units(request.user)).first()
        if reg is None:
            raise _field_error("registration", _("Không tìm thấy đăng ký."))
        leader = None
        if d["leader"]:
            leader = policy.people(request.user).filter(subject__code=d["leader"]).first()
            if leader is None:
                raise _field_error("leader", _("Không tìm thấy cá nhân."))
        fp = _run(services.create_fostering, request.user, reg, leader, d["goal"])
        return self._out(fp, status.HTTP_201_CREATED)

    @extend_schema(summary="Đánh giá lại tiêu chí còn thiếu",
                   request=s.VersionSerializer, responses={200: s.FosteringSerializer, **WRITE})
    @action(detail=True, methods=["post"], url_path="refresh-gaps")
    def refresh_gaps(self, request, pk=None):
        fp = self.get_object()
        d = _checked(s.VersionSerializer, request.data)
        return self._out(_run(services.refresh_gaps, request.user, fp, d["version"]))

    @extend_schema(summary="Thêm việc bồi dưỡng",
                   request=s.ActionCreateSerializer,
                   responses={200: s.FosteringSerializer, **WRITE})
    @action(detail=True, methods=["post"])
    def actions(self, request, pk=None):
        fp = self.get_object()
        d = _checked(s.ActionCreateSerializer, request.data)
        _run(services.add_action, request.user, fp, d["text"], d["due_on"])
        return self._out(fp)

    @extend_schema(summary="Kết thúc bồi dưỡng", request=s.VersionSerializer,
                   responses={200: s.FosteringSerializer, **WRITE})
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        fp = self.get_object()
        d = _checked(s.VersionSerializer, request.data)
        return self._out(_run(services.close_fostering, request.user, fp, d["version"]))


def _transition_schema(summary, request=s.VersionSerializer):
    return extend_schema(summary=summary, request=request,
                         responses={200: s.NominationSerializer, **WRITE})


@extend_schema_view(
    list=extend_schema(summary="Hồ sơ đề nghị", parameters=[s.NominationFilter],
                       responses={200: s.NominationSerializer(many=True), 400: BAD_REQUEST,
                                  404: NOT_FOUND}),
    retrieve=extend_schema(summary="Một hồ sơ",
                           responses={200: s.NominationSerializer, 404: NOT_FOUND}),
)
class NominationViewSet(_Scoped):
    serializer_class = s.NominationSerializer

    def get_queryset(self):
        return self.scoped(Nomination.objects.select_related("subject", "unit__subject")
                           .prefetch_related("files")).order_by("-id")

    def filter_queryset(self, queryset):
        if self.action != "list":
            return queryset
        return _filters(s.NominationFilter, self.request, queryset)

    def _out(self, nom, code=status.HTTP_200_OK):
        return Response(s.NominationSerializer(self.get_queryset().get(pk=nom.pk)).data,
                        status=code)

    @extend_schema(summary="Lập hồ sơ đề nghị",
                   request=s.NominationCreateSerializer,
                   responses={201: s.NominationSerializer, **WRITE})
    def create(self, request):
        d = _checked(s.NominationCreateSerializer, request.data)
        user = request.user
        plan = _plan(user, d["plan"])
        unit, subject = _unit(user, d["unit"]), _subject(user, d["subject"])
        nom = _run(services.create_nomination, user, plan, d["year"], unit, subject, d["level"],
                   d["summary"])
        return self._out(nom, status.HTTP_201_CREATED)

    @_transition_schema("Sửa hồ sơ (kèm version)",
                        s.NominationUpdateSerializer)
    @action(detail=True, methods=["post"])
    def edit(self, request, pk=None):
        nom = self.get_object()
        d = _checked(s.NominationUpdateSerializer, request.data)
        return self._out(_run(services.update_nomination, request.user, nom, d["version"],
                              d["summary"], d["level"]))

    @extend_schema(summary="Tải tài liệu vào hồ sơ",
                   request={"multipart/form-data": s.UploadSerializer},
                   responses={200: s.NominationSerializer, **WRITE})
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser])
    def files(self, request, pk=None):
        nom = self.get_object()
        d = _checked(s.UploadSerializer, request.data)
        _run(services.add_file, request.user, nom, d["version"], d["document_kind"],
             d["file"])
        return self._out(nom)

    @_transition_schema("Đánh giá lại tiêu chí")
    @action(detail=True, methods=["post"], url_path="refresh-snapshot")
    def refresh_snapshot(self, request, pk=None):
        nom = self.get_object()
        d = _checked(s.VersionSerializer, request.data)
        return self._out(_run(services.refresh_snapshot, request.user, nom, d["version"]))

    @_transition_schema("Gửi thẩm định")
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        nom = self.get_object()
        d = _checked(s.VersionSerializer, request.data)
        return self._out(_run(services.submit, request.user, nom, d["version"]))

    @_transition_schema("Phiếu thẩm định", s.AppraiseSerializer)
    @action(detail=True, methods=["post"])
    def appraise(self, request, pk=None):
        nom = self.get_object()
        d = _checked(s.AppraiseSerializer, request.data)
        return self._out(_run(services.appraise, request.user, nom, d["version"],
                              dict(d["checklist"]), d["comments"]))

    @_transition_schema("Trả lại để bổ sung", s.CommentsSerializer)
    @action(detail=True, methods=["post"], url_path="return")
    def return_(self, request, pk=None):
        nom = self.get_object()
        d = _checked(s.CommentsSerializer, request.data)
        return self._out(_run(services.return_nomination, request.user, nom, d["version"],
                              d["comments"]))

    @_transition_schema("Chấp nhận", s.AcceptSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        nom = self.get_object()
        d = _checked(s.AcceptSerializer, request.data)
        return self._out(_run(services.accept, request.user, nom, d["version"],
                              d["override_reason"]))

    @_transition_schema("Không chấp nhận", s.CommentsSerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        nom = self.get_object()
        d = _checked(s.CommentsSerializer, request.data)
        return self._out(_run(services.reject, request.user, nom, d["version"], d["comments"]))


