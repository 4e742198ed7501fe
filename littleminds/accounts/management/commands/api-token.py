"""`littleminds api-token`: make, list and revoke partner systems' API tokens."""

from __future__ import annotations

import uuid
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from littleminds.accounts.api_tokens import api_token_create, api_token_revoke
from littleminds.accounts.models import ApiToken, Organisation


class Command(BaseCommand):
    help = "Make, list and revoke the API tokens that partner systems use."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        create = sub.add_parser(
            "create", help="Make a token for an organisation and print its secret, once."
        )
        create.add_argument("--organisation", required=True, help="The organisation's name.")
        create.add_argument("--name", required=True, help="Which system uses it, in words.")
        listing = sub.add_parser("list", help="List the tokens (never their secrets).")
        listing.add_argument("--organisation", default="", help="Only this organisation's.")
        revoke = sub.add_parser("revoke", help="Stop a token working, from now on.")
        revoke.add_argument("code", help="The token's code, as `list` prints it.")

    def handle(self, *args: Any, **options: Any) -> None:
        getattr(self, f"_{options['subcommand']}")(options)

    def _create(self, options: dict[str, Any]) -> None:
        try:
            organisation = Organisation.objects.get(name=options["organisation"].strip())
        except Organisation.DoesNotExist:
            raise CommandError(f"No organisation is called {options['organisation']!r}.") from None
        try:
            made = api_token_create(by=None, organisation=organisation, name=options["name"])
        except ValueError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"Token {made.token.code} made for {organisation.name} ({made.token.name}).\n"
            "Its secret is below. Copy it now: it is not kept and cannot be shown again.\n\n"
            f"{made.secret}\n"
        )

    def _list(self, options: dict[str, Any]) -> None:
        tokens = ApiToken.objects.select_related("organisation")
        if options["organisation"]:
            tokens = tokens.filter(organisation__name=options["organisation"].strip())
        for token in tokens:
            state = f"revoked {token.revoked_at:%Y-%m-%d}" if token.revoked_at else "active"
            used = f"last used {token.last_used_at:%Y-%m-%d %H:%M}" if token.last_used_at else ""
            self.stdout.write(
                f"{token.code}  {token.organisation.name}: {token.name}  {state}  {used}".rstrip()
            )

    def _revoke(self, options: dict[str, Any]) -> None:
        code = _uuid_or_none(options["code"])
        token = ApiToken.objects.filter(code=code).first() if code else None
        if token is None:
            raise CommandError(f"No token has the code {options['code']!r}.")
        api_token_revoke(by=None, token=token)
        self.stdout.write(f"Token {token.code} ({token}) is revoked.")


def _uuid_or_none(text: str) -> str | None:
    try:
        return str(uuid.UUID(text.strip()))
    except ValueError:
        return None
