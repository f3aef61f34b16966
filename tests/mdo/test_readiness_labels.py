"""Labels that say what they mean (issue 15): a case that is not ready says what is missing ("pathologie nog niet
gereviseerd"), never the name of the check on an orange tag ("Pathologie gereviseerd" meaning the opposite)."""

from types import SimpleNamespace

import pytest
from django.template import Context, Template
from django.utils import translation

from mdo.templatetags.mdo_tags import readiness_gaps
from zorgpad.pathways.readiness import Item, ItemState


def _readiness(*items: tuple[Item, ItemState]) -> SimpleNamespace:
    return SimpleNamespace(items=[SimpleNamespace(item=i, state=s, ok=s in (ItemState.OK, ItemState.NOT_NEEDED))
                                  for i, s in items])


@pytest.mark.parametrize(("item", "state", "nl", "css"), [
    (Item.PATHOLOGY, ItemState.MISSING, "pathologie nog niet gereviseerd", "danger"),
    (Item.PATHOLOGY, ItemState.UNKNOWN, "revisie pathologie onbekend", "warn"),
    (Item.IMAGING, ItemState.MISSING, "beeldvorming nog niet beschikbaar", "danger"),
    (Item.STAGE, ItemState.MISSING, "geen stadium vastgelegd", "danger"),
    (Item.STAGE, ItemState.UNKNOWN, "stadium onbekend", "warn"),
])
def test_a_gap_is_named_for_what_is_wrong(item, state, nl, css) -> None:
    with translation.override("nl"):
        gaps = readiness_gaps(_readiness((Item.IMAGING, ItemState.OK), (item, state)))
    assert [(g["label"], g["css"]) for g in gaps] == [(nl, css)]


def test_the_overview_tag_no_longer_reads_as_the_opposite() -> None:
    markup = ('{% load mdo_tags %}{% for gap in readiness|readiness_gaps %}<span class="tag {{ gap.css }}">'
              '{{ gap.label }}</span>{% endfor %}')
    with translation.override("nl"):
        html = Template(markup).render(Context({"readiness": _readiness((Item.PATHOLOGY, ItemState.MISSING))}))
    assert html == '<span class="tag danger">pathologie nog niet gereviseerd</span>'
    assert "Pathologie gereviseerd" not in html
