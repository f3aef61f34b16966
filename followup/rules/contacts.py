"""Emergency contacts from the care pathway (section "Contact in spoedgevallen"), printed on every letter."""

from dataclasses import dataclass


@dataclass(frozen=True)
class EmergencyContact:
    who: str
    number: str
    when: str


# (who, number, when) exactly as the pathway gives them.
EMERGENCY_CONTACTS: tuple[EmergencyContact, ...] = (
    EmergencyContact("Polikliniek dermatologie", "010-7040110", "tijdens kantooruren"),
    EmergencyContact("Oncologische chirurgie", "010-7040251", "tijdens kantooruren"),
    EmergencyContact(
        "Dienstdoende dermatoloog of chirurg via de Spoedeisende Hulp (algemeen nummer Erasmus MC)",
        "010-7040704",
        "buiten kantooruren",
    ),
)
