"""Zorgpad cutaan melanoom: the centre's melanoma pathway, derived from the Dutch national guideline
(/work/shared/clinical/melanoma-pathway.md). What the sources say, the choices they leave to the centre, the MDO
and the follow-up schedules.

Decisions where the reference is silent (documented, not clinical):
- valid_from: the day this build brings the pathway (November 2026). The module dates of the guideline could not
  be read, so the pathway asks for its own review yearly (revision_due one year on), with its own warning.
- Emergency numbers: the centre's clinics (the same numbers as on the centre's other pathway).
"""

from datetime import date

from zorgpad.pathways.base import (
    CentreDecisionSpec,
    EmergencyContact,
    FollowupSchedule,
    Link,
    MdoRequirement,
    PathwayDefinition,
    SchedulePhase,
)
from zorgpad.pathways.melanoma_2026_11 import sources as S
from zorgpad.pathways.text import gettext_noop

TITLE = "Zorgpad cutaan melanoom"
VERSION_LABEL = "november 2026"
REVISION_LABEL = "november 2027"

# Centre decisions: the keys.
SIGN_OFF = "mel.pathway-sign-off"
SENTINEL_THRESHOLD = "mel.sentinel-node-threshold"
IMAGING_AT_DIAGNOSIS = "mel.imaging-at-diagnosis"
S100B_USE = "mel.s100b-use"
ADJUVANT_STAGE_II = "mel.adjuvant-stage-iib-iic"
NEOADJUVANT = "mel.neoadjuvant-clinical-nodes"
FOLLOWUP_IB_IIC = "mel.followup-ib-iic"
FOLLOWUP_AFTER_ADJUVANT = "mel.followup-after-adjuvant"
FOLLOWUP_LOCATION = "mel.followup-location"
FOLLOWUP_IIIA_SMALL = "mel.followup-iiia-small-schedule"
IN_TRANSIT_TREATMENT = "mel.in-transit-treatment"
ADJUVANT_CT_INTERVAL = "mel.adjuvant-ct-interval-months"

# The values the centre may record (those the sources name; the basis is free text).
SENTINEL_PT1B = "pT1b-and-higher"
SENTINEL_1MM = "breslow-1.0mm"
SENTINEL_08MM_RISK = "breslow-0.8mm-with-risk-factors"
IIIA_EXAMINATION = "examination-only"
IIIA_ULTRASOUND = "nodal-ultrasound"
CENTRE_PROTOCOL = "centre-protocol"

# Plan templates (one per sourced schedule).
TEMPLATE_IIIB_D = "mel-iiib-d-no-adjuvant"
TEMPLATE_IIIA_EXAMINATION = "mel-iiia-examination"
TEMPLATE_IIIA_ULTRASOUND = "mel-iiia-nodal-ultrasound"
TEMPLATE_ADJUVANT_CT = {"3": "mel-adjuvant-ct-3", "4": "mel-adjuvant-ct-4"}


# The words shown for the values (the values stay the stored codes).
LABELS: tuple[tuple[str, str], ...] = (
    ("signed-off", gettext_noop("signed off for the centre")),
    (SENTINEL_PT1B, gettext_noop("pT1b and higher (Dutch guideline)")),
    (SENTINEL_1MM, gettext_noop("Breslow 1.0 mm or more (EADO 2024)")),
    (SENTINEL_08MM_RISK, gettext_noop("Breslow 0.8 mm or more with the centre's risk factors (EADO 2024)")),
    ("eado-2024", gettext_noop("as EADO 2024")),
    (CENTRE_PROTOCOL, gettext_noop("the centre's protocol (named in the basis)")),
    ("not-used", gettext_noop("not used")),
    ("discuss-in-mdo", gettext_noop("discuss in the MDO")),
    ("not-offered", gettext_noop("not offered")),
    ("melanoma-centre", gettext_noop("in the melanoma centre")),
    ("referring-hospital", gettext_noop("in the referring hospital")),
    ("shared", gettext_noop("shared between both")),
    (IIIA_EXAMINATION, gettext_noop("examination only (RL-FU-III)")),
    (IIIA_ULTRASOUND, gettext_noop("nodal ultrasound (RL-LND)")),
    ("mdo-per-case", gettext_noop("decided per case in the MDO")),
    ("3", gettext_noop("every 3 months")),
    ("4", gettext_noop("every 4 months")),
)


def _spec(key: str, question: str, choices: tuple[str, ...], undecided: str, applies_to: tuple[str, ...],
          source: str, unit: str = "") -> CentreDecisionSpec:
    return CentreDecisionSpec(key=key, question=question, unit=unit, choices=choices, undecided=undecided,
                              applies_to=applies_to, source=source,
                              labels=tuple((value, label) for value, label in LABELS if value in choices))


CENTRE_DECISIONS = (
    _spec(SIGN_OFF, gettext_noop(
        "Has a clinician checked this pathway against the current national guideline and signed it off for the "
        "centre?"), ("signed-off",), gettext_noop(
        "Derived from the national guideline; check against the current version (not yet signed off by the "
        "centre)."), (), S.REFERENCE),
    _spec(SENTINEL_THRESHOLD, gettext_noop(
        "From which primary tumour is a sentinel-node biopsy offered? (pT1b and higher: Dutch guideline; Breslow "
        "1.0 mm or more, or 0.8 mm or more with risk factors: EADO 2024. Name the risk factors in the basis.)"),
        (SENTINEL_PT1B, SENTINEL_1MM, SENTINEL_08MM_RISK), gettext_noop(
        "Sentinel-node biopsy threshold: to be decided by the centre (the Dutch guideline and EADO disagree)."),
        ("mel.sentinel-node",), f"{S.RL}; {S.EADO24}"),
    _spec(IMAGING_AT_DIAGNOSIS, gettext_noop(
        "Which imaging at diagnosis per stage (nodal ultrasound, CT/PET-CT, brain MRI)? (EADO 2024: ultrasound "
        "from IB, CT/PET-CT and brain MRI from IIC; no Dutch rule found.)"), ("eado-2024", CENTRE_PROTOCOL),
        gettext_noop("Imaging at diagnosis: to be decided by the centre (no Dutch rule found)."),
        ("mel.imaging-at-diagnosis",), S.EADO24),
    _spec(S100B_USE, gettext_noop(
        "How is S-100B used (at diagnosis, in follow-up, as a PET/CT trigger)? (The Dutch module's answer could "
        "not be read.)"), ("not-used", CENTRE_PROTOCOL),
        gettext_noop("Use of S-100B: to be decided by the centre."), ("mel.s100b",), S.RL),
    _spec(ADJUVANT_STAGE_II, gettext_noop(
        "Is adjuvant therapy discussed for stage IIB/IIC? (Licensed in the EU and listed by EADO 2024; no Dutch "
        "statement found.)"), ("discuss-in-mdo", "not-offered"),
        gettext_noop("Adjuvant therapy for stage IIB/IIC: to be decided by the centre."),
        ("mel.adjuvant-stage-ii",), S.EADO24),
    _spec(NEOADJUVANT, gettext_noop(
        "Is neoadjuvant therapy discussed for clinically detected nodes? (Listed by EADO 2024; no Dutch statement "
        "found.)"), ("discuss-in-mdo", "not-offered"),
        gettext_noop("Neoadjuvant therapy for clinically detected nodes: to be decided by the centre."),
        ("mel.neoadjuvant",), S.EADO24),
    _spec(FOLLOWUP_IB_IIC, gettext_noop(
        "Which follow-up for stages IB-IIC? (Dutch schedule not found.) A clinician builds the plan from the "
        "template the centre names in the basis."), (CENTRE_PROTOCOL,),
        gettext_noop("Follow-up for stages IB-IIC: to be decided by the centre (Dutch schedule not found)."),
        ("mel.followup.centre",), S.RL),
    _spec(FOLLOWUP_AFTER_ADJUVANT, gettext_noop("Which follow-up after adjuvant therapy? (Not found.)"),
          (CENTRE_PROTOCOL,), gettext_noop("Follow-up after adjuvant therapy: to be decided by the centre."),
          ("mel.followup.after-adjuvant",), S.RL),
    _spec(FOLLOWUP_LOCATION, gettext_noop("Where does melanoma follow-up take place? (Not found.)"),
          ("melanoma-centre", "referring-hospital", "shared"),
          gettext_noop("Where follow-up takes place: to be decided by the centre."),
          ("mel.followup.iiia-small", "mel.followup.iiib-d-no-adjuvant", "mel.followup.adjuvant-ct"), S.RL),
    _spec(FOLLOWUP_IIIA_SMALL, gettext_noop(
        "Stage IIIA with a sentinel-node deposit of 1 mm or less, no adjuvant therapy: examination only "
        "(RL-FU-III) or nodal ultrasound (RL-LND)?"), (IIIA_EXAMINATION, IIIA_ULTRASOUND),
        gettext_noop("Follow-up schedule for stage IIIA with a deposit of 1 mm or less: to be decided by the centre "
                     "(examination only, RL-FU-III, or nodal ultrasound, RL-LND)."),
        ("mel.followup.iiia-small",), f"{S.RL_FU_III}; {S.RL_LND}"),
    _spec(IN_TRANSIT_TREATMENT, gettext_noop(
        "Which treatment options for in-transit metastases? (No current source; the case is discussed in the "
        "melanoma-centre MDO.)"), ("mdo-per-case", CENTRE_PROTOCOL),
        gettext_noop("Treatment options for in-transit metastases: to be decided by the centre."),
        ("mel.in-transit",), S.RL_ORG),
    _spec(ADJUVANT_CT_INTERVAL, gettext_noop("CT interval during adjuvant therapy (the guideline: every 3-4 "
                                             "months)?"), ("3", "4"),
          gettext_noop("CT interval during adjuvant therapy (3 or 4 months): to be decided by the centre."),
          ("mel.imaging-before-adjuvant", "mel.followup.adjuvant-ct"), S.RL_ADJ, unit="months"),
)

IIIB_D = FollowupSchedule(
    template_key=TEMPLATE_IIIB_D,
    name="Melanoom stadium IIIB-IIID zonder adjuvante therapie",
    interval_months=4, duration_months=60,
    visit_items=("clinical_examination", "ct_chest_abdomen"),
    baseline_items=(), after_end="on indication",
    source=f"{S.RL_FU_III}: 'Eerste 2 jaar iedere 4 maanden met ceCT thorax-abdomen'; jaar 3 iedere 6 maanden en "
           "jaar 4-5 iedere 12 maanden zonder beeldvorming; daarna op indicatie.",
    phases=(SchedulePhase(4, 24, ("clinical_examination", "ct_chest_abdomen")),
            SchedulePhase(6, 36, ("clinical_examination",)),
            SchedulePhase(12, 60, ("clinical_examination",))),
)
IIIA_EXAMINATION_SCHEDULE = FollowupSchedule(
    template_key=TEMPLATE_IIIA_EXAMINATION,
    name="Melanoom stadium IIIA (schildwachtklier ≤ 1 mm), alleen onderzoek",
    interval_months=4, duration_months=60, visit_items=("clinical_examination",),
    baseline_items=(), after_end="on indication",
    source=f"{S.RL_FU_III}: 'Eerste 2 jaar iedere 4 maanden met alleen onderzoek van het litteken, de regionale "
           "lymfeklieren en de huid'; jaar 3 iedere 6 maanden, jaar 4-5 iedere 12 maanden; daarna op indicatie.",
    phases=(SchedulePhase(4, 24, ("clinical_examination",)), SchedulePhase(6, 36, ("clinical_examination",)),
            SchedulePhase(12, 60, ("clinical_examination",))),
)
IIIA_ULTRASOUND_SCHEDULE = FollowupSchedule(
    template_key=TEMPLATE_IIIA_ULTRASOUND,
    name="Melanoom stadium IIIA (schildwachtklier ≤ 1 mm), echo lymfeklierstation",
    interval_months=4, duration_months=120, visit_items=("nodal_ultrasound",),
    baseline_items=(), after_end="on indication",
    source=f"{S.RL_LND}: echografie van het betrokken lymfeklierstation iedere 4 maanden in jaar 1-2, iedere 6 "
           "maanden in jaar 3-5, jaarlijks tot jaar 10.",
    phases=(SchedulePhase(4, 24, ("nodal_ultrasound",)), SchedulePhase(6, 60, ("nodal_ultrasound",)),
            SchedulePhase(12, 120, ("nodal_ultrasound",))),
)


def _adjuvant_ct(months: int) -> FollowupSchedule:
    # The plan ends with the adjuvant therapy (its end date); 60 months is only the template's upper bound.
    return FollowupSchedule(
        template_key=TEMPLATE_ADJUVANT_CT[str(months)],
        name=f"Melanoom tijdens adjuvante therapie: CT iedere {months} maanden",
        interval_months=months, duration_months=60, visit_items=("ct_chest_abdomen",),
        baseline_items=(), after_end="end of adjuvant therapy",
        source=f"{S.RL_ADJ}: tijdens adjuvante therapie CT iedere 3-4 maanden (centrumbesluit: {months}).",
    )


DEFINITION = PathwayDefinition(
    id="melanoma",
    version="2026-11",
    version_label=VERSION_LABEL,
    title=TITLE,
    valid_from=date(2026, 11, 1),
    revision_due=date(2027, 11, 1),
    revision_label=REVISION_LABEL,
    authors=("Afgeleid van de Richtlijn Melanoom (richtlijnendatabase.nl) en de consensus van de Nederlandse "
             "melanoomcentra (NVMO/WIN-O 2018)",),
    codes=("AJCC 8",),
    sections={"pathway": S.REFERENCE, "guideline": S.RL, "marge": S.RL_MARGE, "lnd": S.RL_LND, "adj": S.RL_ADJ,
              "fu-ia": S.RL_FU_IA, "fu-iii": S.RL_FU_III, "org": S.RL_ORG, "wino": S.WINO2018, "eado": S.EADO24,
              **{f"centre:{spec.key}": spec.source for spec in CENTRE_DECISIONS}},
    mdo=MdoRequirement(
        # The demo centre's existing regional melanoma MDO; its weekday, time and required specialties are the
        # centre's settings (admin), not the pathway's.
        mdo_type_key="melanoma-regional",
        name="Melanoom-MDO (aangewezen melanoomcentrum)",
        schedule_text="Houd wekelijks een multidisciplinair overleg.",
        core_members=(), optional_members=(),
        source=S.RL_ORG,
    ),
    followup=IIIB_D,
    extra_schedules=(IIIA_EXAMINATION_SCHEDULE, IIIA_ULTRASOUND_SCHEDULE, _adjuvant_ct(3), _adjuvant_ct(4)),
    emergency_contacts=(
        EmergencyContact("Polikliniek dermatologie", "010-7040110", "tijdens kantooruren"),
        EmergencyContact("Oncologische chirurgie", "010-7040251", "tijdens kantooruren"),
        EmergencyContact(
            "Dienstdoende dermatoloog of chirurg via de Spoedeisende Hulp (algemeen nummer Erasmus MC)",
            "010-7040704", "buiten kantooruren"),
    ),
    links=(Link("Richtlijn Melanoom", "https://richtlijnendatabase.nl/richtlijn/melanoom/"),),
    revision_warning=gettext_noop(
        "The melanoma pathway (November 2026) was due for its yearly review by November 2027: check these "
        "recommendations against the current national melanoma guideline."),
    centre_decisions=CENTRE_DECISIONS,
    sign_off_key=SIGN_OFF,
    sign_off_warning=CENTRE_DECISIONS[0].undecided,
)
