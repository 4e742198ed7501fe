"""The family's own PHQ-9 or GAD-7 by a single-use link (issue 12, ADR 0025): making one
(the team only), sending it where it is safe, the public page in each language with nothing
of the family on it, expired, used twice, withdrawn and unknown links, bad answers, the risk
item, the case page and the audit trail."""

from __future__ import annotations

import hashlib
import re
import threading
import time
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.conf import settings
from django.db import connection, connections
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from littleminds.accounts.models import User
from littleminds.audit.models import AuditEvent
from littleminds.casework import services_link
from littleminds.casework.models import Case, CasePerson
from littleminds.casework.models_link import QuestionnaireLink
from littleminds.casework.models_records import Administration, Task
from littleminds.casework.selectors_link import links_for_case
from littleminds.casework.services import NotAllowed
from littleminds.casework.services_closure import case_close
from littleminds.casework.tests.factories import open_case
from littleminds.notifications.backends import Outgoing
from littleminds.notifications.models import Notification

pytestmark = pytest.mark.django_db

SignIn = Callable[[Client, User], Client]
CALM_PHQ9 = {f"item_{n}": "1" for n in range(1, 10)} | {"item_9": "0"}
RISK_PHQ9 = {f"item_{n}": "0" for n in range(1, 10)} | {"item_9": "2"}
GAD7 = {f"item_{n}": "2" for n in range(1, 8)}


class RecordingBackend:
    """A notifications backend that keeps what it is given."""

    sent: list[Outgoing] = []

    def send(self, message: Outgoing) -> None:
        RecordingBackend.sent.append(message)


class FailingBackend:
    def send(self, message: Outgoing) -> None:
        raise ConnectionError("the provider is down")


@pytest.fixture(autouse=True)
def in_this_thread(monkeypatch: pytest.MonkeyPatch) -> None:
    """Background sends run at once, in the test's own transaction."""
    monkeypatch.setattr(services_link, "run_in_background", lambda what, work: work())
    RecordingBackend.sent = []


@pytest.fixture
def case(clinician: User, practitioner: User) -> Case:
    return open_case(
        referrer=practitioner, clinician=clinician, baby_name="Robin", parent_name="Sam Example"
    )


@pytest.fixture
def parent(case: Case) -> CasePerson:
    person = case.people.get()
    person.language = "Urdu"
    person.email = "sam@example.com"
    person.save()
    return person


@pytest.fixture
def as_clinician(client: Client, clinician: User, sign_in: SignIn) -> Client:
    return sign_in(client, clinician)


def made(
    case: Case, by: User, parent: CasePerson, measure: str = "phq9", language: str = "en"
) -> tuple[QuestionnaireLink, str]:
    result = services_link.link_create(
        by=by, case=case, measure=measure, answerer=parent, language=language
    )
    return result.link, result.url.rsplit("/questionnaire/", 1)[1].strip("/")


def page(token: str) -> str:
    return reverse("questionnaire:answer", kwargs={"key": token})


def family(language: str | None = None) -> Client:
    visitor = Client()
    if language:
        visitor.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return visitor


# Making a link -------------------------------------------------------------------------


def test_it_makes_a_link_shown_once_and_stores_only_its_hash(
    as_clinician: Client, case: Case, parent: CasePerson
) -> None:
    url = reverse("casework:link-new", kwargs={"code": case.code})
    form = as_clinician.get(url).content.decode()
    # The person's language is offered first: Urdu.
    assert re.search(r'value="ur"[^>]*checked', form)
    answer = as_clinician.post(
        url,
        {"measure": "gad7", "answerer": str(parent.code), "language": "ur", "send_by": ""},
        follow=True,
    )
    assert answer.status_code == 200
    html = answer.content.decode()
    shown = re.search(r'value="(https?://[^"]+/questionnaire/([^"/]+)/)"', html)
    assert shown, html
    token = shown.group(2)
    # Reloading the page makes no second link and does not show the link again.
    again = as_clinician.get(answer.redirect_chain[-1][0]).content.decode()
    assert token not in again
    assert "cannot be shown again" in again
    assert len(token) >= 40
    link = QuestionnaireLink.objects.get()
    assert link.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert (link.measure, link.language, link.answerer) == ("gad7", "ur", parent)
    assert link.expires_at - link.created_at == timedelta(days=7)
    # The token is nowhere in the database.
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM casework_questionnairelink")
        assert token not in repr(cursor.fetchall())
    assert token not in repr(list(AuditEvent.objects.values()))
    made_event = AuditEvent.objects.get(action="questionnaire_link.made")
    assert str(made_event.target_code) == str(link.code)
    # The case lists it, waiting, without the link itself.
    case_page = as_clinician.get(reverse("casework:case", kwargs={"code": case.code}))
    listed = case_page.content.decode()
    assert "Waiting for the family" in listed
    assert token not in listed


def test_the_form_refuses_a_way_that_is_not_safe(
    as_clinician: Client, case: Case, parent: CasePerson
) -> None:
    parent.may_leave_message = False
    parent.may_text = False
    parent.save()
    url = reverse("casework:link-new", kwargs={"code": case.code})
    for way in ("email", "text"):
        answer = as_clinician.post(
            url, {"measure": "phq9", "answerer": str(parent.code), "language": "en", "send_by": way}
        )
        assert answer.status_code == 200
        assert "their details do not allow it, or it is not safe" in answer.content.decode()
    answer = as_clinician.post(url, {"measure": "epds", "language": "xx"})
    html = answer.content.decode()
    assert answer.status_code == 200
    for message in ("Choose PHQ-9 or GAD-7", "Choose who fills it in", "Choose English, Urdu"):
        assert message in html
    assert not QuestionnaireLink.objects.exists()
    with pytest.raises(NotAllowed):
        services_link.link_create(
            by=case.opened_by,  # type: ignore[arg-type]
            case=case,
            measure="phq9",
            answerer=parent,
            language="en",
            send_by="text",
        )


@pytest.mark.parametrize(
    ("way", "address", "language"),
    [("email", "sam@example.com", "ur"), ("text", "+447700900123", "pl")],
)
def test_it_sends_the_link_in_the_familys_language_naming_nothing_of_them(
    case: Case,
    parent: CasePerson,
    clinician: User,
    settings: Any,
    django_capture_on_commit_callbacks: Any,
    way: str,
    address: str,
    language: str,
) -> None:
    settings.NOTIFICATIONS_BACKEND = f"{__name__}.RecordingBackend"
    parent.may_leave_message = True
    parent.save()
    before = Notification.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        result = services_link.link_create(
            by=clinician,
            case=case,
            measure="phq9",
            answerer=parent,
            language=language,
            send_by=way,
        )
    [message] = RecordingBackend.sent
    assert (message.channel, message.to) == (way, address)
    assert result.url in message.body
    assert case.team.name in message.body
    for secret in ("Sam", "Robin", "PHQ", "depress", str(case.code)):
        assert secret not in message.body + message.subject
    words = {"ur": "سوالنامہ", "pl": "kwestionariusz"}[language]
    assert words in message.subject
    assert result.link.sent_by == way
    assert address not in result.link.sent_to
    assert AuditEvent.objects.filter(action="questionnaire_link.sent").count() == 1
    # Nothing of it waits in the outbox, whose bodies are kept.
    assert Notification.objects.count() == before


def test_a_link_that_cannot_be_sent_is_audited_and_not_kept(
    case: Case,
    parent: CasePerson,
    clinician: User,
    settings: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    settings.NOTIFICATIONS_BACKEND = f"{__name__}.FailingBackend"
    with django_capture_on_commit_callbacks(execute=True):
        services_link.link_create(
            by=clinician, case=case, measure="gad7", answerer=parent, language="en", send_by="text"
        )
    assert AuditEvent.objects.filter(action="questionnaire_link.not_sent").count() == 1


def test_outsiders_cannot_make_or_withdraw_links(
    client: Client,
    case: Case,
    parent: CasePerson,
    clinician: User,
    other_clinician: User,
    practitioner: User,
    sign_in: SignIn,
) -> None:
    link, _token = made(case, clinician, parent)
    urls = [
        reverse("casework:link-new", kwargs={"code": case.code}),
        reverse("casework:link-withdraw", kwargs={"code": case.code, "questionnaire": link.code}),
    ]
    for outsider in (other_clinician, practitioner):
        visitor = sign_in(Client(), outsider)
        for url in urls:
            assert visitor.get(url).status_code == 404
            assert visitor.post(url, {"measure": "phq9"}).status_code == 404
    for url in urls:
        assert client.get(url).status_code == 302
        assert client.put(url).status_code in (302, 405)
    with pytest.raises(NotAllowed):
        services_link.link_create(
            by=other_clinician, case=case, measure="phq9", answerer=parent, language="en"
        )
    assert QuestionnaireLink.objects.count() == 1
    assert QuestionnaireLink.objects.get().state == QuestionnaireLink.State.WAITING


# The family's page ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("en-gb", "Little interest or pleasure in doing things"),
        ("ur", "کام کرنے میں بہت کم دلچسپی یا خوشی"),
        ("pl", "Wcale nie"),
        ("ro", "Aproape în fiecare zi"),
    ],
)
def test_the_page_shows_the_items_and_nothing_of_the_family(
    case: Case, parent: CasePerson, clinician: User, language: str, words: str
) -> None:
    _link, token = made(case, clinician, parent)
    answer = family(language).get(page(token))
    assert answer.status_code == 200
    html = answer.content.decode()
    assert words in html
    assert f'<html lang="{language}"' in html
    assert html.count('type="radio"') == 9 * 4
    assert '<meta name="robots" content="noindex, nofollow">' in html
    assert answer["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-store" in answer["Cache-Control"]
    for secret in (
        "Sam Example",
        "Robin",
        "BD7",
        "+447700900123",
        "sam@example.com",
        str(case.code),
        case.team.name,
        clinician.full_name,
        "PHQ",
    ):
        # The page's own address holds the random token, which may spell "BD7" or "PHQ".
        assert secret not in html.replace(token, ""), secret


def test_the_page_speaks_the_links_language_until_the_family_chooses(
    case: Case, parent: CasePerson, clinician: User
) -> None:
    _link, token = made(case, clinician, parent, measure="gad7", language="ur")
    html = family().get(page(token)).content.decode()
    assert '<html lang="ur" dir="rtl">' in html
    assert "آرام کرنے میں دشواری" in html
    chosen = family("pl").get(page(token)).content.decode()
    assert '<html lang="pl" dir="ltr">' in chosen
    assert "Trudności z odprężeniem się" in chosen


def test_the_answers_arrive_on_the_case_as_the_familys(
    as_clinician: Client, case: Case, parent: CasePerson, clinician: User
) -> None:
    link, token = made(case, clinician, parent, measure="gad7")
    answer = family().post(page(token), GAD7)
    assert answer.status_code == 200
    html = answer.content.decode()
    assert "Thank you: your answers are sent" in html
    assert "116 123" not in html
    administration = Administration.objects.get()
    assert (administration.measure, administration.items, administration.total) == (
        "gad7",
        [2] * 7,
        14,
    )
    assert administration.answered_by == parent
    assert administration.on == timezone.localdate()
    assert administration.caseness is True
    link.refresh_from_db()
    assert link.administration == administration
    assert link.state == QuestionnaireLink.State.USED
    # Audited, by no one signed in, as through the link.
    recorded = AuditEvent.objects.get(action="administration.recorded")
    assert recorded.actor_code is None
    assert recorded.detail["through"] == "questionnaire link"
    assert AuditEvent.objects.filter(action="questionnaire_link.used").count() == 1
    case_page = as_clinician.get(reverse("casework:case", kwargs={"code": case.code}))
    shown = case_page.content.decode()
    assert "Filled in by the family through a link" in shown
    assert "Measure filled in by the family through a link" in shown


def test_a_risk_answer_opens_a_task_tells_the_lead_and_shows_urgent_help(
    case: Case, parent: CasePerson, clinician: User
) -> None:
    _link, token = made(case, clinician, parent, language="pl")
    answer = family().post(page(token), RISK_PHQ9)
    html = answer.content.decode()
    assert answer.status_code == 200
    assert "116 123" in html
    assert "999" in html
    assert "111" in html
    assert "Samaritans" in html
    assert '<html lang="pl"' in html
    task = Task.objects.get()
    assert (task.kind, task.assigned_to) == (Task.Kind.RISK, clinician)
    note = Notification.objects.get(recipient=Notification.Recipient.STAFF)
    assert note.template == Notification.Template.RISK_TASK
    assert note.user == clinician
    opened = AuditEvent.objects.get(action="task.risk_opened")
    assert opened.actor_code is None


def test_a_link_works_once(case: Case, parent: CasePerson, clinician: User) -> None:
    _link, token = made(case, clinician, parent)
    assert family().post(page(token), CALM_PHQ9).status_code == 200
    again = family().post(page(token), RISK_PHQ9)
    assert again.status_code == 410
    assert "This questionnaire has already been sent" in again.content.decode()
    shown = family("ro").get(page(token))
    assert shown.status_code == 410
    assert "Acest chestionar a fost deja trimis" in shown.content.decode()
    assert Administration.objects.count() == 1
    assert not Task.objects.exists()
    with pytest.raises(services_link.LinkUnavailable) as unavailable:
        services_link.link_answer(token=token, items=[0] * 9)
    assert unavailable.value.state == QuestionnaireLink.State.USED


def test_a_link_expires_after_7_days(case: Case, parent: CasePerson, clinician: User) -> None:
    _link, token = made(case, clinician, parent)
    with time_machine.travel(timezone.now() + timedelta(days=7, seconds=-60)):
        assert family().get(page(token)).status_code == 200
    with time_machine.travel(timezone.now() + timedelta(days=7, seconds=1)):
        shown = family().get(page(token))
        assert shown.status_code == 410
        assert "This link has expired" in shown.content.decode()
        sent = family("ur").post(page(token), CALM_PHQ9)
        assert sent.status_code == 410
        assert "اس لنک کی مدت ختم ہو گئی ہے" in sent.content.decode()
    assert not Administration.objects.exists()


def test_a_withdrawn_link_no_longer_works(
    as_clinician: Client, case: Case, parent: CasePerson, clinician: User
) -> None:
    link, token = made(case, clinician, parent)
    url = reverse("casework:link-withdraw", kwargs={"code": case.code, "questionnaire": link.code})
    assert "Withdraw the link" in as_clinician.get(url).content.decode()
    assert as_clinician.post(url).status_code == 302
    link.refresh_from_db()
    assert link.state == QuestionnaireLink.State.WITHDRAWN
    assert link.withdrawn_by == clinician
    assert AuditEvent.objects.filter(action="questionnaire_link.withdrawn").count() == 1
    shown = family().post(page(token), CALM_PHQ9)
    assert shown.status_code == 410
    assert "This link no longer works" in shown.content.decode()
    assert not Administration.objects.exists()
    # Withdrawing it again changes nothing.
    assert as_clinician.post(url).status_code == 302
    assert AuditEvent.objects.filter(action="questionnaire_link.withdrawn").count() == 1
    listed = as_clinician.get(reverse("casework:case", kwargs={"code": case.code}))
    assert "Withdrawn" in listed.content.decode()


def test_a_link_of_a_closed_case_is_withdrawn(
    case: Case, parent: CasePerson, clinician: User
) -> None:
    _link, token = made(case, clinician, parent)
    case_close(by=clinician, case=case, reason="goals_met", summary="Well.", dealt_with=True)
    assert family().get(page(token)).status_code == 410
    assert family().post(page(token), CALM_PHQ9).status_code == 410
    assert not Administration.objects.exists()
    case.refresh_from_db()
    assert [row.state for row in links_for_case(case)] == [QuestionnaireLink.State.WITHDRAWN]


@pytest.mark.parametrize("token", ["x" * 43, "nope", "a" * 500, "%00"])
def test_an_unknown_link_is_not_found_in_the_chosen_language(
    case: Case, parent: CasePerson, clinician: User, token: str
) -> None:
    made(case, clinician, parent)
    english = family().get(page(token))
    assert english.status_code == 404
    urdu = family("ur").post(page(token), CALM_PHQ9)
    assert urdu.status_code == 404
    assert '<html lang="ur" dir="rtl">' in urdu.content.decode()
    assert not Administration.objects.exists()


@pytest.mark.parametrize(
    ("answers", "question"),
    [
        ({k: v for k, v in CALM_PHQ9.items() if k != "item_4"}, 4),
        (CALM_PHQ9 | {"item_9": "4"}, 9),
        (CALM_PHQ9 | {"item_2": "-1"}, 2),
        (CALM_PHQ9 | {"item_7": "one"}, 7),
        (CALM_PHQ9 | {"item_1": ""}, 1),
    ],
    ids=["missing", "out of range", "negative", "not a number", "empty"],
)
def test_bad_answers_are_shown_in_an_error_summary_and_nothing_is_saved(
    case: Case, parent: CasePerson, clinician: User, answers: dict[str, str], question: int
) -> None:
    link, token = made(case, clinician, parent)
    answer = family().post(page(token), answers)
    html = answer.content.decode()
    assert answer.status_code == 400
    assert "nhsuk-error-summary" in html
    assert f"Choose an answer for question {question}" in html
    assert html.count("Choose an answer for question") == 2  # the summary and the question
    assert not Administration.objects.exists()
    link.refresh_from_db()
    assert link.state == QuestionnaireLink.State.WAITING
    # Extra answers (a tenth item on a page changed in the browser) are ignored.
    assert family().post(page(token), CALM_PHQ9 | {"item_10": "3"}).status_code == 200
    assert Administration.objects.get().items == [1, 1, 1, 1, 1, 1, 1, 1, 0]


def test_the_family_page_is_rate_limited(
    case: Case, parent: CasePerson, clinician: User, settings: Any
) -> None:
    _link, token = made(case, clinician, parent)
    settings.RATE_LIMITS_ENABLED = True
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "questionnaire": (2, 3600)}
    visitor = family()
    assert visitor.get(page(token)).status_code == 200
    assert visitor.get(page("wrong")).status_code == 404
    assert visitor.get(page(token)).status_code == 429


def test_only_measures_whose_wording_is_shown_are_offered() -> None:
    from littleminds.measures.wording import WordingNotShown, wording_of

    assert len(wording_of("phq9").items) == 9
    assert len(wording_of("gad7").items) == 7
    for code in ("epds", "pirgas", "core10"):
        with pytest.raises(WordingNotShown):
            wording_of(code)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks are PostgreSQL's")
@pytest.mark.django_db(transaction=True)
def test_two_sendings_at_once_make_one_administration(
    clinician: User, practitioner: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    case = open_case(referrer=practitioner, clinician=clinician)
    _link, token = made(case, clinician, case.people.get())
    record = services_link.administration_record

    def slowly(**kwargs: Any) -> Administration:
        # Long enough for the other sending to reach the link while this one holds it.
        time.sleep(0.5)
        return record(**kwargs)

    monkeypatch.setattr(services_link, "administration_record", slowly)
    barrier = threading.Barrier(2)
    results: list[str] = []

    def send() -> None:
        try:
            barrier.wait()
            services_link.link_answer(token=token, items=[0] * 9)
            results.append("made")
        except services_link.LinkUnavailable as unavailable:
            results.append(unavailable.state.value)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(results) == ["made", "used"]
    assert Administration.objects.count() == 1


# A second link while one waits ------------------------------------------------------------


def test_an_empty_link_form_is_answered_with_the_error_summary(
    as_clinician: Client, case: Case, parent: CasePerson
) -> None:
    url = reverse("casework:link-new", kwargs={"code": case.code})
    answer = as_clinician.post(url, {})
    html = answer.content.decode()
    assert answer.status_code == 200
    assert "nhsuk-error-summary" in html
    assert "Choose the questionnaire" in html
    assert not QuestionnaireLink.objects.exists()


def test_the_box_to_replace_a_waiting_link_shows_only_while_one_waits(
    as_clinician: Client, case: Case, parent: CasePerson, clinician: User
) -> None:
    url = reverse("casework:link-new", kwargs={"code": case.code})
    assert 'name="replace_waiting"' not in as_clinician.get(url).content.decode()
    made(case, clinician, parent)
    html = as_clinician.get(url).content.decode()
    assert 'name="replace_waiting"' in html
    assert "Withdraw the link still waiting and make a new one" in html


def test_a_second_link_while_one_waits_is_refused_with_a_clear_message(
    as_clinician: Client, case: Case, parent: CasePerson, clinician: User
) -> None:
    _, token = made(case, clinician, parent)
    url = reverse("casework:link-new", kwargs={"code": case.code})
    answer = as_clinician.post(
        url, {"measure": "phq9", "answerer": str(parent.code), "language": "en", "send_by": ""}
    )
    html = answer.content.decode()
    assert answer.status_code == 200
    assert "nhsuk-error-summary" in html
    assert "A PHQ-9 link for Sam Example is still waiting" in html
    assert QuestionnaireLink.objects.count() == 1
    assert family().get(page(token)).status_code == 200
    # Another measure for the same person is not the same link.
    other = as_clinician.post(
        url, {"measure": "gad7", "answerer": str(parent.code), "language": "en", "send_by": ""}
    )
    assert other.status_code == 302
    assert QuestionnaireLink.objects.count() == 2
    with pytest.raises(services_link.LinkStillWaiting):
        made(case, clinician, parent)
    assert QuestionnaireLink.objects.count() == 2


def test_ticking_the_box_withdraws_the_waiting_link_and_makes_a_new_one(
    as_clinician: Client, case: Case, parent: CasePerson, clinician: User
) -> None:
    first, token = made(case, clinician, parent)
    url = reverse("casework:link-new", kwargs={"code": case.code})
    answer = as_clinician.post(
        url,
        {
            "measure": "phq9",
            "answerer": str(parent.code),
            "language": "en",
            "send_by": "",
            "replace_waiting": "on",
        },
    )
    assert answer.status_code == 302
    first.refresh_from_db()
    assert first.withdrawn_by == clinician
    assert family().get(page(token)).status_code == 410
    new = QuestionnaireLink.objects.exclude(pk=first.pk).get()
    assert new.state == QuestionnaireLink.State.WAITING
    actions = list(
        AuditEvent.objects.filter(action__startswith="questionnaire_link.")
        .order_by("pk")
        .values_list("action", "target_code")
    )
    assert actions[-2:] == [
        ("questionnaire_link.withdrawn", str(first.code)),
        ("questionnaire_link.made", str(new.code)),
    ]


def test_a_link_that_cannot_be_made_leaves_the_waiting_one_working(
    case: Case, parent: CasePerson, clinician: User
) -> None:
    first, token = made(case, clinician, parent)
    parent.may_text = False
    parent.save()
    with pytest.raises(NotAllowed):
        services_link.link_create(
            by=clinician,
            case=case,
            measure="phq9",
            answerer=parent,
            language="en",
            send_by="text",
            replace_waiting=True,
        )
    first.refresh_from_db()
    assert first.withdrawn_at is None
    assert family().get(page(token)).status_code == 200
