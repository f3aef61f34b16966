"""The pathways' view of the record: facts built from the models, and the one decision per tumour.

Every part of the app that needs a pathway judgement (staging, follow-up, the MDO, letters, the API) gets it
from here, so that they cannot disagree. No audit entries: the callers' views audit their own reads.
"""

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from zorgpad.pathway.services import comorbidity_ssc_result
from zorgpad.pathways import registry
from zorgpad.pathways.base import Recommendation
from zorgpad.pathways.facts import Measurement, PatientFacts, TumourFacts
from zorgpad.pathways.registry import TumourDecision
from zorgpad.pathways.ssc import SscClassification
from zorgpad.pathways.vocabulary import BodySiteRegion, Depth, Diagnosis, Margin, marker_unit_parse
from zorgpad.patients.models import Comorbidity, ComorbidityKind, MarkerKind, Patient, Tumour, TumourMarker

# The first-visit risk profile lives in a capability app (referrals); it registers a reader here, as the
# core may not import capability apps: patient ids -> high risk (True/False; absent = not recorded).
RiskProfileReader = Callable[[list[int]], dict[int, bool | None]]
_risk_profile_readers: list[RiskProfileReader] = []


def register_risk_profile_reader(reader: RiskProfileReader) -> None:
    if reader not in _risk_profile_readers:
        _risk_profile_readers.append(reader)


def high_risk_map(patient_ids: Iterable[int]) -> dict[int, bool | None]:
    ids = list(patient_ids)
    result: dict[int, bool | None] = {}
    for reader in _risk_profile_readers:
        result.update(reader(ids))
    return result


@dataclass
class PatientRecord:
    """What the pathways need of one patient: tumours, comorbidities, S-100B values, the risk profile."""

    tumours: list[Tumour] = field(default_factory=list)
    comorbidities: list[Comorbidity] = field(default_factory=list)
    s100b: list[TumourMarker] = field(default_factory=list)
    high_risk: bool | None = None


def tumour_facts(tumour: Tumour) -> TumourFacts:
    """The pathways' view of a tumour record ('' in the record = not entered = None)."""
    return TumourFacts(
        diagnosis=Diagnosis(tumour.diagnosis),
        depth=Depth(tumour.depth) if tumour.depth else None,
        size_cm=Decimal(tumour.largest_diameter_cm) if tumour.largest_diameter_cm is not None else None,
        grade=tumour.grade or None,
        n=tumour.n_category or None,
        m=tumour.m_category or None,
        margin=Margin(tumour.margin) if tumour.margin else None,
        operable=tumour.operable,
        external_biopsy_unrevised=tumour.external_biopsy_unrevised,
        body_site_region=BodySiteRegion(tumour.body_site_region) if tumour.body_site_region else None,
        invasion_adjoining_structures=tumour.invasion_adjoining_structures,
    )


def _ssc_score_met(comorbidity: Comorbidity) -> bool:
    result = comorbidity_ssc_result(comorbidity)
    return result is not None and result.classification is SscClassification.DEFINITE_SSC


def measurement(marker: TumourMarker) -> Measurement:
    return Measurement(day=marker.measured_on, value=marker.value, unit=marker_unit_parse(marker.unit),
                       upper_limit=marker.upper_limit)


def patient_facts(record: PatientRecord, patient: Patient, tumour: Tumour | None = None) -> PatientFacts:
    """Facts of the patient as seen from `tumour` (other malignancies = besides it), or of the patient alone.
    Autoimmune disease (SSc or other) counts whether active or not: an inactive SSc still makes a malignancy
    paraneoplastic-suspect and immunotherapy can still make it flare. Immunosuppression and multiple leiomyomas
    count while active."""
    kinds = {c.kind for c in record.comorbidities if c.active}
    ever = {c.kind for c in record.comorbidities}
    earlier = sum(1 for c in record.comorbidities if c.kind == ComorbidityKind.EARLIER_MALIGNANCY)
    others = sum(1 for t in record.tumours
                  if (tumour is None or t.pk != tumour.pk) and registry.is_malignant(tumour_facts(t)))
    anti_rnap3 = any(
        c.anti_rna_polymerase_iii is True or (c.ssc_criteria or {}).get("anti_rna_polymerase_iii") is True
        for c in record.comorbidities
    )
    possible_ssc = any(c.kind == ComorbidityKind.OTHER_AUTOIMMUNE and _ssc_score_met(c) for c in record.comorbidities)
    return PatientFacts(
        birth_date=patient.date_of_birth,
        immunosuppressed=ComorbidityKind.IMMUNOSUPPRESSION in kinds,
        multiple_leiomyomas=ComorbidityKind.MULTIPLE_LEIOMYOMAS in kinds,
        other_malignancies=earlier + others,
        systemic_sclerosis=ComorbidityKind.SYSTEMIC_SCLEROSIS in ever,
        possible_ssc=possible_ssc,
        autoimmune_disease=ComorbidityKind.OTHER_AUTOIMMUNE in ever,
        anti_rna_polymerase_iii=anti_rnap3,
        s100b=tuple(measurement(m) for m in record.s100b if tumour is None or m.tumour_id in (None, tumour.pk)),
        high_risk=record.high_risk,
    )


def patient_record_map(*, patient_ids: Iterable[int]) -> dict[int, PatientRecord]:
    """The records of many patients in four queries (tumours, comorbidities, S-100B, risk profile)."""
    ids = list(set(patient_ids))
    records: dict[int, PatientRecord] = defaultdict(PatientRecord)
    if not ids:
        return records
    for tumour in Tumour.objects.filter(patient_id__in=ids).select_related("patient"):
        records[tumour.patient_id].tumours.append(tumour)
    for comorbidity in Comorbidity.objects.filter(patient_id__in=ids):
        records[comorbidity.patient_id].comorbidities.append(comorbidity)
    for marker in TumourMarker.objects.filter(patient_id__in=ids, marker=MarkerKind.S100B).order_by(
            "measured_on", "id"):
        records[marker.patient_id].s100b.append(marker)
    for patient_id, high_risk in high_risk_map(ids).items():
        records[patient_id].high_risk = high_risk
    return records


def patient_record(patient: Patient) -> PatientRecord:
    """The record of one patient whose tumours, comorbidities and markers are prefetched (patient_get)."""
    return PatientRecord(
        tumours=list(patient.tumours.all()),
        comorbidities=list(patient.comorbidities.all()),
        s100b=sorted((m for m in patient.markers.all() if m.marker == MarkerKind.S100B),
                     key=lambda m: (m.measured_on, m.pk)),
        high_risk=high_risk_map([patient.pk]).get(patient.pk),
    )


def tumour_decisions(*, tumours: Iterable[Tumour], records: dict[int, PatientRecord], today: date,
                     ) -> dict[int, TumourDecision]:
    return {
        tumour.pk: registry.decide(patient_facts(records[tumour.patient_id], tumour.patient, tumour),
                                   tumour_facts(tumour), today)
        for tumour in tumours
    }


def tumour_decision(*, tumour: Tumour, today: date) -> TumourDecision:
    """The decision for one tumour, read from the database (for services and single-tumour pages)."""
    records = patient_record_map(patient_ids=[tumour.patient_id])
    return tumour_decisions(tumours=[tumour], records=records, today=today)[tumour.pk]


def patient_alerts(*, patient: Patient, record: PatientRecord, today: date,
                   decisions: Iterable[TumourDecision] = ()) -> list[Recommendation]:
    """The patient's alerts, also when no tumour is recorded (English texts; translate for display)."""
    return registry.patient_alerts(patient_facts(record, patient), decisions, today)


def patient_alerts_of(*, patient: Patient, today: date) -> list[Recommendation]:
    """The alerts of a patient whose record is prefetched (patient_get): patient-level and per tumour."""
    record = patient_record(patient)
    decisions = tumour_decisions(tumours=record.tumours, records={patient.pk: record}, today=today)
    return patient_alerts(patient=patient, record=record, today=today, decisions=decisions.values())
