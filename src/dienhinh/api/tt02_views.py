"""GET /api/reports/tt02/?scope=UNIT&year=YEAR: the yearly statistics forms of Thông tư
02/2023/TT-BNV (0601.N, 0602.N, 0603.N) as the XLSX the command writes, or with
`format=json` every figure (rows, columns, and each unit directly under the scope).

The same checks as the screen: `policy` action `report_tt02` on the unit (out of reach
403), an unknown unit or a bad year 400.
"""

from __future__ import annotations

from django.http import HttpResponse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.response import Response
from rest_framework.views import APIView

from dienhinh import policy
from dienhinh.reports import tt02

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class _FormatIsOurs(DefaultContentNegotiation):
    """`format` chooses between the XLSX and the JSON figures here, and is checked by
    the view (400); DRF would answer an unknown one with 404."""

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


class Tt02View(APIView):
    content_negotiation_class = _FormatIsOurs
    @extend_schema(
        summary="Biểu thống kê 0601.N, 0602.N, 0603.N (Thông tư 02/2023/TT-BNV)",
        parameters=[
            OpenApiParameter("scope", str, required=True, description="Mã đơn vị báo cáo"),
            OpenApiParameter("year", int, required=True, description="Năm báo cáo"),
            OpenApiParameter("format", str, enum=["xlsx", "json"], required=False,
                             description="json: số liệu; xlsx hoặc bỏ trống: tệp XLSX"),
        ],
        responses={200: OpenApiResponse(OpenApiTypes.OBJECT,
                                        description="XLSX, hoặc JSON khi format=json"),
                   400: OpenApiResponse(description="Đơn vị hoặc năm không hợp lệ"),
                   403: OpenApiResponse(description="Đơn vị ngoài phạm vi")},
    )
    def get(self, request):
        user = request.user
        if not policy.can(user, "report_tt02"):
            raise exceptions.PermissionDenied(_("Tài khoản không được lập biểu thống kê thi "
                                                "đua, khen thưởng."))
        fmt = request.query_params.get("format", "xlsx")
        if fmt not in ("xlsx", "json"):
            raise exceptions.ValidationError({"format": [_("Chỉ nhận xlsx hoặc json.")]})
        missing = [p for p in ("scope", "year") if not request.query_params.get(p)]
        if missing:
            raise exceptions.ValidationError({p: [_("Thiếu tham số.")] for p in missing})
        try:
            year = tt02.parse_year(request.query_params["year"])
            unit = tt02.resolve_scope(request.query_params["scope"])
        except tt02.ReportError as exc:
            raise exceptions.ValidationError({"detail": str(exc)}) from exc
        if not policy.can(user, "report_tt02", unit):
            raise exceptions.PermissionDenied(_("Đơn vị %(u)s nằm ngoài phạm vi phân quyền "
                                                "của tài khoản.") % {"u": unit.name})
        result = tt02.compute(unit, year)
        if fmt == "json":
            return Response(result.as_json())
        response = HttpResponse(tt02.xlsx_bytes(result), content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="{tt02.filename(result)}"'
        return response
