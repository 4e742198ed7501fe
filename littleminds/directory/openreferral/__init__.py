"""Open Referral UK: the directory's published API, import and export."""
