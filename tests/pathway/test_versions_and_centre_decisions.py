"""Pathway versions beside each other (a test-only second version, registered only here) and the centre's
decisions (the baseline-MRI window: 'to be decided by the centre' until recorded, then used and cited)."""

import dataclasses
import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from rest_framework.test import APIClient

from followup import selectors as followup_selectors
from followup import services as followup_services
from tests.factories import TumourFactory
from zorgpad.audit.models import AuditEvent
from zorgpad.pathway import selectors
from zorgpad.pathway.models import CentreDecision, PathwayItem
from zorgpad.pathway.services import centre_decision_record, pathway_item_set, pathway_items_sync
from zorgpad.pathways import lms_2026_03, registry
from zorgpad.pathways.base import Recommendation
from zorgpad.pathways.lms_2026_03.definition import BASELINE_MRI_WINDOW
from zorgpad.pathways.vocabulary import Kind, Severity
from zorgpad.patients.models import Margin

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

UNDECIDED_CODE = "centre." + BASELINE_MRI_WINDOW
SURGERY = dt.date(2025, 12, 1)


def _second_version(valid_from: dt.date) -> registry.Pathway:
    """A test-only revision: drops the trial advice, adds one new recommendation, keeps the rest."""
    v1 = lms_2026_03.PATHWAY

    def advise(patient, tumour, today, centre=None):  # type: ignore[no-untyped-def]
        out = [r for r in v1.advise(patient, tumour, today, centre) if r.code != "pathway.trial"]
        return [*out, Recommendation("lms.test-only", Kind.RECOMMENDATION, Severity.INFO, "Test-only advice.",
                                     "Test version")]

    definition = dataclasses.replace(v1.definition, version="2099-01", version_label="test", valid_from=valid_from)
    return dataclasses.replace(v1, definition=definition, advise=advise)


def _resected_tumour():
    return TumourFactory(margin=Margin.R0, date_of_surgery=SURGERY)


def test_a_new_version_makes_new_items_carries_statuses_over_and_old_ones_keep_their_version(
        monkeypatch, clinician) -> None:
    tumour = _resected_tumour()
    pathway_items_sync(tumour=tumour, user=clinician)
    pathway_item_set(tumour=tumour, code="lms.imaging.ct-thorax", user=clinician, status="deviated",
                     reason_code="contraindication", reason="Contrastallergie.")
    pathway_item_set(tumour=tumour, code="lms.followup", user=clinician, status="not_applicable")
    plan = followup_services.followup_plan_build(tumour=tumour, user=clinician)
    assert (plan.pathway_id, plan.pathway_version) == ("lms", "2026-03")

    today = timezone.localdate()
    monkeypatch.setattr(registry, "PATHWAYS", (lms_2026_03.PATHWAY, _second_version(valid_from=today)))
    # Before the record changes, the stored items and the plan keep their version and say a newer one is in force.
    page = selectors.tumour_pathway_page(tumour=tumour, today=today)
    assert {row.item.version for row in page.open_items} == {"2026-03"}
    assert {row.newer_version for row in page.open_items} == {"2099-01"}
    assert followup_selectors.plan_pathway_notes(plan=plan, today=today)["newer"] == {
        "version": "2099-01", "valid_from": today}

    pathway_items_sync(tumour=tumour, user=clinician)
    current = {i.code: i for i in PathwayItem.objects.filter(tumour=tumour, current=True)}
    assert {i.version for i in current.values()} == {"2099-01"}
    ct = current["lms.imaging.ct-thorax"]
    assert (ct.status, ct.reason_code, ct.reason) == ("deviated", "contraindication", "Contrastallergie.")
    assert current["lms.followup"].status == "done"  # the plan exists: the record shows it
    assert current["lms.test-only"].status == "open"
    assert "pathway.trial" not in current
    old = PathwayItem.objects.filter(tumour=tumour, version="2026-03")
    assert old.count() > 0 and not old.filter(current=True).exists()
    assert old.get(code="lms.imaging.ct-thorax").status == "deviated"
    plan.refresh_from_db()
    assert plan.pathway_version == "2026-03"


def test_a_version_not_yet_in_force_is_not_used(monkeypatch, clinician) -> None:
    tumour = TumourFactory()
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    monkeypatch.setattr(registry, "PATHWAYS", (lms_2026_03.PATHWAY, _second_version(valid_from=tomorrow)))
    pathway_items_sync(tumour=tumour, user=clinician)
    assert set(PathwayItem.objects.filter(tumour=tumour).values_list("version", flat=True)) == {"2026-03"}
    assert registry.newer_version("lms", "2026-03", timezone.localdate()) is None


def test_the_baseline_mri_window_is_to_be_decided_by_the_centre_until_recorded(clinician, client) -> None:
    tumour = _resected_tumour()
    decision = selectors.tumour_decision(tumour=tumour, today=timezone.localdate())
    alert = next(r for r in decision.recommendations if r.code == UNDECIDED_CODE)
    assert "to be decided by the centre" in alert.text
    plan = followup_services.followup_plan_build(tumour=tumour, user=clinician)
    assert [v.kind for v in plan.visits.order_by("sequence")][:1] == ["routine"]  # no baseline MRI scheduled
    assert plan.baseline_windows == [{"item": "mri", "centre_decision": BASELINE_MRI_WINDOW, "within_months": None,
                                      "decided_on": None}]
    client.force_login(clinician)
    page = client.get(f"/followup/plans/{plan.external_id}/").content.decode()
    assert "de termijn wordt door het centrum bepaald; deze is niet in dit schema ingepland" in page


def test_a_recorded_window_is_used_by_new_plans_and_cited(admin_user, clinician, client) -> None:
    row = centre_decision_record(key=BASELINE_MRI_WINDOW, value="3", basis="Sarcoomwerkgroep, verslag 12-01-2026",
                                 user=admin_user)
    event = AuditEvent.objects.get(object_type="pathway.centredecision")
    assert (event.action, event.detail) == ("create", f"centre decision {BASELINE_MRI_WINDOW} = 3")
    tumour = _resected_tumour()
    decision = selectors.tumour_decision(tumour=tumour, today=timezone.localdate())
    assert UNDECIDED_CODE not in [r.code for r in decision.recommendations]
    plan = followup_services.followup_plan_build(tumour=tumour, user=clinician)
    baseline = plan.visits.get(sequence=1)
    assert (baseline.kind, baseline.items, baseline.due_date) == ("baseline", ["mri"], dt.date(2026, 3, 1))
    decided_on = timezone.localdate(row.decided_at)
    assert plan.baseline_windows == [{"item": "mri", "centre_decision": BASELINE_MRI_WINDOW, "within_months": 3,
                                      "decided_on": decided_on.isoformat()}]
    client.force_login(clinician)
    page = client.get(f"/followup/plans/{plan.external_id}/").content.decode()
    assert f"binnen 3 maanden na de operatie (centrumbesluit van {decided_on:%d-%m-%Y})" in page


def test_recording_needs_the_permission_a_listed_value_and_a_basis(clinician, admin_user) -> None:
    with pytest.raises(PermissionDenied):
        centre_decision_record(key=BASELINE_MRI_WINDOW, value="3", basis="x", user=clinician)
    with pytest.raises(ValidationError) as exc:
        centre_decision_record(key=BASELINE_MRI_WINDOW, value="7", basis="", user=admin_user)
    assert set(exc.value.message_dict) == {"value", "basis"}
    with pytest.raises(ValidationError) as exc:
        centre_decision_record(key="lms.unknown", value="3", basis="x", user=admin_user)
    assert set(exc.value.message_dict) == {"key"}
    assert CentreDecision.objects.count() == 0 and AuditEvent.objects.count() == 0


def test_a_new_recording_becomes_current_and_the_old_one_stays_as_history(admin_user) -> None:
    centre_decision_record(key=BASELINE_MRI_WINDOW, value="3", basis="verslag 1", user=admin_user)
    centre_decision_record(key=BASELINE_MRI_WINDOW, value="2", basis="verslag 2", user=admin_user)
    assert selectors.centre_decisions_current()[BASELINE_MRI_WINDOW].value == "2"
    assert [d.value for d in selectors.centre_decision_history(key=BASELINE_MRI_WINDOW)] == ["2", "3"]


def test_pathway_list_api_names_the_open_centre_decision(clinician) -> None:
    api = APIClient()
    api.force_authenticate(clinician)
    data = api.get("/api/v1/pathways/").json()
    assert [(p["id"], p["version"], p["in_force"]) for p in data] == [("lms", "2026-03", True),
                                                                      ("melanoma", "2026-11", True)]
    (choice,) = data[0]["centre_decisions"]
    assert (choice["key"], choice["unit"], choice["value"], choice["decided_at"]) == (
        BASELINE_MRI_WINDOW, "months", None, None)
