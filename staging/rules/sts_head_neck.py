"""AJCC 8th edition: soft tissue sarcoma of the head and neck (chapter 40). T, N, M and G only: AJCC 8 defines
no stage groups for this site.

Source: /work/shared/clinical/rules.md §1.5 (PO-STS "Staging - head and neck"): T1 <= 2 cm, T2 > 2 cm and
<= 4 cm, T3 > 4 cm, T4 invasion of adjoining structures (T4a orbit, skull base or dura, central-compartment
viscera, facial skeleton or pterygoid muscles; T4b brain parenchyma, carotid encasement, prevertebral muscle or
the central nervous system via perineural spread). T4 depends on invasion, not size, so invasion (yes / no /
not recorded) is an input at every size: not recorded -> T unknown, the missing input named. Invasion is
recorded as yes/no, so T4 is given without its a/b subcategory.
"""

from dataclasses import dataclass
from decimal import Decimal

from staging.rules.common import Classification, StageResult, StagingSystem
from staging.rules.sts import _GRADE_MSG, _M0, _MISSING_N, _N_MSG, Grade, M, N
from zorgpad.pathways.text import Msg, gettext_noop

SYSTEM = StagingSystem.STS_HEAD_NECK

# T from the greatest dimension (cm) when no invasion of adjoining structures: (inclusive upper bound, T, text).
T_BY_SIZE: tuple[tuple[Decimal | None, str, str], ...] = (
    (Decimal("2"), "T1", gettext_noop("%(size)s cm ≤ 2 cm, no invasion of adjoining structures → T1")),
    (Decimal("4"), "T2", gettext_noop("%(size)s cm > 2 cm and ≤ 4 cm, no invasion of adjoining structures → T2")),
    (None, "T3", gettext_noop("%(size)s cm > 4 cm, no invasion of adjoining structures → T3")),
)
_T4 = Msg(gettext_noop("Invasion of adjoining structures → T4 (whatever the size)"))
_INVASION_MISSING = Msg(gettext_noop(
    "Invasion of adjoining structures not recorded: T cannot be determined (T4 depends on invasion, not size)"))
_SIZE_MISSING = Msg(gettext_noop("Size not entered → TX"))
_M1 = Msg(gettext_noop("M1: distant metastasis"))
_NO_GROUPS = Msg(gettext_noop("Stage group: not defined by AJCC 8 for soft tissue sarcoma of the head and neck"))


@dataclass(frozen=True, slots=True)
class HeadNeckInputs:
    size_cm: Decimal | None
    invasion_adjoining_structures: bool | None
    grade: Grade | None
    n: N | None
    m: M | None
    classification: Classification | None = None


def t_category(size_cm: Decimal | None, invasion: bool | None) -> tuple[str, Msg, tuple[str, ...]]:
    """(T, explanation, missing inputs)."""
    if invasion is True:
        return "T4", _T4, ()
    if invasion is None:
        return "TX", _INVASION_MISSING, ("invasion_adjoining_structures",)
    if size_cm is None:
        return "TX", _SIZE_MISSING, ("size_cm",)
    for upper, t, text in T_BY_SIZE:
        if upper is None or size_cm <= upper:
            return t, Msg(text, {"size": str(size_cm)}), ()
    raise AssertionError("unreachable: the last row has no upper bound")


def stage(inputs: HeadNeckInputs) -> StageResult:
    t, t_line, missing = t_category(inputs.size_cm, inputs.invasion_adjoining_structures)
    explanation = [t_line]
    if inputs.grade is not None:
        explanation.append(_GRADE_MSG[inputs.grade])
    explanation.append(_MISSING_N if inputs.n is None else _N_MSG[inputs.n])
    if inputs.m is not None:
        explanation.append(_M1 if inputs.m is M.M1 else _M0)
    explanation.append(_NO_GROUPS)
    return StageResult(
        system=SYSTEM,
        classification=inputs.classification,
        t=t,
        n="N1" if inputs.n is N.N1 else "N0",
        m=inputs.m.value if inputs.m is not None else None,
        grade=inputs.grade.value if inputs.grade is not None else None,
        stage=None,
        missing=missing,
        explanation=tuple(explanation),
    )
