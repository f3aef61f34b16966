"""AJCC 8th edition: soft tissue sarcoma of the trunk and extremities (chapter 41).

Sources: the care pathway's table (Zorgpad cutaan en subcutaan leiomyosarcoom, "Stadiering subcutaan
leiomyosarcoom") completed by /work/shared/clinical/rules.md section 1 (NCI PDQ Table 7):
- GX is staged with G1 in IA *and* IB (the pathway's table lists GX only in IA: a note says so).
- Unknown lymph node status is N0 (AJCC 8 has no NX in this chapter).
- A grade that was not entered is not GX: the stage is unknown unless N1 or M1 makes the grade irrelevant.
- Size is compared exactly as entered (Decimal), upper bounds inclusive.
Not for head and neck, retroperitoneum or visceral sarcomas (other AJCC 8 chapters).
"""

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from staging.rules.common import Classification, StageResult, StagingSystem
from zorgpad.pathways.text import Msg, gettext_noop
from zorgpad.pathways.vocabulary import STS_GRADES, STS_M_CATEGORIES, STS_N_CATEGORIES

SYSTEM = StagingSystem.STS_TRUNK_EXTREMITIES


class Grade(StrEnum):
    G1 = "G1"
    G2 = "G2"
    G3 = "G3"
    GX = "GX"  # the pathologist could not assess the grade: staged with G1 (AJCC 8)


class N(StrEnum):
    N0 = "N0"
    N1 = "N1"
    NX = "NX"  # accepted for convenience; AJCC 8 counts unknown nodal status as N0


class M(StrEnum):
    M0 = "M0"
    M1 = "M1"


GRADES = STS_GRADES
N_CATEGORIES = STS_N_CATEGORIES
M_CATEGORIES = STS_M_CATEGORIES

# T from the greatest dimension (cm): (inclusive upper bound or None, T, explanation).
T_BY_SIZE: tuple[tuple[Decimal | None, str, str], ...] = (
    (Decimal("5"), "T1", gettext_noop("%(size)s cm ≤ 5 cm → T1")),
    (Decimal("10"), "T2", gettext_noop("%(size)s cm > 5 cm and ≤ 10 cm → T2")),
    (Decimal("15"), "T3", gettext_noop("%(size)s cm > 10 cm and ≤ 15 cm → T3")),
    (None, "T4", gettext_noop("%(size)s cm > 15 cm → T4")),
)

ANY_T = ("T1", "T2", "T3", "T4")
ANY_G = GRADES
# Prognostic stage groups (AJCC 8, PDQ-STS Table 7), one row per source row: stage, T, N, M, G.
STAGE_TABLE: tuple[tuple[str, tuple[str, ...], tuple[str, ...], str, tuple[str, ...]], ...] = (
    ("IA", ("T1",), ("N0",), "M0", ("G1", "GX")),
    ("IB", ("T2", "T3", "T4"), ("N0",), "M0", ("G1", "GX")),
    ("II", ("T1",), ("N0",), "M0", ("G2", "G3")),
    ("IIIA", ("T2",), ("N0",), "M0", ("G2", "G3")),
    ("IIIB", ("T3", "T4"), ("N0",), "M0", ("G2", "G3")),
    ("IV", ANY_T, ("N1",), "M0", ANY_G),
    ("IV", ANY_T, ("N0", "N1"), "M1", ANY_G),
)
# The same table as the care pathway prints it: IB lists G1 only (the difference is shown to reviewers).
PATHWAY_STAGE_IB_GRADES = ("G1",)

_N0_M0: dict[tuple[str, str], str] = {
    (t, g): stage for stage, ts, ns, m, gs in STAGE_TABLE if ns == ("N0",) and m == "M0" for t in ts for g in gs
}

_N_TEXT = {
    N.N0: gettext_noop("N0: no regional lymph node metastasis"),
    N.N1: gettext_noop("N1: regional lymph node metastasis"),
    N.NX: gettext_noop("NX: unknown lymph node status counts as N0 (AJCC 8 has no NX for this site)"),
}
_GRADE_TEXT = {
    Grade.G1: gettext_noop("G1: FNCLCC grade 1 (low grade)"),
    Grade.G2: gettext_noop("G2: FNCLCC grade 2 (high grade)"),
    Grade.G3: gettext_noop("G3: FNCLCC grade 3 (high grade)"),
    Grade.GX: gettext_noop("GX: grade cannot be assessed; staged with G1 (AJCC 8)"),
}
_N_MSG = {key: Msg(text) for key, text in _N_TEXT.items()}
_GRADE_MSG = {key: Msg(text) for key, text in _GRADE_TEXT.items()}
_MISSING_N = Msg(gettext_noop("N not entered: unknown lymph node status counts as N0 (AJCC 8)"))
_MISSING_SIZE = Msg(gettext_noop("Size not entered → TX"))
_MISSING_GRADE = Msg(gettext_noop("Grade not entered (not the same as GX): the stage group cannot be determined"))
_MISSING_M = Msg(gettext_noop("M not entered: the stage group cannot be determined"))
_M_NOT_NEEDED = Msg(gettext_noop("M not entered: not needed, N1 gives stage IV with M0 and with M1"))
_M1 = Msg(gettext_noop("M1: distant metastasis → stage IV (any T, any N, any G)"))
_N1_M0 = Msg(gettext_noop("N1 M0 → stage IV (any T, any G; AJCC 8 trunk and extremities)"))
_M0 = Msg(gettext_noop("M0: no distant metastasis"))
_TX = Msg(gettext_noop("TX: the stage group cannot be determined"))
_STAGE = gettext_noop("%(t)s N0 M0 %(grade)s → stage %(stage)s")
_GX_IB_NOTE = Msg(gettext_noop(
    "Note: the care pathway's table lists only G1 for stage IB; AJCC 8 (NCI PDQ Table 7) stages GX with G1 in IA "
    "and IB, which is followed here."
))


@dataclass(frozen=True, slots=True)
class StsInputs:
    size_cm: Decimal | None
    grade: Grade | None
    n: N | None
    m: M | None
    classification: Classification | None = None


def t_category(size_cm: Decimal | None) -> tuple[str, Msg]:
    if size_cm is None:
        return "TX", _MISSING_SIZE
    for upper, t, text in T_BY_SIZE:
        if upper is None or size_cm <= upper:
            return t, Msg(text, {"size": str(size_cm)})
    raise AssertionError("unreachable: the last row has no upper bound")


def stage(inputs: StsInputs) -> StageResult:
    t, t_line = t_category(inputs.size_cm)
    explanation = [t_line]
    grade = inputs.grade
    if grade is not None:
        explanation.append(_GRADE_MSG[grade])
    if inputs.n is None:
        explanation.append(_MISSING_N)
    else:
        explanation.append(_N_MSG[inputs.n])
    n = "N1" if inputs.n is N.N1 else "N0"
    m = inputs.m

    group: str | None = None
    missing: list[str] = []
    if m is M.M1:
        explanation.append(_M1)
        group = "IV"
    elif n == "N1":
        # N1 gives IV whatever M is (the M0 and the M1 rows are both IV).
        explanation.append(_M_NOT_NEEDED if m is None else _M0)
        explanation.append(_N1_M0)
        group = "IV"
    else:
        if m is None:
            explanation.append(_MISSING_M)
        else:
            explanation.append(_M0)
        if inputs.size_cm is None:
            missing.append("size_cm")
        if grade is None:
            missing.append("grade")
            explanation.append(_MISSING_GRADE)
        if m is None:
            missing.append("m")
        if grade is not None and not missing:
            group = _N0_M0[(t, grade.value)]
            explanation.append(Msg(_STAGE, {"t": t, "grade": grade.value, "stage": group}))
            if grade is Grade.GX and group == "IB":
                explanation.append(_GX_IB_NOTE)
        elif t == "TX":
            explanation.append(_TX)
    return StageResult(
        system=SYSTEM,
        classification=inputs.classification,
        t=t,
        n=n,
        m=m.value if m is not None else None,
        grade=grade.value if grade is not None else None,
        stage=group,
        missing=tuple(missing),
        explanation=tuple(explanation),
    )
