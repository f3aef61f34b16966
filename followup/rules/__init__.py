"""Pure follow-up rules: month arithmetic and the pathway's follow-up schedule (no Django, no clock)."""
