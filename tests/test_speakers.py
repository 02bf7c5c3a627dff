"""Who speaks each direct quotation (analysis.detectors.speakers) and who a pronoun source refers
to (analysis.detectors.attribution.pronouns): the classes of speaker errors found on PolNeAR train,
each on a hand-built sentence with the expected speaker."""
from __future__ import annotations

import pytest

from analysis.detectors.attribution import find_attributions
from analysis.detectors.attribution.pronouns import _gender, _kind
from analysis.text.document import make_document
from conftest import speakers_of as _speakers


@pytest.mark.parametrize("text, expected", [
    # a quotation that ends its sentence is not spoken by the source of the next sentence
    ("Rubio said the plan would fail. “It will never pass.” Cruz said he disagreed with the plan.",
     [("It will neve", "Rubio")]),
    ("She says Trump represents the “same rigged system that he claims he’s going to change.” She adds, "
     "“What kind of genius loses a billion dollars?”",
     [("same rigged ", "She"), ("What kind of", "She")]),
    # a fragment inside a sentence is spoken by that sentence's source, not by the cue just after it
    ("On Twitter, former Florida Gov. Jeb Bush called Trump “unhinged.” Sen. Marco Rubio called the "
     "statement “offensive and outlandish.”",
     [("unhinged.", "former Florida Gov. Jeb Bush"), ("offensive an", "Sen. Marco Rubio")]),
    # the speaker written after the quotation, in the same sentence
    ("“Tom is a real visionary,” said Robert McAtee, a coal industry veteran.",
     [("Tom is a rea", "Robert McAtee, a coal industry veteran")]),
    # a question closing the quotation ends the splitter's sentence, not the quotation's clause
    ("“I am going to look at a lot of different people,” Clinton said. “Grizzly Adams?” Maddow repeated.",
     [("I am going t", "Clinton"), ("Grizzly Adam", "Maddow")]),
    # a cue introducing the quotation directly, though an earlier content runs over it too
    ("Jeb Bush and Hillary Clinton reject the term.\n\nClinton: “Our goal is to defeat ISIS.” Bush: “The "
     "mission is to destroy ISIS.”", [("Our goal is ", "Clinton"), ("The mission ", "Bush")]),
    # a participle cue with no source of its own ("only saying"): the source of its sentence's cue
    ("Clinton said she would fight, only saying that she was breathing a “sigh of relief” at the numbers.",
     [("sigh of reli", "Clinton")]),
])
def test_speaker_of_each_quotation(text, expected):
    assert _speakers(text) == expected


def _refers(text: str, cue_at: str) -> str | None:
    start = text.index(cue_at)
    a = next(x for x in find_attributions(make_document(text)) if start <= x.cue.start < start + len(cue_at))
    return a.refers_to.text if a.refers_to is not None else None


@pytest.mark.parametrize("text, cue, refers_to", [
    # "he" skips a candidate a title marks as a woman ("Mrs."), "she" one marked as a man
    ("Mr. Obama praised the plan on Monday. Mrs. Clinton said it was sound. He said it would pass.",
     "said it would", "Mr. Obama"),
    ("Ms. Sherry praised the plan on Monday. Mr. Rogan said it was sound. She said it would pass.",
     "said it would", "Ms. Sherry"),
    # a word for a person with an ending for people is a person ("the actress", "the assailant")
    ("The actress said the speech was long. She said she left early.", "said she", "The actress"),
])
def test_pronoun_refers_to_a_compatible_person(text, cue, refers_to):
    assert _refers(text, cue) == refers_to


@pytest.mark.parametrize("label, stype, kind", [
    ("no one", "anonymous", "other"),               # names no one a pronoun could refer to
    ("None of them", "anonymous", "other"),
    ("a twist", "unknown", "other"),                # a thing, not a person
    ("an unusually formal speech", "unknown", "other"),
    ("the assailant", "unknown", "person"),
    ("the actress", "unknown", "person"),
    ("economists", "unknown", "people"),
    ("police", "role", "people"),
    ("Senator Jane Smith", "named", "person"),
    # a phrase typed a name whose head is a thing in lower case is no person ("he" never refers to it)
    ("an unusually formal speech", "named", "other"),
    ("Trump's point", "named", "other"),
    ("The Republican nominee-in-waiting", "named", "person"),
    ("the Justice Department", "organisation", "organisation"),
])
def test_candidate_kinds(label, stype, kind):
    assert _kind(label, stype) == kind


@pytest.mark.parametrize("label, gender", [
    ("Mr. Clarke", "m"), ("Mrs. Clinton", "f"), ("Ms. Sherry", "f"), ("the spokeswoman", "f"),
    ("the chairman", "m"), ("The former first lady", "f"),
    # never guessed from a name
    ("Hillary Clinton", None), ("Donald Trump", None), ("the German", None),
])
def test_gender_only_from_titles_and_words_for_people(label, gender):
    assert _gender(label) == gender
