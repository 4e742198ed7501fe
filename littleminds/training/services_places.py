"""Writes of places on training sessions (issue 14, ADR 0033): registering (a signed-in
user at once, a public registrant once their email address is confirmed), the waiting
list, offers of freed places and their lapsing, accepting and declining, cancelling, and
the reminders the day before.

Every change of places first locks the session's row, so the waiting list stays whole and
in order; the database's own constraint `registration_one_person_a_place` is what keeps two
people from one place, whoever writes. Each write is audited in its transaction; its
emails are stored or sent only once it commits.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, F, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from littleminds.accounts.models import Organisation, User
from littleminds.audit.services import audit_record
from littleminds.core.background import run_in_background
from littleminds.notifications import backends
from littleminds.notifications.services import staff_notify
from littleminds.training.models import CourseSession, Registration

PLACE_CONSTRAINT = "registration_one_person_a_place"
ACTIVE_CONSTRAINTS = ("registration_one_active_a_user", "registration_one_active_an_email")
PAGE_SALT = "littleminds.training.place"
LANGUAGES = ("en", "ur", "pl", "ro")


class PlacesError(Exception):
    """The change cannot be made; the message says why, in words for the page."""

    @property
    def message(self) -> str:
        return str(self.args[0]) if self.args else ""


class AlreadyRegistered(PlacesError):
    pass


class SessionClosed(PlacesError):
    pass


class NotOpen(PlacesError):
    """The registration is not in a state for this change (the offer lapsed, the place
    was cancelled already)."""


class LinkInvalid(PlacesError):
    pass


def offer_period() -> timedelta:
    return timedelta(hours=settings.TRAINING_OFFER_HOURS)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def page_key(registration: Registration) -> str:
    """The key in a public registrant's own page address: signed, so it cannot be made up,
    and nothing of it is stored."""
    return signing.dumps(str(registration.code), salt=PAGE_SALT)


def registration_of_key(key: str) -> Registration | None:
    try:
        code = signing.loads(key, salt=PAGE_SALT)
    except signing.BadSignature:
        return None
    return (
        Registration.objects.filter(code=code, user__isnull=True)
        .select_related("session__course", "organisation")
        .first()
    )


def page_url(registration: Registration) -> str:
    site = settings.SITE_URL.rstrip("/")
    if registration.user_id is not None:
        return site + reverse("training:place", kwargs={"code": registration.code})
    return site + reverse("training:public-place", kwargs={"place_key": page_key(registration)})


def invitation_url(registration: Registration) -> str:
    site = settings.SITE_URL.rstrip("/")
    if registration.user_id is not None:
        return site + reverse("training:place-invite", kwargs={"code": registration.code})
    return site + reverse(
        "training:public-place-invite", kwargs={"place_key": page_key(registration)}
    )


def confirm_url(token: str) -> str:
    return settings.SITE_URL.rstrip("/") + reverse(
        "training:public-confirm", kwargs={"confirmation": token}
    )


def session_starts(session: CourseSession) -> datetime:
    """When the session's first part begins, in the site's time zone."""
    part = min(session.parts.all(), key=lambda p: (p.day, p.starts))
    return timezone.make_aware(datetime.combine(part.day, part.starts))


def _open_for_registration(session: CourseSession, now: datetime) -> None:
    if session.cancelled_at is not None:
        raise SessionClosed(_("This session has been cancelled; choose another date"))
    if session_starts(session) <= now:
        raise SessionClosed(_("This session has already started; choose another date"))


def _lock(session: CourseSession) -> CourseSession:
    return (
        CourseSession.objects.select_for_update(of=("self",))
        .select_related("course__team")
        .get(pk=session.pk)
    )


def _free_number(session: CourseSession) -> int | None:
    used = set(
        Registration.objects.filter(session=session, place_number__isnull=False).values_list(
            "place_number", flat=True
        )
    )
    for number in range(1, session.capacity + 1):
        if number not in used:
            return number
    return None


def _anyone_waiting(session: CourseSession) -> bool:
    return Registration.objects.filter(session=session, status=Registration.Status.WAITING).exists()


def _constraint_of(error: IntegrityError) -> str:
    text = str(error)
    if PLACE_CONSTRAINT in text or "place_number" in text:
        return PLACE_CONSTRAINT
    for name in ACTIVE_CONSTRAINTS:
        if name in text:
            return name
    if "training_registration.session_id, training_registration.user_id" in text:
        return ACTIVE_CONSTRAINTS[0]
    if "training_registration.session_id, training_registration.email" in text:
        return ACTIVE_CONSTRAINTS[1]
    return ""


def _place_or_wait(registration: Registration, session: CourseSession, now: datetime) -> None:
    """Give the registration the lowest free place, or a place on the waiting list when the
    session is full (or others already wait), and save it. The caller holds the session's
    lock; should a writer that did not lock take the number first, the database refuses it
    and the next free number is tried."""
    registration.joined_at = now
    for _attempt in range(session.capacity + 1):
        number = None if _anyone_waiting(session) else _free_number(session)
        if number is None:
            registration.status = Registration.Status.WAITING
            registration.place_number = None
        else:
            registration.status = Registration.Status.HELD
            registration.place_number = number
        try:
            with transaction.atomic():
                registration.save()
        except IntegrityError as error:
            which = _constraint_of(error)
            if which == PLACE_CONSTRAINT:
                continue
            if which in ACTIVE_CONSTRAINTS:
                raise AlreadyRegistered(
                    _("You already have a place on this session or are on its waiting list")
                ) from error
            raise
        return
    raise PlacesError(_("The places changed while you were booking; please try again"))


def _audit(by: User | None, action: str, registration: Registration, **detail: object) -> None:
    audit_record(
        by=by,
        action=action,
        target=registration,
        team=registration.session.course.team,
        detail={"session": str(registration.session.code), **detail},
    )


# Registering -----------------------------------------------------------------------------


def register_user(*, by: User, session: CourseSession, now: datetime | None = None) -> Registration:
    """A signed-in user books a place, or joins the waiting list when the session is full."""
    now = now or timezone.now()
    with transaction.atomic():
        session = _lock(session)
        _open_for_registration(session, now)
        registration = Registration(
            session=session, user=by, organisation=by.organisation, created_at=now
        )
        _place_or_wait(registration, session, now)
        held = registration.status == Registration.Status.HELD
        _audit(
            by,
            "training.place_booked" if held else "training.waiting_list_joined",
            registration,
            place=registration.place_number,
        )
        _tell(registration, "training_booked" if held else "training_waiting")
    return registration


@dataclass(frozen=True)
class Registrant:
    name: str
    email: str
    organisation: Organisation | None
    student_at: str
    student_course: str
    language: str


@dataclass(frozen=True)
class Asked:
    registration: Registration
    # The confirmation link's token, which only the email carries (and the tests read);
    # empty when the address was confirmed on the session already.
    token: str


def register_public(
    *, session: CourseSession, registrant: Registrant, now: datetime | None = None
) -> Asked:
    """A volunteer, student or parents' group leader asks for a place. Nothing is held until
    they confirm their address by the link emailed to them (single use, for
    `TRAINING_CONFIRM_HOURS`). Asking again with the same address sends a fresh link; an
    address already confirmed on the session is sent the link to its own page, so the
    page says the same whatever the database holds."""
    now = now or timezone.now()
    email = registrant.email.strip().lower()
    language = registrant.language if registrant.language in LANGUAGES else "en"
    token = secrets.token_urlsafe(32)
    expires = now + timedelta(hours=settings.TRAINING_CONFIRM_HOURS)
    with transaction.atomic():
        session = _lock(session)
        _open_for_registration(session, now)
        existing = (
            Registration.objects.select_for_update()
            .filter(
                session=session,
                user__isnull=True,
                email=email,
                status__in=Registration.ACTIVE,
            )
            .first()
        )
        if existing is not None and existing.status != Registration.Status.UNCONFIRMED:
            existing.session = session
            _audit(None, "training.registration_repeated", existing)
            _tell(existing, "training_already")
            return Asked(existing, "")
        registration = existing or Registration(
            session=session, status=Registration.Status.UNCONFIRMED, created_at=now
        )
        registration.name = registrant.name.strip()
        registration.email = email
        registration.organisation = registrant.organisation
        registration.student_at = registrant.student_at.strip()
        registration.student_course = registrant.student_course.strip()
        registration.language = language
        registration.token_hash = token_hash(token)
        registration.token_expires_at = expires
        registration.full_clean(exclude=["session"], validate_constraints=False)
        registration.save()
        _audit(
            None,
            "training.registration_asked",
            registration,
            organisation=str(registrant.organisation.code) if registrant.organisation else "",
            student=bool(registration.student_at),
        )
        _send_public(registration, _confirm_message(registration, token))
    return Asked(registration, token)


def unconfirmed_for(token: str, now: datetime | None = None) -> Registration:
    """The registration a confirmation link is for, if it still works."""
    now = now or timezone.now()
    registration = (
        Registration.objects.filter(token_hash=token_hash(token))
        .select_related("session__course")
        .first()
    )
    if registration is None:
        raise LinkInvalid(_("This link has been used already or is not right"))
    assert registration.token_expires_at is not None
    if registration.token_expires_at <= now:
        raise LinkInvalid(_("This link has expired. Ask for a place again to get a new one"))
    return registration


def register_confirm(*, token: str, now: datetime | None = None) -> Registration:
    """The registrant confirms their address: the link is used up, and they hold a place
    or join the waiting list, in the order of confirming."""
    now = now or timezone.now()
    with transaction.atomic():
        found = unconfirmed_for(token, now)
        session = _lock(found.session)
        registration = Registration.objects.select_for_update().get(pk=found.pk)
        if registration.token_hash != token_hash(token):
            raise LinkInvalid(_("This link has been used already or is not right"))
        registration.session = session
        _open_for_registration(session, now)
        registration.token_hash = None
        registration.token_expires_at = None
        registration.email_confirmed_at = now
        _place_or_wait(registration, session, now)
        held = registration.status == Registration.Status.HELD
        _audit(
            None,
            "training.place_booked" if held else "training.waiting_list_joined",
            registration,
            place=registration.place_number,
            public=True,
        )
        _tell(registration, "training_booked" if held else "training_waiting")
    return registration


# Offers ----------------------------------------------------------------------------------


def _offer_next(session: CourseSession, number: int, now: datetime) -> Registration | None:
    """Offer the freed place `number` to the first person waiting, if any (the caller holds
    the session's lock and has freed the number already)."""
    if number > session.capacity:
        return None
    waiting = (
        Registration.objects.select_for_update()
        .filter(session=session, status=Registration.Status.WAITING)
        .order_by("joined_at", "pk")
        .first()
    )
    if waiting is None:
        return None
    waiting.session = session
    waiting.status = Registration.Status.OFFERED
    waiting.place_number = number
    waiting.offered_at = now
    waiting.offer_expires_at = now + offer_period()
    waiting.save(update_fields=["status", "place_number", "offered_at", "offer_expires_at"])
    _audit(
        None,
        "training.place_offered",
        waiting,
        place=number,
        until=waiting.offer_expires_at.isoformat(),
    )
    _tell(waiting, "training_offer")
    return waiting


def _locked(registration: Registration) -> tuple[CourseSession, Registration]:
    session = _lock(registration.session)
    locked = (
        Registration.objects.select_for_update(of=("self",))
        .select_related("user")
        .get(pk=registration.pk)
    )
    locked.session = session
    return session, locked


def offer_accept(
    *, by: User | None, registration: Registration, now: datetime | None = None
) -> Registration:
    """The person takes the place offered to them, while the offer is open."""
    now = now or timezone.now()
    with transaction.atomic():
        _session, locked = _locked(registration)
        # An offer that lapsed, whether or not `offers_run` has passed it on yet, is told
        # so in the same words: the person answering a stale page learns why.
        lapsed = locked.status == Registration.Status.LAPSED or (
            locked.status == Registration.Status.OFFERED
            and locked.offer_expires_at is not None
            and locked.offer_expires_at <= now
        )
        if lapsed:
            raise NotOpen(_("This offer has lapsed, so the place has gone to the next person"))
        if locked.status != Registration.Status.OFFERED:
            raise NotOpen(_("This offer is no longer open"))
        locked.status = Registration.Status.HELD
        locked.answered_at = now
        locked.save(update_fields=["status", "answered_at"])
        _audit(by, "training.offer_accepted", locked, place=locked.place_number)
        _tell(locked, "training_booked")
    return locked


def offer_decline(
    *, by: User | None, registration: Registration, now: datetime | None = None
) -> Registration:
    """The person turns the offered place down; it is offered to the next person waiting."""
    now = now or timezone.now()
    with transaction.atomic():
        session, locked = _locked(registration)
        if locked.status != Registration.Status.OFFERED:
            raise NotOpen(_("This offer is no longer open"))
        number = locked.place_number
        assert number is not None
        locked.status = Registration.Status.DECLINED
        locked.place_number = None
        locked.answered_at = now
        locked.save(update_fields=["status", "place_number", "answered_at"])
        _audit(by, "training.offer_declined", locked, place=number)
        _offer_next(session, number, now)
    return locked


@dataclass(frozen=True)
class OffersReport:
    lapsed: int
    offered: int
    # Public registrations whose confirmation link ran out unused.
    expired: int = 0


def offers_run(*, now: datetime | None = None) -> OffersReport:
    """Lapse every offer unanswered in time, passing its place to the next person waiting,
    and offer any free place of a coming session to those waiting (after a session's
    places were raised). Run from cron (`littleminds training offers`); running it again
    changes nothing more."""
    now = now or timezone.now()
    lapsed = offered = 0
    due = (
        Registration.objects.filter(status=Registration.Status.OFFERED, offer_expires_at__lte=now)
        .order_by("offer_expires_at", "pk")
        .values_list("pk", flat=True)
    )
    for pk in list(due):
        with transaction.atomic():
            registration = Registration.objects.get(pk=pk)
            session, locked = _locked(registration)
            assert locked.offer_expires_at is not None
            if locked.status != Registration.Status.OFFERED or locked.offer_expires_at > now:
                continue
            number = locked.place_number
            assert number is not None
            locked.status = Registration.Status.LAPSED
            locked.place_number = None
            locked.answered_at = now
            locked.save(update_fields=["status", "place_number", "answered_at"])
            _audit(None, "training.offer_lapsed", locked, place=number)
            _tell(locked, "training_lapsed")
            lapsed += 1
            if _offer_next(session, number, now) is not None:
                offered += 1
    for session_pk in _sessions_with_a_place_for_those_waiting(now):
        with transaction.atomic():
            session = _lock(CourseSession(pk=session_pk))
            while (number := _free_number(session)) is not None:
                if _offer_next(session, number, now) is None:
                    break
                offered += 1
    return OffersReport(lapsed=lapsed, offered=offered, expired=_unconfirmed_expire(now))


def _sessions_with_a_place_for_those_waiting(now: datetime) -> list[int]:
    """Coming sessions with people waiting and a place number 1..capacity nobody holds
    or is offered (place numbers are unique a session). Only these are locked and looked
    at: with five years of training, looking at every session with a waiting list took
    half a minute a run (bench/training.py)."""
    placed = (
        Registration.objects.filter(
            session=OuterRef("pk"),
            place_number__isnull=False,
            place_number__lte=OuterRef("capacity"),
        )
        .order_by()
        .values("session")
        .annotate(n=Count("pk"))
        .values("n")
    )
    waiting = Registration.objects.filter(
        session=OuterRef("pk"), status=Registration.Status.WAITING
    )
    return list(
        CourseSession.objects.filter(
            Exists(waiting), cancelled_at__isnull=True, last_day__gte=timezone.localdate(now)
        )
        .annotate(placed=Coalesce(Subquery(placed), 0))
        .filter(placed__lt=F("capacity"))
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def _unconfirmed_expire(now: datetime) -> int:
    """Public registrations whose link ran out unused: marked as not confirmed in time, so
    the register no longer shows them as waiting for their address."""
    expired = 0
    due = Registration.objects.filter(
        status=Registration.Status.UNCONFIRMED, token_expires_at__lte=now
    ).values_list("pk", flat=True)
    for pk in list(due):
        with transaction.atomic():
            registration = (
                Registration.objects.select_for_update()
                .select_related("session__course__team")
                .filter(pk=pk, status=Registration.Status.UNCONFIRMED, token_expires_at__lte=now)
                .first()
            )
            if registration is None:
                continue
            registration.status = Registration.Status.UNCONFIRMED_EXPIRED
            registration.token_hash = None
            registration.save(update_fields=["status", "token_hash"])
            _audit(None, "training.registration_expired", registration)
            expired += 1
    return expired


# Cancelling ------------------------------------------------------------------------------


def place_cancel(
    *,
    by: User | None,
    registration: Registration,
    reason: str,
    note: str = "",
    now: datetime | None = None,
) -> Registration:
    """The person gives up their place, offer or place on the waiting list, saying why; a
    place they held or were offered goes at once to the next person waiting."""
    now = now or timezone.now()
    if reason not in Registration.CancelReason.values:
        raise PlacesError(_("Choose why you are cancelling"))
    note = note.strip() if reason == Registration.CancelReason.OTHER else ""
    if reason == Registration.CancelReason.OTHER and not note:
        raise PlacesError(_("Say why you are cancelling"))
    with transaction.atomic():
        session, locked = _locked(registration)
        if locked.status not in Registration.ACTIVE or locked.status == "unconfirmed":
            raise NotOpen(_("This place has been cancelled already"))
        number = locked.place_number
        had_place = locked.status == Registration.Status.HELD
        locked.status = Registration.Status.CANCELLED
        locked.place_number = None
        locked.cancelled_at = now
        locked.cancelled_by = by
        locked.cancel_reason = reason
        locked.cancel_note = note
        locked.sequence += 1
        locked.save(
            update_fields=[
                "status",
                "place_number",
                "cancelled_at",
                "cancelled_by",
                "cancel_reason",
                "cancel_note",
                "sequence",
            ]
        )
        _audit(by, "training.place_cancelled", locked, reason=reason, place=number)
        if had_place:
            _tell(locked, "training_cancelled")
        if number is not None:
            _offer_next(session, number, now)
    return locked


# Reminders -------------------------------------------------------------------------------


def reminders_send(*, now: datetime | None = None) -> int:
    """Remind everyone holding a place on a session that starts tomorrow, once each. Run
    daily from cron (`littleminds training remind`); running it again sends nothing twice."""
    now = now or timezone.now()
    tomorrow = timezone.localdate(now) + timedelta(days=1)
    due = Registration.objects.filter(
        status=Registration.Status.HELD,
        reminder_sent_at__isnull=True,
        session__first_day=tomorrow,
        session__cancelled_at__isnull=True,
    ).values_list("pk", flat=True)
    sent = 0
    for pk in list(due):
        with transaction.atomic():
            # Claimed by the update, so two runs at once send it once.
            claimed = Registration.objects.filter(pk=pk, reminder_sent_at__isnull=True).update(
                reminder_sent_at=now
            )
            if not claimed:
                continue
            registration = Registration.objects.select_related("session__course__team", "user").get(
                pk=pk
            )
            _audit(None, "training.reminder_sent", registration)
            _tell(registration, "training_reminder")
            sent += 1
    return sent


# Telling people --------------------------------------------------------------------------


def when_text(session: CourseSession) -> str:
    """The session's days and times in the language in use ("27 December 2026, 09:30–15:30",
    with Urdu's own comma)."""
    return "; ".join(
        pgettext("a day and its times", "%(day)s, %(starts)s–%(ends)s")
        % {
            "day": formats.date_format(part.day, "j F Y"),
            "starts": f"{part.starts:%H:%M}",
            "ends": f"{part.ends:%H:%M}",
        }
        for part in session.parts.all()
    )


def _subject_and_opening(template: str, registration: Registration) -> tuple[str, str]:
    title = registration.session.course.title
    until = ""
    if registration.offer_expires_at is not None:
        until = formats.date_format(timezone.localtime(registration.offer_expires_at), "j F Y H:i")
    words = {
        "training_booked": (
            _("Training place booked: %(title)s"),
            _("You have a place on this training session."),
        ),
        "training_waiting": (
            _("On the waiting list: %(title)s"),
            _(
                "The session is full, so you are on its waiting list. If a place frees, we "
                "will email you at once and hold it for you."
            ),
        ),
        "training_offer": (
            _("A place is free for you: %(title)s"),
            _(
                "A place has freed on this training session and it is yours if you want it. "
                "We hold it for you until %(until)s. Accept or decline it on your page."
            ),
        ),
        "training_lapsed": (
            _("Offer lapsed: %(title)s"),
            _(
                "The place we offered you was not taken in time, so it has gone to the next "
                "person waiting."
            ),
        ),
        "training_cancelled": (
            _("Training place cancelled: %(title)s"),
            _(
                "Your place is cancelled. The calendar invitation on your page removes the "
                "session from your calendar."
            ),
        ),
        "training_reminder": (
            _("Training tomorrow: %(title)s"),
            _("A reminder: your training session starts tomorrow."),
        ),
        "training_certificate": (
            _("Your certificate: %(title)s"),
            _(
                "You have completed this training. Your certificate is ready to download "
                "from your page."
            ),
        ),
        "training_already": (
            _("Your place: %(title)s"),
            _(
                "Someone asked for a place on this session with your email address, but you "
                "already have a place or are on the waiting list. Your page is below."
            ),
        ),
    }
    subject, opening = words[template]
    return subject % {"title": title}, opening % {"until": until}


def _message(template: str, registration: Registration) -> tuple[str, str]:
    session = registration.session
    subject, opening = _subject_and_opening(template, registration)
    lines = [opening, "", session.course.title, _("When: %(when)s") % {"when": when_text(session)}]
    if session.place:
        lines.append(_("Where: %(place)s") % {"place": session.place})
    if session.link:
        lines.append(_("Joining link: %(link)s") % {"link": session.link})
    lines += ["", _("Your page: %(url)s") % {"url": page_url(registration)}]
    if template in ("training_booked", "training_cancelled", "training_reminder"):
        lines.append(_("Calendar invitation: %(url)s") % {"url": invitation_url(registration)})
    lines += ["", _("This email was sent automatically. Please do not reply to it.")]
    return subject[:200], "\n".join(lines) + "\n"


def tell_certificate(registration: Registration) -> None:
    """Email a person whose certificate has just been issued: it waits on their page."""
    _tell(registration, "training_certificate")


def _tell(registration: Registration, template: str) -> None:
    """Email the person about their place: a user through the notifications layer (stored
    with the change, sent after it commits), a public registrant in their language, sent
    after the commit as a questionnaire link is."""
    if registration.user is not None:
        if not registration.user.is_active:
            return
        with translation.override(settings.LANGUAGE_CODE):
            subject, body = _message(template, registration)
        staff_notify(user=registration.user, template=template, subject=subject, body=body)
        return
    with translation.override(registration.language):
        subject, body = _message(template, registration)
    _send_public(
        registration,
        backends.Outgoing(
            channel="email",
            to=registration.email,
            subject=subject,
            body=body,
            reference=str(registration.code),
        ),
    )


def _confirm_message(registration: Registration, token: str) -> backends.Outgoing:
    with translation.override(registration.language):
        assert registration.token_expires_at is not None
        until = formats.date_format(timezone.localtime(registration.token_expires_at), "j F Y H:i")
        subject = _("Confirm your training place: %(title)s") % {
            "title": registration.session.course.title
        }
        body = "\n".join(
            [
                _("To book your place, open this link and press “Confirm”:"),
                confirm_url(token),
                "",
                _(
                    "The link works once, until %(until)s. Until you confirm, no place is "
                    "held for you. If you did not ask for a place, you need do nothing."
                )
                % {"until": until},
                "",
                registration.session.course.title,
                _("When: %(when)s") % {"when": when_text(registration.session)},
                "",
                _("This email was sent automatically. Please do not reply to it."),
            ]
        )
    return backends.Outgoing(
        channel="email",
        to=registration.email,
        subject=subject[:200],
        body=body + "\n",
        reference=str(registration.code),
    )


def _send_public(registration: Registration, message: backends.Outgoing) -> None:
    transaction.on_commit(
        partial(
            run_in_background,
            f"sending training email {registration.code}",
            partial(public_message_send, registration.pk, message),
        ),
        robust=True,
    )


def public_message_send(registration_id: int, message: backends.Outgoing) -> bool:
    """Hand a public registrant's email to the notifications backend, once, and audit how
    it went. The error is logged without the message, which may carry a link's token."""
    registration = (
        Registration.objects.select_related("session__course__team")
        .filter(pk=registration_id)
        .first()
    )
    if registration is None:
        return False
    sent = backends.send_direct(message, what=f"Training email for {registration.code}")
    with transaction.atomic():
        _audit(
            None,
            "training.email_sent" if sent else "training.email_not_sent",
            registration,
        )
    return sent
