"""The shapes every pathway version shares: its definition, the advice it gives and the decisions it takes."""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date

from zorgpad.pathways.facts import PatientFacts, TumourFacts
from zorgpad.pathways.vocabulary import Branch, FollowupDecision, Kind, Severity, StagingSystem


@dataclass(frozen=True, slots=True)
class Recommendation:
    """One piece of advice or one alert. `text` is an English source string (translated by the caller);
    `source` names the section of the pathway (or the case report) it comes from, as printed there."""

    code: str
    kind: Kind
    severity: Severity
    text: str
    source: str


@dataclass(frozen=True, slots=True)
class Advice:
    """One row of a pathway's advice table: what it says and where; `recommend` makes the item for a tumour."""

    kind: Kind
    severity: Severity
    text: str
    source: str

    def recommend(self, code: str, source: str | None = None) -> Recommendation:
        return Recommendation(code=code, kind=self.kind, severity=self.severity, text=self.text,
                              source=source or self.source)


@dataclass(frozen=True, slots=True)
class StagingApplicability:
    """Which AJCC chapter applies, or why none does. `missing` names the inputs that would decide it;
    `caveat` is shown beside the stage (e.g. grade without prognostic value)."""

    applicable: bool
    system: StagingSystem | None = None
    reason: str | None = None
    caveat: str | None = None
    missing: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class FollowupAdvice:
    """Whether routine follow-up applies (the schedule itself is the follow-up app's work).
    `dermatologist_checks`: the patient is at high risk of skin malignancies, so further checks at the
    dermatologist apply whatever the decision."""

    decision: FollowupDecision
    reason: str
    missing: tuple[str, ...] = ()
    dermatologist_checks: bool = False
    # Why no decision or no plan, for callers that must tell cases apart: "missing_input", "outside_pathway",
    # "conflict", "incomplete_excision", "not_resected", "metastatic"; "" for routine and no_routine.
    code: str = ""


@dataclass(frozen=True, slots=True)
class CentreDecisionSpec:
    """A choice the pathway document leaves open: the centre records it (value, who, when, basis). Until it is
    recorded, the advice says so (`undecided`) and nothing depends on a guessed value."""

    key: str
    question: str  # English, marked for translation
    unit: str  # e.g. "months"
    choices: tuple[str, ...]  # the values the centre may record
    undecided: str  # the advice's words until recorded (English, marked for translation)
    applies_to: tuple[str, ...]  # the recommendation codes it completes
    source: str  # the section that leaves the choice open
    # Values the centre may consider, each (value, what the source says (English, marked), the public source):
    # shown as suggestions, never used until recorded.
    suggestions: tuple[tuple[str, str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class BaselineItem:
    """A baseline item of the schedule: due within `within_months` after surgery, or within the window the centre
    records under `centre_decision` (then `within_months` is None: the document gives no window)."""

    item: str
    within_months: int | None = None
    centre_decision: str = ""


@dataclass(frozen=True, slots=True)
class FollowupSchedule:
    """The surveillance schedule as the pathway document gives it (synchronised into the plan templates)."""

    template_key: str
    name: str
    interval_months: int
    duration_months: int
    visit_items: tuple[str, ...]
    baseline_items: tuple[BaselineItem, ...]
    after_end: str
    source: str


@dataclass(frozen=True, slots=True)
class EmergencyContact:
    who: str
    number: str
    when: str


@dataclass(frozen=True, slots=True)
class MdoRequirement:
    """Which MDO the pathway asks for (the centre sets its weekday and time in the admin)."""

    mdo_type_key: str
    name: str
    schedule_text: str  # as the pathway document states it
    core_members: tuple[str, ...]
    optional_members: tuple[str, ...]
    source: str


@dataclass(frozen=True, slots=True)
class Link:
    title: str
    url: str


@dataclass(frozen=True, slots=True)
class PathwayDefinition:
    id: str
    version: str  # e.g. "2026-03"
    version_label: str  # as printed, e.g. "maart 2026"
    title: str
    valid_from: date
    revision_due: date
    revision_label: str
    authors: tuple[str, ...]
    codes: tuple[str, ...]  # e.g. ORPHA
    sections: Mapping[str, str]  # key -> citation as printed
    mdo: MdoRequirement
    followup: FollowupSchedule
    emergency_contacts: tuple[EmergencyContact, ...]
    links: tuple[Link, ...]
    revision_warning: str = ""
    centre_decisions: tuple[CentreDecisionSpec, ...] = ()

    def revision_overdue(self, today: date) -> bool:
        """True from the revision date on. The caller passes today: rules never read the clock."""
        return today >= self.revision_due


@dataclass(frozen=True, slots=True)
class Pathway:
    """A pathway version: its definition and its decision functions (all pure)."""

    definition: PathwayDefinition
    covers: Callable[[TumourFacts], bool]
    branch: Callable[[TumourFacts], Branch]
    staging: Callable[[TumourFacts], StagingApplicability]
    advise: Callable[[PatientFacts, TumourFacts, date], list[Recommendation]]
    followup: Callable[[PatientFacts, TumourFacts], FollowupAdvice]
    imaging_needed: Callable[[TumourFacts], bool] = field(default=lambda tumour: True)
