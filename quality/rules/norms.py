"""The waiting-time norms a pathway's centre records, table-driven, and the status of a milestone.

A norm is a centre decision (`zorgpad.pathway` CentreDecision): until the centre records it the milestone has no
norm and no status (`not_applicable`, reason `norm_undecided`); the figures below are suggestions with their
public source, never defaults. Every norm carries the unit its source states: the SONCOS waiting-time norms are
stated in weeks (calendar weeks); the margin "at risk" has no public source and is counted in working days
(weekends and Dutch public holidays skipped, `referrals.rules.working_days`).

Sources (as found and cited in docs/quality-indicators.md):
- SONCOS, "Multidisciplinaire normering oncologische zorg in Nederland" (normeringsrapport), as summarised by
  KWF/kanker.nl, "Wachttijden": first outpatient visit at most 1 week after the referral of a patient who may have a
  malignant tumour; first visit to diagnosis at most 3 weeks; first visit to start of treatment at most 6 weeks.
- Treeknormen (maximum acceptable waiting times agreed by care providers and insurers; VWS, 2014): hospital
  outpatient access 4 weeks; diagnostics 4 weeks; treatment 6 weeks (day admission) or 7 weeks (clinical), the
  latter counted from diagnosis; 80 % within 3 weeks for a first consultation (zorgverzekeraar summary).
"""

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from referrals.rules.working_days import add_working_days, is_working_day
from zorgpad.pathways.base import CentreDecisionSpec
from zorgpad.pathways.text import gettext_noop


class Unit(StrEnum):
    WORKING_DAYS = "working_days"
    CALENDAR_DAYS = "calendar_days"
    WEEKS = "weeks"


UNIT_LABELS = {
    Unit.WORKING_DAYS: gettext_noop("working days"),
    Unit.CALENDAR_DAYS: gettext_noop("calendar days"),
    Unit.WEEKS: gettext_noop("weeks"),
}


class Status(StrEnum):
    ON_TIME = "on_time"
    AT_RISK = "at_risk"
    LATE = "late"
    NOT_APPLICABLE = "not_applicable"


class Interval(StrEnum):
    """The waiting times that carry a norm: from which milestone to which."""

    FIRST_VISIT = "first_visit"  # referral received -> first visit took place
    DIAGNOSIS = "diagnosis"  # first visit -> diagnosis (histology result)
    TREATMENT = "treatment"  # first visit -> start of treatment (surgery, radiotherapy or systemic therapy)


MARGIN = "at_risk_margin"


@dataclass(frozen=True, slots=True)
class Suggestion:
    value: int
    unit: Unit
    text: str  # English, marked for translation: what the source says
    source: str  # the public source, as cited


@dataclass(frozen=True, slots=True)
class NormRow:
    key: str  # the interval, or MARGIN
    unit: Unit
    choices: tuple[int, ...]
    question: str
    suggestions: tuple[Suggestion, ...]


SONCOS = "SONCOS normeringsrapport (Multidisciplinaire normering oncologische zorg in Nederland), via kanker.nl"
TREEK = "Treeknormen (maximaal aanvaardbare wachttijden, ziekenhuiszorg; VWS 2014)"

NORM_TABLE: tuple[NormRow, ...] = (
    NormRow(Interval.FIRST_VISIT, Unit.WEEKS, tuple(range(1, 9)),
            gettext_noop("Waiting-time norm: from the referral received to the first visit"), (
                Suggestion(1, Unit.WEEKS, gettext_noop("at most 1 week to the first outpatient visit"), SONCOS),
                Suggestion(4, Unit.WEEKS, gettext_noop("outpatient access at most 4 weeks"), TREEK),
            )),
    NormRow(Interval.DIAGNOSIS, Unit.WEEKS, tuple(range(1, 9)),
            gettext_noop("Waiting-time norm: from the first visit to the diagnosis"), (
                Suggestion(3, Unit.WEEKS, gettext_noop("at most 3 weeks from the first visit to the diagnosis"),
                           SONCOS),
                Suggestion(4, Unit.WEEKS, gettext_noop("diagnostics at most 4 weeks"), TREEK),
            )),
    NormRow(Interval.TREATMENT, Unit.WEEKS, tuple(range(1, 13)),
            gettext_noop("Waiting-time norm: from the first visit to the start of treatment"), (
                Suggestion(6, Unit.WEEKS, gettext_noop(
                    "at most 6 weeks from the first visit to the start of treatment"), SONCOS),
                Suggestion(7, Unit.WEEKS, gettext_noop(
                    "treatment at most 6 weeks (day admission) or 7 weeks (clinical), counted from the diagnosis"),
                    TREEK),
            )),
    NormRow(MARGIN, Unit.WORKING_DAYS, tuple(range(0, 16)),
            gettext_noop("Margin before a norm's deadline from which a waiting patient is shown as at risk"), ()),
)
NORM_ROWS = {row.key: row for row in NORM_TABLE}
UNDECIDED = gettext_noop("The waiting-time norm is to be decided by the centre: no status until it is recorded.")
SOURCE = gettext_noop("Dutch waiting-time norms for cancer care (SONCOS; Treeknormen): suggestions only")


def norm_key(pathway_id: str, key: str) -> str:
    return f"waiting.{pathway_id}.{key}"


def norm_specs(pathway_id: str) -> tuple[CentreDecisionSpec, ...]:
    """The centre decisions of one pathway's waiting-time norms (the pathway id keys them, never a diagnosis)."""
    return tuple(CentreDecisionSpec(
        key=norm_key(pathway_id, row.key), question=row.question, unit=UNIT_LABELS[row.unit],
        choices=tuple(str(c) for c in row.choices), undecided=UNDECIDED, applies_to=(), source=SOURCE,
        suggestions=tuple((str(s.value), s.text, s.source) for s in row.suggestions),
    ) for row in NORM_TABLE)


@dataclass(frozen=True, slots=True)
class Norm:
    value: int
    unit: Unit


def parse_norm(key: str, recorded: str | None) -> Norm | None:
    """A recorded value as a norm in its row's unit; None when not recorded (or not a number of the table)."""
    row = NORM_ROWS[key]
    if recorded is None or not recorded.isdigit() or int(recorded) not in row.choices:
        return None
    return Norm(int(recorded), row.unit)


def add(start: date, norm: Norm, holidays: frozenset[date]) -> date:
    if norm.unit is Unit.WEEKS:
        return start + timedelta(weeks=norm.value)
    if norm.unit is Unit.CALENDAR_DAYS:
        return start + timedelta(days=norm.value)
    return add_working_days(start, norm.value, holidays)


def subtract(end: date, norm: Norm, holidays: frozenset[date]) -> date:
    """The day `norm` before `end` (working days: the n-th working day before it)."""
    if norm.unit is Unit.WEEKS:
        return end - timedelta(weeks=norm.value)
    if norm.unit is Unit.CALENDAR_DAYS:
        return end - timedelta(days=norm.value)
    current, remaining = end, norm.value
    while remaining:
        current -= timedelta(days=1)
        if is_working_day(current, holidays):
            remaining -= 1
    return current


@dataclass(frozen=True, slots=True)
class Judgement:
    status: Status
    due: date | None
    days_late: int  # calendar days past the due date (0 when not late)
    reason: str = ""  # why not applicable: "no_start", "norm_undecided"


def judge(*, start: date | None, done: date | None, norm: Norm | None, margin: Norm | None, today: date,
          holidays: frozenset[date]) -> Judgement:
    """The status of one waiting time. Done: on time when on or before the due date, else late. Not done: late
    after the due date, at risk from `margin` before it (no margin recorded: never at risk), else on time."""
    if start is None:
        return Judgement(Status.NOT_APPLICABLE, None, 0, "no_start")
    if norm is None:
        return Judgement(Status.NOT_APPLICABLE, None, 0, "norm_undecided")
    due = add(start, norm, holidays)
    end = done if done is not None else today
    late_by = max(0, (end - due).days)
    if done is not None:
        return Judgement(Status.ON_TIME if done <= due else Status.LATE, due, late_by)
    if today > due:
        return Judgement(Status.LATE, due, late_by)
    if margin is not None and today >= subtract(due, margin, holidays):
        return Judgement(Status.AT_RISK, due, 0)
    return Judgement(Status.ON_TIME, due, 0)
