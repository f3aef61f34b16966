import datetime as dt
import hashlib
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from pypdf import PdfReader

from mdo import decision_services, services
from mdo.models import CaseStatus, DecisionStatus, LetterStatus, MdoDecision, MdoLetter, SessionStatus, Specialty
from mdo.patient_selectors import patient_decisions
from mdo.tasks import mdo_letter_render_task
from tests.mdo.factories import AMS, MdoAttendanceFactory, MdoCaseFactory, MdoSessionFactory, full_quorum

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

MEETING = dt.date(2030, 1, 4)
DURING = dt.datetime(2030, 1, 4, 14, 30, tzinfo=AMS)
ADVICE = {"intent": "curative", "next_steps": ["re_excision"], "text": "Re-excisie met 2 cm marge."}


@pytest.fixture
def case(sarcoma):
    return MdoCaseFactory(session=MdoSessionFactory(original_date=MEETING), question="R1: re-excisie?",
                          referrer_name="dr. J. de Wit")


def _without_pathologist(session) -> None:
    for name, specialty in [("Dr. C", Specialty.SURGICAL_ONCOLOGY), ("Dr. I", Specialty.MEDICAL_ONCOLOGY),
                            ("Dr. R", Specialty.RADIATION_ONCOLOGY), ("Dr. N", Specialty.NUCLEAR_MEDICINE)]:
        MdoAttendanceFactory(session=session, name=name, specialty=specialty)


def test_draft_then_finalise_with_quorum_locks_and_makes_the_letter(case, clinician,
                                                                     django_capture_on_commit_callbacks) -> None:
    decision_services.mdo_decision_save_draft(case=case, user=clinician, intent="curative", next_steps=[], text="")
    full_quorum(case.session)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        decision = decision_services.mdo_decision_finalise(case=case, user=clinician, now=DURING, **ADVICE)
    assert len(callbacks) == 1
    decision.refresh_from_db()
    assert (decision.status, decision.finalised_by, decision.quorum_met, decision.quorum_override_reason) == (
        DecisionStatus.FINAL, clinician, True, "")
    assert [a["specialty"] for a in decision.attendees] == [
        "surgical_oncology", "medical_oncology", "radiation_oncology", "radiology", "pathology"]
    case.refresh_from_db()
    case.session.refresh_from_db()
    assert (case.status, case.session.status) == (CaseStatus.DISCUSSED, SessionStatus.HELD)
    letter = MdoLetter.objects.get(decision=decision)
    assert (letter.version, letter.status) == (0, LetterStatus.DONE)
    content = letter.file.read()
    assert letter.sha256 == hashlib.sha256(content).hexdigest()
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    assert case.patient.family_name in text and "Re-excisie met 2 cm marge." in text and "dr. J. de Wit" in text
    assert "Curatief" in text  # letters are always Dutch


def test_letter_is_enqueued_only_after_commit(case, clinician, django_capture_on_commit_callbacks) -> None:
    full_quorum(case.session)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        decision = decision_services.mdo_decision_finalise(case=case, user=clinician, now=DURING, **ADVICE)
    assert len(callbacks) == 1
    assert MdoLetter.objects.get(decision=decision).status == LetterStatus.QUEUED


def test_letter_task_is_idempotent(case, clinician, django_capture_on_commit_callbacks) -> None:
    full_quorum(case.session)
    with django_capture_on_commit_callbacks(execute=True):
        decision = decision_services.mdo_decision_finalise(case=case, user=clinician, now=DURING, **ADVICE)
    letter = MdoLetter.objects.get(decision=decision)
    before = (letter.file.name, letter.sha256, letter.rendered_at)
    assert mdo_letter_render_task(letter.pk) == "done"
    letter.refresh_from_db()
    assert (letter.file.name, letter.sha256, letter.rendered_at) == before
    assert MdoLetter.objects.filter(decision=decision).count() == 1


def test_a_failed_render_is_kept_and_can_be_requeued(case, clinician, monkeypatch,
                                                      django_capture_on_commit_callbacks) -> None:
    from mdo import pdf

    full_quorum(case.session)
    monkeypatch.setattr(pdf, "decision_letter_pdf", lambda **kwargs: (_ for _ in ()).throw(OSError("disk full")))
    with django_capture_on_commit_callbacks(execute=True):
        decision = decision_services.mdo_decision_finalise(case=case, user=clinician, now=DURING, **ADVICE)
    letter = MdoLetter.objects.get(decision=decision)
    assert (letter.status, letter.error, letter.file.name) == (LetterStatus.FAILED, "OSError: disk full", "")
    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        decision_services.mdo_letter_requeue(letter=letter, user=clinician)
    letter.refresh_from_db()
    assert (letter.status, letter.error, len(letter.sha256)) == (LetterStatus.DONE, "", 64)


def test_quorum_missing_without_a_pathologist(case, clinician) -> None:
    _without_pathologist(case.session)
    with pytest.raises(ValidationError) as error:
        decision_services.mdo_decision_finalise(case=case, user=clinician, now=DURING, **ADVICE)
    assert error.value.message_dict == {"quorum_override_reason": [
        "No quorum: pathologist not present. Give a reason to finalise without quorum."]}
    assert not MdoDecision.objects.filter(status=DecisionStatus.FINAL).exists()
    assert not MdoLetter.objects.exists()
    # ... and met once one is.
    MdoAttendanceFactory(session=case.session, name="Dr. P", specialty=Specialty.PATHOLOGY)
    decision = decision_services.mdo_decision_finalise(case=case, user=clinician, now=DURING, **ADVICE)
    assert (decision.status, decision.quorum_met) == (DecisionStatus.FINAL, True)


def test_finalise_without_quorum_with_a_reason_keeps_it(case, clinician) -> None:
    _without_pathologist(case.session)
    decision = decision_services.mdo_decision_finalise(case=case, user=clinician, now=DURING,
                                              quorum_override_reason="Patholoog telefonisch geraadpleegd", **ADVICE)
    decision.refresh_from_db()
    assert (decision.quorum_met, decision.quorum_missing, decision.quorum_override_reason) == (
        False, [["pathology"]], "Patholoog telefonisch geraadpleegd")


def test_override_reason_is_dropped_when_quorum_is_met(case, clinician) -> None:
    full_quorum(case.session)
    decision = decision_services.mdo_decision_finalise(case=case, user=clinician, now=DURING,
                                              quorum_override_reason="niet nodig", **ADVICE)
    assert (decision.quorum_met, decision.quorum_override_reason) == (True, "")


def test_finalise_needs_the_whole_advice(case, clinician) -> None:
    full_quorum(case.session)
    with pytest.raises(ValidationError) as error:
        decision_services.mdo_decision_finalise(case=case, user=clinician, now=DURING, intent="", next_steps=["other"],
                                       next_step_other="", text="")
    assert set(error.value.message_dict) == {"next_step_other"}
    with pytest.raises(ValidationError) as error:
        decision_services.mdo_decision_finalise(case=case, user=clinician, now=DURING, intent="", next_steps=[],
                                                text="")
    assert set(error.value.message_dict) == {"intent", "next_steps", "text"}
    assert not MdoDecision.objects.filter(status=DecisionStatus.FINAL).exists()


def test_finalise_not_before_the_meeting(case, clinician) -> None:
    full_quorum(case.session)
    with pytest.raises(ValidationError) as error:
        decision_services.mdo_decision_finalise(case=case, user=clinician, now=DURING - dt.timedelta(days=1), **ADVICE)
    assert error.value.messages == ["A decision can be finalised from the day of the meeting (Jan. 4, 2030)."]


def test_secretary_may_not_finalise(case, secretary) -> None:
    full_quorum(case.session)
    with pytest.raises(PermissionDenied):
        decision_services.mdo_decision_finalise(case=case, user=secretary, now=DURING, **ADVICE)
    assert not MdoDecision.objects.exists()


def test_coordinator_records_the_draft_but_only_a_clinician_finalises_and_amends(case, coordinator, clinician) -> None:
    """Finding (issue 14): coordinators could finalise and amend MDO decisions. They prepare the draft."""
    full_quorum(case.session)
    draft = decision_services.mdo_decision_save_draft(case=case, user=coordinator, **ADVICE)
    assert (draft.status, draft.drafted_by) == (DecisionStatus.DRAFT, coordinator)
    with pytest.raises(PermissionDenied):
        decision_services.mdo_decision_finalise(case=case, user=coordinator, now=DURING, **ADVICE)
    assert MdoDecision.objects.get().status == DecisionStatus.DRAFT and not MdoLetter.objects.exists()
    decision = decision_services.mdo_decision_finalise(case=case, user=clinician, now=DURING, **ADVICE)
    with pytest.raises(PermissionDenied):
        decision_services.mdo_decision_amend(decision=decision, user=coordinator, reason="typfout",
                                    **{**ADVICE, "text": "Anders."})
    assert not decision.amendments.exists()
    decision_services.mdo_decision_amend(decision=decision, user=clinician, reason="typfout",
                                         **{**ADVICE, "text": "Anders."})
    assert decision.amendments.count() == 1


def test_a_final_decision_is_locked(case, clinician) -> None:
    full_quorum(case.session)
    decision_services.mdo_decision_finalise(case=case, user=clinician, now=DURING, **ADVICE)
    for attempt in (
        lambda: decision_services.mdo_decision_save_draft(case=case, user=clinician, **{**ADVICE, "text": "anders"}),
        lambda: decision_services.mdo_decision_finalise(case=case, user=clinician, now=DURING,
                                                        **{**ADVICE, "text": "x"}),
    ):
        with pytest.raises(ValidationError) as error:
            attempt()
        assert error.value.messages == ["This decision is final; correct it with an amendment."]
    decision = MdoDecision.objects.get(case=case)
    assert decision.text == "Re-excisie met 2 cm marge."
    with pytest.raises(ValidationError):
        services.mdo_case_withdraw(case=case, user=clinician, reason="x")


def test_amendment_keeps_the_original_and_makes_a_corrected_letter(case, clinician,
                                                                   django_capture_on_commit_callbacks) -> None:
    full_quorum(case.session)
    with django_capture_on_commit_callbacks(execute=True):
        decision = decision_services.mdo_decision_finalise(case=case, user=clinician, now=DURING, **ADVICE)
    with pytest.raises(ValidationError) as error:
        decision_services.mdo_decision_amend(decision=decision, user=clinician, reason="typo", **ADVICE)
    assert error.value.messages == ["The amendment changes nothing."]
    with pytest.raises(ValidationError):
        decision_services.mdo_decision_amend(decision=decision, user=clinician, reason=" ", **ADVICE)
    new = {"intent": "curative", "next_steps": ["radiotherapy"], "text": "Postoperatieve radiotherapie."}
    with django_capture_on_commit_callbacks(execute=True):
        amendment = decision_services.mdo_decision_amend(decision=decision, user=clinician,
                                                         reason="Verkeerd genoteerd", **new)
    assert amendment.number == 1
    decision.refresh_from_db()
    assert (decision.next_steps, decision.text) == (["re_excision"], "Re-excisie met 2 cm marge.")  # original kept
    letters = list(MdoLetter.objects.filter(decision=decision).order_by("version"))
    assert [(letter.version, letter.status) for letter in letters] == [(0, "done"), (1, "done")]
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(letters[1].file.read())).pages)
    assert "Postoperatieve radiotherapie." in text and "Verkeerd genoteerd" in text
    second = decision_services.mdo_decision_amend(decision=decision, user=clinician, reason="Intentie",
                                         **{**new, "intent": "palliative"})
    assert second.number == 2
    [current] = patient_decisions(patient=case.patient)
    assert (current.intent, current.next_steps, current.text, current.amended, current.amendment_reason) == (
        "palliative", ["radiotherapy"], "Postoperatieve radiotherapie.", True, "Intentie")
    assert (current.finalised_by, current.session_date, current.mdo_type_name) == (clinician, MEETING,
                                                                                   "MDO sarcomen")


def test_draft_cannot_be_amended(case, clinician) -> None:
    decision = decision_services.mdo_decision_save_draft(case=case, user=clinician, **ADVICE)
    with pytest.raises(ValidationError) as error:
        decision_services.mdo_decision_amend(decision=decision, user=clinician, reason="x", **ADVICE)
    assert error.value.messages == ["Only a final decision is amended; change the draft instead."]


def test_patient_decisions_newest_first_final_only(sarcoma, clinician) -> None:
    older = MdoCaseFactory(session=MdoSessionFactory(original_date=MEETING))
    patient = older.patient
    newer = MdoCaseFactory(session=MdoSessionFactory(original_date=MEETING + dt.timedelta(weeks=2)),
                           tumour=older.tumour, patient=patient)
    draft_only = MdoCaseFactory(session=MdoSessionFactory(original_date=MEETING + dt.timedelta(weeks=3)),
                                tumour=older.tumour, patient=patient)
    for c, when in ((older, DURING), (newer, DURING + dt.timedelta(weeks=2))):
        full_quorum(c.session)
        decision_services.mdo_decision_finalise(case=c, user=clinician, now=when, **ADVICE)
    decision_services.mdo_decision_save_draft(case=draft_only, user=clinician, **ADVICE)
    result = patient_decisions(patient=patient)
    assert [d.case_external_id for d in result] == [newer.external_id, older.external_id]
    assert (result[0].intent_label, result[0].next_step_label, result[0].tumour) == (
        "curative", "re-excision", older.tumour)


def test_stale_queued_letters_are_enqueued_again(case, clinician, django_capture_on_commit_callbacks) -> None:
    from mdo.tasks import mdo_letters_requeue_stale_task

    full_quorum(case.session)
    with django_capture_on_commit_callbacks(execute=False):  # the worker never got it
        decision = decision_services.mdo_decision_finalise(case=case, user=clinician, now=DURING, **ADVICE)
    letter = MdoLetter.objects.get(decision=decision)
    assert mdo_letters_requeue_stale_task() == 0  # too fresh
    MdoLetter.objects.filter(pk=letter.pk).update(created_at=letter.created_at - dt.timedelta(minutes=11))
    assert mdo_letters_requeue_stale_task() == 1  # tasks run inline in tests
    letter.refresh_from_db()
    assert letter.status == LetterStatus.DONE
    assert mdo_letters_requeue_stale_task() == 0
