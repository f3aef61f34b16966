"""Code systems, codes and profile URLs used in the resources, each with where it is defined.

Only codes looked up in their source are used; where none is known the element carries text only (never an
invented code).
"""

FHIR_VERSION = "4.0.1"
FHIR_JSON = "application/fhir+json"

# --- identifiers -------------------------------------------------------------------------------------------
# BSN: the Dutch NamingSystem, as nl-core-Patient's identifier slice `bsn` fixes it
# (Nictiz nl-core R4, e.g. SanteonNL/scp-poc-gf input/fsh/xis-data: identifier.system "http://fhir.nl/fhir/
# NamingSystem/bsn").
BSN_SYSTEM = "http://fhir.nl/fhir/NamingSystem/bsn"
# The hospital number's system is the hospital's own: settings.ZORGPAD_FHIR_HOSPITAL_NUMBER_SYSTEM.
# AGB code of a care provider (Vektis), the Dutch NamingSystem used by nl-core-HealthProfessional-Practitioner.
AGB_SYSTEM = "http://fhir.nl/fhir/NamingSystem/agb-z"

# --- profiles --------------------------------------------------------------------------------------------
# nl-core-Patient (Nictiz, zib2020 R4): claimed by the Patient resource.
NL_CORE_PATIENT = "http://nictiz.nl/fhir/StructureDefinition/nl-core-Patient"

# --- HumanName extensions (HL7 core extensions, used by nl-core-NameInformation) ------------------------
# http://hl7.org/fhir/R4/extension-humanname-own-prefix.html and siblings; the assembly order carries the
# zib's name usage NL1..NL4 (code system name-assembly-order, see zorgpad.patients.names).
EXT_ASSEMBLY_ORDER = "http://hl7.org/fhir/StructureDefinition/humanname-assembly-order"
EXT_OWN_PREFIX = "http://hl7.org/fhir/StructureDefinition/humanname-own-prefix"
EXT_OWN_NAME = "http://hl7.org/fhir/StructureDefinition/humanname-own-name"
EXT_PARTNER_PREFIX = "http://hl7.org/fhir/StructureDefinition/humanname-partner-prefix"
EXT_PARTNER_NAME = "http://hl7.org/fhir/StructureDefinition/humanname-partner-name"
# iso21090-EN-qualifier "IN" marks given names written as initials (nl-core-NameInformation.GivenName).
EXT_EN_QUALIFIER = "http://hl7.org/fhir/StructureDefinition/iso21090-EN-qualifier"

# --- terminology ---------------------------------------------------------------------------------------
SNOMED = "http://snomed.info/sct"
LOINC = "http://loinc.org"
UCUM = "http://unitsofmeasure.org"
ORPHANET = "http://www.orpha.net"
CONDITION_CLINICAL = "http://terminology.hl7.org/CodeSystem/condition-clinical"
CONDITION_VERIFICATION = "http://terminology.hl7.org/CodeSystem/condition-ver-status"
CONDITION_CATEGORY = "http://terminology.hl7.org/CodeSystem/condition-category"
OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
DATA_ABSENT = "http://terminology.hl7.org/CodeSystem/data-absent-reason"

# mCODE (HL7 minimal Common Oncology Data Elements) TNM observations, LOINC codes as mCODE STU1/2 bind them
# (HL7/fhir-mCODE-ig, profiles TNMClinical*/TNMPathological*; e.g. TNMClinicalPrimaryTumorCategory code =
# LNC#21905-5, TNMPathologicalPrimaryTumorCategory code = LNC#21899-0; stage groups LNC#21908-9 "Stage
# group.clinical Cancer" and LNC#21902-2 "Stage group.pathology Cancer").
TNM_LOINC = {
    "clinical": {"stage": ("21908-9", "Stage group.clinical Cancer"),
                 "t": ("21905-5", "Primary tumor.clinical [Class] Cancer"),
                 "n": ("21906-3", "Regional lymph nodes.clinical [Class] Cancer"),
                 "m": ("21907-1", "Distant metastases.clinical [Class] Cancer")},
    "pathological": {"stage": ("21902-2", "Stage group.pathology Cancer"),
                     "t": ("21899-0", "Primary tumor.pathology Cancer"),
                     "n": ("21900-6", "Regional lymph nodes.pathology Cancer"),
                     "m": ("21901-4", "Distant metastases.pathology Cancer")},
}
# The staging method, as mCODE's examples code it: SNOMED 897275008 "American Joint Commission on Cancer, Cancer
# Staging Manual, 8th edition neoplasm staging system (tumor staging)" (mCODE CancerStagingMethodVS).
AJCC8_METHOD = ("897275008", "American Joint Commission on Cancer, Cancer Staging Manual, 8th edition neoplasm "
                             "staging system (tumor staging)")
# mCODE TumorSize: code = LNC#21889-1 "Size Tumor".
TUMOUR_SIZE = ("21889-1", "Size Tumor")
# Histological grade: LNC#33732-9 "Histology grade [Identifier] in Cancer specimen" (the code mCODE-based
# profiles use for the grade, e.g. the German oncology module's "grading" profile).
HISTOLOGICAL_GRADE = ("33732-9", "Histology grade [Identifier] in Cancer specimen")

# Laterality (mCODE LateralityQualifierVS, SNOMED qualifier values): midline has no code there, so text only.
LATERALITY_SNOMED = {
    "left": ("7771000", "Left"),
    "right": ("24028007", "Right"),
    "bilateral": ("51440002", "Right and left"),
}

# The multidisciplinary team meeting, after the zib2020 draft nl-core-MultidisciplinaryTeamMeeting (Nictiz/
# Nictiz-R4-zib2020, branch zib-MultidisciplinaryTeamMeeting: an Encounter of type SNOMED 384682003
# "multidisciplinaire zorgbespreking", and nl-core-MultidisciplinaryTeamMeeting.Plan, a CarePlan). A draft: the
# profiles are not claimed.
MDO_ENCOUNTER_TYPE = ("384682003", "multidisciplinaire zorgbespreking")

# UCUM units of the tumour markers (zorgpad.pathways.vocabulary.MarkerUnit values are UCUM codes).
UCUM_DISPLAY = {"ug/L": "µg/L", "ng/L": "ng/L", "ng/mL": "ng/mL", "U/L": "U/L"}
