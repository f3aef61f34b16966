"""The agenda's list tags render what the template markup they replaced rendered, escaped."""

from types import SimpleNamespace

from django.template import Context, Template
from django.utils import translation

from mdo.rules.readiness import Item, ItemState
from mdo.templatetags.mdo_tags import readiness_items, recommendation_items


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
