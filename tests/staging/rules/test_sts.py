"""AJCC 8 soft tissue sarcoma, trunk and extremities: every source row, every boundary, every missing input.

Reference: /work/shared/clinical/rules.md section 1 (PDQ-STS Table 7) and the care pathway's table.
"""

from decimal import Decimal as D

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from staging.rules import sts
from staging.rules.common import Classification, StagingSystem
from staging.rules.sts import Grade, M, N, StsInputs

SIZE_FOR_T = {"T1": D("3"), "T2": D("7"), "T3": D("12"), "T4": D("20")}


def run(size: str | None, grade: str | None, n: str | None, m: str | None) -> sts.StageResult:
    return sts.stage(StsInputs(
        size_cm=D(size) if size is not None else None,
        grade=Grade(grade) if grade else None,
        n=N(n) if n else None,
        m=M(m) if m else None,
    ))


@pytest.mark.parametrize(("size", "t"), [
    pytest.param("0.01", "T1", id="AJCC8 STS T1: 0.01 cm"),
    pytest.param("4.99", "T1", id="AJCC8 STS T1: 4.99 cm"),
    pytest.param("5", "T1", id="AJCC8 STS T1: 5 cm (<= 5, inclusive)"),
    pytest.param("5.0", "T1", id="AJCC8 STS T1: 5.0 cm"),
    pytest.param("5.00", "T1", id="AJCC8 STS T1: 5.00 cm"),
    pytest.param("5.001", "T2", id="AJCC8 STS T2: 5.001 cm (compared exactly)"),
    pytest.param("5.01", "T2", id="AJCC8 STS T2: 5.01 cm"),
    pytest.param("10", "T2", id="AJCC8 STS T2: 10 cm (<= 10, inclusive)"),
    pytest.param("10.01", "T3", id="AJCC8 STS T3: 10.01 cm"),
    pytest.param("15.0", "T3", id="AJCC8 STS T3: 15.0 cm (<= 15, inclusive)"),
    pytest.param("15.01", "T4", id="AJCC8 STS T4: 15.01 cm"),
    pytest.param("120", "T4", id="AJCC8 STS T4: 120 cm"),
])
def test_t_category_boundaries(size: str, t: str) -> None:
    assert sts.t_category(D(size))[0] == t
    assert run(size, "G1", "N0", "M0").t == t


def test_t_explanation_line_names_the_rule() -> None:
    result = run("6.0", "G2", "N0", "M0")
    assert result.explanation_lines()[0] == "6.0 cm > 5 cm and ≤ 10 cm → T2"
    assert run("5.0", "G2", "N0", "M0").explanation_lines()[0] == "5.0 cm ≤ 5 cm → T1"
    assert run("12", "G2", "N0", "M0").explanation_lines()[0] == "12 cm > 10 cm and ≤ 15 cm → T3"
    assert run("15.01", "G2", "N0", "M0").explanation_lines()[0] == "15.01 cm > 15 cm → T4"


# One case per (row, T, G) of PDQ-STS Table 7 / the pathway's table, N0 M0.
STAGE_ROWS = [
    ("IA", "T1", "G1", "row IA: T1 N0 M0 G1"),
    ("IA", "T1", "GX", "row IA: T1 N0 M0 GX (pathway: 'or GX')"),
    ("IB", "T2", "G1", "row IB: T2 N0 M0 G1"),
    ("IB", "T3", "G1", "row IB: T3 N0 M0 G1"),
    ("IB", "T4", "G1", "row IB: T4 N0 M0 G1"),
    ("IB", "T2", "GX", "row IB: T2 N0 M0 GX (AJCC 8; pathway table omits GX)"),
    ("IB", "T3", "GX", "row IB: T3 N0 M0 GX (AJCC 8; pathway table omits GX)"),
    ("IB", "T4", "GX", "row IB: T4 N0 M0 GX (AJCC 8; pathway table omits GX)"),
    ("II", "T1", "G2", "row II: T1 N0 M0 G2"),
    ("II", "T1", "G3", "row II: T1 N0 M0 G3"),
    ("IIIA", "T2", "G2", "row IIIA: T2 N0 M0 G2"),
    ("IIIA", "T2", "G3", "row IIIA: T2 N0 M0 G3"),
    ("IIIB", "T3", "G2", "row IIIB: T3 N0 M0 G2"),
    ("IIIB", "T3", "G3", "row IIIB: T3 N0 M0 G3"),
    ("IIIB", "T4", "G2", "row IIIB: T4 N0 M0 G2"),
    ("IIIB", "T4", "G3", "row IIIB: T4 N0 M0 G3"),
]


@pytest.mark.parametrize(("stage", "t", "grade"), [pytest.param(s, t, g, id=f"AJCC8 STS {label}")
                                                   for s, t, g, label in STAGE_ROWS])
def test_stage_groups_n0_m0(stage: str, t: str, grade: str) -> None:
    result = run(str(SIZE_FOR_T[t]), grade, "N0", "M0")
    assert (result.t, result.n, result.m, result.grade, result.stage, result.missing) == (
        t, "N0", "M0", grade, stage, ())
    assert result.explanation_lines()[-1 if not (grade == "GX" and stage == "IB") else -2] == (
        f"{t} N0 M0 {grade} → stage {stage}"
    )


@pytest.mark.parametrize("t", ["T1", "T2", "T3", "T4"])
@pytest.mark.parametrize("grade", ["G1", "G2", "G3", "GX"])
def test_row_iv_any_t_n1_m0_any_g(t: str, grade: str) -> None:
    result = run(str(SIZE_FOR_T[t]), grade, "N1", "M0")
    assert (result.n, result.stage, result.missing) == ("N1", "IV", ())
    assert "N1 M0 → stage IV (any T, any G; AJCC 8 trunk and extremities)" in result.explanation_lines()


@pytest.mark.parametrize("t", ["T1", "T2", "T3", "T4"])
@pytest.mark.parametrize("grade", ["G1", "G2", "G3", "GX"])
@pytest.mark.parametrize("n", ["N0", "N1", "NX"])
def test_row_iv_any_t_any_n_m1_any_g(t: str, grade: str, n: str) -> None:
    result = run(str(SIZE_FOR_T[t]), grade, n, "M1")
    assert (result.m, result.stage, result.missing) == ("M1", "IV", ())


def test_the_table_is_the_source_table() -> None:
    assert sts.STAGE_TABLE == (
        ("IA", ("T1",), ("N0",), "M0", ("G1", "GX")),
        ("IB", ("T2", "T3", "T4"), ("N0",), "M0", ("G1", "GX")),
        ("II", ("T1",), ("N0",), "M0", ("G2", "G3")),
        ("IIIA", ("T2",), ("N0",), "M0", ("G2", "G3")),
        ("IIIB", ("T3", "T4"), ("N0",), "M0", ("G2", "G3")),
        ("IV", ("T1", "T2", "T3", "T4"), ("N1",), "M0", ("G1", "G2", "G3", "GX")),
        ("IV", ("T1", "T2", "T3", "T4"), ("N0", "N1"), "M1", ("G1", "G2", "G3", "GX")),
    )
    assert sts.PATHWAY_STAGE_IB_GRADES == ("G1",)


def test_acceptance_7cm_g2_is_iiia_and_7cm_gx_is_ib() -> None:
    assert run("7", "G2", "N0", "M0").stage == "IIIA"
    gx = run("7", "GX", "N0", "M0")
    assert gx.stage == "IB"
    assert gx.system is StagingSystem.STS_TRUNK_EXTREMITIES


def test_gx_in_ib_shows_the_pathway_discrepancy_note_only_there() -> None:
    note = ("Note: the care pathway's table lists only G1 for stage IB; AJCC 8 (NCI PDQ Table 7) stages GX with G1 "
            "in IA and IB, which is followed here.")
    assert run("7", "GX", "N0", "M0").explanation_lines()[-1] == note
    assert note not in run("3", "GX", "N0", "M0").explanation_lines()  # IA: the pathway also lists GX
    assert note not in run("7", "G1", "N0", "M0").explanation_lines()
    assert note not in run("7", "GX", "N1", "M0").explanation_lines()


@pytest.mark.parametrize(("n", "line"), [
    pytest.param("NX", "NX: unknown lymph node status counts as N0 (AJCC 8 has no NX for this site)",
                 id="AJCC8 STS N: NX is N0"),
    pytest.param(None, "N not entered: unknown lymph node status counts as N0 (AJCC 8)",
                 id="AJCC8 STS N: not entered is N0 (unknown status)"),
])
def test_unknown_nodal_status_is_n0(n: str | None, line: str) -> None:
    result = run("7", "G2", n, "M0")
    assert (result.n, result.stage, result.missing) == ("N0", "IIIA", ())
    assert line in result.explanation_lines()


@pytest.mark.parametrize(("size", "grade", "n", "m", "t", "stage", "missing"), [
    pytest.param("7", None, "N0", "M0", "T2", None, ("grade",), id="grade not entered -> unknown"),
    pytest.param(None, "G2", "N0", "M0", "TX", None, ("size_cm",), id="size not entered -> TX, unknown"),
    pytest.param("7", "G2", "N0", None, "T2", None, ("m",), id="M not entered -> unknown"),
    pytest.param(None, None, "N0", None, "TX", None, ("size_cm", "grade", "m"), id="nothing entered"),
    pytest.param(None, None, None, None, "TX", None, ("size_cm", "grade", "m"), id="nothing entered, no N"),
    pytest.param("7", None, "N1", "M0", "T2", "IV", (), id="grade not entered but N1 -> IV"),
    pytest.param("7", None, "N0", "M1", "T2", "IV", (), id="grade not entered but M1 -> IV"),
    pytest.param(None, "G2", "N1", "M0", "TX", "IV", (), id="TX but N1 -> IV"),
    pytest.param(None, None, "N0", "M1", "TX", "IV", (), id="TX and no grade but M1 -> IV"),
    pytest.param("7", "G2", "N1", None, "T2", "IV", (), id="M not entered but N1 -> IV (M0 and M1 rows both IV)"),
    pytest.param(None, None, "N1", None, "TX", "IV", (), id="only N1 -> IV"),
])
def test_missing_inputs(size: str | None, grade: str | None, n: str | None, m: str | None, t: str,
                        stage: str | None, missing: tuple[str, ...]) -> None:
    result = run(size, grade, n, m)
    assert (result.t, result.stage, result.missing) == (t, stage, missing)


def test_grade_not_entered_is_not_gx() -> None:
    result = run("3", None, "N0", "M0")
    assert result.grade is None
    assert result.stage is None
    assert "Grade not entered (not the same as GX): the stage group cannot be determined" in result.explanation_lines()
    assert run("3", "GX", "N0", "M0").stage == "IA"


def test_classification_is_passed_through() -> None:
    result = sts.stage(StsInputs(D("7"), Grade.G2, N.N0, M.M0, Classification.PATHOLOGICAL))
    assert result.classification is Classification.PATHOLOGICAL
    assert run("7", "G2", "N0", "M0").classification is None


T_ORDER = {"T1": 1, "T2": 2, "T3": 3, "T4": 4}
sizes = st.decimals(min_value=D("0.01"), max_value=D("200"), places=2, allow_nan=False, allow_infinity=False)


@settings(max_examples=300, deadline=None)
@given(a=sizes, b=sizes)
def test_property_a_larger_tumour_never_gets_a_lower_t(a: D, b: D) -> None:
    small, large = sorted((a, b))
    assert T_ORDER[sts.t_category(small)[0]] <= T_ORDER[sts.t_category(large)[0]]


STAGE_ORDER = {"IA": 1, "IB": 2, "II": 3, "IIIA": 4, "IIIB": 5, "IV": 6}


@settings(max_examples=300, deadline=None)
@given(a=sizes, b=sizes, grade=st.sampled_from(list(Grade)), n=st.sampled_from([*N, None]),
       m=st.sampled_from(list(M)))
def test_property_a_larger_tumour_never_gets_a_lower_stage(a: D, b: D, grade: Grade, n: N | None, m: M) -> None:
    small, large = sorted((a, b))
    s1 = sts.stage(StsInputs(small, grade, n, m)).stage
    s2 = sts.stage(StsInputs(large, grade, n, m)).stage
    assert s1 is not None and s2 is not None
    assert STAGE_ORDER[s1] <= STAGE_ORDER[s2]


@settings(max_examples=200, deadline=None)
@given(size=st.one_of(st.none(), sizes), grade=st.sampled_from([*Grade, None]), n=st.sampled_from([*N, None]),
       m=st.sampled_from([*M, None]))
def test_property_never_a_guess(size: D | None, grade: Grade | None, n: N | None, m: M | None) -> None:
    """A stage group is given exactly when the inputs determine it; otherwise the missing inputs are named."""
    result = sts.stage(StsInputs(size, grade, n, m))
    if m is M.M1 or n is N.N1:
        assert (result.stage, result.missing) == ("IV", ())
    elif size is None or grade is None or m is None:
        assert result.stage is None
        assert set(result.missing) == {name for name, value in (("size_cm", size), ("grade", grade), ("m", m))
                                       if value is None}
    else:
        assert result.stage is not None and result.missing == ()
    assert result.explanation  # always explained
