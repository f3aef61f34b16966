"""Writes to the patient record. Each service validates fully, saves atomically and writes an audit entry."""

from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, models, transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from zorgpad.audit.models import AuditAction
from zorgpad.audit.services import audit_record
from zorgpad.patients import hooks
from zorgpad.patients.models import Comorbidity, Patient, Tumour, TumourMarker

PATIENT_FIELDS = (
    "hospital_number", "bsn", "family_name_prefix", "family_name", "given_names", "initials", "date_of_birth",
    "sex", "partner_family_name_prefix", "partner_family_name", "name_usage",
    "street", "postal_code", "city", "phone", "phone_other", "email",
    "gp_name", "gp_practice", "gp_street", "gp_postal_code", "gp_city", "date_of_death",
)


def _audit_unchanged(*, user: Any, patient: Patient, obj: models.Model, request: HttpRequest | None) -> None:
    """An update that changed nothing still handed the record back to the caller: record that read."""
    audit_record(user=user, action=AuditAction.VIEW, patient=patient, obj=obj, detail="update: no changes",
                 request=request)


def _apply(instance: models.Model, data: dict[str, Any], allowed: tuple[str, ...] | None = None) -> list[str]:
    changed = []
    for field, value in data.items():
        if allowed is not None and field not in allowed:
            raise ValueError(f"{type(instance).__name__}.{field} cannot be set here")
        if getattr(instance, field) != value:
            setattr(instance, field, value)
            changed.append(field)
    return changed


# A concurrent insert can slip past full_clean(); the database constraint then decides, with the same message.
_CONSTRAINT_FIELDS = {"patient_bsn_unique": "bsn", "hospital_number": "hospital_number"}


def _save(instance: models.Model, *, user: Any, patient: Patient, action: AuditAction, detail: str,
          request: HttpRequest | None) -> None:
    instance.full_clean()
    try:
        with transaction.atomic():
            instance.save()
    except IntegrityError as exc:
        field = next((f for key, f in _CONSTRAINT_FIELDS.items() if key in str(exc)), NON_FIELD_ERRORS)
        raise ValidationError({field: _("This value is already used by another record.")}) from exc
    audit_record(user=user, action=action, patient=patient, obj=instance, detail=detail, request=request)


@transaction.atomic
def patient_create(*, user: Any, request: HttpRequest | None = None, **data: Any) -> Patient:
    patient = Patient()
    _apply(patient, data, PATIENT_FIELDS)
    _save(patient, user=user, patient=patient, action=AuditAction.CREATE, detail="", request=request)
    return patient


@transaction.atomic
def patient_update(*, patient: Patient, user: Any, request: HttpRequest | None = None, **data: Any) -> Patient:
    changed = _apply(patient, data, PATIENT_FIELDS)
    if changed:
        _save(patient, user=user, patient=patient, action=AuditAction.UPDATE,
              detail="fields: " + ", ".join(sorted(changed)), request=request)
        hooks.patient_updated(patient=patient, changed=changed, user=user)
        hooks.record_changed(patient=patient, user=user)
    else:
        _audit_unchanged(user=user, patient=patient, obj=patient, request=request)
    return patient


TUMOUR_FIELDS = (
    "diagnosis", "diagnosis_other", "body_site", "body_site_region", "invasion_adjoining_structures", "laterality",
    "depth", "largest_diameter_cm", "grade", "breslow_mm", "ulceration", "n_category", "m_category",
    "date_of_diagnosis", "date_of_surgery", "pathology_source", "revision_status", "margin", "operable", "status",
    "notes", "sentinel_node", "sentinel_deposit_mm", "braf_v600", "kit", "melanoma_events", "adjuvant",
    "adjuvant_start", "adjuvant_end", "adjuvant_reason_code", "adjuvant_reason",
)


@transaction.atomic
def tumour_create(*, patient: Patient, user: Any, request: HttpRequest | None = None, **data: Any) -> Tumour:
    tumour = Tumour(patient=patient)
    _apply(tumour, data, TUMOUR_FIELDS)
    _save(tumour, user=user, patient=patient, action=AuditAction.CREATE, detail="", request=request)
    hooks.record_changed(patient=patient, tumour=tumour, user=user)
    return tumour


@transaction.atomic
def tumour_update(*, tumour: Tumour, user: Any, request: HttpRequest | None = None, **data: Any) -> Tumour:
    changed = _apply(tumour, data, TUMOUR_FIELDS)
    if changed:
        _save(tumour, user=user, patient=tumour.patient, action=AuditAction.UPDATE,
              detail="fields: " + ", ".join(sorted(changed)), request=request)
        hooks.tumour_updated(tumour=tumour, changed=changed, user=user)
        hooks.record_changed(patient=tumour.patient, tumour=tumour, user=user)
    else:
        _audit_unchanged(user=user, patient=tumour.patient, obj=tumour, request=request)
    return tumour


COMORBIDITY_FIELDS = (
    "kind", "description", "onset_date", "anti_rna_polymerase_iii", "ssc_criteria", "active", "notes",
)


@transaction.atomic
def comorbidity_create(
    *, patient: Patient, user: Any, request: HttpRequest | None = None, **data: Any
) -> Comorbidity:
    comorbidity = Comorbidity(patient=patient)
    _apply(comorbidity, data, COMORBIDITY_FIELDS)
    _save(comorbidity, user=user, patient=patient, action=AuditAction.CREATE, detail="", request=request)
    hooks.record_changed(patient=patient, user=user)
    return comorbidity


@transaction.atomic
def comorbidity_update(
    *, comorbidity: Comorbidity, user: Any, request: HttpRequest | None = None, **data: Any
) -> Comorbidity:
    changed = _apply(comorbidity, data, COMORBIDITY_FIELDS)
    if changed:
        _save(comorbidity, user=user, patient=comorbidity.patient, action=AuditAction.UPDATE,
              detail="fields: " + ", ".join(sorted(changed)), request=request)
        hooks.record_changed(patient=comorbidity.patient, user=user)
    else:
        _audit_unchanged(user=user, patient=comorbidity.patient, obj=comorbidity, request=request)
    return comorbidity


MARKER_FIELDS = ("tumour", "marker", "marker_other", "measured_on", "value", "unit", "upper_limit")


@transaction.atomic
def marker_create(
    *, patient: Patient, user: Any, request: HttpRequest | None = None, **data: Any
) -> TumourMarker:
    marker = TumourMarker(patient=patient)
    _apply(marker, data, MARKER_FIELDS)
    _save(marker, user=user, patient=patient, action=AuditAction.CREATE, detail="", request=request)
    hooks.record_changed(patient=patient, user=user)
    return marker
