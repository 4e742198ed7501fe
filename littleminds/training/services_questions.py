"""Writes of training questionnaires (ADR 0035): the items a course's trainers and training
managers set (added, reworded and put in order until the first answer, then only retired),
a person's answers at each time with the course feedback straight after, and the
invitations to answer, each time's sent once (`littleminds training questionnaires`).

Every write is audited in its transaction. Item changes and answers lock the course's row,
so an item cannot be reworded while the first answer is being saved. A public registrant's
link carries a token of which only the hash is kept; it works once, until its time closes.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from littleminds.accounts.models import User
from littleminds.audit.services import audit_record
from littleminds.core.background import run_in_background
from littleminds.notifications import backends
from littleminds.notifications.services import staff_notify
from littleminds.training.models import Course, CourseSession, Registration
from littleminds.training.models_attendance import Attendance
from littleminds.training.models_questions import (
    FEEDBACK_LIMIT,
    ITEM_LIMIT,
    ITEM_SHORTEST,
    ITEMS_MOST,
    SCORES,
    Answer,
    AnswerSet,
    QuestionnaireInvitation,
    QuestionnaireItem,
    When,
)
from littleminds.training.services_places import public_message_send, session_starts

# The three-month questionnaire opens this long after the course ends (and the straight-after
# one closes), and stays open for `LATER_OPEN`.
LATER_AFTER = timedelta(days=91)
LATER_OPEN = timedelta(days=60)
TOKEN_BYTES = 32
TOKEN_LIMIT = 100
LANGUAGES = ("en", "ur", "pl", "ro")


class QuestionsError(Exception):
    """The change cannot be made; the message says why, in words for the page."""

    @property
    def message(self) -> str:
        return str(self.args[0]) if self.args else ""


class ItemsLocked(QuestionsError):
    pass


class NotOpen(QuestionsError):
    pass


class LinkInvalid(QuestionsError):
    pass


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def session_ends(session: CourseSession) -> datetime:
    """When the session's last part ends, in the site's time zone."""
    part = max(session.parts.all(), key=lambda p: (p.day, p.ends))
    return timezone.make_aware(datetime.combine(part.day, part.ends))


def window(session: CourseSession, when: str) -> tuple[datetime | None, datetime]:
    """When a time's questionnaire opens (None: from registering) and closes."""
    if when == When.BEFORE:
        return None, session_starts(session)
    ends = session_ends(session)
    if when == When.AFTER:
        return ends, ends + LATER_AFTER
    return ends + LATER_AFTER, ends + LATER_AFTER + LATER_OPEN


# Straight after and three months after are asked of, and counted for, only the people who
# attended: present or late at one part at least (ADR 0035).
AFTER_TIMES = (When.AFTER, When.LATER)


def attended(registration: Registration) -> bool:
    """Whether the person came to the session (present or late at one part at least); uses
    a prefetched `attendances` when there is one."""
    return any(a.mark in Attendance.ATTENDED for a in registration.attendances.all())


def open_time(registration: Registration, now: datetime | None = None) -> str | None:
    """The time whose questionnaire the person holding a place may answer now, if any:
    straight after and three months after only if they attended."""
    now = now or timezone.now()
    session = registration.session
    if registration.status != Registration.Status.HELD or session.cancelled_at is not None:
        return None
    if not session.parts.all():
        return None
    for when in When.values:
        opens, closes = window(session, when)
        if (opens is None or opens <= now) and now < closes:
            if when in AFTER_TIMES and not attended(registration):
                return None  # asked only of the people who came
            return when
    return None


def items_locked(course: Course) -> bool:
    return Answer.objects.filter(item__course=course).exists()


def active_items(course: Course) -> list[QuestionnaireItem]:
    return list(course.questionnaire_items.filter(retired_at__isnull=True).order_by("position"))


# Items -----------------------------------------------------------------------------------


def _lock_course(course: Course) -> Course:
    return Course.objects.select_for_update().select_related("team").get(pk=course.pk)


def _checked_text(text: str) -> str:
    text = " ".join(text.split())
    if not text:
        raise QuestionsError(_("Enter the statement"))
    if len(text) < ITEM_SHORTEST:
        raise QuestionsError(
            _("The statement must be at least %(limit)d characters long") % {"limit": ITEM_SHORTEST}
        )
    if len(text) > ITEM_LIMIT:
        raise QuestionsError(
            _("The statement must be %(limit)d characters or fewer; it has %(count)d")
            % {"limit": ITEM_LIMIT, "count": len(text)}
        )
    return text


def _same_words(text: str) -> str:
    """The wording as compared for sameness: case and spacing ignored."""
    return " ".join(text.split()).casefold()


def _refuse_if_repeated(course: Course, text: str, but: QuestionnaireItem | None = None) -> None:
    """Refuse a wording the course already asks (its statements not retired)."""
    others = course.questionnaire_items.filter(retired_at__isnull=True)
    if but is not None:
        others = others.exclude(pk=but.pk)
    if any(
        _same_words(other) == _same_words(text) for other in others.values_list("text", flat=True)
    ):
        raise QuestionsError(_("This course already has this statement"))


def _refuse_if_locked(course: Course) -> None:
    if items_locked(course):
        raise ItemsLocked(
            _(
                "People have started answering, so the statements can no longer be changed. "
                "You can retire a statement instead."
            )
        )


def _audit_item(by: User, action: str, course: Course, item: QuestionnaireItem) -> None:
    audit_record(
        by=by,
        action=action,
        target=course,
        team=course.team,
        detail={"item": str(item.code), "text": item.text, "position": item.position},
    )


def item_add(*, by: User, course: Course, text: str) -> QuestionnaireItem:
    with transaction.atomic():
        course = _lock_course(course)
        _refuse_if_locked(course)
        text = _checked_text(text)
        if course.questionnaire_items.filter(retired_at__isnull=True).count() >= ITEMS_MOST:
            raise QuestionsError(
                _("A questionnaire has at most %(most)d statements") % {"most": ITEMS_MOST}
            )
        _refuse_if_repeated(course, text)
        top = course.questionnaire_items.aggregate(top=Max("position"))["top"] or 0
        item = QuestionnaireItem(course=course, text=text, position=top + 1, created_by=by)
        item.full_clean(exclude=["course", "created_by"])
        item.save()
        _audit_item(by, "training.questionnaire_item_added", course, item)
    return item


def item_reword(*, by: User, item: QuestionnaireItem, text: str) -> QuestionnaireItem:
    with transaction.atomic():
        course = _lock_course(item.course)
        _refuse_if_locked(course)
        item = QuestionnaireItem.objects.get(pk=item.pk)
        if item.retired_at is not None:
            raise QuestionsError(_("This statement was retired, so it cannot be reworded"))
        before = item.text
        item.text = _checked_text(text)
        _refuse_if_repeated(course, item.text, but=item)
        item.save(update_fields=["text"])
        audit_record(
            by=by,
            action="training.questionnaire_item_reworded",
            target=course,
            team=course.team,
            detail={"item": str(item.code), "text": item.text, "before": before},
        )
    return item


def item_move(*, by: User, item: QuestionnaireItem, up: bool) -> QuestionnaireItem:
    """Swap the item with the one before it (`up`) or after it; at either end, refused in
    words (the page offers no such button, so only an old page or a made-up request asks)."""
    with transaction.atomic():
        course = _lock_course(item.course)
        _refuse_if_locked(course)
        items = active_items(course)
        index = next((n for n, i in enumerate(items) if i.pk == item.pk), None)
        if index is None:
            raise QuestionsError(_("This statement was retired, so it has no place in the order"))
        other = index - 1 if up else index + 1
        if not 0 <= other < len(items):
            raise QuestionsError(
                _("This statement is first already") if up else _("This statement is last already")
            )
        mine, theirs = items[index], items[other]
        mine.position, theirs.position = theirs.position, mine.position
        mine.save(update_fields=["position"])
        theirs.save(update_fields=["position"])
        _audit_item(by, "training.questionnaire_item_moved", course, mine)
    return mine


def item_retire(*, by: User, item: QuestionnaireItem) -> QuestionnaireItem:
    """Retire an item: no longer asked; answers already given stay in the summary."""
    with transaction.atomic():
        course = _lock_course(item.course)
        item = QuestionnaireItem.objects.get(pk=item.pk)
        if item.retired_at is not None:
            raise QuestionsError(_("This statement was retired already"))
        item.retired_at = timezone.now()
        item.retired_by = by
        item.save(update_fields=["retired_at", "retired_by"])
        _audit_item(by, "training.questionnaire_item_retired", course, item)
    return item


# Answers ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Given:
    """A person's answers: a score for each item's code, and the feedback (straight after
    only)."""

    scores: dict[str, int]
    helped: str = ""
    change: str = ""


def _record(
    *,
    by: User | None,
    registration: Registration,
    when: str,
    given: Given,
    now: datetime,
) -> AnswerSet:
    """The caller holds the course's lock and has checked that `when` is open."""
    items = active_items(registration.session.course)
    if not items:
        raise NotOpen(_("This course has no questionnaire"))
    missing = [item for item in items if str(item.code) not in given.scores]
    if missing:
        raise QuestionsError(_("Answer every statement"))
    if any(given.scores[str(item.code)] not in SCORES for item in items):
        raise QuestionsError(_("Choose an answer from 1 to 5 for each statement"))
    helped, change = given.helped.strip(), given.change.strip()
    if when != When.AFTER:
        helped = change = ""
    if len(helped) > FEEDBACK_LIMIT or len(change) > FEEDBACK_LIMIT:
        raise QuestionsError(
            _("Each answer must be %(limit)d characters or fewer") % {"limit": FEEDBACK_LIMIT}
        )
    if AnswerSet.objects.filter(registration=registration, when=when).exists():
        raise NotOpen(_("You have answered this questionnaire already"))
    try:
        with transaction.atomic():
            answer_set = AnswerSet.objects.create(
                registration=registration,
                when=when,
                answered_at=now,
                answered_by=by,
                helped=helped,
                change=change,
            )
    except IntegrityError as error:
        raise NotOpen(_("You have answered this questionnaire already")) from error
    Answer.objects.bulk_create(
        [Answer(answer_set=answer_set, item=i, score=given.scores[str(i.code)]) for i in items]
    )
    audit_record(
        by=by,
        action="training.questionnaire_answered",
        target=registration,
        team=registration.session.course.team,
        detail={
            "session": str(registration.session.code),
            "when": when,
            "answers": len(items),
            "feedback": bool(helped or change),
        },
    )
    return answer_set


def answers_record(
    *, by: User, registration: Registration, given: Given, now: datetime | None = None
) -> AnswerSet:
    """A signed-in person answers the questionnaire open for their place now. The caller
    has checked the place is theirs (`selectors.own_registration`)."""
    now = now or timezone.now()
    with transaction.atomic():
        _lock_course(registration.session.course)
        registration = Registration.objects.select_related("session__course__team").get(
            pk=registration.pk
        )
        when = open_time(registration, now)
        if when is None:
            raise NotOpen(_("There is no questionnaire to answer for this place just now"))
        return _record(by=by, registration=registration, when=when, given=given, now=now)


def invitation_for(token: str, now: datetime | None = None) -> QuestionnaireInvitation:
    """The invitation a public registrant's link is for, if the link still works."""
    now = now or timezone.now()
    if not token or len(token) > TOKEN_LIMIT:
        raise LinkInvalid(_("This link has been used already or is not right"))
    invitation = (
        QuestionnaireInvitation.objects.filter(token_hash=token_hash(token))
        .select_related("registration__session__course__team")
        .first()
    )
    if invitation is None:
        raise LinkInvalid(_("This link has been used already or is not right"))
    assert invitation.expires_at is not None
    if invitation.expires_at <= now:
        raise LinkInvalid(_("This link has expired, because the time for this questionnaire ended"))
    return invitation


def link_answers_record(*, token: str, given: Given, now: datetime | None = None) -> AnswerSet:
    """A public registrant answers through the link e-mailed to them; the link is used up."""
    now = now or timezone.now()
    with transaction.atomic():
        found = invitation_for(token, now)
        _lock_course(found.registration.session.course)
        invitation = (
            QuestionnaireInvitation.objects.select_for_update()
            .select_related("registration__session__course__team")
            .get(pk=found.pk)
        )
        if invitation.token_hash != token_hash(token):
            raise LinkInvalid(_("This link has been used already or is not right"))
        answer_set = _record(
            by=None,
            registration=invitation.registration,
            when=invitation.when,
            given=given,
            now=now,
        )
        invitation.token_hash = None
        invitation.used_at = now
        invitation.save(update_fields=["token_hash", "used_at"])
    return answer_set


# Invitations -----------------------------------------------------------------------------


def answer_url(token: str) -> str:
    return settings.SITE_URL.rstrip("/") + reverse(
        "training:public-questionnaire", kwargs={"key": token}
    )


def _due(now: datetime) -> list[tuple[int, str]]:
    """(registration, time) pairs whose questionnaire is open now and not yet offered, on
    courses with a questionnaire."""
    registrations = (
        Registration.objects.filter(
            status=Registration.Status.HELD,
            session__cancelled_at__isnull=True,
            session__course__questionnaire_items__isnull=False,
            session__course__questionnaire_items__retired_at__isnull=True,
            session__last_day__gte=timezone.localdate(now - LATER_AFTER - LATER_OPEN),
        )
        .distinct()
        .prefetch_related(
            "session__parts", "questionnaire_invitations", "answer_sets", "attendances"
        )
        .order_by("pk")
    )
    due = []
    for registration in registrations:
        when = open_time(registration, now)
        if when is None:
            continue
        if any(i.when == when for i in registration.questionnaire_invitations.all()):
            continue
        if any(a.when == when for a in registration.answer_sets.all()):
            continue
        due.append((registration.pk, when))
    return due


@dataclass(frozen=True)
class InvitationsReport:
    before: int = 0
    after: int = 0
    later: int = 0


def questionnaires_send(*, now: datetime | None = None) -> InvitationsReport:
    """Invite everyone whose questionnaire has opened (before, straight after, and the
    reminder three months after) to answer it, once each; straight after and three months
    after, only the people who attended. Run daily from cron
    (`littleminds training questionnaires`); running it again sends nothing twice, because
    each invitation is a row the database allows once."""
    now = now or timezone.now()
    counts = {"before": 0, "after": 0, "later": 0}
    for pk, when in _due(now):
        registration = Registration.objects.select_related("session__course__team", "user").get(
            pk=pk
        )
        if invitation_create(registration=registration, when=when, now=now) is not None:
            counts[when] += 1
    return InvitationsReport(**counts)


@dataclass(frozen=True)
class Invited:
    invitation: QuestionnaireInvitation
    # A public registrant's link token, which only the e-mail carries (and the tests read).
    token: str


def invitation_create(*, registration: Registration, when: str, now: datetime) -> Invited | None:
    """Invite the person to answer `when`'s questionnaire, unless they were already (None)."""
    _opens, closes = window(registration.session, when)
    token = "" if registration.user_id else secrets.token_urlsafe(TOKEN_BYTES)
    with transaction.atomic():
        try:
            with transaction.atomic():
                invitation = QuestionnaireInvitation.objects.create(
                    registration=registration,
                    when=when,
                    sent_at=now,
                    token_hash=token_hash(token) if token else None,
                    expires_at=closes if token else None,
                )
        except IntegrityError:
            return None  # sent already, by this run's twin
        audit_record(
            by=None,
            action="training.questionnaire_invited",
            target=registration,
            team=registration.session.course.team,
            detail={"session": str(registration.session.code), "when": when},
        )
        _invite(registration, when, token, closes)
    return Invited(invitation, token)


def _words(registration: Registration, when: str, url: str, closes: datetime) -> tuple[str, str]:
    title = registration.session.course.title
    until = formats.date_format(timezone.localtime(closes), "j F Y")
    subject = {
        "before": _("Before your training: a short questionnaire (%(title)s)"),
        "after": _("After your training: a short questionnaire (%(title)s)"),
        "later": _("Three months on: a short questionnaire (%(title)s)"),
    }[when] % {"title": title}
    lines = [
        _(
            "Please answer a few statements about your knowledge and confidence. It takes a "
            "few minutes. We ask the same statements before the course, straight after it and "
            "three months later, to see what the training changed."
        ),
        "",
        title,
        _("Answer by %(until)s: %(url)s") % {"until": until, "url": url},
        "",
        _("This email was sent automatically. Please do not reply to it."),
    ]
    return subject[:200], "\n".join(lines) + "\n"


def _invite(registration: Registration, when: str, token: str, closes: datetime) -> None:
    if registration.user is not None:
        if not registration.user.is_active:
            return
        url = settings.SITE_URL.rstrip("/") + reverse(
            "training:place-questionnaire", kwargs={"code": registration.code}
        )
        with translation.override(settings.LANGUAGE_CODE):
            subject, body = _words(registration, when, url, closes)
        staff_notify(
            user=registration.user, template="training_questionnaire", subject=subject, body=body
        )
        return
    language = registration.language if registration.language in LANGUAGES else "en"
    with translation.override(language):
        subject, body = _words(registration, when, answer_url(token), closes)
    message = backends.Outgoing(
        channel="email",
        to=registration.email,
        subject=subject,
        body=body,
        reference=str(registration.code),
    )
    transaction.on_commit(
        partial(
            run_in_background,
            f"sending training questionnaire {registration.code}",
            partial(public_message_send, registration.pk, message),
        ),
        robust=True,
    )
