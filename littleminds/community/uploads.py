"""Checks on a material's file before anything is kept (ADR 0037): what it is, read from its
content (never from its name or the browser's word), that its name agrees, that it is within
the size limit for its kind, and that it opens as what it is.

Each refusal is an `Refused` with the message a person reads, in the words of the NHS design
system's file upload ("The selected file must be smaller than 10 MB").
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import IO, Any

import filetype
from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from PIL import Image, UnidentifiedImageError

MB = 1024 * 1024
HEAD = 262  # what `filetype` reads to know a file by its first bytes

PDF = "application/pdf"
PNG = "image/png"
JPEG = "image/jpeg"
WEBP = "image/webp"
MP4 = "video/mp4"

# Each kind kept: the endings its name may have, and what Pillow calls an image of it.
EXTENSIONS: dict[str, tuple[str, ...]] = {
    PDF: ("pdf",),
    PNG: ("png",),
    JPEG: ("jpg", "jpeg"),
    WEBP: ("webp",),
    MP4: ("mp4",),
}
PILLOW_FORMATS = {PNG: "PNG", JPEG: "JPEG", WEBP: "WEBP"}
# For a file input's `accept`: the endings and the types.
ACCEPT = ",".join(
    [f".{ending}" for endings in EXTENSIONS.values() for ending in endings] + list(EXTENSIONS)
)

# Each kind in words, for a page ("PDF, 240 KB") and for a message ("is not a PDF").
KIND_NAMES = {
    PDF: gettext_lazy("PDF document"),
    PNG: gettext_lazy("PNG image"),
    JPEG: gettext_lazy("JPEG image"),
    WEBP: gettext_lazy("WebP image"),
    MP4: gettext_lazy("MP4 video"),
}
_A_KIND = {
    PDF: gettext_lazy("a PDF"),
    PNG: gettext_lazy("a PNG image"),
    JPEG: gettext_lazy("a JPEG image"),
    WEBP: gettext_lazy("a WebP image"),
    MP4: gettext_lazy("an MP4 video"),
}


class Refused(Exception):
    """The file is not kept; the message says why."""

    @property
    def message(self) -> str:
        return str(self.args[0])


@dataclass(frozen=True)
class Checked:
    content_type: str
    extension: str
    size: int


def limit_for(content_type: str) -> int:
    """The largest file kept of this kind, in bytes."""
    megabytes = settings.MATERIAL_VIDEO_MAX_MB if content_type == MP4 else settings.MATERIAL_MAX_MB
    return int(megabytes) * MB


def size_in_words(size: int) -> str:
    """240 KB, 1.5 MB: as people read a file's size."""
    if size >= MB:
        megabytes = f"{size / MB:.1f}".removesuffix(".0")
        return _("%(size)s MB") % {"size": megabytes}
    return _("%(size)s KB") % {"size": max(1, round(size / 1024))}


def kind_in_words(content_type: str) -> str:
    return str(KIND_NAMES.get(content_type, _("File")))


def _extension(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def _not_what_it_says(content_type: str, extension: str) -> Refused:
    return Refused(
        _("The selected file is not %(kind)s, although its name ends in .%(extension)s")
        % {"kind": _A_KIND[content_type], "extension": extension}
    )


def check(upload: Any) -> Checked:
    """Checks an uploaded file (Django's `UploadedFile`, or any file with `name` and
    `size`), and gives what is kept of it; `Refused` otherwise. The file is read, never
    written, and left at its start."""
    size = int(upload.size or 0)
    if size == 0:
        raise Refused(_("The selected file is empty"))
    extension = _extension(str(upload.name or ""))
    claimed = next((kind for kind, ends in EXTENSIONS.items() if extension in ends), None)
    if claimed is None:
        raise Refused(
            _("The selected file must be a PDF, an image (PNG, JPEG or WebP) or an MP4 video")
        )
    upload.seek(0)
    head = upload.read(HEAD)
    upload.seek(0)
    found = filetype.guess_mime(head)
    if found != claimed:
        raise _not_what_it_says(claimed, extension)
    limit = limit_for(claimed)
    if size > limit:
        raise Refused(
            _("The selected file must be smaller than %(limit)s") % {"limit": size_in_words(limit)}
        )
    try:
        if claimed == PDF:
            _check_pdf(upload)
        elif claimed == MP4:
            _check_mp4(head)
        else:
            _check_image(upload, claimed)
    finally:
        upload.seek(0)
    return Checked(content_type=claimed, extension=extension, size=size)


def _check_pdf(upload: IO[bytes]) -> None:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(upload)
        pages = len(reader.pages)
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, OSError):
        pages = 0
    if pages < 1:
        raise Refused(_("The selected PDF cannot be opened. It may be damaged: save it again"))


def _check_image(upload: IO[bytes], content_type: str) -> None:
    damaged = Refused(_("The selected image cannot be opened. It may be damaged: save it again"))
    try:
        with Image.open(upload) as image:
            if image.format != PILLOW_FORMATS[content_type]:
                raise damaged
            width, height = image.size
            if width * height > settings.MATERIAL_MAX_PIXELS:
                raise _too_many_pixels()
            image.verify()
    except Image.DecompressionBombError:
        raise _too_many_pixels() from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise damaged from None


def _too_many_pixels() -> Refused:
    return Refused(
        _("The selected image must be smaller than %(pixels)s million pixels")
        % {"pixels": f"{settings.MATERIAL_MAX_PIXELS / 1_000_000:g}"}
    )


def _check_mp4(head: bytes) -> None:
    """An MP4 starts with its `ftyp` box: a length, "ftyp", and the brand."""
    length = int.from_bytes(head[:4], "big")
    if head[4:8] != b"ftyp" or length < 8 or len(head) < 12:
        raise Refused(_("The selected video cannot be opened. It may be damaged: save it again"))


def file_of(data: bytes, name: str) -> Any:
    """Bytes as an uploaded file, for the tests and the demonstration data."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data)
