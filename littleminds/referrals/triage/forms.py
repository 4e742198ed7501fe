"""The triage queue's filters, and one small form for each action a team can take on a
referral. Each action form knows its service call (`apply`) and the words of its success
banner (`done`), so that the view stays one shape for all of them."""

from __future__ import annotations

import re
from datetime import date, datetime, time
from typing import TYPE_CHECKING, Any, ClassVar

from django import forms
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from littleminds.accounts.models import Organisation, User
from littleminds.core.forms import DatePartsField, PlainSelect
from littleminds.core.validation import LimitsExplained, explain_limits
from littleminds.pathway.labels import CONCERN_LABELS
from littleminds.referrals import selectors, services
from littleminds.referrals.lifecycle import Action, DeclineReason, Status, actions_from
from littleminds.referrals.models import Referral
from littleminds.referrals.validation import TEXT_LIMIT

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

_DISTRICT = re.compile(r"^[A-Z]{1,2}[0-9][0-9A-Z]?$")

AGE_CHOICES = [
    ("", _("Any age")),
    ("unborn", _("Not born yet")),
    ("0-5", _("Under 6 months")),
    ("6-11", _("6 to 11 months")),
    ("12-17", _("12 to 17 months")),
    ("18-23", _("18 to 23 months")),
]
STATUS_CHOICES = [
    ("", _("Waiting for the team")),
    ("triage", _("Waiting for a triage decision")),
    ("due", _("Decision due: waiting 14 days or more")),
    ("answered", _("New answer from the referrer")),
    ("all", _("Any status")),
    *[(status.value, status.label) for status in Status if status != Status.DRAFT],
]
SORT_CHOICES = [("", _("Waiting longest first")), ("newest", _("Newest first"))]


# Up to this many organisations, "referred by" is a list to choose from; above it, a box
# where the organisation is typed by name: a thousand organisations listed were half the
# queue's page, at every visit (ADR 0057, as the system map's areas in ADR 0047).
ORGANISATIONS_LISTED = 200


class OrganisationBox(forms.CharField):
    """The queue's "referred by" when there are too many organisations to list: the name as
    the queue's "Referred by" column shows it ("Self-referral" for the families' own), in
    any capitals, or the code the list would give. It shows the organisation by its name."""

    def __init__(self, *, found: Organisation | None = None) -> None:
        super().__init__(
            label=_("Referred by"),
            help_text=_(
                "The organisation's name as the “Referred by” column shows it, or "
                "“Self-referral” for families who referred themselves. Leave it empty for "
                "anyone."
            ),
            max_length=200,
            required=False,
        )
        self.widget.attrs.update({"spellcheck": "false"})
        self.found = found

    def prepare_value(self, value: Any) -> Any:
        # `found` is what this very value named (the form looked it up).
        if isinstance(value, str) and _is_self(" ".join(value.split())):
            return gettext("Self-referral")
        if self.found is not None and value:
            return self.found.name
        return value


def _is_self(typed: str) -> bool:
    words = typed.casefold()
    return words == "self" or words in {"self-referral", gettext("Self-referral").casefold()}


class QueueForm(LimitsExplained, forms.Form):
    """The queue's filters, read from the query string; every one is optional."""

    q = forms.CharField(
        label=_("Reference or name"),
        help_text=_(
            "A reference like LM-ACDE-FGHJ, or part of the parent's or baby's name. "
            "A search looks at referrals of any status."
        ),
        max_length=120,
        required=False,
        error_messages={"max_length": _("Enter no more than %(limit_value)d characters")},
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=STATUS_CHOICES, required=False, widget=PlainSelect
    )
    age = forms.ChoiceField(
        label=_("Baby's age today"), choices=AGE_CHOICES, required=False, widget=PlainSelect
    )
    district = forms.CharField(
        label=_("Postcode district"),
        help_text=_("The first half of the postcode, like BD7"),
        max_length=8,
        required=False,
    )
    concern = forms.ChoiceField(label=_("Worry"), required=False, widget=PlainSelect)
    organisation = forms.ChoiceField(label=_("Referred by"), required=False, widget=PlainSelect)
    sort = forms.ChoiceField(
        label=_("Order"), choices=SORT_CHOICES, required=False, widget=PlainSelect
    )

    def __init__(self, *args: Any, by: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["district"].widget.attrs.update(
            {"class": "nhsuk-input--width-5", "spellcheck": "false"}
        )
        self.fields["q"].widget.attrs.update({"spellcheck": "false", "autocomplete": "off"})
        concern = self.fields["concern"]
        assert isinstance(concern, forms.ChoiceField)
        concern.choices = [("", _("Any worry")), *CONCERN_LABELS.items()]
        organisation = self.fields["organisation"]
        assert isinstance(organisation, forms.ChoiceField)
        chosen = str(self.data.get("organisation") or "")
        listed = list(
            selectors.triage_organisations(by, also=chosen)[: ORGANISATIONS_LISTED + 1].values_list(
                "code", "name"
            )
        )
        if len(listed) > ORGANISATIONS_LISTED:
            typed = " ".join(chosen.split())
            found = None
            if typed and not _is_self(typed) and len(typed) <= 200:
                found = selectors.referring_organisation_find(typed)
            self.fields["organisation"] = OrganisationBox(found=found)
            explain_limits(self)
            return
        organisation.choices = [
            ("", _("Anyone")),
            ("self", _("The family (self-referral)")),
            *((str(code), name) for code, name in listed),
        ]

    def clean_organisation(self) -> str:
        field = self.fields["organisation"]
        typed = " ".join(str(self.cleaned_data["organisation"]).split())
        if not isinstance(field, OrganisationBox) or not typed:
            return typed
        if _is_self(typed):
            return "self"
        if field.found is None:
            raise forms.ValidationError(
                _(
                    "No organisation is called “%(name)s”. Check the spelling, or leave it "
                    "empty for anyone."
                ),
                params={"name": typed},
            )
        return str(field.found.code)

    def clean_q(self) -> str:
        return " ".join(str(self.cleaned_data["q"]).split())

    def clean_district(self) -> str:
        district = "".join(str(self.cleaned_data["district"]).split()).upper()
        if district and not _DISTRICT.match(district):
            raise forms.ValidationError(
                _("Enter a postcode district, like BD7, or leave it empty"), code="invalid"
            )
        return district


# The actions --------------------------------------------------------------------------------


class ActionForm(LimitsExplained, forms.Form):
    """One triage action. `action` names it in the page's POST; `FIRST_CONTACT` is not a
    move of the life cycle (the status stays "accepted"), so it has its own name."""

    action: ClassVar[str]
    title: ClassVar[StrOrPromise]
    button: ClassVar[StrOrPromise]
    done: ClassVar[StrOrPromise]

    # The words of the success banner when a family referred itself, where `done` speaks
    # of the referrer.
    done_for_family: ClassVar[StrOrPromise | None] = None

    def __init__(self, *args: Any, referral: Referral, by: User, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", self.action.replace("_", "-"))
        super().__init__(*args, **kwargs)
        self.referral = referral
        self.by = by
        if referral.kind == Referral.Kind.SELF:
            self.speak_of_the_family()

    @property
    def done_words(self) -> StrOrPromise:
        if self.referral.kind == Referral.Kind.SELF and self.done_for_family is not None:
            return self.done_for_family
        return self.done

    def speak_of_the_family(self) -> None:
        """A family that referred itself has no referrer: the fields say "the family"."""

    def _say(
        self, name: str, label: StrOrPromise, missing: StrOrPromise, hint: StrOrPromise
    ) -> None:
        field = self.fields[name]
        field.label = label
        field.help_text = hint
        field.error_messages["required"] = missing

    def apply(self) -> Referral:
        raise NotImplementedError

    def confirm_url(self) -> str | None:
        """Where to ask the person to confirm before `apply`; None to apply at once."""
        return None

    def next_url(self) -> str | None:
        """Where to go once applied; None to stay on the referral."""
        return None


def _text(label: StrOrPromise, missing: StrOrPromise, hint: StrOrPromise = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=hint,
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": missing,
            "max_length": _("Enter no more than %(limit_value)d characters"),
        },
    )


class StartTriageForm(ActionForm):
    action = Action.START_TRIAGE
    title = _("Start triage")
    button = _("Start triage")
    done = _("You are looking at this referral. Others in the team can see that it is in triage.")

    def apply(self) -> Referral:
        return services.triage_start(by=self.by, referral=self.referral)


class AcceptForm(ActionForm):
    action = Action.ACCEPT
    title = _("Accept")
    button = _("Accept the referral")
    done = _("The referral is accepted. Now open a case for the family, or add it to their case.")

    note = forms.CharField(
        label=_("Note for the team (optional)"),
        max_length=TEXT_LIMIT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def next_url(self) -> str:
        # The case the referral opens (or joins) is the next step (casework's page).
        return reverse("casework:from-referral", kwargs={"reference": self.referral.reference})

    def apply(self) -> Referral:
        return services.referral_accept(
            by=self.by, referral=self.referral, note=self.cleaned_data["note"]
        )


class DeclineForm(ActionForm):
    action = Action.DECLINE
    title = _("Decline")
    button = _("Decline the referral")
    done = _("The referral is declined. The referrer can read why, and where to go instead.")
    done_for_family = _(
        "The referral is declined. The family is told why, and where to go instead."
    )

    reason = forms.ChoiceField(
        label=_("Why is the referral not accepted?"),
        choices=DeclineReason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Select why the referral is not accepted")},
    )
    signposting = _text(
        _("What should the referrer do instead?"),
        _("Enter what the referrer should do instead"),
        _("The referrer reads this: name the services that can help, and how to reach them"),
    )

    def speak_of_the_family(self) -> None:
        # A family that referred itself reads it: in its text message or email, and when it
        # checks where its request is.
        self._say(
            "signposting",
            _("What should the family do instead?"),
            _("Enter what the family should do instead"),
            _(
                "The family reads this, in their text message or email and when they check "
                "their request: in plain words, name the services that can help, and how to "
                "reach them"
            ),
        )

    def apply(self) -> Referral:
        return services.referral_decline(
            by=self.by,
            referral=self.referral,
            reason=self.cleaned_data["reason"],
            signposting=self.cleaned_data["signposting"],
        )


class RedirectForm(ActionForm):
    action = Action.REDIRECT
    title = _("Offer a consultation instead")
    button = _("Offer a consultation")
    done = _("A consultation is offered instead. The referrer is invited to book one.")
    done_for_family = _("A consultation is offered instead. The family is told.")

    message = _text(
        _("Message to the referrer"),
        _("Enter a message to the referrer about the consultation"),
        _("Say why a consultation fits better; the referrer is invited to book one"),
    )

    def speak_of_the_family(self) -> None:
        self._say(
            "message",
            _("Message to the family"),
            _("Enter a message to the family about the consultation"),
            _(
                "The family reads this in their text message or email: say in plain words why "
                "a consultation fits better and what happens next"
            ),
        )

    def apply(self) -> Referral:
        return services.referral_redirect(
            by=self.by, referral=self.referral, message=self.cleaned_data["message"]
        )


class RequestInfoForm(ActionForm):
    action = Action.REQUEST_INFO
    title = _("Ask for more information")
    button = _("Send the question")
    done = _("The question is sent. The referral comes back to the queue when it is answered.")

    question = _text(
        _("What do you need to know?"),
        _("Enter what you need to know"),
        _("The referrer reads this and answers it"),
    )

    def speak_of_the_family(self) -> None:
        # A family has no account to answer with: it is told that the team will be in touch,
        # and the team records what it finds out.
        self._say(
            "question",
            _("What do you need to know?"),
            _("Enter what you need to know"),
            _(
                "The family reads this in their text message or email, with word that someone "
                "from the team will contact them; record what they tell you"
            ),
        )

    def apply(self) -> Referral:
        return services.referral_request_info(
            by=self.by, referral=self.referral, question=self.cleaned_data["question"]
        )


class InfoReceivedForm(ActionForm):
    action = Action.ANSWER_INFO
    title = _("Record what you found out")
    button = _("Record it and go back to triage")
    done = _("What you found out is recorded, and the referral is back in triage.")

    answer = _text(
        _("What did you find out?"),
        _("Enter what you found out"),
        _("For example, what the family or the referrer told you on the phone"),
    )

    def speak_of_the_family(self) -> None:
        self._say(
            "answer",
            _("What did you find out?"),
            _("Enter what you found out"),
            _("For example, what the family told you on the phone"),
        )

    def apply(self) -> Referral:
        return services.referral_answer_info(
            by=self.by, referral=self.referral, answer=self.cleaned_data["answer"]
        )


class DuplicateForm(ActionForm):
    action = Action.MARK_DUPLICATE
    title = _("Mark as a duplicate")
    button = _("Compare the two referrals")
    done = _("The referral is marked as a duplicate and linked to the original.")

    original = forms.ChoiceField(
        label=_("Which referral does this one repeat?"), widget=forms.RadioSelect, required=False
    )
    reference = forms.CharField(
        label=_("Or enter the reference of the original"),
        help_text=_("For example, LM-ACDE-FGHJ"),
        max_length=20,
        required=False,
    )

    def __init__(self, *args: Any, duplicates: list[Referral], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        original = self.fields["original"]
        assert isinstance(original, forms.ChoiceField)
        original.choices = [
            (str(other.code), f"{other.reference} – {other.parent_name}") for other in duplicates
        ]
        if not duplicates:
            del self.fields["original"]
            self.fields["reference"].label = _("Reference of the original referral")
        self.fields["reference"].widget.attrs.update(
            {"class": "nhsuk-input--width-10", "spellcheck": "false"}
        )
        self.duplicates = {str(other.code): other for other in duplicates}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        chosen = self.duplicates.get(data.get("original") or "")
        written = str(data.get("reference") or "")
        # A reference written any way: in any case, with or without "LM", dashes and spaces.
        reference = selectors.reference_in(written) or "".join(written.split()).upper()
        if chosen is None and reference:
            chosen = selectors.triage_queryset(self.by).filter(reference=reference).first()
            if chosen is None or chosen.pk == self.referral.pk:
                self.add_error(
                    "reference", gettext("Enter the reference of another referral to your team")
                )
                return data
        if chosen is None:
            field = "original" if "original" in self.fields else "reference"
            message = (
                gettext("Select the referral this one repeats, or enter its reference")
                if field == "original"
                else gettext("Enter the reference of the original referral")
            )
            self.add_error(field, message)
        data["chosen"] = chosen
        return data

    def confirm_url(self) -> str:
        # Marking a duplicate closes the referral: the next page shows both side by side.
        original: Referral = self.cleaned_data["chosen"]
        return reverse(
            "triage:duplicate", kwargs={"code": self.referral.code, "original": original.code}
        )

    def apply(self) -> Referral:
        return services.referral_mark_duplicate(
            by=self.by, referral=self.referral, original=self.cleaned_data["chosen"]
        )


class WithdrawForm(ActionForm):
    action = Action.WITHDRAW
    title = _("Record a withdrawal")
    button = _("Record the withdrawal")
    done = _("The withdrawal is recorded.")

    reason = _text(
        _("Why is the referral withdrawn?"),
        _("Enter why the referral is withdrawn"),
        _("For example, the family asked for it to be withdrawn"),
    )

    def apply(self) -> Referral:
        return services.referral_withdraw(
            by=self.by, referral=self.referral, reason=self.cleaned_data["reason"]
        )


FIRST_CONTACT = "first_contact"


class FirstContactForm(ActionForm):
    action = FIRST_CONTACT
    title = _("Record first contact")
    button = _("Save the date of first contact")
    done = _("The date of first contact is saved.")

    on = DatePartsField(
        label=_("When did the team first speak with the family?"),
        help_text=_("For example, 15 3 2027"),
        noun=_("Date of first contact"),
        missing=_("Enter the date of first contact"),
    )

    def clean_on(self) -> date:
        on: date = self.cleaned_data["on"]
        if on > timezone.localdate():
            raise forms.ValidationError(
                _("Date of first contact must be today or in the past"), code="future"
            )
        sent = self.referral.submitted_at
        if sent is not None and on < timezone.localdate(sent):
            raise forms.ValidationError(
                gettext("Date of first contact must be on or after %(sent)s, when it was sent")
                % {"sent": _day(timezone.localdate(sent))},
                code="before",
            )
        return on

    def apply(self) -> Referral:
        return services.first_contact_record(
            by=self.by,
            referral=self.referral,
            on=contact_moment(self.referral, self.cleaned_data["on"]),
        )


def contact_moment(referral: Referral, on: date) -> datetime:
    """The moment to store for a contact on the day `on`: the start of that day, but never
    before the referral was sent (a family called the day it was sent) nor after now."""
    moment = timezone.make_aware(datetime.combine(on, time.min))
    if referral.submitted_at is not None:
        moment = max(moment, referral.submitted_at)
    return min(moment, timezone.now())


def _day(day: date) -> str:
    return formats.date_format(day, "j F Y")


# In the order the page offers them.
ACTION_FORMS: dict[str, type[ActionForm]] = {
    form.action: form
    for form in (
        StartTriageForm,
        AcceptForm,
        DeclineForm,
        RedirectForm,
        RequestInfoForm,
        InfoReceivedForm,
        DuplicateForm,
        WithdrawForm,
        FirstContactForm,
    )
}


def open_actions(referral: Referral) -> list[str]:
    """The actions the team may take on `referral` now, as the life cycle says, and the
    date of first contact for an accepted referral that has none yet."""
    names = [action.value for action in actions_from(referral.status, team=True, referrer=False)]
    if referral.status == Status.ACCEPTED and referral.first_contact_at is None:
        names.append(FIRST_CONTACT)
    return [name for name in ACTION_FORMS if name in names]
