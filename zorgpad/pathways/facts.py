"""What the pathways are told about a patient and a tumour: frozen facts, built by the Django layer from the
record (or by the stateless API from a request). '' in the record (not entered) is None here."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from zorgpad.pathways.vocabulary import (
    AdjuvantStatus,
    BodySiteRegion,
    Depth,
    Diagnosis,
    Margin,
    MarkerUnit,
    MutationStatus,
    SentinelNode,
)


@dataclass(frozen=True, slots=True)
class Measurement:
    """One marker value. `unit` None = not known (listed for review, never compared); `upper_limit` is the
    lab's upper reference limit in the same unit as `value`, when the lab gave one."""

    day: date
    value: Decimal
    unit: MarkerUnit | None = MarkerUnit.UG_L
    upper_limit: Decimal | None = None


@dataclass(frozen=True, slots=True)
class PatientFacts:
    birth_date: date | None = None
    immunosuppressed: bool = False
    multiple_leiomyomas: bool = False
    other_malignancies: int = 0  # malignancies besides the tumour in question (all, when there is none)
    systemic_sclerosis: bool = False  # recorded as SSc, active or inactive
    possible_ssc: bool = False  # another autoimmune disease whose ACR/EULAR 2013 score is >= 9
    autoimmune_disease: bool = False  # another autoimmune disease than SSc, active or inactive
    anti_rna_polymerase_iii: bool = False
    s100b: tuple[Measurement, ...] = ()
    high_risk: bool | None = None  # first-visit risk profile: high risk of skin malignancies; None = not recorded


@dataclass(frozen=True, slots=True)
class TumourFacts:
    diagnosis: Diagnosis
    depth: Depth | None = None
    size_cm: Decimal | None = None
    grade: str | None = None
    n: str | None = None
    m: str | None = None
    margin: Margin | None = None
    operable: bool | None = None
    external_biopsy_unrevised: bool = False
    body_site_region: BodySiteRegion | None = None
    invasion_adjoining_structures: bool | None = None  # AJCC 8 ch. 40 T4 input; None = not recorded
    # Melanoma (None = not recorded). The stage group is the recorded AJCC 8 one: pathological where recorded,
    # else clinical (`stage_classification` says which); `t` the T category of that assessment (Tis = in situ).
    breslow_mm: Decimal | None = None
    stage: str | None = None
    stage_classification: str | None = None
    t: str | None = None
    sentinel_node: SentinelNode | None = None
    sentinel_deposit_mm: Decimal | None = None  # the largest sentinel-node deposit
    braf_v600: MutationStatus | None = None
    kit: MutationStatus | None = None
    in_transit: bool = False  # in-transit or satellite metastases present at diagnosis
    recurrences: tuple[date, ...] = ()  # dated events after diagnosis
    adjuvant: AdjuvantStatus | None = None
    adjuvant_start: date | None = None
    adjuvant_end: date | None = None
    date_of_surgery: date | None = None  # the resection


@dataclass(frozen=True, slots=True)
class RecordedDecision:
    """A centre decision as recorded (the newest of its key)."""

    key: str
    value: str
    decided_on: date


@dataclass(frozen=True, slots=True)
class CentreFacts:
    """The centre's recorded decisions by key; a key that is absent has not been decided."""

    decisions: tuple[RecordedDecision, ...] = ()

    def get(self, key: str) -> RecordedDecision | None:
        return next((d for d in self.decisions if d.key == key), None)
