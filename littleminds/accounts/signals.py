"""What other apps can listen to, so that they build on accounts without accounts knowing
them (the notifications app sends the account e-mails, ADR 0017)."""

from __future__ import annotations

from django.dispatch import Signal

# Sent inside the transaction that makes an account e-mail due (an invitation, a password
# reset), with `user` and `email` (an `accounts.emails.AccountEmail`). The receiver stores
# it in the same transaction and sends it after the commit, away from the request.
account_email_due = Signal()
