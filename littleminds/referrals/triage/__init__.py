"""The receiving team's face of referrals: the triage queue, search and decisions."""
