"""The checks on a material's file (`community.uploads`, ADR 0037): by its content, its name
against its content, the size limit of its kind, and that it opens as what it is."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from PIL import Image

from littleminds.community import uploads
from littleminds.community.tests.factories import pdf_bytes, png_bytes


def image_bytes(kind: str, size: tuple[int, int] = (8, 8)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, "white").save(buffer, format=kind)
    return buffer.getvalue()


def mp4_bytes(extra: int = 64) -> bytes:
    """The start of an MP4: its `ftyp` box (brand isom), then an empty `mdat` box."""
    ftyp = b"ftyp" + b"isom" + (512).to_bytes(4, "big") + b"isomiso2avc1mp41"
    box = (len(ftyp) + 4).to_bytes(4, "big") + ftyp
    mdat = (8 + extra).to_bytes(4, "big") + b"mdat" + b"\0" * extra
    return box + mdat


def upload(data: bytes, name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def refused(data: bytes, name: str) -> str:
    with pytest.raises(uploads.Refused) as caught:
        uploads.check(upload(data, name))
    return caught.value.message


@pytest.mark.parametrize(
    ("data", "name", "content_type"),
    [
        (pdf_bytes(), "leaflet.pdf", "application/pdf"),
        (png_bytes(), "poster.png", "image/png"),
        (image_bytes("JPEG"), "poster.jpg", "image/jpeg"),
        (image_bytes("JPEG"), "POSTER.JPEG", "image/jpeg"),
        (image_bytes("WEBP"), "poster.webp", "image/webp"),
        (mp4_bytes(), "video.mp4", "video/mp4"),
    ],
)
def test_real_files_of_each_kind_pass(data: bytes, name: str, content_type: str) -> None:
    checked = uploads.check(upload(data, name))
    assert checked.content_type == content_type
    assert checked.size == len(data)


def test_a_file_named_pdf_that_is_not_one_is_refused_with_its_message() -> None:
    assert refused(b"Hello, this is plain text and not a PDF.", "leaflet.pdf") == (
        "The selected file is not a PDF, although its name ends in .pdf"
    )


def test_a_png_named_pdf_is_refused() -> None:
    assert refused(png_bytes(), "leaflet.pdf") == (
        "The selected file is not a PDF, although its name ends in .pdf"
    )


def test_a_pdf_named_png_is_refused() -> None:
    assert refused(pdf_bytes(), "poster.png") == (
        "The selected file is not a PNG image, although its name ends in .png"
    )


def test_a_jpeg_named_webp_is_refused() -> None:
    assert "not a WebP image" in refused(image_bytes("JPEG"), "poster.webp")


def test_the_browsers_word_is_not_taken() -> None:
    """The browser said application/pdf: the content decides."""
    assert uploads.check(upload(png_bytes(), "poster.png")).content_type == "image/png"


def test_an_empty_file_is_refused() -> None:
    assert refused(b"", "leaflet.pdf") == "The selected file is empty"


@pytest.mark.parametrize("name", ["notes.docx", "run.exe", "leaflet", "page.html"])
def test_other_kinds_are_refused(name: str) -> None:
    assert refused(b"PK\x03\x04 some bytes", name) == (
        "The selected file must be a PDF, an image (PNG, JPEG or WebP) or an MP4 video"
    )


@override_settings(MATERIAL_MAX_MB=1, MATERIAL_VIDEO_MAX_MB=2)
def test_the_size_limit_of_each_kind_applies() -> None:
    big_pdf = pdf_bytes() + b"%" * (1024 * 1024)
    assert refused(big_pdf, "leaflet.pdf") == "The selected file must be smaller than 1 MB"
    # A video of the same size is within the video's limit...
    video = mp4_bytes(extra=1024 * 1024)
    assert uploads.check(upload(video, "film.mp4")).content_type == "video/mp4"
    # ...and one past it is not.
    assert refused(mp4_bytes(extra=2 * 1024 * 1024), "film.mp4") == (
        "The selected file must be smaller than 2 MB"
    )


def test_the_default_limits_are_10_mb_and_100_mb() -> None:
    assert uploads.limit_for(uploads.PDF) == 10 * 1024 * 1024
    assert uploads.limit_for(uploads.PNG) == 10 * 1024 * 1024
    assert uploads.limit_for(uploads.MP4) == 100 * 1024 * 1024


def test_a_damaged_pdf_is_refused() -> None:
    assert refused(b"%PDF-1.4\nnot really anything", "leaflet.pdf") == (
        "The selected PDF cannot be opened. It may be damaged: save it again"
    )


def test_a_damaged_png_is_refused() -> None:
    data = png_bytes()
    assert "image cannot be opened" in refused(data[:40], "poster.png")


@override_settings(MATERIAL_MAX_PIXELS=10_000)
def test_an_image_of_too_many_pixels_is_refused() -> None:
    assert refused(image_bytes("PNG", (200, 200)), "poster.png") == (
        "The selected image must be smaller than 0.01 million pixels"
    )


def test_a_video_without_its_ftyp_box_is_refused() -> None:
    assert refused(b"\0\0\0\x20moov" + b"\0" * 100, "film.mp4") == (
        "The selected file is not an MP4 video, although its name ends in .mp4"
    )


def test_the_file_is_left_at_its_start() -> None:
    file: Any = upload(pdf_bytes(), "leaflet.pdf")
    uploads.check(file)
    assert file.read(5) == b"%PDF-"


@pytest.mark.parametrize(
    ("size", "words"), [(500, "1 KB"), (240 * 1024, "240 KB"), (1536 * 1024, "1.5 MB")]
)
def test_sizes_in_words(size: int, words: str) -> None:
    assert uploads.size_in_words(size) == words
