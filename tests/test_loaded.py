"""Loaded-language detector: hand-built sentences per category, negation, multi-word expressions,
signals, data files and the seed article."""
import json

import pytest

from analysis.text.document import load, make_document
from analysis.detectors.loaded import CATEGORIES, DEFAULT_THRESHOLD, default_model, find_loaded_language
from analysis.detectors.loaded.lexicon import curated_lexicon
from analysis.lexicons.thirdparty import pattern_lexicon, vader_lexicon
from analysis.text.spans import Span

from conftest import ROOT, SEED_000


def flagged(text, threshold=DEFAULT_THRESHOLD):
    return [(s.span.text, s.category) for s in find_loaded_language(make_document(text), threshold)]


# --------------------------------------------------------------------------- one per category

@pytest.mark.parametrize("text, expected", [
    ("Those radical extremists want to destroy our country.",
     ("radical extremists", "pejorative label")),
    ("This is a horrific massacre of innocent people.", ("horrific massacre", "fear/threat")),
    ("Critics called the plan an absolutely outrageous waste of money.",
     ("absolutely outrageous waste", "intensifier/hyperbole")),
    ("The senator called the deal a disgraceful betrayal of veterans.",
     ("disgraceful betrayal", "moral condemnation")),
    ("The brave soldiers fought for freedom.", ("brave soldiers", "glorification")),
    ("He said the group would hunt you down if you talked.", ("hunt you down", "fear/threat")),
    ("President Bukele will help us clean up the mess at our southern border.",
     ("clean up the mess", "violent metaphor")),
])
def test_each_category_on_a_hand_built_sentence(text, expected):
    assert expected in flagged(text)


def test_a_multi_word_expression_is_one_span_with_exact_offsets():
    text = "He said the group would hunt you down if you talked."
    spans = find_loaded_language(make_document(text))
    assert [s.span for s in spans] == [Span(24, 37, "hunt you down")]
    assert text[24:37] == "hunt you down"
    assert "lexicon: fear/threat (expression 'hunt you down')" in spans[0].signals


def test_neutral_sentence_has_no_loaded_language():
    assert flagged("The council met on Tuesday to discuss the budget for next year.") == []


# --------------------------------------------------------------------------- negation

@pytest.mark.parametrize("plain, negated, word", [
    ("The plan is a disaster.", "The plan is not a disaster.", "disaster"),
    ("It was an evil, vile act.", "It was never a vile act.", "vile act"),
])
def test_negated_charged_words_are_not_flagged(plain, negated, word):
    # decision: a charged word with a negator up to three words before it in the same clause
    # ("not a disaster", "never a vile act") is not loaded language
    assert word in [t for t, _ in flagged(plain)]
    assert flagged(negated) == []


def test_negation_reaches_only_its_own_clause():
    plain = flagged("They are corrupt, shameful and evil people.")
    negated = flagged("They are not corrupt, shameful and evil people.")
    assert ("corrupt", "moral condemnation") in plain
    assert [t for t, _ in negated] == ["shameful", "evil people"]


def test_a_phrase_bridges_a_conjunction_between_loaded_words():
    assert flagged("The policy is corrupt and shameful.") == [("corrupt and shameful", "moral condemnation")]


def test_negation_stops_at_a_clause_break():
    # "not" belongs to the first clause; "evil" in the second is still flagged
    assert ("evil", "moral condemnation") in flagged("It is not over, the regime is evil.")


# --------------------------------------------------------------------------- explanations

def test_every_span_says_why_and_how_sure():
    text = "Critics called the plan an absolutely outrageous waste of money."
    [s] = find_loaded_language(make_document(text))
    assert s.span.text == "absolutely outrageous waste"
    assert "lexicon: intensifier/hyperbole ('outrageous')" in s.signals
    assert "VADER intensity -2.0 ('outrageous')" in s.signals
    assert "TextBlob subjectivity 1.0, polarity -1.0 ('outrageous')" in s.signals
    assert any(sig.startswith("phrase extended from 'outrageous'") for sig in s.signals)
    assert 0.5 < s.confidence <= 1.0
    assert s.voice == ""   # set later by analysis.scores


def test_threshold_keeps_a_subset_and_is_checked():
    doc = load(SEED_000)
    low = find_loaded_language(doc, 0.3)
    high = find_loaded_language(doc, 0.8)
    assert 0 < len(high) < len(low)
    assert all(s.confidence >= 0.8 for s in high)
    with pytest.raises(ValueError, match="between 0 and 1"):
        find_loaded_language(doc, 1.5)


def test_spans_are_text_slices_in_order():
    doc = load(SEED_000)
    spans = find_loaded_language(doc)
    assert spans == sorted(spans, key=lambda s: s.span.start)
    for s in spans:
        assert doc.text[s.span.start:s.span.end] == s.span.text
        assert s.category in CATEGORIES or s.category.startswith("charged")


# --------------------------------------------------------------------------- seed article

def test_seed_000_clean_up_the_mess_is_flagged():
    doc = load(SEED_000)
    spans = {s.span.text: s for s in find_loaded_language(doc)}
    s = spans["clean up the mess"]
    assert s.category == "violent metaphor"
    assert doc.text.index("clean up the mess at our southern border") == s.span.start
    assert "no-nonsense leadership" in spans            # the outlet's own voice


def test_seed_000_voice_of_the_quoted_expression():
    from analysis.pipeline import analyze
    a = analyze(load(SEED_000))
    if not a.direct_quotes:
        pytest.skip("quotation detector not available yet")
    by_text = {s.span.text: s for s in a.loaded}
    assert by_text["clean up the mess"].voice == "quoted"       # inside Noem's quotation
    assert by_text["no-nonsense leadership"].voice == "own"


# --------------------------------------------------------------------------- data and licences

def test_lexicons_are_read_from_the_installed_packages():
    assert vader_lexicon()["evil"] == -3.4
    pol, subj, _ = pattern_lexicon()["outrageous"]
    assert (pol, subj) == (-1.0, 1.0)


def test_curated_lexicon_has_its_source_and_licence():
    head = (ROOT / "analysis" / "data" / "loaded_lexicon.tsv").read_text(encoding="utf-8")[:800]
    assert "Licence: MIT" in head and "written for this project" in head
    lex = curated_lexicon()
    assert ("thug", "pejorative label") in lex.prefixes      # "thug*": thug, thugs, thuggish
    assert lex.words["evil"] == "moral condemnation"
    assert ("hunt", "you", "down") in [w for w, _ in lex.phrases["hunt"]]


def test_model_is_plain_json_and_matches_the_default_threshold():
    raw = json.loads((ROOT / "analysis" / "data" / "loaded_model.json").read_text(encoding="utf-8"))
    assert set(raw) >= {"bias", "weights", "vocab", "threshold", "grow", "info"}
    assert default_model().threshold == DEFAULT_THRESHOLD
    assert raw["info"]["cv_metrics_at_chosen_settings"]["precision"] >= 0.45


@pytest.mark.parametrize("text", [
    SEED_000.read_text(encoding="utf-8"),
    "Those radical extremists want to destroy our country. It was not a disaster, he said.",
    "The brave soldiers fought for “freedom”! THE CORRUPT ELITES LIED.",
    # charged neighbours at sentence edges (the context stops at a sentence), a phrase, one word
    "Evil. Terrorists attack the good people! A witch hunt, a disaster and a catastrophe.",
    "Disaster",
    "",
])
def test_detection_scores_tokens_exactly_as_training_does(text):
    # detection has a fast path of its own; it must give the probabilities of the training features
    from analysis.detectors.loaded.features import _Facts, token_features
    from analysis.detectors.loaded.model import _probabilities, token_probabilities
    doc = make_document(text)
    model = default_model()
    assert _probabilities(_Facts(doc), model) == token_probabilities(token_features(doc), model)


def test_clause_breaks_and_sentences_from_the_document_columns():
    # _Facts reads the gaps and the sentence starts from the Document's columns: the same as the
    # text between the Spans and a bisect per token
    from bisect import bisect_right
    from analysis.detectors.loaded.features import _GAP_BREAK_RE, _Facts
    text = ("Evil. Terrorists attack - the good people!\nA witch hunt; a (disaster) and “a catastrophe”. "
            "Mr. Smith said so — again.\n\nThe end")
    doc = make_document(text)
    facts = _Facts(doc)
    toks = doc.tokens
    sent = [max(0, bisect_right(doc._sentence_starts, t.start) - 1) for t in toks]
    assert facts.sent_of == sent
    gaps = [doc.flow[a.end:b.start] for a, b in zip(toks, toks[1:])]
    assert facts.brk == [True] + [s != t or (g != " " and _GAP_BREAK_RE.search(g) is not None)
                                  for s, t, g in zip(sent, sent[1:], gaps)]
