"""Pure care-pathway rules (no Django, no ORM, no clock): SSc criteria and the leiomyosarcoma advisor."""
