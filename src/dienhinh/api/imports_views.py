"""`GET /api/imports/` and `/api/imports/{id}/`: the user's own web imports, with what
the page shows — status, counts, why the whole file was refused, warnings and the first
rows' errors — each reason in the reader's language (`?lang=en`), whoever uploaded it.

Read only: a file is uploaded and confirmed on the import page. Another user's import is
not there (404), as on the page.
"""

from __future__ import annotations

from django.utils.translation import get_language
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import serializers, viewsets

from dienhinh.ledger.models import ImportJob


class ImportJobSerializer(serializers.ModelSerializer):
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    file_error = serializers.CharField(source="file_error_text", read_only=True,
                                       help_text="Lý do cả tệp bị từ chối; rỗng nếu không có")
    warnings = serializers.ListField(source="warning_texts", child=serializers.CharField(),
                                     read_only=True)
    errors = serializers.SerializerMethodField(help_text="Lỗi của các dòng đầu")

    class Meta:
        model = ImportJob
        fields = ["id", "table", "original_name", "status", "status_label", "total",
                  "error_count", "created", "updated", "unchanged", "file_error", "warnings",
                  "errors", "created_at", "finished_at"]

    def get_errors(self, job) -> list[dict]:
        # Each row's reason was stored in both languages; the reader gets theirs.
        key = "reason_en" if get_language() == "en" else "reason_vi"
        return [{"row": e["row"], "column": e["column"], "value": e["value"],
                 "reason": e.get(key) or e.get("reason", "")} for e in job.errors]


@extend_schema_view(
    list=extend_schema(summary="Các lượt nhập dữ liệu của người dùng"),
    retrieve=extend_schema(summary="Một lượt nhập dữ liệu",
                           responses={200: ImportJobSerializer,
                                      404: OpenApiResponse(description="Không tìm thấy")}),
)
class ImportJobViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = ImportJobSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema is drawn with no user
            return ImportJob.objects.none()
        return ImportJob.objects.filter(user=self.request.user).order_by("-created_at", "-pk")
