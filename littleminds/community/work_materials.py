"""Community messaging's counters on "Your work": materials due for review."""
