"""Issue 14: free text has bounds, PDFs wrap long unbroken text, a render past its time budget is stopped
with a clear message (never a killed worker), and only a clinician presents a case."""

import datetime as dt

import pytest
from celery.exceptions import SoftTimeLimitExceeded
from django.core.exceptions import ValidationError

from mdo import decision_services, services
from mdo.forms import CaseRegisterForm
from mdo.models import LetterStatus, MdoCase, MdoDecision, MdoLetter
from tests.factories import TumourFactory
from tests.mdo.factories import AMS, MdoCaseFactory, MdoSessionFactory, full_quorum
from zorgpad.accounts.roles import Role
from zorgpad.text_bounds import LONG_TEXT_MAX_LENGTH, QUESTION_MAX_LENGTH

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

FRI = dt.date(2030, 1, 4)
NOW = dt.datetime(2029, 12, 31, 9, 0, tzinfo=AMS)
DURING = dt.datetime(2030, 1, 4, 14, 30, tzinfo=AMS)


@pytest.fixture
def session(sarcoma):
    return MdoSessionFactory(original_date=FRI)


@pytest.fixture
def frozen_now(monkeypatch):
    from django.utils import timezone

    monkeypatch.setattr(timezone, "now", lambda: NOW)


def _body(**extra):
    return {"tumour": str(TumourFactory().external_id), "question": "Beleid?", "presenting_clinician": "clinician",
            **extra}


# --- bounds -------------------------------------------------------------------------------------------------


@pytest.mark.usefixtures("frozen_now")
def test_api_refuses_a_case_question_longer_than_2000_characters(session, clinician_api, clinician) -> None:
    url = f"/api/v1/mdo/sessions/{session.external_id}/cases/"
    response = clinician_api.post(url, _body(question="x" * (QUESTION_MAX_LENGTH + 1)), format="json")
    assert response.status_code == 400
    assert list(response.json()) == ["question"]
    assert not MdoCase.objects.exists()
    response = clinician_api.post(url, _body(question="x" * QUESTION_MAX_LENGTH), format="json")
    assert response.status_code == 201, response.json()
    assert len(MdoCase.objects.get().question) == QUESTION_MAX_LENGTH


def test_form_refuses_a_case_question_longer_than_2000_characters(session, clinician) -> None:
    form = CaseRegisterForm(data={"session": session.pk, "question": "x" * (QUESTION_MAX_LENGTH + 1),
                                  "presenting_clinician": clinician.pk, "imaging": "pending"},
                            sessions=type(session).objects.all(), can_override=False)
    assert not form.is_valid()
    assert list(form.errors) == ["question"]


def test_service_refuses_a_case_question_longer_than_2000_characters(session, clinician) -> None:
    with pytest.raises(ValidationError) as error:
        services.mdo_case_register(session=session, tumour=TumourFactory(), question="x" * (QUESTION_MAX_LENGTH + 1),
                                   presenting_clinician=clinician, user=clinician, now=NOW)
    assert list(error.value.message_dict) == ["question"]
    assert not MdoCase.objects.exists()


def test_service_refuses_a_decision_text_longer_than_5000_characters(sarcoma, clinician) -> None:
    case = MdoCaseFactory(session=MdoSessionFactory(original_date=FRI))
    with pytest.raises(ValidationError) as error:
        decision_services.mdo_decision_save_draft(case=case, user=clinician, intent="curative", next_steps=[],
                                         text="x" * (LONG_TEXT_MAX_LENGTH + 1))
    assert "text" in error.value.message_dict
    assert not MdoDecision.objects.filter(case=case).exists()


# --- presenting clinician -------------------------------------------------------------------------------------


@pytest.mark.usefixtures("frozen_now")
@pytest.mark.parametrize("role", [Role.SECRETARY, Role.MDO_COORDINATOR, Role.ADMIN])
def test_api_refuses_a_non_clinician_as_presenting_clinician(session, clinician_api, make_user, role) -> None:
    other = make_user(role, username=f"not-a-clinician-{role.value}")
    response = clinician_api.post(f"/api/v1/mdo/sessions/{session.external_id}/cases/",
                                  _body(presenting_clinician=other.username), format="json")
    assert response.status_code == 400
    assert list(response.json()) == ["presenting_clinician"]
    assert not MdoCase.objects.exists()


def test_changing_the_presenting_clinician_to_a_secretary_is_refused(session, clinician, secretary) -> None:
    case = MdoCaseFactory(session=session, presenting_clinician=clinician)
    with pytest.raises(ValidationError) as error:
        services.mdo_case_update(case=case, user=clinician, presenting_clinician=secretary, now=NOW)
    assert list(error.value.message_dict) == ["presenting_clinician"]
    case.refresh_from_db()
    assert case.presenting_clinician == clinician


# --- PDFs: wrapping and time limits ---------------------------------------------------------------------------


def _overflowing_boxes(html: str) -> list[str]:
    """Text boxes that reach past the right edge of the page's content area."""
    from weasyprint import HTML

    document = HTML(string=html).render()
    found = []
    for page in document.pages:
        page_box = page._page_box
        right = page_box.content_box_x() + page_box.width  # the content area's right edge (px)

        def walk(box, right=right):
            if getattr(box, "text", None) and box.position_x + box.width > right + 1:
                found.append(box.text[:30])
            for child in getattr(box, "children", []) or []:
                walk(child)

        walk(page_box)
    return found


def test_decision_letter_wraps_a_long_unbroken_advice_text(sarcoma, clinician) -> None:
    from django.template.loader import render_to_string

    from mdo import pdf

    case = MdoCaseFactory(session=MdoSessionFactory(original_date=FRI), question="Q" * QUESTION_MAX_LENGTH)
    full_quorum(case.session)
    decision = decision_services.mdo_decision_finalise(case=case, user=clinician, now=DURING, intent="curative",
                                              next_steps=["re_excision"], text="A" * LONG_TEXT_MAX_LENGTH)
    letter = MdoLetter.objects.get(decision=decision)
    html = render_to_string("mdo/pdf/decision_letter.html", pdf.decision_letter_context(letter=letter))
    assert "A" * LONG_TEXT_MAX_LENGTH in html.replace("\u200b", "")  # all of it, with break opportunities
    assert _overflowing_boxes(html) == []


def test_agenda_pdf_wraps_a_long_unbroken_question(session, coordinator) -> None:
    from django.template.loader import render_to_string
    from django.utils import timezone

    from mdo import agenda_selectors

    MdoCaseFactory(session=session, question="Q" * QUESTION_MAX_LENGTH)
    agenda = agenda_selectors.mdo_agenda_get(external_id=session.external_id, user=coordinator, printed=True)
    html = render_to_string("mdo/pdf/agenda.html", {"agenda": agenda, "session": session,
                                                      "printed_at": timezone.localtime(), "centre": "test",
                                                      "long_question": 280})
    assert _overflowing_boxes(html) == []


def test_agenda_pdf_renders_within_its_time_budget(session, coordinator_client) -> None:
    MdoCaseFactory(session=session)
    response = coordinator_client.get(f"/mdo/sessions/{session.external_id}/agenda.pdf")
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF-")


def test_agenda_pdf_past_its_time_limit_answers_503_with_a_clear_page(session, coordinator_client,
                                                                      settings) -> None:
    settings.PDF_REQUEST_TIME_LIMIT = 0.001  # no render finishes in a millisecond
    MdoCaseFactory(session=session)
    response = coordinator_client.get(f"/mdo/sessions/{session.external_id}/agenda.pdf")
    assert response.status_code == 503
    assert response["Content-Type"].startswith("text/html")
    assert response["Retry-After"] == "60"
    text = response.content.decode()
    assert "De agenda-PDF kon niet op tijd worden gemaakt" in text
    assert "duurde langer dan 0.001 seconden en is gestopt" in text


def test_a_letter_render_stopped_by_the_soft_time_limit_is_failed_with_a_clear_reason(
        sarcoma, clinician, monkeypatch, django_capture_on_commit_callbacks, settings) -> None:
    from mdo import pdf

    settings.PDF_TASK_SOFT_TIME_LIMIT = 300

    def too_slow(**kwargs):
        raise SoftTimeLimitExceeded()

    case = MdoCaseFactory(session=MdoSessionFactory(original_date=FRI))
    full_quorum(case.session)
    monkeypatch.setattr(pdf, "decision_letter_pdf", too_slow)
    with django_capture_on_commit_callbacks(execute=True):
        decision = decision_services.mdo_decision_finalise(case=case, user=clinician, now=DURING, intent="curative",
                                                  next_steps=["re_excision"], text="Re-excisie.")
    letter = MdoLetter.objects.get(decision=decision)
    assert (letter.status, letter.file.name) == (LetterStatus.FAILED, "")
    assert letter.error == ("Creating the PDF took longer than 300 seconds and was stopped. Shorten very long "
                            "texts (or print fewer items at once) and try again.")


def test_the_render_tasks_carry_a_soft_time_limit(settings) -> None:
    from followup.tasks import followup_print_job_render_task
    from mdo.tasks import mdo_letter_render_task

    for task in (mdo_letter_render_task, followup_print_job_render_task):
        assert task.soft_time_limit == settings.PDF_TASK_SOFT_TIME_LIMIT
        assert task.time_limit == settings.PDF_TASK_SOFT_TIME_LIMIT + 60
