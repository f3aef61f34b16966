"""Reads of the staging app: stage history, and the stage plus pathway advice for many tumours at once.

These selectors do not write audit entries: they are building blocks of pages and documents whose views
audit their own read of the record (the tumour page, the MDO agenda, the follow-up summary).
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from staging import calculators
from staging.models import Classification, StageAssessment
from zorgpad.pathway.rules import advisor
from zorgpad.pathway.rules.advisor import Kind, Recommendation
from zorgpad.patients.models import (
    Comorbidity,
    ComorbidityKind,
    MarkerKind,
    Patient,
    Tumour,
    TumourMarker,
)

__all__ = [
    "Recommendation", "StageSummary", "TumourAdvice", "patient_advice_map", "tumour_advice_map", "tumour_stage_history",
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
    stage = assessment.stage or _("stage unknown")
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


def _is_malignant(tumour: Tumour) -> bool:
    """For counting other malignancies: every tumour except a dermis-only atypical intradermal smooth muscle
    neoplasm (the pathway: not malignant). Conservative: 'other' diagnoses count."""
    facts = advisor.TumourFacts(
        diagnosis=advisor.Diagnosis(tumour.diagnosis), depth=advisor.Depth(tumour.depth) if tumour.depth else None,
        n=tumour.n_category or None, m=tumour.m_category or None,
    )
    return advisor.pathway_branch(facts) is not advisor.Branch.CUTANEOUS


@dataclass
class _PatientRecord:
    tumours: list[Tumour] = field(default_factory=list)
    comorbidities: list[Comorbidity] = field(default_factory=list)
    s100b: list[TumourMarker] = field(default_factory=list)


def _patient_facts(tumour: Tumour, record: _PatientRecord) -> advisor.PatientFacts:
    active = [c for c in record.comorbidities if c.active]
    kinds = {c.kind for c in active}
    earlier = sum(1 for c in record.comorbidities if c.kind == ComorbidityKind.EARLIER_MALIGNANCY)
    others = sum(1 for t in record.tumours if t.pk != tumour.pk and _is_malignant(t))
    anti_rnap3 = any(
        c.anti_rna_polymerase_iii is True or (c.ssc_criteria or {}).get("anti_rna_polymerase_iii") is True
        for c in active
    )
    markers = tuple(
        advisor.Measurement(day=m.measured_on, value=m.value)
        for m in record.s100b
        if m.tumour_id in (None, tumour.pk)
    )
    return advisor.PatientFacts(
        birth_date=tumour.patient.date_of_birth,
        immunosuppressed=ComorbidityKind.IMMUNOSUPPRESSION in kinds,
        multiple_leiomyomas=ComorbidityKind.MULTIPLE_LEIOMYOMAS in kinds,
        other_malignancies=earlier + others,
        systemic_sclerosis=ComorbidityKind.SYSTEMIC_SCLEROSIS in kinds,
        autoimmune_disease=ComorbidityKind.OTHER_AUTOIMMUNE in kinds,
        anti_rna_polymerase_iii=anti_rnap3,
        s100b=markers,
    )


def tumour_facts(tumour: Tumour) -> advisor.TumourFacts:
    """The advisor's view of a tumour record ('' in the record = not entered = None)."""
    return advisor.TumourFacts(
        diagnosis=advisor.Diagnosis(tumour.diagnosis),
        depth=advisor.Depth(tumour.depth) if tumour.depth else None,
        size_cm=Decimal(tumour.largest_diameter_cm) if tumour.largest_diameter_cm is not None else None,
        grade=tumour.grade or None,
        n=tumour.n_category or None,
        m=tumour.m_category or None,
        margin=advisor.Margin(tumour.margin) if tumour.margin else None,
        operable=tumour.operable,
        external_biopsy_unrevised=tumour.external_biopsy_unrevised,
    )


def tumour_advice_map(*, tumour_ids: Iterable[int], today: date) -> dict[int, TumourAdvice]:
    """For each tumour id: its latest recorded stage and the pathway's recommendations and alerts (texts in
    the active language), built from the record. Five queries, however many tumours."""
    ids = list(dict.fromkeys(tumour_ids))
    if not ids:
        return {}
    tumours = list(Tumour.objects.filter(id__in=ids).select_related("patient"))
    patient_ids = {t.patient_id for t in tumours}
    records: dict[int, _PatientRecord] = defaultdict(_PatientRecord)
    for other in Tumour.objects.filter(patient_id__in=patient_ids).only(
        "id", "patient_id", "diagnosis", "depth", "n_category", "m_category"
    ):
        records[other.patient_id].tumours.append(other)
    for comorbidity in Comorbidity.objects.filter(patient_id__in=patient_ids):
        records[comorbidity.patient_id].comorbidities.append(comorbidity)
    for marker in TumourMarker.objects.filter(patient_id__in=patient_ids, marker=MarkerKind.S100B).order_by(
        "measured_on", "id"
    ):
        records[marker.patient_id].s100b.append(marker)
    return _advice_map(tumours=tumours, records=records, today=today)


def patient_advice_map(*, patient: Patient, today: date) -> dict[int, TumourAdvice]:
    """tumour_advice_map for all tumours of one patient whose record is prefetched (patient_get): one query,
    the latest stages; the tumours, comorbidities and markers are the patient page's own."""
    tumours = list(patient.tumours.all())
    record = _PatientRecord(
        tumours=tumours,
        comorbidities=list(patient.comorbidities.all()),
        s100b=sorted((m for m in patient.markers.all() if m.marker == MarkerKind.S100B),
                     key=lambda m: (m.measured_on, m.pk)),
    )
    return _advice_map(tumours=tumours, records={patient.pk: record}, today=today)


def _advice_map(*, tumours: list[Tumour], records: dict[int, _PatientRecord], today: date,
                ) -> dict[int, TumourAdvice]:
    latest = stage_assessment_latest_map(tumour_ids=[t.pk for t in tumours])
    result: dict[int, TumourAdvice] = {}
    for tumour in tumours:
        inputs = advisor.AdvisorInputs(
            patient=_patient_facts(tumour, records[tumour.patient_id]), tumour=tumour_facts(tumour), today=today
        )
        recommendations = [calculators.translate_recommendation(r) for r in advisor.advise(inputs)]
        assessment = latest.get(tumour.pk)
        result[tumour.pk] = TumourAdvice(
            stage=stage_summary(assessment) if assessment is not None else None, recommendations=recommendations
        )
    return result

