"""The family's face of referrals: self-referral, public, in the community's languages,
and its status check."""
