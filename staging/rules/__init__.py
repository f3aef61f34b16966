"""Pure AJCC 8 staging rules (no Django, no ORM, no clock): soft tissue sarcoma and cutaneous melanoma."""
