"""The administrator's start page: the audit search, centre decisions still open, pathway revisions due."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.paginator import Page

from today.selectors.common import paginate
from zorgpad.pathway.selectors import centre_decision_specs, centre_decisions_current
from zorgpad.pathways import registry
from zorgpad.pathways.base import CentreDecisionSpec, PathwayDefinition


@dataclass(frozen=True)
class OpenDecision:
    definition: PathwayDefinition
    spec: CentreDecisionSpec


def open_centre_decisions_page(*, page: Any) -> Page:
    """The choices the pathways leave to the centre that it has not recorded (one query)."""
    current = centre_decisions_current()
    rows = [OpenDecision(definition=definition, spec=spec)
            for key, (definition, spec) in centre_decision_specs().items() if key not in current]
    return paginate(rows, page)


@dataclass(frozen=True)
class RevisionRow:
    definition: PathwayDefinition
    overdue: bool
    days_left: int


def pathway_revisions_page(*, page: Any, today: date) -> Page:
    """Every pathway version this build knows, the nearest revision date first; overdue ones say so (the
    definition's own rule). No queries."""
    rows = [RevisionRow(definition=d, overdue=d.revision_overdue(today), days_left=(d.revision_due - today).days)
            for d in sorted(registry.definitions(), key=lambda d: d.revision_due)]
    return paginate(rows, page)
