"""Checking uploaded files before they are kept.

A file's type is judged by its content (magic bytes, via `filetype`), never by
its name or by the Content-Type the browser sends: both are chosen by the
uploader. Usable by every app (evidence, dossiers, imports):

    kind = check_upload(request.FILES["file"])           # raises ValidationError
    kind = check_upload(f, allowed={"pdf"}, max_bytes=10 * 1024 * 1024)
    message = refused_upload(request)                    # too large, never read

`LimitedUploadHandler` (first in settings.FILE_UPLOAD_HANDLERS) stops reading a
request whose upload passes MAX_UPLOAD_BYTES, so a huge file never fills the disk;
the view then finds the file missing and `refused_upload(request)` says why.
"""

from __future__ import annotations

from dataclasses import dataclass

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadhandler import FileUploadHandler, StopUpload

from dienhinh.core import vietnamese
from dienhinh.core.i18n import text as _

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
        raise ValidationError(_("Không đọc được tệp."))
    if size == 0:
        raise ValidationError(_("Tệp rỗng."), code="empty")
    if size > limit:
        raise ValidationError(
            _("Tệp quá lớn (%(size)s byte, tối đa %(limit)s byte).")
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
            _("Loại tệp không được chấp nhận; chỉ nhận %(names)s.")
            % {"names": names},
            code="bad_type",
        )
    return FileKind(extension=extension, mime=DOCUMENT_TYPES[extension], size=size)


# Form fields travel with the file; allow them this much beside the file itself.
_FIELDS_MARGIN = 1024 * 1024


class LimitedUploadHandler(FileUploadHandler):
    """Stops an upload as soon as it is known to be over MAX_UPLOAD_BYTES."""

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        self.limit = max_upload_bytes()
        self.too_large = bool(content_length and content_length > self.limit + _FIELDS_MARGIN)
        return None

    def _refuse(self):
        if self.request is not None:
            self.request.upload_too_large = True
        # Do not read the rest of the body: that is the point of refusing early.
        raise StopUpload(connection_reset=True)

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        if getattr(self, "too_large", False):
            self._refuse()

    def receive_data_chunk(self, raw_data, start):
        if start + len(raw_data) > getattr(self, "limit", max_upload_bytes()):
            self._refuse()
        return raw_data

    def file_complete(self, file_size):
        return None


def refused_upload(request) -> str | None:
    """The Vietnamese / English reason an upload of this request was not read, if any."""
    if getattr(request, "upload_too_large", False):
        return _("Tệp quá lớn (tối đa %(limit)s byte).") % {
            "limit": vietnamese.format_number(max_upload_bytes())
        }
    return None


# A member smaller than this is not judged by its ratio: tiny XML parts of a
# workbook (styles, relations) compress well without being a threat.
_RATIO_FLOOR_BYTES = 1024 * 1024


def zip_bomb_reason(zf) -> str | None:
    """Why this open ZipFile must not be read (too large once inflated), or None. The
    reason is a `core.i18n.Text`: an import job stores it for readers of either language.

    Reads the central directory only. The declared sizes are enough: Python's
    zipfile (which openpyxl uses) stops inflating a member at its declared size, so a
    member that lies about its size fails its CRC check instead of inflating further.
    """
    limit = getattr(settings, "ARCHIVE_MAX_UNCOMPRESSED_BYTES", 200 * 1024 * 1024)
    max_ratio = getattr(settings, "ARCHIVE_MAX_RATIO", 100)
    total = 0
    for info in zf.infolist():
        total += info.file_size
        if info.file_size >= _RATIO_FLOOR_BYTES and (
            info.file_size > max_ratio * max(info.compress_size, 1)
        ):
            return _(
                "Tệp nén bất thường: phần %(name)s bung ra %(size)s byte, gấp hơn %(ratio)s lần "
                "kích thước nén; tệp bị từ chối."
            ) % {"name": info.filename[:100], "size": vietnamese.format_number(info.file_size),
                 "ratio": vietnamese.format_number(max_ratio)}
        if total > limit:
            return _(
                "Tệp nén quá lớn khi giải nén (hơn %(limit)s byte); tệp bị từ chối."
            ) % {"limit": vietnamese.format_number(limit)}
    return None
