"""Is an MDO quorate? Each required slot must be filled by a different attendee of an accepted specialty.

A slot may accept several specialties ("radiologist and/or nuclear-medicine physician"). One attendee
fills at most one slot, so the check is a maximum bipartite matching (attendees x slots), not a set
intersection: two slots that both accept surgeons need two surgeons.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum


class Specialty(StrEnum):
    SURGICAL_ONCOLOGY = "surgical_oncology"
    MEDICAL_ONCOLOGY = "medical_oncology"
    RADIATION_ONCOLOGY = "radiation_oncology"
    RADIOLOGY = "radiology"
    NUCLEAR_MEDICINE = "nuclear_medicine"
    PATHOLOGY = "pathology"
    DERMATOLOGY = "dermatology"
    PLASTIC_SURGERY = "plastic_surgery"
    HEAD_AND_NECK_SURGERY = "head_and_neck_surgery"
    RHEUMATOLOGY = "rheumatology"
    CLINICAL_GENETICS = "clinical_genetics"
    NURSE_SPECIALIST = "nurse_specialist"
    OTHER = "other"


# Zorgpad cutaan en subcutaan leiomyosarcoom (Erasmus MC, March 2026), "Multidisciplinair overleg (MDO)":
# "Tijdens elk MDO sarcomen nemen in ieder geval onderstaande specialisten deel".
#   pathway wording                              slot accepts
SARCOMA_REQUIRED_SLOTS: tuple[tuple[str, frozenset[Specialty]], ...] = (
    ("Oncologisch chirurg",                      frozenset({Specialty.SURGICAL_ONCOLOGY})),
    ("Internist-oncoloog",                       frozenset({Specialty.MEDICAL_ONCOLOGY})),
    ("Radiotherapeut-oncoloog",                  frozenset({Specialty.RADIATION_ONCOLOGY})),
    ("Radioloog en/of nucleair geneeskundige",   frozenset({Specialty.RADIOLOGY, Specialty.NUCLEAR_MEDICINE})),
    ("Patholoog",                                frozenset({Specialty.PATHOLOGY})),
)
# "Andere specialisten die - afhankelijk van de besproken casuistiek - eventueel ook deelnemen":
SARCOMA_OPTIONAL: tuple[Specialty, ...] = (Specialty.DERMATOLOGY, Specialty.OTHER)


@dataclass(frozen=True)
class Slot:
    key: str
    accepts: frozenset[Specialty]

    def __post_init__(self) -> None:
        if not self.accepts:
            raise ValueError("a slot must accept at least one specialty")


@dataclass(frozen=True)
class Attendee:
    key: str
    specialty: Specialty


@dataclass(frozen=True)
class SlotStatus:
    slot: Slot
    filled_by: str | None  # Attendee.key

    @property
    def filled(self) -> bool:
        return self.filled_by is not None


@dataclass(frozen=True)
class QuorumResult:
    met: bool
    slots: tuple[SlotStatus, ...]

    @property
    def missing(self) -> tuple[Slot, ...]:
        return tuple(s.slot for s in self.slots if not s.filled)


def quorum(slots: Sequence[Slot], attendees: Sequence[Attendee]) -> QuorumResult:
    """Fill as many slots as possible (Kuhn's augmenting paths); quorate when every slot is filled."""
    owner: dict[int, int] = {}  # slot index -> attendee index

    def assign(a: int, seen: set[int]) -> bool:
        for s, slot in enumerate(slots):
            if attendees[a].specialty in slot.accepts and s not in seen:
                seen.add(s)
                if s not in owner or assign(owner[s], seen):
                    owner[s] = a
                    return True
        return False

    for a in range(len(attendees)):
        assign(a, set())
    statuses = tuple(
        SlotStatus(slot, attendees[owner[s]].key if s in owner else None) for s, slot in enumerate(slots)
    )
    return QuorumResult(met=all(st.filled for st in statuses), slots=statuses)
