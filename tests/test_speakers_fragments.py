"""Speakers read off the sentence (analysis.detectors.speakers): a partial quotation whose own
source and cue come later in its sentence, and a source that is a clause fragment rather than a
noun phrase (no speaker, or the speaker of the sentence's other cue). Hand-built sentences after
PolNeAR dev and train errors."""
from __future__ import annotations

import pytest

from analysis.detectors.attribution.labels import noun_phrase
from conftest import speakers_of as _speakers


@pytest.mark.parametrize("text, expected", [
    # the quotation opens the content of "she said" later in its sentence; Warren's content runs
    # over it only as the continuation of her quotation before
    ("“This just isn’t right,” Warren said. “You squeezed employees to the breaking point” to drive up "
     "the stock price and your compensation, she said.",
     [("This just is", "Warren"), ("You squeezed", "she")]),
    ("“That may not be a majority position in my party,” Rubio said. “You can’t even begin that process "
     "until you prove to people” that border security is working, he said.",
     [("That may not", "Rubio"), ("You can’t ev", "he")]),
])
def test_partial_quotation_spoken_by_the_later_cue(text, expected):
    assert _speakers(text) == expected


@pytest.mark.parametrize("text, expected", [
    # "depicts one of the security contractors" (the source found before "asking") is no noun
    # phrase: the speaker is the source of the sentence's other cue, "shows"
    ("The movie shows Bob wanting to stay behind to collect intelligence and depicts one of the security "
     "contractors asking, \"For what, so more guys like the two contractors killed have to save your ass "
     "again?\"", [("For what, so", "The movie")]),
    # a source that opens with a finite verb ("requires staffers"): no speaker
    ("One such document, obtained by The Post, includes a clause that requires staffers to promise \"during "
     "the term of your service and at all time thereafter\" not to disparage Trump.",
     [("during the t", None)]),
])
def test_fragment_source_is_no_speaker(text, expected):
    assert _speakers(text) == expected


@pytest.mark.parametrize("source, expected", [
    ("replacing it with softer language", False), ("worded it", False), ("requires staffers", False),
    ("Speaking", False), ("make these Democrats", False), ("depicts one of the security contractors", False),
    # noun phrases, names and pronoun contractions stay
    ("retired neurosurgeon Ben Carson", True), ("leading Democrats", True), ("Lynch", True),
    ("Will", True), ("he's", True), ("The Clinton campaign", True), ("officials", True),
])
def test_noun_phrase(source, expected):
    assert noun_phrase(source) is expected
