"""The attribution detector's fast paths (issue 15) give what the plain definitions give."""
import bisect

from analysis import load, make_document
from analysis.detectors import attribution as A
from analysis.detectors.attribution.cue_model import CueModel, _string_logit, load_model, logit, sigmoid
from analysis.detectors.attribution.cue_tables import _tables

from conftest import SEED_000, SEED_002


def _candidates(doc, model):
    cx = A.Context(doc)
    starts = doc._token_starts
    for sent in A.sentences(doc):
        lo, hi = bisect.bisect_left(starts, sent.start), bisect.bisect_left(starts, sent.end)
        cues = A.rule_cues(cx, lo, hi)
        for k, feats in A.candidate_features(cx, lo, hi, cues, model):
            yield cx, lo, hi, cues, k


def test_nested_weight_tables_give_the_flat_weights_sums_exactly():
    # the same floating-point sum, not only a close one: the cue decisions stay the same
    from analysis.detectors.attribution.cue_model import _candidate_inputs
    model = load_model()
    assert _tables(model) is not None
    n = 0
    for path in (SEED_000, SEED_002):
        seen = set()
        for cx, lo, hi, cues, _ in _candidates(load(path), model):
            if (lo, hi) in seen:
                continue
            seen.add((lo, hi))
            probs = A.candidate_probabilities(cx, lo, hi, cues, model)
            for k, d, prec, quotes, flags in _candidate_inputs(cx, lo, hi, cues, model):
                z = _string_logit(model, cx, lo, hi, k, d, prec, quotes, flags)
                assert logit(model, cx, lo, hi, k, d, prec, quotes, flags) == z
                assert probs[k] == sigmoid(z)
                n += 1
    assert n > 80


def test_weights_that_do_not_split_are_read_by_their_strings():
    # "w|n1=a|b|c" has no (word, next word) reading: the model is read by feature strings
    odd = CueModel(0.5, {"w|n1=said|that|x": 2.0, "w=said": 1.0}, frozenset({"said"}), frozenset(), 0.5, 0.2, {})
    assert _tables(odd) is None
    doc = make_document("She said that it rained.")
    cx = A.Context(doc)
    k = cx.low.index("said")
    z = logit(odd, cx, 0, len(cx.toks), k, 0, None, None)
    assert z == 1.5         # bias 0.5 + w=said 1.0; no other weight applies
    plain = CueModel(0.5, {"w|n1=said|that": 2.0, "w=said": 1.0}, frozenset({"said"}), frozenset(), 0.5, 0.2, {})
    assert _tables(plain) is not None
    assert logit(plain, cx, 0, len(cx.toks), k, 0, None, None) == 3.5


def test_boundary_between_tokens():
    doc = make_document("Sen. Cruz said, then departed. Afterwards he left. Then he slept.\nIt rained")
    cx = A.Context(doc)
    w = {t.text: i for i, t in enumerate(cx.toks)}
    assert not cx.boundary(w["Sen"], w["Cruz"])          # an abbreviation's full stop
    assert not cx.boundary(w["Cruz"], w["said"])         # a space
    assert cx.boundary(w["said"], w["then"])             # a comma
    assert cx.boundary(w["departed"], w["Afterwards"])   # a full stop after a longer word
    assert not cx.boundary(w["left"], w["Then"])         # ... but not after four letters or fewer ("Jr.")
    assert cx.boundary(w["slept"], w["It"])              # a line break
    assert [cx.boundary(w["said"], w["then"]) for _ in range(2)] == [True, True]   # kept per gap: the same


def test_tokens_right_after_a_quotation():
    doc = make_document("He said “we win” and left. “Yes,” she said. “Go”")
    cx = A.Context(doc)
    assert [cx.toks[k].text for k in cx.quote_exits] == ["and", "she"]     # not past the last token


def test_word_positions_and_rule_candidates():
    from analysis.detectors.attribution.context import word_positions
    words = ["he", "said", "in", "a", "said", "poll"]
    assert word_positions(words, {"said", "poll"}) == [1, 4, 5]
    assert word_positions(words, {}) == []
    # "in" is a rule candidate only in a text that mentions a poll or a survey
    def candidates(text):
        cx = A.Context(make_document(text))
        return [cx.low[k] for k in cx.candidates]

    assert "in" not in candidates("He said in March that she lied.")
    assert "in" in candidates("Smith leads in the latest poll.")


def test_place_words_from_their_first_words_are_the_plain_definitions():
    from analysis.detectors.attribution.source_types import _MAX_PLACE_WORDS, _place_words, place_names

    def plain(low):     # every start, longest name first
        bare = [w[:-2] if w.endswith("'s") else w for w in low]
        out, k = set(), 0
        while k < len(bare):
            n = next((n for n in range(min(_MAX_PLACE_WORDS, len(bare) - k), 0, -1)
                      if " ".join(bare[k:k + n]) in place_names()), 0)
            out.update(range(k, k + n))
            k += n or 1
        return out

    for phrase in ("north korea's leader", "the united states", "officials in new york and el salvador",
                   "'s korea", "a spokesman", "south korea north korea"):
        low = phrase.split(" ")
        assert _place_words(low) == plain(low)
    assert _place_words("north korea's leader".split()) == {0, 1}


def test_replace_is_dataclasses_replace():
    import dataclasses

    import pytest
    from analysis.detectors.attribution.context import Attribution, replace
    a = Attribution(None, None, None, "named", "neutral", "say")
    assert replace(a, source_type="role", resolved=False) == dataclasses.replace(a, source_type="role", resolved=False)
    assert replace(a) == a and replace(a) is not a
    with pytest.raises(TypeError):
        replace(a, speaker=None)
