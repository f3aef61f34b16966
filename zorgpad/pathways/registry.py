"""The pathways this build knows, and the one decision per tumour that every part of the app uses.

`decide(patient, tumour, today)` answers, once: which pathway (version), which branch, whether and which AJCC
chapter applies, whether routine follow-up applies, and the advice with its alerts. Staging, follow-up, the MDO,
letters and the API ask this module; none of them re-decides.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from zorgpad.pathways import case_report, lms_2026_03, melanoma_2026_11
from zorgpad.pathways.base import (
    EmergencyContact,
    FollowupAdvice,
    Pathway,
    PathwayDefinition,
    Recommendation,
    StagingApplicability,
)
from zorgpad.pathways.facts import CentreFacts, PatientFacts, TumourFacts
from zorgpad.pathways.lms_2026_03.advice import sort_key
from zorgpad.pathways.lms_2026_03.followup import DERMATOLOGIST_CHECKS
from zorgpad.pathways.text import gettext_noop
from zorgpad.pathways.vocabulary import (
    Branch,
    Diagnosis,
    FollowupDecision,
    Kind,
    Severity,
    StagingSystem,
    metastatic,
)

__all__ = ["DERMATOLOGIST_CHECKS", "PATHWAYS", "TumourDecision", "decide", "pathway_for"]

# Every pathway version, newest last. A new version is a new folder and one more entry here.
PATHWAYS: tuple[Pathway, ...] = (lms_2026_03.PATHWAY, melanoma_2026_11.PATHWAY)


def pathway_for(tumour: TumourFacts, today: date | None = None) -> Pathway | None:
    """The pathway version in force on `today` that covers this tumour (the newest when today is None; the oldest
    for a day before any version was in force, as no earlier one exists)."""
    covering = [p for p in PATHWAYS if p.covers(tumour)]
    in_force = [p for p in covering if today is None or p.definition.valid_from <= today]
    if in_force:
        return max(in_force, key=lambda p: p.definition.valid_from)
    return min(covering, key=lambda p: p.definition.valid_from, default=None)


def definitions() -> tuple[PathwayDefinition, ...]:
    return tuple(p.definition for p in PATHWAYS)


def title(pathway_id: str) -> str:
    """The pathway's title as its definitions name it (the id is a code, not for people); the id when unknown."""
    return next((d.title for d in definitions() if d.id == pathway_id), pathway_id)


def recommendation_texts(pathway_id: str) -> dict[str, str]:
    """The pathway's recommendation codes with what they say (English source strings, to translate; parameters as
    in the table), over all its versions, the newest's words last."""
    texts: dict[str, str] = {}
    versions = sorted((p for p in PATHWAYS if p.definition.id == pathway_id), key=lambda p: p.definition.valid_from)
    for pathway in versions:
        texts.update({code: advice.text for code, advice in pathway.advice_table.items()})
    return texts


def newer_version(pathway_id: str, version: str, today: date) -> PathwayDefinition | None:
    """The newest version of the same pathway in force on `today`, when it is not `version` (else None)."""
    in_force = [p.definition for p in PATHWAYS
                if p.definition.id == pathway_id and p.definition.valid_from <= today]
    newest = max(in_force, key=lambda d: d.valid_from, default=None)
    return newest if newest is not None and newest.version != version else None


def definition_of(pathway_id: str, version: str) -> PathwayDefinition | None:
    return next((p.definition for p in PATHWAYS
                 if p.definition.id == pathway_id and p.definition.version == version), None)


CENTRE_CODE_PREFIX = "centre."


def emergency_contacts(tumour: TumourFacts | None) -> tuple[EmergencyContact, ...]:
    """The numbers printed on a letter: the tumour's pathway's; for a tumour outside the pathways, the centre's
    numbers as the first pathway gives them (the same clinics answer)."""
    pathway = pathway_for(tumour) if tumour is not None else None
    return (pathway or PATHWAYS[0]).definition.emergency_contacts


OUTSIDE_STAGING = gettext_noop(
    "No pathway of Zorgpad covers this diagnosis: the AJCC chapter is not chosen automatically; the clinician "
    "chooses it.")
MELANOMA_STAGING = StagingApplicability(applicable=True, system=StagingSystem.MELANOMA)
FOLLOWUP_METASTATIC = gettext_noop(
    "Metastatic disease (M1): follow-up by the treating team; no routine surveillance plan.")
FOLLOWUP_OUTSIDE = gettext_noop(
    "This diagnosis is outside the care pathways: no plan is made automatically. A clinician can build a plan "
    "from an explicitly chosen template.")


def staging_applicability(tumour: TumourFacts, today: date | None = None) -> StagingApplicability:
    pathway = pathway_for(tumour, today)
    if pathway is not None:
        return pathway.staging(tumour)
    if tumour.diagnosis == Diagnosis.CUTANEOUS_MELANOMA:
        return MELANOMA_STAGING  # AJCC 8 chapter 47, whether or not a melanoma pathway is installed
    # Another diagnosis (e.g. an angiosarcoma): staging may apply, but only with a chapter a clinician chooses.
    return StagingApplicability(applicable=True, system=None, reason=OUTSIDE_STAGING)


def followup_advice(patient: PatientFacts, tumour: TumourFacts, today: date | None = None,
                    centre: CentreFacts | None = None) -> FollowupAdvice:
    pathway = pathway_for(tumour, today)
    if pathway is not None:
        return pathway.followup(patient, tumour, centre)
    checks = patient.high_risk is True
    if metastatic(tumour.m):
        return FollowupAdvice(FollowupDecision.NOT_APPLICABLE, FOLLOWUP_METASTATIC, dermatologist_checks=checks,
                              code="metastatic")
    return FollowupAdvice(FollowupDecision.UNDECIDED, FOLLOWUP_OUTSIDE, dermatologist_checks=checks,
                          code="outside_pathway")


def branch(tumour: TumourFacts, today: date | None = None) -> Branch:
    pathway = pathway_for(tumour, today)
    return pathway.branch(tumour) if pathway is not None else Branch.NOT_IN_PATHWAY


def is_malignant(tumour: TumourFacts) -> bool:
    """For counting malignancies: every tumour except a dermis-only atypical intradermal smooth muscle neoplasm
    (the pathway: not malignant). Conservative: 'other' diagnoses count."""
    return branch(tumour) is not Branch.CUTANEOUS


@dataclass(frozen=True, slots=True)
class TumourDecision:
    pathway: PathwayDefinition | None
    branch: Branch
    staging: StagingApplicability
    followup: FollowupAdvice
    imaging_needed: bool
    recommendations: tuple[Recommendation, ...]  # alerts first (danger first), then the pathway's advice
    braf_needed: bool = False  # the MDO checklist asks for the BRAF V600 status

    @property
    def alerts(self) -> tuple[Recommendation, ...]:
        return tuple(r for r in self.recommendations if r.kind is Kind.ALERT)


def undecided_centre_choices(definition: PathwayDefinition, codes: Iterable[str],
                             centre: CentreFacts) -> list[Recommendation]:
    """An alert per centre decision that the given advice needs and the centre has not recorded: the advice
    names the open choice instead of guessing it."""
    wanted = set(codes)
    out = []
    if definition.sign_off_key and centre.get(definition.sign_off_key) is None:
        # Derived from the national guideline: every advice says so until a clinician signs it off for the centre.
        out.append(Recommendation(code=CENTRE_CODE_PREFIX + definition.sign_off_key, kind=Kind.ALERT,
                                  severity=Severity.WARNING, text=definition.sign_off_warning,
                                  source=definition.sections.get("pathway", definition.title)))
    return out + [
        Recommendation(code=CENTRE_CODE_PREFIX + spec.key, kind=Kind.ALERT, severity=Severity.WARNING,
                       text=spec.undecided, source=spec.source)
        for spec in definition.centre_decisions
        if spec.key != definition.sign_off_key and wanted.intersection(spec.applies_to)
        and centre.get(spec.key) is None
    ]


def decide(patient: PatientFacts, tumour: TumourFacts, today: date,
           centre: CentreFacts | None = None) -> TumourDecision:
    """Everything the pathways say about one tumour of one patient on `today`. `centre`: the centre's recorded
    decisions (None = none recorded: every open choice is named as undecided)."""
    pathway = pathway_for(tumour, today)
    centre = centre or CentreFacts()
    recommendations = [
        *case_report.patient_alerts(patient, today, malignant_here=is_malignant(tumour)),
        *case_report.tumour_alerts(patient, tumour),
    ]
    order: dict[str, int] = {}
    if pathway is not None:
        advice = pathway.advise(patient, tumour, today, centre)
        recommendations.extend(advice)
        recommendations.extend(undecided_centre_choices(pathway.definition, (r.code for r in advice), centre))
        order = {rec.code: i for i, rec in enumerate(advice)}
    recommendations.sort(key=lambda rec: sort_key(rec, order))
    return TumourDecision(
        pathway=pathway.definition if pathway is not None else None,
        branch=pathway.branch(tumour) if pathway is not None else Branch.NOT_IN_PATHWAY,
        staging=staging_applicability(tumour, today),
        followup=followup_advice(patient, tumour, today, centre),
        imaging_needed=pathway.imaging_needed(tumour) if pathway is not None else True,
        recommendations=tuple(recommendations),
        braf_needed=pathway.braf_needed(tumour) if pathway is not None else False,
    )


def patient_alerts(patient: PatientFacts, decisions: Iterable[TumourDecision], today: date) -> list[Recommendation]:
    """The patient's alerts, also without a tumour: the patient-level ones (`patient.other_malignancies` counting
    every malignancy), then each tumour's own alerts (each code once), danger first."""
    out = {rec.code: rec for rec in case_report.patient_alerts(patient, today)}
    for decision in decisions:
        for rec in decision.alerts:
            if rec.code not in case_report.PATIENT_ALERT_CODES:
                out.setdefault(rec.code, rec)
    return sorted(out.values(), key=lambda rec: sort_key(rec, {}))
