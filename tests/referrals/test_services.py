import datetime as dt
import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.utils import translation

from referrals import services
from referrals.models import (
    Destination,
    FirstVisitChecklist,
    Phase,
    Referral,
    ReferralStatus,
    ReferralTransition,
    TertiaryRoute,
    TriageOverride,
)
from referrals.rules.states import TRANSITIONS, Status
from referrals.services import PatientIdentification
from tests.factories import PatientFactory
from tests.referrals.factories import ChecklistFactory, ReferralFactory
from zorgpad.accounts.roles import Role
from zorgpad.audit.models import AuditAction, AuditEvent
from zorgpad.patients.models import Patient

pytestmark = pytest.mark.django_db

D = dt.date
REFERRAL = {
    "referrer_kind": "gp", "referrer_name": "dr. A. Huisarts", "received_on": D(2026, 11, 18),
    "reason": "Pijnlijke nodus bovenbeen", "phase": Phase.SARCOMA, "external_biopsy": True,
}
NEW_PATIENT = PatientIdentification(hospital_number="7100001", bsn="111222333", family_name="Reiger",
                                    initials="A.", date_of_birth=D(1950, 2, 3), sex="F")


def _create(user, **overrides):
    data = {**REFERRAL, **overrides}
    if "patient" not in data:
        data.setdefault("identification", NEW_PATIENT)
    return services.referral_create(user=user, **data)


def _nothing_written(patients_before: int) -> None:
    assert Referral.objects.count() == 0
    assert ReferralTransition.objects.count() == 0
    assert Patient.objects.count() == patients_before
    assert not AuditEvent.objects.filter(action=AuditAction.CREATE).exists()


# --- registering a referral and its patient -------------------------------------------------------------------

def test_a_new_patient_from_a_referral_keeps_the_prefix_apart(clinician) -> None:
    identification = PatientIdentification(hospital_number="7100001", family_name_prefix="van der",
                                            family_name="Meer", initials="A.", date_of_birth=D(1950, 2, 3))
    _create(clinician, identification=identification)
    patient = Patient.objects.get()
    assert (patient.family_name_prefix, patient.family_name, patient.display_name) == ("van der", "Meer",
                                                                                       "Meer, A. van der")


def test_a_referral_with_the_prefix_inside_the_family_name_is_refused_and_nothing_written(clinician) -> None:
    identification = PatientIdentification(hospital_number="7100001", family_name="van der Meer",
                                            date_of_birth=D(1950, 2, 3))
    with pytest.raises(ValidationError) as refused:
        _create(clinician, identification=identification)
    assert list(refused.value.message_dict) == ["family_name"]
    _nothing_written(0)


def test_create_registers_a_new_patient_in_the_same_transaction(clinician) -> None:
    referral = _create(clinician)
    patient = Patient.objects.get()
    assert referral.patient == patient
    assert (patient.hospital_number, patient.bsn, patient.family_name) == ("7100001", "111222333", "Reiger")
    assert referral.status == ReferralStatus.RECEIVED
    assert referral.triage_due_on == D(2026, 11, 20)  # Wed 18 + 2 working days
    assert list(referral.transitions.values_list("from_status", "to_status", "by")) == [
        ("", "received", clinician.pk)]
    created = AuditEvent.objects.filter(action=AuditAction.CREATE).order_by("id")
    assert [e.object_type for e in created] == ["patients.patient", "referrals.referral"]
    assert {e.patient_external_id for e in created} == {patient.external_id}


def test_acceptance_received_wednesday_before_christmas_is_due_monday_28th(clinician, freeze_today) -> None:
    freeze_today(D(2027, 1, 5))
    referral = _create(clinician, received_on=D(2026, 12, 23))
    assert referral.triage_due_on == D(2026, 12, 28)


def test_triage_working_days_is_a_setting(clinician, settings) -> None:
    settings.REFERRALS_TRIAGE_WORKING_DAYS = 5
    assert _create(clinician, received_on=D(2026, 11, 18)).triage_due_on == D(2026, 11, 25)


@pytest.mark.parametrize(
    "identification",
    [
        pytest.param(PatientIdentification(hospital_number="7100009"), id="hospital number only"),
        pytest.param(PatientIdentification(bsn="123456782"), id="BSN only"),
        pytest.param(PatientIdentification(hospital_number="7100009", bsn="123456782", date_of_birth=D(1960, 5, 1)),
                     id="both numbers and the same date of birth"),
        pytest.param(PatientIdentification(hospital_number="7100009", family_name="Anders", initials="Q."),
                     id="other name spelling: matched on the number, the record is not changed"),
    ],
)
def test_existing_patient_is_matched_never_duplicated(clinician, identification) -> None:
    existing = PatientFactory(hospital_number="7100009", bsn="123456782", family_name="Zwaan")
    referral = _create(clinician, identification=identification)
    assert referral.patient == existing
    assert Patient.objects.count() == 1
    existing.refresh_from_db()
    assert existing.family_name == "Zwaan"


def test_matched_patient_without_bsn_gets_the_bsn_of_the_letter(clinician) -> None:
    existing = PatientFactory(hospital_number="7100009", bsn="")
    _create(clinician, identification=PatientIdentification(hospital_number="7100009", bsn="123456782"))
    existing.refresh_from_db()
    assert existing.bsn == "123456782"
    assert AuditEvent.objects.filter(action=AuditAction.UPDATE, object_type="patients.patient").count() == 1


def test_hospital_number_and_bsn_of_two_different_patients_are_refused(clinician) -> None:
    a = PatientFactory(hospital_number="7100001", bsn="111222333", family_name="Aalbers")
    b = PatientFactory(hospital_number="7100002", bsn="123456782", family_name="Bakker")
    with translation.override("en"), pytest.raises(ValidationError) as exc:
        _create(clinician, identification=PatientIdentification(hospital_number="7100001", bsn="123456782"))
    assert exc.value.message_dict == {"__all__": [
        "Hospital number 7100001 and BSN 123456782 belong to two different patients. "
        "Check both numbers; nothing was saved."]}
    assert not {a.family_name, b.family_name} & set(" ".join(exc.value.messages).split())
    _nothing_written(2)


@pytest.mark.parametrize(
    ("identification", "field"),
    [
        pytest.param(PatientIdentification(hospital_number="7100001", bsn="123456782"), "bsn",
                     id="number matches, stored BSN differs"),
        pytest.param(PatientIdentification(hospital_number="7100099", bsn="111222333"), "hospital_number",
                     id="BSN matches, hospital number differs"),
        pytest.param(PatientIdentification(hospital_number="7100001", date_of_birth=D(1961, 1, 1)), "date_of_birth",
                     id="number matches, date of birth differs"),
    ],
)
def test_contradicting_identification_is_refused_without_revealing_the_other_patient(
        clinician, identification, field) -> None:
    other = PatientFactory(hospital_number="7100001", bsn="111222333", date_of_birth=D(1960, 5, 1),
                           family_name="Verborgen", given_names="Geheim", initials="G.")
    with translation.override("en"), pytest.raises(ValidationError) as exc:
        _create(clinician, identification=identification)
    assert set(exc.value.message_dict) == {field}
    text = " ".join(exc.value.messages)
    # Finding (issue 14): the refusal named the stored patient and their date of birth.
    for revealed in ("Verborgen", "Geheim", "G.", "01-05-1960", "1960-05-01", str(other)):
        assert revealed not in text
    _nothing_written(1)


@pytest.mark.parametrize(
    ("identification", "fields"),
    [
        pytest.param(PatientIdentification(), {"hospital_number"}, id="no number at all"),
        pytest.param(PatientIdentification(bsn="111222333", family_name="X", date_of_birth=D(1950, 1, 1)),
                     {"hospital_number"}, id="unknown BSN without a hospital number"),
        pytest.param(PatientIdentification(hospital_number="7100001"), {"family_name", "date_of_birth"},
                     id="new patient without name and date of birth"),
        pytest.param(PatientIdentification(hospital_number="7100001", bsn="123456789", family_name="X",
                                           date_of_birth=D(1950, 1, 1)), {"bsn"}, id="new patient, invalid BSN"),
    ],
)
def test_new_patient_needs_valid_details(clinician, identification, fields) -> None:
    with pytest.raises(ValidationError) as exc:
        _create(clinician, identification=identification)
    assert set(exc.value.message_dict) == fields
    _nothing_written(0)


def test_invalid_referral_does_not_leave_a_new_patient_behind(clinician) -> None:
    with pytest.raises(ValidationError) as exc:
        _create(clinician, phase=Phase.TERTIARY, referrer_agb="1234", identification=PatientIdentification(
            hospital_number="7100001"))
    # Referral and patient errors are reported together.
    assert set(exc.value.message_dict) == {"tertiary_route", "referrer_agb", "family_name", "date_of_birth"}
    _nothing_written(0)


@pytest.mark.parametrize(
    ("agb", "valid"),
    [
        pytest.param("12345678", True, id="8 digits"),
        pytest.param("", True, id="optional"),
        pytest.param("1234567", False, id="7 digits"),
        pytest.param("123456789", False, id="9 digits"),
        pytest.param("1234567a", False, id="a letter"),
    ],
)
def test_agb_code_is_8_digits(clinician, agb, valid) -> None:
    if valid:
        assert _create(clinician, referrer_agb=agb).referrer_agb == agb
    else:
        with pytest.raises(ValidationError) as exc:
            _create(clinician, referrer_agb=agb)
        assert set(exc.value.message_dict) == {"referrer_agb"}
        _nothing_written(0)


@pytest.mark.parametrize(
    ("phase", "route", "field"),
    [
        pytest.param(Phase.TERTIARY, "", "tertiary_route", id="tertiary needs its route"),
        pytest.param(Phase.SARCOMA, TertiaryRoute.DIRECT_SURGERY, "tertiary_route", id="route only for tertiary"),
    ],
)
def test_route_and_phase_must_agree(clinician, phase, route, field) -> None:
    with pytest.raises(ValidationError) as exc:
        _create(clinician, phase=phase, tertiary_route=route)
    assert set(exc.value.message_dict) == {field}


def test_received_date_in_the_future_is_refused(clinician, freeze_today) -> None:
    freeze_today(D(2026, 11, 23))
    with pytest.raises(ValidationError) as exc:
        _create(clinician, received_on=D(2026, 11, 24))
    assert set(exc.value.message_dict) == {"received_on"}


def test_secretary_registers_coordinator_may_not(secretary, coordinator) -> None:
    assert _create(secretary).registered_by == secretary
    with pytest.raises(PermissionDenied):
        _create(coordinator, identification=PatientIdentification(hospital_number="7100002"))
    assert Referral.objects.count() == 1


def test_existing_patient_object_is_used_directly(clinician) -> None:
    patient = PatientFactory()
    assert _create(clinician, patient=patient).patient == patient
    assert Patient.objects.count() == 1


# --- the state machine through the service ----------------------------------------------------------------------

def _in_state(status: Status, **extra) -> Referral:
    defaults = {"destination": Destination.DERMATOLOGY_CLINIC} if status != Status.RECEIVED else {}
    if status in (Status.SEEN, Status.CLOSED):
        defaults["appointment_on"] = D(2026, 11, 10)
    return ReferralFactory(status=status, **{**defaults, **extra})


PAIRS = [(a, b) for a in Status for b in Status]


@pytest.mark.parametrize(("current", "target"), PAIRS, ids=[f"{a} -> {b}" for a, b in PAIRS])
def test_every_transition_through_the_service(admin_user, current, target) -> None:
    referral = _in_state(current)
    audit_before = AuditEvent.objects.count()
    kwargs = {"reason": "Buiten ons aandachtsgebied", "appointment_on": D(2026, 12, 1)}
    if target in TRANSITIONS[current]:
        result = services.referral_transition(referral=referral, to_status=target, user=admin_user, **kwargs)
        assert result.status == target
        referral.refresh_from_db()
        assert referral.status == target
        (row,) = referral.transitions.all()
        assert (row.from_status, row.to_status, row.by) == (current, target, admin_user)
        assert AuditEvent.objects.count() == audit_before + 1
    else:
        with translation.override("en"), pytest.raises(ValidationError) as exc:
            services.referral_transition(referral=referral, to_status=target, user=admin_user, **kwargs)
        assert "cannot move to" in exc.value.message_dict["to_status"][0]
        referral.refresh_from_db()
        assert referral.status == current
        assert referral.transitions.count() == 0
        assert AuditEvent.objects.count() == audit_before


def test_acceptance_closed_to_triaged_is_refused_with_a_clear_message(clinician) -> None:
    referral = _in_state(Status.CLOSED)
    updated = referral.updated_at
    with translation.override("en"), pytest.raises(ValidationError) as exc:
        services.referral_transition(referral=referral, to_status="triaged", user=clinician)
    assert exc.value.message_dict == {"to_status": [
        "A referral with status “closed” cannot move to “triaged”. From “closed” it can move to: "
        "nothing (final status)."]}
    referral.refresh_from_db()
    assert (referral.status, referral.updated_at, referral.transitions.count()) == ("closed", updated, 0)
    with pytest.raises(ValidationError) as exc:  # and in Dutch, the default language
        services.referral_transition(referral=referral, to_status="triaged", user=clinician)
    assert exc.value.message_dict["to_status"] == [
        "Een verwijzing met status “afgesloten” kan niet naar “getrieerd”. Vanuit “afgesloten” kan ze naar: "
        "niets (eindstatus)."]


def test_triage_takes_the_advised_destination(clinician) -> None:
    referral = ReferralFactory(phase=Phase.SARCOMA, external_biopsy=True)
    services.referral_transition(referral=referral, to_status="triaged", user=clinician)
    referral.refresh_from_db()
    assert (referral.status, referral.destination, referral.destination_overridden) == (
        "triaged", Destination.SURGICAL_ONCOLOGY_CLINIC, False)


@pytest.mark.parametrize("target", ["rejected", "redirected"])
def test_reject_and_redirect_need_a_reason_which_is_kept(clinician, target) -> None:
    referral = _in_state(Status.RECEIVED)
    with pytest.raises(ValidationError) as exc:
        services.referral_transition(referral=referral, to_status=target, user=clinician, reason="  ")
    assert set(exc.value.message_dict) == {"reason"}
    assert referral.transitions.count() == 0
    services.referral_transition(referral=referral, to_status=target, user=clinician, reason="Naar UMC Utrecht")
    assert referral.transitions.get().reason == "Naar UMC Utrecht"


def test_planning_needs_a_date_not_before_receipt(secretary) -> None:
    referral = _in_state(Status.TRIAGED, received_on=D(2026, 11, 2))
    with pytest.raises(ValidationError) as exc:
        services.referral_transition(referral=referral, to_status="appointment_planned", user=secretary)
    assert set(exc.value.message_dict) == {"appointment_on"}
    with pytest.raises(ValidationError) as exc:
        services.referral_transition(referral=referral, to_status="appointment_planned", user=secretary,
                                     appointment_on=D(2026, 11, 1))
    assert set(exc.value.message_dict) == {"appointment_on"}
    referral.refresh_from_db()
    assert (referral.status, referral.appointment_on) == ("triaged", None)
    services.referral_transition(referral=referral, to_status="appointment_planned", user=secretary,
                                 appointment_on=D(2026, 12, 3))
    referral.refresh_from_db()
    assert (referral.status, referral.appointment_on) == ("appointment_planned", D(2026, 12, 3))


@pytest.mark.parametrize(
    ("role", "current", "target", "allowed"),
    [
        pytest.param(Role.SECRETARY, Status.RECEIVED, Status.TRIAGED, False, id="secretary may not triage"),
        pytest.param(Role.SECRETARY, Status.RECEIVED, Status.REJECTED, False, id="secretary may not reject"),
        pytest.param(Role.SECRETARY, Status.TRIAGED, Status.APPOINTMENT_PLANNED, True, id="secretary plans"),
        pytest.param(Role.SECRETARY, Status.APPOINTMENT_PLANNED, Status.SEEN, True, id="secretary records seen"),
        pytest.param(Role.SECRETARY, Status.SEEN, Status.CLOSED, True, id="secretary closes"),
        pytest.param(Role.CLINICIAN, Status.RECEIVED, Status.TRIAGED, True, id="clinician triages"),
        pytest.param(Role.MDO_COORDINATOR, Status.RECEIVED, Status.TRIAGED, False, id="coordinator reads only"),
        pytest.param(Role.MDO_COORDINATOR, Status.SEEN, Status.CLOSED, False, id="coordinator may not close"),
    ],
)
def test_transition_permissions(make_user, role, current, target, allowed) -> None:
    user = make_user(role)
    referral = _in_state(current)
    call = lambda: services.referral_transition(  # noqa: E731
        referral=referral, to_status=target, user=user, reason="reden", appointment_on=D(2026, 12, 1))
    if allowed:
        call()
        referral.refresh_from_db()
        assert referral.status == target
    else:
        with pytest.raises(PermissionDenied):
            call()
        referral.refresh_from_db()
        assert referral.status == current
        assert referral.transitions.count() == 0


def test_a_stale_page_is_refused(clinician) -> None:
    referral = _in_state(Status.TRIAGED)
    with translation.override("en"), pytest.raises(ValidationError) as exc:
        services.referral_transition(referral=referral, to_status="rejected", reason="x", user=clinician,
                                     expected_status="received")
    assert exc.value.messages == [
        "This referral was changed meanwhile: its status is now “triaged”. Reload the page and try again."]
    referral.refresh_from_db()
    assert referral.status == "triaged"


def test_unknown_status_is_a_validation_error(clinician) -> None:
    referral = _in_state(Status.RECEIVED)
    with pytest.raises(ValidationError) as exc:
        services.referral_transition(referral=referral, to_status="lost", user=clinician)
    assert set(exc.value.message_dict) == {"to_status"}


@pytest.mark.django_db(transaction=True)
def test_concurrent_transitions_do_not_both_succeed(make_user) -> None:
    users = [make_user(Role.CLINICIAN), make_user(Role.CLINICIAN)]
    referral = _in_state(Status.RECEIVED)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def triage(user) -> None:
        try:
            barrier.wait()
            services.referral_transition(referral=Referral.objects.get(pk=referral.pk), to_status="triaged",
                                         user=user)
            outcomes.append("ok")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=triage, args=(user,)) for user in users]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["ok", "refused"]
    assert list(ReferralTransition.objects.filter(referral=referral).values_list("to_status", flat=True)) == [
        "triaged"]
    referral.refresh_from_db()
    assert referral.status == "triaged"


# --- overriding the advice ----------------------------------------------------------------------------------------

def test_override_before_triage_is_used_by_the_triage_and_kept(clinician) -> None:
    referral = ReferralFactory(phase=Phase.SUSPICIOUS_LESION)
    services.referral_triage_override(referral=referral, destination=Destination.SURGICAL_ONCOLOGY_CLINIC,
                                      reason="Klinisch sterk verdacht voor sarcoom", user=clinician)
    services.referral_transition(referral=referral, to_status="triaged", user=clinician)
    referral.refresh_from_db()
    assert (referral.destination, referral.destination_overridden) == (Destination.SURGICAL_ONCOLOGY_CLINIC, True)
    override = TriageOverride.objects.get()
    assert (override.advised_destination, override.destination, override.reason, override.by) == (
        Destination.DERMATOLOGY_CLINIC, Destination.SURGICAL_ONCOLOGY_CLINIC,
        "Klinisch sterk verdacht voor sarcoom", clinician)


def test_override_after_triage_changes_the_destination_and_can_be_undone(clinician) -> None:
    referral = _in_state(Status.TRIAGED, phase=Phase.SUSPICIOUS_LESION)
    services.referral_triage_override(referral=referral, destination=Destination.MEDICAL_ONCOLOGY_CLINIC,
                                      reason="Gemetastaseerd", user=clinician)
    referral.refresh_from_db()
    assert (referral.destination, referral.destination_overridden) == (Destination.MEDICAL_ONCOLOGY_CLINIC, True)
    services.referral_triage_override(referral=referral, destination=Destination.DERMATOLOGY_CLINIC,
                                      reason="Toch volgens zorgpad", user=clinician)
    referral.refresh_from_db()
    assert (referral.destination, referral.destination_overridden) == (Destination.DERMATOLOGY_CLINIC, False)
    assert TriageOverride.objects.count() == 2


@pytest.mark.parametrize(
    ("status", "destination", "reason", "field"),
    [
        pytest.param(Status.RECEIVED, Destination.SURGICAL_ONCOLOGY_CLINIC, " ", "reason", id="reason required"),
        pytest.param(Status.RECEIVED, "nowhere", "x", "destination", id="unknown destination"),
        pytest.param(Status.RECEIVED, Destination.DERMATOLOGY_CLINIC, "x", "destination",
                     id="the advised destination is no override"),
        pytest.param(Status.APPOINTMENT_PLANNED, Destination.SURGICAL_ONCOLOGY_CLINIC, "x", "__all__",
                     id="not after an appointment is planned"),
        pytest.param(Status.CLOSED, Destination.SURGICAL_ONCOLOGY_CLINIC, "x", "__all__", id="not when closed"),
    ],
)
def test_override_refusals(clinician, status, destination, reason, field) -> None:
    referral = _in_state(status, phase=Phase.SUSPICIOUS_LESION)
    before = (referral.destination, referral.destination_overridden)
    with pytest.raises(ValidationError) as exc:
        services.referral_triage_override(referral=referral, destination=destination, reason=reason,
                                          user=clinician)
    assert set(exc.value.update_error_dict({})) == {field}
    referral.refresh_from_db()
    assert (referral.destination, referral.destination_overridden) == before
    assert TriageOverride.objects.count() == 0


def test_only_clinicians_override(secretary) -> None:
    referral = _in_state(Status.RECEIVED)
    with pytest.raises(PermissionDenied):
        services.referral_triage_override(referral=referral, destination=Destination.SURGICAL_ONCOLOGY_CLINIC,
                                          reason="x", user=secretary)
    assert TriageOverride.objects.count() == 0


# --- first-visit checklist ----------------------------------------------------------------------------------------

def test_checklist_biopsy_starts_the_result_conversation_deadline(clinician, freeze_today) -> None:
    freeze_today(D(2027, 1, 10))
    patient = PatientFactory()
    checklist = services.checklist_update(patient=patient, user=clinician, risk_profile_taken=True,
                                          biopsy_needed=True, biopsy_taken_on=D(2026, 12, 18))
    assert checklist.result_due_on == D(2027, 1, 5)  # 10 working days, Christmas and New Year's Day skipped
    assert AuditEvent.objects.filter(action=AuditAction.CREATE, object_type="referrals.firstvisitchecklist").exists()
    checklist = services.checklist_update(patient=patient, user=clinician, biopsy_taken_on=None)
    assert checklist.result_due_on is None
    assert FirstVisitChecklist.objects.get().risk_profile_taken is True


def test_checklist_biopsy_result_days_is_a_setting(clinician, settings) -> None:
    settings.REFERRALS_BIOPSY_RESULT_WORKING_DAYS = 5
    checklist = services.checklist_update(patient=PatientFactory(), user=clinician, biopsy_needed=True,
                                          biopsy_taken_on=D(2026, 11, 2))
    assert checklist.result_due_on == D(2026, 11, 9)


@pytest.mark.parametrize(
    ("data", "field"),
    [
        pytest.param({"biopsy_needed": False, "biopsy_taken_on": D(2026, 11, 2)}, "biopsy_taken_on",
                     id="biopsy date while marked not needed"),
        pytest.param({"result_discussed_on": D(2026, 11, 2)}, "result_discussed_on", id="discussed without biopsy"),
        pytest.param({"biopsy_taken_on": D(2026, 11, 5), "result_discussed_on": D(2026, 11, 2)},
                     "result_discussed_on", id="discussed before the biopsy"),
        pytest.param({"biopsy_taken_on": D(2099, 1, 1)}, "biopsy_taken_on", id="biopsy in the future"),
    ],
)
def test_checklist_refusals(clinician, data, field) -> None:
    with pytest.raises(ValidationError) as exc:
        services.checklist_update(patient=PatientFactory(), user=clinician, **data)
    assert set(exc.value.message_dict) == {field}
    assert FirstVisitChecklist.objects.count() == 0


def test_checklist_is_for_clinicians(secretary) -> None:
    with pytest.raises(PermissionDenied):
        services.checklist_update(patient=PatientFactory(), user=secretary, risk_profile_taken=True)
    assert FirstVisitChecklist.objects.count() == 0


def test_checklist_unchanged_save_writes_nothing_but_audits_the_read(clinician) -> None:
    checklist = ChecklistFactory(risk_profile_taken=True)
    updated_at = checklist.updated_at
    before = AuditEvent.objects.count()
    services.checklist_update(patient=checklist.patient, user=clinician, risk_profile_taken=True)
    checklist.refresh_from_db()
    assert checklist.updated_at == updated_at
    assert list(AuditEvent.objects.order_by("id").values_list("action", flat=True)[before:]) == ["view"]
