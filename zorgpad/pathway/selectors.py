"""The pathways' view of the record: facts built from the models, and the one decision per tumour.

Every part of the app that needs a pathway judgement (staging, follow-up, the MDO, letters, the API) gets it
from here, so that they cannot disagree. No audit entries: the callers' views audit their own reads.
"""

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone

from zorgpad.audit.models import AuditAction
from zorgpad.audit.services import audit_record_shown, query_detail
from zorgpad.pathway.models import CentreDecision, PathwayItem
from zorgpad.pathway.presentation import translated
from zorgpad.pathway.services import comorbidity_ssc_result
from zorgpad.pathways import registry
from zorgpad.pathways.base import CentreDecisionSpec, PathwayDefinition, Recommendation
from zorgpad.pathways.facts import CentreFacts, Measurement, PatientFacts, RecordedDecision, TumourFacts
from zorgpad.pathways.registry import TumourDecision
from zorgpad.pathways.ssc import SscClassification
from zorgpad.pathways.vocabulary import (
    AdjuvantStatus,
    BodySiteRegion,
    Depth,
    Diagnosis,
    ItemStatus,
    Margin,
    MelanomaEventKind,
    MutationStatus,
    SentinelNode,
    marker_unit_parse,
)
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


# The recorded AJCC stage lives in a capability app (staging); it registers a reader here: tumour ids ->
# {tumour id: RecordedStage} (pathological where recorded, else clinical; absent = no stage recorded).
@dataclass(frozen=True)
class RecordedStage:
    stage: str | None
    classification: str
    t: str


StageReader = Callable[[list[int]], dict[int, RecordedStage]]
_stage_readers: list[StageReader] = []


def register_stage_reader(reader: StageReader) -> None:
    if reader not in _stage_readers:
        _stage_readers.append(reader)


def recorded_stages(tumour_ids: Iterable[int]) -> dict[int, RecordedStage]:
    ids = list(tumour_ids)
    result: dict[int, RecordedStage] = {}
    for reader in _stage_readers:
        result.update(reader(ids))
    return result


def _melanoma_facts(tumour: Tumour, stage: RecordedStage | None) -> dict[str, Any]:
    if not tumour.is_melanoma:
        return {}
    events = tumour.melanoma_events or []
    return {
        "breslow_mm": tumour.breslow_mm,
        "stage": stage.stage if stage is not None else None,
        "stage_classification": stage.classification if stage is not None else None,
        "t": stage.t if stage is not None else None,
        "sentinel_node": SentinelNode(tumour.sentinel_node) if tumour.sentinel_node else None,
        "sentinel_deposit_mm": tumour.sentinel_deposit_mm,
        "braf_v600": MutationStatus(tumour.braf_v600) if tumour.braf_v600 else None,
        "kit": MutationStatus(tumour.kit) if tumour.kit else None,
        "in_transit": any(e.get("at_diagnosis") and e.get("kind") in IN_TRANSIT_KINDS for e in events),
        "recurrences": tuple(sorted(date.fromisoformat(e["date"]) for e in events if not e.get("at_diagnosis"))),
        "adjuvant": AdjuvantStatus(tumour.adjuvant) if tumour.adjuvant else None,
        "adjuvant_start": tumour.adjuvant_start,
        "adjuvant_end": tumour.adjuvant_end,
        "date_of_surgery": tumour.date_of_surgery,
    }


IN_TRANSIT_KINDS = (MelanomaEventKind.IN_TRANSIT.value, MelanomaEventKind.SATELLITE.value)


def tumour_facts(tumour: Tumour, stage: RecordedStage | None = None) -> TumourFacts:
    """The pathways' view of a tumour record ('' in the record = not entered = None); `stage`: its recorded stage
    (melanoma)."""
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
        **_melanoma_facts(tumour, stage),
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


def patient_record_map(*, patient_ids: Iterable[int], patients: Mapping[int, Patient] | None = None,
                       ) -> dict[int, PatientRecord]:
    """The records of many patients in four queries (tumours, comorbidities, S-100B, risk profile). `patients`:
    the patients by id where the caller has read them already (their tumours are then read without them)."""
    ids = list(set(patient_ids))
    records: dict[int, PatientRecord] = defaultdict(PatientRecord)
    if not ids:
        return records
    tumours = Tumour.objects.filter(patient_id__in=ids)
    if patients is None:
        tumours = tumours.select_related("patient")
    for tumour in tumours:
        if patients is not None:
            tumour.patient = patients[tumour.patient_id]
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


def centre_decisions_current() -> dict[str, CentreDecision]:
    """The newest recorded decision of every key (one query)."""
    current: dict[str, CentreDecision] = {}
    # Few rows (a handful of keys, each changed rarely); no DISTINCT ON, so SQLite runs it too.
    for row in CentreDecision.objects.order_by("key", "-decided_at", "-id").select_related("decided_by"):
        current.setdefault(row.key, row)
    return current


def centre_facts() -> CentreFacts:
    """The centre's recorded decisions as the pathways are told them."""
    return CentreFacts(tuple(
        RecordedDecision(key=row.key, value=row.value, decided_on=timezone.localdate(row.decided_at))
        for row in centre_decisions_current().values()))


def centre_decision_history(*, key: str) -> QuerySet[CentreDecision]:
    return CentreDecision.objects.filter(key=key).select_related("decided_by").order_by("-decided_at", "-id")


# Capability apps may add centre decisions per pathway (e.g. the waiting-time norms of `quality`): a provider
# gets the pathway id and returns its specs. Registered from AppConfig.ready(); the core imports no such app.
CentreDecisionProvider = Callable[[str], tuple[CentreDecisionSpec, ...]]
_centre_decision_providers: list[CentreDecisionProvider] = []


def register_centre_decision_provider(provider: CentreDecisionProvider) -> None:
    if provider not in _centre_decision_providers:
        _centre_decision_providers.append(provider)


def centre_decision_specs() -> dict[str, tuple[PathwayDefinition, CentreDecisionSpec]]:
    """Every centre decision the registered pathways leave open (and those the capability apps add per pathway),
    by key."""
    specs = {spec.key: (definition, spec) for definition in registry.definitions()
             for spec in definition.centre_decisions}
    for definition in registry.definitions():
        for provider in _centre_decision_providers:
            specs.update({spec.key: (definition, spec) for spec in provider(definition.id)})
    return specs


def tumour_decisions(*, tumours: Iterable[Tumour], records: dict[int, PatientRecord], today: date,
                     centre: CentreFacts | None = None) -> dict[int, TumourDecision]:
    tumours = list(tumours)
    if not tumours:
        return {}
    centre = centre if centre is not None else centre_facts()
    melanoma_ids = [t.pk for t in tumours if t.is_melanoma]
    stages = recorded_stages(melanoma_ids) if melanoma_ids else {}
    return {
        tumour.pk: registry.decide(patient_facts(records[tumour.patient_id], tumour.patient, tumour),
                                   tumour_facts(tumour, stages.get(tumour.pk)), today, centre)
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


# --- pathway items ------------------------------------------------------------------------------------------

# Capability apps tell what the record shows about an item (the MDO: a registered or discussed case; follow-up:
# a plan), as the core may not import them: tumours -> {tumour id: {code: status}}.
ItemStatusReader = Callable[[list[Tumour]], dict[int, dict[str, ItemStatus]]]
_item_status_readers: list[ItemStatusReader] = []


def register_item_status_reader(reader: ItemStatusReader) -> None:
    if reader not in _item_status_readers:
        _item_status_readers.append(reader)


def record_item_statuses(tumour: Tumour) -> dict[str, ItemStatus]:
    """What the record shows about the tumour's items (absent: the record shows nothing)."""
    result: dict[str, ItemStatus] = {}
    if tumour.pathology_source == "external" and tumour.revision_status == "requested":
        result["lms.histopathology-revision"] = ItemStatus.IN_PROGRESS
    if tumour.adjuvant:
        # Adjuvant therapy decided: planned, ongoing or finished = discussed (done); not given = a deviation whose
        # reason is the tumour's (pathway_items_sync copies it).
        result["mel.adjuvant-discuss"] = (ItemStatus.DEVIATED if tumour.adjuvant == AdjuvantStatus.NOT_GIVEN
                                          else ItemStatus.DONE)
    for reader in _item_status_readers:
        result.update(reader([tumour]).get(tumour.pk, {}))
    return result


# An item whose rule stops applying because the record shows it was done.
def done_when_gone(tumour: Tumour) -> set[str]:
    done = set()
    if tumour.pathology_source == "external" and tumour.revision_status == "done":
        done.add("lms.histopathology-revision")
    if tumour.margin == Margin.R0:
        done.add("lms.excision-r0")
    return done


def pathway_items_current(*, tumour_ids: Iterable[int]) -> dict[int, dict[str, PathwayItem]]:
    """The current items of many tumours, by tumour and code (one query)."""
    out: dict[int, dict[str, PathwayItem]] = defaultdict(dict)
    for item in PathwayItem.objects.filter(tumour_id__in=list(tumour_ids), current=True).select_related(
            "changed_by"):
        out[item.tumour_id][item.code] = item
    return out


OPEN_STATUSES = (ItemStatus.OPEN, ItemStatus.IN_PROGRESS)


def patient_open_items(*, patient: Patient) -> QuerySet[PathwayItem]:
    return (PathwayItem.objects.filter(tumour__patient=patient, current=True, status__in=OPEN_STATUSES)
            .select_related("tumour").order_by("tumour__date_of_diagnosis", "tumour_id", "id"))


def deviation_list(*, patient: Patient | None = None, pathway_id: str = "", code: str = "", reason_code: str = "",
                   since: date | None = None, until: date | None = None) -> QuerySet[PathwayItem]:
    """Items whose team deviated from the pathway, newest first (filters: pathway, code, reason, period)."""
    items = PathwayItem.objects.filter(status=ItemStatus.DEVIATED).select_related("tumour__patient", "changed_by")
    if patient is not None:
        items = items.filter(tumour__patient=patient)
    if pathway_id:
        items = items.filter(pathway_id=pathway_id)
    if code:
        items = items.filter(code=code)
    if reason_code:
        items = items.filter(reason_code=reason_code)
    if since is not None:
        items = items.filter(changed_at__date__gte=since)
    if until is not None:
        items = items.filter(changed_at__date__lte=until)
    return items.order_by("-changed_at", "-id")


def deviation_list_read(*, user: Any, request: HttpRequest | None = None, detail: str = "deviations",
                        export: bool = False, **filters: Any) -> list[PathwayItem]:
    """All the deviations a filter selects (the CSV export): each patient is audit-logged (an export as such)."""
    items = list(deviation_list(**filters))
    deviations_shown(user=user, request=request, items=items, detail=detail, export=export)
    return items


def deviations_shown(*, user: Any, request: HttpRequest | None, items: Iterable[PathwayItem], detail: str,
                     export: bool = False) -> None:
    """Audit-log the patients of the deviations a user is shown (or exports), one entry each, in one INSERT."""
    audit_record_shown(user=user, action=AuditAction.EXPORT if export else AuditAction.VIEW,
                       patient_ids=(i.tumour.patient.external_id for i in items),
                       detail=query_detail(detail, request), request=request, object_type="pathway.pathwayitem")


DEVIATIONS_PER_PAGE = 50


def deviation_page_read(*, user: Any, page: Any, request: HttpRequest | None = None, detail: str = "deviations",
                        **filters: Any) -> Page:
    """One page of the deviations (newest first); only the patients on that page are audit-logged."""
    shown = Paginator(deviation_list(**filters), DEVIATIONS_PER_PAGE).get_page(page)
    deviations_shown(user=user, request=request, items=shown.object_list, detail=detail)
    return shown


# --- what the patient and tumour pages lead with -----------------------------------------------------------

@dataclass(frozen=True)
class ItemRow:
    """A stored item with the words of its recommendation (English: translate for display)."""

    item: PathwayItem
    tumour: Tumour
    text: str
    source: str
    severity: str
    newer_version: str | None


def _item_rows(tumours: list[Tumour], decisions: dict[int, TumourDecision], items: dict[int, dict[str, PathwayItem]],
               today: date, statuses: tuple[str, ...]) -> list[ItemRow]:
    rows = []
    for tumour in tumours:
        stored = items.get(tumour.pk, {})
        recs = {r.code: r for r in decisions[tumour.pk].recommendations} if tumour.pk in decisions else {}
        ordered = [code for code in recs if code in stored] + [code for code in stored if code not in recs]
        for code in ordered:
            item = stored[code]
            if item.status not in statuses:
                continue
            rec = recs.get(code)
            newer = registry.newer_version(item.pathway_id, item.version, today)
            # Translated here when the text has parameters (e.g. a margin, a centre decision's date).
            text = (translated(rec).text if rec.params else rec.text) if rec else code
            rows.append(ItemRow(item=item, tumour=tumour, text=text,
                                source=rec.source if rec else "", severity=rec.severity.value if rec else "info",
                                newer_version=newer.version if newer else None))
    return rows


@dataclass(frozen=True)
class PathwayPage:
    alerts: list[Recommendation]
    open_items: list[ItemRow]
    deviations: list[ItemRow]


def patient_pathway_page(*, patient: Patient, today: date) -> PathwayPage:
    """The patient page's lead: the alerts (danger first), the open items of every tumour and the deviations.
    The patient's record must be prefetched (patient_get); two more queries (centre decisions, items)."""
    record = patient_record(patient)
    decisions = tumour_decisions(tumours=record.tumours, records={patient.pk: record}, today=today)
    items = pathway_items_current(tumour_ids=[t.pk for t in record.tumours])
    return PathwayPage(
        alerts=patient_alerts(patient=patient, record=record, today=today, decisions=decisions.values()),
        open_items=_item_rows(record.tumours, decisions, items, today, OPEN_STATUSES),
        deviations=_item_rows(record.tumours, decisions, items, today, (ItemStatus.DEVIATED,)),
    )


def tumour_pathway_page(*, tumour: Tumour, today: date) -> PathwayPage:
    """The tumour page's lead: its alerts (danger first), its open items and its deviations."""
    decision = tumour_decision(tumour=tumour, today=today)
    decisions = {tumour.pk: decision}
    items = pathway_items_current(tumour_ids=[tumour.pk])
    return PathwayPage(
        alerts=list(decision.alerts),
        open_items=_item_rows([tumour], decisions, items, today, OPEN_STATUSES),
        deviations=_item_rows([tumour], decisions, items, today, (ItemStatus.DEVIATED,)),
    )


def patients_pathway_pages(*, patients: Iterable[Patient], today: date) -> dict[int, PathwayPage]:
    """The lead (alerts danger first, open items, deviations) of many patients at once, for lists and banners:
    a constant number of queries however many patients (their records, the centre's decisions, the items)."""
    patients = list(patients)
    if not patients:
        return {}
    records = patient_record_map(patient_ids=[p.pk for p in patients])
    tumours = [t for p in patients for t in records[p.pk].tumours]
    decisions = tumour_decisions(tumours=tumours, records=records, today=today)
    items = pathway_items_current(tumour_ids=[t.pk for t in tumours])
    pages = {}
    for patient in patients:
        record = records[patient.pk]
        mine = {t.pk: decisions[t.pk] for t in record.tumours}
        pages[patient.pk] = PathwayPage(
            alerts=patient_alerts(patient=patient, record=record, today=today, decisions=mine.values()),
            open_items=_item_rows(record.tumours, mine, items, today, OPEN_STATUSES),
            deviations=_item_rows(record.tumours, mine, items, today, (ItemStatus.DEVIATED,)),
        )
    return pages
