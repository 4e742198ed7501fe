"""Community messaging's counters on "Your work": events waiting for their reach."""
