"""The article as HTML, with what the analysis found marked on its words.

Every piece of article text goes through ``html.escape``: an article holding ``<script>`` or any
markup shows it as text. Marks (they combine, each uses its own CSS property, so an item inside a
quotation shows both):

- direct quotations: blue background, followed by a small label naming the speaker; scare quotes
  and titles: amber background and italics;
- loaded language: a thick underline in its category's colour, solid (and bold) in the outlet's own
  voice, dashed inside a quotation; each item is followed by its category's code and its number
  (``V3``: violent metaphor, item 3; ``id="ll-N"``) as in the list of flagged items;
- attribution cues: a box, a thin purple one for neutral cues ("said"), a double magenta one for
  evaluative ones ("claimed");
- sources: green text with a dotted underline.

Every mark differs from the others by more than its colour (a second cue: the category's code, the
underline's style, a box's pattern, italics), so that it reads in black and white and to a
colour-blind reader; every colour is dark enough for text on white (WCAG AA, 4.5:1).

Hovering any mark shows what it is (the ``title`` tooltip, one "Label: value" line per detail); each
value is also in visible text, for a phone, a printed page or a PDF: a loaded item's number leads to
the list of flagged items, a quotation's label names its speaker, the report's tables list every
attribution and every scare quote and title (tests/test_pages.py checks every title of every page).

The marked article is built here in Python, not from a template: its nested spans are cut from
character offsets (``render_range``), which a template could only mirror; the legend is a template
(``templates/legend.html.j2``), the styles are in ``templates/framing.css``.
"""
from __future__ import annotations

import bisect
import html
from dataclasses import dataclass, field

from ..pipeline import Analysis
from ..text.spans import Span
from .templating import Markup, render
from .wording import reasons_in_words

# Colours by loaded-language category; others get FALLBACK. Each has a contrast of at least 5:1 on
# white (4.1:1 on the quotation backgrounds), and the related categories differ in hue and lightness
# (intensifier blue, pejorative vermilion, violent metaphor dark brown; glorification ochre, charged
# positive green), also as a red-green colour-blind reader sees them; the code beside each item
# (CATEGORY_CODES) tells every category apart without colour.
CATEGORY_COLOURS = {
    "pejorative label": "#c0460b",
    "fear/threat": "#7b3294",
    "intensifier/hyperbole": "#1c5fa8",
    "moral condemnation": "#a8123e",
    "glorification": "#8a6200",
    "violent metaphor": "#4d3319",
    "charged (negative)": "#00727a",
    "charged (positive)": "#1b7a35",
    "charged": "#5c5c5c",
}
FALLBACK_COLOURS = ("#a03c78", "#3f4f8f", "#6b6b00", "#882255", "#2f6f62")
# The second cue of each category: a code shown before the item's number and in the legend.
CATEGORY_CODES = {
    "pejorative label": "P", "fear/threat": "F", "intensifier/hyperbole": "I", "moral condemnation": "M",
    "glorification": "G", "violent metaphor": "V", "charged (negative)": "C−", "charged (positive)": "C+",
    "charged": "C",
}


def esc(text: str) -> str:
    return html.escape(text, quote=True)


def category_colours(categories) -> dict[str, str]:
    """A colour for each category: the fixed ones, then the fallback palette in sorted order."""
    out, spare = {}, iter(FALLBACK_COLOURS * 4)
    for c in sorted(set(categories)):
        out[c] = CATEGORY_COLOURS.get(c) or next(spare)
    return out


def category_codes(categories) -> dict[str, str]:
    """A code for each category: the fixed ones, else the category's first two letters."""
    return {c: CATEGORY_CODES.get(c) or c[:2].strip().capitalize() for c in sorted(set(categories))}


@dataclass
class Mark:
    """A stretch of the article marked by a detector (its ``marks`` in ``analysis.detectors``)."""
    start: int
    end: int
    kind: str                 # "quote" | "loaded" | "cue" | "source", or another detector's
    classes: tuple[str, ...]
    title: str
    order: int = 0            # loaded-language number (1-based) for anchors
    style: str = ""
    extra: dict = field(default_factory=dict)


def speaker_name(analysis: Analysis, speaker: Span | None, refers_to: Span | None = None) -> str | None:
    """The speaker's name as the text gives it; for a pronoun, the named person it resolves to
    (the quote's ``speaker_refers_to``, else the attribution's ``refers_to``)."""
    if speaker is None:
        return None
    if refers_to is None:
        refers_to = analysis.source_refers_to.get(speaker)
    return " ".join((refers_to or speaker).text.split())


def quote_speaker(analysis: Analysis, q) -> str | None:
    return speaker_name(analysis, q.speaker, getattr(q, "speaker_refers_to", None))


def marks_of(analysis: Analysis, kinds=None) -> list[Mark]:
    """The marks of every detector that marks the article (``analysis.detectors``), in the order
    they combine; only those of ``kinds`` ("quote", "loaded", "cue", "source", ...) when given."""
    marks = [m for d in analysis.detectors.for_marks() for m in d.marks_of(analysis)]
    return marks if kinds is None else [m for m in marks if m.kind in kinds]


def quote_marks(analysis: Analysis) -> list[Mark]:
    """Quotations: direct ones (with their speaker), scare quotes and titles."""
    marks = []
    for q in analysis.quotes:
        if q.kind == "direct":
            who = quote_speaker(analysis, q)
            title = f"Direct quotation\nSpeaker: {who}" if who else "Direct quotation\nNo speaker found"
            marks.append(Mark(q.span.start, q.span.end, "quote", ("q-direct",), title, extra={"speaker": who}))
        else:
            what = "scare quote" if q.kind == "scare" else "title"
            marks.append(Mark(q.span.start, q.span.end, "quote", (f"q-{q.kind}",),
                              f"In quotation marks: {what}\nNot counted as quotation"))
    return marks


def loaded_marks(analysis: Analysis) -> list[Mark]:
    """Loaded language, numbered in text order, in its category's colour."""
    marks = []
    colours = category_colours(s.category for s in analysis.loaded)
    codes = category_codes(s.category for s in analysis.loaded)
    for n, s in enumerate(sorted(analysis.loaded, key=lambda s: (s.span.start, s.span.end)), 1):
        voice = "quoted" if s.voice == "quoted" else "own"
        title = (f"Loaded language #{n}: {s.category}\nVoice: {'quoted' if voice == 'quoted' else 'own voice'}"
                 f"\nConfidence: {s.confidence:.2f}")
        for plain, tech, _ in reasons_in_words(s.signals):      # as the list of flagged items words them
            title += f"\nWhy flagged: {plain} ({tech})" if tech else f"\nWhy flagged: {plain}"
        marks.append(Mark(s.span.start, s.span.end, "loaded", ("ll", f"ll-{voice}"), title, order=n,
                          style=f"--llc: {colours[s.category]}", extra={"code": codes[s.category]}))
    return marks


def attribution_marks(analysis: Analysis) -> list[Mark]:
    """Each attribution's cue ("cue") and source ("source")."""
    marks = []
    for a in analysis.attributions:
        kind = "evaluative" if a.cue_kind == "evaluative" else "neutral"
        cue = " ".join(a.cue.text.split())
        title = f"Attribution cue: {cue}\nCue kind: {a.cue_kind}"
        if a.source is not None:
            label = " ".join((a.label or a.source).text.split())           # the name a reader is shown
            title += f"\nSource: {label}\nSource type: {a.source_type}"
        marks.append(Mark(a.cue.start, a.cue.end, "cue", ("cue", f"cue-{kind}"), title))
        if a.source is not None:
            title = f"Source: {label}\nSource type: {a.source_type}"
            if a.refers_to is not None:
                title += f"\nRefers to: {' '.join(a.refers_to.text.split())}"
            title += f"\nAttribution cue: {cue}"
            marks.append(Mark(a.source.start, a.source.end, "source", ("src",), title))
    return marks


def render_range(text: str, start: int, end: int, marks: list[Mark], anchors: bool = True) -> str:
    """HTML for ``text[start:end]`` with the marks overlapping it (clipped to the range).

    Each loaded item is followed by its category's code and its number (as in the list of flagged
    items), so what its tooltip says can be found without hovering; ``anchors`` gives it its
    ``id="ll-N"`` (once per page)."""
    inside = [m for m in marks if m.start < end and m.end > start]
    cuts = {start, end}
    for m in inside:
        cuts.add(max(start, m.start))
        cuts.add(min(end, m.end))
    cuts = sorted(cuts)
    quote_ends = {}
    for m in inside:
        if m.kind == "quote" and "q-direct" in m.classes and start < m.end <= end:
            quote_ends.setdefault(m.end, []).append(m)
    out = []
    for a, b in zip(cuts, cuts[1:]):
        active = [m for m in inside if m.start <= a and b <= m.end]
        piece = esc(text[a:b])
        if active:
            classes, titles, styles = [], [], []
            for m in active:
                classes.extend(m.classes)
                titles.append(m.title)
                if m.style and not styles:
                    styles.append(m.style)
            attrs = f' class="{" ".join(dict.fromkeys(classes))}" title="{esc(chr(10).join(titles))}"'
            if styles:
                attrs += f' style="{esc(styles[0])}"'
            anchor = ""
            for m in active:
                if anchors and m.kind == "loaded" and m.start == a:
                    anchor = f' id="ll-{m.order}"'
                    break
            out.append(f"<span{anchor}{attrs}>{piece}</span>")
        else:
            out.append(piece)
        for m in inside:   # the loaded item's number, after its last piece
            if m.kind == "loaded" and m.end == b:
                code = m.extra.get("code")
                code = f'<span class="llcode">{esc(code)}</span>' if code else ""
                out.append(f'<sup class="llnum" style="{esc(m.style)}">{code}{m.order}</sup>')
        for m in quote_ends.get(b, []):
            who = m.extra.get("speaker")
            if who:
                out.append(f'<span class="speaker-label">{esc(who)}</span>')     # the legend says what it is
            else:
                out.append('<span class="speaker-label unknown">?</span>')
    return "".join(out)


def article_html(analysis: Analysis) -> str:
    """The whole article, paragraph by paragraph, with every mark."""
    doc = analysis.doc
    by_paragraph = _marks_by_paragraph(doc.paragraphs, marks_of(analysis))
    parts = ['<div class="article">']
    for i, p in enumerate(doc.paragraphs):
        cls = ' class="headline"' if i == 0 else ""
        parts.append(f'<p{cls}><span class="pnum">¶{i + 1}</span>'
                     f'{render_range(doc.text, p.start, p.end, by_paragraph[i])}</p>')
    parts.append("</div>")
    return "".join(parts)


def _marks_by_paragraph(paragraphs, marks: list[Mark]) -> list[list[Mark]]:
    """The marks overlapping each paragraph, in their order: each mark goes to its paragraphs
    (found by bisect), so that no paragraph scans every mark of the article."""
    ends = [p.end for p in paragraphs]
    out: list[list[Mark]] = [[] for _ in paragraphs]
    for m in marks:
        i = bisect.bisect_right(ends, m.start)          # the first paragraph ending after the mark starts
        while i < len(paragraphs) and paragraphs[i].start < m.end:
            out[i].append(m)
            i += 1
    return out


def legend_html(analysis: Analysis) -> Markup:
    """The legend above the marked article (``templates/legend.html.j2``)."""
    categories = [s.category for s in analysis.loaded]
    return render("legend.html.j2", colours=category_colours(categories), codes=category_codes(categories))
