"""Reading the EHR's prefetched resources (Patient, Conditions, Observations) for `patient-view`.

For a patient unknown to Zorgpad the stateless pathway engine is told what the resources say: the mCODE codings
(LOINC for the TNM categories, tumour size and histological grade: interop.fhir.codes) and, where a coding is
absent, `code.text` in Dutch or English. What cannot be read is named as missing input, never guessed.
"""

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from interop.fhir import codes
from zorgpad.pathways.facts import Measurement
from zorgpad.pathways.vocabulary import (
    M_CATEGORIES,
    N_CATEGORIES,
    BodySiteRegion,
    Depth,
    Diagnosis,
    MarkerUnit,
    marker_unit_parse,
)


class PrefetchError(ValueError):
    """A prefetched value that is not a FHIR resource or Bundle of the expected type (400)."""


def resources_of(value: Any, kind: str) -> list[dict[str, Any]]:
    """The resources of a prefetch value: a searchset Bundle's entries, or one resource."""
    if value is None:
        return []
    if not isinstance(value, dict):
        raise PrefetchError(f"The {kind} prefetch must be a FHIR resource or Bundle.")
    if value.get("resourceType") == "Bundle":
        entries = value.get("entry") or []
        if not isinstance(entries, list):
            raise PrefetchError("Bundle.entry must be a list.")
        found = [e.get("resource") for e in entries if isinstance(e, dict)]
        return [r for r in found if isinstance(r, dict) and r.get("resourceType") == kind]
    if value.get("resourceType") != kind:
        raise PrefetchError(f"The {kind} prefetch holds a {value.get('resourceType')!r}.")
    return [value]


def _texts(concept: Any) -> list[str]:
    if not isinstance(concept, dict):
        return []
    out = [str(concept.get("text") or "")]
    out += [str(c.get("display") or "") for c in concept.get("coding") or [] if isinstance(c, dict)]
    return [t.lower() for t in out if t]


def _codes(concept: Any, system: str) -> set[str]:
    if not isinstance(concept, dict):
        return set()
    codings = [c for c in concept.get("coding") or [] if isinstance(c, dict)]
    return {str(c.get("code")) for c in codings if c.get("system") == system}


def _has(texts: list[str], pattern: str) -> bool:
    return any(re.search(pattern, t) for t in texts)


# Dutch and English words, matched on whole words where a shorter word would mislead.
MELANOMA = r"melano+m"
LMS = r"leiomyosarco+m"
SUBCUTANEOUS = r"subcut|onderhuid"
DERMAL = r"intraderma|atypical intradermal smooth muscle|atypische intradermale"
REGIONS = (
    (BodySiteRegion.HEAD_NECK, r"\b(head|hoofd|neck|hals|nek|face|gelaat|gezicht|scalp|hoofdhuid)\b"),
    (BodySiteRegion.UPPER_EXTREMITY, r"\b(arm|bovenarm|onderarm|forearm|upper arm|hand|elbow|elleboog|wrist|pols)\b"),
    (BodySiteRegion.LOWER_EXTREMITY, r"\b(thigh|dij|bovenbeen|onderbeen|leg|been|knee|knie|calf|kuit|foot|voet|"
                                     r"ankle|enkel|lower limb|lower extremity)\b"),
    (BodySiteRegion.TRUNK, r"\b(trunk|romp|back|rug|chest|thorax|borst|abdomen|buik|flank|abdominal wall|"
                           r"buikwand)\b"),
)
SSC = r"systemic sclerosis|systemische sclerose|sclerodermie|scleroderma"
S100B = r"s-?100b"


def diagnosis_of(condition: dict[str, Any]) -> tuple[Diagnosis | None, Depth | None]:
    concept = condition.get("code")
    texts = _texts(concept)
    if "ORPHA:64720" in _codes(concept, codes.ORPHANET) or _has(texts, DERMAL):
        return Diagnosis.ATYPICAL_INTRADERMAL_SMOOTH_MUSCLE_NEOPLASM, Depth.DERMIS
    if _has(texts, LMS) and _has(texts, SUBCUTANEOUS):
        return Diagnosis.SUBCUTANEOUS_LEIOMYOSARCOMA, Depth.SUBCUTIS
    if _has(texts, MELANOMA):
        return Diagnosis.CUTANEOUS_MELANOMA, None
    return None, None


def region_of(condition: dict[str, Any]) -> BodySiteRegion | None:
    texts = [t for site in condition.get("bodySite") or [] for t in _texts(site)]
    found = {region for region, pattern in REGIONS if _has(texts, pattern)}
    return found.pop() if len(found) == 1 else None  # two regions named: not read


def _loinc(observation: dict[str, Any]) -> set[str]:
    return _codes(observation.get("code"), codes.LOINC)


LOINC_SIZE = {codes.TUMOUR_SIZE[0]}
LOINC_GRADE = {codes.HISTOLOGICAL_GRADE[0]}
LOINC_N = {codes.TNM_LOINC[c]["n"][0] for c in codes.TNM_LOINC}
LOINC_M = {codes.TNM_LOINC[c]["m"][0] for c in codes.TNM_LOINC}
TEXT_SIZE = r"tumou?r ?size|tumou?rgrootte|grootte|diameter"
TEXT_GRADE = r"\bgrade\b|\bgraad\b|gradering|fnclcc"
TEXT_N = r"\bn[- ]?categor|regional lymph nodes|regionale lymfeklieren|lymfeklieren"
TEXT_M = r"\bm[- ]?categor|distant metasta|metastasen op afstand|afstandsmetastas"


def _value_texts(observation: dict[str, Any]) -> list[str]:
    concept = observation.get("valueCodeableConcept")
    out = _texts(concept)
    if isinstance(concept, dict):
        out += [str(c.get("code", "")).lower() for c in concept.get("coding") or [] if isinstance(c, dict)]
    if isinstance(observation.get("valueString"), str):
        out.append(observation["valueString"].lower())
    return out


def _size_cm(observation: dict[str, Any]) -> Decimal | None:
    quantity = observation.get("valueQuantity")
    if not isinstance(quantity, dict):
        return None
    unit = str(quantity.get("code") or quantity.get("unit") or "").strip()
    try:
        value = Decimal(str(quantity.get("value")))
    except (InvalidOperation, ValueError):
        return None
    if not value.is_finite() or value <= 0:
        return None
    factor = {"cm": Decimal(1), "mm": Decimal("0.1")}.get(unit)
    return (value * factor).quantize(Decimal("0.01")) if factor is not None else None


def _grade(observation: dict[str, Any]) -> str | None:
    for text in _value_texts(observation):
        match = re.search(r"\bg([123x])\b|\b(?:grade|graad)\s*([123])\b|^([123])$", text.strip())
        if match:
            return f"G{(match.group(1) or match.group(2) or match.group(3)).upper()}"
    return None


def _category(observation: dict[str, Any], allowed: tuple[str, ...]) -> str | None:
    by_lower = {c.lower(): c for c in allowed}
    for text in _value_texts(observation):
        candidate = text.strip().removeprefix("c").removeprefix("p") if text.strip()[:1] in "cp" else text.strip()
        if candidate in by_lower:
            return by_lower[candidate]
    return None


@dataclass
class Read:
    """What the prefetch says; `missing` names what is needed and could not be read."""

    diagnosis: Diagnosis | None = None
    depth: Depth | None = None
    region: BodySiteRegion | None = None
    size_cm: Decimal | None = None
    grade: str | None = None
    n: str | None = None
    m: str | None = None
    systemic_sclerosis: bool = False
    s100b: list[Measurement] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)


def read(conditions: list[dict[str, Any]], observations: list[dict[str, Any]]) -> Read:
    out = Read()
    for condition in conditions:
        diagnosis, depth = diagnosis_of(condition)
        if diagnosis is not None and out.diagnosis is None:
            out.diagnosis, out.depth, out.region = diagnosis, depth, region_of(condition)
        if _has(_texts(condition.get("code")), SSC):
            out.systemic_sclerosis = True
    for observation in observations:
        loinc, texts = _loinc(observation), _texts(observation.get("code"))
        if loinc & LOINC_SIZE or (not loinc and _has(texts, TEXT_SIZE)):
            out.size_cm = _size_cm(observation) or out.size_cm
        elif loinc & LOINC_GRADE or (not loinc and _has(texts, TEXT_GRADE)):
            out.grade = _grade(observation) or out.grade
        elif loinc & LOINC_N or (not loinc and _has(texts, TEXT_N)):
            out.n = _category(observation, N_CATEGORIES) or out.n
        elif loinc & LOINC_M or (not loinc and _has(texts, TEXT_M)):
            out.m = _category(observation, M_CATEGORIES) or out.m
        elif _has(texts, S100B):
            measurement = _measurement(observation)
            if measurement is not None:
                out.s100b.append(measurement)
    if out.diagnosis is None:
        out.missing.append("diagnosis")
        return out
    wanted: dict[str, object] = {"region": out.region, "N": out.n, "M": out.m}
    if out.diagnosis is not Diagnosis.CUTANEOUS_MELANOMA:
        wanted.update(size=out.size_cm, grade=out.grade)
    out.missing.extend(name for name, value in wanted.items() if value is None)
    return out


def _measurement(observation: dict[str, Any]) -> Measurement | None:
    quantity = observation.get("valueQuantity")
    day = str(observation.get("effectiveDateTime") or "")[:10]
    if not isinstance(quantity, dict) or len(day) != 10:
        return None
    try:
        value = Decimal(str(quantity.get("value")))
        when = date.fromisoformat(day)
    except (InvalidOperation, ValueError):
        return None
    unit = marker_unit_parse(str(quantity.get("code") or quantity.get("unit") or ""))
    high = None
    for rng in observation.get("referenceRange") or []:
        if isinstance(rng, dict) and isinstance(rng.get("high"), dict):
            try:
                high = Decimal(str(rng["high"].get("value")))
            except (InvalidOperation, ValueError):
                high = None
    if not value.is_finite():
        return None
    return Measurement(day=when, value=value, unit=unit if unit is not None else None, upper_limit=high)


__all__ = ["MarkerUnit", "PrefetchError", "Read", "read", "resources_of"]
