"""The agenda shows each case's stage and recommendations through the staging contract.

`staging.selectors.loaded_tumours_advice_map(*, tumours, today) -> dict[int, TumourAdvice]` (the tumours as the
agenda read them, not read again). The first test plugs in a stand-in that honours the contract (always runs); the
second uses the real staging app.
"""

import datetime as dt
import importlib
import sys
import types
from dataclasses import dataclass, field

import pytest
from django.urls import reverse
from django.utils import timezone

from mdo.models import Imaging
from mdo.templatetags.mdo_tags import key_recommendations, other_recommendations
from tests.mdo.factories import MdoCaseFactory, MdoSessionFactory
from zorgpad.pathways.readiness import ItemState

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class _Stage:
    label: str
    stage: str


@dataclass(frozen=True)
class _Rec:
    code: str
    kind: str
    severity: str
    text: str
    source: str


@dataclass(frozen=True)
class _Advice:
    stage: _Stage | None
    recommendations: list[_Rec] = field(default_factory=list)


def _agenda(sarcoma, n: int):
    session = MdoSessionFactory(original_date=timezone.localdate() + dt.timedelta(days=7), capacity_minutes=400)
    cases = [MdoCaseFactory(session=session, imaging=Imaging.AVAILABLE, position=i) for i in range(n)]
    return session, cases


def test_agenda_uses_the_contract(sarcoma, coordinator_client, monkeypatch, django_assert_max_num_queries) -> None:
    session, cases = _agenda(sarcoma, 3)
    staged = cases[0].tumour_id
    calls: list[tuple[list[int], dt.date]] = []

    def loaded_tumours_advice_map(*, tumours, today, records=None):
        tumour_ids = [t.pk for t in tumours]
        calls.append((sorted(tumour_ids), today))
        return {tid: _Advice(
            stage=_Stage("Stage IIIA (AJCC 8)", "IIIA") if tid == staged else None,
            recommendations=[_Rec("re-excision", "therapy", "warning", "Overweeg re-excisie (R1).", "Zorgpad")],
        ) for tid in tumour_ids}

    agenda_url = reverse("mdo:agenda", args=[session.external_id])  # the URLconf imported before the fake
    fake = types.ModuleType("staging.selectors")
    fake.loaded_tumours_advice_map = loaded_tumours_advice_map  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "staging.selectors", fake)
    monkeypatch.setattr(importlib.import_module("staging"), "selectors", fake, raising=False)

    response = coordinator_client.get(agenda_url)
    assert calls == [(sorted(c.tumour_id for c in cases), timezone.localdate())]  # one call for all cases
    rows = response.context["agenda"].rows
    assert [r.readiness.items[2].state for r in rows] == [ItemState.OK, ItemState.MISSING, ItemState.MISSING]
    page = response.content.decode()
    assert "Stage IIIA (AJCC 8)" in page and page.count("Overweeg re-excisie (R1).") == 3
    assert page.count("geen stadium vastgelegd") == 2
    pdf = coordinator_client.get(reverse("mdo:agenda-pdf", args=[session.external_id]))
    assert pdf.status_code == 200


def _record_stage(tumour, user) -> bool:
    """Record a stage through the staging app's own service, when it offers one (beyond the contract)."""
    services = importlib.import_module("staging.services")
    if not hasattr(services, "stage_assessment_record"):
        return False
    services.stage_assessment_record(tumour=tumour, user=user, classification="pathological",
                                     size_cm=tumour.largest_diameter_cm, grade=tumour.grade,
                                     n=tumour.n_category, m=tumour.m_category)
    return True


def test_real_staging_contract_at_40_cases(sarcoma, coordinator_client, clinician,
                                           django_assert_max_num_queries) -> None:
    selectors = pytest.importorskip("staging.selectors")
    session, cases = _agenda(sarcoma, 5)
    staged = _record_stage(cases[0].tumour, clinician)
    url = reverse("mdo:agenda", args=[session.external_id])
    with django_assert_max_num_queries(40) as small:
        coordinator_client.get(url)
    cases += [MdoCaseFactory(session=session, imaging=Imaging.AVAILABLE, position=10 + i) for i in range(35)]
    for case in cases[5::2]:
        _record_stage(case.tumour, clinician)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = coordinator_client.get(url)
    agenda = response.context["agenda"]
    assert agenda.staging_available and len(agenda.rows) == 40
    advice = selectors.tumour_advice_map(tumour_ids=[c.tumour_id for c in cases], today=timezone.localdate())
    page = response.content.decode()
    for row in agenda.rows:
        expected = advice[row.case.tumour_id]
        assert row.readiness.items[2].state == (ItemState.OK if expected.stage is not None else ItemState.MISSING)
        if expected.stage is not None:
            assert str(expected.stage.label) in page
        for recommendation in key_recommendations(expected.recommendations):  # alerts and warnings, written out
            assert str(recommendation.text) in page
        if others := other_recommendations(expected.recommendations):  # the rest: one link to the case
            case_url = reverse("mdo:case", args=[row.case.external_id])
            assert f'<a href="{case_url}">nog {len(others)} aanbeveling' in page
    if staged:  # the leiomyosarcoma 6.0 cm G2 N0 M0 of the factory: AJCC 8 stage IIIA
        assert sum(1 for row in agenda.rows if row.advice.stage is not None) == 1 + 18
        assert "IIIA" in str(agenda.rows[0].advice.stage.label)
