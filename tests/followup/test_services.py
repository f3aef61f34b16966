import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from followup import reminder_services, services
from followup.models import (
    AdjustmentAction,
    AlertStatus,
    FollowUpPlan,
    Letter,
    LetterKind,
    LetterStatus,
    OverdueAlert,
    PlanAdjustment,
    PlanStatus,
    PlanTemplate,
    StopReason,
    Visit,
    VisitStatus,
)
from tests.factories import MelanomaFactory, TumourFactory
from tests.followup.factories import SURGERY, cutaneous_tumour, lms_tumour
from tests.staging.factories import StageAssessmentFactory
from zorgpad.audit.models import AuditEvent
from zorgpad.patients import services as patient_services
from zorgpad.patients.models import Diagnosis, Margin, TumourStatus

pytestmark = pytest.mark.django_db


def test_acceptance_subcutaneous_lms_operated_2026_01_15(clinician) -> None:
    tumour = lms_tumour()
    plan = services.followup_plan_build(tumour=tumour, user=clinician)
    assert plan.status == PlanStatus.ACTIVE
    assert plan.template == PlanTemplate.objects.get(key="lms-subcutaneous", version=1)
    assert plan.anchor_date == SURGERY
    assert plan.ends_on == dt.date(2031, 1, 15)
    assert plan.responsible_clinician == clinician
    visits = list(plan.visits.order_by("sequence"))
    assert (visits[0].kind, visits[0].items, visits[0].due_date) == ("baseline", ["mri"], dt.date(2026, 4, 15))
    routine = visits[1:]
    assert len(routine) == 10
    assert routine[0].due_date == dt.date(2026, 7, 15)
    assert routine[-1].due_date == dt.date(2031, 1, 15)
    assert all(v.items == ["clinical_examination", "chest_xray"] for v in routine)
    assert all((v.window_end - v.due_date).days == 28 == (v.due_date - v.window_start).days for v in routine)
    # The GP gets a plan summary, once; the build is audited.
    assert list(Letter.objects.filter(plan=plan).values_list("kind", flat=True)) == [LetterKind.GP_PLAN_SUMMARY]
    assert AuditEvent.objects.filter(patient_external_id=tumour.patient.external_id, action="create",
                                     object_type="followup.followupplan").count() == 1


def test_acceptance_dermis_only_r0_gets_no_routine_follow_up_with_reason(clinician) -> None:
    plan = services.followup_plan_build(tumour=cutaneous_tumour(), user=clinician)
    assert plan.status == PlanStatus.NO_ROUTINE
    assert "no routine follow-up is indicated" in plan.reason
    assert plan.visits.count() == 0
    assert plan.template is None


@pytest.mark.parametrize(
    ("make", "fragment"),
    [
        pytest.param(lambda: lms_tumour(date_of_surgery=None), "Missing: date of surgery", id="no surgery date"),
        pytest.param(lambda: cutaneous_tumour(margin=""), "Missing: resection margin", id="no margin"),
        pytest.param(lambda: cutaneous_tumour(depth=""), "Missing: depth", id="no depth"),
        pytest.param(lambda: MelanomaFactory(date_of_surgery=SURGERY), "stage group is not recorded",
                     id="melanoma without a recorded stage"),
        pytest.param(lambda: TumourFactory(diagnosis=Diagnosis.OTHER, diagnosis_other="Merkelcelcarcinoom",
                                           date_of_surgery=SURGERY), "outside the care pathways", id="other"),
        pytest.param(lambda: cutaneous_tumour(margin=Margin.R1), "not completely removed", id="cutaneous R1"),
        pytest.param(lambda: lms_tumour(status=TumourStatus.RECURRENCE), "recurrence", id="recurrence recorded"),
    ],
)
def test_refusals_name_the_reason_and_write_nothing(clinician, make, fragment: str) -> None:
    tumour = make()
    with pytest.raises(ValidationError) as info:
        services.followup_plan_build(tumour=tumour, user=clinician)
    assert fragment in " ".join(info.value.messages)
    assert FollowUpPlan.objects.count() == 0
    assert Visit.objects.count() == 0
    assert Letter.objects.count() == 0


def test_melanoma_with_an_explicitly_chosen_template(clinician) -> None:
    # Stage IIB: the sources give no schedule ("centre to decide"); a clinician may choose a template explicitly.
    template = PlanTemplate.objects.get(key="lms-subcutaneous", is_current=True)
    tumour = MelanomaFactory(date_of_surgery=SURGERY, n_category="N0")
    StageAssessmentFactory(tumour=tumour, system="ajcc8-melanoma", classification="pathological", t="T3b", n="N0",
                           m="M0", stage="IIB")
    plan = services.followup_plan_build(tumour=tumour, user=clinician, template=template)
    assert plan.explicit_template is True
    assert plan.visits.count() == 11


def test_only_clinicians_build_plans_and_only_once(clinician, secretary) -> None:
    tumour = lms_tumour()
    with pytest.raises(PermissionDenied):
        services.followup_plan_build(tumour=tumour, user=secretary)
    assert FollowUpPlan.objects.count() == 0
    services.followup_plan_build(tumour=tumour, user=clinician)
    with pytest.raises(ValidationError, match="already has a follow-up plan"):
        services.followup_plan_build(tumour=tumour, user=clinician)
    assert FollowUpPlan.objects.count() == 1


def test_template_revision_creates_a_new_version_and_old_plans_keep_theirs(clinician, admin_user) -> None:
    plan = services.followup_plan_build(tumour=lms_tumour(), user=clinician)
    v1 = plan.template
    v2 = services.plan_template_revise(template=v1, user=admin_user, interval_months=12)
    assert (v2.version, v2.is_current, v2.interval_months) == (2, True, 12)
    v1.refresh_from_db()
    assert v1.is_current is False and v1.interval_months == 6
    plan.refresh_from_db()
    assert plan.template_id == v1.pk
    second = services.followup_plan_build(tumour=lms_tumour(), user=clinician)
    assert second.template_id == v2.pk
    assert second.visits.count() == 1 + 5


def test_template_revision_is_validated(admin_user) -> None:
    template = PlanTemplate.objects.get(key="lms-subcutaneous", is_current=True)
    with pytest.raises(ValidationError):
        services.plan_template_revise(template=template, user=admin_user, visit_items=["blood_letting"])
    assert PlanTemplate.objects.filter(key="lms-subcutaneous").count() == 1


def test_adjustments_keep_their_reason(clinician) -> None:
    plan = services.followup_plan_build(tumour=lms_tumour(), user=clinician)
    visit = plan.visits.get(sequence=2)
    with pytest.raises(ValidationError):
        services.plan_visit_move(visit=visit, due_date=dt.date(2026, 8, 1), reason=" ", user=clinician)
    moved = services.plan_visit_move(visit=visit, due_date=dt.date(2026, 8, 1), reason="Vakantie patiënt",
                                     user=clinician)
    assert (moved.due_date, moved.window_start, moved.window_end) == (
        dt.date(2026, 8, 1), dt.date(2026, 7, 4), dt.date(2026, 8, 29))
    added = services.plan_visit_add(plan=plan, due_date=dt.date(2026, 10, 1), items=["mri"], reason="Twijfel MRI",
                                    user=clinician)
    assert (added.kind, added.sequence) == ("extra", 12)
    services.plan_visit_cancel(visit=plan.visits.get(sequence=3), reason="Op verzoek patiënt", user=clinician)
    actions = list(PlanAdjustment.objects.filter(plan=plan).values_list("action", "reason"))
    assert actions == [(AdjustmentAction.MOVE, "Vakantie patiënt"), (AdjustmentAction.ADD, "Twijfel MRI"),
                       (AdjustmentAction.CANCEL, "Op verzoek patiënt")]
    assert plan.visits.get(sequence=3).status == VisitStatus.CANCELLED
    assert plan.visits.count() == 12  # cancelled, never deleted


def test_moving_a_visit_cancels_its_queued_invitation(clinician) -> None:
    plan = services.followup_plan_build(tumour=lms_tumour(), user=clinician)
    visit = plan.visits.get(sequence=2)
    reminder_services.reminder_scan(today=dt.date(2026, 6, 10))
    letter = Letter.objects.get(visit=visit)
    services.plan_visit_move(visit=visit, due_date=dt.date(2026, 7, 29), reason="OK-planning", user=clinician)
    letter.refresh_from_db()
    assert letter.status == LetterStatus.CANCELLED
    reminder_services.reminder_scan(today=dt.date(2026, 6, 20))
    assert list(Letter.objects.filter(visit=visit, status="queued").values_list("due_date", flat=True)) == [
        dt.date(2026, 7, 29)]


@pytest.mark.parametrize(
    ("start", "to", "role_fixture", "allowed"),
    [
        pytest.param("planned", "invited", "secretary", True, id="secretary invites"),
        pytest.param("planned", "booked", "secretary", True, id="secretary books"),
        pytest.param("planned", "done", "secretary", False, id="secretary cannot record an outcome"),
        pytest.param("booked", "done", "clinician", True, id="clinician records done"),
        pytest.param("booked", "missed", "clinician", True, id="clinician records missed"),
        pytest.param("missed", "booked", "clinician", True, id="missed can be booked late"),
        pytest.param("done", "booked", "clinician", False, id="done is final"),
        pytest.param("cancelled", "done", "clinician", False, id="cancelled is final"),
        pytest.param("booked", "invited", "clinician", False, id="no going back to invited"),
    ],
)
def test_visit_transitions(request, clinician, start: str, to: str, role_fixture: str, allowed: bool) -> None:
    plan = services.followup_plan_build(tumour=lms_tumour(), user=clinician)
    visit = plan.visits.get(sequence=2)
    Visit.objects.filter(pk=visit.pk).update(status=start)
    user = request.getfixturevalue(role_fixture)
    if allowed:
        services.visit_transition(visit=visit, to=to, user=user, note="ok")
        assert Visit.objects.get(pk=visit.pk).status == to
    else:
        with pytest.raises((ValidationError, PermissionDenied)):
            services.visit_transition(visit=visit, to=to, user=user, note="x")
        assert Visit.objects.get(pk=visit.pk).status == start


def test_done_resolves_the_overdue_alert(clinician) -> None:
    plan = services.followup_plan_build(tumour=lms_tumour(), user=clinician)
    reminder_services.reminder_scan(today=dt.date(2026, 5, 1))  # baseline MRI window closed 2026-04-15
    alert = OverdueAlert.objects.get()
    assert (alert.visit.sequence, alert.clinician) == (1, clinician)
    services.visit_transition(visit=alert.visit, to="done", user=clinician, note="MRI gedaan",
                              done_on=dt.date(2026, 4, 30))
    alert.refresh_from_db()
    assert alert.status == AlertStatus.RESOLVED
    assert plan.visits.get(sequence=1).outcome_note == "MRI gedaan"


def _open_visits(plan: FollowUpPlan) -> int:
    return plan.visits.filter(status__in=["planned", "invited", "booked"]).count()


def test_death_recorded_through_the_core_service_stops_the_plan(clinician) -> None:
    tumour = lms_tumour()
    plan = services.followup_plan_build(tumour=tumour, user=clinician)
    reminder_services.reminder_scan(today=dt.date(2026, 3, 20))  # baseline invitation queued
    patient_services.patient_update(patient=tumour.patient, user=clinician, date_of_death=dt.date(2026, 5, 2))
    plan.refresh_from_db()
    assert (plan.status, plan.stop_reason) == (PlanStatus.STOPPED, StopReason.DECEASED)
    assert _open_visits(plan) == 0
    assert plan.visits.filter(status="cancelled", cancel_reason="Plan stopped: the patient died.").count() == 11
    assert Visit.objects.filter(plan=plan).count() == 11
    assert not Letter.objects.filter(plan=plan, status="queued").exists()


@pytest.mark.parametrize("status", [TumourStatus.RECURRENCE, TumourStatus.METASTATIC])
def test_recurrence_through_the_core_service_stops_the_plan(clinician, status: str) -> None:
    tumour = lms_tumour()
    plan = services.followup_plan_build(tumour=tumour, user=clinician)
    patient_services.tumour_update(tumour=tumour, user=clinician, status=status)
    plan.refresh_from_db()
    assert (plan.status, plan.stop_reason) == (PlanStatus.STOPPED, StopReason.RECURRENCE)
    assert _open_visits(plan) == 0
    assert PlanAdjustment.objects.filter(plan=plan, action="stop").count() == 1


def test_the_scan_sweeps_changes_made_any_other_way(clinician) -> None:
    dead = services.followup_plan_build(tumour=lms_tumour(), user=clinician)
    recurred = services.followup_plan_build(tumour=lms_tumour(), user=clinician)
    alive = services.followup_plan_build(tumour=lms_tumour(), user=clinician)
    # Bypass the services (admin, bulk import, SQL): no hook runs.
    type(dead.patient).objects.filter(pk=dead.patient_id).update(date_of_death=dt.date(2026, 3, 1))
    type(recurred.tumour).objects.filter(pk=recurred.tumour_id).update(status=TumourStatus.RECURRENCE)
    result = reminder_services.reminder_scan(today=dt.date(2026, 3, 10))
    assert (result.stopped_deceased, result.stopped_recurrence) == (1, 1)
    for plan, reason in ((dead, StopReason.DECEASED), (recurred, StopReason.RECURRENCE)):
        plan.refresh_from_db()
        assert (plan.status, plan.stop_reason, _open_visits(plan)) == (PlanStatus.STOPPED, reason, 0)
    alive.refresh_from_db()
    assert alive.status == PlanStatus.ACTIVE and _open_visits(alive) == 11
    # Stopped plans get no reminders.
    assert set(Letter.objects.filter(kind="invitation").values_list("plan_id", flat=True)) == {alive.pk}
    again = reminder_services.reminder_scan(today=dt.date(2026, 3, 10))
    assert (again.stopped_deceased, again.stopped_recurrence) == (0, 0)


def test_plan_template_follows_the_pathway_definition_and_keeps_the_centre_settings(clinician) -> None:
    from followup.models import PlanTemplate
    from zorgpad.pathways.registry import definitions

    schedules = tuple(d.followup for d in definitions())
    assert services.plan_template_sync(schedules=schedules) == []  # the shipped template agrees
    current = services.template_current()
    # A number the pathway owns drifted (hand-edited), the centre set its own tolerance, and someone typed a
    # number for the MRI window, which the pathway leaves to a recorded centre decision.
    PlanTemplate.objects.filter(pk=current.pk).update(interval_months=3, tolerance_days=14,
                                                      baseline_items=[{"item": "mri", "within_months": 2}])
    (revised,) = services.plan_template_sync(schedules=schedules)
    assert (revised.version, revised.interval_months, revised.tolerance_days) == (current.version + 1, 6, 14)
    assert revised.baseline_items == [{"item": "mri", "centre_decision": "lms.followup.baseline-mri-window-months"}]
    assert services.plan_template_sync(schedules=schedules) == []
