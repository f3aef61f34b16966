"""AJCC 8th edition: cutaneous melanoma (chapter 47), clinical (cTNM) and pathological (pTNM) stage groups.

Source: /work/shared/clinical/rules.md section 2 (NCI PDQ Melanoma Tables 3-12), including its decisions:
- Breslow thickness is rounded half-up to 0.1 mm before T is chosen (0.75 -> 0.8, 1.04 -> 1.0, 4.05 -> 4.1).
- T1b N0 M0 is IB clinically but IA pathologically: every result says which classification it is.
- M1 (any suffix, any T incl. TX/Tis, any N incl. NX) -> IV; the LDH suffix never changes the stage group.
- M0 with NX -> unknown (pathological Tis/T1 may use the clinical N: the result asks for it).
- Pathological TX, Tis with N+, T0 with N1a/N2a/N3a: no stage group.
- An N without subcategory (N1/N2/N3) or an unknown ulceration is staged only where every possible
  subcategory gives the same stage group; otherwise unknown with the missing input named.
"""

from dataclasses import dataclass
from decimal import Decimal

from staging.rules.common import Classification, StageResult, StagingSystem
from zorgpad.pathways.text import Msg, gettext_noop
from zorgpad.pathways.vocabulary import (
    MELANOMA_EXPLICIT_T,
    MELANOMA_M1_SUBCATEGORIES,
    MELANOMA_M_CATEGORIES,
    MELANOMA_N_CATEGORIES,
    MELANOMA_N_SUBCATEGORIES,
    breslow_rounded,
)

SYSTEM = StagingSystem.MELANOMA
TENTH = Decimal("0.1")
T1B_FROM_MM = Decimal("0.8")  # < 0.8 mm: T1a/T1b by ulceration; 0.8-1.0 mm: T1b
T1_UPTO_MM = Decimal("1.0")

EXPLICIT_T = MELANOMA_EXPLICIT_T
N_SUBCATEGORIES = MELANOMA_N_SUBCATEGORIES
N_CATEGORIES = MELANOMA_N_CATEGORIES
M1_SUBCATEGORIES = MELANOMA_M1_SUBCATEGORIES
M_CATEGORIES = MELANOMA_M_CATEGORIES
INVASIVE_T = ("T1a", "T1b", "T2a", "T2b", "T3a", "T3b", "T4a", "T4b")

# T from the rounded thickness (mm): (inclusive upper bound or None, lower-bound text, T without / with
# ulceration, and the explanation for unknown, without, with ulceration). Thickness < 0.8 mm is T1a/T1b by
# ulceration; 0.8-1.0 mm is T1b whatever the ulceration (handled before this table).
T_BY_THICKNESS: tuple[tuple[Decimal | None, str, str, str, str, str], ...] = (
    (Decimal("2.0"), "T2a", "T2b",
     gettext_noop("%(mm)s mm > 1.0 mm and ≤ 2.0 mm, ulceration not entered → T2 (T2a or T2b)"),
     gettext_noop("%(mm)s mm > 1.0 mm and ≤ 2.0 mm, without ulceration → T2a"),
     gettext_noop("%(mm)s mm > 1.0 mm and ≤ 2.0 mm, with ulceration → T2b")),
    (Decimal("4.0"), "T3a", "T3b",
     gettext_noop("%(mm)s mm > 2.0 mm and ≤ 4.0 mm, ulceration not entered → T3 (T3a or T3b)"),
     gettext_noop("%(mm)s mm > 2.0 mm and ≤ 4.0 mm, without ulceration → T3a"),
     gettext_noop("%(mm)s mm > 2.0 mm and ≤ 4.0 mm, with ulceration → T3b")),
    (None, "T4a", "T4b",
     gettext_noop("%(mm)s mm > 4.0 mm, ulceration not entered → T4 (T4a or T4b)"),
     gettext_noop("%(mm)s mm > 4.0 mm, without ulceration → T4a"),
     gettext_noop("%(mm)s mm > 4.0 mm, with ulceration → T4b")),
)
_T1_UNKNOWN = gettext_noop("%(mm)s mm < 0.8 mm, ulceration not entered → T1 (T1a or T1b)")
_T1A = gettext_noop("%(mm)s mm < 0.8 mm, without ulceration → T1a")
_T1B_ULCERATED = gettext_noop("%(mm)s mm < 0.8 mm, with ulceration → T1b")
_T1B = gettext_noop("%(mm)s mm ≥ 0.8 mm and ≤ 1.0 mm → T1b (with or without ulceration)")
_ROUNDED = gettext_noop("Breslow %(raw)s mm is recorded to the nearest 0.1 mm (half up): %(mm)s mm")
_EXPLICIT_T = {
    "Tis": gettext_noop("Tis: melanoma in situ (given explicitly; thickness not used)"),
    "T0": gettext_noop("T0: no evidence of a primary tumour (given explicitly; thickness not used)"),
    "TX": gettext_noop("TX: primary tumour thickness cannot be assessed (given explicitly)"),
}
_NO_THICKNESS = Msg(gettext_noop("Breslow thickness not entered → TX"))

# N (PDQ-MEL Table 6): tumour-involved regional nodes; in-transit, satellite, microsatellite metastases (ITM).
N_TEXT = {
    "N0": gettext_noop("N0: no regional lymph node metastasis, no in-transit, satellite or microsatellite metastases"),
    "N1a": gettext_noop("N1a: 1 clinically occult node (detected by sentinel node biopsy), no ITM"),
    "N1b": gettext_noop("N1b: 1 clinically detected node, no ITM"),
    "N1c": gettext_noop("N1c: no regional nodes, with in-transit, satellite and/or microsatellite metastases"),
    "N2a": gettext_noop("N2a: 2-3 clinically occult nodes, no ITM"),
    "N2b": gettext_noop("N2b: 2-3 nodes, at least one clinically detected, no ITM"),
    "N2c": gettext_noop("N2c: 1 node (occult or detected) with in-transit, satellite and/or microsatellite metastases"),
    "N3a": gettext_noop("N3a: 4 or more clinically occult nodes, no ITM"),
    "N3b": gettext_noop("N3b: 4 or more nodes with at least one clinically detected, or matted nodes, no ITM"),
    "N3c": gettext_noop(
        "N3c: 2 or more nodes and/or matted nodes, with in-transit, satellite and/or microsatellite metastases"
    ),
    "N1": gettext_noop("N1 without subcategory (N1a, N1b or N1c)"),
    "N2": gettext_noop("N2 without subcategory (N2a, N2b or N2c)"),
    "N3": gettext_noop("N3 without subcategory (N3a, N3b or N3c)"),
    "NX": gettext_noop("NX: regional lymph nodes not assessed"),
}
_N_MISSING = Msg(gettext_noop("N not entered: the stage group cannot be determined"))
M_TEXT = {
    "M0": gettext_noop("M0: no distant metastasis"),
    "M1": gettext_noop("M1: distant metastasis (no subcategory)"),
    "M1a": gettext_noop("M1a: distant skin, soft tissue incl. muscle, and/or non-regional lymph node metastasis"),
    "M1b": gettext_noop("M1b: lung metastasis, with or without M1a sites"),
    "M1c": gettext_noop("M1c: non-CNS visceral metastasis, with or without M1a/M1b sites"),
    "M1d": gettext_noop("M1d: CNS metastasis, with or without M1a/M1b/M1c sites"),
}
_LDH = {
    "": None,
    "(0)": gettext_noop("LDH not elevated (0); the LDH suffix does not change the stage group"),
    "(1)": gettext_noop("LDH elevated (1); the LDH suffix does not change the stage group"),
}
_M_MISSING = Msg(gettext_noop("M not entered: the stage group cannot be determined"))
_M1_IV = Msg(gettext_noop("M1 → stage IV (any T, any N)"))

# Clinical prognostic stage groups (PDQ-MEL Tables 3-7): T -> stage for N0 M0; any T (incl. TX, T0, Tis)
# with N1-N3 and M0 is stage III (one clinical stage III group).
CLINICAL_N0_M0 = {
    "Tis": "0",
    "T1a": "IA",
    "T1b": "IB",
    "T2a": "IB",
    "T2b": "IIA",
    "T3a": "IIA",
    "T3b": "IIB",
    "T4a": "IIB",
    "T4b": "IIC",
}
CLINICAL_N_POSITIVE_M0 = "III"

# Pathological prognostic stage groups (PDQ-MEL Tables 8-12): T -> stage for N0 M0.
PATHOLOGICAL_N0_M0 = {
    "Tis": "0",
    "T1a": "IA",
    "T1b": "IA",
    "T2a": "IB",
    "T2b": "IIA",
    "T3a": "IIA",
    "T3b": "IIB",
    "T4a": "IIB",
    "T4b": "IIC",
}
# Pathological stage III grid (rules.md 2.5); None = combination not listed -> no stage group.
# No rows for TX and Tis.
_GRID_COLUMNS = N_SUBCATEGORIES
# fmt: off
PATHOLOGICAL_STAGE_III: dict[str, tuple[str | None, ...]] = {
    #        N1a     N1b     N1c     N2a     N2b     N2c     N3a     N3b     N3c
    "T0":  (None,   "IIIB", "IIIB", None,   "IIIC", "IIIC", None,   "IIIC", "IIIC"),
    "T1a": ("IIIA", "IIIB", "IIIB", "IIIA", "IIIB", "IIIC", "IIIC", "IIIC", "IIIC"),
    "T1b": ("IIIA", "IIIB", "IIIB", "IIIA", "IIIB", "IIIC", "IIIC", "IIIC", "IIIC"),
    "T2a": ("IIIA", "IIIB", "IIIB", "IIIA", "IIIB", "IIIC", "IIIC", "IIIC", "IIIC"),
    "T2b": ("IIIB", "IIIB", "IIIB", "IIIB", "IIIB", "IIIC", "IIIC", "IIIC", "IIIC"),
    "T3a": ("IIIB", "IIIB", "IIIB", "IIIB", "IIIB", "IIIC", "IIIC", "IIIC", "IIIC"),
    "T3b": ("IIIC", "IIIC", "IIIC", "IIIC", "IIIC", "IIIC", "IIIC", "IIIC", "IIIC"),
    "T4a": ("IIIC", "IIIC", "IIIC", "IIIC", "IIIC", "IIIC", "IIIC", "IIIC", "IIIC"),
    "T4b": ("IIIC", "IIIC", "IIIC", "IIIC", "IIIC", "IIIC", "IIID", "IIID", "IIID"),
}
# fmt: on
_GRID = {(t, n): row[i] for t, row in PATHOLOGICAL_STAGE_III.items() for i, n in enumerate(_GRID_COLUMNS)}
_N_EXPANSION = {
    "N1": ("N1a", "N1b", "N1c"),
    "N2": ("N2a", "N2b", "N2c"),
    "N3": ("N3a", "N3b", "N3c"),
}

_STAGE_LINE = {
    Classification.CLINICAL: gettext_noop("Clinical stage group: %(t)s %(n)s %(m)s → %(stage)s"),
    Classification.PATHOLOGICAL: gettext_noop("Pathological stage group: %(t)s %(n)s %(m)s → %(stage)s"),
}
_NO_GROUP = {
    Classification.CLINICAL: gettext_noop("Clinical stage group: %(t)s %(n)s %(m)s → no stage group in AJCC 8"),
    Classification.PATHOLOGICAL: gettext_noop(
        "Pathological stage group: %(t)s %(n)s %(m)s → no stage group in AJCC 8"
    ),
}
UNKNOWN_LINE = gettext_noop("Stage group unknown: %(reason)s")
_NX_M0 = Msg(gettext_noop("NX with M0: the stage group cannot be determined"))
_NX_USE_CN = Msg(gettext_noop(
    "Pathological staging of Tis and T1 does not require pathological evaluation of the lymph nodes: "
    "enter the clinical N (cN) as N"
))
_ULCERATION_DECIDES = gettext_noop("Ulceration not entered and it decides the stage group (%(stages)s)")
_ULCERATION_IRRELEVANT = gettext_noop("Ulceration not entered, but %(ts)s give the same stage group")
_SUBCATEGORY_DECIDES = gettext_noop(
    "%(n)s without subcategory: the subcategories give different stage groups (%(stages)s)"
)
_SUBCATEGORY_IRRELEVANT = gettext_noop("%(n)s without subcategory: every subcategory gives the same stage group")
_TX_NEEDS_THICKNESS = Msg(gettext_noop("TX: the stage group cannot be determined without the Breslow thickness"))


@dataclass(frozen=True, slots=True)
class MelanomaInputs:
    classification: Classification
    breslow_mm: Decimal | None
    ulceration: bool | None
    n: str | None
    m: str | None
    t: str | None = None  # explicit Tis / T0 / TX; overrides the thickness


def round_breslow(mm: Decimal) -> Decimal:
    """AJCC 8: thickness is recorded to the nearest 0.1 mm (half up); one rounding, the pathway's too."""
    return breslow_rounded(mm)


def t_category(breslow_mm: Decimal | None, ulceration: bool | None,
               explicit_t: str | None = None) -> tuple[tuple[str, ...], str, list[Msg]]:
    """Candidate T subcategories (one unless ulceration is unknown and matters), the T label, explanation."""
    if explicit_t is not None:
        return (explicit_t,), explicit_t, [Msg(_EXPLICIT_T[explicit_t])]
    if breslow_mm is None:
        return ("TX",), "TX", [_NO_THICKNESS]
    mm = round_breslow(breslow_mm)
    lines = []
    if mm != breslow_mm:
        lines.append(Msg(_ROUNDED, {"raw": str(breslow_mm), "mm": str(mm)}))
    params = {"mm": str(mm)}
    if mm < T1B_FROM_MM:
        if ulceration is None:
            lines.append(Msg(_T1_UNKNOWN, params))
            return ("T1a", "T1b"), "T1", lines
        lines.append(Msg(_T1B_ULCERATED if ulceration else _T1A, params))
        return (("T1b",), "T1b", lines) if ulceration else (("T1a",), "T1a", lines)
    if mm <= T1_UPTO_MM:
        lines.append(Msg(_T1B, params))
        return ("T1b",), "T1b", lines
    for upper, without, with_, text_unknown, text_without, text_with in T_BY_THICKNESS:
        if upper is None or mm <= upper:
            if ulceration is None:
                lines.append(Msg(text_unknown, params))
                return (without, with_), without[:2], lines
            lines.append(Msg(text_with if ulceration else text_without, params))
            t = with_ if ulceration else without
            return (t,), t, lines
    raise AssertionError("unreachable: the last row has no upper bound")


def _group(classification: Classification, t: str, n: str) -> str | None:
    """Stage group for M0 and one T subcategory and one N subcategory (or N0); None = no group."""
    if n == "N0":
        table = CLINICAL_N0_M0 if classification is Classification.CLINICAL else PATHOLOGICAL_N0_M0
        return table.get(t)
    if classification is Classification.CLINICAL:
        return CLINICAL_N_POSITIVE_M0
    return _GRID.get((t, n))


def _join(values: list[str | None]) -> str:
    return "/".join(v or "-" for v in values)


_N_MSG = {key: Msg(text) for key, text in N_TEXT.items()}
_M_MSG = {key: Msg(text) for key, text in M_TEXT.items()}
_LDH_MSG = {key: Msg(text) for key, text in _LDH.items() if text is not None}


def _result(inputs: MelanomaInputs, t: str, group: str | None, missing: tuple[str, ...],
            explanation: list[Msg]) -> StageResult:
    return StageResult(system=SYSTEM, classification=inputs.classification, t=t, n=inputs.n, m=inputs.m, grade=None,
                       stage=group, missing=missing, explanation=tuple(explanation))


def stage(inputs: MelanomaInputs) -> StageResult:
    classification = inputs.classification
    ts, t, explanation = t_category(inputs.breslow_mm, inputs.ulceration, inputs.t)
    n, m = inputs.n, inputs.m
    explanation.append(_N_MSG[n] if n is not None else _N_MISSING)
    if m is None:
        explanation.append(_M_MISSING)
    elif m == "M0":
        explanation.append(_M_MSG[m])
    else:  # M1: any suffix, any T, any N -> IV
        explanation.append(_M_MSG[m[:3]])
        if (ldh := _LDH_MSG.get(m[3:])) is not None:
            explanation.append(ldh)
        explanation.append(_M1_IV)
        return _result(inputs, t, "IV", (), explanation)

    missing: list[str] = []
    if n is None or n == "NX":
        # Which T inputs would still matter once N is known (checked over every N).
        if n == "NX":
            explanation.append(_NX_M0 if m is not None else _N_MISSING)
            if classification is Classification.PATHOLOGICAL and t in ("Tis", "T1", "T1a", "T1b"):
                explanation.append(_NX_USE_CN)
        if t == "TX" and inputs.t is None:
            missing.append("breslow_mm")
        if len(ts) > 1 and any(len({_group(classification, tt, nn) for tt in ts}) > 1
                               for nn in ("N0", *N_SUBCATEGORIES)):
            missing.append("ulceration")
        missing.append("n")
        if m is None:
            missing.append("m")
        explanation.append(Msg(UNKNOWN_LINE, {"reason": ", ".join(missing)}))
        return _result(inputs, t, None, tuple(missing), explanation)

    ns = _N_EXPANSION.get(n, (n,))
    if len(ts) == 1 and len(ns) == 1:  # the common case: one T and one N subcategory
        distinct = {_group(classification, ts[0], n)}
    else:
        groups = {(tt, nn): _group(classification, tt, nn) for tt in ts for nn in ns}
        distinct = set(groups.values())
        if len(ts) > 1:
            if any(len({groups[(tt, nn)] for tt in ts}) > 1 for nn in ns):
                missing.append("ulceration")
                explanation.append(Msg(_ULCERATION_DECIDES, {"stages": _join([groups[(tt, ns[0])] for tt in ts])}))
            else:
                explanation.append(Msg(_ULCERATION_IRRELEVANT, {"ts": " / ".join(ts)}))
        if len(ns) > 1:
            if any(len({groups[(tt, nn)] for nn in ns}) > 1 for tt in ts):
                missing.append("n")
                explanation.append(Msg(_SUBCATEGORY_DECIDES,
                                       {"n": n, "stages": _join([groups[(ts[0], nn)] for nn in ns])}))
            else:
                explanation.append(Msg(_SUBCATEGORY_IRRELEVANT, {"n": n}))
    if m is None:
        missing.append("m")
    if t == "TX" and inputs.t is None and (None in distinct):
        missing.insert(0, "breslow_mm")
        explanation.append(_TX_NEEDS_THICKNESS)
    if missing:
        explanation.append(Msg(UNKNOWN_LINE, {"reason": ", ".join(missing)}))
        return _result(inputs, t, None, tuple(missing), explanation)
    labels = {"t": t, "n": n, "m": m or "M?"}
    if len(distinct) == 1:
        group = distinct.pop()
        if group is not None:
            labels["stage"] = group
            explanation.append(Msg(_STAGE_LINE[classification], labels))
            return _result(inputs, t, group, (), explanation)
    explanation.append(Msg(_NO_GROUP[classification], labels))
    return _result(inputs, t, None, (), explanation)
