import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mdo.rules.quorum import SARCOMA_REQUIRED_SLOTS, Attendee, Slot, Specialty, quorum

S = Specialty
SARCOMA = [Slot(label, accepts) for label, accepts in SARCOMA_REQUIRED_SLOTS]
FULL = [S.SURGICAL_ONCOLOGY, S.MEDICAL_ONCOLOGY, S.RADIATION_ONCOLOGY, S.RADIOLOGY, S.PATHOLOGY]


def _people(*specialties: Specialty) -> list[Attendee]:
    return [Attendee(f"p{i}", s) for i, s in enumerate(specialties)]


def test_sarcoma_slots_are_the_pathway_list() -> None:
    assert [(s.key, set(s.accepts)) for s in SARCOMA] == [
        ("Oncologisch chirurg", {S.SURGICAL_ONCOLOGY}),
        ("Internist-oncoloog", {S.MEDICAL_ONCOLOGY}),
        ("Radiotherapeut-oncoloog", {S.RADIATION_ONCOLOGY}),
        ("Radioloog en/of nucleair geneeskundige", {S.RADIOLOGY, S.NUCLEAR_MEDICINE}),
        ("Patholoog", {S.PATHOLOGY}),
    ]


@pytest.mark.parametrize(("present", "missing"), [
    pytest.param(FULL, [], id="pathway: all five present"),
    pytest.param([s for s in FULL if s != S.PATHOLOGY], ["Patholoog"], id="pathway: no pathologist"),
    pytest.param([S.SURGICAL_ONCOLOGY, S.MEDICAL_ONCOLOGY, S.RADIATION_ONCOLOGY, S.NUCLEAR_MEDICINE, S.PATHOLOGY],
                 [], id="pathway: nuclear-medicine physician instead of radiologist"),
    pytest.param([*FULL, S.NUCLEAR_MEDICINE], [], id="pathway: radiologist and nuclear-medicine physician"),
    pytest.param([S.SURGICAL_ONCOLOGY, S.MEDICAL_ONCOLOGY, S.RADIATION_ONCOLOGY, S.PATHOLOGY],
                 ["Radioloog en/of nucleair geneeskundige"], id="pathway: neither radiologist nor nuclear medicine"),
    pytest.param([S.MEDICAL_ONCOLOGY, S.RADIATION_ONCOLOGY, S.RADIOLOGY, S.PATHOLOGY, S.DERMATOLOGY],
                 ["Oncologisch chirurg"], id="pathway: a dermatologist does not replace the surgeon"),
    pytest.param([S.SURGICAL_ONCOLOGY, S.PLASTIC_SURGERY, S.MEDICAL_ONCOLOGY, S.RADIATION_ONCOLOGY, S.RADIOLOGY,
                  S.PATHOLOGY], [], id="pathway: extra specialists change nothing"),
    pytest.param([], [label for label, _ in SARCOMA_REQUIRED_SLOTS], id="nobody present"),
])
def test_sarcoma_quorum(present: list[Specialty], missing: list[str]) -> None:
    result = quorum(SARCOMA, _people(*present))
    assert [s.key for s in result.missing] == missing
    assert result.met is (missing == [])


def test_slots_report_who_fills_them() -> None:
    result = quorum(SARCOMA, _people(S.PATHOLOGY, S.NUCLEAR_MEDICINE))
    assert [(s.slot.key, s.filled_by) for s in result.slots] == [
        ("Oncologisch chirurg", None), ("Internist-oncoloog", None), ("Radiotherapeut-oncoloog", None),
        ("Radioloog en/of nucleair geneeskundige", "p1"), ("Patholoog", "p0"),
    ]


def test_one_person_fills_one_slot() -> None:
    slots = [Slot("surgeon 1", frozenset({S.SURGICAL_ONCOLOGY})), Slot("surgeon 2", frozenset({S.SURGICAL_ONCOLOGY}))]
    assert [s.key for s in quorum(slots, _people(S.SURGICAL_ONCOLOGY)).missing] == ["surgeon 2"]
    assert quorum(slots, _people(S.SURGICAL_ONCOLOGY, S.SURGICAL_ONCOLOGY)).met


def test_matching_not_greedy() -> None:
    # The radiologist could take either slot; only giving the either-or slot to the nuclear-medicine
    # physician fills both. A first-come assignment would report a missing radiologist.
    slots = [Slot("imaging", frozenset({S.RADIOLOGY, S.NUCLEAR_MEDICINE})),
             Slot("radiologist", frozenset({S.RADIOLOGY}))]
    result = quorum(slots, _people(S.RADIOLOGY, S.NUCLEAR_MEDICINE))
    assert result.met
    assert [(s.slot.key, s.filled_by) for s in result.slots] == [("imaging", "p1"), ("radiologist", "p0")]


def test_no_required_slots_is_quorate() -> None:
    assert quorum([], []).met


def test_a_slot_must_accept_someone() -> None:
    with pytest.raises(ValueError):
        Slot("nobody", frozenset())


_SPECIALTIES = st.sampled_from(list(Specialty)[:6])


@settings(max_examples=200, deadline=None)
@given(
    slots=st.lists(st.frozensets(_SPECIALTIES, min_size=1, max_size=3), max_size=5),
    present=st.lists(_SPECIALTIES, max_size=6),
)
def test_quorum_agrees_with_trying_every_assignment(slots: list[frozenset[Specialty]],
                                                    present: list[Specialty]) -> None:
    result = quorum([Slot(f"s{i}", accepts) for i, accepts in enumerate(slots)], _people(*present))
    # Brute force: some ordering of distinct attendees fills every slot.
    possible = any(
        all(person in accepts for person, accepts in zip(chosen, slots, strict=True))
        for chosen in itertools.permutations(present, len(slots))
    ) if len(slots) <= len(present) else not slots
    assert result.met is possible
    filled_by = [s.filled_by for s in result.slots if s.filled_by]
    assert len(filled_by) == len(set(filled_by))  # nobody fills two slots
