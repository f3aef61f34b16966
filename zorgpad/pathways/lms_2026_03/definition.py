"""Zorgpad cutaan en subcutaan leiomyosarcoom (Erasmus MC, versie maart 2026): what the document says.

Source: /work/shared/seeds/000_72e006b76359bc01.txt. Citations are the document's headings as printed.
"""

from datetime import date

from zorgpad.pathways.base import (
    BaselineItem,
    CentreDecisionSpec,
    EmergencyContact,
    FollowupSchedule,
    Link,
    MdoRequirement,
    PathwayDefinition,
)
from zorgpad.pathways.text import gettext_noop

TITLE = "Zorgpad cutaan en subcutaan leiomyosarcoom"
VERSION_LABEL = "maart 2026"
SEP = " \N{SINGLE RIGHT-POINTING ANGLE QUOTATION MARK} "  # between a section and its subsection
_P = f"{TITLE} (versie {VERSION_LABEL})"
REVISION_LABEL = "maart 2028"
# Sections of the pathway document (headings as printed).
SRC_PATHWAY = _P
SRC_REVISION = f"{_P}, titelpagina (Uiterste revisie datum: {REVISION_LABEL})"
SRC_CUTANEOUS = f"{_P}, Atypical intradermal smooth muscle neoplasm"
SRC_CUTANEOUS_DIAGNOSTICS = f"{SRC_CUTANEOUS}{SEP}Diagnostiek"
SRC_CUTANEOUS_TREATMENT = f"{SRC_CUTANEOUS}{SEP}Behandeling en follow-up"
SRC_SUBCUTANEOUS = f"{_P}, Subcutaan leiomyosarcoom"
SRC_SUBCUTANEOUS_DIAGNOSTICS = f"{SRC_SUBCUTANEOUS}{SEP}Diagnostiek"
SRC_STAGING = f"{SRC_SUBCUTANEOUS}{SEP}Stadiëring (AJCC 8e editie)"
SRC_MDO = f"{SRC_SUBCUTANEOUS}{SEP}Multidisciplinair overleg (MDO)"
SRC_TRIALS = f"{SRC_SUBCUTANEOUS}{SEP}Deelname studies"
SRC_REFERRAL = f"{SRC_SUBCUTANEOUS}{SEP}Verwijzing en triage"
SRC_THERAPY = f"{SRC_SUBCUTANEOUS}{SEP}Therapie"
SRC_FOLLOWUP = f"{SRC_SUBCUTANEOUS}{SEP}Follow-up"
SRC_EMERGENCY = f"{SRC_SUBCUTANEOUS}{SEP}Contact in spoedgevallen"

BASELINE_MRI_WINDOW = "lms.followup.baseline-mri-window-months"
CENTRE_DECISIONS = (
    # "Verricht een baseline MRI (postoperatief)": the document gives no window. The centre decides it.
    CentreDecisionSpec(
        key=BASELINE_MRI_WINDOW,
        question=gettext_noop("Within how many months after surgery is the postoperative baseline MRI due?"),
        unit="months",
        choices=("1", "2", "3", "4", "5", "6"),
        undecided=gettext_noop(
            "The window for the postoperative baseline MRI is to be decided by the centre (the care pathway gives "
            "none): the follow-up plan does not schedule the MRI until the centre has recorded it."),
        applies_to=("lms.followup",),
        source=SRC_FOLLOWUP,
    ),
)

SECTIONS = {
    "pathway": SRC_PATHWAY, "revision": SRC_REVISION, "cutaneous": SRC_CUTANEOUS,
    "cutaneous.diagnostics": SRC_CUTANEOUS_DIAGNOSTICS, "cutaneous.treatment": SRC_CUTANEOUS_TREATMENT,
    "subcutaneous": SRC_SUBCUTANEOUS, "subcutaneous.diagnostics": SRC_SUBCUTANEOUS_DIAGNOSTICS,
    "staging": SRC_STAGING, "mdo": SRC_MDO, "trials": SRC_TRIALS, "referral": SRC_REFERRAL, "therapy": SRC_THERAPY,
    "followup": SRC_FOLLOWUP, "emergency": SRC_EMERGENCY,
}

DEFINITION = PathwayDefinition(
    id="lms",
    version="2026-03",
    version_label=VERSION_LABEL,
    title=TITLE,
    valid_from=date(2026, 3, 1),
    # The document says "Uiterste revisie datum: maart 2028" (revision due, at the latest, in March 2028).
    # Conservative (patient safety): warn from the first day of that month rather than after 31 March.
    revision_due=date(2028, 3, 1),
    revision_label=REVISION_LABEL,
    authors=("Afdelingen Dermatologie, Chirurgie, Interne Oncologie, Radiotherapie, Pathologie, Radiologie "
             "van het Huidkankercentrum Erasmus MC",),
    codes=("ORPHA 64720",),
    sections=SECTIONS,
    mdo=MdoRequirement(
        mdo_type_key="sarcoma",
        name="MDO Sarcomen",
        schedule_text="Erasmus MC: elke vrijdag 14.00-15.00",
        core_members=("Oncologisch chirurg", "Internist-oncoloog", "Radiotherapeut-oncoloog",
                      "Radioloog en/of nucleair geneeskundige", "Patholoog"),
        optional_members=("Dermatoloog", "Andere specialisten"),
        source=SRC_MDO,
    ),
    followup=FollowupSchedule(
        template_key="lms-subcutaneous",
        name="Subcutaan leiomyosarcoom (zorgpad maart 2026)",
        # "Follow-up is in principe 6-maandelijks gedurende de eerste 5 jaar, daarna op indicatie. Verricht een
        # baseline MRI (postoperatief) gevolgd door follow-up middels klinisch onderzoek en een X Thorax."
        interval_months=6,
        duration_months=60,
        visit_items=("clinical_examination", "chest_xray"),
        # The pathway gives no window for the postoperative baseline MRI: the centre decides it.
        baseline_items=(BaselineItem("mri", centre_decision=BASELINE_MRI_WINDOW),),
        after_end="on indication",
        source=(f"{SRC_FOLLOWUP}: 'Coördineer de opvolging vanuit een expertisecentrum. Follow-up is in principe "
                "6-maandelijks gedurende de eerste 5 jaar, daarna op indicatie. Verricht een baseline MRI "
                "(postoperatief) gevolgd door follow-up middels klinisch onderzoek en een X Thorax.'"),
    ),
    # (who, number, when) exactly as the pathway gives them.
    emergency_contacts=(
        EmergencyContact("Polikliniek dermatologie", "010-7040110", "tijdens kantooruren"),
        EmergencyContact("Oncologische chirurgie", "010-7040251", "tijdens kantooruren"),
        EmergencyContact(
            "Dienstdoende dermatoloog of chirurg via de Spoedeisende Hulp (algemeen nummer Erasmus MC)",
            "010-7040704",
            "buiten kantooruren",
        ),
    ),
    links=(
        Link("Info voor verwijzers", "https://verwijzers.erasmusmc.nl/nl-nl/"),
        Link("Informatievoorziening patiënten",
             "https://www.erasmusmc.nl/nl-nl/kankerinstituut/patientenzorg/aandoeningen/wekedelen-tumoren"
             "#96ac3d16-3799-42e2-8add-b041df36b0ea"),
    ),
    revision_warning=gettext_noop(
        "The care pathway (version March 2026) was due for revision by March 2028: check these "
        "recommendations against the current version."),
    centre_decisions=CENTRE_DECISIONS,
)
