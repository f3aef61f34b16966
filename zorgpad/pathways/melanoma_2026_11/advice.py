"""The melanoma pathway's advice for one tumour: every rule of melanoma-pathway.md §1 with its source, and the
items the sources leave to the centre (§2), completed by the centre's recorded decisions ("centre decision of
<date>") or named as "to be decided by the centre". Never an automatic prescription; a missing input is named.

Decisions where the reference is silent (conservative):
- The margin advice is given for every melanoma with its Breslow (or in situ); a missing Breslow names it.
- Stage III/IV includes a node-positive N, M1, in-transit metastases at diagnosis and any recurrence.
- The sentinel-node threshold is asked only for a primary melanoma without a recorded sentinel-node result, M0,
  not in situ and without a recurrence.
"""

from collections.abc import Callable
from datetime import date
from decimal import Decimal

from zorgpad.pathways.base import Advice, Recommendation
from zorgpad.pathways.facts import CentreFacts, PatientFacts, TumourFacts
from zorgpad.pathways.melanoma_2026_11 import definition as D
from zorgpad.pathways.melanoma_2026_11 import sources as S
from zorgpad.pathways.melanoma_2026_11.followup import followup
from zorgpad.pathways.melanoma_2026_11.stage import (
    CLINICALLY_DETECTED_N,
    DEPOSIT_LIMIT_MM,
    HIGH_RISK_III,
    day,
    in_situ,
    in_transit_n_conflict,
    margin_cm,
    melanoma_centre_case,
    positive_node_with_n0,
    stage_iii,
    stage_iv,
    t_at_least_t1b,
)
from zorgpad.pathways.text import gettext_noop
from zorgpad.pathways.vocabulary import (
    AdjuvantStatus,
    FollowupDecision,
    Kind,
    MutationStatus,
    SentinelNode,
    Severity,
    breslow_rounded,
)

R, A = Kind.RECOMMENDATION, Kind.ALERT
INFO, WARNING, DANGER = Severity.INFO, Severity.WARNING, Severity.DANGER

DEFINITIONS: dict[str, Advice] = {
    "alert.melanoma-revision-overdue": Advice(A, WARNING, D.DEFINITION.revision_warning, S.REFERENCE),
    "mel.conflict.sentinel-n0": Advice(R, DANGER, gettext_noop(
        "Conflict: the sentinel node is recorded as positive but the N category as N0. Correct one of them; no "
        "advice depends on it until then."), S.RL_LND),
    "mel.missing.sentinel-deposit": Advice(R, WARNING, gettext_noop(
        "Missing input: the sentinel node is positive but the size of the largest deposit (mm) is not recorded; "
        "it decides adjuvant therapy and follow-up for stage IIIA."), S.RL_FU_III),
    "mel.conflict.in-transit-n": Advice(R, WARNING, gettext_noop(
        "Conflict: in-transit or satellite metastases at diagnosis are part of the N category (N1c, N2c or N3c), "
        "but another N category is recorded. Check the N category."), S.RL_ORG),
    "mel.reexcision-margin": Advice(R, INFO, gettext_noop(
        "Therapeutic re-excision with a margin of %(margin)s cm (Breslow %(breslow)s mm, rounded to 0.1 mm). "
        "Narrower margins may be considered at cosmetically or functionally important sites."), S.RL_MARGE),
    "mel.reexcision-margin.in-situ": Advice(R, INFO, gettext_noop(
        "Melanoma in situ: therapeutic re-excision with a margin of 0.5 cm. Narrower margins may be considered at "
        "cosmetically or functionally important sites."), S.RL_MARGE),
    "mel.reexcision-margin.missing": Advice(R, WARNING, gettext_noop(
        "Missing input: the Breslow thickness is not recorded, so no re-excision margin is given."), S.RL_MARGE),
    "mel.sentinel-node": Advice(R, INFO, gettext_noop(
        "Sentinel-node biopsy: the threshold is to be decided by the centre; no advice until it is recorded."),
        S.EADO24),
    "mel.imaging-at-diagnosis": Advice(R, INFO, gettext_noop(
        "Imaging at diagnosis per stage: follow the centre's decision."), S.EADO24),
    "mel.no-completion-dissection": Advice(R, INFO, gettext_noop(
        "Positive sentinel node: no immediate completion lymph-node dissection. Ultrasound surveillance of the "
        "involved basin every 4 months in years 1-2, every 6 months in years 3-5, yearly up to year 10; a "
        "therapeutic dissection for a regional recurrence."), S.RL_LND),
    "mel.melanoma-centre-mdo": Advice(R, WARNING, gettext_noop(
        "Stage III or IV melanoma (in-transit metastases included): discuss in the MDO of a designated melanoma "
        "centre (weekly) and treat there."), S.RL_ORG),
    "mel.in-transit": Advice(R, INFO, gettext_noop(
        "In-transit or satellite metastases: the treatment options are the centre's to decide; the case goes to "
        "the melanoma-centre MDO."), S.RL_ORG),
    "mel.autoimmune-flag": Advice(R, WARNING, gettext_noop(
        "Pre-existing autoimmune disease (e.g. systemic sclerosis, active or inactive): flag it for the MDO as a "
        "factor in the choice of systemic therapy (a flag, not a contraindication)."), S.WINO2018),
    "mel.adjuvant-discuss": Advice(R, WARNING, gettext_noop(
        "High-risk stage III (IIIB-IIID, or IIIA with a sentinel-node deposit above 1 mm) or resected stage IV: "
        "discuss adjuvant systemic therapy in the melanoma-centre MDO once disease-free after resection. Not an "
        "automatic prescription."), S.RL_ADJ),
    "mel.adjuvant-deposit-missing": Advice(R, WARNING, gettext_noop(
        "Stage IIIA: the size of the largest sentinel-node deposit is missing; it decides whether adjuvant therapy "
        "is discussed (above 1 mm) or not indicated (1 mm or less)."), S.RL_FU_III),
    "mel.no-adjuvant-iiia-small": Advice(R, INFO, gettext_noop(
        "Stage IIIA with a sentinel-node deposit of 1 mm or less: no indication for adjuvant systemic therapy."),
        S.RL_FU_III),
    "mel.adjuvant-stage-ii": Advice(R, INFO, gettext_noop(
        "Stage IIB/IIC: whether adjuvant therapy is discussed is the centre's decision."), S.EADO24),
    "mel.neoadjuvant": Advice(R, INFO, gettext_noop(
        "Clinically detected nodes: whether neoadjuvant therapy is discussed is the centre's decision."), S.EADO24),
    "mel.braf-needed": Advice(R, WARNING, gettext_noop(
        "BRAF V600 status is not recorded: it is needed to choose the systemic options (BRAF/MEK inhibition only "
        "when BRAF V600-mutant)."), S.WINO2018),
    "mel.adjuvant-options.wild-type": Advice(R, INFO, gettext_noop(
        "BRAF V600 wild-type: anti-PD-1 is the option to discuss (BRAF/MEK inhibition only when BRAF "
        "V600-mutant)."), S.WINO2018),
    "mel.adjuvant-options.mutant": Advice(R, INFO, gettext_noop(
        "BRAF V600-mutant: anti-PD-1 or BRAF/MEK inhibition are the options to discuss."), S.WINO2018),
    "mel.systemic-in-centre": Advice(R, INFO, gettext_noop(
        "Systemic therapy is given only in a designated melanoma centre."), S.RL_ORG),
    "mel.imaging-before-adjuvant": Advice(R, INFO, gettext_noop(
        "Before adjuvant therapy starts: CT or PET/CT. During adjuvant therapy: CT every 3-4 months (the "
        "interval is to be decided by the centre)."), S.RL_ADJ),
    "mel.s100b": Advice(R, INFO, gettext_noop("Use of S-100B: follow the centre's decision."), S.RL),
    "mel.followup.in-situ-ia": Advice(R, INFO, gettext_noop(
        "In situ or stage IA: no scheduled follow-up. Give a one-time explanation about melanoma and the risk of UV "
        "radiation, and a clear point of contact."), S.RL_FU_IA),
    "mel.followup.iiia-small": Advice(R, INFO, gettext_noop(
        "Stage IIIA (deposit of 1 mm or less), no adjuvant therapy: every 4 months in years 1-2, every 6 months in "
        "year 3, every 12 months in years 4-5, then on indication; the centre chooses examination only or nodal "
        "ultrasound."), S.RL_FU_III),
    "mel.followup.iiib-d-no-adjuvant": Advice(R, INFO, gettext_noop(
        "Stage IIIB-IIID without adjuvant therapy: every 4 months in years 1-2 with ceCT chest-abdomen; year 3 "
        "every 6 months and years 4-5 every 12 months without imaging; then on indication."), S.RL_FU_III),
    "mel.followup.adjuvant-ct": Advice(R, INFO, gettext_noop(
        "During adjuvant therapy: CT at the centre's interval (3 or 4 months)."), S.RL_ADJ),
    "mel.followup.after-adjuvant": Advice(R, INFO, gettext_noop(
        "Follow-up after adjuvant therapy: undecided, centre to decide."), S.RL),
    "mel.followup.centre": Advice(R, INFO, gettext_noop("Follow-up: undecided, centre to decide."), S.RL),
    "mel.followup.recurrence": Advice(R, INFO, gettext_noop(
        "After a recurrence: follow-up undecided, centre to decide (the melanoma-centre MDO decides the further "
        "policy)."), S.RL_ORG),
    "mel.brain-symptoms": Advice(R, INFO, gettext_noop(
        "Symptoms of (suspected) brain metastases: contact a neurologist the same working day."), S.RL_ORG),
}
ORDER = {code: i for i, code in enumerate(DEFINITIONS)}

# Advice whose text the centre's recorded choice replaces: (key, value) -> text (cites "centre decision of").
SENTINEL_TEXT = {
    "indicated": gettext_noop(
        "Sentinel-node biopsy indicated by the centre's threshold (%(threshold)s; centre decision of %(date)s)."),
    "not-indicated": gettext_noop(
        "No sentinel-node biopsy by the centre's threshold (%(threshold)s; centre decision of %(date)s)."),
    "risk-factors": gettext_noop(
        "Breslow 0.8-1.0 mm: sentinel-node biopsy when the risk factors named in the centre's decision are present "
        "(%(threshold)s; centre decision of %(date)s)."),
    "missing-t": gettext_noop(
        "Sentinel-node biopsy: the centre's threshold (%(threshold)s; centre decision of %(date)s) needs the T "
        "category, which is not recorded."),
    "missing-breslow": gettext_noop(
        "Sentinel-node biopsy: the centre's threshold (%(threshold)s; centre decision of %(date)s) needs the Breslow "
        "thickness, which is not recorded."),
}
DECIDED_TEXT = {
    "mel.imaging-at-diagnosis": gettext_noop(
        "Imaging at diagnosis per stage: %(value)s (centre decision of %(date)s)."),
    "mel.s100b": gettext_noop("Use of S-100B: %(value)s (centre decision of %(date)s)."),
    "mel.adjuvant-stage-ii": gettext_noop(
        "Stage IIB/IIC, adjuvant therapy: %(value)s (centre decision of %(date)s)."),
    "mel.neoadjuvant": gettext_noop(
        "Clinically detected nodes, neoadjuvant therapy: %(value)s (centre decision of %(date)s)."),
    "mel.in-transit": gettext_noop(
        "In-transit or satellite metastases, treatment options: %(value)s (centre decision of %(date)s); the case "
        "goes to the melanoma-centre MDO."),
    "mel.imaging-before-adjuvant": gettext_noop(
        "Before adjuvant therapy starts: CT or PET/CT. During adjuvant therapy: CT every %(value)s months (centre "
        "decision of %(date)s)."),
}
DECIDED_KEY = {"mel.imaging-at-diagnosis": D.IMAGING_AT_DIAGNOSIS, "mel.s100b": D.S100B_USE,
               "mel.adjuvant-stage-ii": D.ADJUVANT_STAGE_II, "mel.neoadjuvant": D.NEOADJUVANT,
               "mel.in-transit": D.IN_TRANSIT_TREATMENT, "mel.imaging-before-adjuvant": D.ADJUVANT_CT_INTERVAL}
FOLLOWUP_CODE = {D.TEMPLATE_IIIB_D: "mel.followup.iiib-d-no-adjuvant",
                 D.TEMPLATE_IIIA_EXAMINATION: "mel.followup.iiia-small", D.TEMPLATE_IIIA_ULTRASOUND:
                 "mel.followup.iiia-small", **{k: "mel.followup.adjuvant-ct" for k in D.TEMPLATE_ADJUVANT_CT.values()}}


def _rec(code: str, params: tuple[tuple[str, str], ...] = (), text: str | None = None) -> Recommendation:
    rec = DEFINITIONS[code].recommend(code, params=params)
    if text is None:
        return rec
    return Recommendation(code=rec.code, kind=rec.kind, severity=rec.severity, text=text, source=rec.source,
                          params=params)


def _decided(code: str, centre: CentreFacts) -> Recommendation:
    recorded = centre.get(DECIDED_KEY[code])
    if recorded is None:
        return _rec(code)
    return _rec(code, (("value", recorded.value), ("date", day(recorded.decided_on))), DECIDED_TEXT[code])


def _sentinel(tumour: TumourFacts, centre: CentreFacts) -> Recommendation:
    recorded = centre.get(D.SENTINEL_THRESHOLD)
    if recorded is None:
        return _rec("mel.sentinel-node")
    params = (("threshold", recorded.value), ("date", day(recorded.decided_on)))
    rounded = breslow_rounded(tumour.breslow_mm) if tumour.breslow_mm is not None else None
    outcome: str
    if recorded.value == D.SENTINEL_PT1B:
        at_least = t_at_least_t1b(tumour.t)
        if at_least is None:
            return _rec("mel.sentinel-node", params, SENTINEL_TEXT["missing-t"])
        outcome = "indicated" if at_least else "not-indicated"
    elif rounded is None:
        return _rec("mel.sentinel-node", params, SENTINEL_TEXT["missing-breslow"])
    elif rounded >= 1:
        outcome = "indicated"
    elif recorded.value == D.SENTINEL_08MM_RISK and rounded >= D_08:
        outcome = "risk-factors"
    else:
        outcome = "not-indicated"
    return _rec("mel.sentinel-node", params, SENTINEL_TEXT[outcome])


D_08 = Decimal("0.8")


def advise(patient: PatientFacts, tumour: TumourFacts, today: date,
           centre: CentreFacts | None = None) -> list[Recommendation]:
    centre = centre or CentreFacts()
    out: list[Recommendation] = []
    add: Callable[[Recommendation], None] = out.append
    if D.DEFINITION.revision_overdue(today):
        add(_rec("alert.melanoma-revision-overdue"))
    if positive_node_with_n0(tumour):
        add(_rec("mel.conflict.sentinel-n0"))
    if tumour.sentinel_node is SentinelNode.POSITIVE and tumour.sentinel_deposit_mm is None:
        add(_rec("mel.missing.sentinel-deposit"))
    if in_transit_n_conflict(tumour):
        add(_rec("mel.conflict.in-transit-n"))
    _margin(tumour, add)
    primary = not tumour.recurrences and not stage_iv(tumour)
    if primary and tumour.sentinel_node is None and not stage_iii(tumour) and not in_situ(tumour):
        add(_sentinel(tumour, centre))
    if primary and not in_situ(tumour):
        add(_decided("mel.imaging-at-diagnosis", centre))
    if tumour.sentinel_node is SentinelNode.POSITIVE and not positive_node_with_n0(tumour):
        add(_rec("mel.no-completion-dissection"))
    if melanoma_centre_case(tumour):
        add(_rec("mel.melanoma-centre-mdo"))
        if tumour.in_transit or tumour.recurrences:
            add(_decided("mel.in-transit", centre))
        if patient.systemic_sclerosis or patient.possible_ssc or patient.autoimmune_disease:
            add(_rec("mel.autoimmune-flag"))
    _systemic(tumour, centre, add)
    add(_decided("mel.s100b", centre))
    _followup(patient, tumour, centre, add)
    add(_rec("mel.brain-symptoms"))
    return out


def _margin(tumour: TumourFacts, add: Callable[[Recommendation], None]) -> None:
    margin = margin_cm(tumour)
    if in_situ(tumour):
        add(_rec("mel.reexcision-margin.in-situ"))
    elif margin is None:
        add(_rec("mel.reexcision-margin.missing"))
    else:
        assert tumour.breslow_mm is not None
        add(_rec("mel.reexcision-margin", (("margin", str(margin)),
                                            ("breslow", str(breslow_rounded(tumour.breslow_mm))))))


def adjuvant_indicated(tumour: TumourFacts) -> bool | None:
    """RL-ADJ in AJCC 8 terms: IIIB-IIID, IIIA with a deposit above 1 mm, or stage IV. None: the deposit of a IIIA
    is missing (or conflicts), so it cannot be said."""
    if positive_node_with_n0(tumour):
        return None
    if stage_iv(tumour) or tumour.stage in HIGH_RISK_III:
        return True
    if tumour.stage == "IIIA":
        if tumour.sentinel_deposit_mm is None:
            return None
        return tumour.sentinel_deposit_mm > DEPOSIT_LIMIT_MM
    return False


def _systemic(tumour: TumourFacts, centre: CentreFacts, add: Callable[[Recommendation], None]) -> None:
    indicated = adjuvant_indicated(tumour)
    if tumour.stage == "IIIA" and indicated is None and not positive_node_with_n0(tumour):
        add(_rec("mel.adjuvant-deposit-missing"))
    elif tumour.stage == "IIIA" and indicated is False:
        add(_rec("mel.no-adjuvant-iiia-small"))
    if tumour.stage in ("IIB", "IIC"):
        add(_decided("mel.adjuvant-stage-ii", centre))
    if tumour.n in CLINICALLY_DETECTED_N and not stage_iv(tumour):
        add(_decided("mel.neoadjuvant", centre))
    if not indicated:
        if tumour.adjuvant in (AdjuvantStatus.PLANNED, AdjuvantStatus.ONGOING):
            add(_decided("mel.imaging-before-adjuvant", centre))
        return
    add(_rec("mel.adjuvant-discuss"))
    if tumour.braf_v600 is MutationStatus.WILD_TYPE:
        add(_rec("mel.adjuvant-options.wild-type"))
    elif tumour.braf_v600 is MutationStatus.MUTANT:
        add(_rec("mel.adjuvant-options.mutant"))
    else:
        add(_rec("mel.braf-needed"))
    add(_rec("mel.systemic-in-centre"))
    if tumour.adjuvant is not AdjuvantStatus.NOT_GIVEN:
        add(_decided("mel.imaging-before-adjuvant", centre))


def _followup(patient: PatientFacts, tumour: TumourFacts, centre: CentreFacts,
              add: Callable[[Recommendation], None]) -> None:
    decision = followup(patient, tumour, centre)
    if decision.decision is FollowupDecision.NO_ROUTINE:
        add(_rec("mel.followup.in-situ-ia"))
    elif decision.decision is FollowupDecision.ROUTINE:
        add(_rec(FOLLOWUP_CODE[decision.template_key]))
    elif tumour.adjuvant is AdjuvantStatus.FINISHED and not tumour.recurrences:
        add(_rec("mel.followup.after-adjuvant"))
    elif decision.code == "centre_to_decide":
        if tumour.adjuvant in (AdjuvantStatus.PLANNED, AdjuvantStatus.ONGOING):
            add(_rec("mel.followup.adjuvant-ct"))
        elif tumour.recurrences:
            add(_rec("mel.followup.recurrence"))
        elif tumour.stage == "IIIA":
            add(_rec("mel.followup.iiia-small"))
        else:
            add(_rec("mel.followup.centre"))
