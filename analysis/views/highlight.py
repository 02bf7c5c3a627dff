"""The article as HTML, with what the analysis found marked on its words.

Every piece of article text goes through ``html.escape``: an article holding ``<script>`` or any
markup shows it as text. Marks (they combine, each uses its own CSS property, so an item inside a
quotation shows both):

- direct quotations: blue background, followed by a small label naming the speaker; scare quotes
  and titles: amber background;
- loaded language: a thick underline in its category's colour, solid in the outlet's own voice,
  dashed inside a quotation; each item is numbered (``id="ll-N"``) as in the list of flagged items;
- attribution cues: a box, purple for neutral cues ("said"), red for evaluative ones ("claimed");
- sources: green text with a dotted underline.

Hovering any mark shows what it is (the ``title`` tooltip); the same is in visible text, for a
printed page: a loaded item's number leads to the list of flagged items, a quotation's label names
its speaker, the report's tables list every attribution and every scare quote and title.

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

# Colours by loaded-language category (colour-blind-safe where possible); others get FALLBACK.
CATEGORY_COLOURS = {
    "pejorative label": "#d55e00",
    "fear/threat": "#7b3294",
    "intensifier/hyperbole": "#e69f00",
    "moral condemnation": "#b2182b",
    "glorification": "#009e73",
    "violent metaphor": "#8c510a",
    "charged (negative)": "#0072b2",
    "charged (positive)": "#35978f",
    "charged": "#56b4e9",
}
FALLBACK_COLOURS = ("#cc79a7", "#666666", "#999933", "#882255", "#44aa99")


def esc(text: str) -> str:
    return html.escape(text, quote=True)


def category_colours(categories) -> dict[str, str]:
    """A colour for each category: the fixed ones, then the fallback palette in sorted order."""
    out, spare = {}, iter(FALLBACK_COLOURS * 4)
    for c in sorted(set(categories)):
        out[c] = CATEGORY_COLOURS.get(c) or next(spare)
    return out


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
            title = f"Direct quotation — speaker: {who}" if who else "Direct quotation — speaker not found"
            marks.append(Mark(q.span.start, q.span.end, "quote", ("q-direct",), title, extra={"speaker": who}))
        else:
            what = "Scare quote (short, unattributed)" if q.kind == "scare" else "Title in quotation marks"
            marks.append(Mark(q.span.start, q.span.end, "quote", (f"q-{q.kind}",), what + " — not counted as quotation"))
    return marks


def loaded_marks(analysis: Analysis) -> list[Mark]:
    """Loaded language, numbered in text order, in its category's colour."""
    marks = []
    colours = category_colours(s.category for s in analysis.loaded)
    for n, s in enumerate(sorted(analysis.loaded, key=lambda s: (s.span.start, s.span.end)), 1):
        voice = "quoted" if s.voice == "quoted" else "own"
        voice_words = "inside a quotation" if voice == "quoted" else "in the outlet's own voice"
        title = f"Loaded language #{n}: {s.category}, {voice_words}; confidence {s.confidence:.2f}"
        if s.signals:
            title += " — " + "; ".join(s.signals)
        marks.append(Mark(s.span.start, s.span.end, "loaded", ("ll", f"ll-{voice}"), title, order=n,
                          style=f"--llc: {colours[s.category]}"))
    return marks


def attribution_marks(analysis: Analysis) -> list[Mark]:
    """Each attribution's cue ("cue") and source ("source")."""
    marks = []
    for a in analysis.attributions:
        kind = "evaluative" if a.cue_kind == "evaluative" else "neutral"
        title = f"Attribution cue ({kind}): “{a.cue_lemma or a.cue.text}”"
        if a.source is not None:
            title += f" — source: {(a.label or a.source).text} ({a.source_type})"     # the name a reader is shown
        marks.append(Mark(a.cue.start, a.cue.end, "cue", ("cue", f"cue-{kind}"), title))
        if a.source is not None:
            title = f"Source ({a.source_type})"
            if a.refers_to is not None:
                title += f", refers to {a.refers_to.text}"
            title += f" — cue “{a.cue.text}”"
            marks.append(Mark(a.source.start, a.source.end, "source", ("src",), title))
    return marks


def render_range(text: str, start: int, end: int, marks: list[Mark], anchors: bool = True) -> str:
    """HTML for ``text[start:end]`` with the marks overlapping it (clipped to the range).

    Each loaded item is followed by its number (as in the list of flagged items), so what its
    tooltip says can be found without hovering; ``anchors`` gives it its ``id="ll-N"`` (once per page)."""
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
                out.append(f'<sup class="llnum" style="{esc(m.style)}">{m.order}</sup>')
        for m in quote_ends.get(b, []):
            who = m.extra.get("speaker")
            if who:
                out.append(f'<span class="speaker-label" title="Speaker of this quotation">{esc(who)}</span>')
            else:
                out.append('<span class="speaker-label unknown" title="No speaker found for this quotation">?</span>')
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
    return render("legend.html.j2", colours=category_colours(s.category for s in analysis.loaded))
