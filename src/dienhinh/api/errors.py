"""Error answers of the API: Vietnamese first, then English, never a bare 500.

DRF renders its own messages in the active language only (Vietnamese here). Every
message the API returns is made bilingual: ours are written "Vietnamese / English";
DRF's and Django's generic ones get the English reason of their error code appended.
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
from dienhinh.ledger import rules as ledger_rules

# English reasons of the generic error codes of DRF fields and Django form fields.
ENGLISH = {
    "required": "This field is required.",
    "null": "This field may not be null.",
    "blank": "This field may not be blank.",
    "invalid": "Invalid value.",
    "max_length": "The value is too long.",
    "min_length": "The value is too short.",
    "max_value": "The value is too large.",
    "min_value": "The value is too small.",
    "max_digits": "Too many digits.",
    "max_decimal_places": "Too many decimal places.",
    "max_whole_digits": "Too many digits before the decimal point.",
    "max_string_length": "The value is too long.",
    "invalid_choice": "Not one of the allowed values.",
    "null_characters_not_allowed": "Null characters are not allowed.",
    "surrogate_characters_not_allowed": "Surrogate characters are not allowed.",
    "date": "Expected a date, not a date and time.",
    "datetime": "Expected a date and time.",
    "not_a_list": "Expected a list.",
    "empty": "This list may not be empty.",
    "does_not_exist": "The object does not exist.",
    "incorrect_type": "Incorrect type.",
    "unique": "This value already exists.",
    **ledger_rules.ENGLISH,  # the ledger's year and date rules (form, import, API)
}


def bilingual(message: str, code: str | None = None) -> str:
    """`message` if already bilingual, else the (Vietnamese) message / English reason."""
    message = str(message)
    if " / " in message:
        return message
    return f"{message} / {ENGLISH.get(code or '', 'Invalid value.')}"


def _bilingual_detail(detail):
    if isinstance(detail, dict):
        return {key: _bilingual_detail(value) for key, value in detail.items()}
    if isinstance(detail, list):
        return [_bilingual_detail(item) for item in detail]
    return exceptions.ErrorDetail(bilingual(detail, getattr(detail, "code", None)),
                                  code=getattr(detail, "code", None))


def _message(exc) -> str | None:
    """A bilingual message for the non-validation errors, by kind."""
    if isinstance(exc, exceptions.NotAuthenticated):
        return _("Chưa đăng nhập: hãy gửi phiên đăng nhập hoặc khóa truy cập. / "
                 "Authentication credentials were not provided.")
    if isinstance(exc, exceptions.AuthenticationFailed):
        return _("Khóa truy cập hoặc phiên đăng nhập không hợp lệ. / "
                 "Invalid token or session.")
    if isinstance(exc, exceptions.PermissionDenied):
        detail = str(exc.detail)
        if detail.startswith("CSRF Failed"):
            return _("Thiếu hoặc sai mã CSRF (phiên đăng nhập cần tiêu đề X-CSRFToken). / "
                     "%(detail)s") % {"detail": detail}
        return bilingual(detail) if " / " in detail else _(
            "Bạn không có quyền này. / You may not do this.")
    if isinstance(exc, exceptions.NotFound):
        detail = str(exc.detail)
        return detail if " / " in detail else _("Không tìm thấy. / Not found.")
    if isinstance(exc, exceptions.MethodNotAllowed):
        return _("Phương thức không được phép. / Method not allowed.")
    if isinstance(exc, exceptions.NotAcceptable):
        return _("Chỉ trả lời dạng JSON. / Only JSON responses are available.")
    if isinstance(exc, exceptions.UnsupportedMediaType):
        return _("Chỉ nhận nội dung JSON (application/json). / "
                 "Only application/json request bodies are accepted.")
    if isinstance(exc, exceptions.ParseError):
        return _("Nội dung JSON không đọc được. / Malformed JSON request body.")
    if isinstance(exc, exceptions.Throttled):
        wait = exc.wait or 1
        return _("Quá nhiều yêu cầu, hãy thử lại sau %(wait)d giây. / "
                 "Too many requests; retry in %(wait)d s.") % {"wait": round(wait)}
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
        exc = exceptions.NotFound(str(exc) if " / " in str(exc) else None)
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        response.data = _bilingual_detail(response.data)
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
    return JsonResponse({"detail": _("Không tìm thấy. / Not found.")}, status=404)
