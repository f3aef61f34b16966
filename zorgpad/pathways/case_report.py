"""Alerts from the case report and the pathway's introduction that belong to the patient, whatever tumour
(if any) is recorded: paraneoplastic screening, tumour syndrome, HLRCC, the S-100B series, the risk profile.

Sources: the case report "systemic sclerosis as a paraneoplastic sign of a recurrent melanoma" and the
leiomyosarcoma pathway's introduction (both in /work/shared/seeds/). Decisions where they are silent:
- SSc counts whether recorded as active or inactive: a past SSc still makes a malignancy paraneoplastic-suspect
  and immunotherapy still risks a flare.
- Another autoimmune disease whose ACR/EULAR 2013 score is >= 9 raises the paraneoplastic alert as "possible
  SSc (classification criteria met)" with a prompt to record it as SSc: the criteria classify, they do not
  diagnose.
- "Multiple malignancies" = at least two malignancies (the tumour in question, if malignant, plus the others).
- S-100B: the case report gives no threshold. Values are compared in µg/L (units converted; a value without a
  known unit is listed for review and never compared). With the lab's upper reference limit known (of the latest
  value), a latest value above that limit after a rise in the series keeps the restaging alert (0.08 -> 0.35 ->
  0.33 µg/L with limit 0.10 alerts); a rise that stays at or below the limit is information only. Without a
  known limit, the latest two values are compared (a rise alerts) and the text says the range is unknown.
"""

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from zorgpad.pathways.base import Advice, Recommendation
from zorgpad.pathways.facts import Measurement, PatientFacts, TumourFacts

# The pathway's introduction and referral section hold the patient-level advice on syndromes and risk.
from zorgpad.pathways.lms_2026_03.definition import SRC_CUTANEOUS, SRC_REFERRAL
from zorgpad.pathways.text import gettext_noop
from zorgpad.pathways.vocabulary import Diagnosis, Kind, Severity, to_ug_per_l

TITLE = "Casus: systemische sclerose als paraneoplastische uiting van een recidief melanoom"
SEP = " \N{SINGLE RIGHT-POINTING ANGLE QUOTATION MARK} "
SRC_CASE = f"{TITLE}, Casus"
SRC_CASE_EPIDEMIOLOGY = f"{TITLE}, Casus; Bespreking{SEP}Epidemiologie"
SRC_CASE_TREATMENT = f"{TITLE}, Bespreking{SEP}Behandeling"
SRC_CASE_CRITERIA = f"{TITLE}, inleiding (ACR/EULAR-criteria 2013)"
SOURCES = (SRC_CASE, SRC_CASE_EPIDEMIOLOGY, SRC_CASE_TREATMENT, SRC_CASE_CRITERIA)

A, R = Kind.ALERT, Kind.RECOMMENDATION
INFO, WARNING, DANGER = Severity.INFO, Severity.WARNING, Severity.DANGER


DEFINITIONS: dict[str, Advice] = {
    "alert.paraneoplastic": Advice(A, DANGER, gettext_noop(
        "Systemic sclerosis with anti-RNA polymerase III and/or a (previous) malignancy: consider "
        "paraneoplastic SSc and screen for a (recurrent) malignancy, e.g. with PET-CT."), SRC_CASE_EPIDEMIOLOGY),
    "alert.paraneoplastic-possible-ssc": Advice(A, DANGER, gettext_noop(
        "Possible SSc (classification criteria met) with anti-RNA polymerase III and/or a (previous) malignancy: "
        "consider paraneoplastic SSc and screen for a (recurrent) malignancy, e.g. with PET-CT. The criteria "
        "classify, they do not diagnose: record the disease as systemic sclerosis if the diagnosis is made."),
        SRC_CASE_EPIDEMIOLOGY),
    "alert.record-ssc": Advice(A, WARNING, gettext_noop(
        "An autoimmune disease recorded as 'other' meets the ACR/EULAR 2013 classification criteria for systemic "
        "sclerosis (score 9 or more): check the diagnosis and record it as systemic sclerosis."), SRC_CASE_CRITERIA),
    "alert.immunotherapy-autoimmune": Advice(A, DANGER, gettext_noop(
        "Melanoma in a patient with an autoimmune disease (e.g. systemic sclerosis): immunotherapy can "
        "worsen the autoimmune disease. Weigh this in the MDO (in the case report adjuvant immunotherapy "
        "was withheld and surgery was preferred)."), SRC_CASE_TREATMENT),
    "alert.marker-rise": Advice(A, WARNING, gettext_noop(
        "S-100B is rising above the lab's upper reference limit: consider restaging (e.g. PET-CT)."), SRC_CASE),
    "alert.marker-rise-range-unknown": Advice(A, WARNING, gettext_noop(
        "S-100B is rising (the lab's reference range is not recorded): consider restaging (e.g. PET-CT)."),
        SRC_CASE),
    "alert.marker-rise-within-range": Advice(A, INFO, gettext_noop(
        "S-100B rose but stays within the lab's reference range: information, not a restaging alert."), SRC_CASE),
    "alert.marker-unit-unknown": Advice(A, WARNING, gettext_noop(
        "S-100B value(s) without a known unit: review them; they are not compared with other values."), SRC_CASE),
    "alert.tumour-syndrome": Advice(A, WARNING, gettext_noop(
        "Multiple malignancies: consider a tumour syndrome."), SRC_CUTANEOUS),
    "alert.hlrcc": Advice(A, WARNING, gettext_noop(
        "Multiple leiomyomas: consider HLRCC syndrome (hereditary leiomyomatosis and renal cell cancer)."),
        SRC_CUTANEOUS),
    "alert.record-risk-profile": Advice(A, WARNING, gettext_noop(
        "Immunosuppression without a recorded risk profile: record the patient's risk profile for skin "
        "malignancies (first visit)."), SRC_REFERRAL),
}


# The alerts that belong to the patient (patient_alerts); the others depend on a tumour (tumour_alerts).
PATIENT_ALERT_CODES = frozenset(DEFINITIONS) - {"alert.immunotherapy-autoimmune"}


def rec(code: str) -> Recommendation:
    return DEFINITIONS[code].recommend(code)


@dataclass(frozen=True, slots=True)
class MarkerTrend:
    code: str | None  # the alert to give, or None
    unknown_unit: tuple[Measurement, ...]


def _in_ug_l(measurement: Measurement) -> tuple[Decimal, Decimal | None] | None:
    if measurement.unit is None:
        return None
    value = to_ug_per_l(measurement.value, measurement.unit)
    if value is None:
        return None
    limit = to_ug_per_l(measurement.upper_limit, measurement.unit) if measurement.upper_limit is not None else None
    return value, limit


def s100b_trend(series: Sequence[Measurement], today: date) -> MarkerTrend:
    """The S-100B rule (module docstring). Values dated after today are ignored."""
    known = sorted((m for m in series if m.day <= today), key=lambda m: m.day)
    unknown = tuple(m for m in known if _in_ug_l(m) is None)
    converted = [c for c in (_in_ug_l(m) for m in known) if c is not None]
    values = [value for value, _limit in converted]
    if len(values) < 2:
        return MarkerTrend(None, unknown)
    latest, limit = converted[-1]
    rose_last = values[-1] > values[-2]
    if limit is None:
        return MarkerTrend("alert.marker-rise-range-unknown" if rose_last else None, unknown)
    rose_ever = any(later > earlier for earlier, later in itertools.pairwise(values))
    if latest > limit and rose_ever:
        return MarkerTrend("alert.marker-rise", unknown)
    return MarkerTrend("alert.marker-rise-within-range" if rose_last else None, unknown)


def patient_alerts(patient: PatientFacts, today: date, *, malignant_here: bool = False) -> list[Recommendation]:
    """Alerts of the patient (not of one tumour). `malignant_here`: the tumour in question is malignant;
    `patient.other_malignancies` counts the others (all of them when no tumour is in question)."""
    out: list[Recommendation] = []
    malignancies = patient.other_malignancies + (1 if malignant_here else 0)
    if patient.anti_rna_polymerase_iii or malignancies > 0:
        if patient.systemic_sclerosis:
            out.append(rec("alert.paraneoplastic"))
        elif patient.possible_ssc:
            out.append(rec("alert.paraneoplastic-possible-ssc"))
    if patient.possible_ssc and not patient.systemic_sclerosis:
        out.append(rec("alert.record-ssc"))
    trend = s100b_trend(patient.s100b, today)
    if trend.code is not None:
        out.append(rec(trend.code))
    if trend.unknown_unit:
        out.append(rec("alert.marker-unit-unknown"))
    if malignancies >= 2:
        out.append(rec("alert.tumour-syndrome"))
    if patient.multiple_leiomyomas:
        out.append(rec("alert.hlrcc"))
    if patient.immunosuppressed and patient.high_risk is None:
        out.append(rec("alert.record-risk-profile"))
    return out


def tumour_alerts(patient: PatientFacts, tumour: TumourFacts) -> list[Recommendation]:
    """Alerts of the case report that depend on the tumour: immunotherapy and autoimmune disease."""
    autoimmune = patient.systemic_sclerosis or patient.possible_ssc or patient.autoimmune_disease
    if tumour.diagnosis == Diagnosis.CUTANEOUS_MELANOMA and autoimmune:
        return [rec("alert.immunotherapy-autoimmune")]
    return []
