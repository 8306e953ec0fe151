"""What an editor's text and photo become before they are kept.

Rich text is cleaned by `nh3` (an allow-list: headings, paragraphs, lists, emphasis,
quotes and links; `script` and `style` are removed with their content). A photo is
checked by its content with Pillow (JPEG, PNG or WebP only, a size limit, a pixel
limit), turned upright, reduced to at most `PHOTO_MAX_SIDE` pixels and saved again as
a JPEG without its metadata (EXIF with GPS position, camera, date; ICC; comments).
"""

from __future__ import annotations

import io

import nh3
from django.core.files.base import ContentFile
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from dienhinh import workflow
from dienhinh.core import vietnamese

ALLOWED_TAGS = {"p", "br", "strong", "b", "em", "i", "u", "ul", "ol", "li", "h2", "h3",
                "h4", "blockquote", "a"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
PHOTO_MAX_BYTES = 5 * 1024 * 1024
PHOTO_MAX_PIXELS = 40_000_000
PHOTO_MAX_SIDE = 1200
PHOTO_FORMATS = {"JPEG", "PNG", "WEBP"}


# Browsers' editing commands write <b> and <i>; the stored text says what they mean.
_SEMANTIC = (("<b>", "<strong>"), ("</b>", "</strong>"), ("<i>", "<em>"), ("</i>", "</em>"))


def clean_html(html: str) -> str:
    """Safe HTML: tags outside the allow-list dropped, script and style removed, <b> and
    <i> stored as <strong> and <em>."""
    cleaned = nh3.clean(vietnamese.nfc(html or ""), tags=ALLOWED_TAGS,
                        attributes=ALLOWED_ATTRIBUTES, url_schemes={"http", "https", "mailto"},
                        link_rel="noopener noreferrer")
    # nh3 writes every allowed tag bare (no attribute is allowed on b or i) and escapes
    # "<" in text, so these exact strings are tags and nothing else.
    for old, new in _SEMANTIC:
        cleaned = cleaned.replace(old, new)
    return cleaned


def plain_text(html: str) -> str:
    return vietnamese.clean_text(strip_tags(html or ""))


def clean_photo(uploaded) -> ContentFile:
    """The photo as a JPEG without metadata, or `GuardFailed` with the reason."""
    size = getattr(uploaded, "size", None) or 0
    if size <= 0:
        raise workflow.GuardFailed(_("Tệp ảnh rỗng."))
    if size > PHOTO_MAX_BYTES:
        raise workflow.GuardFailed(
            _("Ảnh quá lớn (%(size)s byte); tối đa %(limit)s byte.")
            % {"size": vietnamese.format_number(size),
               "limit": vietnamese.format_number(PHOTO_MAX_BYTES)})
    uploaded.seek(0)
    data = uploaded.read()
    try:
        with Image.open(io.BytesIO(data)) as probe:
            kind = probe.format
            width, height = probe.size
            probe.verify()
        if kind not in PHOTO_FORMATS:
            raise UnidentifiedImageError(kind)
        if width * height > PHOTO_MAX_PIXELS:
            raise workflow.GuardFailed(_("Ảnh có quá nhiều điểm ảnh (%(w)s × %(h)s).")
                                       % {"w": width, "h": height})
        with Image.open(io.BytesIO(data)) as image:
            image = ImageOps.exif_transpose(image)
            image = image.convert("RGB")
            image.thumbnail((PHOTO_MAX_SIDE, PHOTO_MAX_SIDE))
            # A new image from the pixels alone: nothing of the original's info survives.
            bare = Image.new("RGB", image.size)
            bare.paste(image)
            out = io.BytesIO()
            bare.save(out, "JPEG", quality=82, optimize=True)
    except workflow.GuardFailed:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError,
            Image.DecompressionBombError):
        raise workflow.GuardFailed(
            _("Tệp tải lên không phải là ảnh (chỉ nhận ảnh JPEG, PNG hoặc WebP).")) from None
    return ContentFile(out.getvalue())
