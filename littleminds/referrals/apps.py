from __future__ import annotations

from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "littleminds.referrals"
    label = "referrals"
    verbose_name = "Referrals and triage"

    def ready(self) -> None:
        # Registers the referrals' counts on "Your work" (accounts.work).
        from littleminds.referrals import work  # noqa: F401
