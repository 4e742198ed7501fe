"""The forms of attendance and certificates: one mark on the register, and the public check
of a certificate's code. Every message is specific and in plain words."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from littleminds.training.models_attendance import Attendance
from littleminds.training.selectors_attendance import normalised_check_code


class MarkForm(forms.Form):
    """One tap on the register: the person (their registration's code), the part (its
    number on the register, from 1) and the mark. The register sends these from its
    buttons; nothing here is typed."""

    person = forms.UUIDField(error_messages={"required": _("Choose the person to mark")})
    part = forms.IntegerField(
        min_value=1,
        error_messages={
            "required": _("Choose the part of the session to mark"),
            "invalid": _("Choose the part of the session to mark"),
            "min_value": _("Choose the part of the session to mark"),
        },
    )
    mark = forms.ChoiceField(
        choices=Attendance.Mark.choices,
        error_messages={
            "required": _("Choose present, late, absent or excused"),
            "invalid_choice": _("Choose present, late, absent or excused"),
        },
    )


class CheckForm(forms.Form):
    code = forms.CharField(
        label=_("Certificate code"),
        help_text=_("It is printed on the certificate: 10 letters and numbers, like ACD23-FGH47"),
        max_length=40,
        error_messages={
            "required": _("Enter the code printed on the certificate"),
            "max_length": _("The code is 10 letters and numbers, like ACD23-FGH47"),
        },
    )

    def clean_code(self) -> str:
        code = normalised_check_code(self.cleaned_data["code"])
        if code is None:
            raise forms.ValidationError(
                _(
                    "Enter the code as it is printed on the certificate: 10 letters and "
                    "numbers, like ACD23-FGH47"
                )
            )
        return code

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["code"].widget.attrs.update(
            {"autocomplete": "off", "spellcheck": "false", "autocapitalize": "characters"}
        )
