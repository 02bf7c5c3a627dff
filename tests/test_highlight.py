"""The article as HTML: escaping, marks, speaker labels, quotations over paragraphs (hand-built analyses);
the colours and second cues of the marks."""
import itertools
import re

from analysis.detectors.attribution import Attribution
from analysis.text.document import make_document
from analysis.views.highlight import (CATEGORY_CODES, CATEGORY_COLOURS, FALLBACK_COLOURS, article_html,
                                     category_codes, category_colours, legend_html, render_range, marks_of)
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
    assert '<span class="q-direct" title="Direct quotation\nSpeaker: Smith">“We will </span>' in html
    assert 'Speaker: Smith"> them,”</span><span class="speaker-label">Smith</span>' in html
    # loaded language inside the quote: dashed (quoted voice), coloured, its category's code (V) and its
    # number; the tooltip says why
    m = re.search(r'<span id="ll-2" class="q-direct ll ll-quoted" title="([^"]*)" style="--llc: #4d3319">crush</span>'
                  r'<sup class="llnum" style="--llc: #4d3319"><span class="llcode">V</span>2</sup>', html)
    # both marks' details are in the tooltip, one "Label: value" per line
    assert m, html
    assert m.group(1) == ("Direct quotation\nSpeaker: Smith\nLoaded language #2: violent metaphor\nVoice: quoted\n"
                          "Confidence: 0.83\nWhy flagged: violence verb")
    # item #1 (first in the text) is in the outlet's own voice, in the headline
    assert re.search(r'<span id="ll-1" class="ll ll-own" [^>]*>alert</span>', html)
    # cue boxes and sources; an evaluative cue is told apart
    assert ('<span class="cue cue-neutral" title="Attribution cue: said\nCue kind: neutral\nSource: Smith\n'
            'Source type: named">said</span>') in html
    assert 'class="cue cue-evaluative"' in html and '>called</span>' in html
    assert ('<span class="src" title="Source: Critics\nSource type: anonymous\nAttribution cue: called">Critics</span>'
            in html)
    # the pronoun's source names what it refers to
    assert 'title="Source: she\nSource type: pronoun\nRefers to: Smith\nAttribution cue: said">she</span>' in html
    # the scare quote is marked but carries no speaker label
    assert ('<span class="q-scare" title="In quotation marks: scare quote\nNot counted as quotation">“reform”</span>.'
            in html)


def test_quote_over_two_paragraphs_is_marked_in_both_and_labelled_once():
    doc, a = build()
    html = article_html(a)
    paras = re.findall(r"<p[^>]*>(.*?)</p>", html, re.S)
    assert len(paras) == 4
    assert 'class="q-direct"' in paras[2] and "speaker-label" not in paras[2]
    # the label names the pronoun's referent (she -> Smith), once, after the closing mark
    assert paras[3].count("speaker-label") == 1
    assert 'part,”</span><span class="speaker-label">Smith</span>' in paras[3]


def test_unattributed_quote_gets_a_question_mark_label():
    doc = make_document("Title\n“Nobody knows,” it seemed.\n")
    q = doc.span(6, 6 + len("“Nobody knows,”"))
    a = Analysis(doc=doc, loaded=(), attributions=(), quotes=(Quote(q, "direct"),))
    html = article_html(a)
    assert 'title="Direct quotation\nNo speaker found"' in html
    assert '<span class="speaker-label unknown">?</span>' in html


def test_render_range_clips_marks_to_the_range():
    doc, a = build()
    s = doc.sentences[1]      # “We will crush them,” Smith said.
    assert s.text.startswith("“We will crush them,”")
    html = render_range(doc.text, s.start, s.end, marks_of(a, kinds=("loaded",)), anchors=False)
    # no anchor id (the article has it), but the item's number, so its details are found without hovering
    assert html == ('“We will <span class="ll ll-quoted" title="Loaded language #2: violent metaphor\nVoice: quoted\n'
                    'Confidence: 0.83\nWhy flagged: violence verb" style="--llc: #4d3319">crush</span>'
                    '<sup class="llnum" style="--llc: #4d3319"><span class="llcode">V</span>2</sup> them,” Smith said.')


def test_legend_lists_the_categories_present():
    _, a = build()
    legend = legend_html(a)
    assert "fear/threat" in legend and "violent metaphor" in legend
    assert "pejorative label" not in legend
    assert "own voice" in legend and "inside a quotation" in legend and "evaluative cue" in legend
    # each category with its code, in its colour
    assert ('<span class="ll ll-own" style="--llc: #4d3319">violent metaphor</span><sup class="llnum" '
            'style="--llc: #4d3319"><span class="llcode">V</span></sup>') in legend
    assert '>fear/threat</span><sup class="llnum" style="--llc: #7b3294"><span class="llcode">F</span></sup>' in legend


# --------------------------------------------------------------------------------------------
# Colours a reader can tell apart and read

def _luminance(colour):
    def channel(c):
        c /= 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(int(colour[i:i + 2], 16)) for i in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a, b):
    """WCAG's contrast ratio of two colours (1 to 21)."""
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def test_contrast_is_wcag_s():
    assert round(contrast("#000000", "#ffffff"), 1) == 21.0
    assert round(contrast("#767676", "#ffffff"), 2) == 4.54        # the usual grey at the AA limit


def test_every_category_colour_is_readable_as_text_on_white_and_on_a_quotation():
    # the item's code and number are text in the category's colour: AA for text (4.5:1) on white, and
    # AA for large text / marks (3:1) on the quotation backgrounds the underline may sit on
    for colour in list(CATEGORY_COLOURS.values()) + list(FALLBACK_COLOURS):
        assert contrast(colour, "#ffffff") >= 4.5, colour
        assert contrast(colour, "#dbe9f9") >= 3 and contrast(colour, "#fdecc8") >= 3, colour
    # the old palette failed: the intensifier's amber and the charged blue were unreadable as text
    assert contrast("#e69f00", "#ffffff") < 2.3 and contrast("#56b4e9", "#ffffff") < 2.5


def test_every_category_has_its_own_code_and_colour():
    assert set(CATEGORY_CODES) == set(CATEGORY_COLOURS)
    assert len(set(CATEGORY_CODES.values())) == len(CATEGORY_CODES)
    assert len(set(CATEGORY_COLOURS.values())) == len(CATEGORY_COLOURS)
    # an unknown category: the fallback colours and its first letters
    assert category_codes(["spin", "violent metaphor"]) == {"spin": "Sp", "violent metaphor": "V"}
    assert category_colours(["spin"]) == {"spin": FALLBACK_COLOURS[0]}


def test_related_categories_differ_in_lightness_not_only_in_hue():
    # a red-green colour-blind reader sees mostly lightness and blue-yellow: the categories a reader
    # confuses most (intensifier / pejorative / violent metaphor; charged positive / glorification)
    # differ in relative luminance by a factor of at least 1.2 (contrast between them) or in their
    # blue-yellow balance; and every one carries its code besides
    groups = [("intensifier/hyperbole", "pejorative label", "violent metaphor"), ("charged (positive)", "glorification")]
    for group in groups:
        for a, b in itertools.combinations(group, 2):
            ca, cb = CATEGORY_COLOURS[a], CATEGORY_COLOURS[b]
            blue_a = int(ca[5:7], 16) - (int(ca[1:3], 16) + int(ca[3:5], 16)) / 2
            blue_b = int(cb[5:7], 16) - (int(cb[1:3], 16) + int(cb[3:5], 16)) / 2
            assert contrast(ca, cb) >= 1.2 or abs(blue_a - blue_b) >= 60, (a, b)
    # the old glorification (#009e73) and charged positive (#35978f) were the same lightness and balance
    assert contrast("#009e73", "#35978f") < 1.1
