"""The care pathways: pure Python (no Django, no ORM, no clock; callers pass `today`), the one home of pathway
content and decisions. See README.md in this folder for adding a pathway or a version."""
