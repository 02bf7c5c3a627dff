"""Cost in the article's length (issue 10): the sorted indexes that replaced scans over every
quote, attribution or region (hand-checked, and against the scans they replace), speaker
assignment that looks only near each quotation, a long article scored like its parts, and the
progress of a long article on the terminal. No timings: work is counted, not clocked."""
import io
import random
import subprocess
import sys
from types import SimpleNamespace

from analysis import analyze, make_document, score_file
from analysis.run import progress as progress_module
from analysis.detectors.attribution import Attribution
from analysis.detectors.attribution.build import _within_attribution
from analysis.text.quotemarks import RegionIndex
from analysis.text.document import Document
from analysis.detectors.quotes import Quote
from analysis.detectors.voice import containment
from analysis.scores import paragraph_scores
from analysis.text.spans import Span
from analysis.detectors.speakers import _CueIndex, _most_overlapping, assign_speakers

from conftest import ROOT, SEED_000, SEED_002


def _at(text: str, words: str, nth: int = 0) -> Span:
    """The span of the nth occurrence of ``words`` in ``text``."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(words, start + 1)
    return Span.of(text, start, start + len(words))


def _attr(text, cue, source=None, content=None, nth=0):
    return Attribution(_at(text, cue, nth), _at(text, source) if source else None,
                       _at(text, content) if content else None, "named", "neutral", cue)


# ------------------------------------------------------------------------------- indexes

def test_cue_index_finds_cues_by_where_they_start_and_end():
    text = "said x. told y. wrote z. said w."
    attrs = [_attr(text, "wrote"), _attr(text, "said"), _attr(text, "told"), _attr(text, "said", nth=1)]
    cues = _CueIndex(attrs)
    # cues start at 0 (said), 8 (told), 16 (wrote), 25 (said); indices come back in list order
    assert cues.starting_in(0, 9) == [1, 2]
    assert cues.starting_in(9, 25) == [0]
    assert cues.starting_in(25, 26) == [3]
    # and end at 4, 12, 21, 29
    assert cues.ending_in(4, 13) == [1, 2]
    assert cues.ending_in(13, 21) == []


def test_most_overlapping_content_is_the_largest_overlap_first_on_a_tie():
    text = "A “one two three four” B “five six” C"
    q1, q2 = _at(text, "“one two three four”"), _at(text, "“five six”")
    quotes = [Quote(q1, "direct"), Quote(_at(text, "B"), "scare"), Quote(q2, "direct")]
    small = Attribution(_at(text, "A"), None, Span.of(text, q1.start, q1.start + 5), "named", "neutral", "a")
    big = Attribution(_at(text, "B"), None, Span.of(text, q1.start + 3, q2.start + 2), "named", "neutral", "b")
    tie = Attribution(_at(text, "C"), None, Span.of(text, q2.end - 2, len(text)), "named", "neutral", "c")
    best = _most_overlapping(quotes, [tie, small, big])
    # q1: small overlaps 5 characters, big 19: big; q2: big and tie overlap 2 each: big starts first
    assert best == {0: big, 2: big}
    assert _most_overlapping(quotes, [small]) == {0: small, 2: None}


def test_containment_is_any_span_containing():
    text = "x" * 40
    spans = [Span.of(text, 10, 20), Span.of(text, 0, 5), Span.of(text, 12, 30)]
    inside = containment(spans)
    assert inside(Span.of(text, 0, 5)) and inside(Span.of(text, 13, 30)) and inside(Span.of(text, 11, 19))
    assert not inside(Span.of(text, 4, 11)) and not inside(Span.of(text, 25, 31)) and not inside(Span.of(text, 30, 31))
    assert not containment([])(Span.of(text, 0, 1))
    rng = random.Random(10)
    for _ in range(200):
        spans = [Span.of(text, a, a + rng.randint(1, 12)) for a in (rng.randint(0, 28) for _ in range(rng.randint(0, 6)))]
        s = Span.of(text, *sorted(rng.sample(range(41), 2)))
        assert containment(spans)(s) == any(v.contains(s) for v in spans)


def test_region_index_gives_the_regions_overlapping_a_stretch():
    index = RegionIndex([(30, 40), (0, 10), (12, 20)])
    assert index.overlapping(5, 13) == [(0, 10), (12, 20)]
    assert index.overlapping(10, 12) == []
    assert index.overlapping(19, 31) == [(12, 20), (30, 40)]
    assert index.overlapping(40, 50) == []
    rng = random.Random(3)
    for _ in range(200):
        regions = sorted((a, a + rng.randint(1, 15)) for a in (rng.randint(0, 50) for _ in range(rng.randint(0, 8))))
        lo = rng.randint(0, 60)
        hi = lo + rng.randint(1, 10)
        assert RegionIndex(regions).overlapping(lo, hi) == [(a, b) for a, b in regions if a < hi and b > lo]


def test_within_attribution_looks_in_the_cue_paragraph_only():
    text = "Head\nLee said: a b c d\nRay: e f\nKim: g h"
    doc = make_document(text)
    lee = _attr(text, "said", "Lee", "a b c d")
    within = _within_attribution(SimpleNamespace(doc=doc), [lee])
    assert within(_attr(text, ":", nth=0))                 # the colon after "said" lies in Lee's content
    assert not within(_attr(text, ":", nth=1))             # Ray's colon: the next paragraph
    assert not within(lee)                                 # a cue is not inside itself


def test_paragraph_scores_count_what_stands_in_each_paragraph():
    result = analyze(make_document((SEED_002.read_text(encoding="utf-8"))))
    rows = paragraph_scores(result)
    for p, row in zip(result.doc.paragraphs, rows):
        n = result.doc.words_in(p.start, p.end)
        n_loaded = sum(1 for s in result.loaded if p.start <= s.span.start < p.end)
        n_attr = sum(1 for a in result.attributions if p.start <= a.cue.start < p.end)
        assert row["words"] == n
        assert row["loaded_language_per_100_words"] == (round(100 * n_loaded / n, 4) if n else 0.0)
        assert row["attributions_per_100_words"] == (round(100 * n_attr / n, 4) if n else 0.0)
    assert sum(1 for a in result.attributions if result.doc.paragraphs[1].start <= a.cue.start) == \
        sum(round(r["attributions_per_100_words"] * r["words"] / 100) for r in rows[1:])


def test_marks_go_to_every_paragraph_they_overlap():
    from analysis.views.highlight import Mark, _marks_by_paragraph
    text = "Head\none two\nthree four"
    paragraphs = make_document(text).paragraphs            # (0, 4), (5, 12), (13, 23)
    marks = [Mark(s, e, "loaded", (), "") for s, e in ((6, 9), (0, 2), (10, 15), (12, 13), (20, 23))]
    assert [[(m.start, m.end) for m in ms] for ms in _marks_by_paragraph(paragraphs, marks)] == \
        [[(0, 2)], [(6, 9), (10, 15)], [(10, 15), (20, 23)]]


def test_source_refers_to_is_the_first_resolution_of_each_source():
    result = analyze(make_document(SEED_000.read_text(encoding="utf-8")))
    pronouns = [a for a in result.attributions if a.refers_to is not None]
    assert pronouns
    for a in pronouns:
        first = next(b for b in result.attributions if b.source == a.source and b.refers_to is not None)
        assert result.source_refers_to[a.source] == first.refers_to
    assert len(result.source_refers_to) == len({a.source for a in pronouns})


# ------------------------------------------------------------------------------- speakers

TWO_PARAGRAPHS = ("Budget vote\n\n"
                  "Ann Lee spoke first. “We cannot afford this.” Bob Ray said no, and “the budget is dead.”\n\n"
                  "Then, at last: “Build it now, and build it well.” The hall went quiet.")


def _two_paragraph_quotes(text):
    return [Quote(_at(text, "“We cannot afford this.”"), "direct"),
            Quote(_at(text, "“the budget is dead.”"), "direct"),
            Quote(_at(text, "“Build it now, and build it well.”"), "direct")]


def test_speakers_of_a_two_paragraph_article():
    text = TWO_PARAGRAPHS
    doc = make_document(text)
    attrs = [_attr(text, "spoke", "Ann Lee"), _attr(text, "said", "Bob Ray")]
    got = [q.speaker.text for q in assign_speakers(doc, _two_paragraph_quotes(text), attrs)]
    # the cue right before (" first. ", "no, and "); the second paragraph has no cue: the last
    # source of the paragraph before
    assert got == ["Ann Lee", "Bob Ray", "Bob Ray"]
    # a cue in the quotation's own paragraph, far from it, wins over the paragraph before
    text = TWO_PARAGRAPHS + " Then the mayor, tired and angry after the long day, finally spoke."
    doc = make_document(text)
    attrs = [_attr(text, "spoke", "Ann Lee"), _attr(text, "said", "Bob Ray"), _attr(text, "spoke", "the mayor", nth=1)]
    got = [q.speaker.text for q in assign_speakers(doc, _two_paragraph_quotes(text), attrs)]
    assert got == ["Ann Lee", "Bob Ray", "the mayor"]


def test_assign_speakers_looks_only_near_each_quotation(monkeypatch):
    # 150 paragraphs, each a quotation and the cue after it: the old code asked for the paragraph
    # of every attribution for every quotation (22,500 look-ups); now a few per quotation
    paras = [f"“Quote number {k} is here,” said Speaker{k}." for k in range(150)]
    text = "Head\n\n" + "\n\n".join(paras)
    doc = make_document(text)
    quotes = [Quote(_at(text, f"“Quote number {k} is here,”"), "direct") for k in range(150)]
    attrs = [_attr(text, "said", f"Speaker{k}.", nth=k) for k in range(150)]
    calls = []
    real = Document.paragraph_index
    monkeypatch.setattr(Document, "paragraph_index", lambda self, off: calls.append(off) or real(self, off))
    out = assign_speakers(doc, quotes, attrs)
    assert [q.speaker.text for q in out] == [f"Speaker{k}." for k in range(150)]
    assert len(calls) <= 4 * len(quotes)


def test_a_long_article_gives_each_copy_of_a_text_the_same_speakers():
    # the seed's body 30 times over (about 100 KB): from the second copy on, each copy stands
    # after the same text, so its quotations and speakers are the same, shifted
    head, body = SEED_000.read_text(encoding="utf-8").split("\n", 1)
    body = body.strip("\n") + "\n\n"
    result = analyze(make_document(head + "\n\n" + body * 30))
    starts = [len(head) + 2 + k * len(body) for k in range(31)]

    def copy(k):
        return [(q.span.start - starts[k], q.span.text, q.kind, q.speaker and q.speaker.start - starts[k])
                for q in result.quotes if starts[k] <= q.span.start < starts[k + 1]]

    assert copy(1) and all(q[3] is not None for q in copy(1) if q[2] == "direct")
    assert all(copy(k) == copy(1) for k in range(2, 30))


# ------------------------------------------------------------------------------- progress

def test_score_file_reports_each_stage_and_the_same_record():
    stages = []
    assert score_file(SEED_000, progress=stages.append) == score_file(SEED_000)
    assert stages == ["sentences", "quotes", "attribution", "speakers", "loaded language", "record", "done"]
    assert tuple(stages[:-1]) == progress_module.STAGES


class _Terminal(io.StringIO):
    def isatty(self):
        return True


def test_progress_only_for_a_long_article_on_a_terminal(tmp_path, monkeypatch):
    assert progress_module.article_progress(SEED_000, stream=_Terminal()) is None      # 3 KB
    big = tmp_path / "big.txt"
    big.write_text("Head\n\n" + "Words and more words.\n" * 50_000, encoding="utf-8")  # 1.1 MB
    assert progress_module.article_progress(big, stream=io.StringIO()) is None         # not a terminal
    assert progress_module.article_progress(tmp_path / "missing.txt", stream=_Terminal()) is None
    monkeypatch.setattr(progress_module, "MIN_BYTES", 1000)
    screen = _Terminal()
    progress = progress_module.article_progress(SEED_000, stream=screen)
    for stage in progress_module.STAGES:
        progress(stage)
        assert stage in screen.getvalue().rsplit("\r", 1)[-1]
    progress("done")
    assert "000_37c21532c00575da.txt (0.0 MB): loaded language (5/6)" in screen.getvalue()


def test_scoring_does_not_import_tqdm():
    code = ("import sys, analysis; from analysis.run.engines import score_paths; "
            f"list(score_paths([{str(SEED_000)!r}], progress=True)); print('tqdm' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.strip() == "False"
