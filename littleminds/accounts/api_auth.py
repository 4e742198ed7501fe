"""How the API knows who calls it, beside the browser session: a partner system's token
(`Authorization: Bearer lm_…`), for its organisation (`api_tokens.py`)."""

from __future__ import annotations

from django.http import HttpRequest
from ninja.security import HttpBearer

from littleminds.accounts.api_tokens import api_token_for
from littleminds.accounts.models import ApiToken


class OrganisationToken(HttpBearer):
    """`request.auth` is the `ApiToken`; a missing, unknown or revoked token is a 401."""

    openapi_description = (
        "A partner system's API token, made with `littleminds api-token create`, sent as "
        "`Authorization: Bearer <token>`. It acts for one organisation."
    )

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        return api_token_for(token.strip())
