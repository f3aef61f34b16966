"""Every message of the staging and pathway catalogues has a Dutch translation (nothing fuzzy, nothing empty)."""

import json
import re
from pathlib import Path

import pytest
from django.utils import translation

from zorgpad.pathways import case_report
from zorgpad.pathways.lms_2026_03 import advice as advisor
from zorgpad.pathways.ssc import ITEM_LABELS

ROOT = Path(__file__).resolve().parents[2]
CATALOGUES = [
    ROOT / "staging/locale/nl/LC_MESSAGES/django.po",
    ROOT / "zorgpad/pathway/locale/nl/LC_MESSAGES/django.po",
]


def _entries(path: Path) -> list[tuple[str, list[str], bool]]:
    entries = []
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        msgid: list[str] = []
        msgstrs: list[str] = []
        current: list[str] | None = None
        for line in block.splitlines():
            if line.startswith("msgid "):
                current = msgid
            elif line.startswith("msgid_plural "):
                current = None
            elif line.startswith("msgstr"):
                msgstrs.append("")
                current = None
            if line.startswith(("msgid ", "msgstr", '"')) and '"' in line:
                text = json.loads(line[line.index('"'):])
                if current is msgid and line.startswith(("msgid ", '"')):
                    msgid.append(text)
                elif line.startswith("msgstr") or (current is None and msgstrs and line.startswith('"')):
                    msgstrs[-1] += text
        entries.append(("".join(msgid), msgstrs, "#, fuzzy" in block))
    return entries


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_catalogue_is_complete(path: Path) -> None:
    entries = [e for e in _entries(path) if e[0]]
    assert len(entries) > 50
    for msgid, msgstrs, fuzzy in entries:
        assert not fuzzy, msgid
        assert msgstrs and all(msgstrs), f"untranslated: {msgid}"
        for placeholder in re.findall(r"%\(\w+\)s", msgid):
            assert all(placeholder in s for s in msgstrs), f"{placeholder} lost in the translation of {msgid}"
    assert (path.with_suffix(".mo")).exists()


def test_every_recommendation_and_criterion_speaks_dutch() -> None:
    with translation.override("nl"):
        for code, definition in {**advisor.DEFINITIONS, **case_report.DEFINITIONS}.items():
            assert translation.gettext(definition.text) != definition.text, code
        for item, label in ITEM_LABELS.items():
            assert translation.gettext(label) != label or label == "Score", item
