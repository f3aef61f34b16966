"""Pure care-pathway rules (no Django, no ORM, no clock): SSc criteria and the leiomyosarcoma advisor."""

from zorgpad.pathway.rules.pathway import (
    PATHWAY_REVISION_DUE,
    PATHWAY_TITLE,
    PATHWAY_VERSION,
    PATHWAY_VERSION_DATE,
    revision_overdue,
)

__all__ = ["PATHWAY_REVISION_DUE", "PATHWAY_TITLE", "PATHWAY_VERSION", "PATHWAY_VERSION_DATE", "revision_overdue"]
