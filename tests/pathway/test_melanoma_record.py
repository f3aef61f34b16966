"""The melanoma pathway on the record (issue 16): the tumour's melanoma facts (validation, API), the recorded stage
as the pathway's input, sign-off and centre decisions (who, when, audited), the evaluation API's melanoma inputs,
the follow-up plan of the primary IIIB patient, and no leiomyosarcoma on melanoma pages or letters."""

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone, translation
from rest_framework.test import APIClient

from followup import pdf as followup_pdf
from followup import services as followup_services
from followup.models import Letter, LetterKind
from staging.services import stage_assessment_record
from tests.factories import MelanomaFactory, PatientFactory
from zorgpad.audit.models import AuditEvent
from zorgpad.pathway import selectors
from zorgpad.pathway.models import PathwayItem
from zorgpad.pathway.services import centre_decision_record, pathway_items_sync
from zorgpad.pathways.melanoma_2026_11 import definition as MD

pytestmark = pytest.mark.django_db
RESECTED = dt.date(2026, 1, 20)
# What would show the leiomyosarcoma pathway: its title, version, MDO (the AJCC soft-tissue staging chapter offered by
# the staging form is a staging system, not that pathway).
LMS_WORDS = ("leiomyosarcoom", "leiomyosarcoma", "Leiomyosarcoom", "Leiomyosarcoma", "maart 2026", "March 2026",
             "Sarcomen", "sarcoma MDO", "sarcoom-MDO", "lms.")


def iiib_patient(clinician: Any, **extra: Any) -> Any:
    """The primary IIIB demo patient: T3a N1a (sentinel node positive, deposit 1.5 mm), resected, no adjuvant
    therapy (contraindication)."""
    data = {"breslow_mm": Decimal("2.5"), "ulceration": False, "n_category": "N1a", "m_category": "M0",
            "sentinel_node": "positive", "sentinel_deposit_mm": Decimal("1.5"), "braf_v600": "wild_type",
            "adjuvant": "not_given", "adjuvant_reason_code": "contraindication",
            "adjuvant_reason": "Ernstig hartfalen.", "date_of_diagnosis": dt.date(2025, 12, 16),
            "date_of_surgery": RESECTED, "margin": "R0", "body_site": "schouder", **extra}
    tumour = MelanomaFactory(**data)
    stage_assessment_record(tumour=tumour, user=clinician, classification="pathological",
                            breslow_mm=tumour.breslow_mm, ulceration=False, n="N1a", m="M0")
    return tumour


def centre_user(make_user: Any) -> Any:
    from zorgpad.accounts.roles import Role

    user = make_user(Role.CLINICIAN, username="dermatoloog", first_name="Anna", last_name="Visser")
    user.user_permissions.add(Permission.objects.get(codename="record_centre_decision"))
    return type(user).objects.get(pk=user.pk)


def test_the_recorded_pathological_stage_is_the_pathways_input(clinician) -> None:
    tumour = iiib_patient(clinician)
    decision = selectors.tumour_decision(tumour=tumour, today=timezone.localdate())
    assert decision.pathway is not None and decision.pathway.id == "melanoma"
    codes = [r.code for r in decision.recommendations]
    assert "mel.melanoma-centre-mdo" in codes and "mel.adjuvant-discuss" in codes
    assert decision.followup.template_key == MD.TEMPLATE_IIIB_D


def test_adjuvant_not_given_makes_the_item_a_deviation_with_the_records_reason(clinician) -> None:
    tumour = iiib_patient(clinician)
    pathway_items_sync(tumour=tumour)
    item = PathwayItem.objects.get(tumour=tumour, code="mel.adjuvant-discuss", current=True)
    assert (item.status, item.reason_code, item.reason) == ("deviated", "contraindication", "Ernstig hartfalen.")


def test_acceptance_primary_iiib_plan_every_4_months_with_ct_then_6_then_12_from_the_resection(clinician) -> None:
    tumour = iiib_patient(clinician)
    plan = followup_services.followup_plan_build(tumour=tumour, user=clinician)
    assert plan.template is not None and plan.template.key == MD.TEMPLATE_IIIB_D
    visits = list(plan.visits.order_by("sequence"))
    assert [(v.due_date, v.items) for v in visits] == [
        (dt.date(2026, 5, 20), ["clinical_examination", "ct_chest_abdomen"]),
        (dt.date(2026, 9, 20), ["clinical_examination", "ct_chest_abdomen"]),
        (dt.date(2027, 1, 20), ["clinical_examination", "ct_chest_abdomen"]),
        (dt.date(2027, 5, 20), ["clinical_examination", "ct_chest_abdomen"]),
        (dt.date(2027, 9, 20), ["clinical_examination", "ct_chest_abdomen"]),
        (dt.date(2028, 1, 20), ["clinical_examination", "ct_chest_abdomen"]),
        (dt.date(2028, 7, 20), ["clinical_examination"]),
        (dt.date(2029, 1, 20), ["clinical_examination"]),
        (dt.date(2030, 1, 20), ["clinical_examination"]),
        (dt.date(2031, 1, 20), ["clinical_examination"]),
    ]
    assert (plan.anchor_date, plan.ends_on) == (RESECTED, dt.date(2031, 1, 20))
    assert (plan.pathway_id, plan.pathway_version) == ("melanoma", "2026-11")
    item = PathwayItem.objects.get(tumour=tumour, code="mel.followup.iiib-d-no-adjuvant", current=True)
    assert item.status == "done"


def test_melanoma_letters_name_the_melanoma_and_its_schedule_never_the_leiomyosarcoma_pathway(clinician) -> None:
    tumour = iiib_patient(clinician)
    plan = followup_services.followup_plan_build(tumour=tumour, user=clinician)
    visit = plan.visits.order_by("sequence").first()
    invitation = Letter.objects.create(kind=LetterKind.INVITATION, patient=tumour.patient, plan=plan, visit=visit,
                                       due_date=visit.due_date, created_at=timezone.now())
    gp = Letter.objects.get(plan=plan, kind=LetterKind.GP_PLAN_SUMMARY)
    with translation.override("nl"):
        bodies = {kind: followup_pdf.letter_body(letter, today=dt.date(2026, 4, 20))
                  for kind, letter in (("invitation", invitation), ("gp", gp))}
    assert "melanoom" in bodies["invitation"] and "Melanoom stadium IIIB-IIID zonder adjuvante therapie" in bodies[
        "invitation"]
    assert "Melanoom stadium IIIB-IIID zonder adjuvante therapie" in bodies["gp"]
    assert "ceCT thorax-abdomen" in bodies["gp"]
    for body in bodies.values():
        assert not [w for w in LMS_WORDS if w in body]


def test_in_situ_melanoma_no_follow_up_and_a_one_time_explanation_letter(clinician) -> None:
    tumour = MelanomaFactory(breslow_mm=None, ulceration=None, n_category="N0", m_category="M0",
                             date_of_surgery=RESECTED, margin="R0")
    stage_assessment_record(tumour=tumour, user=clinician, classification="pathological", t="Tis", n="N0", m="M0")
    plan = followup_services.followup_plan_build(tumour=tumour, user=clinician)
    assert plan.status == "no_routine" and plan.visits.count() == 0
    letter = Letter.objects.get(plan=plan, kind=LetterKind.PATIENT_EXPLANATION)
    with translation.override("nl"):
        body = followup_pdf.letter_body(letter, today=dt.date(2026, 2, 1))
    assert "eenmalig uitleg" in body and "UV-straling" in body and "aanspreekpunt" in body
    assert not [w for w in LMS_WORDS if w in body]


def test_melanoma_pages_never_mention_the_leiomyosarcoma_pathway(clinician, client) -> None:
    tumour = iiib_patient(clinician)
    plan = followup_services.followup_plan_build(tumour=tumour, user=clinician)
    client.force_login(clinician)
    for url in (f"/tumours/{tumour.external_id}/", f"/patients/{tumour.patient.external_id}/",
                f"/followup/plans/{plan.external_id}/"):
        response = client.get(url)
        assert response.status_code == 200, url
        page = response.content.decode()
        assert not [w for w in LMS_WORDS if w in page], url
    page = client.get(f"/tumours/{tumour.external_id}/").content.decode()
    assert "Zorgpad cutaan melanoom" in page and "BRAF V600" in page
    # The edit form lists every diagnosis in its select (a choice, not the pathway) and shows the melanoma facts.
    form = client.get(f"/tumours/{tumour.external_id}/edit/").content.decode()
    assert 'name="sentinel_deposit_mm"' in form and 'name="melanoma_events"' in form


def test_sign_off_by_a_clinician_with_the_permission_is_recorded_audited_and_ends_the_warning(make_user) -> None:
    signer = centre_user(make_user)
    api = APIClient()
    api.force_authenticate(signer)
    melanoma = next(p for p in api.get("/api/v1/pathways/").json() if p["id"] == "melanoma")
    assert melanoma["sign_off"]["required"] is True and melanoma["sign_off"]["signed_off"] is False
    assert "national guideline" in melanoma["sign_off"]["warning"] or "richtlijn" in melanoma["sign_off"]["warning"]
    open_keys = {c["key"] for c in melanoma["centre_decisions"] if c["value"] is None}
    assert MD.SENTINEL_THRESHOLD in open_keys and MD.ADJUVANT_CT_INTERVAL in open_keys
    tumour = MelanomaFactory()
    today = timezone.localdate()
    assert "centre." + MD.SIGN_OFF in [r.code for r in selectors.tumour_decision(tumour=tumour, today=today)
                                       .recommendations]
    centre_decision_record(key=MD.SIGN_OFF, value="signed-off", basis="Getoetst aan de Richtlijn Melanoom 2026",
                           user=signer)
    event = AuditEvent.objects.get(object_type="pathway.centredecision")
    assert event.detail == f"centre decision {MD.SIGN_OFF} = signed-off"
    melanoma = next(p for p in api.get("/api/v1/pathways/").json() if p["id"] == "melanoma")
    assert (melanoma["sign_off"]["signed_off"], melanoma["sign_off"]["signed_off_by"],
            melanoma["sign_off"]["warning"]) == (True, "Anna Visser", None)
    assert melanoma["sign_off"]["signed_off_at"]
    assert "centre." + MD.SIGN_OFF not in [r.code for r in selectors.tumour_decision(tumour=tumour, today=today)
                                           .recommendations]


def test_a_recorded_sentinel_threshold_is_followed_and_cited_on_the_tumour(make_user) -> None:
    signer = centre_user(make_user)
    tumour = MelanomaFactory(breslow_mm=Decimal("1.2"), n_category="N0", date_of_surgery=None, margin="")
    stage_assessment_record(tumour=tumour, user=signer, classification="clinical", breslow_mm=Decimal("1.2"),
                            ulceration=False, n="N0", m="M0")
    today = timezone.localdate()
    with translation.override("en"):
        before = {r.code: r for r in selectors.tumour_decision(tumour=tumour, today=today).recommendations}
        assert "to be decided by the centre" in before["mel.sentinel-node"].text
        row = centre_decision_record(key=MD.SENTINEL_THRESHOLD, value=MD.SENTINEL_1MM,
                                     basis="EADO 2024; werkgroep melanoom 01-11-2026", user=signer)
        after = {r.code: r for r in selectors.tumour_decision(tumour=tumour, today=today).recommendations}
    text = after["mel.sentinel-node"].text % dict(after["mel.sentinel-node"].params)
    assert f"centre decision of {timezone.localdate(row.decided_at):%d-%m-%Y}" in text
    assert text.startswith("Sentinel-node biopsy indicated")
    assert "centre." + MD.SENTINEL_THRESHOLD not in after


def api_for(user: Any) -> APIClient:
    api = APIClient()
    api.force_authenticate(user)
    return api


def test_tumour_api_validates_the_melanoma_facts_and_writes_nothing_on_error(clinician) -> None:
    patient = PatientFactory()
    url = f"/api/v1/patients/{patient.external_id}/tumours/"
    base = {"diagnosis": "cutaneous_melanoma", "body_site": "rug", "laterality": "left",
            "date_of_diagnosis": "2026-01-05"}
    api = api_for(clinician)
    cases = [
        ({"sentinel_node": "negative", "sentinel_deposit_mm": 0.5}, "sentinel_deposit_mm"),
        ({"adjuvant": "not_given"}, "adjuvant_reason_code"),
        ({"adjuvant": "finished", "adjuvant_start": "2026-03-01"}, "adjuvant_end"),
        ({"braf_v600": "maybe"}, "braf_v600"),
        ({"melanoma_events": [{"kind": "in_transit", "date": "2025-01-01"}]}, "melanoma_events"),
    ]
    for extra, field in cases:
        response = api.post(url, {**base, **extra}, format="json")
        assert response.status_code == 400, (extra, response.json())
        assert field in response.json(), (extra, response.json())
    lms = {**base, "diagnosis": "subcutaneous_leiomyosarcoma", "braf_v600": "wild_type"}
    assert "braf_v600" in api.post(url, lms, format="json").json()
    assert patient.tumours.count() == 0
    good = {**base, "sentinel_node": "positive", "sentinel_deposit_mm": 0.8, "braf_v600": "wild_type",
            "kit": "wild_type", "adjuvant": "not_given", "adjuvant_reason_code": "patient_choice",
            "adjuvant_reason": "Wil geen systemische therapie.",
            "melanoma_events": [{"kind": "in_transit", "date": "2026-01-05", "at_diagnosis": True},
                                {"kind": "regional_node", "date": "2026-06-01"}]}
    response = api.post(url, good, format="json")
    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["melanoma_events"] == [{"kind": "in_transit", "date": "2026-01-05", "at_diagnosis": True},
                                       {"kind": "regional_node", "date": "2026-06-01", "at_diagnosis": False}]
    tumour = patient.tumours.get()
    facts = selectors.tumour_facts(tumour)
    assert facts.in_transit is True and facts.recurrences == (dt.date(2026, 6, 1),)


def evaluate(api: APIClient, tumour: dict[str, Any]) -> Any:
    return api.post("/api/v1/pathway/evaluate/", {"today": "2026-11-30", "tumour": tumour}, format="json")


@pytest.mark.parametrize(("deposit", "code"), [(0.8, "mel.no-adjuvant-iiia-small"), (1.5, "mel.adjuvant-discuss")])
def test_evaluate_api_takes_the_melanoma_inputs(clinician, deposit: float, code: str) -> None:
    tumour = {"diagnosis": "cutaneous_melanoma", "classification": "pathological", "breslow_mm": 0.9,
              "ulceration": False, "n": "N1a", "m": "M0", "sentinel_node": "positive", "sentinel_deposit_mm": deposit,
              "braf_v600": "wild_type", "kit": "not_tested", "in_transit": False, "adjuvant": "not_given"}
    response = evaluate(api_for(clinician), tumour)
    assert response.status_code == 200, response.json()
    data = response.json()
    assert data["stage"]["stage"] == "IIIA"
    assert code in [r["code"] for r in data["recommendations"]]


def test_evaluate_api_refuses_melanoma_inputs_that_do_not_fit(clinician) -> None:
    api = api_for(clinician)
    wrong = evaluate(api, {"diagnosis": "subcutaneous_leiomyosarcoma", "braf_v600": "mutant", "adjuvant": "ongoing"})
    assert wrong.status_code == 400 and {"braf_v600", "adjuvant"} <= set(wrong.json()["tumour"])
    deposit = evaluate(api, {"diagnosis": "cutaneous_melanoma", "sentinel_node": "negative",
                             "sentinel_deposit_mm": 0.5})
    assert deposit.status_code == 400 and "sentinel_deposit_mm" in deposit.json()["tumour"]
    value = evaluate(api, {"diagnosis": "cutaneous_melanoma", "sentinel_node": "yes"})
    assert value.status_code == 400 and "sentinel_node" in value.json()["tumour"]


def test_tumour_pathway_api_serves_the_melanoma_pathway(clinician) -> None:
    tumour = iiib_patient(clinician)
    data = api_for(clinician).get(f"/api/v1/tumours/{tumour.external_id}/pathway/").json()
    assert (data["pathway"]["id"], data["pathway"]["title"], data["branch"]) == (
        "melanoma", "Zorgpad cutaan melanoom", "melanoma")
    assert data["followup"]["decision"] == "routine"
    assert "mel.melanoma-centre-mdo" in [r["code"] for r in data["recommendations"]]


def test_the_tumour_form_shows_the_melanoma_facts_for_melanoma_only(clinician, client) -> None:
    from tests.factories import TumourFactory

    client.force_login(clinician)
    lms = TumourFactory()
    form = client.get(f"/tumours/{lms.external_id}/edit/").content.decode()
    assert 'name="largest_diameter_cm"' in form
    assert not [name for name in ("sentinel_node", "braf_v600", "kit", "melanoma_events", "adjuvant")
                if f'name="{name}"' in form]
    melanoma = MelanomaFactory()
    form = client.get(f"/tumours/{melanoma.external_id}/edit/").content.decode()
    assert all(f'name="{name}"' in form for name in ("sentinel_node", "braf_v600", "kit", "melanoma_events",
                                                      "adjuvant", "adjuvant_reason_code"))


def test_rule_mel_melanoma_centre_mdo_item_is_done_once_registered_in_the_melanoma_mdo(clinician) -> None:
    from tests.mdo.factories import MdoCaseFactory, MdoSessionFactory, MdoTypeFactory

    tumour = iiib_patient(clinician)
    pathway_items_sync(tumour=tumour)
    item = PathwayItem.objects.get(tumour=tumour, code="mel.melanoma-centre-mdo", current=True)
    assert item.status == "open"
    # Another MDO (the sarcoma MDO) does not count: the pathway names the melanoma-centre MDO type.
    MdoCaseFactory(tumour=tumour)
    pathway_items_sync(tumour=tumour)
    item.refresh_from_db()
    assert item.status == "open"
    melanoma_mdo = MdoTypeFactory(code=MD.DEFINITION.mdo.mdo_type_key)
    MdoCaseFactory(tumour=tumour, session=MdoSessionFactory(mdo_type=melanoma_mdo))
    pathway_items_sync(tumour=tumour)
    item.refresh_from_db()
    assert (item.status, item.status_source) == ("done", "record")


def test_mdo_checklist_asks_for_braf_for_stage_iii_and_iv(clinician) -> None:
    from mdo.agenda_selectors import case_readiness
    from tests.mdo.factories import MdoCaseFactory
    from zorgpad.pathways.readiness import Item

    tumour = iiib_patient(clinician, braf_v600="")
    advice = type("Advice", (), {"stage": object(), "decision": selectors.tumour_decision(
        tumour=tumour, today=timezone.localdate())})()
    case = MdoCaseFactory(tumour=tumour)
    assert Item.BRAF in case_readiness(case, advice, True).missing
    tumour.braf_v600 = "wild_type"
    tumour.save()
    case.refresh_from_db()
    assert Item.BRAF not in case_readiness(case, advice, True).missing
