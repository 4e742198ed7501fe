"""The forms of places on training sessions: choosing a session to book, the public
registration form, and cancelling with a reason. Every message is specific and in plain
words; bad input changes nothing."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import formats
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from littleminds.accounts.models import Organisation
from littleminds.core.validation import EmailAddressField, LimitsExplained, too_long
from littleminds.training.models import (
    NAME_LIMIT,
    NOTE_LIMIT,
    STUDENT_LIMIT,
    CourseSession,
    Registration,
)

ORGANISATION, STUDENT = "organisation", "student"


def _choose(message: Any) -> dict[str, Any]:
    """The same plain message whether nothing was chosen or something not on offer was sent."""
    return {"required": message, "invalid_choice": message}


def session_label(session: CourseSession) -> str:
    parts = [
        f"{formats.date_format(part.day, 'j F Y')}, {part.starts:%H:%M}–{part.ends:%H:%M}"
        for part in session.parts.all()
    ]
    label = "; ".join(parts)
    if session.is_full():
        return gettext("%(when)s (full: join the waiting list)") % {"when": label}
    return label


class SessionChoiceForm(forms.Form):
    """Which coming session of the course: the first of the two clicks."""

    session = forms.ChoiceField(
        label=_("Choose a session"),
        widget=forms.RadioSelect,
        error_messages=_choose(_("Choose a session from the list")),
    )

    def __init__(self, *args: Any, sessions: list[CourseSession], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.sessions = {str(s.code): s for s in sessions}
        field = self.fields["session"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(code, session_label(s)) for code, s in self.sessions.items()]
        if len(sessions) == 1:
            self.initial.setdefault("session", str(sessions[0].code))

    @property
    def chosen(self) -> CourseSession:
        return self.sessions[self.cleaned_data["session"]]


class PublicRegistrationForm(LimitsExplained, SessionChoiceForm):
    """A volunteer's, student's or parents' group leader's request for a place."""

    name = forms.CharField(
        label=_("Full name"),
        max_length=NAME_LIMIT,
        widget=forms.TextInput(attrs={"autocomplete": "name", "spellcheck": "false"}),
        error_messages={"required": _("Enter your full name")},
    )
    email = EmailAddressField(
        label=_("Email address"),
        help_text=_("We will send you a link to confirm it. Your place is held once you do."),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={"required": _("Enter your email address")},
    )
    who = forms.ChoiceField(
        label=_("Where do you work or study?"),
        widget=forms.RadioSelect,
        choices=[
            (ORGANISATION, _("At an organisation in the directory")),
            (STUDENT, _("I am a student")),
        ],
        error_messages=_choose(_("Choose whether you work at an organisation or study")),
    )
    organisation = forms.ChoiceField(
        label=_("Your organisation"),
        required=False,
        error_messages=_choose(_("Choose your organisation from the list")),
    )
    student_at = forms.CharField(
        label=_("Where you study"),
        help_text=_("For example, Bradford College"),
        max_length=STUDENT_LIMIT,
        required=False,
    )
    student_course = forms.CharField(
        label=_("The course you study"),
        help_text=_("For example, early years, midwifery, nursing or social work"),
        max_length=STUDENT_LIMIT,
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.organisations = {str(o.code): o for o in Organisation.objects.order_by("name")}
        field = self.fields["organisation"]
        assert isinstance(field, forms.ChoiceField)
        # The names are the directory's, in English: the list says so to screen readers.
        field.choices = [("", "")] + [(code, o.name) for code, o in self.organisations.items()]
        field.widget.attrs.update({"lang": "en", "dir": "ltr"})

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        who = data.get("who")
        if who == ORGANISATION:
            if not data.get("organisation") and "organisation" not in self.errors:
                self.add_error("organisation", _("Choose your organisation from the list"))
            data["student_at"] = data["student_course"] = ""
        elif who == STUDENT:
            if not data.get("student_at") and "student_at" not in self.errors:
                self.add_error("student_at", _("Enter where you study"))
            if not data.get("student_course") and "student_course" not in self.errors:
                self.add_error("student_course", _("Enter the course you study"))
            data["organisation"] = ""
        return data

    @property
    def organisation_chosen(self) -> Organisation | None:
        code = self.cleaned_data.get("organisation")
        return self.organisations[code] if code else None


class PlaceCancelForm(LimitsExplained, forms.Form):
    reason = forms.ChoiceField(
        label=_("Why are you cancelling?"),
        help_text=_("The service counts the reasons, to see what keeps people from training."),
        widget=forms.RadioSelect,
        choices=Registration.CancelReason.choices,
        error_messages=_choose(_("Choose why you are cancelling")),
    )
    note = forms.CharField(
        label=_("Tell us why"),
        help_text=_("Needed if you chose another reason"),
        max_length=NOTE_LIMIT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        # The label is a request, so "Tell us why must be ..." would not be a sentence.
        error_messages={
            "max_length": too_long(
                _("The reason must be %(limit)s characters or fewer"), NOTE_LIMIT
            )
        },
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("reason") == Registration.CancelReason.OTHER:
            if not (data.get("note") or "").strip() and "note" not in self.errors:
                self.add_error("note", _("Say why you are cancelling"))
        else:
            data["note"] = ""
        return data
