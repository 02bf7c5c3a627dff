"""The report's charts, drawn with matplotlib's object API (no pyplot, no GUI backend).

Each function returns a ``matplotlib.figure.Figure``; ``png(fig)`` gives its PNG bytes. When
there is nothing to draw (no quotations, no attributions) the figure says so in words.
"""
from __future__ import annotations

import io
import sys
from collections import Counter

from ..pipeline import Analysis
from ..scores import SCORE, paragraph_scores
from ..summaries import NO_SPEAKER, quoted_speakers, reporting_verbs
from .wording import plural

_DOC_POINTER = "Properties: see matplotlib's documentation (not built in this process: analysis.views.charts)."


def _import_figure():
    """``matplotlib.figure.Figure``, imported without writing matplotlib's property docstrings.

    Importing ``matplotlib.figure`` defines about a hundred Artist classes, and for each one
    matplotlib writes the docstrings of ``set()`` and of many drawing methods, listing every
    property and its accepted values (``matplotlib.artist.kwdoc``, which reads every setter's
    docstring): about a quarter of the import, 0.1 s of CPU in every report's kernel. The report
    draws charts and never shows matplotlib's help, so while this module imports matplotlib,
    ``kwdoc`` gives a one-line pointer to the documentation instead (signatures are kept); what is
    drawn is the same, the same PNG bytes. When matplotlib's figure module is imported already, or
    matplotlib has no ``artist.kwdoc``, the ordinary import is used."""
    if "matplotlib.figure" not in sys.modules:
        import matplotlib.artist as artist
        kwdoc = getattr(artist, "kwdoc", None)
        if kwdoc is not None:
            artist.kwdoc = lambda _artist: _DOC_POINTER
            try:
                from matplotlib.figure import Figure
            finally:
                artist.kwdoc = kwdoc
            return Figure
    from matplotlib.figure import Figure
    return Figure


Figure = _import_figure()
from matplotlib import rcParams  # noqa: E402  (after the figure module: its import sets the docstrings)
from matplotlib.lines import TICKDOWN  # noqa: E402
from matplotlib.ticker import NullLocator  # noqa: E402

NEUTRAL, EVALUATIVE = "#6a3d9a", "#c51b7d"
_SCORE_PANELS = tuple((name, SCORE[name].panel, colour) for name, colour in (
    ("loaded_language_per_100_words", "#d55e00"), ("attributions_per_100_words", "#6a3d9a"),
    ("quote_share", "#2166ac")))


def png(fig: Figure, dpi: int = 100) -> bytes:
    """PNG bytes. Margins are set in inches by each chart (no "tight" bounding box: one draw, not two).

    zlib level 3 rather than the default 6: the same pixels, half the encoding time (about 10 ms a
    chart), files about 4% larger."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi, pil_kwargs={"compress_level": 3})
    return buf.getvalue()


def _margins(fig: Figure, left: float, bottom: float = 0.5, top: float = 0.45, right: float = 0.25) -> None:
    """Fixed margins, in inches."""
    w, h = fig.get_size_inches()
    fig.subplots_adjust(left=left / w, right=1 - right / w, bottom=bottom / h, top=1 - top / h)


def _label_width(labels) -> float:
    """Rough width in inches of the widest tick label at font size 9."""
    return 0.3 + 0.068 * max((len(str(x)) for x in labels), default=4)


def _drawn_bars(xs, values):
    """The bars worth drawing: each non-zero one, and the first and last (a zero bar paints nothing,
    but the two ends set the x range as the full row of bars does). Fewer bars, the same picture,
    and each bar is a matplotlib object that costs time to make and draw."""
    last = len(values) - 1
    keep = [i for i, v in enumerate(values) if v or i == 0 or i == last]
    return [xs[i] for i in keep], [values[i] for i in keep]


# The longest bar label kept whole: a longer one would leave less than an inch of the 9-inch
# chart for the bars (see _label_width); at about 124 characters there would be no room at all.
_LABEL_CHARS = 109


def _short(label: str) -> str:
    """A bar label that fits the chart: a label longer than _LABEL_CHARS characters is cut, ending in "…"
    (a speaker can be a long phrase: "Bernie Sanders, the independent Vermont senator who is ...")."""
    label = str(label)
    if len(label) <= _LABEL_CHARS:
        return label
    return " ".join(label.split())[: _LABEL_CHARS - 1].rstrip() + "…"


def _empty(fig: Figure, ax, message: str) -> Figure:
    ax.set_axis_off()
    ax.text(0.5, 0.5, message, ha="center", va="center", fontsize=11, color="#555", transform=ax.transAxes)
    return fig


def _style(ax) -> None:
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.tick_params(labelsize=9)


def _stacked_x(axes, ticks) -> None:
    """One x range and one row of tick marks for panels stacked one above the other, labelled on
    the bottom panel only: the picture of ``sharex=True`` (the same pixels), for less work. Each
    tick of an axis is a matplotlib object of two lines and two texts, made and updated for every
    axis sharing it; the upper panels get their tick marks as one line of tick-shaped markers."""
    low = min(ax.get_xlim()[0] for ax in axes)
    high = max(ax.get_xlim()[1] for ax in axes)
    for ax in axes[:-1]:
        ax.set_xlim(low, high)
        ax.xaxis.set_major_locator(NullLocator())
        ax.plot(ticks, [0] * len(ticks), linestyle="none", marker=TICKDOWN, color=rcParams["xtick.color"],
                markersize=rcParams["xtick.major.size"], markeredgewidth=rcParams["xtick.major.width"],
                transform=ax.get_xaxis_transform(), clip_on=False)
    axes[-1].set_xlim(low, high)
    axes[-1].set_xticks(ticks)


def paragraphs_chart(analysis: Analysis) -> Figure:
    """The three scores paragraph by paragraph, top to bottom of the article (¶ numbers as in the text)."""
    rows = paragraph_scores(analysis)
    fig = Figure(figsize=(9, 5.4))
    axes = fig.subplots(3, 1)
    xs = [r["paragraph"] for r in rows]
    for ax, (key, label, colour) in zip(axes, _SCORE_PANELS):
        values = [r[key] for r in rows]
        ax.bar(*_drawn_bars(xs, values), color=colour, width=0.75)
        ax.set_ylabel(label, fontsize=9, rotation=0, ha="right", va="center")
        ax.yaxis.set_label_coords(-0.075, 0.5)
        if key == "quote_share":
            ax.set_ylim(0, 1.05)
        elif not any(values):
            ax.set_ylim(0, 1)
            ax.text(0.5, 0.5, "none found", transform=ax.transAxes, ha="center", va="center", color="#888", fontsize=9)
        _style(ax)
    _stacked_x(axes, xs if len(xs) <= 30 else xs[::5])
    axes[-1].set_xlabel("paragraph (¶1 is the headline)", fontsize=9)
    fig.suptitle("The scores through the article", fontsize=11, x=0.02, ha="left")
    _margins(fig, left=1.7, bottom=0.55)
    return fig


def speakers_chart(record: dict) -> Figure:
    """Who is quoted directly and how many words each gets (``analysis.summaries.quoted_speakers``)."""
    rows = [(r["speaker"], r["words"], r["quotes"]) for r in quoted_speakers(record)]
    fig = Figure(figsize=(9, 1.1 + 0.34 * max(2, len(rows))))
    ax = fig.subplots()
    if not rows:
        return _empty(fig, ax, "No direct quotations found in this article.")
    names = [r[0] for r in rows][::-1]
    vals = [r[1] for r in rows][::-1]
    n_quotes = [r[2] for r in rows][::-1]
    colours = ["#888888" if n == NO_SPEAKER else "#2166ac" for n in names]
    labels = [_short(n) for n in names]
    ax.barh(labels, vals, color=colours)
    for y, (v, n) in enumerate(zip(vals, n_quotes)):
        ax.text(v, y, f"  {plural(v, 'word')}, {plural(n, 'quote')}", va="center", fontsize=9)
    ax.set_xlabel("words inside direct quotations", fontsize=9)
    ax.set_xlim(0, max(vals) * 1.35)
    _style(ax)
    fig.suptitle("Who is quoted, and how many words each gets", fontsize=11, x=0.02, ha="left")
    _margins(fig, left=_label_width(labels))
    return fig


def verbs_chart(record: dict) -> Figure:
    """The reporting cues used, neutral or evaluative (``analysis.summaries.reporting_verbs``)."""
    rows = [(r["cue"], r["kind"], r["count"]) for r in reporting_verbs(record)]
    fig = Figure(figsize=(9, 1.25 + 0.3 * max(2, len(rows))))
    ax = fig.subplots()
    if not rows:
        return _empty(fig, ax, "No attributions found in this article.")
    labels = [_short(r[0]) for r in rows][::-1]
    vals = [r[2] for r in rows][::-1]
    colours = [EVALUATIVE if r[1] == "evaluative" else NEUTRAL for r in rows][::-1]
    ax.barh(range(len(rows)), vals, color=colours)
    ax.set_yticks(range(len(rows)), labels)
    ax.set_xlabel("times used", fontsize=9)
    ax.xaxis.get_major_locator().set_params(integer=True)
    from matplotlib.patches import Patch
    ax.legend(handles=[Patch(color=NEUTRAL, label="neutral cue"), Patch(color=EVALUATIVE, label="evaluative cue")],
              fontsize=8, loc="lower right", bbox_to_anchor=(1.0, 1.0), ncol=2, frameon=False)
    _style(ax)
    fig.suptitle("Reporting verbs and attribution cues used", fontsize=11, x=0.02, ha="left")
    _margins(fig, left=_label_width(labels), top=0.6)
    return fig


def sentiment_chart(analysis: Analysis, sentiments) -> Figure:
    """TextBlob subjectivity and polarity per sentence, with the loaded-language items in each."""
    fig = Figure(figsize=(9, 3.8))
    ax = fig.subplots()
    if not sentiments:
        return _empty(fig, ax, "No sentences.")
    xs = [s.index + 1 for s in sentiments]
    doc = analysis.doc
    loaded = Counter(doc.sentence_index(s.span.start) for s in analysis.loaded)
    counts = [loaded.get(i - 1, 0) for i in xs]
    bars = ax.twinx()
    bars.bar(*_drawn_bars(xs, counts), color="#d55e00", alpha=0.3, width=0.8)
    bars.set_ylim(0, max(4, max(counts)) * 2.1)   # bars in the lower half, below the legend
    bars.set_ylabel("loaded-language items (bars)", fontsize=9, color="#a04000")
    top = max(4, max(counts))
    bars.set_yticks(range(0, top + 1, 1 if top <= 6 else 2))
    bars.tick_params(labelsize=9, colors="#a04000")
    bars.spines["top"].set_visible(False)
    ax.set_zorder(bars.get_zorder() + 1)
    ax.patch.set_visible(False)
    ax.plot(xs, [s.subjectivity for s in sentiments], "-o", ms=3, color="#333333", label="subjectivity (0 factual – 1 opinion)")
    ax.plot(xs, [s.polarity for s in sentiments], "-s", ms=3, color="#1b7837", label="polarity (−1 negative – +1 positive)")
    ax.axhline(0, color="#bbb", lw=0.8)
    ax.set_ylim(-1.05, 1.05)
    ax.set_xlabel("sentence", fontsize=9)
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(0.0, 1.0), ncol=2, frameon=False)
    _style(ax)
    ax.spines["right"].set_visible(True)
    fig.suptitle("Subjectivity and polarity (TextBlob) sentence by sentence, beside loaded language",
                 fontsize=11, x=0.02, ha="left")
    _margins(fig, left=0.6, right=0.75, top=0.5)
    return fig
