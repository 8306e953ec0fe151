"""API of the compiled registration list and of public comment on accepted nominees.

Thin views over `dienhinh.exemplars.services`, with the scope and the error mapping of
`exemplars_views`: a list, period or comment of an agency outside the user's scope is
"not found" (404); a service refusal answers 400, 403 or 409 (a sent list, a stale
version).
"""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from dienhinh import policy
from dienhinh.exemplars import services
from dienhinh.exemplars.models import CommentPeriod, CompiledList, PublicComment

from . import lists_serializers as s
from .exemplars_views import WRITE, _checked, _filters, _plan, _run
from .views import BAD_REQUEST, NOT_FOUND


class _AgencyScoped(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Objects of a plan: visible to users who may see the plan's agency itself, as on
    the screens (a unit officer below the agency does not see the agency's list)."""

    lookup_value_regex = "[0-9]{1,18}"
    agency_field = "plan__agency"

    def scoped(self, queryset):
        return queryset.filter(**{f"{self.agency_field}__in": policy.units(self.request.user)})


def _detail(clist: CompiledList) -> dict:
    clist.quotas = services.check_list_quotas(clist)
    clist.rows = clist.entries.select_related("subject", "unit__subject").order_by(
        "unit__path", "subject__sort_key", "id")
    return s.CompiledListDetailSerializer(clist).data


@extend_schema_view(
    list=extend_schema(summary="Danh sách đăng ký tổng hợp",
                       parameters=[s.CompiledListFilter],
                       responses={200: s.CompiledListSerializer(many=True), 400: BAD_REQUEST,
                                  404: NOT_FOUND}),
    retrieve=extend_schema(summary="Một danh sách tổng hợp, kèm đối tượng và chỉ tiêu",
                           responses={200: s.CompiledListDetailSerializer, 404: NOT_FOUND}),
)
class CompiledListViewSet(_AgencyScoped):
    serializer_class = s.CompiledListSerializer

    def get_queryset(self):
        qs = self.scoped(CompiledList.objects.select_related("plan__agency", "sent_by"))
        return qs.order_by("plan_id", "-year", "id")

    def filter_queryset(self, queryset):
        if self.action != "list":
            return queryset
        return _filters(s.CompiledListFilter, self.request, queryset)

    def retrieve(self, request, pk=None):
        return Response(_detail(self.get_object()))

    @extend_schema(summary="Tổng hợp (hoặc cập nhật) danh sách của năm", request=s.CompileSerializer,
                   responses={200: s.CompiledListDetailSerializer, **WRITE})
    @action(detail=False, methods=["post"])
    def compile(self, request):
        d = _checked(s.CompileSerializer, request.data)
        plan = _plan(request.user, d["plan"])
        clist = _run(services.compile_list, request.user, plan, d["year"], d["number"],
                     d["place"], d["signer_title"], d["signer_name"], version=d["version"])
        return Response(_detail(self.get_queryset().get(pk=clist.pk)))

    @extend_schema(summary="Ghi nhận đã gửi cấp trên",
                   request=s.SendSerializer,
                   responses={200: s.CompiledListDetailSerializer, **WRITE})
    @action(detail=True, methods=["post"])
    def send(self, request, pk=None):
        clist = self.get_object()
        d = _checked(s.SendSerializer, request.data)
        clist = _run(services.send_list, request.user, clist, d["version"], d["sent_to"],
                     d["sent_on"])
        return Response(_detail(self.get_queryset().get(pk=clist.pk)))


@extend_schema_view(
    list=extend_schema(summary="Các đợt lấy ý kiến nhân dân",
                       parameters=[s.CommentPeriodFilter],
                       responses={200: s.CommentPeriodSerializer(many=True), 400: BAD_REQUEST,
                                  404: NOT_FOUND}),
    retrieve=extend_schema(summary="Một đợt lấy ý kiến",
                           responses={200: s.CommentPeriodSerializer, 404: NOT_FOUND}),
)
class CommentPeriodViewSet(_AgencyScoped):
    serializer_class = s.CommentPeriodSerializer

    def get_queryset(self):
        return (self.scoped(CommentPeriod.objects.prefetch_related("nominations"))
                .order_by("-opens_on", "-id"))

    def filter_queryset(self, queryset):
        if self.action != "list":
            return queryset
        return _filters(s.CommentPeriodFilter, self.request, queryset)

    @extend_schema(summary="Công bố danh sách được chấp nhận để lấy ý kiến", request=s.PublishSerializer,
                   responses={201: s.CommentPeriodSerializer, **WRITE})
    def create(self, request):
        d = _checked(s.PublishSerializer, request.data)
        plan = _plan(request.user, d["plan"])
        period = _run(services.publish_for_comment, request.user, plan, d["year"],
                      d["opens_on"], d["closes_on"], d["title"])
        return Response(s.CommentPeriodSerializer(self.get_queryset().get(pk=period.pk)).data,
                        status=status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(summary="Ý kiến nhân dân (mọi trạng thái)", parameters=[s.PublicCommentFilter],
                       responses={200: s.PublicCommentSerializer(many=True), 400: BAD_REQUEST,
                                  404: NOT_FOUND}),
    retrieve=extend_schema(summary="Một ý kiến",
                           responses={200: s.PublicCommentSerializer, 404: NOT_FOUND}),
)
class PublicCommentViewSet(_AgencyScoped):
    serializer_class = s.PublicCommentSerializer
    agency_field = "period__plan__agency"

    def get_queryset(self):
        return self.scoped(PublicComment.objects.all()).order_by("period_id", "at", "id")

    def filter_queryset(self, queryset):
        if self.action != "list":
            return queryset
        params = _checked(s.PublicCommentFilter, self.request.query_params)
        if params.get("period") is not None:
            queryset = queryset.filter(period_id=params["period"])
        if params.get("status") is not None:
            queryset = queryset.filter(status=params["status"])
        return queryset

    @extend_schema(summary="Duyệt ý kiến: đăng hoặc không đăng",
                   request=s.ModerateSerializer,
                   responses={200: s.PublicCommentSerializer, **WRITE})
    @action(detail=True, methods=["post"])
    def moderate(self, request, pk=None):
        comment = self.get_object()
        d = _checked(s.ModerateSerializer, request.data)
        comment = _run(services.moderate, request.user, comment, d["status"])
        return Response(s.PublicCommentSerializer(comment).data)
