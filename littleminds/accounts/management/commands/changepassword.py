"""`littleminds changepassword EMAIL`: Django's command, but through the audited service."""

from __future__ import annotations

import getpass
from typing import Any

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from littleminds.accounts import services
from littleminds.accounts.models import User


class Command(BaseCommand):
    help = "Set a person's password (recorded in the audit trail)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email", help="The email address the person signs in with.")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(email__iexact=options["email"].strip()).first()
        if user is None:
            raise CommandError(f"No account has the email address {options['email']!r}.")
        password = getpass.getpass("New password: ")
        if password != getpass.getpass("New password (again): "):
            raise CommandError("The passwords do not match; nothing was changed.")
        try:
            password_validation.validate_password(password, user)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        services.user_set_password(user=user, password=password)
        self.stdout.write(f"Password changed for {user.email}.")
