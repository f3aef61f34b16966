import re
from pathlib import Path

import pytest
from django.utils import translation

from followup import rule_texts
from followup.rules import schedule

PO = Path(__file__).resolve().parents[2] / "followup" / "locale" / "nl" / "LC_MESSAGES" / "django.po"

RULE_MESSAGES = [
    schedule.REASON_NO_ROUTINE_CUTANEOUS, schedule.REASON_SUBCUTANEOUS, schedule.REASON_CUTANEOUS_WITH_SUBCUTIS,
    schedule.REASON_EXPLICIT,
]


def test_every_message_of_the_catalogue_is_translated() -> None:
    text = PO.read_text(encoding="utf-8")
    assert "#, fuzzy" not in text
    # An empty msgstr followed by a blank line (not a continuation line) is an untranslated entry.
    assert re.findall(r'\nmsgstr ""\n\n', text) == []
    assert re.findall(r'\nmsgstr\[\d\] ""\n', text) == []


@pytest.mark.parametrize("message", RULE_MESSAGES)
def test_rule_messages_are_marked_and_translated(message: str) -> None:
    assert message in rule_texts.RULE_TEXTS
    with translation.override("nl"):
        assert translation.gettext(message) != message


def test_every_refusal_message_is_translated() -> None:
    from datetime import date

    spec = schedule.PlanTemplateSpec(6, 60, ("clinical_examination",), ())
    cases = [
        schedule.PlanInputs(schedule.Diagnosis.MELANOMA, None, None, date(2026, 1, 1)),
        schedule.PlanInputs(schedule.Diagnosis.CUTANEOUS, None, None, None),
        schedule.PlanInputs(schedule.Diagnosis.CUTANEOUS, schedule.Depth.DERMIS, None, None),
        schedule.PlanInputs(schedule.Diagnosis.CUTANEOUS, schedule.Depth.DERMIS, schedule.Margin.R1, None),
        schedule.PlanInputs(schedule.Diagnosis.SUBCUTANEOUS_LMS, None, None, None),
        schedule.PlanInputs(schedule.Diagnosis.SUBCUTANEOUS_LMS, None, schedule.Margin.NOT_RESECTED, None),
    ]
    with translation.override("nl"):
        for case in cases:
            reason = schedule.decide(case, spec).reason
            assert reason in rule_texts.RULE_TEXTS
            assert translation.gettext(reason) != reason
