"""The agenda's list tags render what the template markup they replaced rendered, escaped."""

from types import SimpleNamespace

import pytest
from django.template import Context, Template
from django.utils import translation

from mdo.templatetags.mdo_tags import advice_summary, readiness_items, recommendation_items
from zorgpad.pathways.readiness import Item, ItemState


def _rec(text: str, source: str = "", kind: str = "recommendation", severity: str = "info") -> SimpleNamespace:
    return SimpleNamespace(text=text, source=source, kind=kind, severity=severity)


def _as_template(recs: list[SimpleNamespace], compact: bool) -> str:
    markup = ('{% load mdo_tags %}{% for r in recs %}<li><span class="tag sev-{{ r.severity }}">{{ r.kind|kind_label }}'
              '</span> {{ r.text }}{% if r.source and not compact %} <span class="source">{{ r.source }}</span>'
              '{% endif %}</li>{% endfor %}')
    return Template(markup).render(Context({"recs": recs, "compact": compact}))


def test_recommendation_items_match_the_template_markup_and_escape() -> None:
    recs = [_rec("Excise with <2 cm> & margins", source="Richtlijn §3 \"chirurgie\""),
            _rec("S-100B 'rising'", kind="alert", severity="warning")]
    with translation.override("nl"):
        for compact in (False, True):
            assert recommendation_items(recs, compact) == _as_template(recs, compact)
        html = recommendation_items(recs, False)
    assert "&lt;2 cm&gt; &amp; margins" in html and "<2 cm>" not in html
    assert '<span class="source">Richtlijn §3 &quot;chirurgie&quot;</span>' in html
    assert "source" not in recommendation_items(recs, True)


def test_readiness_items_match_the_template_markup() -> None:
    readiness = SimpleNamespace(items=[SimpleNamespace(item=Item.PATHOLOGY, state=ItemState.OK),
                                       SimpleNamespace(item=Item.STAGE, state=ItemState.MISSING),
                                       SimpleNamespace(item=Item.IMAGING, state=ItemState.UNKNOWN)])
    markup = ('{% load mdo_tags %}{% for item in readiness.items %}<li><span class="tag {{ item.state|state_class }}" '
              'data-item="{{ item.item }}" data-state="{{ item.state }}">{{ item.item|item_label }}: '
              '{{ item.state|state_label }}</span></li>{% endfor %}')
    with translation.override("nl"):
        expected = Template(markup).render(Context({"readiness": readiness}))
        assert readiness_items(readiness) == expected
    assert 'data-item="stage_recorded" data-state="missing"' in expected


# The markup advice_summary replaced (mdo/_advice.html before), kept here as the tag's specification.
ADVICE_MARKUP = (
    '{% load i18n mdo_tags %}{% if advice_unavailable %}<span class="tag warn">{% translate "stage unknown (staging '
    'not available)" %}</span>{% elif advice and advice.stage %}<strong>{{ advice.stage.label }}</strong>{% else %}'
    '<span class="tag danger">{% translate "no stage recorded" %}</span>{% endif %}\n'
    "{% with key=advice.recommendations|key_recommendations other=advice.recommendations|other_recommendations %}\n"
    '{% if key %}<ul class="recs">{% recommendation_items key compact %}</ul>{% endif %}\n'
    '{% if other %}{% if compact %}<details class="small"><summary>{% blocktranslate count n=other|length %}{{ n }} '
    "more recommendation{% plural %}{{ n }} more recommendations{% endblocktranslate %}</summary>{% endif %}"
    '<ul class="recs">{% recommendation_items other compact %}</ul>{% if compact %}</details>{% endif %}{% endif %}\n'
    "{% endwith %}\n"
)


def _advice(stage: str | None, recs: list[SimpleNamespace]) -> SimpleNamespace:
    return SimpleNamespace(stage=SimpleNamespace(label=stage) if stage else None, recommendations=recs)


ADVICE_CASES = {
    "no advice at all": None,
    "staged, an alert and two others": _advice("Stadium <IIIA>", [
        _rec("S-100B stijgt", kind="alert", severity="warning"), _rec("Controle", source="§5"), _rec("Foto's")]),
    "not staged, one other (singular)": _advice(None, [_rec("Controle & echo", source="§5")]),
    "staged, no recommendations": _advice("IB", []),
}


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize("case", list(ADVICE_CASES))
@pytest.mark.parametrize("compact", [True, ""])
@pytest.mark.parametrize("unavailable", ["", "1"])
def test_advice_summary_matches_the_template_markup(language: str, case: str, compact: object,
                                                    unavailable: str) -> None:
    advice = ADVICE_CASES[case]
    with translation.override(language):
        expected = Template(ADVICE_MARKUP).render(Context(
            {"advice": advice, "advice_unavailable": unavailable, "compact": compact}))
        assert advice_summary(advice, unavailable, compact) == expected


def test_advice_summary_folds_the_others_and_escapes() -> None:
    with translation.override("nl"):
        html = advice_summary(ADVICE_CASES["staged, an alert and two others"], "", True)
        single = advice_summary(ADVICE_CASES["not staged, one other (singular)"], "", True)
    assert "<strong>Stadium &lt;IIIA&gt;</strong>" in html
    assert '<details class="small"><summary>nog 2 aanbevelingen</summary>' in html
    assert "<summary>nog 1 aanbeveling</summary>" in single and "geen stadium vastgelegd" in single
    assert "Controle &amp; echo" in single
