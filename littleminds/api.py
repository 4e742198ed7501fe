"""The JSON API at /api/: one NinjaAPI, each app adding its router."""

from __future__ import annotations

from ninja import NinjaAPI

from littleminds.accounts.api import router as accounts_router

api = NinjaAPI(
    title="Little Minds API",
    version="1",
    description="The JSON API of Little Minds. Signed-in calls use the browser session.",
    urls_namespace="api",
)
api.add_router("/accounts", accounts_router)
