"""The service manager's face of referrals: intakes, the doors referrals come in by."""
