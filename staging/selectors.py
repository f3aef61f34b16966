"""Reads of the staging app: stage history, and the stage plus pathway advice for many tumours at once.

These selectors do not write audit entries: they are building blocks of pages and documents whose views
audit their own read of the record (the tumour page, the MDO agenda, the follow-up summary).
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from staging.models import Classification, StageAssessment, System
from zorgpad.pathway import selectors as pathway_selectors
from zorgpad.pathway.presentation import translated
from zorgpad.pathway.selectors import PatientRecord
from zorgpad.pathways.base import Recommendation
from zorgpad.pathways.registry import TumourDecision
from zorgpad.pathways.vocabulary import Kind
from zorgpad.patients.models import Patient, Tumour

__all__ = [
    "Recommendation", "StageSummary", "TumourAdvice", "loaded_tumours_advice_map", "patient_advice_map",
    "tumour_advice_map", "tumour_stage_history",
]


@dataclass(frozen=True)
class StageSummary:
    system: str
    classification: str
    stage: str | None
    t: str
    n: str
    m: str
    grade: str
    assessed_at: datetime
    label: str  # e.g. "pT3a N2b M0 — IIIB (pathologisch)"


@dataclass(frozen=True)
class TumourAdvice:
    stage: StageSummary | None
    recommendations: list[Recommendation] = field(default_factory=list)
    decision: TumourDecision | None = None

    @property
    def alerts(self) -> list[Recommendation]:
        return [r for r in self.recommendations if r.kind is Kind.ALERT]

    @property
    def advice(self) -> list[Recommendation]:
        return [r for r in self.recommendations if r.kind is not Kind.ALERT]


def stage_label(assessment: StageAssessment) -> str:
    """Compact TNM + stage, e.g. "pT3a N2b M0 — IIIB (pathologisch)" (translated)."""
    prefix = "p" if assessment.classification == Classification.PATHOLOGICAL else "c"
    parts = [f"{prefix}{assessment.t}", assessment.n or "N?", assessment.m or "M?"]
    if assessment.grade:
        parts.append(assessment.grade)
    if assessment.stage:
        stage = assessment.stage
    elif assessment.system == System.STS_HEAD_NECK:
        stage = _("no stage group (AJCC 8 head and neck)")
    else:
        stage = _("stage unknown")
    classification = str(Classification(assessment.classification).label)
    return f"{' '.join(parts)} — {stage} ({classification})"


def stage_summary(assessment: StageAssessment) -> StageSummary:
    return StageSummary(
        system=assessment.system,
        classification=assessment.classification,
        stage=assessment.stage or None,
        t=assessment.t,
        n=assessment.n,
        m=assessment.m,
        grade=assessment.grade,
        assessed_at=assessment.assessed_at,
        label=stage_label(assessment),
    )


def tumour_stage_history(*, tumour: Tumour) -> QuerySet[StageAssessment]:
    """Every assessment of the tumour, newest first (one query)."""
    return StageAssessment.objects.filter(tumour=tumour).select_related("assessed_by").order_by("-assessed_at", "-id")


def stage_assessment_latest_map(*, tumour_ids: Iterable[int]) -> dict[int, StageAssessment]:
    """The newest assessment of each tumour, in one query whatever the number of tumours.

    Reads every assessment of these tumours and keeps the newest per tumour: a tumour has a handful (each
    is a clinician's deliberate action), and this plain query costs half the CPU of a per-tumour subquery,
    on every patient page and MDO agenda.
    """
    ids = list(tumour_ids)
    if not ids:
        return {}
    latest: dict[int, StageAssessment] = {}
    for assessment in StageAssessment.objects.filter(tumour_id__in=ids).order_by("tumour_id", "-assessed_at", "-id"):
        latest.setdefault(assessment.tumour_id, assessment)
    return latest


def tumour_advice_map(*, tumour_ids: Iterable[int], today: date) -> dict[int, TumourAdvice]:
    """For each tumour id: its latest recorded stage and the pathway's decision with its recommendations and
    alerts (texts in the active language), built from the record. Constant queries, however many tumours."""
    ids = list(dict.fromkeys(tumour_ids))
    if not ids:
        return {}
    return loaded_tumours_advice_map(tumours=list(Tumour.objects.filter(id__in=ids).select_related("patient")),
                                     today=today)


def loaded_tumours_advice_map(*, tumours: list[Tumour], today: date,
                              records: dict[int, PatientRecord] | None = None) -> dict[int, TumourAdvice]:
    """tumour_advice_map for tumours a caller has already read (with their patient), and where it has them, their
    patients' records: not read again."""
    if records is None:
        patients = {t.patient_id: t.patient for t in tumours}
        records = pathway_selectors.patient_record_map(patient_ids=patients, patients=patients)
    return _advice_map(tumours=tumours, records=records, today=today)


def patient_advice_map(*, patient: Patient, today: date) -> dict[int, TumourAdvice]:
    """tumour_advice_map for all tumours of one patient whose record is prefetched (patient_get)."""
    tumours = list(patient.tumours.all())
    return _advice_map(tumours=tumours, records={patient.pk: pathway_selectors.patient_record(patient)}, today=today)


def _advice_map(*, tumours: list[Tumour], records: dict[int, PatientRecord], today: date,
                ) -> dict[int, TumourAdvice]:
    latest = stage_assessment_latest_map(tumour_ids=[t.pk for t in tumours])
    decisions = pathway_selectors.tumour_decisions(tumours=tumours, records=records, today=today)
    result: dict[int, TumourAdvice] = {}
    for tumour in tumours:
        decision = decisions[tumour.pk]
        assessment = latest.get(tumour.pk)
        # Staging not applicable: no stage group is shown, even from an assessment stored before.
        shown = assessment if assessment is not None and decision.staging.applicable else None
        result[tumour.pk] = TumourAdvice(
            stage=stage_summary(shown) if shown is not None else None,
            recommendations=[translated(r) for r in decision.recommendations],
            decision=decision,
        )
    return result


def recorded_stage_map(tumour_ids: list[int]) -> dict[int, pathway_selectors.RecordedStage]:
    """The recorded melanoma stage the pathway follows (registered for zorgpad.pathway): the newest pathological
    assessment where one is recorded, else the newest clinical one (one query)."""
    chosen: dict[int, StageAssessment] = {}
    rows = (StageAssessment.objects.filter(tumour_id__in=tumour_ids, system=System.MELANOMA)
            .order_by("tumour_id", "-assessed_at", "-id"))
    for assessment in rows:
        current = chosen.get(assessment.tumour_id)
        if current is None or (current.classification != Classification.PATHOLOGICAL
                               and assessment.classification == Classification.PATHOLOGICAL):
            chosen[assessment.tumour_id] = assessment
    return {tumour_id: pathway_selectors.RecordedStage(stage=a.stage or None, classification=a.classification, t=a.t)
            for tumour_id, a in chosen.items()}
