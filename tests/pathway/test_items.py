"""Pathway items: one stored item per recommendation of a tumour, whose status follows the record (MDO, plan,
revision, R0), a clinician's status or reasoned deviation, and the patient's death."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from mdo import decision_services as mdo_decision_services
from mdo import services as mdo_services
from mdo import session_services as mdo_session_services
from mdo.models import CaseStatus
from tests.factories import TumourFactory
from tests.mdo.conftest import NOW
from tests.mdo.factories import AMS, MdoSessionFactory, full_quorum
from zorgpad.audit.models import AuditEvent
from zorgpad.pathway import selectors
from zorgpad.pathway.models import PathwayItem
from zorgpad.pathway.services import pathway_item_set, pathway_items_sync
from zorgpad.patients import services as patient_services
from zorgpad.patients.models import Margin, PathologySource, RevisionStatus

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

FRI = dt.date(2030, 1, 4)
DURING = dt.datetime(2030, 1, 4, 14, 30, tzinfo=AMS)
ADVICE = {"intent": "curative", "next_steps": ["re_excision"], "text": "Re-excisie."}


def _item(tumour, code: str) -> PathwayItem:
    return PathwayItem.objects.get(tumour=tumour, code=code, current=True)


def _register(tumour, user, session=None):
    return mdo_services.mdo_case_register(session=session or MdoSessionFactory(original_date=FRI), tumour=tumour,
                                          question="Beleid?", presenting_clinician=user, user=user, now=NOW)


def test_items_are_made_for_the_recommendations_only_with_version_and_status_open(clinician) -> None:
    tumour = TumourFactory()  # subcutaneous LMS, no margin yet
    pathway_items_sync(tumour=tumour, user=clinician)
    items = {i.code: i for i in PathwayItem.objects.filter(tumour=tumour)}
    assert {"lms.mdo", "lms.excision-r0", "lms.imaging.ct-thorax", "pathway.trial"} <= set(items)
    assert not any(code.startswith("alert.") for code in items)
    assert {(i.pathway_id, i.version, i.status, i.current) for i in items.values()} == {
        ("lms", "2026-03", "open", True)}
    assert items["lms.mdo"].changed_by == clinician


def test_sync_twice_writes_nothing_the_second_time(clinician) -> None:
    tumour = TumourFactory()
    pathway_items_sync(tumour=tumour, user=clinician)
    assert pathway_items_sync(tumour=tumour, user=clinician) == []


def test_registering_puts_the_mdo_item_in_progress_finalising_makes_it_done(sarcoma, clinician) -> None:
    tumour = TumourFactory()
    case = _register(tumour, clinician)
    assert _item(tumour, "lms.mdo").status == "in_progress"
    full_quorum(case.session)
    mdo_decision_services.mdo_decision_finalise(case=case, user=clinician, now=DURING, **ADVICE)
    item = _item(tumour, "lms.mdo")
    assert (item.status, item.status_source, item.record_status) == ("done", "record", "done")


def test_withdrawing_the_case_reopens_the_mdo_item(sarcoma, clinician) -> None:
    tumour = TumourFactory()
    case = _register(tumour, clinician)
    mdo_services.mdo_case_withdraw(case=case, user=clinician, reason="Patiënt wil eerst nadenken.")
    case.refresh_from_db()
    assert case.status == CaseStatus.WITHDRAWN
    assert _item(tumour, "lms.mdo").status == "open"


def test_cancelling_the_session_leaves_a_withdrawn_case_open(sarcoma, clinician, coordinator) -> None:
    tumour = TumourFactory()
    case = _register(tumour, clinician)
    mdo_services.mdo_case_withdraw(case=case, user=clinician, reason="Verplaatst.")
    mdo_session_services.mdo_session_cancel(session=case.session, user=coordinator, reason="Feestdag")
    assert _item(tumour, "lms.mdo").status == "open"


def test_a_clinician_status_stays_until_the_record_changes(sarcoma, clinician) -> None:
    tumour = TumourFactory()
    pathway_items_sync(tumour=tumour, user=clinician)
    pathway_item_set(tumour=tumour, code="lms.mdo", user=clinician, status="deviated",
                     reason_code="patient_choice", reason="Wil geen bespreking.")
    pathway_items_sync(tumour=tumour, user=clinician)
    assert _item(tumour, "lms.mdo").status == "deviated"
    _register(tumour, clinician)  # the record moves it
    assert _item(tumour, "lms.mdo").status == "in_progress"


def test_a_deviation_without_reason_is_refused_and_nothing_is_written(clinician) -> None:
    tumour = TumourFactory()
    pathway_items_sync(tumour=tumour, user=clinician)
    before = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as exc:
        pathway_item_set(tumour=tumour, code="lms.mdo", user=clinician, status="deviated", reason_code="", reason="")
    assert set(exc.value.message_dict) == {"reason_code", "reason"}
    with pytest.raises(ValidationError) as exc:
        pathway_item_set(tumour=tumour, code="lms.mdo", user=clinician, status="deviated",
                         reason_code="patient_choice", reason="   ")
    assert set(exc.value.message_dict) == {"reason"}
    with pytest.raises(ValidationError) as exc:
        pathway_item_set(tumour=tumour, code="lms.mdo", user=clinician, status="deviated",
                         reason_code="because", reason="Tekst")
    assert set(exc.value.message_dict) == {"reason_code"}
    item = _item(tumour, "lms.mdo")
    assert (item.status, item.reason_code, item.reason) == ("open", "", "")
    assert AuditEvent.objects.count() == before


def test_a_deviation_with_reason_is_audited_and_listed(clinician) -> None:
    tumour = TumourFactory()
    pathway_items_sync(tumour=tumour, user=clinician)
    item = pathway_item_set(tumour=tumour, code="lms.imaging.ct-thorax", user=clinician, status="deviated",
                            reason_code="contraindication", reason="Contrastallergie.")
    assert (item.status, item.reason_code, item.reason, item.changed_by) == (
        "deviated", "contraindication", "Contrastallergie.", clinician)
    event = AuditEvent.objects.filter(object_type="pathway.pathwayitem").get()
    assert (event.action, event.patient_external_id, event.username) == (
        "update", tumour.patient.external_id, "clinician")
    assert "contraindication: Contrastallergie." in event.detail
    assert list(selectors.deviation_list(patient=tumour.patient)) == [item]
    assert list(selectors.deviation_list(reason_code="contraindication", code="lms.imaging.ct-thorax",
                                         pathway_id="lms")) == [item]
    assert list(selectors.deviation_list(reason_code="patient_choice")) == []
    today = timezone.localdate()
    assert list(selectors.deviation_list(since=today, until=today)) == [item]
    assert list(selectors.deviation_list(since=today + dt.timedelta(days=1))) == []


def test_only_clinical_writers_may_set_an_item(secretary, coordinator, clinician) -> None:
    tumour = TumourFactory()
    pathway_items_sync(tumour=tumour, user=clinician)
    for user in (secretary, coordinator):
        with pytest.raises(PermissionDenied):
            pathway_item_set(tumour=tumour, code="lms.mdo", user=user, status="done")
    assert _item(tumour, "lms.mdo").status == "open"


def test_excision_item_is_done_at_r0_and_revision_item_done_when_revised(clinician) -> None:
    tumour = patient_services.tumour_create(
        patient=TumourFactory().patient, user=clinician, diagnosis="subcutaneous_leiomyosarcoma",
        body_site="rug", body_site_region="trunk", laterality="left", depth="subcutis",
        date_of_diagnosis=dt.date(2025, 11, 1), pathology_source=PathologySource.EXTERNAL,
        revision_status=RevisionStatus.TO_REQUEST)
    assert _item(tumour, "lms.histopathology-revision").status == "open"
    assert _item(tumour, "lms.excision-r0").status == "open"
    patient_services.tumour_update(tumour=tumour, user=clinician, revision_status=RevisionStatus.REQUESTED)
    assert _item(tumour, "lms.histopathology-revision").status == "in_progress"
    patient_services.tumour_update(tumour=tumour, user=clinician, revision_status=RevisionStatus.DONE,
                                   margin=Margin.R0, date_of_surgery=dt.date(2025, 12, 1))
    revision = PathwayItem.objects.get(tumour=tumour, code="lms.histopathology-revision")
    excision = PathwayItem.objects.get(tumour=tumour, code="lms.excision-r0")
    assert (revision.status, revision.current) == ("done", False)
    assert (excision.status, excision.current) == ("done", False)


def test_an_item_reopens_when_its_rule_applies_again(clinician) -> None:
    tumour = TumourFactory(margin=Margin.R1)
    pathway_items_sync(tumour=tumour, user=clinician)
    pathway_item_set(tumour=tumour, code="lms.port", user=clinician, status="done")
    patient_services.tumour_update(tumour=tumour, user=clinician, margin=Margin.R0)
    assert PathwayItem.objects.get(tumour=tumour, code="lms.port").current is False
    patient_services.tumour_update(tumour=tumour, user=clinician, margin=Margin.R2)  # e.g. a recurrence
    assert _item(tumour, "lms.port").status == "open"


def test_an_item_reopens_when_its_rule_output_changes(clinician) -> None:
    tumour = TumourFactory()
    pathway_items_sync(tumour=tumour, user=clinician)
    pathway_item_set(tumour=tumour, code="lms.mdo", user=clinician, status="done")
    PathwayItem.objects.filter(tumour=tumour, code="lms.mdo").update(fingerprint="older rule output")
    pathway_items_sync(tumour=tumour, user=clinician)
    assert _item(tumour, "lms.mdo").status == "open"


def test_on_the_date_of_death_every_open_item_becomes_not_applicable(clinician) -> None:
    tumour = TumourFactory()
    pathway_items_sync(tumour=tumour, user=clinician)
    pathway_item_set(tumour=tumour, code="lms.imaging.ct-thorax", user=clinician, status="done")
    patient_services.patient_update(patient=tumour.patient, user=clinician, date_of_death=timezone.localdate())
    items = PathwayItem.objects.filter(tumour=tumour, current=True)
    assert {i.code: (i.status, i.reason_code) for i in items}["lms.mdo"] == ("not_applicable", "deceased")
    assert {i.status for i in items if i.code != "lms.imaging.ct-thorax"} == {"not_applicable"}
    assert _item(tumour, "lms.imaging.ct-thorax").status == "done"  # what was done stays done
    assert list(selectors.patient_open_items(patient=tumour.patient)) == []
