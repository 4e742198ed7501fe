"""The demonstration's community messaging (issue 15): a year of the charity provider's
strand 1, as it would stand now.

The community team (Corey Community, community development worker, and Alex Manager, its
service manager) ran two campaigns over the year with partners of the directory. Sixty
events across the district's postcode districts and languages: talks, stay and play
sessions, groups and stalls, a few online, some needing booking (with a few families'
bookings), half of them in the next three months; two are still drafts and one to come was
cancelled. Ten materials (six leaflets, three posters and one short video) in English,
Urdu, Polish and Romanian, some in Slovak or Punjabi, each version a real file in storage:
a PDF made with WeasyPrint, a PNG drawn with Pillow, or the demonstration's short video
(`community_video.mp4`: three silent seconds of a title card, 320 by 180, H.264, made once
with PyAV from frames drawn by Pillow; the same clip in every language). One
material is past its review date. Every past event has its reach, and the campaigns a few
activities of their own (social media, radio, a partner's newsletter). The families who
referred themselves say how they heard about the service, some of them from the districts
where events were held.

Most of it is history, which the services rightly refuse to write (an event cannot start in
the past, reach is recorded after the event), so the rows are written straight through the
models in bulk, as `consultations_year` writes its year, from a seeded random choice that
spreads the year the same way on every install. Each row made has its audit event
(`demo.community_seeded`), so the trail says what the loader wrote. Loading again adds
nothing: the team's campaigns are looked for first. Every name, number and address is
invented; phone numbers are from Ofcom's drama range (07700 900xxx) and email addresses are
at example.org.
"""

from __future__ import annotations

import contextlib
import functools
import io
import logging
import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from littleminds.accounts.models import Organisation, Team, User
from littleminds.audit.services import audit_record
from littleminds.community.languages import RIGHT_TO_LEFT, Language
from littleminds.community.models import (
    Campaign,
    Channel,
    Event,
    EventBooking,
    Material,
    MaterialVersion,
    Reach,
    ReachMaterial,
    tokens,
)
from littleminds.community.services_booking import whats_on_changed
from littleminds.referrals.models import HeardFrom, Referral

SEED = 15  # the number: the same year on every install
DOMAIN = "littleminds.example"
WORKER = f"community@{DOMAIN}"  # Corey Community
MANAGER = f"manager@{DOMAIN}"  # Alex Manager, who approves the materials
COMMUNITY_TEAM = "Parent–Infant Community Team"
ACTION = "demo.community_seeded"  # the words for it: audit/labels.py
VIDEO = Path(__file__).resolve().parent / "community_video.mp4"
MEETING_LINK = "https://meet.littleminds.example/community/"

EVENTS = 60
PAST_EVENTS = 30  # the rest are in the next three months
DRAFTS = 2
LANGUAGE_WEIGHTS = {"en": 14, "ur": 12, "pa": 6, "pl": 10, "ro": 8, "sk": 6, "bn": 4}


@dataclass(frozen=True)
class Venue:
    name: str
    address: str
    postcode: str
    partner: str | None  # the organisation that runs events there with the service
    how_to_come: str

    @property
    def district(self) -> str:
        return self.postcode.split()[0]


# The directory's places (directory.openreferral.json) and a few community venues of the
# demonstration's own, in the districts the self-referrals come from.
VENUES = [
    Venue(
        "Central Brackendale Family Hub",
        "5 Chapel Croft, Brackendale",
        "BD1 3QA",
        "Brackendale Family Hubs",
        "Buses 607 and 615 stop on Chapel Croft. Step-free entrance, with space for buggies.",
    ),
    Venue(
        "Eastbrook Family Hub",
        "88 Ferncliffe Street, Brackendale",
        "BD3 8LT",
        "Brackendale Family Hubs",
        "Ring the bell at the side door. There is a small car park and space for buggies.",
    ),
    Venue(
        "Barkerend Centre",
        "12 Thornhill Place, Brackendale",
        "BD3 9DF",
        "Brackendale Better Beginnings Partnership",
        "The bus stops at Thornhill Place. Ask at reception for the community room.",
    ),
    Venue(
        "St Aidan's Community Centre",
        "7 Lowfield Road, Brackendale",
        "BD5 7PA",
        "Gentle Hands Community Group",
        "Enter from the car park. The hall is on the ground floor, with baby changing.",
    ),
    Venue(
        "Horton Green Clinic",
        "40 Beckside Road, Brackendale",
        "BD5 0HD",
        "Brackendale Health Visiting Service",
        "Come to the main entrance and follow the signs to the health visitors' room.",
    ),
    Venue(
        "Little Acorns Day Nursery",
        "60 Oakfield Grove, Brackendale",
        "BD8 7RL",
        "Little Acorns Day Nursery",
        "Use the gate on Oakfield Grove; staff will meet you. Buggies can come inside.",
    ),
    Venue(
        "Welcome Bridge Centre",
        "15 Mill Hey Street, Brackendale",
        "BD1 4RT",
        "Welcome Bridge Brackendale",
        "Five minutes' walk from the interchange. Step-free, with a lift to every floor.",
    ),
    Venue(
        "Central Library",
        "1 Exchange Square, Brackendale",
        "BD1 1NN",
        "Brackendale Council",
        "The children's library is on the first floor; take the lift by the entrance.",
    ),
    Venue(
        "Kindred Steps, Canal Wharf",
        "Unit 6, Canal Wharf, Brackendale",
        "BD2 1JH",
        "Kindred Steps CIC",
        "Parking on the wharf. The unit is at the far end, with a ramp to the door.",
    ),
    Venue(
        "Northcliffe Family Hub",
        "21 Saltaire View, Brackendale",
        "BD18 3LA",
        "Brackendale Family Hubs",
        "A short walk from the station. Step-free entrance on Saltaire View.",
    ),
    Venue(
        "Queensbury Community Hall",
        "4 High Street, Brackendale",
        "BD13 2AB",
        None,
        "Opposite the post office. The hall is on the ground floor.",
    ),
    Venue(
        "Keighmoor Family Centre",
        "18 Cavendish Street, Brackendale",
        "BD21 3RB",
        "Brackendale Family Hubs",
        "Two minutes from the bus station. Buggy parking by the door.",
    ),
    Venue(
        "Moorside Medical Practice",
        "27 Heather Bank, Brackendale",
        "BD9 5QR",
        "Moorside Medical Practice",
        "In the community room behind the waiting area; ask at reception.",
    ),
    Venue(
        "Kestrel Row Surgery",
        "1 Kestrel Row, Brackendale",
        "BD4 7SW",
        None,
        "The meeting room is upstairs; there is a lift by the pharmacy.",
    ),
]

CAMPAIGNS: list[dict[str, Any]] = [
    {
        "theme": "Babies have feelings too",
        "key_messages": (
            "Babies have feelings from the start, and they need us to notice them.\n"
            "Talking, cuddling and playing help a baby feel safe.\n"
            "It is fine to ask for help early: the service listens, in your language."
        ),
        "languages": ["en", "ur", "pa", "pl", "ro", "sk"],
        "channels": list(Channel.values),
        "starts": -300,
        "ends": 65,
        "partners": [
            "Brackendale Family Hubs",
            "Brackendale Health Visiting Service",
            "Gentle Hands Community Group",
            "Welcome Bridge Brackendale",
            "Brackendale Better Beginnings Partnership",
        ],
    },
    {
        "theme": "Talk, play, cuddle",
        "key_messages": (
            "A few minutes of talking, play and cuddles each day build a baby's brain.\n"
            "Dads, grandparents and carers matter to babies too.\n"
            "Come along: sessions are free, friendly and near you."
        ),
        "languages": ["en", "ur", "pl", "ro", "bn"],
        "channels": [Channel.EVENTS, Channel.LEAFLETS, Channel.SOCIAL_MEDIA],
        "starts": -120,
        "ends": 240,
        "partners": [
            "Dads and Babies Together",
            "Kindred Steps CIC",
            "Brackendale Council",
            "Brackendale Maternity Service",
        ],
    },
]

# What happens at each kind of event, in the plain words a community worker writes.
KINDS: dict[str, dict[str, Any]] = {
    Event.Kind.TALK: {
        "titles": [
            "Babies have feelings too: a talk for parents",
            "Understanding your baby's cries",
            "Getting to know your baby before birth",
            "Grandparents and babies' feelings",
        ],
        "description": (
            "A short, friendly talk about how babies feel and how parents can help them feel "
            "safe, with time for questions. Babies are welcome. Tea and biscuits provided."
        ),
        "audiences": [["parents", "parents_to_be"], ["parents_to_be"], ["grandparents"]],
        "adults": (8, 30),
        "babies": (0, 6),
    },
    Event.Kind.STAY_AND_PLAY: {
        "titles": ["Stay and play", "Baby stay and play", "Talk, play, cuddle: stay and play"],
        "description": (
            "Play with your baby, meet other parents and chat with a community worker about "
            "how your baby is feeling. Toys and mats are provided: bring your baby and "
            "whatever they need."
        ),
        "audiences": [["parents"], ["parents", "grandparents"]],
        "adults": (6, 18),
        "babies": (4, 15),
    },
    Event.Kind.GROUP: {
        "titles": [
            "Babies' feelings: a session for the women's group",
            "Babies' feelings: a session for the dads' group",
            "Babies' feelings: a session for the community group",
        ],
        "description": (
            "A session with the group's members about babies' emotional wellbeing: what "
            "babies need to feel safe, and where families can ask for help."
        ),
        "audiences": [["community_group"], ["community_group", "parents"]],
        "adults": (10, 40),
        "babies": (0, 8),
    },
    Event.Kind.STALL: {
        "titles": ["Our stall at the family fun day", "Our stall at the market", "Meet us"],
        "description": (
            "Come and say hello at our stall. Pick up leaflets in your language and ask us "
            "anything about babies' feelings."
        ),
        "audiences": [["parents", "parents_to_be"], ["parents", "grandparents"]],
        "adults": (20, 80),
        "babies": (2, 15),
    },
}
ONLINE_TITLES = [
    "Babies' feelings: an evening talk online",
    "Online talk: a baby's first year",
    "Online: supporting babies' feelings, for professionals",
]
ONLINE_DESCRIPTION = (
    "A talk online about babies' feelings and how to help them feel safe, with time for "
    "questions. Join from your phone or computer; you do not need an account."
)
ONLINE_HOW_TO_COME = "Join with the link on this page. You can keep your camera off."
CANCEL_REASON = "The venue had a burst pipe and is closed that week. We are sorry."

# The languages each material comes in, beyond the four every material has.
MATERIALS: list[dict[str, Any]] = [
    {
        "kind": Material.Kind.LEAFLET,
        "title": "Your baby's feelings",
        "summary": "What babies need to feel safe and loved, and where to ask for help.",
        "titles": {
            "ur": "آپ کے بچے کے احساسات",
            "pl": "Uczucia Twojego dziecka",
            "ro": "Emoțiile bebelușului tău",
            "sk": "Pocity vášho bábätka",
        },
    },
    {
        "kind": Material.Kind.LEAFLET,
        "title": "When your baby cries",
        "summary": "A plan for the hard evenings, and who to call when crying is too much.",
        "titles": {
            "ur": "جب آپ کا بچہ روئے",
            "pl": "Kiedy Twoje dziecko płacze",
            "ro": "Când bebelușul tău plânge",
        },
    },
    {
        "kind": Material.Kind.LEAFLET,
        "title": "Talking with your bump",
        "summary": "How parents-to-be can start getting to know their baby before birth.",
        "titles": {
            "ur": "پیدائش سے پہلے اپنے بچے سے باتیں کریں",
            "pl": "Rozmowy z brzuszkiem",
            "ro": "Vorbește cu bebelușul din burtică",
        },
    },
    {
        "kind": Material.Kind.LEAFLET,
        "title": "Feeling low after the birth? You are not alone",
        "summary": "Low mood after a baby is common and help works. Where to start.",
        "titles": {
            "ur": "بچے کی پیدائش کے بعد اداسی؟ آپ اکیلی نہیں ہیں",
            "pl": "Smutek po porodzie? Nie jesteś sama",
            "ro": "Te simți tristă după naștere? Nu ești singură",
        },
    },
    {
        "kind": Material.Kind.LEAFLET,
        "title": "Dads and babies",
        "summary": "Why dads matter to babies from the start, and groups for dads nearby.",
        "titles": {
            "ur": "والد اور بچے",
            "pl": "Tata i dziecko",
            "ro": "Tații și bebelușii",
        },
    },
    {
        "kind": Material.Kind.LEAFLET,
        "title": "Asking us for help",
        "summary": "How families can refer themselves to the service, and what happens next.",
        "titles": {
            "ur": "ہم سے مدد کیسے مانگیں",
            "pl": "Jak poprosić nas o pomoc",
            "ro": "Cum ne puteți cere ajutorul",
        },
        "due_for_review": True,
    },
    {
        "kind": Material.Kind.POSTER,
        "title": "Babies have feelings too",
        "summary": "The campaign's poster, for family hubs, surgeries and community centres.",
        "titles": {
            "ur": "بچوں کے بھی احساسات ہوتے ہیں",
            "pl": "Dzieci też mają uczucia",
            "ro": "Și bebelușii au sentimente",
            "sk": "Aj bábätká majú pocity",
        },
    },
    {
        "kind": Material.Kind.POSTER,
        "title": "Talk, play, cuddle",
        "summary": "Three things to do with a baby every day, on one page.",
        "titles": {
            "ur": "بات کریں، کھیلیں، گلے لگائیں",
            "pl": "Rozmawiaj, baw się, przytulaj",
            "ro": "Vorbește, joacă-te, îmbrățișează",
        },
    },
    {
        "kind": Material.Kind.POSTER,
        "title": "What's on for families near you",
        "summary": "A poster pointing families to the events list, with space for dates.",
        "titles": {
            "ur": "آپ کے قریب خاندانوں کے لیے سرگرمیاں",
            "pl": "Wydarzenia dla rodzin w Twojej okolicy",
            "ro": "Activități pentru familii lângă tine",
        },
    },
    {
        "kind": Material.Kind.VIDEO,
        "title": "Five minutes with your baby",
        "summary": "A short video: five minutes of talk and play that a baby loves.",
        "titles": {
            "ur": "اپنے بچے کے ساتھ پانچ منٹ",
            "pl": "Pięć minut z dzieckiem",
            "ro": "Cinci minute cu bebelușul tău",
            "pa": "ਆਪਣੇ ਬੱਚੇ ਨਾਲ ਪੰਜ ਮਿੰਟ",
        },
    },
]

# One line under the title of each leaflet and poster, in its language.
FROM_LINE = {
    "en": "For families, from Little Minds Matter in Brackendale.",
    "ur": "بریکنڈیل میں لٹل مائنڈز میٹر کی طرف سے خاندانوں کے لیے۔",
    "pl": "Dla rodzin, od Little Minds Matter w Brackendale.",
    "ro": "Pentru familii, de la Little Minds Matter din Brackendale.",
    "sk": "Pre rodiny, od Little Minds Matter v Brackendale.",
}

# Families who referred themselves, by their demonstration referral's key: how they heard.
# Those who heard at an event live in districts where events were held (`VENUES`).
HEARD_FROM = {
    "03": HeardFrom.EVENT,  # BD5
    "06": HeardFrom.LEAFLET,  # BD8
    "10": HeardFrom.FRIEND_OR_RELATIVE,  # no fixed address
    "16": HeardFrom.SOCIAL_MEDIA,  # BD13
    "20": HeardFrom.EVENT,  # BD21
}
REFERRAL_KEY_PREFIX = "demo-referral-"

BOOKERS_FIRST = ["Amina", "Zofia", "Maria", "Sana", "Lucia", "Hassan", "Marek", "Elena", "Tom"]
BOOKERS_LAST = ["Example", "Placeholder", "Madeup", "Specimen", "Sample", "Fictional"]


@transaction.atomic
def load() -> dict[str, int]:
    worker = User.objects.filter(email=WORKER).first()
    manager = User.objects.filter(email=MANAGER).first()
    team = Team.objects.filter(name=COMMUNITY_TEAM).first()
    if worker is None or manager is None or team is None:
        return {"community_events": 0}
    if Campaign.objects.filter(team=team).exists():
        return {"community_events": 0}
    rng = random.Random(SEED)  # noqa: S311 - a demonstration, not a secret
    organisations = {o.name: o for o in Organisation.objects.all()}
    campaigns = _campaigns(team, worker, organisations)
    events = _events(rng, team, worker, campaigns, organisations)
    bookings = _bookings(rng, events)
    whats_on_changed()  # written in bulk, not through the services (ADR 0050)
    materials, versions = _materials(rng, team, worker, manager, campaigns)
    reach = _reach(rng, team, worker, events, campaigns)
    referrals = _heard_from()
    made: list[list[Any]] = [campaigns, events, bookings, materials, versions, reach]
    for rows in made:
        for item in rows:
            audit_record(
                by=None,
                action="demo.community_seeded",
                target=item,
                team=team,
                detail={"what": item._meta.model_name},
            )
    for referral in referrals:
        audit_record(
            by=None,
            action="demo.community_seeded",
            target=referral,
            team=referral.team,
            detail={"what": "referral", "heard_from": referral.heard_from},
        )
    return {
        "community_campaigns": len(campaigns),
        "community_events": len(events),
        "community_materials": len(materials),
    }


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def _campaigns(team: Team, worker: User, organisations: dict[str, Organisation]) -> list[Campaign]:
    today = timezone.localdate()
    made = []
    for spec in CAMPAIGNS:
        starts = today + timedelta(days=spec["starts"])
        campaign = Campaign(
            team=team,
            theme=spec["theme"],
            key_messages=spec["key_messages"],
            languages=tokens(spec["languages"]),
            channels=tokens([str(channel) for channel in spec["channels"]]),
            starts=starts,
            ends=today + timedelta(days=spec["ends"]),
            created_at=_at(starts - timedelta(days=21), 11),
            created_by=worker,
        )
        campaign.full_clean(validate_unique=False, validate_constraints=False)
        made.append(campaign)
    made = Campaign.objects.bulk_create(made)
    for campaign, spec in zip(made, CAMPAIGNS, strict=True):
        campaign.partners.set([organisations[n] for n in spec["partners"] if n in organisations])
    return made


def _event_days(rng: random.Random) -> list[int]:
    """Days from today of each event: half over the past nine months, half in the next three,
    on weekdays, in date order. Every venue has a past event (`_events`)."""
    today = timezone.localdate()
    past = rng.sample(range(-270, -2), PAST_EVENTS)
    coming = rng.sample(range(2, 89), EVENTS - PAST_EVENTS)
    days = []
    for offset in sorted(past) + sorted(coming):
        while (today + timedelta(days=offset)).weekday() >= 5:
            offset += 1 if offset > 0 else -1
        days.append(offset)
    return days


def _events(
    rng: random.Random,
    team: Team,
    worker: User,
    campaigns: list[Campaign],
    organisations: dict[str, Organisation],
) -> list[Event]:
    today = timezone.localdate()
    now = timezone.now()
    days = _event_days(rng)
    languages = list(LANGUAGE_WEIGHTS)
    weights = list(LANGUAGE_WEIGHTS.values())
    # Online events: two past, three to come; drafts and the cancelled event are to come.
    online = set(rng.sample(range(PAST_EVENTS), 2)) | set(rng.sample(range(PAST_EVENTS, EVENTS), 3))
    to_come = [n for n in range(PAST_EVENTS, EVENTS) if n not in online]
    drafts = set(to_come[-DRAFTS:])
    cancelled = to_come[len(to_come) // 2]
    made = []
    place = 0
    for n, offset in enumerate(days):
        day = today + timedelta(days=offset)
        language = rng.choices(languages, weights)[0]
        interpreter = ""
        if language == "en" and rng.random() < 0.5:
            interpreter = rng.choice(["ur", "pa", "pl", "ro", "sk"])
        elif language in {"pa", "bn"} and rng.random() < 0.3:
            interpreter = "en"
        fields: dict[str, Any]
        if n in online:
            title = rng.choice(ONLINE_TITLES)
            starts = _at(day, 19)
            fields = {
                "kind": Event.Kind.TALK,
                "online": True,
                "link": f"{MEETING_LINK}{n + 1:02d}",
                "description": ONLINE_DESCRIPTION,
                "how_to_come": ONLINE_HOW_TO_COME,
                "audience": tokens(
                    ["professionals"] if "professionals" in title else ["parents", "parents_to_be"]
                ),
                "partner": None,
            }
        else:
            # In turn through the venues, so that every one has events past and to come.
            venue = VENUES[place % len(VENUES)]
            place += 1
            kind = rng.choice(list(KINDS))
            spec = KINDS[kind]
            title = rng.choice(spec["titles"])
            starts = _at(day, rng.choice([10, 10, 13]), rng.choice([0, 30]))
            fields = {
                "kind": kind,
                "venue": venue.name,
                "address": venue.address,
                "postcode": venue.postcode,
                "postcode_district": venue.district,
                "description": spec["description"],
                "how_to_come": venue.how_to_come,
                "audience": tokens(rng.choice(spec["audiences"])),
                "partner": organisations.get(venue.partner) if venue.partner else None,
            }
        if language != "en":
            title = f"{title}, in {Language(language).label}"
        booking = fields["kind"] in {Event.Kind.TALK, Event.Kind.GROUP} and rng.random() < 0.45
        published = min(_at(day - timedelta(days=rng.randint(14, 40)), 9), now)
        campaign = next(
            (c for c in reversed(campaigns) if c.starts <= day <= c.ends and rng.random() < 0.8),
            None,
        )
        event = Event(
            team=team,
            campaign=campaign,
            title=title,
            starts_at=starts,
            ends_at=starts + timedelta(minutes=rng.choice([60, 90, 120])),
            language=language,
            interpreter=interpreter,
            booking=booking,
            places=rng.choice([12, 15, 20, 25, 30]) if booking else None,
            published_at=None if n in drafts else published,
            created_at=published - timedelta(days=2),
            created_by=worker,
            **fields,
        )
        if n == cancelled:
            event.cancelled_at = now - timedelta(days=1)
            event.cancelled_by = worker
            event.cancel_reason = CANCEL_REASON
        event.full_clean(validate_unique=False, validate_constraints=False)
        made.append(event)
    return Event.objects.bulk_create(made)


def _bookings(rng: random.Random, events: list[Event]) -> list[EventBooking]:
    made = []
    number = 200
    for event in events:
        if not event.booking or event.published_at is None:
            continue
        left = event.places or 0
        for _ in range(rng.randint(1, 4)):
            people = min(rng.randint(1, 3), left)
            if people < 1:
                break
            left -= people
            number += 1
            first, last = rng.choice(BOOKERS_FIRST), rng.choice(BOOKERS_LAST)
            contact = rng.choice(["phone", "email", "both"])
            booked = event.published_at + timedelta(
                days=rng.randint(1, 10), hours=rng.randint(0, 9)
            )
            booking = EventBooking(
                event=event,
                name=f"{first} {last}",
                phone=f"07700 900{number:03d}" if contact != "email" else "",
                email=f"{first.lower()}.{last.lower()}@example.org" if contact != "phone" else "",
                people=people,
                created_at=min(booked, event.starts_at - timedelta(hours=2), timezone.now()),
            )
            booking.full_clean(validate_unique=False, validate_constraints=False)
            made.append(booking)
    return EventBooking.objects.bulk_create(made)


def _materials(
    rng: random.Random, team: Team, worker: User, manager: User, campaigns: list[Campaign]
) -> tuple[list[Material], list[MaterialVersion]]:
    today = timezone.localdate()
    now = timezone.now()
    materials = []
    for n, spec in enumerate(MATERIALS):
        approved = _at(today - timedelta(days=rng.randint(60, 280)), 15)
        review = -rng.randint(10, 40) if spec.get("due_for_review") else rng.randint(60, 400)
        material = Material(
            team=team,
            campaign=campaigns[n % len(campaigns)] if n < 8 else None,
            kind=spec["kind"],
            title=spec["title"],
            summary=spec["summary"],
            review_by=today + timedelta(days=review),
            approved_by=manager,
            approved_at=approved,
            published_at=min(approved + timedelta(days=1), now),
            created_at=approved - timedelta(days=rng.randint(3, 20)),
            created_by=worker,
        )
        material.full_clean(validate_unique=False, validate_constraints=False)
        materials.append(material)
    materials = Material.objects.bulk_create(materials)
    versions = []
    for material, spec in zip(materials, MATERIALS, strict=True):
        titles = {"en": spec["title"], **spec["titles"]}
        for language, title in titles.items():
            content, content_type, extension = _file(material.kind, title, language)
            version = MaterialVersion(
                material=material,
                language=language,
                title=title,
                content_type=content_type,
                size=len(content),
                uploaded_at=material.created_at,
                uploaded_by=worker,
            )
            version.file.save(f"{language}.{extension}", ContentFile(content), save=False)
            version.full_clean(validate_unique=False, validate_constraints=False)
            versions.append(version)
    return materials, MaterialVersion.objects.bulk_create(versions)


def _file(kind: str, title: str, language: str) -> tuple[bytes, str, str]:
    if kind == Material.Kind.VIDEO:
        return VIDEO.read_bytes(), "video/mp4", "mp4"
    if kind == Material.Kind.POSTER:
        return _poster(title, language), "image/png", "png"
    return _leaflet(title, language), "application/pdf", "pdf"


# Rendered once a process (the tests load the demonstration many times).
@functools.cache
def _leaflet(title: str, language: str) -> bytes:
    from django.utils.html import escape
    from weasyprint import HTML  # type: ignore[import-untyped]

    direction = "rtl" if language in RIGHT_TO_LEFT else "ltr"
    page = (
        f'<html lang="{language}" dir="{direction}"><head><meta charset="utf-8">'
        "<style>@page { size: A5; margin: 15mm }"
        " body { font-family: 'Noto Naskh Arabic', 'DejaVu Sans', sans-serif; color: #212b32 }"
        " h1 { color: #005eb8; font-size: 22pt } .small { font-size: 9pt; color: #4c6272 }"
        "</style></head><body>"
        f"<h1>{escape(title)}</h1><p>{escape(FROM_LINE[language])}</p>"
        '<p class="small" lang="en" dir="ltr">Little Minds Matter, Brackendale Family Charity.'
        " A demonstration leaflet: invented for the Little Minds demonstration.</p>"
        "</body></html>"
    )
    with _quiet("weasyprint", "fontTools"):
        return bytes(HTML(string=page).write_pdf())


@contextlib.contextmanager
def _quiet(*names: str) -> Iterator[None]:
    """WeasyPrint and fontTools log each step and glyph at length; the loader needs none of
    it, and writing it out takes longer than making the file."""
    loggers = [logging.getLogger(name) for name in names]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)


@functools.cache
def _poster(title: str, language: str) -> bytes:
    from PIL import Image, ImageDraw

    width, height = 420, 594  # A-paper's shape, small
    image = Image.new("RGB", (width, height), (255, 247, 230))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, width, 120), fill=(0, 94, 184))
    draw.ellipse((150, 200, 270, 320), fill=(255, 184, 28))
    big, small = _font(language, bold=True, size=28), _font(language, bold=False, size=16)
    direction = "rtl" if language in RIGHT_TO_LEFT else "ltr"
    lines = _wrap(draw, title, big, width - 40, direction)
    y = 380
    for line in lines:
        draw.text(
            (width / 2, y), line, font=big, fill=(33, 43, 50), anchor="mm", direction=direction
        )
        y += 40
    for line in _wrap(draw, FROM_LINE[language], small, width - 40, direction):
        draw.text(
            (width / 2, y + 10),
            line,
            font=small,
            fill=(76, 98, 114),
            anchor="mm",
            direction=direction,
        )
        y += 24
    brand = _font("en", bold=True, size=28)
    draw.text((width / 2, 60), "Little Minds Matter", font=brand, fill="white", anchor="mm")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


# Fonts for a poster's words, the first one found on the machine: Noto (Debian's
# fonts-noto-core) and Amiri have every letter of Urdu; DejaVu, found nearly everywhere, lacks
# a few (ے, ہ), which then show as boxes.
FONTS = {
    "rtl": ["NotoNaskhArabic-{weight}.ttf", "Amiri-{weight}.ttf", "DejaVuSans-{dejavu}.ttf"],
    "ltr": ["DejaVuSans-{dejavu}.ttf", "NotoSans-{weight}.ttf"],
}


def _font(language: str, *, bold: bool, size: int) -> Any:
    from PIL import ImageFont

    names = FONTS["rtl" if language in RIGHT_TO_LEFT else "ltr"]
    for name in names:
        weight, dejavu = ("Bold", "Bold") if bold else ("Regular", "")
        path = name.format(weight=weight, dejavu=dejavu).replace("-.ttf", ".ttf")
        try:
            return ImageFont.truetype(path, size)
        except OSError:
            continue
    return ImageFont.load_default(size)  # Pillow's own font, which has no Urdu


def _wrap(draw: Any, text: str, font: Any, width: int, direction: str) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        line = f"{lines[-1]} {word}" if lines else word
        if lines and draw.textlength(line, font=font, direction=direction) <= width:
            lines[-1] = line
        else:
            lines.append(word)
    return lines


def _reach(
    rng: random.Random, team: Team, worker: User, events: list[Event], campaigns: list[Campaign]
) -> list[Reach]:
    now = timezone.now()
    today = timezone.localdate()
    made: list[Reach] = []
    given: list[list[tuple[str, int]]] = []
    for event in events:
        if event.ends_at > now or event.published_at is None or event.cancelled_at is not None:
            continue
        day = timezone.localdate(event.starts_at)
        if event.online:
            adults, babies, views = rng.randint(10, 40), 0, rng.randint(30, 200)
        else:
            spec = KINDS[event.kind]
            adults, babies, views = rng.randint(*spec["adults"]), rng.randint(*spec["babies"]), None
        made.append(
            Reach(
                team=team,
                event=event,
                campaign=event.campaign,
                day=day,
                postcode_district=event.postcode_district,
                adults=adults,
                babies=babies,
                online_views=views,
                created_at=min(event.ends_at + timedelta(hours=rng.randint(1, 30)), now),
                created_by=worker,
            )
        )
        handed = [] if event.online else [(event.language, rng.randint(5, 30))]
        for language in {event.interpreter, "en"} - {event.language, ""}:
            if not event.online and rng.random() < 0.6:
                handed.append((language, rng.randint(2, 15)))
        given.append(sorted(handed))
    # The campaigns' own activities: posts, radio, a partner's newsletter.
    activities = [
        (0, Channel.SOCIAL_MEDIA, -250, "A post with the campaign's video, in Urdu and English."),
        (0, Channel.RADIO, -200, "An interview on Brackendale community radio, in Urdu and "
         "Punjabi; the listen-again plays are the views."),
        (0, Channel.SOCIAL_MEDIA, -120, "Posts in Polish, Romanian and Slovak in parents' groups."),
        (0, Channel.NEWSLETTERS, -90, "An article in the family hubs' newsletter."),
        (1, Channel.SOCIAL_MEDIA, -60, "The 'Talk, play, cuddle' posts and video."),
        (1, Channel.RADIO, -30, "A phone-in about dads and babies on the community station."),
        (1, Channel.SOCIAL_MEDIA, -7, "Reminders of the month's stay and play sessions."),
    ]  # fmt: skip
    for index, channel, offset, note in activities:
        day = today + timedelta(days=offset)
        made.append(
            Reach(
                team=team,
                campaign=campaigns[index],
                channel=channel,
                day=day,
                online_views=rng.randint(400, 5000),
                note=note,
                created_at=_at(day + timedelta(days=1), 12),
                created_by=worker,
            )
        )
        given.append([])
    for item in made:
        item.full_clean(validate_unique=False, validate_constraints=False)
    made = Reach.objects.bulk_create(made)
    ReachMaterial.objects.bulk_create(
        ReachMaterial(reach=item, language=language, count=count)
        for item, handed in zip(made, given, strict=True)
        for language, count in handed
    )
    return made


def _heard_from() -> list[Referral]:
    """How the families who referred themselves heard about the service."""
    changed = []
    for key, heard in HEARD_FROM.items():
        referral = Referral.objects.filter(
            idempotency_key=REFERRAL_KEY_PREFIX + key, kind=Referral.Kind.SELF, heard_from=""
        ).first()
        if referral is None:
            continue
        Referral.objects.filter(pk=referral.pk).update(heard_from=heard)
        referral.heard_from = heard
        changed.append(referral)
    return changed
