"""The analysis step: voice of loaded language and the three scores, hand-checked on the seeds."""
from analysis import analyze, load

from conftest import SEED_000, SEED_002


def test_loaded_language_in_quotes_and_embedded_posts_is_not_the_outlets_voice():
    result = analyze(load(SEED_002))
    hunts = [s for s in result.loaded if s.span.text.endswith("hunt you down")]
    # once in Noem's quoted statement, once in her embedded post ("— Secretary Kristi Noem (@Sec_Noem)")
    assert len(hunts) == 2
    assert [s.voice for s in hunts] == ["quoted", "quoted"]


def test_scores_are_the_counts_they_say():
    result = analyze(load(SEED_000))
    scores = result.scores()
    # hand count (see tests/test_quotes.py): 91 of the 440 words stand inside direct quotations;
    # 10 attributions in 18 sentences (tests/test_attribution.py; "are expected to discuss" is none)
    assert scores["quote_share"] == round(91 / 440, 4) == 0.2068
    assert scores["attributions_per_100_words"] == round(10 / 440 * 100, 4)
    assert scores["attributions_per_sentence"] == round(10 / 18, 4)
    assert scores["loaded_language_per_100_words"] == round(100 * len(result.loaded) / 440, 4)
    mess = [s for s in result.loaded if s.span.text == "clean up the mess"]
    assert len(mess) == 1 and mess[0].voice == "quoted"          # inside Noem's quotation
