"""Error answers of the API: one language at a time, never a bare 500.

Every message is in the request's language: Vietnamese by default, English with
`?lang=en` (or an `Accept-Language: en` header, see `core.middleware`). Ours come from
the .po catalogue; DRF's and Django's generic ones from their own catalogues.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404, HttpResponsePermanentRedirect, JsonResponse
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from dienhinh import workflow


def _message(exc) -> str | None:
    """Our message for the non-validation errors, by kind."""
    if isinstance(exc, exceptions.NotAuthenticated):
        return _("Chưa đăng nhập: hãy gửi phiên đăng nhập hoặc khóa truy cập.")
    if isinstance(exc, exceptions.AuthenticationFailed):
        return _("Khóa truy cập hoặc phiên đăng nhập không hợp lệ.")
    if isinstance(exc, exceptions.PermissionDenied):
        detail = str(exc.detail)
        if detail.startswith("CSRF Failed"):
            return _("Thiếu hoặc sai mã CSRF (phiên đăng nhập cần tiêu đề X-CSRFToken).")
        if detail and detail != str(exceptions.PermissionDenied.default_detail):
            return detail  # our own reason, already in the request's language
        return _("Bạn không có quyền này.")
    if isinstance(exc, exceptions.NotFound):
        detail = str(exc.detail)
        if detail and detail != str(exceptions.NotFound.default_detail):
            return detail
        return _("Không tìm thấy.")
    if isinstance(exc, exceptions.MethodNotAllowed):
        return _("Phương thức không được phép.")
    if isinstance(exc, exceptions.NotAcceptable):
        return _("Chỉ trả lời dạng JSON.")
    if isinstance(exc, exceptions.UnsupportedMediaType):
        return _("Chỉ nhận nội dung JSON (application/json).")
    if isinstance(exc, exceptions.ParseError):
        return _("Nội dung JSON không đọc được.")
    if isinstance(exc, exceptions.Throttled):
        wait = exc.wait or 1
        return _("Quá nhiều yêu cầu, hãy thử lại sau %(wait)d giây.") % {"wait": round(wait)}
    return None


class WorkflowRefused(exceptions.APIException):
    """A refusal of the workflow core, answered with the status it carries."""

    def __init__(self, exc: workflow.WorkflowError):
        super().__init__(detail=str(exc), code=type(exc).__name__)
        self.status_code = exc.status


def refused(exc: workflow.WorkflowError) -> exceptions.APIException:
    """The API error of a workflow refusal: 400 bad input (missing or garbage version, a
    rule refused), 403 not allowed, 409 stale version or a state that forbids it."""
    if exc.status == 403:
        return exceptions.PermissionDenied(str(exc) or None)
    if exc.status == 400:
        return exceptions.ValidationError({"detail": [str(exc)]})
    return WorkflowRefused(exc)


def exception_handler(exc, context):
    if isinstance(exc, workflow.WorkflowError):
        exc = refused(exc)
    elif isinstance(exc, Http404):
        # get_object_or_404's "No X matches the given query." is Django's English
        # debugging text, not a message for a person: ours replaces it.
        ours = str(exc) and "matches the given query" not in str(exc)
        exc = exceptions.NotFound(str(exc) if ours else None)
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        return response
    message = _message(exc)
    if message is not None:
        response.data = {"detail": message}
    return response


def conflict(message: str, current=None) -> Response:
    """409: the record changed since the client read it (or a uniqueness race)."""
    data = {"detail": message}
    if current is not None:
        data["current"] = current
    return Response(data, status=409)


@csrf_exempt  # it changes nothing; a POST to an unknown path is a 404, not a CSRF 403
def not_found(request, path: str = ""):
    """Every /api/ path nothing else matched: a JSON 404, never the HTML page.

    APPEND_SLASH still works: `/api/units` is redirected to `/api/units/` when that
    exists, as CommonMiddleware would if this catch-all did not match first.
    """
    if settings.APPEND_SLASH and not request.path_info.endswith("/"):
        try:
            match = resolve(request.path_info + "/")
        except Resolver404:
            match = None
        if match is not None and match.func is not not_found:
            target = request.get_full_path(force_append_slash=True)
            if request.method in ("GET", "HEAD"):
                return HttpResponsePermanentRedirect(target)
    return JsonResponse({"detail": _("Không tìm thấy.")}, status=404)
