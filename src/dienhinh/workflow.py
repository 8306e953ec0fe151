"""The one workflow core: how every workflow object changes state.

Every state change of a plan in force, registration, compiled list, fostering plan
and report, nomination, comment period, meeting and ballot, decision, proposal and
feedback goes through `transition` (or, for the few changes that need their own
steps between lock and save, through `lock`, `check` and `bump` in that order inside
one `transaction.atomic()`):

    lock the row (`select_for_update`)
    require the integer version the user saw     missing/garbage → 400, stale → 409
    ask `policy.can(user, permission, obj)`       refused → 403
    check the declared transition and the guard   refused → 409 / 400
    apply the changes and bump `version`
    write the audit entry, notify whoever acts next

all in one transaction, so a refusal writes nothing. Transitions are declared beside
each service as `{action: (from-states, to-state)}`; `None` as a from-state means
"the object does not exist yet".

One exception family: `WorkflowError` and its subclasses carry a Vietnamese message
and the HTTP status the views (`respond`) and the API (`api.errors`) answer with.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

MAX_VERSION = 2**31 - 1

Transitions = dict[str, tuple[frozenset, str]]


class WorkflowError(Exception):
    """A refused change; the message is for the user and nothing was changed."""

    status = 400


class VersionMissing(WorkflowError):
    status = 400


class BadVersion(WorkflowError):
    status = 400


class StaleVersion(WorkflowError):
    status = 409


class ForbiddenTransition(WorkflowError):
    status = 409


class GuardFailed(WorkflowError):
    """The transition is allowed from this state, but a rule of the domain refuses it."""

    status = 400


class NotAllowed(WorkflowError, PermissionDenied):
    """`policy` refuses; also a `PermissionDenied`, so Django answers 403 on its own."""

    status = 403


def parse_version(value) -> int:
    """The integer version a form or a request carried; never trusts a string."""
    if value is None or (isinstance(value, str) and not value.strip()):
        raise VersionMissing(_("Thiếu phiên bản của bản ghi: hãy tải lại trang rồi thử lại."))
    if isinstance(value, bool):
        raise BadVersion(_("Phiên bản “%(value)s” không hợp lệ: phải là một số nguyên.")
                         % {"value": value})
    if isinstance(value, int):
        number = value
    else:
        text = str(value).strip()
        if not text.isascii() or not text.isdigit():
            raise BadVersion(_("Phiên bản “%(value)s” không hợp lệ: phải là một số nguyên.")
                             % {"value": text[:20]})
        number = int(text)
    if not 0 <= number <= MAX_VERSION:
        raise BadVersion(_("Phiên bản “%(value)s” không hợp lệ.") % {"value": number})
    return number


class _Current:
    """The version argument of a step run by the system itself (a demonstration, a
    scheduled task, a vote that changes no content the voter saw): lock the row as it
    is now. A user's request never carries it: a missing version is `None`, refused."""

    def __repr__(self):
        return "CURRENT"


CURRENT = _Current()


def lock(obj, version):
    """The row, locked for the rest of the transaction, after checking that nobody
    changed it since the user read `version`. Call inside `transaction.atomic()`."""
    if version is CURRENT:
        return type(obj)._default_manager.select_for_update().get(pk=obj.pk)
    seen = parse_version(version)
    fresh = type(obj)._default_manager.select_for_update().get(pk=obj.pk)
    if seen != fresh.version:
        raise StaleVersion(
            _("Bản ghi đã được người khác thay đổi (phiên bản %(now)s, bạn đang sửa phiên "
              "bản %(yours)s). Hãy tải lại trang để xem thay đổi.")
            % {"now": fresh.version, "yours": seen})
    return fresh


def _status_label(model, status) -> str:
    if status is None:
        return _("chưa có")
    try:
        choices = dict(model._meta.get_field("status").flatchoices)
    except Exception:  # a model without a status field
        choices = {}
    return str(choices.get(status, status))


def check(transitions: Transitions, action: str, status, *, model=None, label: str = "") -> str:
    """The state `action` leads to from `status`; `ForbiddenTransition` otherwise."""
    try:
        starts, end = transitions[action]
    except KeyError:
        raise ForbiddenTransition(_("Thao tác không có trong quy trình.")) from None
    if status not in starts:
        raise ForbiddenTransition(
            _("Không thể %(action)s: trạng thái hiện tại là “%(status)s”.")
            % {"action": label or action, "status": _status_label(model, status)})
    return end


def bump(obj, **changes):
    """Apply `changes`, raise the version by one and save (the row is locked)."""
    for key, value in changes.items():
        setattr(obj, key, value)
    obj.version += 1
    obj.save()
    return obj


def require(user, permission: str, target) -> None:
    from dienhinh import policy

    if not policy.can(user, permission, target):
        raise NotAllowed(_("Bạn không có quyền thực hiện thao tác này."))


def transition(obj, action: str, *, user, version, transitions: Transitions,
               permission: str | None = None, scope=None, label: str = "",
               guard: Callable | None = None, changes: dict | Callable | None = None,
               audit: str | None = None, snapshot: Callable | None = None,
               notify: Callable | None = None):
    """Move `obj` by `action` in one transaction and return the saved row.

    `permission` is a `policy` action checked on `scope(obj)` (default: the object);
    `guard(obj)` raises a `WorkflowError` to refuse; `changes` (a dict, or a callable
    returning one) is applied with the new status; `audit` names the audit action,
    `snapshot(obj)` gives its before/after; `notify(obj)` tells whoever acts next.
    """
    from dienhinh.audit.services import record

    with transaction.atomic():
        fresh = lock(obj, version)
        if permission:
            require(user, permission, scope(fresh) if scope else fresh)
        end = check(transitions, action, fresh.status, model=type(fresh), label=label)
        if guard is not None:
            guard(fresh)
        before = snapshot(fresh) if snapshot else {"status": fresh.status,
                                                   "version": fresh.version}
        values = changes(fresh) if callable(changes) else dict(changes or {})
        bump(fresh, status=end, **values)
        record(user, audit or f"{fresh._meta.model_name}.{action}", fresh, before,
               snapshot(fresh) if snapshot else {"status": fresh.status,
                                                 "version": fresh.version})
        if notify is not None:
            # Notifications are stored and e-mailed: they are written in the system's
            # language, not in the language the acting person happens to read.
            with translation.override(settings.LANGUAGE_CODE):
                notify(fresh)
    return fresh


def tell(users: Iterable, subject: str, body: str = "", url: str = "") -> None:
    """Notify the next actors (inbox now, e-mail after the commit)."""
    from dienhinh.notifications.services import notify

    notify(list(users), subject, body, url)


# -- answers -----------------------------------------------------------------------------
def status_of(exc: Exception) -> int:
    if isinstance(exc, WorkflowError):
        return exc.status
    if isinstance(exc, PermissionDenied):
        return 403
    return 400


def respond(request, exc: Exception, back: str = ""):
    """The page a refused POST answers with: the message, the status (400/403/409) and
    the way back to the page the user came from. Nothing was written."""
    from django.shortcuts import render

    message = str(exc) or _("Bạn không có quyền thực hiện thao tác này.")
    return render(request, "workflow_refused.html",
                  {"message": message, "back": back or request.META.get("HTTP_REFERER", "")},
                  status=status_of(exc))


# -- forms and views of actions ------------------------------------------------------------
def version_field(required: bool = True):
    """The version a form carries: an integer, so garbage is a form error (400)."""
    from django import forms

    return forms.IntegerField(
        min_value=0, max_value=MAX_VERSION, widget=forms.HiddenInput, required=required,
        error_messages={
            "required": _("Thiếu phiên bản của bản ghi: hãy tải lại trang rồi thử lại."),
            "invalid": _("Phiên bản không hợp lệ: phải là một số nguyên."),
            "min_value": _("Phiên bản không hợp lệ."),
            "max_value": _("Phiên bản không hợp lệ."),
        })


class FormRefused(WorkflowError):
    """A form of an action did not validate; the message lists its errors."""

    status = 400

    def __init__(self, form):
        lines = []
        for name, errors in form.errors.items():
            field = form.fields.get(name)
            label = str(field.label) if field is not None and field.label and not \
                field.widget.is_hidden else ""
            lines += [f"{label}: {e}" if label else str(e) for e in errors]
        super().__init__(" ".join(lines))


def act(request, form, run: Callable, *, back: str, success: str = ""):
    """The body of one action's POST view: validate the form, run the service, answer.

    Success → a message and a redirect to `back`; a refusal → the refusal page with its
    status (400 bad input, 403, 409), nothing written. `run(cleaned_data)` may return an
    HttpResponse of its own (a confirmation page, a download)."""
    from django.contrib import messages
    from django.http import HttpResponse
    from django.shortcuts import redirect

    if not form.is_valid():
        return respond(request, FormRefused(form), back)
    try:
        result = run(form.cleaned_data)
    except (WorkflowError, PermissionDenied) as exc:
        return respond(request, exc, back)
    if isinstance(result, HttpResponse):
        return result
    if success:
        messages.success(request, success)
    return redirect(back)
