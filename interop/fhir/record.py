"""Reads of the record for the FHIR API, audit-logged as the rest of the record: one patient through the core
selector (`patient_get`), a search through `audit_record_shown` (one entry per patient shown)."""

import re
import uuid
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.http import HttpRequest

from followup.selectors import plans_for_patient
from interop.fhir import builders, plans
from interop.fhir.resources import Resource
from mdo.patient_selectors import mdo_patient_cases
from staging.selectors import stage_assessment_latest_map
from zorgpad.audit.models import AuditAction
from zorgpad.audit.services import audit_record_shown, query_detail
from zorgpad.patients import selectors as patient_selectors
from zorgpad.patients.models import Patient


class BadSearch(ValueError):
    """A search parameter that cannot be read (answered with 400 and an OperationOutcome)."""


PATIENT_REFERENCE = r"^(Patient/)?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"


def patient_id_param(value: str) -> uuid.UUID:
    """`Patient/<id>` or `<id>` (the id as served: a lowercase UUID) -> the id; BadSearch for anything else."""
    if not re.fullmatch(PATIENT_REFERENCE, value):
        raise BadSearch("patient: expected Patient/<id> with the id Zorgpad serves.")
    return uuid.UUID(value.removeprefix("Patient/"))


def patient_read(*, external_id: Any, user: Any, request: HttpRequest | None, detail: str,
                 search: bool = False) -> Patient | None:
    """The patient with the record prefetched and the read audited; None when no patient has this id (a search
    for an unknown patient is still audited, without a patient; a read by id is a plain 404, as elsewhere)."""
    if not Patient.objects.filter(external_id=external_id).exists():
        if search:
            audit_record_shown(user=user, action=AuditAction.SEARCH, patient_ids=[], request=request,
                               detail=query_detail(detail, request))
        return None
    return patient_selectors.patient_get(external_id=external_id, user=user, request=request, detail=detail)


def patients_by_identifier(*, system: str, value: str, user: Any, request: HttpRequest | None) -> list[Patient]:
    """`Patient?identifier=system|value` (BSN or hospital number; a value without system matches either)."""
    hospital = builders.hospital_number_system()
    from interop.fhir.codes import BSN_SYSTEM

    if system and system not in (BSN_SYSTEM, hospital):
        found: list[Patient] = []
    else:
        qs = Patient.objects.none()
        if system in ("", BSN_SYSTEM) and value:
            qs = qs | Patient.objects.filter(bsn=value)
        if system in ("", hospital) and value:
            qs = qs | Patient.objects.filter(hospital_number=value.strip().upper())
        found = list(qs.distinct().order_by("pk")[:20])
    audit_record_shown(user=user, action=AuditAction.SEARCH, patient_ids=[p.external_id for p in found],
                       request=request, detail=query_detail("FHIR Patient search", request))
    return found


@dataclass
class FhirRecord:
    patient: Patient
    today: date

    def stages(self) -> dict[int, Any]:
        return stage_assessment_latest_map(tumour_ids=[t.pk for t in self.patient.tumours.all()])

    def patient_resource(self) -> Resource:
        return builders.patient_resource(self.patient)

    def conditions(self) -> list[Resource]:
        return builders.conditions(self.patient, self.stages())

    def observations(self) -> list[Resource]:
        return builders.observations(self.patient, self.stages())

    def careplans(self) -> list[Resource]:
        out = [plans.followup_careplan(plan, self.patient) for plan in plans_for_patient(patient=self.patient)]
        out.extend(c for c in (plans.mdo_careplan(row, self.patient) for row in mdo_patient_cases(
            patient=self.patient)) if c is not None)
        return out

    def encounters(self) -> list[Resource]:
        return [plans.mdo_encounter(row, self.patient, self.today) for row in mdo_patient_cases(patient=self.patient)]

    def everything(self) -> list[Resource]:
        stages = self.stages()
        cases = mdo_patient_cases(patient=self.patient)
        return [
            self.patient_resource(),
            *builders.conditions(self.patient, stages),
            *builders.observations(self.patient, stages),
            *(plans.followup_careplan(plan, self.patient) for plan in plans_for_patient(patient=self.patient)),
            *(plans.mdo_encounter(row, self.patient, self.today) for row in cases),
            *(c for c in (plans.mdo_careplan(row, self.patient) for row in cases) if c is not None),
        ]
