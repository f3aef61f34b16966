"""The shapes every pathway version shares: its definition, the advice it gives and the decisions it takes."""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date

from zorgpad.pathways.facts import CentreFacts, PatientFacts, TumourFacts
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
    # %-parameters of the text (e.g. the date of a centre decision); the caller translates, then fills them in.
    params: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class Advice:
    """One row of a pathway's advice table: what it says and where; `recommend` makes the item for a tumour."""

    kind: Kind
    severity: Severity
    text: str
    source: str

    def recommend(self, code: str, source: str | None = None,
                  params: tuple[tuple[str, str], ...] = ()) -> Recommendation:
        return Recommendation(code=code, kind=self.kind, severity=self.severity, text=self.text,
                              source=source or self.source, params=params)


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
    # "conflict", "incomplete_excision", "not_resected", "metastatic", "centre_to_decide"; "" for routine and
    # no_routine.
    code: str = ""
    # Which plan template (FollowupSchedule.template_key) a routine decision uses; "" = the pathway's `followup`.
    template_key: str = ""
    # The plan's anchor and last day when the pathway says so (e.g. the start and end of adjuvant therapy); None =
    # the date of surgery (resection) and the template's duration.
    anchor: date | None = None
    until: date | None = None
    # %-parameters of `reason` (e.g. the date of a centre decision).
    params: tuple[tuple[str, str], ...] = ()


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
    labels: tuple[tuple[str, str], ...] = ()  # value -> words shown for it (English, marked for translation)

    def label(self, value: str) -> str:
        return dict(self.labels).get(value, value)


@dataclass(frozen=True, slots=True)
class BaselineItem:
    """A baseline item of the schedule: due within `within_months` after surgery, or within the window the centre
    records under `centre_decision` (then `within_months` is None: the document gives no window)."""

    item: str
    within_months: int | None = None
    centre_decision: str = ""


@dataclass(frozen=True, slots=True)
class SchedulePhase:
    """One phase of a schedule: a visit every `interval_months` up to month `until_month` after the anchor."""

    interval_months: int
    until_month: int
    visit_items: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class FollowupSchedule:
    """The surveillance schedule as the pathway document gives it (synchronised into the plan templates).
    `phases` (e.g. every 4 months in years 1-2, then 6, then 12): when empty, one phase of `interval_months` up to
    `duration_months` with `visit_items`."""

    template_key: str
    name: str
    interval_months: int
    duration_months: int
    visit_items: tuple[str, ...]
    baseline_items: tuple[BaselineItem, ...]
    after_end: str
    source: str
    phases: tuple[SchedulePhase, ...] = ()

    def phase_list(self) -> tuple[SchedulePhase, ...]:
        return self.phases or (SchedulePhase(self.interval_months, self.duration_months, self.visit_items),)


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
    # More plan templates of the pathway (e.g. one per stage), synchronised like `followup`.
    extra_schedules: tuple[FollowupSchedule, ...] = ()
    # The centre decision that signs the pathway off for the centre ("" = no sign-off needed), and the warning
    # shown on every advice until it is recorded.
    sign_off_key: str = ""
    sign_off_warning: str = ""

    def schedules(self) -> tuple[FollowupSchedule, ...]:
        return (self.followup, *self.extra_schedules)

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
    # Both are told the centre's recorded decisions (None = none recorded), which complete the open choices.
    advise: Callable[[PatientFacts, TumourFacts, date, CentreFacts | None], list[Recommendation]]
    followup: Callable[[PatientFacts, TumourFacts, CentreFacts | None], FollowupAdvice]
    imaging_needed: Callable[[TumourFacts], bool] = field(default=lambda tumour: True)
    # The MDO checklist asks for the BRAF V600 status (melanoma stage III/IV).
    braf_needed: Callable[[TumourFacts], bool] = field(default=lambda tumour: False)
    # The pathway's advice table (code -> what it says): the words of a stored item when no decision is at hand.
    advice_table: Mapping[str, Advice] = field(default_factory=dict)
