"""Writes for referrals. One service owns every status change (`referral_transition`); each validates fully,
saves atomically, keeps the history and writes an audit entry.

Permissions are checked here too, because which permission a transition needs depends on its target status:
the web page, the API and code then behave identically.
"""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from referrals.models import (
    Destination,
    FirstVisitChecklist,
    Referral,
    ReferralStatus,
    ReferralTransition,
    TriageOverride,
    letter_upload_to,
)
from referrals.rules import states
from referrals.rules.working_days import due_date
from referrals.selectors import referral_advice
from zorgpad.audit.models import AuditAction
from zorgpad.audit.services import audit_record
from zorgpad.pathway.services import pathway_items_sync_patient
from zorgpad.patients.models import Patient, Sex
from zorgpad.patients.services import patient_create, patient_update

# The permission each target status needs. Triage decisions (and refusing or redirecting a referral, which are
# triage decisions too) are for clinicians; planning and recording the visit is administrative.
TRANSITION_PERMISSIONS: dict[str, str] = {
    ReferralStatus.TRIAGED: "referrals.triage_referral",
    ReferralStatus.REJECTED: "referrals.triage_referral",
    ReferralStatus.REDIRECTED: "referrals.triage_referral",
    ReferralStatus.APPOINTMENT_PLANNED: "referrals.change_referral",
    ReferralStatus.SEEN: "referrals.change_referral",
    ReferralStatus.CLOSED: "referrals.change_referral",
}


def _require(user: Any, perm: str) -> None:
    if not (user is not None and user.is_authenticated and user.has_perm(perm)):
        raise PermissionDenied(_("You are not allowed to do this."))


def triage_working_days() -> int:
    return int(settings.REFERRALS_TRIAGE_WORKING_DAYS)


def biopsy_result_working_days() -> int:
    return int(settings.REFERRALS_BIOPSY_RESULT_WORKING_DAYS)


@dataclass(frozen=True)
class PatientIdentification:
    """What the referral says about the patient: matched on hospital number or BSN, else a new patient."""

    hospital_number: str = ""
    bsn: str = ""
    family_name_prefix: str = ""
    family_name: str = ""
    given_names: str = ""
    initials: str = ""
    date_of_birth: date | None = None
    sex: str = Sex.UNKNOWN


def _label(status: str) -> str:
    return str(ReferralStatus(status).label)


def _resolve_patient(*, identification: PatientIdentification, user: Any, request: HttpRequest | None) -> Patient:
    """The existing patient with this hospital number or BSN, or a new one (never a duplicate)."""
    number = identification.hospital_number.strip().upper()
    bsn = identification.bsn.strip()
    if not number and not bsn:
        raise ValidationError({"hospital_number": _("Enter the hospital number or the BSN of the patient.")})
    by_number = Patient.objects.select_for_update().filter(hospital_number=number).first() if number else None
    by_bsn = Patient.objects.select_for_update().filter(bsn=bsn).first() if bsn else None
    if by_number and by_bsn and by_number.pk != by_bsn.pk:
        # Refusals name only what the user typed: never another patient's name or date of birth.
        raise ValidationError(
            _("Hospital number %(number)s and BSN %(bsn)s belong to two different patients. "
              "Check both numbers; nothing was saved.")
            % {"number": number, "bsn": bsn},
            code="patient_conflict",
        )
    patient = by_number or by_bsn
    if patient is None:
        if not number:
            raise ValidationError({"hospital_number": _(
                "No patient has this BSN yet: enter the hospital number to register the patient.")})
        return patient_create(
            user=user, request=request, hospital_number=number, bsn=bsn,
            family_name_prefix=identification.family_name_prefix.strip(),
            family_name=identification.family_name.strip(), given_names=identification.given_names.strip(),
            initials=identification.initials.strip(), date_of_birth=identification.date_of_birth,
            sex=identification.sex or Sex.UNKNOWN,
        )
    if number and patient.hospital_number != number:
        raise ValidationError({"hospital_number": _(
            "BSN %(bsn)s belongs to a patient whose hospital number is not %(number)s. Check the numbers."
        ) % {"bsn": bsn, "number": number}}, code="patient_conflict")
    if bsn and patient.bsn and patient.bsn != bsn:
        raise ValidationError({"bsn": _(
            "Hospital number %(number)s belongs to a patient whose BSN is not %(bsn)s. Check the numbers."
        ) % {"bsn": bsn, "number": number}}, code="patient_conflict")
    if identification.date_of_birth and identification.date_of_birth != patient.date_of_birth:
        raise ValidationError({"date_of_birth": _(
            "The patient with this hospital number or BSN was not born on %(given)s. "
            "Check the numbers and the date of birth."
        ) % {"given": identification.date_of_birth.strftime("%d-%m-%Y")}}, code="patient_conflict")
    if bsn and not patient.bsn:
        # The letter gives the BSN the record lacks: add it through the core service (11-check, audit).
        patient_update(patient=patient, user=user, request=request, bsn=bsn)
    return patient


def referral_create(
    *,
    user: Any,
    referrer_kind: str,
    referrer_name: str,
    received_on: date,
    reason: str,
    phase: str,
    patient: Patient | None = None,
    identification: PatientIdentification | None = None,
    referrer_organisation: str = "",
    referrer_agb: str = "",
    urgency: str = "routine",
    tertiary_route: str = "",
    external_biopsy: bool | None = None,
    letter: UploadedFile | None = None,
    request: HttpRequest | None = None,
) -> Referral:
    """Register a referral for an existing patient, or for the patient the identification matches or creates.

    Everything happens in one transaction: a refused referral leaves no new patient and no letter behind.
    """
    _require(user, "referrals.add_referral")
    if (patient is None) == (identification is None):
        raise ValueError("Give either patient or identification.")
    referral = Referral(
        referrer_kind=referrer_kind, referrer_name=referrer_name.strip(),
        referrer_organisation=referrer_organisation.strip(), referrer_agb=referrer_agb.strip(),
        received_on=received_on, urgency=urgency, reason=reason.strip(), phase=phase,
        tertiary_route=tertiary_route or "", external_biopsy=external_biopsy,
        letter=letter or "", letter_name=(letter.name or "")[:200] if letter else "",
        registered_by=user,
    )
    if received_on is not None:
        referral.triage_due_on = due_date(received_on, triage_working_days())
    errors: dict[str, list[Any]] = {}
    try:
        referral.full_clean(exclude=["patient", "triage_due_on"])
    except ValidationError as exc:
        errors.update(exc.error_dict)
    with transaction.atomic():
        if identification is not None:
            try:
                with transaction.atomic():
                    patient = _resolve_patient(identification=identification, user=user, request=request)
            except ValidationError as exc:
                for field, messages in exc.update_error_dict({}).items():
                    errors.setdefault(field, []).extend(messages)
        if errors:
            raise ValidationError(errors)
        assert patient is not None
        referral.patient = patient
        referral.full_clean(exclude=["triage_due_on"])
        try:
            referral.save()
            ReferralTransition.objects.create(referral=referral, from_status="", to_status=ReferralStatus.RECEIVED,
                                              by=user)
            audit_record(user=user, action=AuditAction.CREATE, patient=patient, obj=referral,
                         detail=f"referral {referral.phase}", request=request)
        except BaseException:
            _discard_stored_letter(referral)  # the row is rolled back; do not leave the file behind
            raise
    return referral


def _discard_stored_letter(referral: Referral) -> None:
    letter = referral.letter
    # Only a file this referral itself wrote (committed under its own name); never the sender's file name.
    if letter and getattr(letter, "_committed", False) and letter.name == letter_upload_to(referral, ""):
        letter.storage.delete(letter.name)


def referral_transition(
    *,
    referral: Referral,
    to_status: str,
    user: Any,
    reason: str = "",
    appointment_on: date | None = None,
    first_visit_on: date | None = None,
    expected_status: str | None = None,
    request: HttpRequest | None = None,
) -> Referral:
    """The only way a referral's status changes. Refuses illegal moves with a clear message and changes nothing.

    Moving to "seen" records the day the first visit took place: `first_visit_on`, or when not given the planned
    appointment if that day has come, else today (the day it is recorded).

    The row is locked (select_for_update) so that two concurrent transitions cannot both succeed; the second
    sees the first one's result. `expected_status` (the status the user saw) refuses a move based on a stale page.
    """
    try:
        target = states.Status(to_status)
    except ValueError:
        raise ValidationError({"to_status": _("Unknown status: %(status)s.") % {"status": to_status}}) from None
    # No transition leads back to "received"; that illegal move still needs the general permission to be refused.
    _require(user, TRANSITION_PERMISSIONS.get(target, "referrals.change_referral"))
    with transaction.atomic():
        locked = Referral.objects.select_for_update().select_related("patient").get(pk=referral.pk)
        current = states.Status(locked.status)
        if expected_status and expected_status != current:
            raise ValidationError(_(
                "This referral was changed meanwhile: its status is now “%(current)s”. Reload the page and try again."
            ) % {"current": _label(current)}, code="stale")
        check = states.check_transition(current, target, reason=reason, has_appointment=appointment_on is not None)
        if check.problem == "illegal":
            allowed = sorted(_label(s) for s in states.TRANSITIONS[current])
            raise ValidationError({"to_status": _(
                "A referral with status “%(current)s” cannot move to “%(target)s”. From “%(current)s” it can move "
                "to: %(allowed)s."
            ) % {"current": _label(current), "target": _label(target),
                 "allowed": ", ".join(allowed) if allowed else _("nothing (final status)")}}, code="illegal")
        if check.problem == "reason":
            raise ValidationError({"reason": _("Give the reason why the referral is %(target)s.")
                                   % {"target": _label(target)}}, code="reason_required")
        if check.problem == "appointment":
            raise ValidationError({"appointment_on": _("Enter the date of the appointment.")},
                                  code="appointment_required")
        changed = ["status"]
        if target is states.Status.TRIAGED and not locked.destination_overridden:
            advice = referral_advice(locked)
            if advice.destination is None:
                raise ValidationError(_(
                    "The pathway gives no destination for this referral (missing: %(missing)s). Override the "
                    "advice with a destination and a reason first."
                ) % {"missing": ", ".join(advice.missing)}, code="advice_unknown")
            locked.destination = advice.destination.value
            changed.append("destination")
        if target is states.Status.APPOINTMENT_PLANNED:
            locked.appointment_on = appointment_on
            changed.append("appointment_on")
        if target is states.Status.SEEN:
            today = timezone.localdate()
            planned = locked.appointment_on if locked.appointment_on and locked.appointment_on <= today else None
            locked.first_visit_on = first_visit_on or planned or today
            changed.append("first_visit_on")
        locked.status = target.value
        locked.full_clean(exclude=["letter"])
        locked.save(update_fields=[*changed, "updated_at"])
        ReferralTransition.objects.create(referral=locked, from_status=current.value, to_status=target.value,
                                          reason=reason.strip(), by=user)
        audit_record(user=user, action=AuditAction.UPDATE, patient=locked.patient, obj=locked,
                     detail=f"status {current.value} -> {target.value}", request=request)
    for field in (*changed, "updated_at"):
        setattr(referral, field, getattr(locked, field))
    return locked


def referral_triage_override(
    *,
    referral: Referral,
    destination: str,
    reason: str,
    user: Any,
    request: HttpRequest | None = None,
) -> Referral:
    """A clinician deviates from the pathway's destination, with a reason that is kept (TriageOverride row).

    Choosing the advised destination again undoes an earlier override (also kept, with its reason).
    """
    _require(user, "referrals.triage_referral")
    errors: dict[str, str] = {}
    if destination not in Destination.values:
        errors["destination"] = _("Choose a destination.")
    if not reason.strip():
        errors["reason"] = _("Give the reason for deviating from the pathway's advice.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = Referral.objects.select_for_update().select_related("patient").get(pk=referral.pk)
        if locked.status not in states.OVERRIDABLE:
            raise ValidationError(_(
                "The advice can be overridden only until an appointment is planned; this referral has status "
                "“%(status)s”."
            ) % {"status": _label(locked.status)}, code="not_overridable")
        advised = referral_advice(locked).destination
        if advised is not None and destination == advised.value and not locked.destination_overridden:
            raise ValidationError({"destination": _(
                "This is the destination the pathway advises; no override is needed.")}, code="same_as_advice")
        TriageOverride.objects.create(referral=locked, advised_destination=advised.value if advised else "",
                                      destination=destination, reason=reason.strip(), by=user)
        locked.destination_overridden = advised is None or destination != advised.value
        # Before triage the choice waits for the triage step; after triage it is the destination at once.
        if locked.status == ReferralStatus.TRIAGED or locked.destination_overridden:
            locked.destination = destination
        else:
            locked.destination = ""
        locked.save(update_fields=["destination", "destination_overridden", "updated_at"])
        audit_record(user=user, action=AuditAction.UPDATE, patient=locked.patient, obj=locked,
                     detail=f"triage override {advised.value if advised else '?'} -> {destination}", request=request)
    for field in ("destination", "destination_overridden", "updated_at"):
        setattr(referral, field, getattr(locked, field))
    return locked


CHECKLIST_FIELDS = (
    "risk_profile_taken", "total_body_skin_examination", "photos_stored", "lymph_nodes_palpated",
    "biopsy_needed", "biopsy_taken_on", "result_discussed_on", "high_risk", "notes",
)


def latest_referral(*, patient: Patient) -> Referral | None:
    """The patient's current episode: the referral received last."""
    return Referral.objects.filter(patient=patient).order_by("-received_on", "-id").first()


def checklist_update(*, patient: Patient | None = None, referral: Referral | None = None, user: Any,
                     request: HttpRequest | None = None, **data: Any) -> FirstVisitChecklist:
    """Create or change the first-visit checklist of a referral episode (given, or the patient's latest referral;
    a patient without any referral keeps one checklist without an episode). A biopsy date sets the
    result-conversation deadline."""
    _require(user, "referrals.change_firstvisitchecklist")
    unknown = set(data) - set(CHECKLIST_FIELDS)
    if unknown:
        raise ValueError(f"FirstVisitChecklist fields cannot be set here: {sorted(unknown)}")
    if referral is not None:
        patient = referral.patient
    elif patient is not None:
        referral = latest_referral(patient=patient)
    else:
        raise ValueError("checklist_update needs a patient or a referral")
    try:
        with transaction.atomic():
            checklist = FirstVisitChecklist.objects.select_for_update().filter(
                patient=patient, referral=referral).first()
            created = checklist is None
            if checklist is None:
                checklist = FirstVisitChecklist(patient=patient, referral=referral)
            changed = [f for f, v in data.items() if getattr(checklist, f) != v]
            for field, value in data.items():
                setattr(checklist, field, value)
            checklist.result_due_on = (
                due_date(checklist.biopsy_taken_on, biopsy_result_working_days())
                if checklist.biopsy_taken_on else None
            )
            checklist.updated_by = user
            checklist.full_clean()
            if not created and not changed:
                # Nothing to write, but the caller gets the record back: audit the read.
                audit_record(user=user, action=AuditAction.VIEW, patient=patient, obj=checklist,
                             detail="first-visit checklist (unchanged)", request=request)
                return checklist
            checklist.save()
            audit_record(user=user, action=AuditAction.CREATE if created else AuditAction.UPDATE, patient=patient,
                         obj=checklist, detail="first-visit checklist: " + ", ".join(sorted(changed)),
                         request=request)
            # The risk profile is a fact of the pathway advice (further checks at the dermatologist).
            pathway_items_sync_patient(patient=patient, user=user)
    except IntegrityError as exc:  # two first saves at once: the one-per-patient constraint decides
        raise ValidationError({NON_FIELD_ERRORS: [_(
            "The checklist was saved by someone else meanwhile. Reload the page and try again.")]}) from exc
    return checklist
