"""AJCC 8 cutaneous melanoma: T rows and rounding, clinical and pathological stage groups (the full
pathological stage III grid), M1 with LDH suffix, every missing-input path.

Reference: /work/shared/clinical/rules.md section 2 (PDQ-MEL Tables 3-12) and its decisions (2.6, 2.7).
"""

from decimal import Decimal as D

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from staging.rules import melanoma
from staging.rules.common import Classification, StagingSystem
from staging.rules.melanoma import MelanomaInputs

C, P = Classification.CLINICAL, Classification.PATHOLOGICAL


def run(classification: Classification, mm: str | None, ulceration: bool | None, n: str | None, m: str | None,
        t: str | None = None) -> melanoma.StageResult:
    return melanoma.stage(MelanomaInputs(classification=classification, breslow_mm=D(mm) if mm else None,
                                         ulceration=ulceration, n=n, m=m, t=t))


# --- T category -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("mm", "ulceration", "t"), [
    pytest.param("0.1", False, "T1a", id="T1a: 0.1 mm without ulceration"),
    pytest.param("0.7", False, "T1a", id="T1a: 0.7 mm without ulceration"),
    pytest.param("0.7", True, "T1b", id="T1b: 0.7 mm with ulceration"),
    pytest.param("0.8", False, "T1b", id="T1b: 0.8 mm without ulceration (boundary)"),
    pytest.param("0.8", True, "T1b", id="T1b: 0.8 mm with ulceration"),
    pytest.param("1.0", False, "T1b", id="T1b: 1.0 mm without ulceration (boundary, inclusive)"),
    pytest.param("1.0", True, "T1b", id="T1b: 1.0 mm with ulceration"),
    pytest.param("1.1", False, "T2a", id="T2a: 1.1 mm without ulceration"),
    pytest.param("1.1", True, "T2b", id="T2b: 1.1 mm with ulceration"),
    pytest.param("2.0", False, "T2a", id="T2a: 2.0 mm (boundary, inclusive)"),
    pytest.param("2.0", True, "T2b", id="T2b: 2.0 mm with ulceration"),
    pytest.param("2.1", False, "T3a", id="T3a: 2.1 mm"),
    pytest.param("2.1", True, "T3b", id="T3b: 2.1 mm with ulceration"),
    pytest.param("4.0", False, "T3a", id="T3a: 4.0 mm (boundary, inclusive)"),
    pytest.param("4.0", True, "T3b", id="T3b: 4.0 mm with ulceration"),
    pytest.param("4.1", False, "T4a", id="T4a: 4.1 mm"),
    pytest.param("4.1", True, "T4b", id="T4b: 4.1 mm with ulceration"),
    pytest.param("25", True, "T4b", id="T4b: 25 mm with ulceration"),
])
def test_t_rows(mm: str, ulceration: bool, t: str) -> None:
    assert run(P, mm, ulceration, "N0", "M0").t == t


@pytest.mark.parametrize(("mm", "ulceration", "rounded", "t"), [
    pytest.param("0.75", False, "0.8", "T1b", id="rounding: 0.75 -> 0.8 (T1b)"),
    pytest.param("0.74", False, "0.7", "T1a", id="rounding: 0.74 -> 0.7 (T1a)"),
    pytest.param("0.84", False, "0.8", "T1b", id="rounding: 0.84 -> 0.8 (T1b)"),
    pytest.param("1.04", False, "1.0", "T1b", id="rounding: 1.04 -> 1.0 (T1b)"),
    pytest.param("1.05", False, "1.1", "T2a", id="rounding: 1.05 -> 1.1 (T2a)"),
    pytest.param("2.04", True, "2.0", "T2b", id="rounding: 2.04 -> 2.0 (T2b)"),
    pytest.param("2.05", True, "2.1", "T3b", id="rounding: 2.05 -> 2.1 (T3b)"),
    pytest.param("4.04", True, "4.0", "T3b", id="rounding: 4.04 -> 4.0 (T3b)"),
    pytest.param("4.05", True, "4.1", "T4b", id="rounding: 4.05 -> 4.1 (T4b)"),
    pytest.param("4.05", False, "4.1", "T4a", id="rounding: 4.05 -> 4.1 (T4a)"),
    pytest.param("3.96", False, "4.0", "T3a", id="rounding: 3.96 -> 4.0 (T3a)"),
])
def test_thickness_is_rounded_half_up_to_a_tenth_before_t(mm: str, ulceration: bool, rounded: str, t: str) -> None:
    assert melanoma.round_breslow(D(mm)) == D(rounded)
    result = run(P, mm, ulceration, "N0", "M0")
    assert result.t == t
    assert result.explanation_lines()[0] == (
        f"Breslow {mm} mm is recorded to the nearest 0.1 mm (half up): {rounded} mm"
    )


def test_acceptance_4_05_mm_ulcerated_is_t4b() -> None:
    result = run(P, "4.05", True, "N0", "M0")
    assert result.t == "T4b"
    assert result.explanation_lines()[1] == "4.1 mm > 4.0 mm, with ulceration → T4b"


def test_float_trap_is_avoided() -> None:
    """4.05 as a binary float is 4.04999...; the rules take Decimal and round the written value."""
    assert melanoma.round_breslow(D(str(4.05))) == D("4.1")


@pytest.mark.parametrize("t", ["Tis", "T0", "TX"])
def test_explicit_t_overrides_thickness_and_ulceration(t: str) -> None:
    result = run(P, "3.0", True, "N0", "M0", t=t)
    assert result.t == t


def test_no_thickness_is_tx() -> None:
    result = run(P, None, True, "N0", "M0")
    assert result.t == "TX"
    assert result.explanation_lines()[0] == "Breslow thickness not entered → TX"


# --- stage groups: N0 M0 --------------------------------------------------------------------------------------------

# (T, thickness, ulceration) giving that T.
T_INPUTS = {
    "T1a": ("0.5", False), "T1b": ("0.9", False), "T2a": ("1.5", False), "T2b": ("1.5", True),
    "T3a": ("3.0", False), "T3b": ("3.0", True), "T4a": ("5.0", False), "T4b": ("5.0", True),
}
CLINICAL_N0 = [("Tis", "0"), ("T1a", "IA"), ("T1b", "IB"), ("T2a", "IB"), ("T2b", "IIA"), ("T3a", "IIA"),
               ("T3b", "IIB"), ("T4a", "IIB"), ("T4b", "IIC")]
PATHOLOGICAL_N0 = [("Tis", "0"), ("T1a", "IA"), ("T1b", "IA"), ("T2a", "IB"), ("T2b", "IIA"), ("T3a", "IIA"),
                   ("T3b", "IIB"), ("T4a", "IIB"), ("T4b", "IIC")]


def run_t(classification: Classification, t: str, n: str | None, m: str | None) -> melanoma.StageResult:
    if t in ("Tis", "T0", "TX"):
        return run(classification, None, None, n, m, t=t)
    mm, ulceration = T_INPUTS[t]
    return run(classification, mm, ulceration, n, m)


@pytest.mark.parametrize(("t", "stage"), [pytest.param(t, s, id=f"AJCC8 melanoma clinical {t} N0 M0 -> {s}")
                                          for t, s in CLINICAL_N0])
def test_clinical_n0_m0(t: str, stage: str) -> None:
    result = run_t(C, t, "N0", "M0")
    assert (result.t, result.stage, result.missing, result.classification) == (t, stage, (), C)
    assert result.explanation_lines()[-1] == f"Clinical stage group: {t} N0 M0 → {stage}"


@pytest.mark.parametrize(("t", "stage"), [pytest.param(t, s, id=f"AJCC8 melanoma pathological {t} N0 M0 -> {s}")
                                          for t, s in PATHOLOGICAL_N0])
def test_pathological_n0_m0(t: str, stage: str) -> None:
    result = run_t(P, t, "N0", "M0")
    assert (result.t, result.stage, result.missing, result.classification) == (t, stage, (), P)
    assert result.explanation_lines()[-1] == f"Pathological stage group: {t} N0 M0 → {stage}"


def test_t1b_n0_m0_is_ib_clinically_but_ia_pathologically() -> None:
    assert run(C, "0.9", False, "N0", "M0").stage == "IB"
    assert run(P, "0.9", False, "N0", "M0").stage == "IA"


@pytest.mark.parametrize("classification", [C, P])
@pytest.mark.parametrize("t", ["TX", "T0"])
def test_tx_and_t0_with_n0_m0_have_no_stage_group(classification: Classification, t: str) -> None:
    result = run_t(classification, t, "N0", "M0")
    assert (result.stage, result.missing) == (None, ())


def test_missing_thickness_with_n0_names_the_thickness() -> None:
    result = run(P, None, None, "N0", "M0")
    assert (result.t, result.stage, result.missing) == ("TX", None, ("breslow_mm",))


# --- clinical stage III ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("n", [*melanoma.N_SUBCATEGORIES, "N1", "N2", "N3"])
@pytest.mark.parametrize("t", ["TX", "T0", "Tis", *T_INPUTS])
def test_clinical_any_t_node_positive_m0_is_iii(t: str, n: str) -> None:
    result = run_t(C, t, n, "M0")
    assert (result.stage, result.missing) == ("III", ())


def test_clinical_missing_thickness_with_nodes_is_still_iii() -> None:
    result = run(C, None, None, "N2b", "M0")
    assert (result.t, result.stage, result.missing) == ("TX", "III", ())


# --- pathological stage III: the whole grid, typed independently from rules.md 2.5 ----------------------------------

COLUMNS = ["N1a", "N1b", "N1c", "N2a", "N2b", "N2c", "N3a", "N3b", "N3c"]
GRID = """
T0   -    IIIB IIIB -    IIIC IIIC -    IIIC IIIC
T1a  IIIA IIIB IIIB IIIA IIIB IIIC IIIC IIIC IIIC
T1b  IIIA IIIB IIIB IIIA IIIB IIIC IIIC IIIC IIIC
T2a  IIIA IIIB IIIB IIIA IIIB IIIC IIIC IIIC IIIC
T2b  IIIB IIIB IIIB IIIB IIIB IIIC IIIC IIIC IIIC
T3a  IIIB IIIB IIIB IIIB IIIB IIIC IIIC IIIC IIIC
T3b  IIIC IIIC IIIC IIIC IIIC IIIC IIIC IIIC IIIC
T4a  IIIC IIIC IIIC IIIC IIIC IIIC IIIC IIIC IIIC
T4b  IIIC IIIC IIIC IIIC IIIC IIIC IIID IIID IIID
"""
CELLS = [
    (row.split()[0], n, None if cell == "-" else cell)
    for row in GRID.strip().splitlines()
    for n, cell in zip(COLUMNS, row.split()[1:], strict=True)
]
assert len(CELLS) == 81


@pytest.mark.parametrize(("t", "n", "stage"), [
    pytest.param(t, n, s, id=f"AJCC8 melanoma pathological grid {t} {n} M0 -> {s or 'no group'}") for t, n, s in CELLS
])
def test_pathological_stage_iii_grid(t: str, n: str, stage: str | None) -> None:
    result = run_t(P, t, n, "M0")
    assert (result.t, result.n, result.m, result.stage, result.missing) == (t, n, "M0", stage, ())


def test_acceptance_seed_case_pt3a_n2b_m0_is_iiib() -> None:
    result = run(P, "2.6", False, "N2b", "M0")
    assert (result.t, result.n, result.m, result.stage, result.missing) == ("T3a", "N2b", "M0", "IIIB", ())
    assert result.system is StagingSystem.MELANOMA
    assert result.explanation_lines() == [
        "2.6 mm > 2.0 mm and ≤ 4.0 mm, without ulceration → T3a",
        "N2b: 2-3 nodes, at least one clinically detected, no ITM",
        "M0: no distant metastasis",
        "Pathological stage group: T3a N2b M0 → IIIB",
    ]


@pytest.mark.parametrize("n", melanoma.N_SUBCATEGORIES)
def test_pathological_tis_with_nodes_has_no_stage_group(n: str) -> None:
    result = run(P, None, None, n, "M0", t="Tis")
    assert (result.stage, result.missing) == (None, ())


@pytest.mark.parametrize("n", melanoma.N_SUBCATEGORIES)
def test_pathological_explicit_tx_with_nodes_has_no_stage_group(n: str) -> None:
    result = run(P, None, None, n, "M0", t="TX")
    assert (result.stage, result.missing) == (None, ())


@pytest.mark.parametrize("n", melanoma.N_SUBCATEGORIES)
def test_pathological_missing_thickness_with_nodes_names_the_thickness(n: str) -> None:
    result = run(P, None, None, n, "M0")
    assert (result.t, result.stage, result.missing) == ("TX", None, ("breslow_mm",))


# --- N without subcategory ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("t", "n", "stage", "missing"), [
    pytest.param("T3b", "N1", "IIIC", (), id="T3b N1: every subcategory IIIC"),
    pytest.param("T4a", "N3", "IIIC", (), id="T4a N3: every subcategory IIIC"),
    pytest.param("T4b", "N1", "IIIC", (), id="T4b N1: every subcategory IIIC"),
    pytest.param("T4b", "N2", "IIIC", (), id="T4b N2: every subcategory IIIC"),
    pytest.param("T4b", "N3", "IIID", (), id="T4b N3: every subcategory IIID"),
    pytest.param("T1a", "N3", "IIIC", (), id="T1a N3: every subcategory IIIC"),
    pytest.param("T1a", "N1", None, ("n",), id="T1a N1: IIIA/IIIB -> subcategory needed"),
    pytest.param("T2b", "N2", None, ("n",), id="T2b N2: IIIB/IIIC -> subcategory needed"),
    pytest.param("T0", "N1", None, ("n",), id="T0 N1: no group/IIIB -> subcategory needed"),
    pytest.param("T0", "N3", None, ("n",), id="T0 N3: no group/IIIC -> subcategory needed"),
])
def test_pathological_n_without_subcategory(t: str, n: str, stage: str | None, missing: tuple[str, ...]) -> None:
    result = run_t(P, t, n, "M0")
    assert (result.n, result.stage, result.missing) == (n, stage, missing)


# --- ulceration not entered -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(("classification", "mm", "n", "t", "stage", "missing"), [
    pytest.param(P, "0.5", "N0", "T1", "IA", (), id="pathological T1a/T1b N0: both IA"),
    pytest.param(C, "0.5", "N0", "T1", None, ("ulceration",), id="clinical T1a/T1b N0: IA/IB -> ulceration"),
    pytest.param(P, "0.5", "N1a", "T1", "IIIA", (), id="pathological T1a/T1b N1a: both IIIA"),
    pytest.param(P, "0.9", "N0", "T1b", "IA", (), id="0.9 mm is T1b whatever the ulceration"),
    pytest.param(P, "1.5", "N0", "T2", None, ("ulceration",), id="T2a/T2b N0: IB/IIA -> ulceration"),
    pytest.param(P, "1.5", "N1a", "T2", None, ("ulceration",), id="T2a/T2b N1a: IIIA/IIIB -> ulceration"),
    pytest.param(P, "1.5", "N2c", "T2", "IIIC", (), id="T2a/T2b N2c: both IIIC"),
    pytest.param(P, "3.0", "N0", "T3", None, ("ulceration",), id="T3a/T3b N0: IIA/IIB -> ulceration"),
    pytest.param(P, "5.0", "N1a", "T4", "IIIC", (), id="T4a/T4b N1a: both IIIC"),
    pytest.param(P, "5.0", "N3a", "T4", None, ("ulceration",), id="T4a/T4b N3a: IIIC/IIID -> ulceration"),
    pytest.param(C, "5.0", "N3a", "T4", "III", (), id="clinical T4 N3a: III"),
    pytest.param(P, "1.5", "N1", "T2", None, ("ulceration", "n"), id="T2 N1: both ulceration and subcategory"),
])
def test_ulceration_not_entered(classification: Classification, mm: str, n: str, t: str, stage: str | None,
                                missing: tuple[str, ...]) -> None:
    result = run(classification, mm, None, n, "M0")
    assert (result.t, result.stage, result.missing) == (t, stage, missing)


# --- M --------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("m", [m for m in melanoma.M_CATEGORIES if m != "M0"])
@pytest.mark.parametrize("classification", [C, P])
@pytest.mark.parametrize(("t", "n"), [("T1a", "N0"), ("TX", "NX"), ("Tis", None), ("T4b", "N3c"), ("T0", "N1a")])
def test_any_m1_is_iv_whatever_t_and_n(m: str, classification: Classification, t: str, n: str | None) -> None:
    result = run_t(classification, t, n, m)
    assert (result.m, result.stage, result.missing) == (m, "IV", ())


def test_missing_thickness_with_m1_is_iv() -> None:
    assert run(P, None, None, "N1a", "M1c").stage == "IV"


@pytest.mark.parametrize(("m", "line"), [
    ("M1a(0)", "LDH not elevated (0); the LDH suffix does not change the stage group"),
    ("M1d(1)", "LDH elevated (1); the LDH suffix does not change the stage group"),
])
def test_ldh_suffix_is_explained_and_does_not_change_the_stage(m: str, line: str) -> None:
    result = run(P, "1.5", False, "N0", m)
    assert result.stage == "IV"
    assert line in result.explanation_lines()
    assert run(P, "1.5", False, "N0", m[:3]).stage == "IV"


# --- N or M missing -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("classification", [C, P])
def test_nx_with_m0_is_unknown(classification: Classification) -> None:
    result = run(classification, "3.0", False, "NX", "M0")
    assert (result.stage, result.missing) == (None, ("n",))


@pytest.mark.parametrize(("mm", "t"), [("0.5", None), ("0.9", None), (None, "Tis")])
def test_pathological_t1_or_tis_with_nx_asks_for_clinical_n(mm: str | None, t: str | None) -> None:
    result = run(P, mm, False, "NX", "M0", t=t)
    assert (result.stage, result.missing) == (None, ("n",))
    assert ("Pathological staging of Tis and T1 does not require pathological evaluation of the lymph nodes: "
            "enter the clinical N (cN) as N") in result.explanation_lines()


def test_pathological_t2_with_nx_does_not_ask_for_clinical_n() -> None:
    lines = run(P, "1.5", False, "NX", "M0").explanation_lines()
    assert not any("clinical N (cN)" in line for line in lines)


@pytest.mark.parametrize(("classification", "mm", "ulceration", "n", "m", "missing"), [
    pytest.param(P, "3.0", False, None, "M0", ("n",), id="N not entered"),
    pytest.param(P, "3.0", False, "N1a", None, ("m",), id="M not entered"),
    pytest.param(P, "3.0", False, None, None, ("n", "m"), id="N and M not entered"),
    pytest.param(P, None, None, None, None, ("breslow_mm", "n", "m"), id="nothing entered"),
    pytest.param(P, "3.0", None, None, "M0", ("ulceration", "n"), id="ulceration and N not entered"),
    pytest.param(P, "0.5", None, None, "M0", ("n",), id="T1 ulceration irrelevant pathologically, N missing"),
    pytest.param(C, "0.5", None, None, "M0", ("ulceration", "n"), id="clinical T1: ulceration matters for N0"),
    pytest.param(C, None, None, "N1a", None, ("m",), id="clinical TX N1a, M not entered"),
])
def test_missing_inputs(classification: Classification, mm: str | None, ulceration: bool | None, n: str | None,
                        m: str | None, missing: tuple[str, ...]) -> None:
    result = run(classification, mm, ulceration, n, m)
    assert (result.stage, result.missing) == (None, missing)
    assert result.explanation_lines()[-1] == f"Stage group unknown: {', '.join(missing)}"


# --- properties -----------------------------------------------------------------------------------------------------

T_NUMBER = {"T1": 1, "T2": 2, "T3": 3, "T4": 4}
thickness = st.decimals(min_value=D("0.01"), max_value=D("30"), places=3, allow_nan=False, allow_infinity=False)


@settings(max_examples=300, deadline=None)
@given(a=thickness, b=thickness, ulceration=st.one_of(st.none(), st.booleans()))
def test_property_a_thicker_melanoma_never_gets_a_lower_t(a: D, b: D, ulceration: bool | None) -> None:
    thin, thick = sorted((a, b))
    t_thin = melanoma.t_category(thin, ulceration)[1]
    t_thick = melanoma.t_category(thick, ulceration)[1]
    assert T_NUMBER[t_thin[:2]] <= T_NUMBER[t_thick[:2]]
    if t_thin[:2] == t_thick[:2] and len(t_thin) == len(t_thick) == 3:
        assert t_thin[2] <= t_thick[2]  # T1a before T1b at equal T number


@settings(max_examples=200, deadline=None)
@given(mm=thickness)
def test_property_ulceration_never_lowers_t(mm: D) -> None:
    assert melanoma.t_category(mm, False)[1] <= melanoma.t_category(mm, True)[1]


@settings(max_examples=300, deadline=None)
@given(classification=st.sampled_from([C, P]), mm=st.one_of(st.none(), thickness),
       ulceration=st.one_of(st.none(), st.booleans()), t=st.sampled_from([None, *melanoma.EXPLICIT_T]),
       n=st.sampled_from([None, *melanoma.N_CATEGORIES]), m=st.sampled_from([None, *melanoma.M_CATEGORIES]))
def test_property_stage_or_reason(classification: Classification, mm: D | None, ulceration: bool | None,
                                  t: str | None, n: str | None, m: str | None) -> None:
    """Every result either has a stage group and nothing missing, or no stage group; it is always explained,
    and M1 is always IV."""
    result = melanoma.stage(MelanomaInputs(classification, mm, ulceration, n, m, t))
    if result.stage is not None:
        assert result.missing == ()
    if m is not None and m.startswith("M1"):
        assert result.stage == "IV"
    if m is None:
        assert result.stage is None and "m" in result.missing
    assert result.explanation
