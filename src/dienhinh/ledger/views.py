"""Web import (upload → preview with errors → confirm, with progress) and export
downloads. Views stay thin: the rules live in `imports` and `exports`."""

from __future__ import annotations

import tempfile

from django import forms
from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.http import FileResponse, Http404, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST

from dienhinh import policy
from dienhinh.core.files import stored_name
from dienhinh.core.vietnamese import format_number

from . import exports
from .imports import headers
from .imports.errors import FileRejected
from .imports.readers import detect_kind
from .models import ImportJob
from .tasks import apply_import, validate_import

TABLE_LABELS = dict(ImportJob.TABLE_CHOICES)


class ImportForm(forms.Form):
    table = forms.ChoiceField(label=gettext_lazy("Bảng dữ liệu"), choices=ImportJob.TABLE_CHOICES)
    file = forms.FileField(label=gettext_lazy("Tệp CSV (UTF-8) hoặc XLSX"))


class LimitedUploadHandler(FileUploadHandler):
    """Stops reading an upload once it passes MAX_UPLOAD_BYTES, even when the
    client sent no (or a false) Content-Length."""

    def __init__(self, request=None):
        super().__init__(request)
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > settings.MAX_UPLOAD_BYTES:
            self.request.upload_too_large = True
            raise StopUpload(connection_reset=True)
        return raw_data

    def file_complete(self, file_size):
        return None


def _require_import(request) -> None:
    if not policy.can(request.user, "import"):
        raise PermissionDenied


def _too_large(request):
    return render(request, "ledger/import_start.html", {
        "form": ImportForm(), "jobs": _recent_jobs(request),
        "upload_error": _(
            "Tệp quá lớn: tối đa %(limit)s byte."
        ) % {"limit": format_number(settings.MAX_UPLOAD_BYTES)},
    }, status=413)


def _recent_jobs(request):
    return ImportJob.objects.filter(user=request.user)[:10]


@csrf_exempt
def import_start(request):
    """Refuses an oversized upload before a byte of it is read: this outer view has
    no CSRF check (which would parse the body); the inner one has."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    _require_import(request)
    if request.method == "POST":
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.MAX_UPLOAD_BYTES:
            return _too_large(request)
        request.upload_handlers.insert(0, LimitedUploadHandler(request))
    return _import_start(request)


@csrf_protect
def _import_start(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    if getattr(request, "upload_too_large", False):
        return _too_large(request)
    upload_error = ""
    if request.method == "POST" and form.is_valid():
        uploaded = form.cleaned_data["file"]
        job = ImportJob(user=request.user, table=form.cleaned_data["table"],
                        original_name=uploaded.name[:255], size=uploaded.size)
        # A random stored name; the person's name stays in original_name.
        uploaded.seek(0)
        extension = "xlsx" if uploaded.read(4) == b"PK\x03\x04" else "csv"
        uploaded.seek(0)
        job.file.save(stored_name(extension), uploaded, save=False)
        try:
            detect_kind(job.file.path)  # by content, never by name
        except FileRejected as exc:
            job.file.delete(save=False)
            upload_error = exc.message
        else:
            job.save()
            validate_import.enqueue(job.pk)
            return redirect("import_job", pk=job.pk)
    return render(request, "ledger/import_start.html", {
        "form": form, "jobs": _recent_jobs(request), "upload_error": upload_error,
    })


def _job(request, pk: int) -> ImportJob:
    if not request.user.is_authenticated:
        raise Http404
    _require_import(request)
    # Another user's import is not there at all for this user.
    return get_object_or_404(ImportJob, pk=pk, user=request.user)


def _job_context(job: ImportJob) -> dict:
    # Each reason was stored in both languages; the reader sees theirs. A column is named
    # as the XLSX template heads it ("Mã thành tích") on a Vietnamese page, by the
    # contract's name (`code`) on an English one.
    english = get_language() == "en"
    key = "reason_en" if english else "reason_vi"
    names = {} if english else headers.VIETNAMESE.get(job.table, {})
    errors = [{**e, "reason": e.get(key) or e.get("reason", ""),
               "column_name": names.get(e["column"], e["column"])} for e in job.errors]
    return {
        "job": job,
        "errors": errors,
        "table_label": TABLE_LABELS.get(job.table, job.table),
        "more_errors": max(job.error_count - len(job.errors), 0),
    }


def import_job(request, pk: int):
    job = _job(request, pk)
    return render(request, "ledger/import_job.html", _job_context(job))


def import_job_status(request, pk: int):
    job = _job(request, pk)
    return render(request, "ledger/import_job.html#panel", _job_context(job))


@require_POST
def import_confirm(request, pk: int):
    job = _job(request, pk)
    if job.status == ImportJob.READY:
        job.status = ImportJob.IMPORTING
        job.save(update_fields=["status"])
        apply_import.enqueue(job.pk)
    return redirect("import_job", pk=job.pk)


def export_index(request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not policy.can(request.user, "export"):
        raise PermissionDenied
    units = policy.units(request.user, "export").filter(valid_to__isnull=True)
    tables = [(table, TABLE_LABELS[table]) for table in exports.TABLES]
    return render(request, "ledger/import_export.html", {
        "tables": tables,
        "scopes": units.select_related("subject").order_by("path")[:200],
    })


def export_download(request, table: str, fmt: str):
    if not request.user.is_authenticated or not policy.can(request.user, "export"):
        raise Http404
    if table not in exports.TABLES or fmt not in ("csv", "xlsx"):
        raise Http404
    scope = None
    if request.GET.get("scope"):
        scope = policy.units(request.user, "export").filter(
            subject__code=request.GET["scope"]).first()
        if scope is None:
            raise Http404
    data = exports.rows(table, scope=scope, user=request.user)
    name = f"{table}{'-' + scope.code if scope else ''}.{fmt}"
    if fmt == "csv":
        response = StreamingHttpResponse(exports.csv_lines(table, data),
                                         content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    spool = tempfile.TemporaryFile()  # noqa: SIM115 — FileResponse closes it when sent
    exports.write_xlsx(spool, table, data)
    spool.seek(0)
    return FileResponse(
        spool, as_attachment=True, filename=name,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
