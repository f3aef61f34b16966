"""The care pathway this build implements, and the sections its recommendations cite."""

from datetime import date

PATHWAY_TITLE = "Zorgpad cutaan en subcutaan leiomyosarcoom"
PATHWAY_ORPHA = "ORPHA 64720"
PATHWAY_VERSION = "maart 2026"
PATHWAY_VERSION_DATE = date(2026, 3, 1)
# The document says "Uiterste revisie datum: maart 2028" (revision due, at the latest, in March 2028).
# Decision (conservative, patient safety): warn from the first day of that month, 1 March 2028, rather than
# after 31 March; a warning a month early costs a check, a month late could mean outdated advice.
PATHWAY_REVISION_DUE = date(2028, 3, 1)
PATHWAY_REVISION_LABEL = "maart 2028"


def revision_overdue(today: date) -> bool:
    """True from PATHWAY_REVISION_DUE on. The caller passes today: rules never read the clock."""
    return today >= PATHWAY_REVISION_DUE


SEP = " \N{SINGLE RIGHT-POINTING ANGLE QUOTATION MARK} "  # between a section and its subsection
_P = f"{PATHWAY_TITLE} (versie {PATHWAY_VERSION})"
# Sections of the pathway document (headings as printed).
SRC_PATHWAY = _P
SRC_REVISION = f"{_P}, titelpagina (Uiterste revisie datum: {PATHWAY_REVISION_LABEL})"
SRC_CUTANEOUS = f"{_P}, Atypical intradermal smooth muscle neoplasm"
SRC_CUTANEOUS_DIAGNOSTICS = f"{SRC_CUTANEOUS}{SEP}Diagnostiek"
SRC_CUTANEOUS_TREATMENT = f"{SRC_CUTANEOUS}{SEP}Behandeling en follow-up"
SRC_SUBCUTANEOUS = f"{_P}, Subcutaan leiomyosarcoom"
SRC_SUBCUTANEOUS_DIAGNOSTICS = f"{SRC_SUBCUTANEOUS}{SEP}Diagnostiek"
SRC_STAGING = f"{SRC_SUBCUTANEOUS}{SEP}Stadiëring (AJCC 8e editie)"
SRC_MDO = f"{SRC_SUBCUTANEOUS}{SEP}Multidisciplinair overleg (MDO)"
SRC_TRIALS = f"{SRC_SUBCUTANEOUS}{SEP}Deelname studies"
SRC_THERAPY = f"{SRC_SUBCUTANEOUS}{SEP}Therapie"
SRC_FOLLOWUP = f"{SRC_SUBCUTANEOUS}{SEP}Follow-up"
# The case report (Dutch): systemic sclerosis as a paraneoplastic sign of a recurrent melanoma.
CASE_REPORT = "Casus: systemische sclerose als paraneoplastische uiting van een recidief melanoom"
SRC_CASE = f"{CASE_REPORT}, Casus"
SRC_CASE_EPIDEMIOLOGY = f"{CASE_REPORT}, Casus; Bespreking{SEP}Epidemiologie"
SRC_CASE_TREATMENT = f"{CASE_REPORT}, Bespreking{SEP}Behandeling"
SRC_CASE_CRITERIA = f"{CASE_REPORT}, inleiding (ACR/EULAR-criteria 2013)"
