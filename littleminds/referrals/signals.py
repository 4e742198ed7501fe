"""What other apps can listen to, so that they build on referrals without referrals
knowing them (the notifications app tells people of each move)."""

from __future__ import annotations

from django.dispatch import Signal

# Sent inside the transaction of every move of a referral (lifecycle.MOVES), after its
# event and audit event are written, with `referral`, `action` and `by`. A receiver that
# writes does so in the same transaction: stored with the move, or not at all.
referral_moved = Signal()
