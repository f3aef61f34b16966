"""Dutch personal names as Dutch records hold them. Pure Python: no Django, no database.

A Dutch family name has a prefix (*voorvoegsel*, "tussenvoegsel") kept apart from the name itself: Gerrit
van Dam is family name "Dam" with prefix "van". Lists sort on "Dam" and write the prefix after the initials
("Dam, G. van"); letters write the name as the patient uses it (*naamgebruik*: the own name, the partner's,
or both), with the initials in front ("G. van Dam-de Jong").

Name usage codes are those of the HL7 code system name-assembly-order, as the Dutch zib NameInformation
(NL core) uses them: NL1 own name, NL2 partner's name, NL3 partner's name followed by own name, NL4 own
name followed by partner's name.
"""

import re
from dataclasses import dataclass
from datetime import date

OWN = "NL1"
PARTNER = "NL2"
PARTNER_OWN = "NL3"
OWN_PARTNER = "NL4"
USES_PARTNER_NAME = frozenset({PARTNER, PARTNER_OWN, OWN_PARTNER})

# Prefixes of Dutch family names (after the BRP table of voorvoegsels, the ones met in practice), lowercase.
# Longest first, so that "van der Meer" splits as "van der" + "Meer", not "van" + "der Meer".
PREFIXES = tuple(sorted({
    "van", "van der", "van den", "van de", "van het", "van 't", "van t", "van ter", "van ten",
    "de", "den", "der", "het", "'t", "t", "te", "ter", "ten",
    "in 't", "in t", "in de", "in den", "in der", "in het",
    "op 't", "op de", "op den", "op der", "op het", "op ten",
    "uit de", "uit den", "uit het", "uit 't", "uit ten",
    "aan de", "aan den", "aan het", "aan 't", "bij de", "bij den", "bij 't",
    "onder de", "onder den", "over de", "over den", "voor de", "voor den", "voor 't", "tot",
    "von", "von der", "von den", "von dem", "vom", "zu", "zum", "zur",
    "de la", "de le", "du", "des", "d'", "la", "le", "l'", "di", "da", "del", "della", "dos",
}, key=lambda p: (-len(p), p)))


def split_family_name(value: str) -> tuple[str, str] | None:
    """("van der", "Meer") for "van der Meer"; None when the value does not begin with a lowercase prefix.

    Only a prefix written in lowercase is split off: "Van Damme" with a capital is, as often in Belgian and
    older Dutch records, part of the family name itself, and is left for a person to decide.
    """
    text = " ".join(value.split())
    for prefix in PREFIXES:
        # d'Ancona, l'Estrange: the apostrophe joins the prefix to the name.
        joined = prefix.endswith("'") and text.startswith(prefix) and len(text) > len(prefix)
        if joined and text[len(prefix)] != " ":
            return prefix, text[len(prefix):]
        if text.startswith(prefix + " ") and len(text) > len(prefix) + 1:
            return prefix, text[len(prefix) + 1:]
    return None


def needs_a_person(value: str) -> bool:
    """A family name that may hold a prefix a rule cannot split (capitalised "Van", an abbreviation "v.d.")."""
    text = " ".join(value.split())
    first = text.split(" ", 1)[0] if text else ""
    if " " not in text:
        return "." in first  # "v.d.Berg"
    return first.lower() in {p.split(" ", 1)[0] for p in PREFIXES} or "." in first or first[:1].islower()


def _join(*parts: str) -> str:
    return " ".join(part for part in parts if part)


def family_name_in_use(*, prefix: str, family_name: str, partner_prefix: str, partner_family_name: str,
                       usage: str) -> str:
    """The family name as the patient uses it, prefixes included: "van Dam-de Jong" (NL4)."""
    own = _join(prefix, family_name)
    partner = _join(partner_prefix, partner_family_name)
    if not partner or usage not in USES_PARTNER_NAME:
        return own
    if usage == PARTNER:
        return partner
    if usage == PARTNER_OWN:
        return f"{partner}-{own}"
    return f"{own}-{partner}"


def list_name(*, prefix: str, family_name: str, initials: str, given_names: str) -> str:
    """"Dam, G. van": the own family name first (as the list sorts), the prefix after the initials."""
    first = initials or given_names
    rest = _join(first, prefix)
    return f"{family_name}, {rest}" if rest else family_name


def formal_name(*, initials: str, given_names: str, name_in_use: str) -> str:
    """"G. van Dam-de Jong": initials (else given names) and the family name in use, for addresses."""
    return _join(initials or given_names, name_in_use)


def capitalise_prefix(name_in_use: str) -> str:
    """A name without initials before it starts with a capital: "Geachte heer Van Dam" (Dutch spelling)."""
    return name_in_use[:1].upper() + name_in_use[1:]


def salutation(*, sex: str, initials: str, given_names: str, name_in_use: str) -> str:
    """The Dutch salutation of a letter: "Geachte heer Van Dam", "Geachte mevrouw Van Dam-de Jong"; without a
    known sex (other, unknown) the initials and name, "Geachte G. van Dam", instead of guessing.
    """
    if sex == "M":
        return f"Geachte heer {capitalise_prefix(name_in_use)}"
    if sex == "F":
        return f"Geachte mevrouw {capitalise_prefix(name_in_use)}"
    return f"Geachte {formal_name(initials=initials, given_names=given_names, name_in_use=name_in_use)}"


# --- search -------------------------------------------------------------------------------------------------

_DATE = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")


class InvalidDate(ValueError):
    pass


@dataclass(frozen=True)
class NameQuery:
    """A search split into its parts: "Dam, G. van" -> family "Dam", prefix "van", given "G."."""

    text: str
    family: str = ""
    prefix: str = ""
    given: str = ""
    date_of_birth: date | None = None

    @property
    def structured(self) -> bool:
        return bool(self.prefix or self.given) and bool(self.family)


def _leading_prefix(words: list[str]) -> tuple[str, list[str]]:
    lowered = [w.lower() for w in words]
    for prefix in PREFIXES:
        size = prefix.count(" ") + 1
        if len(words) > size and " ".join(lowered[:size]) == prefix:
            return prefix, words[size:]
    return "", words


def _trailing_prefix(words: list[str]) -> tuple[str, list[str]]:
    lowered = [w.lower() for w in words]
    for prefix in PREFIXES:
        size = prefix.count(" ") + 1
        if len(words) > size and " ".join(lowered[-size:]) == prefix:
            return prefix, words[:-size]
    return "", words


def parse_date(text: str) -> date | None:
    """A date of birth typed as dd-mm-jjjj (also d-m-jjjj, dd/mm/jjjj, dd.mm.jjjj, jjjj-mm-dd); else None.

    Raises InvalidDate for a date-shaped text that is no date (31-02-1950).
    """
    match = _DATE.match(text)
    if match:
        day, month, year = (int(g) for g in match.groups())
    else:
        match = _ISO_DATE.match(text)
        if not match:
            return None
        year, month, day = (int(g) for g in match.groups())
    try:
        return date(year, month, day)
    except ValueError as exc:
        raise InvalidDate(text) from exc


def parse_query(query: str) -> NameQuery:
    """Split a search: "Dam", "van Dam", "Dam van", "Dam, G", "Dam, G. van", or a date of birth."""
    text = " ".join(query.split())
    born = parse_date(text)
    if born is not None:
        return NameQuery(text=text, date_of_birth=born)
    family_part, _, given_part = text.partition(",")
    given_words = given_part.split()
    prefix, family_words = _leading_prefix(family_part.split())
    if not prefix:
        prefix, family_words = _trailing_prefix(family_words)
    if not prefix and given_words:
        prefix, given_words = _trailing_prefix(given_words) if len(given_words) > 1 else ("", given_words)
        if not prefix and len(given_words) == 1 and given_words[0].lower() in PREFIXES:
            prefix, given_words = given_words[0].lower(), []
    return NameQuery(text=text, family=" ".join(family_words), prefix=prefix, given=" ".join(given_words))


def initials_prefix(given: str) -> str:
    """"GJ", "G.J." and "g j" as the start of stored initials "G.J.": "G.J" (the trailing dot is optional)."""
    letters = [c for c in given if c.isalpha()]
    return ".".join(letters).upper()
