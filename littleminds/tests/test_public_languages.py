"""Every public page, complete in Urdu, Polish and Romanian.

The public pages are found from the URL configuration (views marked `@public`, as in the
access matrix), and each is rendered in English and in each language, with its error states.
None of the English words of a page may be left on its translation, except what is marked
with `lang` (the language switch, and what the directory's managers wrote, which stays in
English and is marked `lang="en"` so screen readers switch). The self-referral's pages are
walked the same way by `referrals/tests/test_self_referral.py`.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Iterator
from datetime import timedelta
from typing import Any
from unittest import mock

import pytest
import time_machine
from django.conf import settings
from django.test import Client, RequestFactory, override_settings
from django.urls import resolve, reverse
from django.utils import timezone, translation

from littleminds.accounts.models import Organisation, Team, User
from littleminds.accounts.roles import Role
from littleminds.accounts.tests.factories import UserFactory
from littleminds.casework.models_link import QuestionnaireLink
from littleminds.casework.services_link import link_create, link_withdraw, token_hash
from littleminds.casework.tests.factories import open_case
from littleminds.community import selectors_public as whats_on_selectors
from littleminds.community.languages import Language
from littleminds.community.models import Event, Material
from littleminds.community.tests import factories as community
from littleminds.core import views as core_views
from littleminds.core.decorators import is_public
from littleminds.directory import systemmap
from littleminds.directory.models import (
    AccessMethod,
    LinkKind,
    Service,
    ServiceAccess,
    ServiceLink,
)
from littleminds.directory.tests.factories import ServiceFactory
from littleminds.pathway.rules import SCENARIO_DAY
from littleminds.pathway.tests.factories import default_rules, navigator_directory
from littleminds.referrals.tests.test_self_referral import TRANSLATED, in_language, visible_text
from littleminds.tests.test_access_matrix import ALL_URLS
from littleminds.training import services_places as training_places
from littleminds.training.models import Course, Registration
from littleminds.training.tests import factories as training

pytestmark = pytest.mark.django_db

# Public addresses that are not pages for people: JSON, the health check, the map as an image
# and as a spreadsheet (their words are the map page's), the language switch's form, a
# clinician's calendar feed (an .ics for calendar apps, the key in its address), and the
# self-referral, walked in its own test.
NOT_PAGES = {
    "core:healthz",
    "core:favicon",
    "directory:map-svg",
    "directory:map-csv",
    "set_language",
    "casework:week-feed",
    # A training place's calendar invitation (.ics), and the answer to an offer (a form's
    # action that goes back to the person's page).
    "training:public-place-invite",
    "training:public-place-answer",
    # A public registrant's certificate: a PDF, in English like the names it carries.
    "training:public-certificate-pdf",
    # A leaflet's file itself (a PDF, an image or a video), not a page.
    "community:leaflet-file",
    # What's on's calendar feed and an event's calendar file (.ics, for calendar apps).
    "community:whats-on-feed",
    "community:whats-on-event-ics",
}
ELSEWHERE = "self_referral:"

PLACEHOLDER = "00000000-0000-0000-0000-000000000000"

# Words that are the same in every language: the platform's name, and what a person typed.
SAME_IN_EVERY_LANGUAGE = {
    "Little Minds",
    # A training certificate's code, and its hours.
    "ACD23-FGH47",
    "3.0",
    "BD7 1DP",
    "TR1 1AA",
    "someone@example.com",
    "hello@example.org",
    "Ana Pop",
    # Course feedback too long to keep, as typed.
    "x" * 1001,
}


def _date(name: str, year: str) -> dict[str, str]:
    return {f"{name}_day": "1", f"{name}_month": "5", f"{name}_year": year}


# Each question of the navigator: a good answer, and a wrong one (a year of two digits, a
# postcode district alone, a worry with "none of these").
NAVIGATOR = [
    ("who", {"asker": "parent"}, {}),
    ("pregnancy", {"pregnant": "yes"}, {}),
    ("due-date", _date("expected_delivery_date", "2027"), _date("expected_delivery_date", "27")),
    ("baby", _date("child_date_of_birth", "2026"), _date("child_date_of_birth", "26")),
    ("postcode", {"postcode": "BD7 1DP"}, {"postcode": "BD7"}),
    ("worries", {"concerns": ["bonding", "housing"]}, {"concerns": ["bonding", "none"]}),
    ("impact", {"impact": "moderate"}, {}),
    ("risk", {"immediate_risk": "no"}, {}),
]


def navigator_pages(client: Client) -> Iterator[tuple[str, Any]]:
    client.cookies.pop("littleminds_navigator", None)
    yield "navigator start", client.get("/navigator/")
    for asker in ("parent", "practitioner"):
        client.cookies.pop("littleminds_navigator", None)
        steps = [*NAVIGATOR]
        steps[0] = ("who", {"asker": asker}, {})
        if asker == "practitioner":
            steps.append(("involved", {"practitioner_involved": "yes"}, {}))
        for slug, good, wrong in steps:
            url = f"/navigator/questions/{slug}/"
            yield f"navigator {slug} ({asker})", client.get(url)
            yield f"navigator {slug} ({asker}, error)", client.post(url, wrong)
            response = client.post(url, good)
            assert response.status_code == 302, (slug, response.content.decode()[:2000])
        yield f"navigator check ({asker})", client.get("/navigator/check-your-answers/")
        sent = client.post("/navigator/check-your-answers/")
        assert sent.status_code == 302, sent.content.decode()[:2000]
        yield f"navigator answer ({asker})", client.get(sent["Location"])
    # A family outside the area with no worries, and a family at risk now.
    for name, slug, data in (
        ("outside", "postcode", {"postcode": "TR1 1AA"}),
        ("risk", "risk", {"immediate_risk": "yes"}),
    ):
        client.post(f"/navigator/questions/{slug}/?return=check", data)
        client.post("/navigator/check-your-answers/")
        yield f"navigator answer ({name})", client.get("/navigator/answer/")
    limits = {**settings.RATE_LIMITS, "navigator": (1, 3600)}
    with override_settings(RATE_LIMITS_ENABLED=True, RATE_LIMITS=limits):
        client.post("/navigator/check-your-answers/")
        yield "navigator too many requests", client.post("/navigator/check-your-answers/")


def directory_pages(client: Client, service: Service) -> Iterator[tuple[str, Any]]:
    yield "directory", client.get("/directory/")
    yield (
        "directory results",
        client.get(
            "/directory/",
            {"words": "", "age_months": "6", "postcode": "BD7 1DP", "need": "bonding"},
        ),
    )
    yield (
        "directory pregnancy",
        client.get("/directory/", {"pregnant": "on", "postcode": "BD7 1DP"}),
    )
    yield "directory nothing found", client.get("/directory/", {"words": "zzzzzz"})
    yield "directory error", client.get("/directory/", {"age_months": "999", "postcode": "BD7"})
    yield "directory service", client.get(f"/directory/services/{service.code}/")
    # Every part a service's page can show: each way in with its phone, e-mail and website
    # (issue 11: "Website for" stayed in English), links each way, a closed service and a
    # retired one.
    for name in ("directory service (closed)", "directory service (retired)"):
        other = Service.objects.get(name=name.split("(")[1].rstrip(")").capitalize())
        yield name, client.get(f"/directory/services/{other.code}/")
    yield "map", client.get("/directory/map/")
    yield "map (filtered)", client.get("/directory/map/", {"need": "bonding", "age_months": "6"})
    yield "map (a service selected)", client.get("/directory/map/", {"service": str(service.code)})
    # At national size (ADR 0047), made small: the groups, a group counted by area, and one
    # area's group listed a page at a time.
    area = Service.objects.get(pk=service.pk).areas.get()
    if not Service.objects.filter(name="Baby group (1)").exists():
        for number in (1, 2):
            ServiceFactory.create(name=f"Baby group ({number})", areas=[area])
    with (
        mock.patch.object(systemmap, "MAX_SERVICES", 1),
        mock.patch.object(systemmap, "TABLE_PAGE", 1),
    ):
        yield "map (groups)", client.get("/directory/map/")
        group = {"ring": "core", "kind": "unknown"}
        yield "map (a group by area)", client.get("/directory/map/", group)
        yield "map (a group's services)", client.get("/directory/map/", {**group, "area": area.key})


def account_pages(client: Client) -> Iterator[tuple[str, Any]]:
    yield "sign-in", client.get("/sign-in/")
    yield "sign-in error", client.post("/sign-in/", {"email": "", "password": ""})
    yield (
        "sign-in wrong",
        client.post("/sign-in/", {"email": "someone@example.com", "password": "wrong-password"}),
    )
    yield "password forgotten", client.get(reverse("accounts:password-forgotten"))
    yield (
        "password forgotten error",
        client.post(reverse("accounts:password-forgotten"), {"email": "not an address"}),
    )
    yield (
        "password reset sent",
        client.post(
            reverse("accounts:password-forgotten"), {"email": "someone@example.com"}, follow=True
        ),
    )
    link = reverse("accounts:set-password", kwargs={"code": PLACEHOLDER, "token": "x-y"})
    yield "set password (link no longer works)", client.get(link)


def core_pages(client: Client) -> Iterator[tuple[str, Any]]:
    yield "home", client.get("/")
    # Linked from every page's footer: its own words are translated, and the API's
    # description (written in English, with names that systems send) is marked as such.
    yield "API documentation", client.get("/api/docs")
    yield "accessibility", client.get("/accessibility/")
    yield "privacy", client.get("/privacy/")
    yield "cookies", client.get("/cookies/")


def error_pages(client: Client) -> Iterator[tuple[str, Any]]:
    """The error pages: 404 and the maintenance page through the client, and those Django
    draws while handling a fault (400, 403, 500) from their views, in the client's language."""
    yield "404", client.get("/no/such/page/")
    with override_settings(MAINTENANCE_MODE=True):
        yield "503", client.get("/")
    request = RequestFactory().get("/somewhere/")
    with translation.override(client.cookies[settings.LANGUAGE_COOKIE_NAME].value):
        yield "400", core_views.bad_request(request, Exception())
        yield "403", core_views.permission_denied(request, Exception())
        yield "500", core_views.server_error(request)


def questionnaire_pages(client: Client, make_link: Callable[[], str]) -> Iterator[tuple[str, Any]]:
    """A family's questionnaire by link: the questions, a missing answer, the thanks with
    and without urgent help, and links used, expired, withdrawn and unknown."""
    token = make_link()
    url = reverse("questionnaire:answer", kwargs={"key": token})
    calm = {f"item_{n}": "1" for n in range(1, 10)} | {"item_9": "0"}
    yield "questionnaire", client.get(url)
    yield "questionnaire error", client.post(url, {"item_1": "1"})
    thanks = client.post(url, calm)
    assert thanks.status_code == 200, thanks.content.decode()[:2000]
    yield "questionnaire thanks", thanks
    yield "questionnaire used", client.get(url)
    risky = reverse("questionnaire:answer", kwargs={"key": make_link()})
    urgent = client.post(risky, calm | {"item_9": "1"})
    assert "116 123" in urgent.content.decode()
    yield "questionnaire thanks (urgent help)", urgent
    expired = make_link()
    QuestionnaireLink.objects.filter(token_hash=token_hash(expired)).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )
    yield "questionnaire expired", client.get(reverse("questionnaire:answer", args=[expired]))
    withdrawn = make_link()
    link = QuestionnaireLink.objects.get(token_hash=token_hash(withdrawn))
    link_withdraw(by=link.created_by, link=link)
    yield "questionnaire withdrawn", client.get(reverse("questionnaire:answer", args=[withdrawn]))
    yield "questionnaire unknown", client.get(reverse("questionnaire:answer", args=["nope"]))


def training_pages(client: Client) -> Iterator[tuple[str, Any]]:
    """The training finder (all courses, filtered, a bad filter) and a course's page."""
    course = Course.objects.first()
    if course is None:
        team = Team.objects.create(
            organisation=Organisation.objects.create(name="Training trust"), name="Trainers"
        )
        trainer = UserFactory.create(
            email="trainer-lang@test.example", roles=[(Role.TRAINER, team)]
        )
        course = training.course(trainer, team, title="Baby feelings", summary="An introduction.")
        training.session(trainer, course)
    yield "training finder", client.get("/training/")
    yield "training finder (filtered)", client.get("/training/", {"tier": "awareness"})
    yield (
        "training finder (dates)",
        client.get("/training/", {"start_day": "1", "start_month": "1", "start_year": "2027"}),
    )
    yield "training finder error", client.get("/training/", {"tier": "gold", "start": "soon"})
    yield (
        "training finder date errors",
        client.get(
            "/training/",
            {"start_day": "31", "start_month": "2", "start_year": "2027", "end_day": "14"},
        ),
    )
    yield "training course", client.get(f"/training/courses/{course.code}/")
    yield from training_place_pages(client, course)


def community_worker() -> User:
    """The community worker whose leaflets and events the walks show (made once)."""
    worker = User.objects.filter(email="community-lang@test.example").first()
    if worker is None:
        team = Team.objects.create(
            organisation=Organisation.objects.create(name="Community charity"), name="Community"
        )
        worker = UserFactory.create(
            email="community-lang@test.example", roles=[(Role.COMMUNITY_WORKER, team)]
        )
    return worker


def leaflet_pages(client: Client) -> Iterator[tuple[str, Any]]:
    """The families' leaflets: the list (a leaflet in four languages, a video in English
    only), and a leaflet's page."""
    leaflet = Material.objects.filter(title="Your baby's feelings").first()
    if leaflet is None:
        worker = community_worker()
        team = worker.teams()[0]
        leaflet = community.material(worker, team, title="Your baby's feelings")
        titles = {
            "en": "",
            "ur": "آپ کے بچے کے جذبات",
            "pl": "Uczucia twojego dziecka",
            "ro": "Sentimentele bebelușului tău",
        }
        for language, title in titles.items():
            version = community.version(leaflet, language)
            version.title = title
            version.save()
        video = community.material(worker, team, title="Playing together", kind=Material.Kind.VIDEO)
        made = community.version(video, "en")
        made.content_type = "video/mp4"
        made.save()
    yield "leaflets", client.get(reverse("community:leaflets"))
    yield "leaflet", client.get(reverse("community:leaflet", kwargs={"code": leaflet.code}))


def training_place_pages(client: Client, course: Course) -> Iterator[tuple[str, Any]]:
    """Asking for a place without an account: the form and its errors, the email sent, the
    confirmation link (good, used and unknown), the person's own page with a place held,
    offered and cancelled, and cancelling with its errors."""
    session = course.sessions.first()
    assert session is not None
    register = f"/training/courses/{course.code}/register/"
    yield "training register", client.get(register)
    yield "training register (empty)", client.post(register, {})
    yield (
        "training register (errors)",
        client.post(
            register,
            {
                "session": "nope",
                "name": "x" * 151,
                "email": "not an address",
                "who": "student",
                "student_at": "",
                "student_course": "",
            },
        ),
    )
    yield (
        "training register (no organisation)",
        client.post(register, {"session": str(session.code), "who": "organisation"}),
    )
    email = f"{uuid.uuid4().hex[:8]}@example.org"
    asked = training_places.register_public(session=session, registrant=training.registrant(email))
    yield "training register sent", client.get(reverse("training:public-sent"))
    confirm = reverse("training:public-confirm", args=[asked.token])
    yield "training confirm", client.get(confirm)
    placed = client.post(confirm)
    assert placed.status_code == 302, placed.content.decode()[:2000]
    yield "training confirm (used)", client.get(confirm)
    yield "training confirm (unknown)", client.get(reverse("training:public-confirm", args=["x"]))
    yield "training your place (held)", client.get(placed["Location"])
    cancel = placed["Location"] + "cancel/"
    yield "training cancel", client.get(cancel)
    yield "training cancel (empty)", client.post(cancel, {})
    yield "training cancel (other, no note)", client.post(cancel, {"reason": "other"})
    registration = asked.registration
    registration.refresh_from_db()
    training_places.place_cancel(
        by=None, registration=registration, reason="illness", now=timezone.now()
    )
    yield "training your place (cancelled)", client.get(placed["Location"])
    offered = training_places.register_public(
        session=session, registrant=training.registrant(f"o{email}")
    )
    training_places.register_confirm(token=offered.token)
    Registration.objects.filter(pk=offered.registration.pk).update(
        status="offered",
        offered_at=timezone.now(),
        offer_expires_at=timezone.now() + timedelta(hours=48),
    )
    key = training_places.page_key(offered.registration)
    yield "training your place (offered)", client.get(reverse("training:public-place", args=[key]))


def training_questionnaire_pages(client: Client) -> Iterator[tuple[str, Any]]:
    """A public registrant's training questionnaire by link: before the course, a missing
    answer, the thanks and the used link; straight after with the course feedback and an
    answer too long; an expired link and an unknown one."""
    from littleminds.training import services_questions
    from littleminds.training.forms_questions import item_field_name
    from littleminds.training.tests import factories_attendance

    organisation, _made = Organisation.objects.get_or_create(name="Questionnaire trust")
    team, _made = Team.objects.get_or_create(organisation=organisation, name="Askers")
    trainer = UserFactory.create(
        email=f"ask-{uuid.uuid4().hex[:8]}@test.example", roles=[(Role.TRAINER, team)]
    )
    course = training.course(trainer, team, title="Baby feelings", summary="An introduction.")
    services_questions.item_add(by=trainer, course=course, text="I know what babies need")
    services_questions.item_add(by=trainer, course=course, text="I can talk with parents")
    [first, second] = services_questions.active_items(course)
    answers = {item_field_name(first): "4", item_field_name(second): "5"}
    now = timezone.now()

    def link(session: Any, when: str) -> str:
        registration = factories_attendance.public_holder(session, "Ana Pop")
        invited = services_questions.invitation_create(
            registration=registration, when=when, now=now
        )
        assert invited is not None
        return reverse("training:public-questionnaire", args=[invited.token])

    before = link(training.session(trainer, course), "before")
    yield "training questionnaire (before)", client.get(before)
    yield "training questionnaire (missing)", client.post(before, {item_field_name(first): "4"})
    thanks = client.post(before, answers)
    assert thanks.status_code == 200, thanks.content.decode()[:2000]
    yield "training questionnaire thanks", thanks
    yield "training questionnaire (used)", client.get(before)
    after = link(factories_attendance.past_session(trainer, course), "after")
    yield "training questionnaire (after)", client.get(after)
    yield (
        "training questionnaire (too long)",
        client.post(after, answers | {"helped": "x" * 1001, "change": ""}),
    )
    with time_machine.travel(now + timedelta(days=200), tick=False):
        yield "training questionnaire (expired)", client.get(after)
    unknown = reverse("training:public-questionnaire", args=["nope"])
    yield "training questionnaire (unknown)", client.get(unknown)


def certificate_pages(client: Client) -> Iterator[tuple[str, Any]]:
    """The check of a training certificate's code: the form, an empty and a malformed code,
    an unknown code, and a genuine one."""
    from littleminds.training.models_attendance import Certificate
    from littleminds.training.tests import factories_attendance

    if not Certificate.objects.filter(check_code=CERTIFICATE).exists():
        team = Team.objects.create(
            organisation=Organisation.objects.create(name="Certificate trust"), name="Givers"
        )
        trainer = UserFactory.create(email="cert-lang@test.example", roles=[(Role.TRAINER, team)])
        course = training.course(trainer, team, title="Baby feelings", summary="An introduction.")
        session = factories_attendance.past_session(trainer, course)
        made = factories_attendance.completed(
            trainer, session, factories_attendance.public_holder(session, "Ana Pop")
        )
        Certificate.objects.filter(pk=made.pk).update(check_code=CERTIFICATE)
    holder = Certificate.objects.get(check_code=CERTIFICATE).registration
    place = reverse("training:public-place", args=[training_places.page_key(holder)])
    yield "training your place (completed, a certificate)", client.get(place)
    check = reverse("training:certificate-check")
    yield "certificate check", client.get(check)
    yield "certificate check empty", client.post(check, {"code": ""})
    yield "certificate check malformed", client.post(check, {"code": "ABC"})
    yield "certificate check unknown", client.post(check, {"code": "ACD23-FGH46"})
    yield "certificate check genuine", client.post(check, {"code": CERTIFICATE})


CERTIFICATE = "ACD23FGH47"


def whats_on_pages(client: Client) -> Iterator[tuple[str, Any]]:
    """What's on (ADR 0038): the list, filtered (with the nearness bands' words), a bad
    filter, an event's page, its booking form with errors and with the honeypot filled in,
    a full event, an ended one, and a booking's confirmation."""
    event = Event.objects.filter(title="Stay and play at the hub").first()
    if event is None:
        worker = community_worker()
        team = worker.teams()[0]
        event = community.event(
            worker,
            team,
            title="Stay and play at the hub",
            booking=True,
            places=50,
            interpreter=Language.POLISH,
            how_to_come="Bus 640 stops outside.",
        )
        community.event(
            worker, team, title="Near", days=2, postcode="BD9 4AA", postcode_district="BD9"
        )
        community.event(
            worker, team, title="Far", days=3, postcode="LS6 1AA", postcode_district="LS6"
        )
        community.event(
            worker,
            team,
            title="Online talk",
            days=4,
            online=True,
            postcode="",
            postcode_district="",
            venue="",
            address="",
            link="https://meet.example.org/talk",
        )
        community.event(
            worker, team, title="Full group", days=5, booking=True, places=1
        ).bookings.create(name="Someone", phone="+447700900001", people=1)
        community.event(worker, team, title="Last week", days=-7)
        community.event(
            worker,
            team,
            title="Cancelled group",
            days=6,
            booking=True,
            places=10,
            cancelled_at=timezone.now(),
            cancel_reason="The hall is flooded.",
        ).bookings.create(name="Someone", phone="+447700900001", people=2)
    yield "whats on", client.get("/whats-on/")
    yield (
        "whats on (filtered)",
        client.get("/whats-on/", {"postcode": "BD3 1AA", "language": "pl", "kind": ""}),
    )
    yield "whats on (near)", client.get("/whats-on/", {"postcode": "BD3"})
    yield (
        "whats on (bad filters)",
        client.get(
            "/whats-on/",
            {
                "postcode": "nowhere",
                "kind": "rave",
                "language": "xx",
                "start_day": "31",
                "start_month": "2",
                "start_year": "2027",
            },
        ),
    )
    yield (
        "whats on (dates the wrong way round)",
        client.get("/whats-on/", {**_date("start", "2028"), **_date("end", "2027")}),
    )
    page = reverse("community:whats-on-event", args=[event.code])
    yield "whats on event", client.get(page)
    yield "whats on event (empty)", client.post(page, {})
    yield (
        "whats on event (errors)",
        client.post(page, {"name": "Ana Pop", "phone": "12", "email": "ana@", "people": "11"}),
    )
    yield "whats on event (no contact)", client.post(page, {"name": "Ana Pop", "people": "0"})
    yield (
        "whats on event (robot)",
        client.post(
            page, {"name": "Ana Pop", "phone": "07700 900982", "people": "1", "website": "x"}
        ),
    )
    full = Event.objects.get(title="Full group")
    yield "whats on event (full)", client.get(reverse("community:whats-on-event", args=[full.code]))
    yield (
        "whats on event (full, booked)",
        client.post(
            reverse("community:whats-on-event", args=[full.code]),
            {"name": "Ana Pop", "phone": "07700 900982", "people": "1"},
        ),
    )
    online = Event.objects.get(title="Online talk")
    yield (
        "whats on event (online)",
        client.get(reverse("community:whats-on-event", args=[online.code])),
    )
    ended = Event.objects.get(title="Last week")
    yield (
        "whats on event (ended)",
        client.get(reverse("community:whats-on-event", args=[ended.code])),
    )
    booked = client.post(page, {"name": "Ana Pop", "phone": "07700 900982", "people": "2"})
    assert booked.status_code == 302, booked.content.decode()
    yield "whats on booked", client.get(booked["Location"])
    cancelled = Event.objects.get(title="Cancelled group")
    yield (
        "whats on event (cancelled)",
        client.get(reverse("community:whats-on-event", args=[cancelled.code])),
    )
    yield (
        "whats on booked (event cancelled)",
        client.get(
            reverse(
                "community:whats-on-booked",
                args=[whats_on_selectors.booking_key(cancelled.bookings.get())],
            )
        ),
    )


# Which walk shows each public page, by its URL's name.
SHOWN_BY = {
    "training:certificate-check": "certificates",
    "core:home": "core",
    "core:accessibility": "core",
    "core:privacy": "core",
    "core:cookies": "core",
    "accounts:sign-in": "accounts",
    "accounts:password-forgotten": "accounts",
    "accounts:set-password": "accounts",
    "directory:search": "directory",
    "directory:service": "directory",
    "directory:map": "directory",
    "pathway:start": "navigator",
    "pathway:question": "navigator",
    "pathway:check": "navigator",
    "pathway:answer": "navigator",
    "pathway:start-again": "navigator",
    "questionnaire:answer": "questionnaire",
    "training:finder": "training",
    "training:course": "training",
    "training:register": "training",
    "training:public-sent": "training",
    "training:public-confirm": "training",
    "training:public-place": "training",
    "training:public-place-cancel": "training",
    "training:public-questionnaire": "training questionnaires",
    "community:leaflets": "leaflets",
    "community:leaflet": "leaflets",
    "community:whats-on": "whats on",
    "community:whats-on-event": "whats on",
    "community:whats-on-booked": "whats on",
}


def public_url_names() -> list[str]:
    """The names of the URLs whose views are marked @public, but for the APIs."""
    names = []
    for name, kwarg_names in ALL_URLS:
        if name.startswith(("api:", "openreferral:")):
            continue
        kwargs = {k: "1" if k == "position" else PLACEHOLDER for k in kwarg_names}
        if is_public(resolve(reverse(name, kwargs=kwargs)).func):
            names.append(name)
    return names


def test_every_public_page_is_walked_in_every_language() -> None:
    missing = [
        name
        for name in public_url_names()
        if name not in SHOWN_BY and name not in NOT_PAGES and not name.startswith(ELSEWHERE)
    ]
    assert not missing, f"Walk these public pages in test_public_languages: {missing}"


def every_page(
    client: Client, service: Service, make_link: Callable[[], str] | None = None
) -> dict[str, Any]:
    walks: list[Callable[[], Iterator[tuple[str, Any]]]] = [
        lambda: core_pages(client),
        lambda: account_pages(client),
        lambda: directory_pages(client, service),
        lambda: navigator_pages(client),
        lambda: error_pages(client),
        lambda: training_pages(client),
        lambda: certificate_pages(client),
        lambda: training_questionnaire_pages(client),
        lambda: leaflet_pages(client),
        lambda: whats_on_pages(client),
    ]
    if make_link is not None:
        walks.append(lambda: questionnaire_pages(client, make_link))
    pages: dict[str, Any] = {}
    for walk in walks:
        for name, response in walk():
            assert name not in pages, name
            pages[name] = response
    return pages


@pytest.fixture
def service() -> Service:
    default_rules()
    lmm: Service = navigator_directory()["lmm"]
    for method in AccessMethod:
        ServiceAccess.objects.update_or_create(
            service=lmm,
            method=method,
            defaults={
                "phone": "01632 960101",
                "email": "hello@example.org",
                "url": "https://example.org/in",
                "instructions": "Fill in the form.",
            },
        )
    lmm.online = lmm.telephone = True
    lmm.wait_weeks = 6
    lmm.languages = ["en", "ur", "pl"]
    lmm.confirmed_at = timezone.now()
    lmm.save()
    closed = ServiceFactory.create(name="Closed", status=Service.Status.TEMPORARILY_CLOSED)
    retired = ServiceFactory.create(name="Retired", status=Service.Status.DECOMMISSIONED)
    for kind in LinkKind:
        if kind != LinkKind.CONFLICTS_WITH:
            ServiceLink.objects.create(source=lmm, target=closed, kind=kind, note="Often.")
            ServiceLink.objects.create(source=retired, target=lmm, kind=kind)
    return lmm


@pytest.fixture
def make_link(clinician: User, practitioner: User) -> Callable[[], str]:
    """Makes a new questionnaire link on one case and gives its token."""
    case = open_case(referrer=practitioner, clinician=clinician)

    def make() -> str:
        made = link_create(
            by=clinician, case=case, measure="phq9", answerer=case.people.get(), language="en"
        )
        return made.url.rstrip("/").rsplit("/", 1)[1]

    return make


@pytest.mark.parametrize("code", TRANSLATED)
@time_machine.travel(SCENARIO_DAY, tick=False)
def test_every_public_page_is_complete_in_each_language(
    anonymous: Client, service: Service, code: str, settings: Any, make_link: Callable[[], str]
) -> None:
    settings.RATE_LIMITS_ENABLED = False
    settings.DEBUG = False
    english = every_page(in_language(anonymous, "en-gb"), service, make_link)
    translated = every_page(in_language(Client(), code), service, make_link)
    assert english.keys() == translated.keys()
    direction = "rtl" if code == "ur" else "ltr"
    # A service's page is titled by its name, and a <title> cannot mark a part of itself.
    titles = {f"{name} – Little Minds" for name in Service.objects.values_list("name", flat=True)}
    titles.add("Little Minds API – Little Minds")  # the API's own name
    report = {}
    for name, response in translated.items():
        assert response.status_code in (200, 400, 403, 404, 410, 429, 500, 503), name
        html = response.content.decode()
        if f'<html lang="{code}" dir="{direction}">' not in html:
            report[name] = ["(the page does not declare its language and direction)"]
            continue
        left = (
            (visible_text(english[name].content.decode()) & visible_text(html))
            - SAME_IN_EVERY_LANGUAGE
            - titles
        )
        if left:
            report[name] = sorted(left)
    assert not report, "\n".join(f"{name} in {code}: {words}" for name, words in report.items())


# Each language named in its own language, whatever the page's language.
OWN_NAMES = {"en-gb": "English", "ur": "اردو", "pl": "Polski", "ro": "Română"}


@pytest.mark.parametrize("code", ["en-gb", *TRANSLATED])
def test_the_language_switch_names_each_language_in_its_own_language(
    anonymous: Client, code: str
) -> None:
    html = in_language(anonymous, code).get("/").content.decode()
    switch = html[html.index('class="lm-language-switch') :]
    switch = switch[: switch.index("</nav>")]
    for each, name in OWN_NAMES.items():
        direction = "rtl" if each == "ur" else "ltr"
        assert re.search(rf'lang="{each}" dir="{direction}"[^>]*>{name}</', switch), (each, switch)
    assert len(re.findall(r"<li ", switch)) == len(OWN_NAMES)


@pytest.mark.parametrize("code", TRANSLATED)
@pytest.mark.parametrize("path", ["/directory/map/", "/directory/map.svg"])
def test_the_map_draws_its_numbers_the_same_in_every_language(
    anonymous: Client, service: Service, code: str, path: str
) -> None:
    """The drawing's coordinates are numbers for the browser, not for people: a Polish or
    Romanian decimal comma ("480,0") would break every circle."""
    english = in_language(Client(), "en-gb").get(path).content.decode()
    drawing = in_language(anonymous, code).get(path).content.decode()
    numbers = re.compile(r'\b(?:cx|cy|r|x|y|x1|y1|x2|y2|width|height)="([^"]*)"')
    assert numbers.findall(drawing) == numbers.findall(english)
    assert not re.search(r'\b(?:cx|cy|r|x|y|x1|y1|x2|y2)="-?\d+,\d', drawing)
