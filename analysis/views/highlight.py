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
"""
from __future__ import annotations

import bisect
import html
from dataclasses import dataclass, field

from ..pipeline import Analysis
from ..text.spans import Span

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

CSS = """
.framing-report { font-family: Georgia, 'Times New Roman', serif; line-height: 1.55; max-width: 60em; }
.framing-report .sans, .framing-report table, .framing-report .legend { font-family: 'Helvetica Neue', Arial, sans-serif; }
.framing-report h1.headline { font-size: 1.9em; line-height: 1.25; margin: 0.2em 0 0.4em 0; }
.framing-report .meta { color: #555; font-size: 0.9em; }
.framing-report ul.summary li { margin-bottom: 0.5em; }
.framing-report table { border-collapse: collapse; font-size: 0.9em; margin: 0.5em 0 1em 0; }
.framing-report table th, .framing-report table td { border-bottom: 1px solid #ddd; padding: 4px 8px; text-align: left !important; vertical-align: top; line-height: 1.35; }
.framing-report table th { background: #f3f3f3; }
.framing-report table td.num { text-align: right !important; font-variant-numeric: tabular-nums; white-space: nowrap; }
.framing-report .article { border: 1px solid #ddd; border-radius: 4px; padding: 0.6em 1.2em; background: #fff; }
.framing-report .article p { margin: 0.6em 0; }
.framing-report .article p.headline { font-weight: bold; font-size: 1.15em; }
.framing-report .pnum { color: #999; font: 0.7em 'Helvetica Neue', Arial, sans-serif; margin-right: 0.4em; user-select: none; }
.framing-report .q-direct { background: #dbe9f9; }
.framing-report .q-scare, .framing-report .q-title { background: #fdecc8; }
.framing-report .ll { border-bottom: 3px solid var(--llc, #d55e00); }
.framing-report .ll-quoted { border-bottom-style: dashed; }
.framing-report .ll-own { font-weight: 600; }
.framing-report .cue { outline: 1.5px solid #6a3d9a; outline-offset: 0; border-radius: 2px; }
.framing-report .cue-evaluative { outline: 2px solid #c51b7d; }
.framing-report .src { color: #1b7837; text-decoration: underline dotted #1b7837; text-underline-offset: 3px; }
.framing-report .speaker-label { font: 0.72em 'Helvetica Neue', Arial, sans-serif; color: #fff; background: #2166ac;
  border-radius: 3px; padding: 0 4px; margin-left: 3px; vertical-align: 0.15em; white-space: nowrap; }
.framing-report .speaker-label.unknown { background: #888; }
.framing-report sup.llnum { font: 0.65em 'Helvetica Neue', Arial, sans-serif; color: var(--llc, #d55e00); margin-left: 1px; }
.framing-report .legend { font-size: 0.85em; margin: 0.4em 0 0.8em 0; display: flex; flex-wrap: wrap; gap: 0.3em 1.4em; }
.framing-report .legend span.item { white-space: nowrap; }
.framing-report .bar { display: inline-block; height: 0.8em; vertical-align: middle; }
.framing-report .caveat { color: #555; font-size: 0.9em; }
.framing-report .error { color: #b2182b; font-weight: bold; }
.framing-report table.flagged { table-layout: fixed; width: 100%; }
.framing-report table.flagged col.n { width: 2.5em; } .framing-report table.flagged col.w { width: 15%; }
.framing-report table.flagged col.v { width: 6.5em; } .framing-report table.flagged col.c { width: 6.5em; }
.framing-report table.flagged col.s { width: 32%; }
.jp-OutputArea-child + .jp-OutputArea-child { margin-top: 15px; }
@media print {
  nav { display: none; }
  .framing-report { max-width: none; font-size: 10pt; }
  .framing-report, .framing-report * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  .framing-report .article { border: none; padding: 0; }
  .framing-report a { color: inherit; text-decoration: none; }
  .framing-report tr, .framing-report .legend, .jp-RenderedImage img { break-inside: avoid; }
  h1, h2, h3, h4 { break-after: avoid; }
  .jp-RenderedImage img { max-width: 100% !important; height: auto; }
}
"""
# The print rules: a printed page (or one saved as PDF) keeps every colour (marks are backgrounds
# and borders), drops the navigation link and cuts no table row or chart in two. The rule before
# them: the outputs of one notebook cell (the report shows its three charts from one cell, one
# kernel round trip instead of three) stand as far apart as outputs of separate cells do on the
# HTML page (nbconvert's lab template: two cell paddings of 5px and the output margin).


def esc(text: str) -> str:
    return html.escape(text, quote=True)


def category_colours(categories) -> dict[str, str]:
    """A colour for each category: the fixed ones, then the fallback palette in sorted order."""
    out, spare = {}, iter(FALLBACK_COLOURS * 4)
    for c in sorted(set(categories)):
        out[c] = CATEGORY_COLOURS.get(c) or next(spare)
    return out


@dataclass
class _Mark:
    start: int
    end: int
    kind: str                 # "quote" | "loaded" | "cue" | "source"
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


def marks_of(analysis: Analysis, kinds=("quote", "loaded", "cue", "source")) -> list[_Mark]:
    marks: list[_Mark] = []
    if "quote" in kinds:
        for q in analysis.quotes:
            if q.kind == "direct":
                who = quote_speaker(analysis, q)
                title = f"Direct quotation — speaker: {who}" if who else "Direct quotation — speaker not found"
                marks.append(_Mark(q.span.start, q.span.end, "quote", ("q-direct",), title,
                                   extra={"speaker": who}))
            else:
                what = "Scare quote (short, unattributed)" if q.kind == "scare" else "Title in quotation marks"
                marks.append(_Mark(q.span.start, q.span.end, "quote", (f"q-{q.kind}",), what + " — not counted as quotation"))
    if "loaded" in kinds:
        colours = category_colours(s.category for s in analysis.loaded)
        for n, s in enumerate(sorted(analysis.loaded, key=lambda s: (s.span.start, s.span.end)), 1):
            voice = "quoted" if s.voice == "quoted" else "own"
            voice_words = "inside a quotation" if voice == "quoted" else "in the outlet's own voice"
            title = f"Loaded language #{n}: {s.category}, {voice_words}; confidence {s.confidence:.2f}"
            if s.signals:
                title += " — " + "; ".join(s.signals)
            marks.append(_Mark(s.span.start, s.span.end, "loaded", ("ll", f"ll-{voice}"), title, order=n,
                               style=f"--llc: {colours[s.category]}"))
    for a in analysis.attributions:
        if "cue" in kinds:
            kind = "evaluative" if a.cue_kind == "evaluative" else "neutral"
            title = f"Attribution cue ({kind}): “{a.cue_lemma or a.cue.text}”"
            if a.source is not None:
                title += f" — source: {a.source.text} ({a.source_type})"
            marks.append(_Mark(a.cue.start, a.cue.end, "cue", ("cue", f"cue-{kind}"), title))
        if "source" in kinds and a.source is not None:
            title = f"Source ({a.source_type})"
            if a.refers_to is not None:
                title += f", refers to {a.refers_to.text}"
            title += f" — cue “{a.cue.text}”"
            marks.append(_Mark(a.source.start, a.source.end, "source", ("src",), title))
    return marks


def render_range(text: str, start: int, end: int, marks: list[_Mark], anchors: bool = True) -> str:
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


def _marks_by_paragraph(paragraphs, marks: list[_Mark]) -> list[list[_Mark]]:
    """The marks overlapping each paragraph, in their order: each mark goes to its paragraphs
    (found by bisect), so that no paragraph scans every mark of the article."""
    ends = [p.end for p in paragraphs]
    out: list[list[_Mark]] = [[] for _ in paragraphs]
    for m in marks:
        i = bisect.bisect_right(ends, m.start)          # the first paragraph ending after the mark starts
        while i < len(paragraphs) and paragraphs[i].start < m.end:
            out[i].append(m)
            i += 1
    return out


def legend_html(analysis: Analysis) -> str:
    colours = category_colours(s.category for s in analysis.loaded)
    items = []
    for cat, col in colours.items():
        items.append(f'<span class="item"><span class="ll ll-own" style="--llc: {col}">{esc(cat)}</span></span>')
    if not colours:
        items.append('<span class="item"><span class="ll ll-own">loaded language</span> (none found)</span>')
    items += [
        '<span class="item"><span class="ll ll-own" style="--llc:#555">solid</span>: own voice, '
        '<span class="ll ll-quoted" style="--llc:#555">dashed</span>: inside a quotation</span>',
        '<span class="item"><span class="q-direct">direct quotation</span>'
        '<span class="speaker-label">speaker</span></span>',
        '<span class="item"><span class="q-scare">scare quote / title</span></span>',
        '<span class="item"><span class="cue cue-neutral">neutral cue</span> '
        '<span class="cue cue-evaluative">evaluative cue</span></span>',
        '<span class="item"><span class="src">source</span></span>',
        '<span class="item"><span class="speaker-label unknown">?</span>: no speaker found</span>',
        '<span class="item">hover a mark for details (also given in the numbered list and the tables below)</span>',
    ]
    return '<div class="legend">' + "".join(items) + "</div>"
