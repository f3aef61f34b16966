"""Is a case ready to be discussed? The checklist on the agenda: pathology revised, imaging, stage.

Pathway: "Indien elders een (huid)biopsie is afgenomen zal deze opgevraagd worden ter revisie in het
Erasmus MC" - pathology from elsewhere counts as ready only once the revision is done; our own
pathology needs no revision. Imaging is "in principe alleen aangewezen" for the deeper subcutaneous
variant, so the presenting clinician may mark it as not needed, and the pathway's decision says when it is not
needed at all ("doorgaans niet nodig bij de cutane tumoren"). A stage is needed only where AJCC staging applies
(the same decision as the staging app's). An unknown input is never "ok".
"""

from dataclasses import dataclass
from enum import StrEnum


class ItemState(StrEnum):
    OK = "ok"
    NOT_NEEDED = "not_needed"
    MISSING = "missing"
    UNKNOWN = "unknown"


class Item(StrEnum):
    PATHOLOGY = "pathology_revised"
    IMAGING = "imaging_available"
    STAGE = "stage_recorded"
    BRAF = "braf_recorded"  # melanoma stage III/IV: BRAF V600 status (mutant or wild-type)


class Imaging(StrEnum):
    PENDING = "pending"
    AVAILABLE = "available"
    NOT_NEEDED = "not_needed"


@dataclass(frozen=True)
class ReadinessInput:
    pathology_source: str  # "own" | "external" (core PathologySource)
    revision_status: str  # "not_needed" | "to_request" | "requested" | "done" (core RevisionStatus)
    imaging: Imaging
    stage_recorded: bool | None  # None: staging could not be consulted
    imaging_needed: bool = True  # the pathway's decision (TumourDecision.imaging_needed)
    staging_applicable: bool = True  # the pathway's decision (TumourDecision.staging.applicable)
    braf_needed: bool = False  # the pathway's decision (TumourDecision.braf_needed)
    braf_recorded: bool = False  # BRAF V600 mutant or wild-type recorded ("not tested" is not a status)


@dataclass(frozen=True)
class ChecklistItem:
    item: Item
    state: ItemState

    @property
    def ok(self) -> bool:
        return self.state in (ItemState.OK, ItemState.NOT_NEEDED)


@dataclass(frozen=True)
class Readiness:
    items: tuple[ChecklistItem, ...]

    @property
    def ready(self) -> bool:
        return all(i.ok for i in self.items)

    @property
    def missing(self) -> tuple[Item, ...]:
        return tuple(i.item for i in self.items if not i.ok)


def _pathology(source: str, revision: str) -> ItemState:
    if source == "own":
        return ItemState.OK if revision in ("not_needed", "done") else ItemState.UNKNOWN
    if source == "external":
        # Conservative: external material is always revised, whatever "not needed" says.
        return ItemState.OK if revision == "done" else ItemState.MISSING
    return ItemState.UNKNOWN


_IMAGING = {Imaging.AVAILABLE: ItemState.OK, Imaging.NOT_NEEDED: ItemState.NOT_NEEDED,
            Imaging.PENDING: ItemState.MISSING}


def readiness(inputs: ReadinessInput) -> Readiness:
    stage = {True: ItemState.OK, False: ItemState.MISSING, None: ItemState.UNKNOWN}[inputs.stage_recorded]
    if not inputs.staging_applicable:
        stage = ItemState.NOT_NEEDED
    imaging = _IMAGING[inputs.imaging] if inputs.imaging_needed else ItemState.NOT_NEEDED
    items = [
        ChecklistItem(Item.PATHOLOGY, _pathology(inputs.pathology_source, inputs.revision_status)),
        ChecklistItem(Item.IMAGING, imaging),
        ChecklistItem(Item.STAGE, stage),
    ]
    if inputs.braf_needed:
        items.append(ChecklistItem(Item.BRAF, ItemState.OK if inputs.braf_recorded else ItemState.MISSING))
    return Readiness(items=tuple(items))
