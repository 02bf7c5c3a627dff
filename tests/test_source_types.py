"""The type of a source phrase (analysis.detectors.attribution.source_types): a name ends a named
person's phrase; places and bodies of state are organisations; plural roles are roles, and
quantified ones unnamed people. Expectations checked by hand."""
import pytest

import analysis
from analysis.detectors.attribution.source_types import _type_of, place_names

from conftest import SEED_002


@pytest.mark.parametrize("text, stype", [
    # places and governments stand for a state: organisations, not named people (issue 14)
    ("El Salvador", "organisation"),
    ("the Venezuelan regime", "organisation"),
    ("the United States", "organisation"),
    ("the U.S.", "organisation"),
    ("North Korea", "organisation"),
    ("Moscow", "organisation"),
    ("Texas", "organisation"),
    ("Police", "organisation"),                  # capitalised only because it opens the sentence
    ("the Chinese government", "organisation"),
    ("Russia’s foreign ministry", "organisation"),
    ("Trump’s team", "organisation"),
    # a place or a name before a role in lower case: a role, no name
    ("Israel’s prime minister", "role"),
    ("Clinton’s spokesman", "role"),
    ("Republican senators", "role"),
    ("Indiana governor", "role"),
    ("many economists", "anonymous"),
    ("some senators", "anonymous"),
    ("Mexican authorities", "anonymous"),
    # a name ends the phrase: a named person, a place in it or not
    ("Texas Gov. Greg Abbott", "named"),
    ("Israeli Prime Minister Benjamin Netanyahu", "named"),
    ("New York Gov. Andrew Cuomo", "named"),
    ("DHS Secretary Kristi Noem", "named"),
    ("Rep. Jim Jordan", "named"),
    ("Jordan", "named"),                         # as often a surname as the country: left out of the places
    ("Bernie Sanders (I-Vt.)", "named"),
    ("Mrs. Clinton", "named"),
    # unchanged kinds
    ("The New York Times", "organisation"),
    ("the White House", "organisation"),
    ("CNN", "organisation"),
    ("immigration experts", "anonymous"),
    ("The poll", "document"),
    ("a spokeswoman", "role"),
])
def test_source_types(text, stype):
    assert _type_of(text) == stype


def test_place_names_are_lists_of_words_in_the_detectors_form():
    names = place_names()
    assert {"el salvador", "united states", "u.s", "texas", "moscow", "north korea"} <= names
    assert not {"jordan", "chad", "georgia", "washington", "paris"} & names      # personal names too
    assert all(n == n.lower() and not n.startswith("the ") for n in names)


def test_seed_002_names_no_country_or_regime_among_named_people():
    groups = analysis.score_file(SEED_002)["breakdown"]["voices"]["groups"]
    assert groups["named"]["names"] == ["Kristi Noem", "Donald Trump", "Bukele"]
    assert groups["organisation"]["names"] == ["El Salvador", "the Venezuelan regime"]
