"""The questions of a family's own referral, a few to a page, in words a parent reading on a
phone understands (and in every language of `settings.LANGUAGES`).

Each form reads and writes its part of the answers (`KEYS`) as JSON-able values: the answers
travel between pages in a signed cookie on the family's device (`views.py`), like the
navigator's. `STEPS` says the order of the pages and which apply to a family. It never asks
for an NHS number: a parent may not know it, and the team finds it when they need it.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any, ClassVar

from django import forms
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from littleminds.core.forms import DatePartsField, PostcodeField
from littleminds.core.postcodes import NO_FIXED_ABODE, Postcode
from littleminds.core.validation import PHONE_LIMIT, EmailAddressField
from littleminds.pathway.labels import CONCERN_LABELS
from littleminds.pathway.validation import birth_date_problem, delivery_date_problem
from littleminds.referrals.models import HeardFrom
from littleminds.referrals.validation import (
    NAME_LIMIT,
    Invalid,
    interpreter_for_english,
    phone_number,
    safe_contact_problem,
    trimmed,
)

# A family's own words travel in the cookie, which a browser keeps only up to 4 KB: about
# half a page is enough to tell the team what is happening (the team asks the rest).
OWN_WORDS_LIMIT = 1000

YES_NO = [("yes", _("Yes")), ("no", _("No"))]

# How a family may want to hear that their request arrived. "none" is stored as "".
CONFIRM_EMAIL, CONFIRM_TEXT, CONFIRM_NONE = "email", "text", "none"

# The languages families in the district speak most, by code; "other" for any other.
LANGUAGE_CHOICES = [
    ("en", _("English")),
    ("ur", _("Urdu")),
    ("pa", _("Punjabi")),
    ("bn", _("Bengali")),
    ("pl", _("Polish")),
    ("ro", _("Romanian")),
    ("sk", _("Slovak")),
    ("cs", _("Czech")),
    ("ar", _("Arabic")),
    ("other", _("Another language")),
]
LANGUAGE_CODES = {code for code, _label in LANGUAGE_CHOICES}
OTHER_LANGUAGE = "other"
# Referral.other_language: the longest name of a language is far shorter.
OTHER_LANGUAGE_LIMIT = 60


def _choose(message: Any) -> dict[str, Any]:
    """The same plain message whether nothing was chosen or something not on offer was sent."""
    return {"required": message, "invalid_choice": message}


def _yes_no(value: Any) -> str | None:
    return None if value is None else ("yes" if value else "no")


def _iso(value: Any) -> date | None:
    return date.fromisoformat(value) if isinstance(value, str) and value else None


class StepForm(forms.Form):
    """One page of questions. `journey` is everything answered so far."""

    KEYS: ClassVar[tuple[str, ...]] = ()
    # The page's heading when it asks more than one thing; otherwise its one field's label
    # is the heading.
    HEADING: ClassVar[Any] = None

    def __init__(self, *args: Any, journey: dict[str, Any], **kwargs: Any) -> None:
        self.journey = journey
        kwargs.setdefault("initial", self.initial_from(journey))
        super().__init__(*args, **kwargs)
        if self.HEADING is None:
            # The first question is the page's heading (any others are not).
            first = next(iter(self.fields.values()))
            first.page_heading = True  # type: ignore[attr-defined]

    @property
    def heading(self) -> str:
        if self.HEADING is not None:
            return str(self.HEADING)
        return str(next(iter(self.fields.values())).label)

    @classmethod
    def initial_from(cls, journey: dict[str, Any]) -> dict[str, Any]:
        return {key: journey[key] for key in cls.KEYS if key in journey}

    def answers(self) -> dict[str, Any]:
        return {key: self.cleaned_data[key] for key in self.KEYS}


class NameForm(StepForm):
    KEYS = ("parent_name",)
    parent_name = forms.CharField(
        label=_("What is your name?"),
        help_text=_("So that we know who to ask for when we call you."),
        error_messages={"required": _("Enter your name")},
        widget=forms.TextInput(attrs={"autocomplete": "name", "spellcheck": "false"}),
    )

    def clean_parent_name(self) -> str:
        try:
            return trimmed(
                self.cleaned_data["parent_name"], limit=NAME_LIMIT, what=gettext("Your name")
            )
        except Invalid as invalid:
            raise forms.ValidationError(str(invalid)) from None


class BabyForm(StepForm):
    KEYS = ("unborn",)
    unborn = forms.ChoiceField(
        label=_("Has your baby been born?"),
        choices=[
            ("no", _("Yes, my baby has been born")),
            ("yes", _("No, we are expecting a baby")),
        ],
        widget=forms.RadioSelect,
        error_messages=_choose(_("Select yes if your baby has been born")),
    )

    @classmethod
    def initial_from(cls, journey: dict[str, Any]) -> dict[str, Any]:
        return {"unborn": _yes_no(journey.get("unborn"))}

    def answers(self) -> dict[str, Any]:
        return {"unborn": self.cleaned_data["unborn"] == "yes"}


class DueDateForm(StepForm):
    KEYS = ("expected_delivery_date",)
    expected_delivery_date = DatePartsField(
        label=_("When is your baby due?"),
        help_text=_("For example, 15 3 2027"),
        noun=_("Due date"),
        missing=_("Enter the date your baby is due"),
    )

    @classmethod
    def initial_from(cls, journey: dict[str, Any]) -> dict[str, Any]:
        return {"expected_delivery_date": _iso(journey.get("expected_delivery_date"))}

    def clean_expected_delivery_date(self) -> date:
        due: date = self.cleaned_data["expected_delivery_date"]
        problem = delivery_date_problem(due, timezone.localdate())
        if problem:
            raise forms.ValidationError(problem)
        return due

    def answers(self) -> dict[str, Any]:
        return {"expected_delivery_date": self.cleaned_data["expected_delivery_date"].isoformat()}


class BirthDateForm(StepForm):
    KEYS = ("child_date_of_birth",)
    child_date_of_birth = DatePartsField(
        label=_("What is your baby's date of birth?"),
        help_text=_("For example, 27 3 2026"),
        noun=_("Date of birth"),
        missing=_("Enter your baby's date of birth"),
    )

    @classmethod
    def initial_from(cls, journey: dict[str, Any]) -> dict[str, Any]:
        return {"child_date_of_birth": _iso(journey.get("child_date_of_birth"))}

    def clean_child_date_of_birth(self) -> date:
        born: date = self.cleaned_data["child_date_of_birth"]
        problem = birth_date_problem(born, timezone.localdate())
        if problem:
            raise forms.ValidationError(problem)
        return born

    def answers(self) -> dict[str, Any]:
        return {"child_date_of_birth": self.cleaned_data["child_date_of_birth"].isoformat()}


class PostcodeForm(StepForm):
    KEYS = ("postcode",)
    postcode = PostcodeField(
        label=_("What is your home postcode?"),
        error_messages={
            "required": _("Enter your home postcode"),
            "max_length": _("Enter a real UK postcode, like BD7 1DP"),
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["postcode"].help_text = gettext(
            "For example, BD7 1DP. If you have no fixed address, enter %(code)s"
        ) % {"code": NO_FIXED_ABODE}

    def answers(self) -> dict[str, Any]:
        postcode: Postcode = self.cleaned_data["postcode"]
        return {"postcode": str(postcode)}


SAFE_WAYS = [
    ("call", _("call you")),
    ("text", _("send you a text message")),
    ("message", _("leave a voicemail message")),
]
_SAFE_KEYS = {"call": "may_call", "text": "may_text", "message": "may_leave_message"}


class ContactForm(StepForm):
    KEYS = ("phone", "may_call", "may_text", "may_leave_message", "email")
    HEADING = _("How can we contact you?")
    phone = forms.CharField(
        label=_("Phone number"),
        help_text=_("For example, 07700 900 982"),
        max_length=PHONE_LIMIT,
        error_messages={"required": _("Enter a phone number")},
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    safe = forms.MultipleChoiceField(
        label=_("Is it safe for us to:"),
        help_text=_("Select all that are safe. We will only contact you in the ways you choose."),
        choices=SAFE_WAYS,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages=_choose(_("Select the ways that are safe for us to contact you")),
    )
    email = EmailAddressField(
        label=_("Email address (optional)"),
        help_text=_("We will only use it to write to you about your request."),
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )

    @classmethod
    def initial_from(cls, journey: dict[str, Any]) -> dict[str, Any]:
        initial: dict[str, Any] = {
            key: journey[key] for key in ("phone", "email") if key in journey
        }
        if "phone" in journey:
            initial["safe"] = [way for way, key in _SAFE_KEYS.items() if journey.get(key)]
        return initial

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["phone"].error_messages["max_length"] = gettext(
            "Your phone number must be %(limit)s characters or fewer"
        ) % {"limit": PHONE_LIMIT}

    def clean_phone(self) -> str:
        try:
            return phone_number(self.cleaned_data["phone"])
        except Invalid as invalid:
            raise forms.ValidationError(str(invalid)) from None

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        safe = set(cleaned.get("safe") or ())
        if cleaned.get("phone") and (
            problem := safe_contact_problem(
                phone=cleaned["phone"], **{key: way in safe for way, key in _SAFE_KEYS.items()}
            )
        ):
            self.add_error("safe", problem)
        return cleaned

    def answers(self) -> dict[str, Any]:
        safe = set(self.cleaned_data["safe"])
        return {
            "phone": self.cleaned_data["phone"],
            "email": self.cleaned_data["email"] or "",
            **{key: way in safe for way, key in _SAFE_KEYS.items()},
        }


class LanguageForm(StepForm):
    KEYS = ("language", "other_language", "interpreter")
    HEADING = _("Your language")
    language = forms.ChoiceField(
        label=_("Which language would you like to speak with us?"),
        choices=LANGUAGE_CHOICES,
        widget=forms.RadioSelect,
        error_messages=_choose(_("Select the language you would like to speak")),
    )
    other_language = forms.CharField(
        label=_("If you chose another language, which language?"),
        help_text=_("For example, Tigrinya or Kurdish Sorani."),
        required=False,
        widget=forms.TextInput(attrs={"spellcheck": "false"}),
    )
    interpreter = forms.ChoiceField(
        label=_("Do you need an interpreter?"),
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages=_choose(_("Select yes if you need an interpreter")),
    )

    @classmethod
    def initial_from(cls, journey: dict[str, Any]) -> dict[str, Any]:
        # The language of the pages is a good guess at the language they want to speak.
        spoken = (get_language() or "en")[:2]
        return {
            "language": journey.get("language") or (spoken if spoken in LANGUAGE_CODES else None),
            "other_language": journey.get("other_language", ""),
            "interpreter": _yes_no(journey.get("interpreter")),
        }

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        try:
            other = trimmed(
                cleaned.get("other_language"),
                limit=OTHER_LANGUAGE_LIMIT,
                what=gettext("The language"),
            )
        except Invalid as invalid:
            self.add_error("other_language", str(invalid))
            return cleaned
        if cleaned.get("language") == OTHER_LANGUAGE and not other:
            self.add_error("other_language", gettext("Enter the language you would like to speak"))
        if interpreter_for_english(
            language=cleaned.get("language") or "", interpreter=cleaned.get("interpreter") == "yes"
        ):
            self.add_error(
                "interpreter",
                gettext(
                    "You chose English, so you do not need an interpreter. Select no, or "
                    "select the language you would like an interpreter for"
                ),
            )
        # A language from the list needs no other name: a name typed before is forgotten.
        cleaned["other_language"] = other if cleaned.get("language") == OTHER_LANGUAGE else ""
        return cleaned

    def answers(self) -> dict[str, Any]:
        return {
            "language": self.cleaned_data["language"],
            "other_language": self.cleaned_data["other_language"],
            "interpreter": self.cleaned_data["interpreter"] == "yes",
        }


class WorriesForm(StepForm):
    KEYS = ("concerns", "concern_details")
    concerns = forms.MultipleChoiceField(
        label=_("What is worrying you?"),
        help_text=_("Select all that apply."),
        choices=list(CONCERN_LABELS.items()),
        widget=forms.CheckboxSelectMultiple,
        error_messages=_choose(_("Select what is worrying you")),
    )
    concern_details = forms.CharField(
        label=_("Tell us more in your own words (optional)"),
        help_text=_("For example, what is happening, and how you and your baby are feeling."),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def clean_concern_details(self) -> str:
        try:
            return trimmed(
                self.cleaned_data["concern_details"],
                limit=OWN_WORDS_LIMIT,
                what=gettext("Your answer"),
            )
        except Invalid as invalid:
            raise forms.ValidationError(str(invalid)) from None

    def answers(self) -> dict[str, Any]:
        chosen = set(self.cleaned_data["concerns"])
        return {
            "concerns": [code for code in CONCERN_LABELS if code in chosen],
            "concern_details": self.cleaned_data["concern_details"],
        }


def confirm_options(journey: dict[str, Any]) -> list[str]:
    """How the family may hear back: by email if they gave one, by text only if texting is
    safe, or not at all."""
    options = []
    if journey.get("email"):
        options.append(CONFIRM_EMAIL)
    if journey.get("phone") and journey.get("may_text"):
        options.append(CONFIRM_TEXT)
    return options


class HearBackForm(StepForm):
    KEYS = ("confirm_by",)
    confirm_by = forms.ChoiceField(
        label=_("Shall we tell you when we have your request?"),
        help_text=_("We will send one message to say we have it and what happens next."),
        widget=forms.RadioSelect,
        error_messages=_choose(_("Select how we should tell you, or select no")),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        words = {
            CONFIRM_EMAIL: _("Yes, by email"),
            CONFIRM_TEXT: _("Yes, by text message"),
        }
        field = self.fields["confirm_by"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [
            *[(option, words[option]) for option in confirm_options(self.journey)],
            (CONFIRM_NONE, _("No, do not send me anything")),
        ]

    @classmethod
    def initial_from(cls, journey: dict[str, Any]) -> dict[str, Any]:
        given = journey.get("confirm_by")
        if given is None:
            return {}
        return {"confirm_by": given or CONFIRM_NONE}

    def answers(self) -> dict[str, Any]:
        chosen = self.cleaned_data["confirm_by"]
        return {"confirm_by": "" if chosen == CONFIRM_NONE else chosen}


# "Prefer not to say" is kept apart from no answer while the family fills the form in (so
# that Change shows what they chose), and both are stored on the referral as "" (issue 15).
HEARD_NOT_SAID = "not_said"


class HeardFromForm(StepForm):
    """How the family heard of the service, so that community messaging can be linked to
    the families who then ask for help. Optional: "Prefer not to say", or no answer at all,
    is kept as no answer."""

    KEYS = ("heard_from",)
    heard_from = forms.ChoiceField(
        label=_("How did you hear about us? (optional)"),
        help_text=_("This helps us reach more families. You do not have to answer."),
        choices=[*HeardFrom.choices, (HEARD_NOT_SAID, _("I would rather not say"))],
        widget=forms.RadioSelect,
        required=False,
        error_messages=_choose(_("Select how you heard about us, or leave it blank")),
    )

    @classmethod
    def initial_from(cls, journey: dict[str, Any]) -> dict[str, Any]:
        # A blank answer comes back blank; only an explicit "rather not say" comes back
        # chosen. The referral keeps both as no answer (the view takes only real choices).
        given = journey.get("heard_from")
        if given is None:
            return {}
        return {"heard_from": given}

    def answers(self) -> dict[str, Any]:
        return {"heard_from": self.cleaned_data["heard_from"]}


class SendForm(forms.Form):
    """The "send" button's form: the idempotency key made when the page was first shown
    (a double click or a resent form sends the same key, so one referral is made), and a
    honeypot that people never see and robots fill in."""

    key = forms.RegexField(regex=r"^[A-Za-z0-9_-]{32,64}$", widget=forms.HiddenInput)
    website = forms.CharField(
        label=_("Leave this box empty"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    @staticmethod
    def new_key() -> str:
        return secrets.token_urlsafe(32)

    @property
    def is_robot(self) -> bool:
        return bool(str(self.data.get("website", "")).strip())


_REFERENCE = re.compile(r"^LM([A-Z0-9]{4})([A-Z0-9]{4})$")


class StatusForm(forms.Form):
    """Where a family's request is: three answers only the family knows together."""

    reference = forms.CharField(
        label=_("Your reference"),
        help_text=_("It starts with LM, like LM-AB12-CD34. It is in the message we sent you."),
        max_length=40,
        error_messages={
            "required": _("Enter your reference"),
            "max_length": _("Enter your reference as it was given, like LM-AB12-CD34"),
        },
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    day = DatePartsField(
        label=_("Your baby's date of birth"),
        help_text=_(
            "If your baby is not born yet, enter the date they are due. For example, 27 3 2026"
        ),
        noun=_("Date of birth"),
        missing=_("Enter your baby's date of birth, or the date they are due"),
    )
    postcode = PostcodeField(
        label=_("Home postcode"),
        error_messages={
            "required": _("Enter your home postcode"),
            "max_length": _("Enter a real UK postcode, like BD7 1DP"),
        },
    )

    def clean_reference(self) -> str:
        typed = re.sub(r"[\s\-–]", "", self.cleaned_data["reference"]).upper()
        match = _REFERENCE.match(typed)
        if match is None:
            raise forms.ValidationError(
                gettext("Enter your reference as it was given, like LM-AB12-CD34")
            )
        return f"LM-{match.group(1)}-{match.group(2)}"


@dataclass(frozen=True)
class Step:
    slug: str
    form: type[StepForm]
    applies: Callable[[dict[str, Any]], bool] = lambda journey: True
    # Whether the answers of this page decide if the family can be referred.
    checks_eligibility: bool = False

    def url(self, *, returning: bool = False) -> str:
        url = reverse("self_referral:question", kwargs={"slug": self.slug})
        return f"{url}?return=check" if returning else url

    def answered(self, journey: dict[str, Any]) -> bool:
        if self.form is HearBackForm:
            given = journey.get("confirm_by")
            return given == "" or given in confirm_options(journey)
        return all(key in journey for key in self.form.KEYS)


STEPS: tuple[Step, ...] = (
    Step("name", NameForm),
    Step("baby", BabyForm),
    Step("due-date", DueDateForm, lambda j: j.get("unborn") is True, checks_eligibility=True),
    Step("birth-date", BirthDateForm, lambda j: j.get("unborn") is False, checks_eligibility=True),
    Step("postcode", PostcodeForm, checks_eligibility=True),
    Step("contact", ContactForm),
    Step("language", LanguageForm),
    Step("worries", WorriesForm),
    Step("hear-back", HearBackForm, lambda j: bool(confirm_options(j))),
    Step("heard-from", HeardFromForm),
)
STEP_BY_SLUG = {step.slug: step for step in STEPS}
# The pages after which the family's eligibility is known: later pages are not shown to a
# family who cannot be referred.
LAST_ELIGIBILITY_STEP = max(i for i, step in enumerate(STEPS) if step.checks_eligibility)


def steps_in_force(journey: dict[str, Any]) -> list[Step]:
    return [step for step in STEPS if step.applies(journey)]


def without_unused(journey: dict[str, Any]) -> dict[str, Any]:
    """The answers less those of pages that no longer apply: a due date given before the
    answer changed to "born" is not kept, so nothing can read it later."""
    used = {key for step in steps_in_force(journey) for key in step.form.KEYS}
    unused = {key for step in STEPS for key in step.form.KEYS} - used
    return {key: value for key, value in journey.items() if key not in unused}


def first_unanswered(journey: dict[str, Any]) -> Step | None:
    return next((s for s in steps_in_force(journey) if not s.answered(journey)), None)


def step_after(step: Step, journey: dict[str, Any]) -> Step | None:
    steps = steps_in_force(journey)
    later = steps[steps.index(step) + 1 :] if step in steps else steps
    return later[0] if later else None


def step_before(step: Step, journey: dict[str, Any]) -> Step | None:
    steps = steps_in_force(journey)
    if step not in steps or steps.index(step) == 0:
        return None
    return steps[steps.index(step) - 1]
