"""Training questionnaires: the statements and their locking, one answer set a registration
a time, the answering pages and their bad input, the public link's expiry and single use,
the command's invitations (once each, with a controllable clock), the course summary with
the feedback, and access."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime, time, timedelta
from typing import Any

import pytest
import time_machine
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from littleminds.accounts.models import Team, User
from littleminds.audit.models import AuditEvent
from littleminds.notifications import backends
from littleminds.notifications.models import Notification
from littleminds.training import services_questions as questions
from littleminds.training.forms_questions import item_field_name
from littleminds.training.models import Course, CourseSession, Registration
from littleminds.training.models_attendance import Attendance
from littleminds.training.models_questions import (
    Answer,
    AnswerSet,
    QuestionnaireInvitation,
    QuestionnaireItem,
)
from littleminds.training.tests import factories
from littleminds.training.tests import factories_attendance as attendance

pytestmark = pytest.mark.django_db

STATEMENTS = [
    "I know what babies need to feel safe",
    "I feel confident talking with parents about their baby's feelings",
    "I know where to refer a family for help",
]


@pytest.fixture
def course(trainer: User, team: Team) -> Course:
    made = factories.course(trainer, team)
    for text in STATEMENTS:
        questions.item_add(by=trainer, course=made, text=text)
    return made


@pytest.fixture
def coming(trainer: User, course: Course) -> CourseSession:
    """A session in 10 days: the "before" questionnaire is open."""
    made = factories.session(trainer, course)
    made.trainers.set([trainer])
    return made


@pytest.fixture
def past(trainer: User, course: Course) -> CourseSession:
    """A session that ended 3 days ago: the "straight after" questionnaire is open."""
    return attendance.past_session(trainer, course)


def came(registration: Registration, mark: str = "present") -> Registration:
    """Mark the person `mark` at every part of their session (as the trainer)."""
    session = registration.session
    trainer = session.course.created_by
    for part in session.parts.all():
        Attendance.objects.create(
            registration=registration, part=part, mark=mark, marked_by=trainer
        )
    return registration


def items(course: Course) -> list[QuestionnaireItem]:
    return questions.active_items(course)


def given(course: Course, score: int = 3, **feedback: str) -> questions.Given:
    return questions.Given(scores={str(i.code): score for i in items(course)}, **feedback)


def form_data(course: Course, score: int = 3, **extra: str) -> dict[str, Any]:
    return {item_field_name(i): str(score) for i in items(course)} | extra


# Statements ------------------------------------------------------------------------------


def test_statements_are_added_reworded_and_ordered_until_the_first_answer(
    trainer: User, course: Course, coming: CourseSession, practitioner: User
) -> None:
    first, second, third = items(course)
    questions.item_reword(by=trainer, item=second, text="  I know   what to say  ")
    questions.item_move(by=trainer, item=third, up=True)
    assert [i.text for i in items(course)] == [first.text, third.text, "I know what to say"]

    questions.answers_record(
        by=practitioner,
        registration=attendance.holder(coming, practitioner),
        given=given(course),
    )

    with pytest.raises(questions.ItemsLocked):
        questions.item_reword(by=trainer, item=first, text="Something else entirely")
    with pytest.raises(questions.ItemsLocked):
        questions.item_add(by=trainer, course=course, text="A new statement")
    with pytest.raises(questions.ItemsLocked):
        questions.item_move(by=trainer, item=first, up=False)
    questions.item_retire(by=trainer, item=first)
    assert [i.text for i in items(course)] == [third.text, "I know what to say"]
    assert QuestionnaireItem.objects.get(pk=first.pk).text == first.text


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Enter the statement"),
        ("Hey", "at least 5 characters"),
        ("x" * 251, "250 characters or fewer; it has 251"),
    ],
)
def test_a_statement_has_bounds(trainer: User, course: Course, text: str, message: str) -> None:
    with pytest.raises(questions.QuestionsError, match=message):
        questions.item_add(by=trainer, course=course, text=text)
    assert QuestionnaireItem.objects.filter(course=course).count() == 3


def test_a_questionnaire_has_at_most_twenty_statements(trainer: User, course: Course) -> None:
    for n in range(17):
        questions.item_add(by=trainer, course=course, text=f"Statement number {n}")
    with pytest.raises(questions.QuestionsError, match="at most 20"):
        questions.item_add(by=trainer, course=course, text="One too many")


# Answers ---------------------------------------------------------------------------------


def test_the_database_keeps_one_answer_set_a_registration_a_time(
    coming: CourseSession, practitioner: User
) -> None:
    registration = attendance.holder(coming, practitioner)
    AnswerSet.objects.create(registration=registration, when="before")
    with pytest.raises(IntegrityError), transaction.atomic():
        AnswerSet.objects.create(registration=registration, when="before")
    AnswerSet.objects.create(registration=registration, when="after")


def test_feedback_belongs_to_the_straight_after_answers_only(
    coming: CourseSession, practitioner: User
) -> None:
    registration = attendance.holder(coming, practitioner)
    with pytest.raises(IntegrityError), transaction.atomic():
        AnswerSet.objects.create(registration=registration, when="before", helped="Yes")


def test_answering_twice_is_refused_in_words(
    course: Course, coming: CourseSession, practitioner: User
) -> None:
    registration = attendance.holder(coming, practitioner)
    questions.answers_record(by=practitioner, registration=registration, given=given(course))
    with pytest.raises(questions.NotOpen, match="answered this questionnaire already"):
        questions.answers_record(by=practitioner, registration=registration, given=given(course))
    assert AnswerSet.objects.count() == 1


def test_the_times_open_and_close(
    course: Course, coming: CourseSession, past: CourseSession, practitioner: User
) -> None:
    ahead = attendance.holder(coming, practitioner)
    done = came(attendance.holder(past, practitioner))
    now = timezone.now()
    assert questions.open_time(ahead, now) == "before"
    assert questions.open_time(done, now) == "after"
    assert questions.open_time(done, now + timedelta(days=91)) == "later"
    assert questions.open_time(done, now + timedelta(days=160)) is None
    # While the session runs (9:30 to 12:30) neither time is open: "before" closed when it
    # started, and "straight after" opens when it ends.
    during = timezone.make_aware(datetime.combine(coming.first_day, time(10, 30)))
    assert questions.open_time(ahead, during) is None
    ended = timezone.make_aware(datetime.combine(coming.first_day, time(12, 30)))
    assert questions.open_time(ahead, ended) is None  # nobody has marked them there
    came(ahead, "late")
    assert questions.open_time(ahead, ended) == "after"


def test_every_write_is_audited(
    trainer: User, course: Course, coming: CourseSession, practitioner: User
) -> None:
    registration = attendance.holder(coming, practitioner)
    questions.answers_record(by=practitioner, registration=registration, given=given(course))
    actions = list(
        AuditEvent.objects.filter(action__startswith="training.questionnaire").values_list(
            "action", flat=True
        )
    )
    assert actions.count("training.questionnaire_item_added") == 3
    assert "training.questionnaire_answered" in actions


# The signed-in answering page ------------------------------------------------------------


def test_a_practitioner_answers_from_your_training(
    course: Course, coming: CourseSession, practitioner: User, as_persona: Callable[..., Client]
) -> None:
    registration = attendance.holder(coming, practitioner)
    client = as_persona("practitioner")
    mine = client.get(reverse("training:mine")).content.decode()
    url = reverse("training:place-questionnaire", args=[registration.code])
    assert url in mine

    page = client.get(url).content.decode()
    assert "Strongly disagree" in page
    assert "Strongly agree" in page
    assert "What helped?" not in page  # feedback is asked straight after only

    response = client.post(url, form_data(course, 4))
    assert response.status_code == 302
    answer_set = AnswerSet.objects.get()
    assert answer_set.when == "before"
    assert answer_set.answered_by == practitioner
    assert sorted(Answer.objects.values_list("score", flat=True)) == [4, 4, 4]
    assert url not in client.get(reverse("training:mine")).content.decode()
    assert "answered this questionnaire already" in client.get(url).content.decode()


def test_missing_answers_are_each_named_and_nothing_is_saved(
    course: Course, coming: CourseSession, practitioner: User, as_persona: Callable[..., Client]
) -> None:
    registration = attendance.holder(coming, practitioner)
    first, second, third = items(course)
    response = as_persona("practitioner").post(
        reverse("training:place-questionnaire", args=[registration.code]),
        {item_field_name(first): "2", item_field_name(third): "9"},
    )
    assert response.status_code == 400
    summary = response.content.decode().split('class="nhsuk-error-summary"')[1].split("</ul>")[0]
    assert f"Choose how much you agree with “{second.text}”".replace("'", "&#x27;") in summary
    assert f"Choose how much you agree with “{third.text}”" in summary
    assert first.text not in summary
    assert not AnswerSet.objects.exists()


def test_straight_after_asks_for_feedback_and_too_long_is_a_message(
    course: Course, past: CourseSession, practitioner: User, as_persona: Callable[..., Client]
) -> None:
    registration = came(attendance.holder(past, practitioner))
    client = as_persona("practitioner")
    url = reverse("training:place-questionnaire", args=[registration.code])
    assert "What should we change?" in client.get(url).content.decode()

    response = client.post(url, form_data(course, 5, helped="x" * 1001, change="Shorter"))
    assert response.status_code == 400
    assert "1,000 characters or fewer" in response.content.decode()
    assert not AnswerSet.objects.exists()

    client.post(url, form_data(course, 5, helped="The videos", change="Shorter days"))
    answer_set = AnswerSet.objects.get()
    assert (answer_set.when, answer_set.helped, answer_set.change) == (
        "after",
        "The videos",
        "Shorter days",
    )


def test_someone_elses_questionnaire_is_not_found(
    course: Course, coming: CourseSession, trainer: User, as_persona: Callable[..., Client]
) -> None:
    registration = attendance.holder(coming, trainer)
    url = reverse("training:place-questionnaire", args=[registration.code])
    assert as_persona("practitioner").get(url).status_code == 404
    assert as_persona("practitioner").post(url, form_data(course)).status_code == 404
    assert not AnswerSet.objects.exists()


# The public link -------------------------------------------------------------------------


def _invite(registration: Registration, when: str = "before") -> str:
    invited = questions.invitation_create(registration=registration, when=when, now=timezone.now())
    assert invited is not None
    return invited.token


def test_a_public_registrant_answers_once_through_the_link(
    course: Course, coming: CourseSession, anonymous: Client
) -> None:
    registration = attendance.public_holder(coming)
    url = reverse("training:public-questionnaire", args=[_invite(registration)])
    assert anonymous.get(url).status_code == 200

    assert anonymous.post(url, form_data(course, 2)).status_code == 200
    answer_set = AnswerSet.objects.get()
    assert answer_set.registration == registration
    assert answer_set.answered_by is None
    invitation = QuestionnaireInvitation.objects.get()
    assert invitation.token_hash is None
    assert invitation.used_at is not None

    again = anonymous.post(url, form_data(course, 5))
    assert again.status_code == 410
    assert "used already" in again.content.decode()
    assert AnswerSet.objects.count() == 1


def test_the_public_link_expires_when_its_time_closes(
    course: Course, coming: CourseSession, anonymous: Client
) -> None:
    registration = attendance.public_holder(coming)
    url = reverse("training:public-questionnaire", args=[_invite(registration)])
    with time_machine.travel(timezone.now() + timedelta(days=11), tick=False):
        response = anonymous.get(url)
        assert anonymous.post(url, form_data(course)).status_code == 410
    assert response.status_code == 410
    assert "expired" in response.content.decode()
    assert not AnswerSet.objects.exists()


def test_a_made_up_link_does_not_work(anonymous: Client) -> None:
    url = reverse("training:public-questionnaire", args=["not-a-real-token"])
    assert anonymous.get(url).status_code == 410


def test_the_public_page_is_in_the_registrants_language(
    course: Course, coming: CourseSession, anonymous: Client
) -> None:
    registration = attendance.public_holder(coming)
    url = reverse("training:public-questionnaire", args=[_invite(registration)])
    page = anonymous.get(url, HTTP_ACCEPT_LANGUAGE="ur").content.decode()
    assert 'lang="ur"' in page
    assert "Strongly agree" not in page
    assert f'<span lang="en" dir="ltr">{STATEMENTS[0]}</span>' in page


# Invitations -----------------------------------------------------------------------------


def test_the_command_sends_each_times_invitation_once(
    course: Course,
    coming: CourseSession,
    past: CourseSession,
    practitioner: User,
    recorded: list[backends.Outgoing],
    capsys: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    ahead = attendance.holder(coming, practitioner)
    public = attendance.public_holder(coming)
    done = came(attendance.public_holder(past, "Ioana Pop"))

    with django_capture_on_commit_callbacks(execute=True):
        call_command("training", "questionnaires")
        call_command("training", "questionnaires")
    out = capsys.readouterr().out
    assert "2 before, 1 straight after, 0 three months after" in out
    assert "0 before, 0 straight after, 0 three months after" in out
    assert [n.user for n in Notification.objects.filter(template="training_questionnaire")] == [
        practitioner
    ]
    assert sorted(m.to for m in recorded) == sorted([done.email, public.email])
    assert QuestionnaireInvitation.objects.filter(registration=ahead, token_hash=None).exists()

    # Three months on, the reminder goes to the person who took the course, once (and the
    # coming session has ended by then, so its people who came are asked straight after).
    came(ahead)
    came(public, "late")
    with (
        time_machine.travel(timezone.now() + timedelta(days=92), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert questions.questionnaires_send() == questions.InvitationsReport(0, 2, 1)
        assert questions.questionnaires_send() == questions.InvitationsReport(0, 0, 0)
    later = recorded[-1]
    assert later.to == done.email
    assert "Three months on" in later.subject
    token = re.search(r"/training/questionnaire/([^/\s]+)/", later.body)
    assert token is not None
    assert (
        questions.invitation_for(token.group(1), timezone.now() + timedelta(days=92)).when
        == "later"
    )


def test_no_invitation_for_a_course_without_statements_or_a_cancelled_place(
    trainer: User, team: Team, practitioner: User
) -> None:
    bare = factories.session(trainer, factories.course(trainer, team, title="No questions"))
    attendance.holder(bare, practitioner)
    assert questions.questionnaires_send() == questions.InvitationsReport(0, 0, 0)


# The people who run the course -----------------------------------------------------------


def test_a_trainer_sets_the_statements_on_the_page(
    course: Course, as_persona: Callable[..., Client]
) -> None:
    client = as_persona("trainer")
    url = reverse("training:course-questionnaire", args=[course.code])
    assert client.get(url).status_code == 200

    bad = client.post(url, {"action": "add", "new-text": "x" * 300})
    assert bad.status_code == 400
    assert "Statement must be 250 characters or fewer" in bad.content.decode()
    assert client.post(url, {"action": "add", "new-text": "A fourth statement"}).status_code == 302
    first = items(course)[0]
    client.post(url, {"action": "down", "item": str(first.code)})
    assert items(course)[1] == first
    client.post(
        url, {"action": "reword", "item": str(first.code), f"{first.code.hex}-text": "Reworded"}
    )
    assert QuestionnaireItem.objects.get(pk=first.pk).text == "Reworded"
    client.post(url, {"action": "retire", "item": str(first.code)})
    assert len(items(course)) == 3


def test_the_summary_shows_change_and_feedback(
    trainer: User, course: Course, past: CourseSession, as_persona: Callable[..., Client]
) -> None:
    people = factories.people(6)
    now = timezone.now()
    for n, person in enumerate(people):
        registration = came(attendance.holder(past, person))
        for when, score in (("before", 2), ("after", 3 + n % 2)):
            answer_set = AnswerSet.objects.create(
                registration=registration,
                when=when,
                answered_at=now,
                helped="The role play" if when == "after" and n == 0 else "",
            )
            Answer.objects.bulk_create(
                [Answer(answer_set=answer_set, item=i, score=score) for i in items(course)]
            )
    page = (
        as_persona("trainer")
        .get(reverse("training:questionnaire-summary", args=[course.code]))
        .content.decode()
    )
    # Changes 1, 2, 1, 2, 1, 2: mean 1.5, sd 0.5477, d_z 2.74.
    assert "Mean change 1.50 points" in page
    assert "d<sub>z</sub> 2.74" in page
    assert "The effect size d<sub>z</sub> is the mean change" in page
    assert "Too few answers to say: 0 people answered both times" in page
    assert "The role play" in page
    # Each person's mean at each time, and their change: Person 1 went from 2 to 4.
    row = page.split("Person 1</td>")[1].split("</tr>")[0]
    assert re.findall(r"</span>([^<]+)</td>", row) == [
        f"{past.first_day:%-d %B %Y}",
        "2.00",
        "4.00",
        "Not answered",
        "2.00",
        "Not known",
    ]
    assert AuditEvent.objects.filter(action="training.questionnaire_summary_viewed").exists()


def test_another_teams_trainer_does_not_find_the_questionnaire(
    course: Course, other_team: Team, sign_in: Callable[[Client, User], Client]
) -> None:
    from littleminds.accounts.roles import Role
    from littleminds.accounts.tests.factories import UserFactory

    outsider = UserFactory.create(email="t2@test.example", roles=[(Role.TRAINER, other_team)])
    client = sign_in(Client(), outsider)
    for name in ("training:course-questionnaire", "training:questionnaire-summary"):
        assert client.get(reverse(name, args=[course.code])).status_code == 404


def test_a_bad_statement_code_or_action_changes_nothing(
    trainer: User, course: Course, as_persona: Callable[..., Client]
) -> None:
    client = as_persona("trainer")
    url = reverse("training:course-questionnaire", args=[course.code])
    assert client.post(url, {"action": "retire", "item": "not-a-code"}).status_code == 404
    first = items(course)[0]
    refused = client.post(url, {"action": "shred", "item": str(first.code)})
    assert refused.status_code == 400
    assert "Choose what to do with the statement" in refused.content.decode()
    questions.item_retire(by=trainer, item=first)
    for action in ("up", "reword"):
        moved = client.post(
            url, {"action": action, "item": str(first.code), f"{first.code.hex}-text": "New words"}
        )
        assert moved.status_code == 400
    assert QuestionnaireItem.objects.get(pk=first.pk).text == STATEMENTS[0]
    assert len(items(course)) == 2


# Only the people who came are asked, and counted, after the course -----------------------


def test_straight_after_and_three_months_after_are_asked_only_of_people_who_came(
    course: Course,
    past: CourseSession,
    practitioner: User,
    recorded: list[backends.Outgoing],
    django_capture_on_commit_callbacks: Any,
) -> None:
    present = came(attendance.public_holder(past, "Ana Pop"))
    late = came(attendance.holder(past, practitioner), "late")
    excused = came(attendance.public_holder(past, "Ioana Pop"), "excused")
    absent = came(attendance.public_holder(past, "Olek Nowak"), "absent")
    unmarked = attendance.public_holder(past, "Maria Ionescu")

    with django_capture_on_commit_callbacks(execute=True):
        assert questions.questionnaires_send() == questions.InvitationsReport(0, 2, 0)
    invited = set(QuestionnaireInvitation.objects.values_list("registration", flat=True))
    assert invited == {present.pk, late.pk}
    assert [m.to for m in recorded] == [present.email]
    for stayed_away in (excused, absent, unmarked):
        assert questions.open_time(stayed_away) is None
        with pytest.raises(questions.NotOpen):
            questions.answers_record(by=practitioner, registration=stayed_away, given=given(course))
    assert not AnswerSet.objects.exists()

    with (
        time_machine.travel(timezone.now() + timedelta(days=92), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert questions.questionnaires_send() == questions.InvitationsReport(0, 0, 2)
    assert set(
        QuestionnaireInvitation.objects.filter(when="later").values_list("registration", flat=True)
    ) == {present.pk, late.pk}


def _answered(registration: Registration, scores: dict[str, int], helped: str = "") -> None:
    for when, score in scores.items():
        answer_set = AnswerSet.objects.create(
            registration=registration,
            when=when,
            answered_at=timezone.now(),
            helped=helped if when == "after" else "",
        )
        Answer.objects.bulk_create(
            [
                Answer(answer_set=answer_set, item=i, score=score)
                for i in items(course_of(answer_set))
            ]
        )


def course_of(answer_set: AnswerSet) -> Course:
    return answer_set.registration.session.course


def test_the_summary_counts_after_answers_only_of_people_who_came_and_tells_places_apart(
    trainer: User, course: Course, past: CourseSession, as_persona: Callable[..., Client]
) -> None:
    earlier = attendance.past_session(trainer, course, days_ago=[40])
    everyone = factories.people(7)
    people, stayed_away = everyone[:5], everyone[5:]
    for person in people:
        _answered(came(attendance.holder(past, person)), {"before": 2, "after": 4})
    # Person 1 took the course twice, on the earlier session too.
    _answered(came(attendance.holder(earlier, people[1])), {"before": 3, "after": 4})
    # Excused at every part, and absent: their answers after the course do not count.
    _answered(
        came(attendance.holder(past, stayed_away[0]), "excused"),
        {"before": 1, "after": 1, "later": 1},
        helped="Not there",
    )
    _answered(came(attendance.holder(past, stayed_away[1]), "absent"), {"before": 5, "after": 1})

    summary = questions_summary(trainer, course)
    overall = summary.rows[0]
    assert [t.answered for t in overall.times] == [8, 6, 0]
    assert overall.to_after.pairs == 6
    # Changes 2, 2, 2, 2, 2 and 1 (Person 1's earlier place): the excused 0 and absent -4
    # are left out.
    assert overall.to_after.mean_change == pytest.approx(11 / 6)
    assert (summary.places, summary.people) == (8, 7)
    assert not summary.feedback

    page = (
        as_persona("trainer")
        .get(reverse("training:questionnaire-summary", args=[course.code]))
        .content.decode()
    )
    words = " ".join(page.split())
    assert "Answers from 8 places on this course's sessions, held by 7 people." in words
    first_rows = page.split("Person 1</td>")[1:]
    assert len(first_rows) == 2
    days = [re.findall(r"</span>([^<]+)</td>", row)[0] for row in first_rows]
    assert days == [f"{earlier.first_day:%-d %B %Y}", f"{past.first_day:%-d %B %Y}"]
    excused_row = page.split(f"{stayed_away[0].full_name}</td>")[1].split("</tr>")[0]
    assert re.findall(r"</span>([^<]+)</td>", excused_row)[1:4] == [
        "1.00",
        "Not answered",
        "Not answered",
    ]


def questions_summary(trainer: User, course: Course) -> Any:
    from littleminds.training.selectors_questions import course_summary

    return course_summary(by=trainer, course=course)


# The statements page ---------------------------------------------------------------------


def test_the_same_statement_twice_is_refused(
    trainer: User, course: Course, as_persona: Callable[..., Client]
) -> None:
    with pytest.raises(questions.QuestionsError, match="This course already has this statement"):
        questions.item_add(
            by=trainer, course=course, text="  i know WHAT babies   need to feel safe"
        )
    first, second, _third = items(course)
    with pytest.raises(questions.QuestionsError, match="This course already has this statement"):
        questions.item_reword(by=trainer, item=second, text=first.text.upper())
    # Rewording a statement to its own words, differently spaced, is no repeat.
    questions.item_reword(by=trainer, item=first, text=f" {first.text}  ")

    client = as_persona("trainer")
    url = reverse("training:course-questionnaire", args=[course.code])
    response = client.post(url, {"action": "add", "new-text": STATEMENTS[1].lower()})
    assert response.status_code == 400
    summary = response.content.decode().split('class="nhsuk-error-summary"')[1].split("</ul>")[0]
    assert "This course already has this statement" in summary
    assert [i.text for i in items(course)] == STATEMENTS


def test_each_statement_box_is_labelled_by_its_number_and_a_move_says_so(
    course: Course, as_persona: Callable[..., Client]
) -> None:
    client = as_persona("trainer")
    url = reverse("training:course-questionnaire", args=[course.code])
    page = client.get(url).content.decode()
    first, second, third = items(course)
    for number, item in enumerate((first, second, third), start=1):
        label = re.search(rf'<label[^>]*for="id_{item.code.hex}-text"[^>]*>\s*([^<]+?)\s*<', page)
        assert label is not None
        assert label.group(1) == f"Statement {number}"

    moved = client.post(url, {"action": "down", "item": str(first.code)})
    assert moved.status_code == 302
    assert moved["Location"] == f"{url}#statement-{first.code.hex}"
    back = client.get(moved["Location"]).content.decode()
    assert "Statement moved down: it is now statement 2" in back
    assert f'id="statement-{first.code.hex}" tabindex="-1"' in back
    assert items(course) == [second, first, third]
    # At either end, there is nowhere to move: refused in the error summary, nothing moved.
    for action, item, words in (("up", second, "first"), ("down", third, "last")):
        refused = client.post(url, {"action": action, "item": str(item.code)})
        assert refused.status_code == 400
        assert f"This statement is {words} already" in refused.content.decode()
    assert items(course) == [second, first, third]
    moved = client.post(url, {"action": "up", "item": str(third.code)})
    assert (
        "Statement moved up: it is now statement 2"
        in client.get(moved["Location"]).content.decode()
    )
