"""The record as FHIR R4 resources: Patient, Conditions and Observations. Pure-ish functions of model instances
(no queries, no clock): interop.fhir.record reads the record, these shape it.

Shapes: Patient after nl-core-Patient (claimed); a tumour's Condition after mCODE PrimaryCancerCondition (not
claimed: mCODE builds on US Core, so the claim would be false); the stage after mCODE TNMStageGroup with the T, N
and M categories as `hasMember` (LOINC codes in interop.fhir.codes).
"""

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.utils.translation import gettext

from interop.fhir import codes
from interop.fhir.resources import Resource, coding, concept, ref
from staging.models import Classification, StageAssessment, System
from zorgpad.pathway.presentation import SSC_CLASSIFICATION_LABELS
from zorgpad.pathway.services import comorbidity_ssc_result
from zorgpad.pathways.ssc import ITEM_LABELS
from zorgpad.pathways.vocabulary import Diagnosis
from zorgpad.patients.models import Comorbidity, Patient, Tumour, TumourMarker

GENDER = {"M": "male", "F": "female", "X": "other", "U": "unknown"}
# mCODE's laterality extension on Condition.bodySite (HL7/fhir-mCODE-ig, extension LateralityQualifier).
EXT_LATERALITY = "http://hl7.org/fhir/us/mcode/StructureDefinition/mcode-laterality-qualifier"
# Orphanet code named by the pathway for the atypical intradermal smooth muscle neoplasm (cutaneous LMS).
ORPHA_CODES = {Diagnosis.ATYPICAL_INTRADERMAL_SMOOTH_MUSCLE_NEOPLASM: ("ORPHA:64720", "Cutaneous leiomyosarcoma")}
SYSTEM_LABEL = {System.MELANOMA: "AJCC 8th edition, cutaneous melanoma (chapter 47)",
                System.STS_TRUNK_EXTREMITIES: "AJCC 8th edition, soft tissue sarcoma of the trunk and extremities "
                                              "(chapter 41)",
                System.STS_HEAD_NECK: "AJCC 8th edition, soft tissue sarcoma of the head and neck (chapter 40)"}


def hospital_number_system() -> str:
    return str(settings.ZORGPAD_FHIR_HOSPITAL_NUMBER_SYSTEM)


def patient_identifiers(patient: Patient) -> list[dict[str, Any]]:
    out = []
    if patient.bsn:
        out.append({"use": "official", "system": codes.BSN_SYSTEM, "value": patient.bsn})
    out.append({"use": "usual", "system": hospital_number_system(), "value": patient.hospital_number})
    return out


def _ext(url: str, value: str) -> dict[str, str]:
    return {"url": url, "valueString": value}


def patient_name(patient: Patient) -> dict[str, Any]:
    """nl-core-NameInformation: the family name as used, its parts in the HL7 name extensions, the name usage as
    the assembly order; given names (qualifier BR) or, without them, the initials (qualifier IN)."""
    parts = []
    if patient.family_name_prefix:
        parts.append(_ext(codes.EXT_OWN_PREFIX, patient.family_name_prefix))
    parts.append(_ext(codes.EXT_OWN_NAME, patient.family_name))
    if patient.partner_family_name:
        if patient.partner_family_name_prefix:
            parts.append(_ext(codes.EXT_PARTNER_PREFIX, patient.partner_family_name_prefix))
        parts.append(_ext(codes.EXT_PARTNER_NAME, patient.partner_family_name))
    name: dict[str, Any] = {
        "extension": [{"url": codes.EXT_ASSEMBLY_ORDER, "valueCode": patient.name_usage}],
        "use": "official",
        "text": patient.formal_name,
        "family": patient.name_in_use,
        "_family": {"extension": parts},
    }
    if patient.given_names:
        given = patient.given_names.split()
        qualifier = "BR"
    else:
        given = [i + "." for i in patient.initials.replace(".", " ").split()]
        qualifier = "IN"
    if given:
        name["given"] = given
        name["_given"] = [{"extension": [{"url": codes.EXT_EN_QUALIFIER, "valueCode": qualifier}]} for _ in given]
    return name


def patient_resource(patient: Patient) -> Resource:
    resource: Resource = {
        "resourceType": "Patient",
        "id": str(patient.external_id),
        "meta": {"profile": [codes.NL_CORE_PATIENT]},
        "identifier": patient_identifiers(patient),
        "name": [patient_name(patient)],
        "gender": GENDER.get(patient.sex, "unknown"),
        "birthDate": patient.date_of_birth.isoformat(),
    }
    if patient.date_of_death:
        resource["deceasedDateTime"] = patient.date_of_death.isoformat()
    telecom = [{"system": "phone", "value": v} for v in (patient.phone, patient.phone_other) if v]
    if patient.email:
        telecom.append({"system": "email", "value": patient.email})
    if telecom:
        resource["telecom"] = telecom
    if patient.street or patient.city or patient.postal_code:
        address = {"use": "home", "line": [patient.street] if patient.street else None,
                   "postalCode": patient.postal_code or None, "city": patient.city or None, "country": "NL"}
        resource["address"] = [{k: v for k, v in address.items() if v}]
    return resource


CLINICAL_STATUS = {"suspected": "active", "diagnosed": "active", "in_treatment": "active", "follow_up": "remission",
                   "recurrence": "recurrence", "metastatic": "active", "closed": "resolved"}


def _problem_category() -> list[dict[str, Any]]:
    return [concept("Problem", coding(codes.CONDITION_CATEGORY, "problem-list-item", "Problem List Item"))]


def tumour_condition(tumour: Tumour, patient: Patient, stage: StageAssessment | None) -> Resource:
    """One Condition per tumour, shaped after mCODE PrimaryCancerCondition (code, body site with laterality,
    onset, clinical and verification status, the stage as a summary with its Observation)."""
    diagnosis_codings = [coding(codes.ORPHANET, *ORPHA_CODES[Diagnosis(tumour.diagnosis)])] \
        if tumour.diagnosis in ORPHA_CODES else []
    body_site: dict[str, Any] = concept(tumour.body_site)
    laterality = codes.LATERALITY_SNOMED.get(tumour.laterality)
    if laterality is not None:
        body_site["extension"] = [{"url": EXT_LATERALITY, "valueCodeableConcept": concept(
            str(tumour.get_laterality_display()), coding(codes.SNOMED, *laterality))}]
    elif tumour.laterality and tumour.laterality != "na":
        body_site["extension"] = [{"url": EXT_LATERALITY,
                                   "valueCodeableConcept": concept(str(tumour.get_laterality_display()))}]
    status = CLINICAL_STATUS.get(tumour.status, "active")
    resource: Resource = {
        "resourceType": "Condition",
        "id": str(tumour.external_id),
        "clinicalStatus": concept(status, coding(codes.CONDITION_CLINICAL, status)),
        "verificationStatus": concept(
            "provisional" if tumour.status == "suspected" else "confirmed",
            coding(codes.CONDITION_VERIFICATION, "provisional" if tumour.status == "suspected" else "confirmed")),
        "category": _problem_category(),
        "code": concept(tumour.diagnosis_label, *diagnosis_codings),
        "bodySite": [body_site],
        "subject": ref("Patient", patient.external_id),
        "onsetDateTime": tumour.date_of_diagnosis.isoformat(),
        "recordedDate": tumour.created_at.date().isoformat() if tumour.created_at else None,
    }
    if stage is not None:
        resource["stage"] = [{"summary": concept(stage.stage or "unknown"),
                              "assessment": [ref("Observation", stage.external_id)],
                              "type": concept(SYSTEM_LABEL.get(System(stage.system), stage.system))}]
    if tumour.notes:
        resource["note"] = [{"text": tumour.notes}]
    return {k: v for k, v in resource.items() if v is not None}


def comorbidity_condition(comorbidity: Comorbidity, patient: Patient) -> Resource:
    status = "active" if comorbidity.active else "inactive"
    label = str(comorbidity.get_kind_display())
    text = f"{label}: {comorbidity.description}" if comorbidity.description else label
    resource: Resource = {
        "resourceType": "Condition",
        "id": str(comorbidity.external_id),
        "clinicalStatus": concept(status, coding(codes.CONDITION_CLINICAL, status)),
        "category": _problem_category(),
        "code": concept(text),
        "subject": ref("Patient", patient.external_id),
    }
    if comorbidity.onset_date:
        resource["onsetDateTime"] = comorbidity.onset_date.isoformat()
    if comorbidity.notes:
        resource["note"] = [{"text": comorbidity.notes}]
    return resource


def _tnm_code(classification: str, axis: str) -> dict[str, Any]:
    code, display = codes.TNM_LOINC[classification][axis]
    return concept(display, coding(codes.LOINC, code, display))


def _method() -> dict[str, Any]:
    return concept("AJCC 8th edition", coding(codes.SNOMED, *codes.AJCC8_METHOD))


def stage_observations(assessment: StageAssessment, tumour: Tumour, patient: Patient) -> list[Resource]:
    """The stage group (AJCC 8, method coded, the edition named) and its T, N and M Observations as hasMember."""
    classification = Classification(assessment.classification).value
    prefix = "p" if classification == Classification.PATHOLOGICAL else "c"
    base = {"status": "final", "subject": ref("Patient", patient.external_id),
            "focus": [ref("Condition", tumour.external_id)], "effectiveDateTime": assessment.assessed_at.isoformat(),
            "method": _method()}
    members = []
    for axis, value in (("t", assessment.t), ("n", assessment.n), ("m", assessment.m)):
        member: Resource = {"resourceType": "Observation", "id": f"{assessment.external_id}-{axis}", **base,
                            "code": _tnm_code(classification, axis)}
        if value:
            member["valueCodeableConcept"] = concept(f"{prefix}{value}")
        else:
            member["dataAbsentReason"] = concept("unknown", coding(codes.DATA_ABSENT, "unknown", "Unknown"))
        members.append(member)
    group: Resource = {"resourceType": "Observation", "id": str(assessment.external_id), **base,
                       "code": _tnm_code(classification, "stage"),
                       "method": concept(SYSTEM_LABEL.get(System(assessment.system), "AJCC 8th edition"),
                                         coding(codes.SNOMED, *codes.AJCC8_METHOD)),
                       "hasMember": [ref("Observation", m["id"]) for m in members]}
    if assessment.stage:
        group["valueCodeableConcept"] = concept(assessment.stage)
    else:
        group["dataAbsentReason"] = concept("unknown", coding(codes.DATA_ABSENT, "unknown", "Unknown"))
    return [group, *members]


def tumour_observations(tumour: Tumour, patient: Patient) -> list[Resource]:
    """The tumour's size (mCODE TumorSize, LOINC 21889-1, in cm) and histological grade (LOINC 33732-9)."""
    base = {"resourceType": "Observation", "status": "final", "subject": ref("Patient", patient.external_id),
            "focus": [ref("Condition", tumour.external_id)], "effectiveDateTime": tumour.date_of_diagnosis.isoformat()}
    out: list[Resource] = []
    if tumour.largest_diameter_cm is not None:
        out.append({**base, "id": f"{tumour.external_id}-size",
                    "code": concept("Tumour size", coding(codes.LOINC, *codes.TUMOUR_SIZE)),
                    "valueQuantity": {"value": float(tumour.largest_diameter_cm), "unit": "cm",
                                      "system": codes.UCUM, "code": "cm"}})
    if tumour.grade:
        out.append({**base, "id": f"{tumour.external_id}-grade",
                    "code": concept("Histological grade (FNCLCC)", coding(codes.LOINC, *codes.HISTOLOGICAL_GRADE)),
                    "valueCodeableConcept": concept(tumour.grade)})
    return out


def marker_observation(marker: TumourMarker, patient: Patient) -> Resource:
    """A tumour marker: the value in its UCUM unit, the lab's upper reference limit as the reference range. No
    LOINC code is given for the marker: text only."""
    unit = marker.unit
    quantity: dict[str, Any] = {"value": float(marker.value), "unit": codes.UCUM_DISPLAY.get(unit, unit)}
    if unit in codes.UCUM_DISPLAY:
        quantity.update(system=codes.UCUM, code=unit)
    name = marker.marker_other if marker.marker == "other" else str(marker.get_marker_display())
    resource: Resource = {
        "resourceType": "Observation",
        "id": str(marker.external_id),
        "status": "final",
        "category": [concept("Laboratory", coding(codes.OBSERVATION_CATEGORY, "laboratory", "Laboratory"))],
        "code": concept(name),
        "subject": ref("Patient", patient.external_id),
        "effectiveDateTime": marker.measured_on.isoformat(),
        "valueQuantity": quantity,
    }
    if marker.tumour_id is not None and marker.tumour is not None:
        resource["focus"] = [ref("Condition", marker.tumour.external_id)]
    if marker.upper_limit is not None:
        high = {k: v for k, v in quantity.items() if k != "value"}
        resource["referenceRange"] = [{"high": {**high, "value": float(marker.upper_limit)}}]
    return resource


def ssc_observation(comorbidity: Comorbidity, patient: Patient) -> Resource | None:
    """The ACR/EULAR 2013 classification of systemic sclerosis scored from the stored items (the same score the
    pages show); None when no item was recorded. No LOINC code is known for the score: text only."""
    result = comorbidity_ssc_result(comorbidity)
    if result is None:
        return None
    resource: Resource = {
        "resourceType": "Observation",
        "id": f"{comorbidity.external_id}-ssc",
        "status": "final",
        "code": concept("ACR/EULAR 2013 classification criteria for systemic sclerosis"),
        "subject": ref("Patient", patient.external_id),
        "focus": [ref("Condition", comorbidity.external_id)],
        "effectiveDateTime": comorbidity.updated_at.isoformat(),
        "interpretation": [concept(gettext(SSC_CLASSIFICATION_LABELS[result.classification]))],
        "component": [{"code": concept(gettext(ITEM_LABELS[s.item])), "valueInteger": s.points} for s in result.items],
    }
    if result.score is not None:
        resource["valueInteger"] = result.score
    else:
        resource["dataAbsentReason"] = concept("not applicable", coding(codes.DATA_ABSENT, "not-applicable"))
    return resource


def conditions(patient: Patient, stages: dict[int, StageAssessment]) -> list[Resource]:
    return [*(tumour_condition(t, patient, stages.get(t.pk)) for t in patient.tumours.all()),
            *(comorbidity_condition(c, patient) for c in patient.comorbidities.all())]


def observations(patient: Patient, stages: dict[int, StageAssessment]) -> list[Resource]:
    out: list[Resource] = []
    for tumour in patient.tumours.all():
        if tumour.pk in stages:
            out.extend(stage_observations(stages[tumour.pk], tumour, patient))
        out.extend(tumour_observations(tumour, patient))
    out.extend(marker_observation(m, patient) for m in patient.markers.all())
    out.extend(o for o in (ssc_observation(c, patient) for c in patient.comorbidities.all()) if o is not None)
    return out


def ids(resources: Iterable[Resource]) -> list[str]:
    return [f"{r['resourceType']}/{r['id']}" for r in resources]
