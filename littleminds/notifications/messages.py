"""What each notification says: a subject in code and a body from a template, for each event
of a referral's life (its template key), each recipient and each channel.

Bodies are templates under `templates/notifications/messages/<recipient>_<channel>/`, marked
for translation and drawn in the recipient's language. Text messages carry no clinical detail
and none of the team's free text, with one exception: a family that referred itself and is
declined gets the team's advice (the other services that can help) in the text, as it would
by email, because nobody else will pass it on. Advice too long for a text stays behind the
public status check (`/self-referral/where-is-my-request/`), which shows nothing until the
reference, the baby's date of birth and the postcode are given: the link in the text says
nothing about the family to whoever else reads the phone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from littleminds.accounts.roles import Permission
from littleminds.core.phones import phone_shown
from littleminds.notifications.models import Notification
from littleminds.referrals.lifecycle import Action
from littleminds.referrals.models import Referral

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

Template = Notification.Template

# The longest text a family is sent: four parts of 153 characters (GOV.UK Notify refuses
# more than 918). Longer advice from the team is read behind the status check instead.
TEXT_LIMIT = 612

# The events people are told of, by the action that leads to them. Starting triage and the
# referrer's own answer to a question change nothing the referrer or family must hear about.
TEMPLATE_OF: dict[Action, Notification.Template] = {
    Action.SUBMIT: Template.SUBMITTED,
    Action.ACCEPT: Template.ACCEPTED,
    Action.DECLINE: Template.DECLINED,
    Action.REDIRECT: Template.REDIRECTED,
    Action.REQUEST_INFO: Template.MORE_INFO,
    Action.MARK_DUPLICATE: Template.DUPLICATE,
    Action.WITHDRAW: Template.WITHDRAWN,
}

REFERRER_SUBJECTS: dict[str, StrOrPromise] = {
    "submitted": _("Referral %(reference)s received"),
    "accepted": _("Referral %(reference)s accepted"),
    "declined": _("Referral %(reference)s not accepted"),
    "redirected": _("Referral %(reference)s: a consultation is offered instead"),
    "more_info": _("Referral %(reference)s: more information needed"),
    "duplicate": _("Referral %(reference)s: already referred"),
    "withdrawn": _("Referral %(reference)s withdrawn"),
}

FAMILY_SUBJECTS: dict[str, StrOrPromise] = {
    "submitted": _("We have your request for support (%(reference)s)"),
    "accepted": _("Your request for support (%(reference)s)"),
    "declined": _("Your request for support (%(reference)s)"),
    "redirected": _("Your request for support (%(reference)s)"),
    "more_info": _("Your request for support (%(reference)s)"),
    "duplicate": _("Your request for support (%(reference)s)"),
    "withdrawn": _("Your request for support (%(reference)s) is closed"),
}

# What a family hears of. A practitioner's questions and suggestions are written for the
# practitioner, who talks them through with the family; a family that referred itself hears
# of every step.
FAMILY_TEMPLATES_SELF = frozenset(TEMPLATE_OF.values())
FAMILY_TEMPLATES_PRACTITIONER = frozenset(
    {
        Template.SUBMITTED,
        Template.ACCEPTED,
        Template.DECLINED,
        Template.REDIRECTED,
        Template.WITHDRAWN,
    }
)


@dataclass(frozen=True)
class Message:
    subject: str
    body: str


def language_for(code: str) -> str:
    """The instance's language closest to `code` (a family's choice), or its default."""
    if code:
        try:
            return translation.get_supported_language_variant(code)
        except LookupError:
            pass
    return settings.LANGUAGE_CODE


def _booking_link(referral: Referral) -> str:
    referrer = referral.referrer
    if referrer is None or not referrer.has_perm(Permission.CONSULTATIONS_BOOK):
        return ""
    query = urlencode({"from": "referral", "reference": referral.reference or ""})
    return f"{settings.SITE_URL.rstrip('/')}{reverse('consultations:book')}?{query}"


def render(*, template: str, recipient: str, channel: str, referral: Referral) -> Message:
    """The subject and body of one notification, in the language it is sent in (the
    family's, where the instance has it; the instance's own for a referrer)."""
    family = recipient == "family"
    language = language_for(referral.language) if family else settings.LANGUAGE_CODE
    subjects = FAMILY_SUBJECTS if family else REFERRER_SUBJECTS
    context: dict[str, Any] = {
        "referral": referral,
        "reference": referral.reference,
        "team": referral.team.name if referral.team else "",
        "service": referral.intake.service.name if referral.intake else "",
        "reason": referral.get_decline_reason_display() if referral.decline_reason else "",
        # The team's own words go to the referrer, and to a family only by email and only
        # when the family is the referrer.
        "message": referral.message_to_referrer
        if not family or referral.kind == Referral.Kind.SELF
        else "",
        "original": referral.duplicate_of.reference if referral.duplicate_of else "",
        "self_referral": referral.kind == Referral.Kind.SELF,
        # A practitioner with an account can follow the referral in Little Minds; one named
        # by a partner system cannot.
        "has_account": referral.referrer_id is not None,
        "site_url": settings.SITE_URL,
        # For a family that referred itself: the team's number, how long a decision usually
        # takes (both set on the intake), and where to check the request.
        "team_phone": phone_shown(referral.intake.contact_phone) if referral.intake else "",
        "decision_days": referral.intake.decision_days if referral.intake else None,
        "status_link": settings.SITE_URL.rstrip("/") + reverse("self_referral:status"),
        # A consultation offered instead: a referrer who books consultations books it from
        # the link, which carries the referral's worries over (by URL only).
        "booking_link": _booking_link(referral),
    }
    name = f"notifications/messages/{recipient}_{channel}/{template}.txt"
    with translation.override(language):
        body = _tidy(render_to_string(name, context))
        if channel == "text" and context["message"] and len(body) > TEXT_LIMIT:
            context["message"] = ""
            context["advice_link"] = settings.SITE_URL.rstrip("/") + reverse("self_referral:status")
            body = _tidy(render_to_string(name, context))
        subject = str(subjects[template]) % {"reference": referral.reference}
    return Message(subject=subject if channel == "email" else "", body=body)


def _tidy(text: str) -> str:
    """Templates leave blank lines where tags were: keep one between paragraphs."""
    lines = [line.strip() for line in text.strip().splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines))
