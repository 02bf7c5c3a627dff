"""Loaded-language CRF (issue 12): BIO labels, decoding, trimming, token inputs, windows, training
determinism, the shipped model files, the model interface, and hand-built sentences."""
import hashlib
import json

import pytest

from analysis.text.document import make_document
from analysis.evaluate import loaded_crf as crf_eval
from analysis.evaluate.loaded import Article, _mask
from analysis.detectors.loaded import crf
from analysis.detectors.loaded.crf import (GATE, INFO_FILE, MODEL_FILE, Inputs, _shape, _trim, decode, default_crf,
                                          find_loaded_language, labels_of, sentence_ranges,
                                          spans_from_marginals, token_attributes, windows)
from analysis.detectors.loaded.features import _Facts

from conftest import ROOT


def facts_of(text):
    return _Facts(make_document(text))


# --------------------------------------------------------------------------- labels and decoding

def test_bio_labels_from_gold_characters():
    text = "They are evil thugs, and vile men came."
    f = facts_of(text)
    s = text.index("evil")
    mask = _mask([(s, s + len("evil thugs")), (text.index("vile"), text.index("vile") + 4)], len(text))
    (lo, hi), = sentence_ranges(f)
    assert labels_of(f, mask, lo, hi, text) == ["O", "O", "B", "I", "O", "B", "O", "O"]


def test_two_touching_gold_spans_are_two_phrases():
    text = "A corrupt regime."
    f = facts_of(text)
    # "corrupt" and "regime" are separate gold spans: the space between them is not gold
    mask = _mask([(2, 9), (10, 16)], len(text))
    assert labels_of(f, mask, 0, 3, text) == ["O", "B", "B"]


def test_decode_grows_a_seed_over_its_neighbours_and_drops_weak_runs():
    inside = [0.1, 0.5, 0.7, 0.3, 0.05, 0.4, 0.35]
    # the seed 0.7 grows over 0.5 and 0.3 (>= 0.3); the run 0.4, 0.35 has no token >= 0.6
    assert decode(inside, threshold=0.6, grow=0.3) == [(1, 4, 2)]
    assert decode(inside, threshold=0.6, grow=0.6) == [(2, 3, 2)]
    assert decode(inside, threshold=0.35, grow=0.3) == [(1, 4, 2), (5, 7, 5)]


def test_a_span_of_function_words_only_is_dropped():
    f = facts_of("It is a plan of the past.")
    # a run over "a" alone (tokens: It is a plan of the past) and one over "of the" are dropped;
    # "a plan" holds a word that is not a bare function word
    sentences = [(0, [0.0, 0.0, 0.9, 0.0, 0.8, 0.8, 0.0])]
    assert spans_from_marginals(f, sentences, 0.5, 0.5) == []
    sentences = [(0, [0.0, 0.0, 0.9, 0.7, 0.0, 0.0, 0.0])]
    assert spans_from_marginals(f, sentences, 0.5, 0.5) == [(2, 4, 2, 0.9)]


def test_a_span_stops_at_a_comma_or_a_quotation_mark():
    f = facts_of('He was a cruel, "vile" man.')
    # tokens: He was a cruel vile man; a run over "a cruel vile man" around "cruel" stops at the comma
    assert _trim(f, 2, 6, 3) == (2, 4)
    assert _trim(f, 2, 6, 4) == (4, 5)


def test_shape_collapses_runs():
    assert [_shape(w) for w in ("Obama", "U.S", "anti-war", "2016", "NATO")] == ["Xx", "X.X", "x-x", "d", "X"]


def test_token_inputs_name_the_curated_category_the_window_and_the_quote():
    text = 'The "radical" thugs attacked.'
    f = facts_of(text)
    probs = [0.0, 0.5, 0.9, 0.2]
    a = token_attributes(f, probs, 0, 4)
    thugs = a[2]
    assert "w=thugs" in thugs and "c=pejorative label" in thugs
    assert "p=18" in thugs                      # its own probability, in steps of 0.05
    assert "-1:w=radical" in thugs and "1:w=attacked" in thugs
    assert "w-1|w=radical|thugs" in thugs
    assert "scare_quote" in a[1] and "scare_quote" not in thugs
    assert "BOS" in a[0] and "EOS" in a[3]


def test_windows_around_candidate_words_merge_where_they_touch():
    probs = [0.0] * 12
    probs[2] = probs[4] = probs[10] = GATE
    assert windows(probs, 0, 12, None) == [(0, 12)]
    assert windows(probs, 0, 12, 1) == [(1, 6), (9, 12)]
    assert windows(probs, 0, 12, 3) == [(0, 12)]
    assert windows(probs, 3, 9, 1) == [(3, 6)]


def test_a_window_sees_its_sentence_and_the_model_s_inputs_are_a_subset():
    text = 'Officials said the "radical" thugs attacked the quiet town on a cold Tuesday morning.'
    f = facts_of(text)
    (lo, hi), = sentence_ranges(f)
    probs = [0.0] * f.n
    probs[4] = 0.9
    whole = token_attributes(f, probs, lo, hi)
    (a, b), = windows(probs, lo, hi, 3)
    assert (a, b) == (1, 8)
    assert token_attributes(f, probs, a, b, (lo, hi)) == whole[a:b]     # the same inputs, BOS/EOS of the sentence
    known = frozenset(x for row in whole[::2] for x in row)
    assert token_attributes(f, probs, lo, hi, None, Inputs(known)) == [[x for x in row if x in known] for row in whole]


def test_the_model_interface():
    info = json.loads((ROOT / "analysis" / "data" / INFO_FILE).read_text(encoding="utf-8"))
    assert crf.NAME == "crf" and crf.DEFAULT_THRESHOLD == info["threshold"]
    assert crf.available() and crf.unavailable_reason() is None


def test_without_python_crfsuite_the_model_says_it_is_unavailable(monkeypatch):
    import sys
    monkeypatch.setitem(sys.modules, "pycrfsuite", None)        # import pycrfsuite -> ImportError
    assert not crf.available()
    assert "python-crfsuite" in crf.unavailable_reason()
    with pytest.raises(crf.CrfUnavailable, match="python-crfsuite"):
        crf.require()


# --------------------------------------------------------------------------- training

def _tiny_articles():
    texts = ["The corrupt regime crushed brave protesters.\n\nThey said the vile thugs lied.\n",
             "Officials met on Tuesday.\n\nThe evil regime lied again, critics said.\n",
             "A quiet meeting.\n\nThe radical extremists attacked the town.\n"]
    golds = [["corrupt regime", "vile thugs"], ["evil regime"], ["radical extremists"]]
    out = []
    for i, (t, g) in enumerate(zip(texts, golds)):
        out.append(Article(i, f"article{i}", t, [(t.index(w), t.index(w) + len(w)) for w in g]))
    return out


def test_training_is_deterministic(tmp_path):
    arts = _tiny_articles()
    preps = [crf_eval.Prepared(a) for a in arts]
    probs = {a.key: [0.5] * len(a.tokens) for a in arts}   # every sentence passes the gate
    one = crf_eval.fit(preps, probs, {"c1": 0.0, "c2": 1.0}, str(tmp_path / "a.crfsuite"))
    two = crf_eval.fit(preps, probs, {"c1": 0.0, "c2": 1.0}, str(tmp_path / "b.crfsuite"))
    digest = lambda p: hashlib.sha256(open(p, "rb").read()).hexdigest()  # noqa: E731
    assert digest(one) == digest(two)
    marg = crf_eval.tag(one, preps, probs)
    got = crf_eval.spans(preps[:1], marg, 0.5, 0.5)["article0"]
    text = arts[0].doc.text
    assert [text[s:e] for s, e, _ in got] == ["corrupt regime", "vile thugs"]   # learned from itself


# --------------------------------------------------------------------------- the shipped model

def test_shipped_model_is_a_crfsuite_file_with_provenance():
    info = json.loads((ROOT / "analysis" / "data" / INFO_FILE).read_text(encoding="utf-8"))
    data = (ROOT / "analysis" / "data" / MODEL_FILE).read_bytes()
    assert data[:4] == b"lCRF"                      # CRFsuite's own format, not a pickle
    assert hashlib.sha256(data).hexdigest() == info["sha256"]
    assert "MIT" in info["licence"] and "Propaganda Techniques Corpus" in info["source"]
    assert 0.0 < default_crf().threshold < 1.0


def flagged(text, threshold=None):
    return [(s.span.text, s.category) for s in find_loaded_language(make_document(text), threshold)]


def test_a_multi_word_phrase_is_found_whole():
    assert ("divisive buffoon", "pejorative label") in flagged("The senator is a divisive buffoon.", 0.3) \
        or ("a divisive buffoon", "pejorative label") in flagged("The senator is a divisive buffoon.", 0.3)


def test_a_neutral_sentence_with_a_charged_looking_word_is_not_flagged():
    assert flagged("Police said a black man was stopped on Tuesday.") == []


def test_a_negated_word_is_not_flagged():
    assert flagged("He is not a disaster.", 0.1) == []
    assert flagged("It was never a vile act.", 0.1) == []
    assert flagged("It was a vile act.", 0.1)


def test_every_span_says_why():
    spans = find_loaded_language(make_document("The corrupt regime's vile thugs crushed the protesters."), 0.2)
    assert spans
    for s in spans:
        assert s.category and 0 < s.confidence <= 1
        assert any(sig.startswith("sequence model:") for sig in s.signals)


def test_threshold_is_checked():
    with pytest.raises(ValueError, match="between 0 and 1"):
        find_loaded_language(make_document("A text."), 1.5)

