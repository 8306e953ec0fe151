"""API endpoints: thin views over `dienhinh.policy` (scope) and `ledger.services` (writes).

Every queryset starts from the policy, so an object outside the user's scope is
"not found" (404) exactly like one that does not exist; an object the user may see
but not change answers 403.
"""

from __future__ import annotations

from django.db import transaction
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import exceptions, status, viewsets
from rest_framework.response import Response

from dienhinh import policy
from dienhinh.catalogue.models import AchievementCode, InitiativeLevel, Issuer
from dienhinh.ledger import services as ledger
from dienhinh.ledger.models import Achievement
from dienhinh.orgs import search

from . import serializers as s
from .errors import conflict


def _params(serializer_class, request) -> dict:
    """Query parameters checked by a serializer: a bad one answers 400, never 500."""
    params = serializer_class(data=request.query_params)
    params.is_valid(raise_exception=True)
    return params.validated_data


def _no_nul(code: str) -> str:
    # PostgreSQL cannot compare text with NUL characters; such a code names nothing.
    if "\x00" in code:
        raise exceptions.NotFound()
    return code


def _search(queryset, q: str):
    return queryset.filter(search.matching(q, "subject__", every_word=False))


NOT_FOUND = OpenApiResponse(description="Không tìm thấy hoặc ngoài phạm vi")
BAD_REQUEST = OpenApiResponse(description="Dữ liệu không hợp lệ: trường và lý do")
FORBIDDEN = OpenApiResponse(description="Không có quyền")
RECORD_ID = OpenApiParameter("id", int, OpenApiParameter.PATH,
                             description="Số hiệu bản ghi")
CONFLICT = OpenApiResponse(description="Bản ghi đã bị người khác sửa (phiên bản cũ)")


class SubjectByCodeViewSet(viewsets.ReadOnlyModelViewSet):
    """Units and people are addressed by their contract code, never by database id."""

    lookup_field = "code"
    lookup_value_regex = "[^/]+"

    def get_object(self):
        code = _no_nul(self.kwargs["code"])
        return get_object_or_404(self.get_queryset(), subject__code=code)


def _unit_in_scope(user, code):
    code = _no_nul(code)
    anchor = policy.units(user).filter(subject__code=code).first()
    if anchor is None:
        raise exceptions.NotFound(_(
            "Không tìm thấy đơn vị %(code)s."
        ) % {"code": code})
    return anchor


@extend_schema_view(
    list=extend_schema(
        summary="Danh sách đơn vị",
        description="Các đơn vị trong phạm vi của người dùng.",
        parameters=[s.UnitFilter], responses={200: s.UnitSerializer(many=True), 400: BAD_REQUEST,
                                              404: NOT_FOUND},
    ),
    retrieve=extend_schema(summary="Một đơn vị",
                           responses={200: s.UnitSerializer, 404: NOT_FOUND}),
)
class UnitViewSet(SubjectByCodeViewSet):
    serializer_class = s.UnitSerializer

    def get_queryset(self):
        return (
            policy.units(self.request.user)
            .select_related("subject", "parent__subject")
            .order_by("subject__sort_key", "subject__code")
        )

    def filter_queryset(self, queryset):
        if self.action != "list":
            return queryset
        params = _params(s.UnitFilter, self.request)
        if params.get("q"):
            queryset = _search(queryset, params["q"])
        if params.get("kind"):
            queryset = queryset.filter(kind=params["kind"])
        if params.get("under"):
            anchor = _unit_in_scope(self.request.user, params["under"])
            queryset = queryset.filter(path__startswith=anchor.path)
        return queryset


@extend_schema_view(
    list=extend_schema(
        summary="Danh sách cá nhân",
        description="Xếp theo tên tiếng Việt (tên, họ, tên đệm).",
        parameters=[s.PersonFilter],
        responses={200: s.PersonSerializer(many=True), 400: BAD_REQUEST, 404: NOT_FOUND},
    ),
    retrieve=extend_schema(summary="Một cá nhân",
                           responses={200: s.PersonSerializer, 404: NOT_FOUND}),
)
class PersonViewSet(SubjectByCodeViewSet):
    serializer_class = s.PersonSerializer

    def get_queryset(self):
        return (
            policy.people(self.request.user)
            .select_related("subject", "unit__subject")
            .order_by("subject__sort_key", "subject__code")
        )

    def filter_queryset(self, queryset):
        if self.action != "list":
            return queryset
        params = _params(s.PersonFilter, self.request)
        if params.get("q"):
            queryset = _search(queryset, params["q"])
        if params.get("position"):
            queryset = queryset.filter(position=params["position"])
        if params.get("unit"):
            anchor = _unit_in_scope(self.request.user, params["unit"])
            queryset = queryset.filter(unit__path__startswith=anchor.path)
        return queryset


@extend_schema_view(
    list=extend_schema(
        summary="Sổ thành tích",
        parameters=[s.AchievementFilter],
        responses={200: s.AchievementSerializer(many=True), 400: BAD_REQUEST,
                   404: NOT_FOUND},
    ),
    retrieve=extend_schema(summary="Một bản ghi thành tích",
                           parameters=[RECORD_ID], responses={200: s.AchievementSerializer, 404: NOT_FOUND}),
    create=extend_schema(
        summary="Thêm bản ghi thành tích",
        responses={201: s.AchievementSerializer, 400: BAD_REQUEST, 403: FORBIDDEN,
                   409: CONFLICT},
    ),
    update=extend_schema(
        summary="Sửa bản ghi (kèm version)",
        parameters=[RECORD_ID],
        responses={200: s.AchievementSerializer, 400: BAD_REQUEST, 403: FORBIDDEN,
                   404: NOT_FOUND, 409: CONFLICT},
    ),
    partial_update=extend_schema(
        summary="Sửa một phần bản ghi (kèm version)",
        parameters=[RECORD_ID],
        responses={200: s.AchievementSerializer, 400: BAD_REQUEST, 403: FORBIDDEN,
                   404: NOT_FOUND, 409: CONFLICT},
    ),
    destroy=extend_schema(
        summary="Xóa bản ghi (kèm ?version=)",
        parameters=[RECORD_ID, s.VersionParam],
        responses={204: None, 400: BAD_REQUEST, 403: FORBIDDEN, 404: NOT_FOUND, 409: CONFLICT},
    ),
)
class AchievementViewSet(viewsets.ModelViewSet):
    serializer_class = s.AchievementSerializer
    lookup_value_regex = "[0-9]{1,18}"

    def get_queryset(self):
        return policy.filter_by_subject(
            self.request.user,
            Achievement.objects.select_related(
                "subject__unit", "subject__person__unit", "code", "issuer_unit__subject"
            ),
        ).order_by("subject__sort_key", "subject__code", "year", "kind", "code", "id")

    def filter_queryset(self, queryset):
        if self.action != "list":
            return queryset
        params = _params(s.AchievementFilter, self.request)
        if params.get("subject"):
            queryset = queryset.filter(subject__code=params["subject"])
        if params.get("year") is not None:
            queryset = queryset.filter(year=params["year"])
        if params.get("kind"):
            queryset = queryset.filter(kind=params["kind"])
        if params.get("code"):
            queryset = queryset.filter(code_id=params["code"])
        return queryset

    def _editable_object(self) -> Achievement:
        achievement = self.get_object()
        if not policy.can(self.request.user, "edit_ledger", achievement.subject):
            raise exceptions.PermissionDenied(_(
                "Bạn không có quyền sửa sổ thành tích của đối tượng này."
            ))
        return achievement

    def _current(self, pk):
        stored = self.get_queryset().filter(pk=pk).first()
        return s.AchievementSerializer(stored).data if stored else None

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            with transaction.atomic():
                # The service writes the audit entry in this same transaction.
                achievement = ledger.add_achievement(
                    serializer.validated_data["achievement"], actor=request.user
                )
        except ledger.DuplicateRecord as exc:
            return conflict(str(exc))
        stored = self.get_queryset().get(pk=achievement.pk)
        return Response(s.AchievementSerializer(stored).data, status=status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        partial = kwargs.pop("partial", False)
        achievement = self._editable_object()
        serializer = self.get_serializer(achievement, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        try:
            with transaction.atomic():
                ledger.correct_achievement(
                    serializer.validated_data["achievement"],
                    serializer.validated_data["version"], actor=request.user,
                )
        except (ledger.StaleRecord, ledger.DuplicateRecord) as exc:
            return conflict(str(exc), self._current(achievement.pk))
        stored = self.get_queryset().get(pk=achievement.pk)
        return Response(s.AchievementSerializer(stored).data)

    def destroy(self, request, *args, **kwargs):
        achievement = self._editable_object()
        version = _params(s.VersionParam, request)["version"]
        try:
            with transaction.atomic():
                ledger.delete_achievement(achievement, version, actor=request.user)
        except ledger.StaleRecord as exc:
            return conflict(str(exc), self._current(achievement.pk))
        return Response(status=status.HTTP_204_NO_CONTENT)


class _CatalogueViewSet(viewsets.ReadOnlyModelViewSet):
    """The catalogue is small and the same for everyone: no pagination, no scope."""

    pagination_class = None
    lookup_field = "code"
    lookup_value_regex = "[^/]+"

    def get_object(self):
        return get_object_or_404(self.get_queryset(), code=_no_nul(self.kwargs["code"]))


@extend_schema_view(
    list=extend_schema(summary="Mã thành tích"),
    retrieve=extend_schema(summary="Một mã thành tích",
                           responses={200: s.AchievementCodeSerializer, 404: NOT_FOUND}),
)
class AchievementCodeViewSet(_CatalogueViewSet):
    serializer_class = s.AchievementCodeSerializer
    queryset = AchievementCode.objects.order_by("order", "code")


@extend_schema_view(
    list=extend_schema(summary="Cấp khen thưởng"),
    retrieve=extend_schema(summary="Một cấp khen thưởng",
                           responses={200: s.IssuerSerializer, 404: NOT_FOUND}),
)
class IssuerViewSet(_CatalogueViewSet):
    serializer_class = s.IssuerSerializer
    queryset = Issuer.objects.order_by("order", "code")


@extend_schema_view(
    list=extend_schema(summary="Cấp sáng kiến"),
    retrieve=extend_schema(summary="Một cấp sáng kiến",
                           responses={200: s.InitiativeLevelSerializer, 404: NOT_FOUND}),
)
class InitiativeLevelViewSet(_CatalogueViewSet):
    serializer_class = s.InitiativeLevelSerializer
    queryset = InitiativeLevel.objects.order_by("order", "code")

