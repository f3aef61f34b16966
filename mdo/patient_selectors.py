"""Reads of one patient's MDO history, for the patient page and the apps that build on it (follow-up letters,
the FHIR export, the pathway's MDO item): the patient's cases with decision, amendments and letters, the final
decisions as they stand, and the status of each tumour's MDO item.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db.models import Prefetch

from mdo.models import (
    ACTIVE_CASE_STATUSES,
    CaseStatus,
    DecisionStatus,
    Intent,
    MdoCase,
    MdoDecision,
    MdoDecisionAmendment,
    MdoLetter,
    specialty_label,
)
from mdo.selectors import _amendments_by_decision, effective_advice

# --- patient page and follow-up ---------------------------------------------------------------------


@dataclass
class PatientCaseRow:
    case: MdoCase
    decision: MdoDecision | None
    amendments: list[MdoDecisionAmendment]
    letters: list[MdoLetter]

    @property
    def effective(self) -> Any:
        return effective_advice(self.decision, self.amendments) if self.decision else None


def mdo_patient_cases(*, patient: Any) -> list[PatientCaseRow]:
    """Every MDO case of the patient (newest session first) with decision, amendments and letters: 5 queries
    (1 when the patient has no case)."""
    # Most patients are never discussed: a plain existence check costs a quarter of the joined read below.
    if not MdoCase.objects.filter(patient=patient).exists():
        return []
    cases = list(
        MdoCase.objects.filter(patient=patient).select_related("session__mdo_type", "tumour")
        .order_by("-session__date", "-id")
    )
    decisions = {
        d.case_id: d
        for d in MdoDecision.objects.filter(case__patient=patient).select_related("finalised_by")
        .prefetch_related(Prefetch("letters", queryset=MdoLetter.objects.order_by("version")))
    }
    amendments = _amendments_by_decision(d.pk for d in decisions.values())
    rows = []
    for case in cases:
        decision = decisions.get(case.pk)
        rows.append(PatientCaseRow(
            case=case, decision=decision,
            amendments=amendments.get(decision.pk, []) if decision else [],
            letters=list(decision.letters.all()) if decision else [],
        ))
    return rows


@dataclass(frozen=True)
class PatientDecision:
    """A final MDO decision as it stands (amendments applied)."""

    case_external_id: Any
    session_date: date
    mdo_type_name: str
    mdo_type_code: str
    tumour: Any
    intent: str
    intent_label: str
    next_steps: list[str]
    next_step_label: str
    text: str
    finalised_at: datetime
    finalised_by: Any
    amended: bool
    amended_at: datetime | None
    amendment_reason: str
    quorum_met: bool | None


def patient_decisions(*, patient: Any) -> list[PatientDecision]:
    """Final decisions of the patient's MDO cases, newest first, with amendments applied (2 queries)."""
    decisions = list(
        MdoDecision.objects.filter(case__patient=patient, status=DecisionStatus.FINAL)
        .select_related("case__session__mdo_type", "case__tumour", "finalised_by")
        .order_by("-case__session__date", "-finalised_at", "-id")
    )
    amendments = _amendments_by_decision(d.pk for d in decisions)
    result = []
    for d in decisions:
        own = amendments.get(d.pk, [])
        advice = effective_advice(d, own)
        assert d.finalised_at is not None
        result.append(PatientDecision(
            case_external_id=d.case.external_id,
            session_date=d.case.session.date,
            mdo_type_name=d.case.session.mdo_type.name,
            mdo_type_code=d.case.session.mdo_type.code,
            tumour=d.case.tumour,
            intent=advice.intent,
            intent_label=str(Intent(advice.intent).label) if advice.intent else "",
            next_steps=list(advice.next_steps or []),
            next_step_label=advice.next_step_label,
            text=advice.text,
            finalised_at=d.finalised_at,
            finalised_by=d.finalised_by,
            amended=bool(own),
            amended_at=own[-1].created_at if own else None,
            amendment_reason=own[-1].reason if own else "",
            quorum_met=d.quorum_met,
        ))
    return result


def specialty_labels(codes: Iterable[str]) -> list[str]:
    return [specialty_label(c) for c in codes]



def mdo_item_statuses(tumours: list[Any]) -> dict[int, dict[str, Any]]:
    """What the MDO record shows about the pathway's MDO item (registered for zorgpad.pathway): the newest case
    of each tumour that was not withdrawn: discussed (or a final decision) = done, registered = in progress."""
    from zorgpad.pathways.registry import definitions
    from zorgpad.pathways.vocabulary import ItemStatus

    melanoma_mdo = {d.mdo.mdo_type_key for d in definitions() if d.id == "melanoma"}
    out: dict[int, dict[str, Any]] = {}
    cases = (MdoCase.objects.filter(tumour__in=[t.pk for t in tumours], status__in=ACTIVE_CASE_STATUSES)
             .order_by("tumour_id", "-session__date", "-id")
             .values("tumour_id", "status", "decision__status", "session__mdo_type__code"))
    for case in cases:
        statuses = out.setdefault(case["tumour_id"], {})
        # The melanoma pathway: the item is done once the case is registered in the MDO type its definition names
        # (the melanoma-centre MDO), in any of the tumour's active cases.
        if case["session__mdo_type__code"] in melanoma_mdo:
            statuses["mel.melanoma-centre-mdo"] = ItemStatus.DONE
        if "lms.mdo" in statuses:
            continue  # the newest case of the tumour decides
        done = case["status"] == CaseStatus.DISCUSSED or case["decision__status"] == DecisionStatus.FINAL
        statuses["lms.mdo"] = ItemStatus.DONE if done else ItemStatus.IN_PROGRESS
    return out
