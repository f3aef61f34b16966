"""The agenda's advice and readiness partials: what they show, folded as the agenda folds it, escaped."""

from types import SimpleNamespace

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from mdo.presentation import agenda_cells, agenda_recommendations
from zorgpad.pathways.readiness import Item, ItemState


def _rec(text: str, source: str = "", kind: str = "recommendation", severity: str = "info") -> SimpleNamespace:
    return SimpleNamespace(text=text, source=source, kind=kind, severity=severity)


def _advice(stage: str | None, recs: list[SimpleNamespace]) -> SimpleNamespace:
    return SimpleNamespace(stage=SimpleNamespace(label=stage) if stage else None, recommendations=recs)


STAGED = _advice("Stadium <IIIA>", [_rec("S-100B 'stijgt'", kind="alert", severity="warning"),
                                    _rec("Excisie met <2 cm> & marge", source='Richtlijn §3 "chirurgie"'),
                                    _rec("Foto's")])
SINGLE = _advice(None, [_rec("Controle & echo", source="§5")])


def _render(advice: object, unavailable: str = "") -> str:
    return render_to_string("mdo/_advice.html", {"advice": advice, "advice_unavailable": unavailable})


def test_advice_lists_alerts_first_then_the_others_with_their_sources_escaped() -> None:
    with translation.override("nl"):
        html = _render(STAGED)
    assert "<strong>Stadium &lt;IIIA&gt;</strong>" in html
    assert html.index("S-100B &#x27;stijgt&#x27;") < html.index("Excisie met &lt;2 cm&gt; &amp; marge")
    assert '<span class="source">Richtlijn §3 &quot;chirurgie&quot;</span>' in html
    assert '<span class="tag sev-warning">signaal</span>' in html
    assert "<2 cm>" not in html and "aanbevelingen</" not in html


def _row(advice: SimpleNamespace | None, question: str = "Adjuvant?", **changes: object) -> SimpleNamespace:
    """An agenda row as mdo.selectors builds it, with the values the cells print."""
    key, more = agenda_recommendations(advice.recommendations if advice else [])
    row = SimpleNamespace(
        number=3, time_range="09:20-09:30", case=SimpleNamespace(minutes_needed=10, question=question),
        slot=SimpleNamespace(overruns=False), case_url="/mdo/cases/x/", patient_name="Dam, G. van",
        patient_detail="123 · 01-02-1950", diagnosis="Melanoom", tumour_detail="rug · 1,2 cm", advice=advice,
        key_recommendations=key, more_recommendations=more, presenter="Dr. A", readiness_tags=[], decision=None,
        amendments=[], effective=None)
    for name, value in changes.items():
        setattr(row, name, value)
    return row


def test_agenda_row_shows_the_alerts_and_links_the_others_to_the_case() -> None:
    """The agenda does less per row: the informational advice is one link to the case, not a folded list."""
    with translation.override("nl"):
        html = agenda_cells(_row(STAGED), staging_unavailable=False)
        single = agenda_cells(_row(SINGLE), staging_unavailable=False)
    assert "S-100B &#x27;stijgt&#x27;" in html and "Excisie" not in html and "source" not in html
    assert '<span class="tag sev-warning">signaal</span>' in html
    assert '<a href="/mdo/cases/x/">nog 2 aanbevelingen</a>' in html and "<strong>Stadium &lt;IIIA&gt;</strong>" in html
    assert '<a href="/mdo/cases/x/">nog 1 aanbeveling</a>' in single and "geen stadium vastgelegd" in single


def test_agenda_row_renders_anew_when_anything_it_shows_changes() -> None:
    """The cells are memoised on the values they print: the same values give the same rendering, any change a
    new one (the question, the language)."""
    with translation.override("nl"):
        first = agenda_cells(_row(STAGED), staging_unavailable=False)
        again = agenda_cells(_row(STAGED), staging_unavailable=False)
        edited = agenda_cells(_row(STAGED, question="Re-excisie <2 cm>?"), staging_unavailable=False)
        unavailable = agenda_cells(_row(STAGED), staging_unavailable=True)
    with translation.override("en"):
        english = agenda_cells(_row(STAGED), staging_unavailable=False)
    assert again is first
    assert "Re-excisie &lt;2 cm&gt;?" in edited and "Adjuvant?" not in edited
    assert "stadium onbekend" in unavailable and "<strong>" not in unavailable
    assert "presents: Dr. A" in english and "presenteert: Dr. A" in first


@pytest.mark.parametrize(("language", "text"), [("nl", "stadium onbekend"), ("en", "stage unknown")])
def test_advice_says_when_staging_is_unavailable(language: str, text: str) -> None:
    with translation.override(language):
        assert text in _render(STAGED, unavailable="1")
        assert "<strong>" not in _render(None, unavailable="1")


def test_readiness_items_carry_their_state_for_the_eye_and_for_scripts() -> None:
    readiness = SimpleNamespace(items=[SimpleNamespace(item=Item.PATHOLOGY, state=ItemState.OK),
                                       SimpleNamespace(item=Item.STAGE, state=ItemState.MISSING),
                                       SimpleNamespace(item=Item.IMAGING, state=ItemState.UNKNOWN)])
    with translation.override("en"):
        html = render_to_string("mdo/_readiness.html", {"readiness": readiness})
    assert html.count("<li>") == 3
    assert '<span class="tag danger" data-item="stage_recorded" data-state="missing">Stage recorded: no</span>' in html
    assert 'class="tag ok" data-item="pathology_revised" data-state="ok">Pathology revised: yes' in html
    assert 'class="tag warn"' in html
