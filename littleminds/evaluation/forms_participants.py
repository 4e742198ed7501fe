"""The forms of the participants part: a participant, their withdrawal, a listed name, and a
researcher added to the study."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from littleminds.accounts.models import Organisation, User
from littleminds.core.forms import DatePartsField
from littleminds.core.validation import LimitsExplained
from littleminds.evaluation.models import (
    ListedName,
    Participant,
    Participation,
    Study,
    TimePoint,
)
from littleminds.evaluation.selectors_participants import (
    organisation_named,
    researcher_by_email,
)
from littleminds.evaluation.services_participants import Takes

# A participant's code: short, letters, digits and hyphens, starting with a letter or a
# digit, with a digit somewhere ("P07", "SD-2"). It is all the analysis knows of them, so it
# must not be a name: the form cannot tell a name from a code, but a short word with no
# spaces and a number in it rarely is one. A code that is one of the study's listed names,
# or a word of one, is refused too.
LABEL = re.compile(r"(?=.*[0-9])[A-Za-z0-9][A-Za-z0-9-]{0,9}")
LABEL_LIMIT = 10
NOT_TAKEN = ""
ORGANISATION_LIMIT = Organisation._meta.get_field("name").max_length


def _time_point_field(point: TimePoint) -> str:
    return f"at_{point.position}"


# The earliest date consent may have been given (a sensible bound, not a rule of the study).
EARLIEST_CONSENT = date(2000, 1, 1)


class ParticipantForm(LimitsExplained, forms.Form):
    label = forms.CharField(
        label=_("Participant code"),
        max_length=LABEL_LIMIT,
        help_text=_(
            "For example, P07. Up to 10 letters, numbers and hyphens: never the person's name"
        ),
        error_messages={"required": _("Enter the participant's code")},
    )
    group = forms.ChoiceField(
        label=_("Group"),
        choices=Participant.Group.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Select the participant's group"),
            "invalid_choice": _("Select the participant's group from the list"),
        },
    )
    # Typed, not chosen from a list: there may be thousands of organisations. The page
    # offers the directory's names as the person types (a datalist), without a script.
    organisation = forms.CharField(
        label=_("Organisation (optional)"),
        help_text=_(
            "Type the organisation's name as the directory writes it. Their ring on the "
            "system map is read from the directory"
        ),
        required=False,
        max_length=ORGANISATION_LIMIT,
        widget=forms.TextInput(attrs={"list": "organisation-names", "autocomplete": "off"}),
    )
    consent_on = DatePartsField(
        label=_("Date consent was given"),
        # An example in the past: the box refuses a date after today.
        help_text=_("For example, 15 6 2022"),
        noun=_("The date consent was given"),
        missing=_("Enter the date consent was given"),
        what=_("the date consent was given"),
    )
    information_sheet_version = forms.CharField(
        label=_("Version of the information sheet"),
        max_length=40,
        help_text=_("The version they read before consenting, for example v2"),
        error_messages={"required": _("Enter the version of the information sheet")},
    )

    def __init__(
        self,
        *args: Any,
        study: Study,
        time_points: list[TimePoint],
        participant: Participant | None = None,
        **kwargs: Any,
    ) -> None:
        self.study = study
        self.participant = participant
        self.time_points = time_points
        if participant is not None and "initial" not in kwargs:
            taken = {p.time_point_id: p.method for p in participant.participations.all()}
            kwargs["initial"] = {
                "label": participant.label,
                "group": participant.group,
                "organisation": participant.organisation.name if participant.organisation else "",
                "consent_on": participant.consent_on,
                "information_sheet_version": participant.information_sheet_version,
                **{_time_point_field(p): taken.get(p.pk, NOT_TAKEN) for p in time_points},
            }
        super().__init__(*args, **kwargs)
        for point in time_points:
            self.fields[_time_point_field(point)] = forms.ChoiceField(
                label=_("At %(time_point)s") % {"time_point": point.label},
                choices=[(NOT_TAKEN, _("Did not take part")), *Participation.Method.choices],
                widget=forms.RadioSelect,
                required=False,
                initial=NOT_TAKEN,
                error_messages={
                    "invalid_choice": _("Select how they took part at %(time_point)s")
                    % {"time_point": point.label}
                },
            )
        # The page asks for the time points before the consent, so the error summary (made in
        # the fields' order) lists their problems before the consent's too.
        later = ("consent_on", "information_sheet_version")
        self.fields = {
            **{name: field for name, field in self.fields.items() if name not in later},
            **{name: self.fields[name] for name in later},
        }

    def time_point_fields(self) -> list[forms.BoundField]:
        return [self[_time_point_field(point)] for point in self.time_points]

    def clean_label(self) -> str:
        label = self.cleaned_data["label"].strip()
        if not LABEL.fullmatch(label):
            raise forms.ValidationError(
                _(
                    "The participant code must be letters, numbers and hyphens only, "
                    "with at least one number and no spaces, like P07"
                )
            )
        listed_words = {
            word.casefold()
            for text in ListedName.objects.filter(study=self.study).values_list("text", flat=True)
            for word in text.split()
        }
        if label.casefold() in listed_words:
            raise forms.ValidationError(
                _("The participant code is one of the names to replace: choose a code, like P07")
            )
        taken = Participant.objects.filter(study=self.study, label__iexact=label)
        if self.participant is not None:
            taken = taken.exclude(pk=self.participant.pk)
        if taken.exists():
            raise forms.ValidationError(
                _("Another participant of this study has the code %(label)s: choose another")
                % {"label": label}
            )
        return label

    def clean_organisation(self) -> Organisation | None:
        typed = self.cleaned_data.get("organisation") or ""
        if not typed.strip():
            return None
        found = organisation_named(typed)
        if found is None:
            raise forms.ValidationError(
                _("No organisation is called “%(name)s”: check its name in the directory")
                % {"name": " ".join(typed.split())}
            )
        return found

    def clean_consent_on(self) -> date:
        given: date = self.cleaned_data["consent_on"]
        if given > timezone.localdate():
            raise forms.ValidationError(
                _("The date consent was given must be today or in the past")
            )
        if given < EARLIEST_CONSENT:
            # A year mistyped (1850 for 2025), not a study of this service.
            raise forms.ValidationError(
                _("The date consent was given must be on or after 1 January 2000")
            )
        return given

    def clean_information_sheet_version(self) -> str:
        return self.cleaned_data["information_sheet_version"].strip()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        fields = [_time_point_field(point) for point in self.time_points]
        if not any(name in self.errors for name in fields) and not any(
            data.get(name) for name in fields
        ):
            self.add_error(
                fields[0] if fields else None,
                _("Select how they took part at one time point at least"),
            )
        return data

    def takes(self) -> Takes:
        return {
            point: self.cleaned_data[_time_point_field(point)]
            for point in self.time_points
            if self.cleaned_data.get(_time_point_field(point))
        }


class WithdrawForm(LimitsExplained, forms.Form):
    note = forms.CharField(
        label=_("Note"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example, how and when they asked to withdraw"),
        error_messages={"required": _("Enter a note about the withdrawal")},
    )


class ListedNameForm(LimitsExplained, forms.Form):
    kind = forms.ChoiceField(
        label=_("Whose name is it?"),
        choices=ListedName.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Select whether it is a participant, another person or a place"),
            "invalid_choice": _("Select whether it is a participant, another person or a place"),
        },
    )
    text = forms.CharField(
        label=_("The name as it is written in transcripts"),
        max_length=200,
        help_text=_("List each way it is written (for example a first name alone) separately"),
        error_messages={"required": _("Enter the name")},
    )
    participant = forms.ChoiceField(
        label=_("Which participant (for a participant's name)"),
        required=False,
        help_text=_("Their name is replaced by their code"),
        error_messages={"invalid_choice": _("Select the participant from the list")},
    )
    replacement = forms.CharField(
        label=_("Replace it with (for another person or a place)"),
        max_length=40,
        required=False,
        help_text=_("Left empty: [person] for a person, [place] for a place"),
    )

    def __init__(
        self, *args: Any, study: Study, name: ListedName | None = None, **kwargs: Any
    ) -> None:
        self.study = study
        self.name = name
        if name is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "kind": name.kind,
                "text": name.text,
                "participant": str(name.participant.code) if name.participant else "",
                "replacement": "" if name.participant else name.replacement,
            }
        super().__init__(*args, **kwargs)
        self.participants = {str(p.code): p for p in study.participants.order_by("label")}
        field = self.fields["participant"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [
            ("", _("Choose a participant")),
            *((code, p.label) for code, p in self.participants.items()),
        ]

    def clean_text(self) -> str:
        text = " ".join(self.cleaned_data["text"].split())
        taken = ListedName.objects.filter(study=self.study, text__iexact=text)
        if self.name is not None:
            taken = taken.exclude(pk=self.name.pk)
        if taken.exists():
            raise forms.ValidationError(_("This name is listed already"))
        # A participant's code is what a name becomes, never a name: listed, it would stop its
        # participant from being changed (see ParticipantForm.clean_label).
        codes = {
            label.casefold(): label
            for label in Participant.objects.filter(study=self.study).values_list(
                "label", flat=True
            )
        }
        for word in text.split():
            if word.casefold() in codes:
                raise forms.ValidationError(
                    _("“%(code)s” is a participant's code, not a name: list the name itself")
                    % {"code": codes[word.casefold()]}
                )
        return text

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = data.get("kind")
        if kind == ListedName.Kind.PARTICIPANT:
            if not data.get("participant") and "participant" not in self.errors:
                self.add_error("participant", _("Select whose name this is"))
        elif kind:
            data["participant"] = ""
            replacement = " ".join((data.get("replacement") or "").split())
            data["replacement"] = replacement or (
                "[person]" if kind == ListedName.Kind.PERSON else "[place]"
            )
        return data

    def chosen_participant(self) -> Participant | None:
        code = self.cleaned_data.get("participant") or ""
        return self.participants.get(code)


class ResearcherForm(LimitsExplained, forms.Form):
    email = forms.EmailField(
        label=_("Their e-mail address"),
        max_length=254,
        help_text=_("They must already have an account with the researcher role"),
        error_messages={
            "required": _("Enter the researcher's e-mail address"),
            "invalid": _("Enter an e-mail address in the correct format, like name@example.com"),
        },
    )
    lead = forms.BooleanField(
        label=_("Make them a lead researcher (they manage the study and see its names)"),
        required=False,
    )

    def clean_email(self) -> User:
        email = self.cleaned_data["email"]
        found = researcher_by_email(email)
        if found is None:
            raise forms.ValidationError(
                _("Nobody with the researcher role has the e-mail address %(email)s")
                % {"email": email}
            )
        return found
