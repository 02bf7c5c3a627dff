"""The article as HTML: escaping, marks, speaker labels, quotations over paragraphs (hand-built analyses)."""
import re

from analysis.detectors.attribution import Attribution
from analysis.text.document import make_document
from analysis.views.highlight import article_html, legend_html, render_range, marks_of
from analysis.detectors.loaded import LoadedSpan
from analysis.detectors.quotes import Quote
from analysis.pipeline import Analysis

TEXT = ("Headline with <script>alert('x')</script> & <b>tags</b>\n"
        "“We will crush them,” Smith said. Critics called it a “reform”.\n"
        "“First part of a long quote\n"
        "“and the second part,” she said.\n")


def span(doc, needle, start_at=0):
    i = doc.text.index(needle, start_at)
    return doc.span(i, i + len(needle))


def build():
    doc = make_document(TEXT, id="t")
    q1 = span(doc, "“We will crush them,”")
    scare = span(doc, "“reform”")
    long_q = doc.span(doc.text.index("“First"), doc.text.index("part,”") + len("part,”"))
    smith, said1 = span(doc, "Smith"), span(doc, "said")
    she, said2 = span(doc, "she"), span(doc, "said", doc.text.index("she"))
    crush = span(doc, "crush")
    quotes = (Quote(q1, "direct", speaker=smith), Quote(scare, "scare"), Quote(long_q, "direct", speaker=she))
    attrs = (Attribution(said1, smith, q1, "named", "neutral", "say"),
             Attribution(said2, she, long_q, "pronoun", "neutral", "say", refers_to=smith),
             Attribution(span(doc, "called"), span(doc, "Critics"), None, "anonymous", "evaluative", "call"))
    loaded = (LoadedSpan(crush, "violent metaphor", 0.83, ("violence verb",), voice="quoted"),
              LoadedSpan(span(doc, "alert"), "fear/threat", 0.6, ("alarm word",), voice="own"))
    return doc, Analysis(doc=doc, loaded=loaded, attributions=attrs, quotes=quotes)


def test_article_text_is_escaped():
    _, a = build()
    html = article_html(a)
    assert "<script>" not in html and "<b>tags</b>" not in html
    assert "&lt;script&gt;" in html and "&lt;b&gt;tags&lt;/b&gt;" in html and " &amp; " in html
    # the text survives: strip the tags we added, unescape, and the paragraphs read as the article
    import html as h
    plain = h.unescape(re.sub(r"<sup[^>]*>.*?</sup>|<span class=\"(?:pnum|speaker-label)[^>]*>.*?</span>|<[^>]+>", "", html))
    assert plain == "".join(p.text for p in a.doc.paragraphs)


def test_marks_and_speaker_labels():
    _, a = build()
    html = article_html(a)
    # the direct quote is marked and followed by its speaker's label
    assert '<span class="q-direct" title="Direct quotation — speaker: Smith">“We will </span>' in html
    assert 'speaker: Smith"> them,”</span><span class="speaker-label" title="Speaker of this quotation">Smith</span>' in html
    # loaded language inside the quote: dashed (quoted voice), coloured, numbered; the tooltip says why
    m = re.search(r'<span id="ll-2" class="q-direct ll ll-quoted" title="([^"]*)" style="--llc: #8c510a">crush</span>'
                  r'<sup class="llnum" style="--llc: #8c510a">2</sup>', html)
    # both marks' explanations are in the tooltip, one per line
    assert m, html
    assert m.group(1) == ("Direct quotation — speaker: Smith\nLoaded language #2: violent metaphor, inside a "
                          "quotation; confidence 0.83 — violence verb")
    # item #1 (first in the text) is in the outlet's own voice, in the headline
    assert re.search(r'<span id="ll-1" class="ll ll-own" [^>]*>alert</span>', html)
    # cue boxes and sources; an evaluative cue is told apart
    assert '<span class="cue cue-neutral" title="Attribution cue (neutral): “say” — source: Smith (named)">said</span>' in html
    assert 'class="cue cue-evaluative"' in html and '>called</span>' in html
    assert re.search(r'<span class="src" title="Source \(anonymous\) — cue “called”">Critics</span>', html)
    # the scare quote is marked but carries no speaker label
    assert '<span class="q-scare" title="Scare quote (short, unattributed) — not counted as quotation">“reform”</span>.' in html


def test_quote_over_two_paragraphs_is_marked_in_both_and_labelled_once():
    doc, a = build()
    html = article_html(a)
    paras = re.findall(r"<p[^>]*>(.*?)</p>", html, re.S)
    assert len(paras) == 4
    assert 'class="q-direct"' in paras[2] and "speaker-label" not in paras[2]
    # the label names the pronoun's referent (she -> Smith), once, after the closing mark
    assert paras[3].count("speaker-label") == 1
    assert 'part,”</span><span class="speaker-label" title="Speaker of this quotation">Smith</span>' in paras[3]


def test_unattributed_quote_gets_a_question_mark_label():
    doc = make_document("Title\n“Nobody knows,” it seemed.\n")
    q = doc.span(6, 6 + len("“Nobody knows,”"))
    a = Analysis(doc=doc, loaded=(), attributions=(), quotes=(Quote(q, "direct"),))
    html = article_html(a)
    assert 'title="Direct quotation — speaker not found"' in html
    assert '<span class="speaker-label unknown" title="No speaker found for this quotation">?</span>' in html


def test_render_range_clips_marks_to_the_range():
    doc, a = build()
    s = doc.sentences[1]      # “We will crush them,” Smith said.
    assert s.text.startswith("“We will crush them,”")
    html = render_range(doc.text, s.start, s.end, marks_of(a, kinds=("loaded",)), anchors=False)
    # no anchor id (the article has it), but the item's number, so its details are found without hovering
    assert html == ('“We will <span class="ll ll-quoted" title="Loaded language #2: violent metaphor, inside a '
                    'quotation; confidence 0.83 — violence verb" style="--llc: #8c510a">crush</span>'
                    '<sup class="llnum" style="--llc: #8c510a">2</sup> them,” Smith said.')


def test_legend_lists_the_categories_present():
    _, a = build()
    legend = legend_html(a)
    assert "fear/threat" in legend and "violent metaphor" in legend
    assert "pejorative label" not in legend
    assert "own voice" in legend and "inside a quotation" in legend and "evaluative cue" in legend
