"""The practitioner's referral form: three pages of questions (the family, how to contact
them, what worries the referrer), each a Django form drawn in NHS.UK markup. Every answer
is checked with a specific message (the NHS error-summary pattern) by the same rules the
API uses (`validation.py`, the postcode and date fields of `core.forms`); each page turns
its answers into the referral's fields (`changes()`) for `services.draft_save`."""

from __future__ import annotations

from datetime import date
from typing import Any, ClassVar

from django import forms
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from littleminds.core.forms import DatePartsField, PostcodeField
from littleminds.core.postcodes import NO_FIXED_ABODE, Postcode
from littleminds.directory.models import LANGUAGES
from littleminds.pathway.labels import CONCERN_LABELS, IMPACT_DESCRIPTIONS
from littleminds.pathway.validation import birth_date_problem, delivery_date_problem
from littleminds.referrals import validation
from littleminds.referrals.models import Referral

BORN_CHOICES = [("born", _("Yes")), ("unborn", _("No, the family is expecting the baby"))]
CONTACT_WAYS = [
    ("may_call", _("Call")),
    ("may_text", _("Send a text message")),
    ("may_leave_message", _("Leave a voicemail message")),
]


def _checked(check: Any, text: str, **kwargs: Any) -> Any:
    """Run one of `validation`'s checks, turning its `Invalid` into a form error."""
    try:
        return check(text, **kwargs)
    except validation.Invalid as invalid:
        raise forms.ValidationError(str(invalid)) from None


class ReferralPage(forms.Form):
    """One page of the referral: it starts from what the draft holds, and gives back the
    referral's fields it answers."""

    FIELDS: ClassVar[tuple[str, ...]] = ()

    def __init__(self, *args: Any, referral: Referral, **kwargs: Any) -> None:
        self.referral = referral
        kwargs.setdefault("initial", self.initial_from(referral))
        super().__init__(*args, **kwargs)

    @classmethod
    def initial_from(cls, referral: Referral) -> dict[str, Any]:
        return {name: getattr(referral, name) for name in cls.FIELDS}

    def changes(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.FIELDS}


class FamilyForm(ReferralPage):
    """The parent or carer and the baby, and where they live: asked first, since whether
    the family can be referred depends on the baby's age and the home postcode."""

    FIELDS = (
        "parent_name",
        "baby_name",
        "child_date_of_birth",
        "expected_delivery_date",
        "postcode",
    )
    parent_name = forms.CharField(
        label=_("Parent or carer's full name"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    born = forms.ChoiceField(
        label=_("Has the baby been born?"),
        choices=BORN_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": _("Select whether the baby has been born")},
    )
    baby_name = forms.CharField(
        label=_("Baby's name (optional)"),
        help_text=_("Leave this empty if the baby is not born yet or has no name yet."),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    child_date_of_birth = DatePartsField(
        label=_("Baby's date of birth"),
        help_text=_("If the baby has been born. For example, 27 3 2026"),
        noun=_("Date of birth"),
        missing=_("Enter the baby's date of birth"),
        required=False,
    )
    expected_delivery_date = DatePartsField(
        label=_("Date the baby is due"),
        help_text=_("If the family is expecting the baby. For example, 15 3 2027"),
        noun=_("Due date"),
        missing=_("Enter the date the baby is due"),
        required=False,
    )
    postcode = PostcodeField(
        label=_("Family's home postcode"),
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["postcode"].help_text = gettext(
            "For example, BD7 1DP. If the family has no fixed address, enter %(code)s."
        ) % {"code": NO_FIXED_ABODE}

    @classmethod
    def initial_from(cls, referral: Referral) -> dict[str, Any]:
        given = super().initial_from(referral)
        started = referral.parent_name or referral.child_date_of_birth or referral.unborn
        given["born"] = ("unborn" if referral.unborn else "born") if started else None
        return given

    def clean_parent_name(self) -> str:
        name: str = _checked(
            validation.trimmed,
            self.cleaned_data["parent_name"],
            limit=validation.NAME_LIMIT,
            what=gettext("The parent or carer's name"),
        )
        if not name:
            raise forms.ValidationError(_("Enter the parent or carer's full name"))
        return name

    def clean_baby_name(self) -> str:
        name: str = _checked(
            validation.trimmed,
            self.cleaned_data["baby_name"],
            limit=validation.NAME_LIMIT,
            what=gettext("The baby's name"),
        )
        return name

    def clean_child_date_of_birth(self) -> date | None:
        born: date | None = self.cleaned_data["child_date_of_birth"]
        problem = born and birth_date_problem(born, timezone.localdate())
        if problem:
            raise forms.ValidationError(problem)
        return born

    def clean_expected_delivery_date(self) -> date | None:
        due: date | None = self.cleaned_data["expected_delivery_date"]
        problem = due and delivery_date_problem(due, timezone.localdate())
        if problem:
            raise forms.ValidationError(problem)
        return due

    def clean_postcode(self) -> Postcode:
        postcode: Postcode | None = self.cleaned_data["postcode"]
        if postcode is None:
            raise forms.ValidationError(_("Enter the family's home postcode"))
        return postcode

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        # The other answer's date is ignored, whatever is left in it: a due date typed
        # before choosing "Yes" is neither checked nor kept (`changes`).
        unchosen = {
            "born": "expected_delivery_date",
            "unborn": "child_date_of_birth",
        }.get(cleaned.get("born") or "")
        if unchosen:
            self.errors.pop(unchosen, None)
            cleaned[unchosen] = None
        # The date that applies to the answer is required; a date already in error (not a
        # real date, in the future) keeps its own message.
        needed = {
            "born": ("child_date_of_birth", _("Enter the baby's date of birth")),
            "unborn": ("expected_delivery_date", _("Enter the date the baby is due")),
        }.get(cleaned.get("born") or "")
        if needed and needed[0] not in self.errors and cleaned.get(needed[0]) is None:
            self.add_error(needed[0], needed[1])
        return cleaned

    def changes(self) -> dict[str, Any]:
        unborn = self.cleaned_data["born"] == "unborn"
        return {
            "parent_name": self.cleaned_data["parent_name"],
            "baby_name": self.cleaned_data["baby_name"],
            "unborn": unborn,
            # Only the date that applies is kept: a due date once the baby is born, or a
            # date of birth typed before choosing "expecting", would mislead triage.
            "child_date_of_birth": None if unborn else self.cleaned_data["child_date_of_birth"],
            "expected_delivery_date": self.cleaned_data["expected_delivery_date"]
            if unborn
            else None,
            "postcode": str(self.cleaned_data["postcode"]),
        }


class ContactForm(ReferralPage):
    """How the team can reach the family safely, in their language."""

    FIELDS = ("phone", "language", "interpreter", "nhs_number")
    phone = forms.CharField(
        label=_("Family's phone number"),
        help_text=_("For example, 07700 900 982. A UK number."),
        required=False,
        max_length=40,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
        error_messages={"max_length": _("Enter a phone number, like 07700 900 982")},
    )
    contact = forms.MultipleChoiceField(
        label=_("Which of these is it safe for the team to do?"),
        help_text=_("Select all that are safe. Leave all empty if none of them is safe."),
        choices=CONTACT_WAYS,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    language = forms.ChoiceField(
        label=_("Language the family prefers"),
        choices=[("", _("Select a language")), *LANGUAGES],
        error_messages={
            "required": _("Select the language the family prefers"),
            "invalid_choice": _("Select a language from the list"),
        },
    )
    interpreter = forms.BooleanField(
        label=_("The family needs an interpreter"),
        required=False,
    )
    nhs_number = forms.CharField(
        label=_("Baby's NHS number (optional)"),
        help_text=_(
            "10 numbers, for example 999 000 0018. Leave this empty if you do not know it."
        ),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        error_messages={"max_length": _("NHS number must be 10 numbers")},
    )

    @classmethod
    def initial_from(cls, referral: Referral) -> dict[str, Any]:
        given = super().initial_from(referral)
        given["contact"] = [name for name, _label in CONTACT_WAYS if getattr(referral, name)]
        return given

    def clean_phone(self) -> str:
        return str(_checked(validation.phone_number, self.cleaned_data["phone"]))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if validation.interpreter_for_english(
            language=cleaned.get("language") or "", interpreter=bool(cleaned.get("interpreter"))
        ):
            self.add_error(
                "interpreter",
                _(
                    "An interpreter is for a language other than English: select the "
                    "language the family needs an interpreter for, or untick the box"
                ),
            )
        return cleaned

    def clean_nhs_number(self) -> str:
        return str(_checked(validation.nhs_number_checked, self.cleaned_data["nhs_number"]))

    def changes(self) -> dict[str, Any]:
        chosen = set(self.cleaned_data["contact"])
        return {
            **super().changes(),
            **{name: name in chosen for name, _label in CONTACT_WAYS},
        }


class WorriesForm(ReferralPage):
    """What worries the referrer, how much, what has been tried, who else is involved, and
    the family's agreement."""

    FIELDS = ("concerns", "concern_details", "impact", "tried", "others_involved", "consent")
    concerns = forms.MultipleChoiceField(
        label=_("What is worrying you about the family?"),
        help_text=_("Select all that apply."),
        choices=list(CONCERN_LABELS.items()),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Select what is worrying you about the family"),
            "invalid_choice": _("Select the worries from the list"),
        },
    )
    concern_details = forms.CharField(
        label=_("Tell us more about what worries you (optional)"),
        help_text=_("What you have seen or heard, and since when."),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    impact = forms.ChoiceField(
        label=_("How much does it affect the family?"),
        choices=list(IMPACT_DESCRIPTIONS.items()),
        widget=forms.RadioSelect,
        error_messages={"required": _("Select how much it affects the family")},
    )
    tried = forms.CharField(
        label=_("What has been tried so far? (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    others_involved = forms.CharField(
        label=_("Who else is working with the family? (optional)"),
        help_text=_("For example, a health visitor, a social worker or a GP."),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    consent = forms.BooleanField(
        label=_("The family knows about this referral and agreed to it"),
        error_messages={"required": _("Confirm that the family agreed to the referral")},
    )

    def _text(self, name: str, what: str) -> str:
        return str(
            _checked(
                validation.trimmed,
                self.cleaned_data[name],
                limit=validation.TEXT_LIMIT,
                what=what,
            )
        )

    def clean_concern_details(self) -> str:
        return self._text("concern_details", gettext("What worries you"))

    def clean_tried(self) -> str:
        return self._text("tried", gettext("What has been tried"))

    def clean_others_involved(self) -> str:
        return self._text("others_involved", gettext("Who else is working with the family"))

    def changes(self) -> dict[str, Any]:
        given = super().changes()
        chosen = set(given["concerns"])
        given["concerns"] = [code for code in CONCERN_LABELS if code in chosen]
        return given


class AnswerForm(forms.Form):
    """The referrer's answer when the team asks for more information."""

    answer = forms.CharField(
        label=_("Your answer"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def clean_answer(self) -> str:
        answer: str = _checked(
            validation.trimmed,
            self.cleaned_data["answer"],
            limit=validation.TEXT_LIMIT,
            what=gettext("Your answer"),
        )
        if not answer:
            raise forms.ValidationError(_("Enter your answer to the team's question"))
        return answer


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Why are you withdrawing the referral?"),
        help_text=_("For example, the family moved away or no longer wants the referral."),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reason"].page_heading = True  # type: ignore[attr-defined]

    def clean_reason(self) -> str:
        reason: str = _checked(
            validation.trimmed,
            self.cleaned_data["reason"],
            limit=validation.TEXT_LIMIT,
            what=gettext("The reason"),
        )
        if not reason:
            raise forms.ValidationError(_("Enter why you are withdrawing the referral"))
        return reason
