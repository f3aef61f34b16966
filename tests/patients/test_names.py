"""Dutch names (zorgpad.patients.names): prefixes split off, names per name usage, salutations, search parsing."""

import datetime as dt

import pytest

from zorgpad.patients import names


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        pytest.param("van Dam", ("van", "Dam"), id="van"),
        pytest.param("van der Meer", ("van der", "Meer"), id="longest prefix first: van der"),
        pytest.param("van den Heuvel", ("van den", "Heuvel"), id="van den"),
        pytest.param("de Jong", ("de", "Jong"), id="de"),
        pytest.param("ter Horst", ("ter", "Horst"), id="ter"),
        pytest.param("in 't Veld", ("in 't", "Veld"), id="in 't"),
        pytest.param("van 't Hof", ("van 't", "Hof"), id="van 't"),
        pytest.param("'t Hart", ("'t", "Hart"), id="'t"),
        pytest.param("d'Ancona", ("d'", "Ancona"), id="d' joined to the name"),
        pytest.param("van  der   Meer", ("van der", "Meer"), id="extra spaces"),
        pytest.param("Van Dam", None, id="capitalised Van is left for a person"),
        pytest.param("Dam", None, id="no prefix"),
        pytest.param("Vandenberg", None, id="prefix inside one word"),
        pytest.param("van", None, id="a prefix alone is no split"),
        pytest.param("Jansen-de Vries", None, id="prefix inside a double name"),
    ],
)
def test_split_family_name_splits_only_a_lowercase_known_prefix(value, expected) -> None:
    assert names.split_family_name(value) == expected


@pytest.mark.parametrize(
    ("value", "listed"),
    [
        pytest.param("Van Dam", True, id="capitalised prefix"),
        pytest.param("v.d. Berg", True, id="abbreviated prefix"),
        pytest.param("vd Berg", True, id="unknown lowercase word"),
        pytest.param("Jansen", False, id="plain name"),
        pytest.param("El Amrani", False, id="El is not on the Dutch list"),
    ],
)
def test_names_a_rule_cannot_split_are_listed_for_a_person(value, listed) -> None:
    assert names.needs_a_person(value) is listed


PATIENT = {"prefix": "van", "family_name": "Dam", "partner_prefix": "de", "partner_family_name": "Jong"}


@pytest.mark.parametrize(
    ("usage", "in_use"),
    [
        pytest.param(names.OWN, "van Dam", id="NL1 own name"),
        pytest.param(names.PARTNER, "de Jong", id="NL2 partner's name"),
        pytest.param(names.PARTNER_OWN, "de Jong-van Dam", id="NL3 partner's name, then own"),
        pytest.param(names.OWN_PARTNER, "van Dam-de Jong", id="NL4 own name, then partner's"),
    ],
)
def test_family_name_in_use_follows_the_name_usage(usage, in_use) -> None:
    assert names.family_name_in_use(**PATIENT, usage=usage) == in_use


def test_partner_usage_without_a_partner_name_falls_back_to_the_own_name() -> None:
    assert names.family_name_in_use(prefix="van", family_name="Dam", partner_prefix="", partner_family_name="",
                                    usage=names.PARTNER) == "van Dam"


def test_list_name_puts_the_prefix_after_the_initials() -> None:
    assert names.list_name(prefix="van", family_name="Dam", initials="G.", given_names="Gerrit") == "Dam, G. van"
    assert names.list_name(prefix="", family_name="Dam", initials="", given_names="Gerrit") == "Dam, Gerrit"
    assert names.list_name(prefix="", family_name="Dam", initials="", given_names="") == "Dam"


@pytest.mark.parametrize(
    ("sex", "expected"),
    [
        pytest.param("M", "Geachte heer Van Dam-de Jong", id="man: heer, prefix capitalised"),
        pytest.param("F", "Geachte mevrouw Van Dam-de Jong", id="woman: mevrouw"),
        pytest.param("X", "Geachte G. van Dam-de Jong", id="other: initials and name"),
        pytest.param("U", "Geachte G. van Dam-de Jong", id="unknown: initials and name"),
    ],
)
def test_salutation_by_sex(sex, expected) -> None:
    in_use = names.family_name_in_use(**PATIENT, usage=names.OWN_PARTNER)
    assert names.salutation(sex=sex, initials="G.", given_names="Gerrit", name_in_use=in_use) == expected


@pytest.mark.parametrize(
    ("query", "family", "prefix", "given"),
    [
        pytest.param("Dam", "Dam", "", "", id="family name"),
        pytest.param("van Dam", "Dam", "van", "", id="prefix first"),
        pytest.param("Dam van", "Dam", "van", "", id="prefix last"),
        pytest.param("Dam, G", "Dam", "", "G", id="family name, initial"),
        pytest.param("Dam, G. van", "Dam", "van", "G.", id="as the list writes it"),
        pytest.param("Dam, van", "Dam", "van", "", id="prefix after the comma"),
        pytest.param("VAN DER meer", "meer", "van der", "", id="any case"),
    ],
)
def test_parse_query_splits_a_name_search(query, family, prefix, given) -> None:
    parsed = names.parse_query(query)
    assert (parsed.family, parsed.prefix, parsed.given, parsed.date_of_birth) == (family, prefix, given, None)


@pytest.mark.parametrize("query", ["14-03-1949", "14-3-1949", "14/03/1949", "14.03.1949", "1949-03-14"])
def test_parse_query_reads_a_date_of_birth(query) -> None:
    assert names.parse_query(query).date_of_birth == dt.date(1949, 3, 14)


def test_parse_query_refuses_a_date_that_does_not_exist() -> None:
    with pytest.raises(names.InvalidDate):
        names.parse_query("31-02-1949")


@pytest.mark.parametrize(("typed", "expected"), [("G", "G"), ("GJ", "G.J"), ("g.j.", "G.J"), ("G. J.", "G.J")])
def test_initials_prefix_ignores_dots_and_spaces(typed, expected) -> None:
    assert names.initials_prefix(typed) == expected
