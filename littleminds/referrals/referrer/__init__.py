"""The practitioner's face of referrals: the referral form, "check your answers", and
"Your referrals"."""
