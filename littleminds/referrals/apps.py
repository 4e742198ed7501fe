from __future__ import annotations

from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "littleminds.referrals"
    label = "referrals"
    verbose_name = "Referrals and triage"
