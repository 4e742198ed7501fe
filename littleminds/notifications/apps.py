from __future__ import annotations

from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "littleminds.notifications"
    label = "notifications"
    verbose_name = "Notifications to referrers and families"

    def ready(self) -> None:
        from littleminds.accounts.signals import account_email_due

        # Registers the notifications' count on "Your work" (accounts.work).
        from littleminds.notifications import work  # noqa: F401
        from littleminds.notifications.services import on_account_email_due, on_referral_moved
        from littleminds.referrals.signals import referral_moved

        referral_moved.connect(on_referral_moved, dispatch_uid="notifications.referral_moved")
        account_email_due.connect(
            on_account_email_due, dispatch_uid="notifications.account_email_due"
        )
