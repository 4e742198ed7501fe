from __future__ import annotations

import re
from typing import Any

from django import forms
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _

from littleminds.accounts.models import Organisation, Team, User
from littleminds.accounts.roles import ROLES, Role, Scope
from littleminds.accounts.rules import may_grant
from littleminds.accounts.services import RoleGrant
from littleminds.core.validation import EmailAddressField, LimitsExplained


def own_email_field(autocomplete: str) -> EmailAddressField:
    """The address a person signs in with, asked of the person themselves. A long paste is
    told it is too long, once (not also that it is in the wrong format)."""
    return EmailAddressField(
        label=_("Email address"),
        error_messages={
            "required": _("Enter your email address"),
            "invalid": _("Enter an email address in the correct format, like name@example.org"),
        },
        widget=forms.EmailInput(attrs={"autocomplete": autocomplete, "spellcheck": "false"}),
    )


class SignInForm(forms.Form):
    email = own_email_field("username")
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        error_messages={"required": _("Enter your password")},
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class TokenForm(forms.Form):
    code = forms.CharField(
        label=_("Security code"),
        help_text=_("The 6-digit code shown in your authenticator app"),
        error_messages={"required": _("Enter the 6-digit security code")},
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "class": "nhsuk-input--width-5",
                "spellcheck": "false",
            }
        ),
    )

    def clean_code(self) -> str:
        code = re.sub(r"\s", "", self.cleaned_data["code"])
        if not re.fullmatch(r"\d{6}", code):
            raise forms.ValidationError(_("Enter the security code as 6 numbers, like 123456"))
        return code


class NewPasswordForm(forms.Form):
    """Choose a password: the same rules wherever a password is set."""

    new_password = forms.CharField(
        label=_("New password"),
        strip=False,
        help_text=_("At least 12 characters. Avoid common words and your name."),
        error_messages={"required": _("Enter a new password")},
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    confirm_password = forms.CharField(
        label=_("Confirm new password"),
        strip=False,
        error_messages={"required": _("Enter the new password again")},
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_new_password(self) -> str:
        password: str = self.cleaned_data["new_password"]
        password_validation.validate_password(password, self.user)
        return password

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("new_password") and data.get("confirm_password") not in (
            None,
            data["new_password"],
        ):
            self.add_error("confirm_password", _("The passwords do not match"))
        return data


class ChangePasswordForm(NewPasswordForm):
    current_password = forms.CharField(
        label=_("Current password"),
        strip=False,
        error_messages={"required": _("Enter your current password")},
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    field_order = ["current_password", "new_password", "confirm_password"]

    def clean_current_password(self) -> str:
        password: str = self.cleaned_data["current_password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("Your current password is not correct"))
        return password


class PasswordResetRequestForm(forms.Form):
    email = own_email_field("email")


def grant_value(role: Role, team: Team | None) -> str:
    return f"{role}:{team.code}" if team else str(role)


def grant_label(role: Role, team: Team | None) -> str:
    return f"{role.label} – {team.name}" if team else str(role.label)


def grantable(by: User, teams: list[Team]) -> list[RoleGrant]:
    """Every (role, team) pair that `by` may give, in a stable order."""
    grants: list[RoleGrant] = []
    for role, spec in ROLES.items():
        if spec.scope is Scope.TEAM:
            grants.extend((role, team) for team in teams if may_grant(by, role, team))
        elif may_grant(by, role, None):
            grants.append((role, None))
    return grants


class RolesField(forms.MultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def __init__(self, *, grants: list[RoleGrant], **kwargs: Any) -> None:
        self.grants = {grant_value(role, team): (role, team) for role, team in grants}
        super().__init__(
            choices=[(value, grant_label(*grant)) for value, grant in self.grants.items()],
            **kwargs,
        )

    def clean(self, value: Any) -> list[RoleGrant]:
        return [self.grants[item] for item in super().clean(value)]


class InviteForm(LimitsExplained, forms.Form):
    full_name = forms.CharField(
        label=_("Full name"),
        max_length=150,
        error_messages={"required": _("Enter the person's full name")},
    )
    email = forms.EmailField(
        label=_("Email address"),
        max_length=254,
        help_text=_("We will send the invitation to this address"),
        error_messages={
            "required": _("Enter the person's email address"),
            "invalid": _("Enter an email address in the correct format, like name@example.org"),
        },
    )
    job_title = forms.CharField(label=_("Job title (optional)"), max_length=150, required=False)
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("Choose an organisation"),
        help_text=_("Required for practitioners: the organisation they work for"),
    )

    def __init__(self, *args: Any, by: User, teams: list[Team], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        organisation = self.fields["organisation"]
        assert isinstance(organisation, forms.ModelChoiceField)
        organisation.queryset = Organisation.objects.order_by("name")
        self.fields["roles"] = RolesField(
            grants=grantable(by, teams),
            label=_("Roles"),
            help_text=_("Select all that apply"),
            error_messages={"required": _("Select at least one role")},
        )

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(_("Someone already has an account with this email address"))
        return email

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        roles = data.get("roles") or []
        if any(role is Role.PRACTITIONER for role, _team in roles) and not data.get("organisation"):
            self.add_error("organisation", _("Choose the organisation the practitioner works for"))
        return data


class RolesForm(forms.Form):
    def __init__(self, *args: Any, by: User, person: User, teams: list[Team], **kwargs: Any):
        super().__init__(*args, **kwargs)
        grants = grantable(by, teams)
        held = [(Role(a.role), a.team) for a in person.role_assignments()]
        self.fields["roles"] = RolesField(
            grants=grants,
            label=_("Roles"),
            help_text=_("Select all that apply. Clear a box to take the role away."),
            required=False,
            initial=[grant_value(*grant) for grant in held if grant in grants],
        )
        self.person = person

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        roles = data.get("roles") or []
        if any(role is Role.PRACTITIONER for role, _team in roles) and not (
            self.person.organisation_id
        ):
            self.add_error(
                "roles",
                _("A practitioner must belong to an organisation; this person has none"),
            )
        return data


class DeactivateForm(LimitsExplained, forms.Form):
    reason = forms.CharField(
        label=_("Why are you deactivating this account?"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example, they have left the team. This is kept in the audit trail."),
        error_messages={"required": _("Enter why you are deactivating this account")},
    )


class PeopleSearchForm(LimitsExplained, forms.Form):
    text = forms.CharField(label=_("Name or email"), max_length=100, required=False)
    role = forms.ChoiceField(
        label=_("Role"),
        required=False,
        choices=[("", _("Any role")), *Role.choices],
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Any")), ("active", _("Active")), ("deactivated", _("Deactivated"))],
    )


class TeamForm(LimitsExplained, forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.order_by("name"),
        required=False,
        empty_label=_("Choose an organisation"),
        help_text=_("The provider the team works for"),
    )
    new_organisation = forms.CharField(
        label=_("Or a new organisation"),
        max_length=200,
        required=False,
        help_text=_("If the provider is not in the list, type its full name"),
    )
    name = forms.CharField(
        label=_("Team name"),
        max_length=200,
        error_messages={"required": _("Enter the team's name")},
    )

    def clean_new_organisation(self) -> str:
        name: str = self.cleaned_data["new_organisation"].strip()
        if name and Organisation.objects.filter(name__iexact=name).exists():
            raise forms.ValidationError(
                _("%(name)s is already in the list. Choose it there") % {"name": name}
            )
        return name

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        chosen, new = data.get("organisation"), data.get("new_organisation")
        if chosen and new:
            self.add_error(
                "new_organisation", _("Choose an organisation or type a new one, not both")
            )
        elif not chosen and not new and "new_organisation" not in self.errors:
            self.add_error("organisation", _("Choose the organisation the team works for"))
        elif (
            chosen
            and data.get("name")
            and chosen.teams.filter(name__iexact=data["name"].strip()).exists()
        ):
            self.add_error("name", _("This organisation already has a team with this name"))
        return data
