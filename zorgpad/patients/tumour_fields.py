"""Which fields the tumour form shows, by diagnosis: one table, each row citing why the field is asked.

A field is asked for a diagnosis when that diagnosis's care pathway or AJCC 8 chapter uses it (never a guess):

- every diagnosis: what the record itself needs (diagnosis, site, side, dates, status, notes) and the pathology
  source and revision (the MDO readiness checklist, zorgpad/pathways/readiness.py, asks it of every case);
- the smooth-muscle diagnoses (leiomyosarcoma pathway, zorgpad/pathways/lms_2026_03): depth and N/M decide the
  branch (branch.py); the body-site region picks AJCC 8 chapter 40 or 41 (rules.md §1.5); size, FNCLCC grade, N
  and M stage by chapter 41, size, invasion of adjoining structures, N and M by chapter 40; margin and operability
  drive the advice (advice.py) and the follow-up (followup.py);
- cutaneous melanoma (AJCC 8 chapter 47, rules.md §2): Breslow thickness, ulceration, N and M; the resection
  margin (the melanoma pathway discusses adjuvant therapy "na een resectie", after complete resection);
- 'other' (no pathway; staging only by a chapter a clinician chooses, registry.OUTSIDE_STAGING): every field the
  record accepts for it, i.e. all but Breslow thickness and ulceration (Tumour.clean: melanoma only).

A value stored in a field the diagnosis does not ask is never dropped: the form shows it read-only with a note.

To add a field (e.g. a melanoma pathway input): add the model field and its migration, add its name to
`zorgpad.patients.services.TUMOUR_FIELDS` (service and API), and add a row here naming the diagnoses that ask
it and the source. The tumour form takes its fields, their order and their visibility from this table
(tests/patients/test_tumour_fields.py checks that the table and TUMOUR_FIELDS agree).

Pure Python: names and vocabulary only, no Django.
"""

from dataclasses import dataclass

from zorgpad.pathways.vocabulary import (
    M_CATEGORIES,
    MELANOMA_M_CATEGORIES,
    MELANOMA_N_SUBCATEGORIES,
    N_CATEGORIES,
    SMOOTH_MUSCLE,
    STS_M_CATEGORIES,
    STS_N_CATEGORIES,
    Diagnosis,
)

EVERY_DIAGNOSIS: frozenset[Diagnosis] = frozenset(Diagnosis)
_SMOOTH_MUSCLE = frozenset(SMOOTH_MUSCLE)
_MELANOMA = frozenset({Diagnosis.CUTANEOUS_MELANOMA})
_OTHER = frozenset({Diagnosis.OTHER})


@dataclass(frozen=True, slots=True)
class TumourField:
    name: str  # the Tumour model field
    diagnoses: frozenset[Diagnosis]  # the diagnoses whose form asks it
    source: str  # why (for people reading the table; not shown)


# In form order.
FIELDS: tuple[TumourField, ...] = (
    TumourField("diagnosis", EVERY_DIAGNOSIS, "the record"),
    TumourField("diagnosis_other", _OTHER, "Tumour.clean: only for the diagnosis 'other'"),
    TumourField("body_site", EVERY_DIAGNOSIS, "the record"),
    TumourField("body_site_region", _SMOOTH_MUSCLE | _OTHER, "AJCC 8 chapter 40 or 41 (rules.md §1.5)"),
    TumourField("laterality", EVERY_DIAGNOSIS, "the record"),
    TumourField("depth", _SMOOTH_MUSCLE | _OTHER, "leiomyosarcoma pathway branch (lms_2026_03/branch.py)"),
    TumourField("largest_diameter_cm", _SMOOTH_MUSCLE | _OTHER, "AJCC 8 ch. 40/41 T category (rules.md §1.3, §1.5)"),
    TumourField("invasion_adjoining_structures", _SMOOTH_MUSCLE | _OTHER, "AJCC 8 ch. 40 T4 (rules.md §1.5)"),
    TumourField("grade", _SMOOTH_MUSCLE | _OTHER, "AJCC 8 ch. 41 FNCLCC grade (rules.md §1.1-1.3)"),
    TumourField("breslow_mm", _MELANOMA, "AJCC 8 ch. 47 T category (rules.md §2.1)"),
    TumourField("ulceration", _MELANOMA, "AJCC 8 ch. 47 T category (rules.md §2.1)"),
    TumourField("n_category", EVERY_DIAGNOSIS, "AJCC 8 ch. 40/41/47; leiomyosarcoma branch"),
    TumourField("m_category", EVERY_DIAGNOSIS, "AJCC 8 ch. 40/41/47; follow-up outside a pathway (registry)"),
    TumourField("date_of_diagnosis", EVERY_DIAGNOSIS, "the record"),
    TumourField("date_of_surgery", EVERY_DIAGNOSIS, "the record"),
    TumourField("pathology_source", EVERY_DIAGNOSIS, "MDO readiness: pathology revised (readiness.py)"),
    TumourField("revision_status", EVERY_DIAGNOSIS, "MDO readiness: pathology revised (readiness.py)"),
    TumourField("margin", _SMOOTH_MUSCLE | _MELANOMA | _OTHER,
                "leiomyosarcoma advice and follow-up (advice.py, followup.py); melanoma pathway: adjuvant therapy "
                "is discussed after complete resection (melanoma-pathway.md §1, mel.adjuvant-discuss)"),
    TumourField("operable", _SMOOTH_MUSCLE | _OTHER, "leiomyosarcoma advice (advice.py)"),
    TumourField("sentinel_node", _MELANOMA, "melanoma pathway: sentinel-node biopsy (melanoma-pathway.md §1)"),
    TumourField("sentinel_deposit_mm", _MELANOMA, "melanoma pathway: stage IIIA deposit ≤ 1 mm (§1, adjuvant)"),
    TumourField("braf_v600", _MELANOMA, "melanoma pathway: adjuvant options, MDO readiness stage III/IV (§1)"),
    TumourField("kit", _MELANOMA, "melanoma pathway: mutation analysis (§1)"),
    TumourField("melanoma_events", _MELANOMA, "melanoma pathway: in-transit/satellite metastases, recurrences (§1)"),
    TumourField("adjuvant", _MELANOMA, "melanoma pathway: adjuvant systemic therapy and follow-up (§1)"),
    TumourField("adjuvant_start", _MELANOMA, "melanoma pathway: CT during adjuvant therapy (§1)"),
    TumourField("adjuvant_end", _MELANOMA, "melanoma pathway: CT during adjuvant therapy (§1)"),
    TumourField("adjuvant_reason_code", _MELANOMA, "adjuvant therapy not given: the shared deviation reasons"),
    TumourField("adjuvant_reason", _MELANOMA, "adjuvant therapy not given: the reason text"),
    TumourField("status", EVERY_DIAGNOSIS, "the record"),
    TumourField("notes", EVERY_DIAGNOSIS, "the record"),
)

FIELD_NAMES: tuple[str, ...] = tuple(f.name for f in FIELDS)


def fields_for(diagnosis: str | None) -> tuple[str, ...]:
    """The fields the form asks for this diagnosis, in form order. No (or an unknown) diagnosis: the fields
    every diagnosis asks."""
    try:
        chosen: Diagnosis | None = Diagnosis(diagnosis) if diagnosis else None
    except ValueError:
        chosen = None
    if chosen is None:
        return tuple(f.name for f in FIELDS if f.diagnoses == EVERY_DIAGNOSIS)
    return tuple(f.name for f in FIELDS if chosen in f.diagnoses)


# The N and M categories the record offers by diagnosis: those of its AJCC 8 chapter (soft tissue ch. 40/41: N0 N1
# NX, M0 M1; melanoma ch. 47: N with its subcategory, M with the LDH suffix). 'other': every category the record
# holds. A stored category outside these stays offered (never dropped).
_SOFT_TISSUE_TNM = (STS_N_CATEGORIES, STS_M_CATEGORIES)
CATEGORIES: dict[Diagnosis, tuple[tuple[str, ...], tuple[str, ...]]] = {
    Diagnosis.ATYPICAL_INTRADERMAL_SMOOTH_MUSCLE_NEOPLASM: _SOFT_TISSUE_TNM,
    Diagnosis.SUBCUTANEOUS_LEIOMYOSARCOMA: _SOFT_TISSUE_TNM,
    Diagnosis.CUTANEOUS_MELANOMA: (("N0", *MELANOMA_N_SUBCATEGORIES, "NX"), MELANOMA_M_CATEGORIES),
    Diagnosis.OTHER: (N_CATEGORIES, M_CATEGORIES),
}


def categories_for(diagnosis: str | None) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(N categories, M categories) for the diagnosis; no diagnosis: every category the record holds."""
    try:
        return CATEGORIES[Diagnosis(diagnosis)] if diagnosis else (N_CATEGORIES, M_CATEGORIES)
    except ValueError:
        return N_CATEGORIES, M_CATEGORIES
