from __future__ import annotations

from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "littleminds.referrals"
    label = "referrals"
    verbose_name = "Referrals and triage"

    def ready(self) -> None:
        # The navigator names, and lists, the service a referral through the platform goes
        # to; where it goes is ours to say (see `pathway.receiving`).
        from littleminds.pathway import receiving
        from littleminds.referrals import eligibility

        receiving.register(eligibility.receiving)
        # Registers the referrals' counts on "Your work" (accounts.work).
        from littleminds.referrals import work  # noqa: F401
