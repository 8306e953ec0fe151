"""API of review reports (issue 13, Deliver 6): the figures of a plan, scope and period
(the same numbers the DOCX and the XLSX carry), the files themselves, who reported, and
units' reports (read, write their text, submit).

Thin views over `reports.generate` and `reports.services`: the scope is checked against
the policy (out of reach → 403 with a Vietnamese message), a period outside the plan or
an unknown plan or unit → 400, a stale version → 409.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpResponse
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import exceptions, mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from dienhinh import policy
from dienhinh.reports import figures, generate, services
from dienhinh.reports.documents import SECTION_KEYS
from dienhinh.reports.models import UnitReport
from dienhinh.reports.periods import PeriodError, period_for, resolve_plan

NOT_FOUND = OpenApiResponse(description="Không tìm thấy")
BAD_REQUEST = OpenApiResponse(description="Tham số không hợp lệ")
FORBIDDEN = OpenApiResponse(description="Ngoài phạm vi được giao")
CONFLICT = OpenApiResponse(description="Đã bị người khác thay đổi")


class ReviewQuery(serializers.Serializer):
    plan = serializers.CharField(max_length=100, help_text="Mã mẫu kế hoạch hoặc số hiệu kế hoạch")
    scope = serializers.CharField(max_length=64, help_text="Mã đơn vị")
    year = serializers.IntegerField(min_value=1945, max_value=2100)
    # The parameter is `from`, as on the command line; a keyword in Python, so it is
    # validated under the name `start` (`_query`).
    start = serializers.IntegerField(min_value=1945, max_value=2100, required=False,
                                     help_text="Năm đầu kỳ (tham số from)")
    # Not `format`: DRF reads that one as the renderer override.
    output = serializers.ChoiceField(choices=["json", "docx", "xlsx"], default="json",
                                     help_text="json, hoặc tệp docx / xlsx")


class StatusQuery(serializers.Serializer):
    plan = serializers.IntegerField(min_value=1)
    year = serializers.IntegerField(min_value=1945, max_value=2100)
    start = serializers.IntegerField(min_value=1945, max_value=2100, required=False)


def _query(request, serializer_class):
    data = dict(request.query_params.items())
    if "from" in data:
        data["start"] = data.pop("from")
    s = serializer_class(data=data)
    s.is_valid(raise_exception=True)
    return s.validated_data


def _refuse(exc: Exception):
    if isinstance(exc, PeriodError):
        raise exceptions.ValidationError({"detail": str(exc)})
    raise exc


class ReviewViewSet(viewsets.ViewSet):
    """`GET /api/reports/review/?plan=&scope=&year=[&from=][&output=json|docx|xlsx]`."""

    @extend_schema(summary="Số liệu báo cáo sơ kết, tổng kết",
                   parameters=[ReviewQuery], responses={200: OpenApiResponse(
                       description="Số liệu theo đơn vị, lĩnh vực, năm; hoặc tệp DOCX/XLSX"),
                       400: BAD_REQUEST, 403: FORBIDDEN})
    def list(self, request):
        q = _query(request, ReviewQuery)
        try:
            scope = generate.find_scope(q["scope"])
            plan = resolve_plan(q["plan"], scope)
            period = period_for(plan, q["year"], q.get("start"))
        except PeriodError as exc:
            _refuse(exc)
        if not (policy.can(request.user, "review_reports", scope)
                or policy.can(request.user, "write_report", scope)):
            raise PermissionDenied(_("Đơn vị nằm ngoài phạm vi được giao."))
        if q["output"] != "json":
            result = generate.render(plan, scope, period, q["output"],
                                     **services.rollup(plan, scope, period))
            response = HttpResponse(result.content, content_type=result.content_type)
            response["Content-Disposition"] = f'attachment; filename="{result.filename}"'
            return response
        fig = figures.compute(plan, scope, period)
        return Response({"plan": plan.pk, "plan_number": plan.number,
                         "scope": scope.code, "scope_name": scope.name,
                         "period_label": period.label, **fig.as_dict()})

    @extend_schema(summary="Tình hình gửi báo cáo của các đơn vị",
                   parameters=[StatusQuery], responses={200: OpenApiResponse(
                       description="Mỗi đơn vị: trạng thái, hạn, ngày gửi"),
                       400: BAD_REQUEST, 403: FORBIDDEN, 404: NOT_FOUND})
    @action(detail=False, methods=["get"])
    def status(self, request):
        from dienhinh.plans.models import Plan

        q = _query(request, StatusQuery)
        plan = Plan.objects.exclude(status=Plan.DRAFT).filter(pk=q["plan"]).first()
        if plan is None:
            raise exceptions.NotFound(_("Không có kế hoạch này."))
        if not services.may_review(request.user, plan):
            raise PermissionDenied(_("Đơn vị nằm ngoài phạm vi được giao."))
        try:
            period = period_for(plan, q["year"], q.get("start"))
        except PeriodError as exc:
            _refuse(exc)
        return Response({"plan": plan.pk, "period": period.key, "units": [
            {"unit": r.unit.code, "name": r.unit.name, "state": r.state, "label": r.label,
             "due": r.due, "report": r.report.pk if r.report else None,
             "submitted_at": r.report.submitted_at if r.report else None}
            for r in services.status_rows(plan, period)]})


class UnitReportSerializer(serializers.ModelSerializer):
    plan_number = serializers.CharField(source="plan.number", read_only=True)
    unit = serializers.CharField(source="unit.subject.code", read_only=True)
    unit_name = serializers.CharField(source="unit.subject.name", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = UnitReport
        fields = ("id", "plan", "plan_number", "unit", "unit_name", "start_year", "end_year",
                  *SECTION_KEYS, "signer_title", "signer_name", "status", "status_label", "due_on", "submitted_at", "late",
                  "figures", "sha256", "version")
        read_only_fields = fields


class SectionsSerializer(serializers.Serializer):
    version = serializers.IntegerField(min_value=1, max_value=2**31 - 1)
    situation = serializers.CharField(max_length=20000, required=False, allow_blank=True)
    results = serializers.CharField(max_length=20000, required=False, allow_blank=True)
    shortcomings = serializers.CharField(max_length=20000, required=False, allow_blank=True)
    proposals = serializers.CharField(max_length=20000, required=False, allow_blank=True)
    signer_title = serializers.CharField(max_length=200, required=False, allow_blank=True)
    signer_name = serializers.CharField(max_length=200, required=False, allow_blank=True)


class UnitReportVersionSerializer(serializers.Serializer):
    version = serializers.IntegerField(min_value=1, max_value=2**31 - 1)


@extend_schema_view(
    list=extend_schema(summary="Báo cáo của các đơn vị",
                       responses={200: UnitReportSerializer(many=True)}),
    retrieve=extend_schema(summary="Một báo cáo",
                           responses={200: UnitReportSerializer, 404: NOT_FOUND}),
)
class UnitReportViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin,
                        viewsets.GenericViewSet):
    serializer_class = UnitReportSerializer

    def get_queryset(self):
        user = self.request.user
        qs = UnitReport.objects.select_related("plan", "unit__subject").order_by(
            "-end_year", "id")
        if getattr(user, "is_superuser", False):
            return qs
        own = policy.units(user, "write_report").values("pk")
        agencies = policy.units(user, "review_reports").values("pk")
        return qs.filter(Q(unit__in=own) | Q(plan__agency__in=agencies)
                         | Q(unit__in=policy.units(user, "review_reports").values("pk")))

    @extend_schema(summary="Sửa nội dung báo cáo",
                   request=SectionsSerializer, responses={200: UnitReportSerializer,
                                                          400: BAD_REQUEST, 403: FORBIDDEN,
                                                          404: NOT_FOUND, 409: CONFLICT})
    @action(detail=True, methods=["post"])
    def sections(self, request, pk=None):
        report = self.get_object()
        data = SectionsSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        d = dict(data.validated_data)
        version = d.pop("version")
        report = services.save(request.user, report, version, **d)
        return Response(UnitReportSerializer(report).data)

    @extend_schema(summary="Gửi báo cáo", request=UnitReportVersionSerializer,
                   responses={200: UnitReportSerializer, 400: BAD_REQUEST, 403: FORBIDDEN,
                              404: NOT_FOUND, 409: CONFLICT})
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        report = self.get_object()
        data = UnitReportVersionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        report = services.submit(request.user, report, data.validated_data["version"])
        return Response(UnitReportSerializer(report).data)
