"""Stored files: private names and the one way they are served.

No URL serves the upload folder (MEDIA_ROOT), not even under DEBUG. A stored file
belongs to an object (a record's evidence, a dossier, a certificate, a decision …);
its view finds that object through `policy` (out of scope → 404) and then calls

    return serve_private(request, obj.file, obj.file_name)

which answers an attachment with the type detected from the file's content, never
the name or the type the uploader claimed, and `X-Content-Type-Options: nosniff`.
Views decorate themselves with `@login_or_404` rather than `@login_required`, so an
anonymous request learns nothing either (no redirect that says "this exists").

Files are saved under random names with the detected extension:

    obj.file.save(stored_name(kind.extension), uploaded, save=False)

the uploader's name is kept in a column of its own, for the download's filename.

Production: with DIENHINH_X_ACCEL_REDIRECT=/protected/ the view checks the policy
and hands the transfer to the reverse proxy (nginx `internal` location aliased to
MEDIA_ROOT) with an `X-Accel-Redirect` header instead of streaming the file itself.
"""

from __future__ import annotations

import functools
import posixpath
import uuid
from urllib.parse import quote

import filetype
from django.conf import settings
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

_HEAD_BYTES = 8192
OCTET_STREAM = "application/octet-stream"
# filetype names some types differently from what we store
_EXTENSIONS = {"jpeg": "jpg"}


def stored_name(extension: str) -> str:
    """A random file name (uuid4 hex) with the given extension, e.g. `3f…9a.pdf`."""
    extension = (extension or "bin").lower().lstrip(".")
    if not extension.isalnum():
        extension = "bin"
    return f"{uuid.uuid4().hex}.{extension}"


def login_or_404(view):
    """Like login_required, but an anonymous request gets 404, not a login redirect."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            raise Http404
        return view(request, *args, **kwargs)

    return wrapped


def detect(head: bytes) -> tuple[str, str]:
    """(extension, MIME type) of the content, or ("", octet-stream) when unknown."""
    kind = filetype.guess(head) if head else None
    if kind is None:
        return "", OCTET_STREAM
    return _EXTENSIONS.get(kind.extension, kind.extension), kind.mime


def download_name(filename: str, extension: str) -> str:
    """The person's file name, its extension replaced by the detected one."""
    name = posixpath.basename((filename or "").replace("\\", "/")).strip() or "tep"
    if not extension:
        return name
    stem, dot, current = name.rpartition(".")
    if dot and current.lower() in {extension, "jpeg" if extension == "jpg" else extension}:
        return name
    return f"{stem if dot and stem else name}.{extension}"


def _open(file_or_name):
    """(storage, name) of a FieldFile or a name in the default storage."""
    if isinstance(file_or_name, str):
        return default_storage, file_or_name
    if not file_or_name:
        raise Http404(_("Không tìm thấy tệp."))
    return file_or_name.storage, file_or_name.name


def serve_private(request, file_or_name, filename: str = "") -> HttpResponse:
    """Answer a stored file as an attachment; the caller has already asked `policy`.

    `file_or_name`: a FieldFile (model.file) or a path in the default storage.
    `filename`: the name the person sees (the uploader's, or a generated one).
    Anonymous requests get 404 here too, in case a view forgot `login_or_404`.
    """
    if not request.user.is_authenticated:
        raise Http404
    storage, name = _open(file_or_name)
    if not name or ".." in name.split("/"):
        raise Http404(_("Không tìm thấy tệp."))
    try:
        handle = storage.open(name, "rb")
    except (FileNotFoundError, OSError):
        raise Http404(_("Không tìm thấy tệp.")) from None
    head = handle.read(_HEAD_BYTES)
    extension, mime = detect(head)
    shown = download_name(filename or name, extension)
    prefix = getattr(settings, "DIENHINH_X_ACCEL_REDIRECT", "")
    if prefix:
        handle.close()
        response = HttpResponse(content_type=mime)
        response["X-Accel-Redirect"] = prefix.rstrip("/") + "/" + quote(name)
        response["Content-Disposition"] = content_disposition_header(True, shown)
    else:
        handle.seek(0)
        response = FileResponse(handle, as_attachment=True, filename=shown, content_type=mime)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
