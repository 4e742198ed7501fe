"""Campaigns, events and materials for tests, made straight from the models (the services'
own tests go through the services)."""

from __future__ import annotations

import io
from datetime import timedelta
from typing import Any

from django.core.files.base import ContentFile
from django.utils import timezone

from littleminds.accounts.models import Team, User
from littleminds.community.languages import Language
from littleminds.community.models import (
    Campaign,
    Channel,
    Event,
    Material,
    MaterialVersion,
    tokens,
)


def campaign(by: User, team: Team, **overrides: Any) -> Campaign:
    today = timezone.localdate()
    fields: dict[str, Any] = {
        "theme": "Babies have feelings too",
        "key_messages": "Babies' feelings matter from the start.",
        "languages": tokens([Language.ENGLISH, Language.URDU, Language.POLISH]),
        "channels": tokens([Channel.EVENTS, Channel.LEAFLETS]),
        "starts": today - timedelta(days=30),
        "ends": today + timedelta(days=300),
    }
    fields.update(overrides)
    return Campaign.objects.create(team=team, created_by=by, **fields)


def event(
    by: User, team: Team, *, days: int = 7, published: bool = True, **overrides: Any
) -> Event:
    """An event `days` from today at 10:00 for two hours, published unless told otherwise."""
    starts = timezone.localtime().replace(hour=10, minute=0, second=0, microsecond=0) + timedelta(
        days=days
    )
    fields: dict[str, Any] = {
        "kind": Event.Kind.STAY_AND_PLAY,
        "title": "Stay and play at the family hub",
        "description": "Play with your baby and talk with other parents.",
        "starts_at": starts,
        "ends_at": starts + timedelta(hours=2),
        "venue": "Barkerend Family Hub",
        "address": "1 Hub Road, Bradford",
        "postcode": "BD3 9AA",
        "postcode_district": "BD3",
        "audience": tokens([Event.Audience.PARENTS, Event.Audience.PARENTS_TO_BE]),
        "language": Language.URDU,
        "published_at": timezone.now() if published else None,
    }
    fields.update(overrides)
    return Event.objects.create(team=team, created_by=by, **fields)


def material(by: User, team: Team, *, approved: bool = True, **overrides: Any) -> Material:
    now = timezone.now()
    fields: dict[str, Any] = {
        "kind": Material.Kind.LEAFLET,
        "title": "Your baby's feelings",
        "summary": "What babies need to feel safe, and where to ask for help.",
        "review_by": timezone.localdate() + timedelta(days=365),
        "approved_by": by if approved else None,
        "approved_at": now if approved else None,
        "published_at": now if approved else None,
    }
    fields.update(overrides)
    return Material.objects.create(team=team, created_by=by, **fields)


def pdf_bytes() -> bytes:
    """A small, real PDF of one blank page, with its cross-reference table, so that a PDF
    reader (pypdf, as the upload checks use) opens it."""
    objects = [
        b"<</Type/Catalog/Pages 2 0 R>>",
        b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
        b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj" % number + body + b"endobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer<</Size %d/Root 1 0 R>>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return out


def png_bytes() -> bytes:
    """A small, real PNG image."""
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(buffer, format="PNG")
    return buffer.getvalue()


def version(
    material: Material, language: str = Language.ENGLISH, *, content: bytes | None = None
) -> MaterialVersion:
    """A version of the material in one language, with a PDF file."""
    data = pdf_bytes() if content is None else content
    item = MaterialVersion(
        material=material,
        language=language,
        content_type="application/pdf",
        size=len(data),
        uploaded_by=material.created_by,
    )
    item.file.save(f"{language}.pdf", ContentFile(data), save=False)
    item.save()
    return item
