"""Sources read with grammar: a source is a noun phrase that never takes in its noun cue's
determiner ("he expended his talking points"), leaves a participle clause out ("Caddell, speaking
of …"), and joins conjuncts and the prepositions inside a name ("the University of California at
Berkeley"). Each expectation is checked by hand; each failed on the code before these rules."""
import pytest

from analysis import make_document
from conftest import source_of


@pytest.mark.parametrize("text, cue, source", [
    # the noun cue's determiner ends no source: the subject of the verb before it, or the possessor
    ("He expended his talking points on the economy.", "talking", "He"),
    ("It edged up its forecast for British growth.", "forecast", "It"),
    ("Trump also took multiple swipes at Clinton.", "swipes", "Trump"),
    ("Politifact did a fact-check on Donald Trump’s claim that crime rose.", "claim", "Donald Trump’s"),
    ("By Trump's own admission, he lost.", "admission", "Trump's"),
    ("Their isolation goes beyond his opposition to the tax.", "opposition", "his"),
    # ... but a plural head before a verb stays ("RT and its defenders say")
    ("RT and its defenders say the network is fair.", "say", "RT and its defenders"),
    ("Some of his supporters remain reluctant to back him.", "reluctant", "Some of his supporters"),
    # a participle clause after the source is no part of it (a title in -ing is)
    ("“This is in their heads,” said Caddell, speaking of Clinton’s health.", "said", "Caddell"),
    ("President Obama, dedicating the museum on Saturday, said the country had changed.", "said",
     "President Obama"),
    ("“We agree,” said Donald Tusk, summing up conversations that went beyond security.", "said",
     "Donald Tusk"),
    ("Ken Sena, managing director at Evercore, said the stock was cheap.", "said",
     "Ken Sena, managing director at Evercore"),
    # ... and so is a parenthetical opened by a preposition or conjunction
    ("Snyder, for his part, has denied that he knew about the lead.", "denied", "Snyder"),
    ("Cruz, as he has in the past, opposed the bill.", "opposed", "Cruz"),
    # coordination: the object of an "of" ends a conjunct; a sentence ends at a lower-case word's
    # full stop; a name keeps its prepositions
    ("On Tuesday, the former secretary of state and current Democratic nominee said she would win.", "said",
     "the former secretary of state and current Democratic nominee"),
    ("It was barely mentioned in the race. Experts on North Korea and nuclear nonproliferation said the test "
     "could change that.", "said", "Experts on North Korea and nuclear nonproliferation"),
    ("The University of California at Berkeley found that prices rose.", "found",
     "The University of California at Berkeley"),
])
def test_source_is_a_noun_phrase(text, cue, source):
    assert source_of(text, cue) == source


def test_a_subject_pronoun_it_ends_the_phrase_before_its_cue():
    """"… to meet the emissions reduction target it pledged": the source of "pledged" is "it",
    however far back the search may run (here from "meet")."""
    from analysis.detectors.attribution.context import Context
    from analysis.detectors.attribution.phrases import _np_left
    cx = Context(make_document("They want to meet the emissions reduction target it pledged."))
    words = [t.text for t in cx.toks]
    start = _np_left(cx, words.index("meet"), words.index("it"))
    assert words[start] == "it"


@pytest.mark.parametrize("text, cue, source", [
    # the subject before the auxiliaries of a verb that opens the phrase before a noun cue
    ("Mr. Trump has made the suggestion that the election is rigged.", "suggestion", "Mr. Trump"),
    ("He has stepped up his attacks on Clinton.", "attacks", "He"),
])
def test_subject_before_the_auxiliaries(text, cue, source):
    assert source_of(text, cue) == source
