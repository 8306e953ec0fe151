"""Checking uploaded files before they are kept.

A file's type is judged by its content (magic bytes, via `filetype`), never by
its name or by the Content-Type the browser sends: both are chosen by the
uploader. Usable by every app (evidence, dossiers, imports):

    kind = check_upload(request.FILES["file"])           # raises ValidationError
    kind = check_upload(f, allowed={"pdf"}, max_bytes=10 * 1024 * 1024)
"""

from __future__ import annotations

from dataclasses import dataclass

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from dienhinh.core import vietnamese

# extension -> MIME type, as `filetype` names them
DOCUMENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "jpg": "image/jpeg",
    "png": "image/png",
}
# `filetype` reads at most this many bytes to decide.
_HEAD_BYTES = 8192


@dataclass(frozen=True)
class FileKind:
    extension: str
    mime: str
    size: int


def max_upload_bytes() -> int:
    return getattr(settings, "MAX_UPLOAD_BYTES", 50 * 1024 * 1024)


def check_upload(uploaded, allowed=None, max_bytes: int | None = None) -> FileKind:
    """Return the file's real kind, or raise ValidationError (Vietnamese / English).

    `allowed` is a set of extensions out of DOCUMENT_TYPES (default: all of them).
    The file's position is reset to the start afterwards so it can be saved.
    """
    allowed = set(allowed or DOCUMENT_TYPES)
    limit = max_bytes if max_bytes is not None else max_upload_bytes()
    size = getattr(uploaded, "size", None)
    if size is None:
        raise ValidationError(_("Không đọc được tệp. / The file could not be read."))
    if size == 0:
        raise ValidationError(_("Tệp rỗng. / The file is empty."), code="empty")
    if size > limit:
        raise ValidationError(
            _("Tệp quá lớn (%(size)s byte, tối đa %(limit)s byte). / File too large.")
            % {"size": vietnamese.format_number(size), "limit": vietnamese.format_number(limit)},
            code="too_large",
        )
    uploaded.seek(0)
    head = uploaded.read(_HEAD_BYTES)
    uploaded.seek(0)
    kind = filetype.guess(head)
    extension = kind.extension if kind else None
    if extension == "jpeg":
        extension = "jpg"
    if extension not in allowed or DOCUMENT_TYPES.get(extension) is None:
        names = ", ".join(sorted(e.upper() for e in allowed))
        raise ValidationError(
            _("Loại tệp không được chấp nhận; chỉ nhận %(names)s. / File type not accepted.")
            % {"names": names},
            code="bad_type",
        )
    return FileKind(extension=extension, mime=DOCUMENT_TYPES[extension], size=size)
