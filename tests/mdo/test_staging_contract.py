"""The agenda shows each case's stage and recommendations through the staging contract.

`staging.selectors.tumour_advice_map(*, tumour_ids, today) -> dict[int, TumourAdvice]`. The first test
plugs in a stand-in that honours the contract (always runs); the second uses the real staging app and is
skipped only while `staging.selectors` has no `tumour_advice_map`.
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
from mdo.rules.readiness import ItemState
from tests.mdo.factories import MdoCaseFactory, MdoSessionFactory

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

    def tumour_advice_map(*, tumour_ids, today):
        calls.append((list(tumour_ids), today))
        return {tid: _Advice(
            stage=_Stage("Stage IIIA (AJCC 8)", "IIIA") if tid == staged else None,
            recommendations=[_Rec("re-excision", "therapy", "warning", "Overweeg re-excisie (R1).", "Zorgpad")],
        ) for tid in tumour_ids}

    fake = types.ModuleType("staging.selectors")
    fake.tumour_advice_map = tumour_advice_map  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "staging.selectors", fake)
    monkeypatch.setattr(importlib.import_module("staging"), "selectors", fake, raising=False)

    response = coordinator_client.get(reverse("mdo:agenda", args=[session.external_id]))
    assert calls == [(sorted(c.tumour_id for c in cases), timezone.localdate())]  # one call for all cases
    rows = response.context["agenda"].rows
    assert [r.readiness.items[2].state for r in rows] == [ItemState.OK, ItemState.MISSING, ItemState.MISSING]
    page = response.content.decode()
    assert "Stage IIIA (AJCC 8)" in page and page.count("Overweeg re-excisie (R1).") == 3
    assert page.count("geen stadium vastgelegd") == 2
    pdf = coordinator_client.get(reverse("mdo:agenda-pdf", args=[session.external_id]))
    assert pdf.status_code == 200


def test_real_staging_contract_at_40_cases(sarcoma, coordinator_client, django_assert_max_num_queries) -> None:
    selectors = pytest.importorskip("staging.selectors")
    if not hasattr(selectors, "tumour_advice_map"):
        pytest.skip("staging.selectors.tumour_advice_map is not there yet (staging branch not merged)")
    session, cases = _agenda(sarcoma, 5)
    url = reverse("mdo:agenda", args=[session.external_id])
    with django_assert_max_num_queries(40) as small:
        coordinator_client.get(url)
    cases += [MdoCaseFactory(session=session, imaging=Imaging.AVAILABLE, position=10 + i) for i in range(35)]
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
