import re
from pathlib import Path

import pytest
from django.utils import translation

from followup.rules import schedule
from tests.followup.rules.test_schedule import inputs
from zorgpad.pathways.lms_2026_03 import followup as lms_followup
from zorgpad.pathways.vocabulary import Depth, Diagnosis, Margin

PO = Path(__file__).resolve().parents[2] / "followup" / "locale" / "nl" / "LC_MESSAGES" / "django.po"

RULE_MESSAGES = [
    lms_followup.REASON_NO_ROUTINE_CUTANEOUS, lms_followup.REASON_SUBCUTANEOUS,
    lms_followup.REASON_CUTANEOUS_WITH_SUBCUTIS, lms_followup.REASON_METASTATIC, lms_followup.DERMATOLOGIST_CHECKS,
    schedule.REASON_EXPLICIT,
]


def test_every_message_of_the_catalogue_is_translated() -> None:
    text = PO.read_text(encoding="utf-8")
    assert "#, fuzzy" not in text
    # An empty msgstr followed by a blank line (not a continuation line) is an untranslated entry.
    assert re.findall(r'\nmsgstr ""\n\n', text) == []
    assert re.findall(r'\nmsgstr\[\d\] ""\n', text) == []


@pytest.mark.parametrize("message", RULE_MESSAGES)
def test_rule_messages_are_translated(message: str) -> None:
    with translation.override("nl"):
        assert translation.gettext(message) != message


def test_every_refusal_message_is_translated() -> None:
    from datetime import date

    spec = schedule.PlanTemplateSpec(6, 60, ("clinical_examination",), ())
    lms = Diagnosis.SUBCUTANEOUS_LEIOMYOSARCOMA
    cutaneous = Diagnosis.ATYPICAL_INTRADERMAL_SMOOTH_MUSCLE_NEOPLASM
    cases = [
        inputs(Diagnosis.CUTANEOUS_MELANOMA, None, None, date(2026, 1, 1)),
        inputs(cutaneous, None, None, None),
        inputs(cutaneous, Depth.DERMIS, None, None),
        inputs(cutaneous, Depth.DERMIS, Margin.R1, None),
        inputs(cutaneous, Depth.DERMIS, Margin.R0, None, n="N1"),
        inputs(lms, None, None, None),
        inputs(lms, None, Margin.NOT_RESECTED, None),
        inputs(lms, Depth.SUBCUTIS, Margin.R0, None, m="M1"),
    ]
    with translation.override("nl"):
        for case in cases:
            reason = schedule.decide(case, spec).reason
            assert translation.gettext(reason) != reason, reason
