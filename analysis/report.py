"""The per-article report: what the notebook shows, and rendering reports for many articles.

Two halves:

- ``ArticleReport``: everything the report notebook (``notebooks/article_report.ipynb``) shows,
  computed here so the notebook's cells are one call each. Each method returns an object Jupyter
  displays (HTML or a PNG chart).
- ``render_one`` / ``render_reports``: run the notebook with papermill for each article into
  ``OUT/<id>.ipynb``, convert it to a reader's page ``OUT/<id>.html`` (code hidden), store the
  scores record beside it (``OUT/<id>.record.json``) and write ``OUT/index.html``. The id is the
  file's stem unless it clashes in the run or names a page (``paths.article_ids``). A batch checks
  and locks ``OUT`` first (``OUT/.lock``: one run at a time); the index lists the articles of this
  run and those of earlier runs whose input file still exists.

Reruns and interruptions. Each article's outputs are written whole or not at all (a temporary file
in the same folder, then ``os.replace``), and a small stamp ``OUT/.stamps/<id>.json`` is written
last. It holds the input's sha256, the parameters, the project version and the notebook's sha256:
a rerun skips an article only when its stamp says "done" with the same four and its outputs are
there, so an interrupted run leaves nothing a rerun would take for done.

Papermill, nbconvert and tqdm are imported only when rendering, so the notebook's own imports stay
light (kernel start-up is the floor of a report's run time).
"""
from __future__ import annotations

import ast
import hashlib
import json
import os
import sys
from collections import Counter
from urllib.parse import quote
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from . import __version__
from .atomic import atomic_path, check_output_folder, folder_lock, remove_stale_temporaries, write_text
from .document import load
from .highlight import (CSS, article_html, category_colours, esc, legend_html, marks_of,
                        render_range)
from .loaded import DEFAULT_THRESHOLD
from .paths import article_ids
from .reading import ArticleError
from .scores import SCORE_NAMES, Analysis, analyze, breakdown
from .summaries import NO_SPEAKER, quoted_speakers
from .wording import plural

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK = ROOT / "notebooks" / "article_report.ipynb"
VALIDATION_NOTEBOOK = ROOT / "notebooks" / "validation.ipynb"
TEMPLATES = Path(__file__).resolve().parent / "templates"   # nbconvert templates of the pages
STAMPS = ".stamps"
VALIDATION_PAGE = "validation.html"
CELL_TIMEOUT = 600   # seconds a notebook cell may run before the article is reported as failed

SCORE_LABELS = {
    "loaded_language_per_100_words": "Loaded language per 100 words",
    "attributions_per_100_words": "Attributions per 100 words",
    "attributions_per_sentence": "Attributions per sentence",
    "quote_share": "Quote share",
}
SCORE_DEFINITIONS = {
    "loaded_language_per_100_words":
        "Words and phrases flagged as loaded language (emotionally, morally or pejoratively charged), "
        "per 100 words of the article; those in the outlet's own voice and those inside quotations alike.",
    "attributions_per_100_words":
        "Attributions (a source tied to what it said by a reporting cue such as “said” or “according to”) "
        "per 100 words: how much of the story is told as someone's statement.",
    "attributions_per_sentence": "The same attributions per sentence.",
    "quote_share":
        "The share of the article's words that stand inside direct quotations (between quotation marks, "
        "not scare quotes or titles), from 0 to 1.",
}


# --------------------------------------------------------------------------------------------
# Displayable objects (Jupyter calls _repr_html_ / _repr_png_; nothing imports IPython here)

class Html:
    """HTML for the notebook; its plain-text form (for viewers without HTML) is a short label."""

    def __init__(self, html: str, label: str = "report section (HTML)"):
        self.html, self.label = html, label

    def __str__(self) -> str:
        return self.html

    def _repr_html_(self) -> str:
        # tex2jax_ignore: MathJax's tex2jax (classic Jupyter, stock nbconvert pages) leaves "$50" alone
        return f'<div class="framing-report tex2jax_ignore">{self.html}</div>'

    def __repr__(self) -> str:
        return f"[{self.label}]"


class Png:
    """A chart for the notebook (PNG); its plain-text form is the chart's title."""

    def __init__(self, data: bytes, label: str = "chart"):
        self.data, self.label = data, label

    def _repr_png_(self):
        return self.data, {"alt": f"Chart: {self.label}"}

    def __repr__(self) -> str:
        return f"[chart: {self.label}]"


def _readable(exc: Exception) -> Exception:
    """Make IPython show just ``Name: message`` for an error that speaks to the user (no traceback)."""
    line = f"{type(exc).__name__}: {exc}"
    exc._render_traceback_ = lambda: [line]  # type: ignore[attr-defined]
    return exc


class ParameterError(ValueError):
    """A notebook parameter with a value the report cannot use."""


def resolve_article_path(article_path) -> str:
    """The article file a notebook parameter names.

    An absolute path, or a relative one that exists from the current folder, is used as given (so
    the record's ``path`` is what the user typed); otherwise a relative path is taken from the
    repository root (papermill may run the notebook with its folder ``notebooks/`` as current).
    """
    given = os.fspath(article_path)
    p = Path(given).expanduser()
    if p.is_absolute() or p.exists():
        return given
    candidate = ROOT / p
    return str(candidate) if candidate.exists() else given


def check_threshold(value) -> float:
    if value is None:
        return DEFAULT_THRESHOLD
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 1:
        raise _readable(ParameterError(
            f"loaded_threshold must be a number from 0 to 1 (got {value!r}); "
            f"the default is {DEFAULT_THRESHOLD}"))
    return float(value)


_NAMES_BEFORE = "__framing_names_before_parameters__"


def note_names(namespace: dict) -> None:
    """The report notebook's first (hidden) cell: remember the names defined before the parameters,
    so that ``check_parameters`` can tell which names papermill's ``-p NAME`` added."""
    namespace[_NAMES_BEFORE] = frozenset(namespace)


def check_parameters(namespace: dict) -> None:
    """After papermill's injected parameters: every name added since ``note_names`` is one the
    parameters cell defines, else a readable ParameterError (a misspelt ``-p loaded_treshold 0.9``
    would otherwise run at the default, silently)."""
    before = namespace.get(_NAMES_BEFORE)
    if before is None:               # the notebook was run without its first cell: nothing to compare
        return
    known = _parameters_cell_names()
    unknown = sorted(n for n in namespace if n not in before and n not in known and not n.startswith("_"))
    if unknown:
        takes = ", ".join(sorted(notebook_defaults()))
        raise _readable(ParameterError(
            f"unknown parameter{'s' if len(unknown) > 1 else ''} {', '.join(unknown)} (this report takes: "
            f"{takes}); check the spelling after -p"))


def _percentiles(scores: dict) -> dict:
    try:
        from .reference import percentiles
        return percentiles(scores) or {}
    except Exception:  # reference figures not available: show no context rather than fail
        return {}


def _describe(name: str, pct: float) -> str:
    """A percentile in words, e.g. "84th percentile of 840 news articles"."""
    try:
        from .reference import describe
        return describe(name, pct)
    except Exception:
        return f"percentile {round(pct)}"


def _reference_count() -> int:
    try:
        from .reference import reference_count
        return reference_count()
    except Exception:
        return 0


def _fmt(name: str, value: float) -> str:
    if name == "quote_share":
        return f"{value:.1%}"
    return f"{value:.2f}"


def _excerpt(text: str, limit: int = 140) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


# --------------------------------------------------------------------------------------------
# What the notebook shows

class ArticleReport:
    """One article's analysis, with a method for each section of the report."""

    def __init__(self, analysis: Analysis):
        self.analysis = analysis
        self.doc = analysis.doc
        from .record import to_record
        self.record = to_record(analysis)
        self.scores = self.record["scores"]
        self.breakdown = self.record.get("breakdown") or breakdown(analysis)
        self.percentiles = _percentiles(self.scores)
        self._sentiments = None

    @classmethod
    def open(cls, article_path, loaded_threshold=None) -> "ArticleReport":
        """Read and analyse an article; bad input raises an error whose message says what is wrong."""
        threshold = check_threshold(loaded_threshold)
        if article_path is None or not str(article_path).strip():
            raise _readable(ParameterError("article_path is not set: give the article file to analyse, "
                                           "e.g. -p article_path my_article.txt"))
        try:
            doc = load(resolve_article_path(article_path))
        except ArticleError as e:
            raise _readable(e) from None
        return cls(analyze(doc, threshold=threshold))

    # -- headline and summary ------------------------------------------------------------------
    @property
    def headline(self) -> str:
        h = self.doc.headline
        return " ".join(h.text.split()) if h else self.doc.id

    def summary_items(self) -> list[str]:
        """The three scores in plain words (HTML list items)."""
        s, b, pct = self.scores, self.breakdown, self.percentiles
        words = self.doc.words

        def context(name):
            p = pct.get(name)
            if p is None:
                return ""
            where = esc(_describe(name, p))
            if 0 < p < 100:              # at either end the description ("lower than in any ...") says it all
                level = ("more than in most" if p >= 75 else "less than in most" if p <= 25
                         else "within the usual range of")
                where += f": {level} news articles"
            return f" <span class='pct'>({where})</span>"

        n_loaded = b["loaded_language"]
        loaded = (f"<b>Loaded language:</b> {plural(n_loaded, 'word or phrase', 'words or phrases')} flagged "
                  f"in {plural(words, 'word')}, <b>{s['loaded_language_per_100_words']:.2f} per 100 words</b>")
        if n_loaded:
            loaded += (f" ({b['loaded_own_voice']} in the outlet's own voice, "
                       f"{b['loaded_quoted']} inside quotations)")
        loaded += "." + context("loaded_language_per_100_words")

        n_attr = b["attributions"]
        attr = (f"<b>Attribution:</b> {plural(n_attr, 'statement')} tied to a source, "
                f"<b>{s['attributions_per_100_words']:.2f} per 100 words</b> "
                f"({s['attributions_per_sentence']:.2f} per sentence)")
        n_eval = b["cue_kinds"].get("evaluative", 0)
        if n_attr:
            attr += (f"; {n_eval} of them with an evaluative cue such as “claimed”" if n_eval
                     else "; all with neutral cues such as “said”")
        attr += "." + context("attributions_per_100_words")

        speakers = [(r["speaker"], r["words"]) for r in quoted_speakers(self.record)]
        quote = (f"<b>Quotation:</b> <b>{s['quote_share']:.0%} of the words</b> stand inside "
                 f"{plural(b['direct_quotes'], 'direct quotation')}")
        named = [f"{esc(w)} ({plural(n, 'word')})" for w, n in speakers if w != NO_SPEAKER]
        if named:
            quote += "; most quoted: " + ", ".join(named[:3])
        unknown = sum(n for w, n in speakers if w == NO_SPEAKER)
        if unknown:
            quote += f"; {plural(unknown, 'quoted word')} with no speaker found"
        quote += "." + context("quote_share")
        return [loaded, attr, quote]

    def header(self) -> Html:
        d = self.doc
        meta = (f"{esc(d.id)} · {plural(d.words, 'word')} · {plural(len(d.sentences), 'sentence')} · "
                f"{plural(len(d.paragraphs), 'paragraph')}"
                f" · loaded-language threshold {self.analysis.threshold:g} · framing-notebooks {__version__}")
        items = "".join(f"<li>{x}</li>" for x in self.summary_items())
        return Html(f"<style>{CSS}</style><h1 class='headline'>{esc(self.headline)}</h1>"
                    f"<p class='meta sans'>{meta}</p><ul class='summary sans'>{items}</ul>",
                    f"headline and summary: {self.headline}")

    # -- scores table --------------------------------------------------------------------------
    def scores_table(self) -> Html:
        b, d = self.breakdown, self.doc
        counted = {
            "loaded_language_per_100_words": f"{b['loaded_language']} flagged / {plural(d.words, 'word')} × 100",
            "attributions_per_100_words": f"{plural(b['attributions'], 'attribution')} / {plural(d.words, 'word')} × 100",
            "attributions_per_sentence": f"{plural(b['attributions'], 'attribution')} / "
                                         f"{plural(len(d.sentences), 'sentence')}",
            "quote_share": f"{plural(b['quoted_words'], 'quoted word')} / {plural(d.words, 'word')}",
        }
        rows = []
        for name in SCORE_NAMES:
            p = self.percentiles.get(name)
            rows.append(f"<tr><td>{SCORE_LABELS[name]}</td><td class='num'><b>{_fmt(name, self.scores[name])}</b></td>"
                        f"<td class='num'>{counted[name]}</td>"
                        f"<td>{esc(_describe(name, p)) if p is not None else '—'}</td>"
                        f"<td>{esc(SCORE_DEFINITIONS[name])}</td></tr>")
        return Html("<table><tr><th>Score</th><th>Value</th><th>Counted from</th><th>Among reference articles</th>"
                    "<th>Definition</th></tr>" + "".join(rows) + "</table>"
                    "<p class='caveat sans'>A word counts as quoted when at least half of its characters are "
                    "inside the quotation marks. Percentiles: the share of reference news articles scoring below "
                    "this one (50th = the median).</p>", "table of the scores")

    # -- the article, marked -------------------------------------------------------------------
    def article(self) -> Html:
        return Html(legend_html(self.analysis) + article_html(self.analysis) + self._not_quotations(),
                    "the article with highlights")

    def _not_quotations(self) -> str:
        """The scare quotes and titles (amber in the article, their kind told on hover), listed for a
        reader without a mouse or on paper."""
        marked = sorted((q for q in self.analysis.quotes if q.kind != "direct"), key=lambda q: q.span.start)
        if not marked:
            return ""
        items = [f"{esc(' '.join(q.span.text.split()))} ({'scare quote' if q.kind == 'scare' else 'title'}, "
                 f"¶{self.doc.paragraph_index(q.span.start) + 1})" for q in marked]
        return f"<p class='caveat sans'>In quotation marks but not counted as quotation: {'; '.join(items)}.</p>"

    # -- charts --------------------------------------------------------------------------------
    def paragraphs_chart(self) -> Png:
        from .charts import paragraphs_chart, png
        return Png(png(paragraphs_chart(self.analysis)), "the scores paragraph by paragraph")

    def speakers_chart(self) -> Png:
        from .charts import png, speakers_chart
        return Png(png(speakers_chart(self.record)), "who is quoted and how many words each gets")

    def verbs_chart(self) -> Png:
        from .charts import png, verbs_chart
        return Png(png(verbs_chart(self.record)), "reporting verbs used")

    # -- sentiment beside loaded language ------------------------------------------------------
    @property
    def sentiments(self):
        if self._sentiments is None:
            from .sentiment import sentence_sentiments
            self._sentiments = sentence_sentiments(self.doc)
        return self._sentiments

    def sentiment_chart(self) -> Png:
        from .charts import png, sentiment_chart
        return Png(png(sentiment_chart(self.analysis, self.sentiments)), "subjectivity and polarity per sentence")

    def sentiment_table(self) -> Html:
        marks = marks_of(self.analysis, kinds=("loaded",))
        loaded_in = Counter(self.doc.sentence_index(s.span.start) for s in self.analysis.loaded)
        rows = []
        for s in self.sentiments:
            pol, sub = s.polarity, s.subjectivity
            pol_bar = (f"<span class='bar' style='width:{abs(pol) * 40:.0f}px;background:"
                       f"{'#1b7837' if pol >= 0 else '#b2182b'}'></span>")
            sub_bar = f"<span class='bar' style='width:{sub * 40:.0f}px;background:#555'></span>"
            text = render_range(self.doc.text, s.span.start, s.span.end, marks, anchors=False)
            rows.append(f"<tr><td class='num'>{s.index + 1}</td><td>{text}</td>"
                        f"<td class='num'>{loaded_in.get(s.index, 0) or ''}</td>"
                        f"<td class='num'>{sub:.2f} {sub_bar}</td><td class='num'>{pol:+.2f} {pol_bar}</td></tr>")
        return Html("<table><tr><th>#</th><th>Sentence (loaded language underlined)</th><th>Loaded</th>"
                    "<th>Subjectivity<br>0 – 1</th><th>Polarity<br>−1 – +1</th></tr>" + "".join(rows) + "</table>",
                    "subjectivity and polarity per sentence")

    # -- flagged items -------------------------------------------------------------------------
    def flagged_items(self) -> Html:
        loaded = sorted(self.analysis.loaded, key=lambda s: (s.span.start, s.span.end))
        if not loaded:
            return Html(f"<p class='sans'>No loaded language found at confidence {self.analysis.threshold:g} "
                        "or above.</p>")
        numbered = list(enumerate(loaded, 1))
        colours = category_colours(s.category for s in loaded)
        by_cat = Counter(s.category for s in loaded)
        parts = []
        for cat, n in sorted(by_cat.items(), key=lambda kv: (-kv[1], kv[0])):
            rows = []
            for i, s in numbered:
                if s.category != cat:
                    continue
                sent = self.doc.sentences[self.doc.sentence_index(s.span.start)] if self.doc.sentences else s.span
                ctx_start = max(sent.start, s.span.start - 90)
                ctx_end = min(sent.end, s.span.end + 90)
                ctx = (("…" if ctx_start > sent.start else "") + esc(self.doc.text[ctx_start:s.span.start])
                       + f"<b>{esc(s.span.text)}</b>" + esc(self.doc.text[s.span.end:ctx_end])
                       + ("…" if ctx_end < sent.end else ""))
                voice = "quoted" if s.voice == "quoted" else "own voice"
                rows.append(f"<tr><td class='num'><a href='#ll-{i}'>{i}</a></td><td><b>{esc(s.span.text)}</b></td>"
                            f"<td>{voice}</td><td class='num'>{s.confidence:.2f}</td>"
                            f"<td>{esc('; '.join(s.signals)) or '—'}</td>"
                            f"<td>¶{self.doc.paragraph_index(s.span.start) + 1}: {ctx}</td></tr>")
            parts.append(f"<h4 class='sans'><span class='ll ll-own' style='--llc:{colours[cat]}'>{esc(cat)}</span>"
                         f" — {n}</h4><table class='flagged'><col class='n'><col class='w'><col class='v'><col class='c'>"
                         f"<col class='s'><col><tr><th>#</th><th>Words</th><th>Voice</th><th>Confidence</th>"
                         f"<th>Why flagged</th><th>In context</th></tr>{''.join(rows)}</table>")
        return Html("".join(parts), "flagged loaded language by category")

    # -- sources and cues ----------------------------------------------------------------------
    def sources(self) -> Html:
        attrs = self.analysis.attributions
        if not attrs:
            return Html("<p class='sans'>No attributions found in this article.</p>")
        n = len(attrs)
        types = Counter(a.source_type for a in attrs)
        examples: dict[str, list[str]] = {}
        for a in attrs:
            if a.source is not None:
                ex = examples.setdefault(a.source_type, [])
                t = " ".join(a.source.text.split())
                if t not in ex:
                    ex.append(t)
        type_rows = "".join(
            f"<tr><td>{esc(t)}</td><td class='num'>{c}</td><td class='num'>{c / n:.0%}</td>"
            f"<td>{esc(', '.join(examples.get(t, [])[:5]))}</td></tr>"
            for t, c in sorted(types.items(), key=lambda kv: (-kv[1], kv[0])))
        kinds = Counter(a.cue_kind for a in attrs)
        evaluative = sorted({a.cue_lemma or a.cue.text for a in attrs if a.cue_kind == "evaluative"})
        share = self.breakdown.get("evaluative_cue_share", kinds.get("evaluative", 0) / n)
        cue_text = (f"<p class='sans'><b>Evaluative cues: {kinds.get('evaluative', 0)} of {n} "
                    f"({share:.0%})</b>; neutral: {kinds.get('neutral', 0)}. "
                    + (f"Evaluative cues used: {esc(', '.join(evaluative))}. " if evaluative else "")
                    + "An evaluative cue (“claimed”, “admitted”, “insisted”) tells the reader how to take the "
                      "statement; a neutral one (“said”, “according to”) leaves it to them.</p>")
        rows = []
        for i, a in enumerate(sorted(attrs, key=lambda a: a.cue.start), 1):
            src = esc(" ".join(a.source.text.split())) if a.source is not None else "<i>none found</i>"
            if a.refers_to is not None:
                src += f" → {esc(a.refers_to.text)}"
            content = esc(_excerpt(a.content.text)) if a.content is not None else "—"
            rows.append(f"<tr><td class='num'>{i}</td><td>{src}</td><td>{esc(a.source_type)}</td>"
                        f"<td><span class='cue cue-{'evaluative' if a.cue_kind == 'evaluative' else 'neutral'}'>"
                        f"{esc(a.cue.text)}</span></td><td>{esc(a.cue_kind)}</td><td>{content}</td></tr>")
        return Html("<table><tr><th>Source type</th><th>Attributions</th><th>Share</th><th>Sources</th></tr>"
                    + type_rows + "</table>" + cue_text
                    + "<details open><summary class='sans'>Every attribution</summary><table><tr><th>#</th>"
                      "<th>Source</th><th>Type</th><th>Cue</th><th>Kind</th><th>What was attributed</th></tr>"
                    + "".join(rows) + "</table></details>", "sources and attribution cues")

    # -- methods -------------------------------------------------------------------------------
    def methods(self) -> Html:
        count = _reference_count()
        ref = (f"the {count} training articles of PolNeAR (US political news, 2015–2016, seven outlets), "
               "scored by this same version of the analysis" if count else "no reference figures are installed")
        items = [
            "<b>Reading.</b> The first non-empty line is the headline; each line is a paragraph (in hard-wrapped text, "
            "as from e-mail or a PDF, the wrapped lines are joined back into paragraphs); sentences come "
            "from NLTK's Punkt with the project's abbreviation list; words are runs of letters and digits "
            "(the same definition as the evaluation scorers).",
            "<b>Loaded language.</b> Each word is scored by a small model trained on the Propaganda Techniques "
            "Corpus from signals a reader can check: the project's lexicon of categories (with expressions such "
            "as “clean up the mess”), the VADER and TextBlob sentiment lexicons, the word's place and its "
            "neighbours; the “why flagged” column lists them. Spans at or above the confidence threshold "
            f"({self.analysis.threshold:g}) are flagged; negated words are not. Items inside "
            "a quotation are the speaker's words, not the outlet's: the report separates the two voices. The "
            "detector reads words, not intent: the same word can be loaded in one use and neutral in another, "
            "so check the list of flagged items.",
            "<b>Attribution.</b> Patterns around reporting cues (“said”, “told”, “according to”, “posted”), "
            "checked by a small model trained on human-annotated news (PolNeAR), which also finds cues the word "
            "list lacks (“Melanie thought…”); the source is typed (named person, role, organisation, anonymous, "
            "pronoun, document) and the cue marked neutral or evaluative. A missed attribution lowers the "
            "density; long or unusual sentences are the usual cause.",
            "<b>Quotation.</b> Quotation marks make a quote. Short unattributed quotations are scare quotes and "
            "titles in quotation marks are titles: neither counts toward the quote share. A quotation that runs "
            "over several paragraphs counts in full. The speaker is the source of the attribution whose content "
            "is the quotation, else of a cue right beside it; a quotation that continues the previous one keeps "
            "its speaker. A pronoun speaker is shown as the person it refers to.",
            "<b>Subjectivity and polarity.</b> TextBlob's PatternAnalyzer: a general-purpose lexicon of mostly "
            "adjectives, built for reviews, not news. A sentence can read as subjective without loaded language "
            "and the reverse; the two measures are shown side by side, not combined.",
            f"<b>Percentiles.</b> Where each score stands among {ref}. A reference of other times, topics or "
            "outlets would place the same article differently.",
            f"<b>Accuracy.</b> How well each detector agrees with hand-annotated gold data is measured in the "
            f"<a href='{VALIDATION_PAGE}'>validation report</a> (beside these reports).",
        ]
        return Html("<ul class='sans'>" + "".join(f"<li>{x}</li>" for x in items) + "</ul>"
                    f"<p class='caveat sans'>framing-notebooks {__version__}; input sha256 {self.doc.sha256[:16]}…</p>",
                    "methods and caveats")

    # -- the record ----------------------------------------------------------------------------
    def record_cell(self) -> None:
        from .notebook_record import display_record
        display_record(self.record)


# --------------------------------------------------------------------------------------------
# Rendering: papermill, nbconvert, stamps, batches, index

class ReportFailed(Exception):
    """An article whose report could not be rendered; ``reason`` is for the reader of the index."""

    def __init__(self, path, reason: str):
        self.path = Path(path)
        self.reason = reason
        super().__init__(f"{path}: {reason}")


@dataclass
class Summary:
    done: list = field(default_factory=list)
    skipped: list = field(default_factory=list)
    failed: list = field(default_factory=list)       # [(path, reason)]
    index: Path | None = None

    @property
    def exit_code(self) -> int:
        return 1 if self.failed else 0

    def __str__(self) -> str:
        lines = [f"{len(self.done)} rendered, {len(self.skipped)} skipped as up to date, {len(self.failed)} failed"
                 + (f" -> {self.index}" if self.index else "")]
        lines += [f"  failed: {reason}" if str(p) in reason else f"  failed: {p}: {reason}" for p, reason in self.failed]
        return "\n".join(lines)


@dataclass(frozen=True)
class Outputs:
    ipynb: Path
    html: Path
    record: Path
    stamp: Path


def outputs_for(path, out_dir, article_id: str | None = None) -> Outputs:
    """The files of an article's report: named by its id in the run (``paths.article_ids``; by
    default the id the article has alone: its stem, unless that is a page's name)."""
    out_dir, name = Path(out_dir), article_id or article_ids([path])[0]
    return Outputs(out_dir / f"{name}.ipynb", out_dir / f"{name}.html", out_dir / f"{name}.record.json",
                   out_dir / STAMPS / f"{name}.json")


def _parameters_cell() -> str:
    nb = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    return next(("".join(c["source"]) for c in nb["cells"] if "parameters" in c.get("metadata", {}).get("tags", [])), "")


@lru_cache(maxsize=1)
def _parameters_cell_names() -> frozenset:
    """Every name the parameters cell binds: the parameters and what it imports (DEFAULT_THRESHOLD)."""
    names = set()
    for node in ast.walk(ast.parse(_parameters_cell())):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
        elif isinstance(node, ast.alias):
            names.add((node.asname or node.name).split(".")[0])
    return frozenset(names)


@lru_cache(maxsize=1)
def notebook_defaults() -> dict:
    """The parameters cell's values of the report notebook (the cell is run: imports and assignments)."""
    source = _parameters_cell()
    names = []
    for node in ast.parse(source).body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            names.append(node.targets[0].id)
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.append(node.target.id)
    namespace: dict = {}
    exec(compile(source, f"{NOTEBOOK} (parameters cell)", "exec"), namespace)
    return {n: namespace[n] for n in names}


@lru_cache(maxsize=1)
def notebook_sha256() -> str:
    return hashlib.sha256(NOTEBOOK.read_bytes()).hexdigest()


def effective_parameters(parameters: dict | None) -> dict:
    """The notebook's defaults overridden by ``parameters`` (``article_path`` excluded)."""
    defaults = {k: v for k, v in notebook_defaults().items() if k != "article_path"}
    given = dict(parameters or {})
    given.pop("article_path", None)
    unknown = sorted(set(given) - set(defaults))
    if unknown:
        raise ValueError(f"unknown report parameter(s): {', '.join(unknown)} "
                         f"(the report notebook takes: {', '.join(sorted(defaults))})")
    if "loaded_threshold" in given:
        check_threshold(given["loaded_threshold"])     # a bad value is refused before any work
    return {**defaults, **given}


def _file_sha256(path) -> str | None:
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError:
        return None


def fingerprint(path, params: dict) -> dict:
    """What a report depends on; a report is up to date when its stamp holds the same."""
    return {"sha256": _file_sha256(path), "parameters": params, "version": __version__,
            "notebook_sha256": notebook_sha256()}


def read_stamp(stamp: Path) -> dict | None:
    try:
        return json.loads(stamp.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def is_up_to_date(path, out_dir, params: dict, article_id: str | None = None) -> bool:
    out = outputs_for(path, out_dir, article_id)
    stamp = read_stamp(out.stamp)
    if not stamp or stamp.get("status") != "done" or stamp.get("fingerprint") != fingerprint(path, params):
        return False
    return all(p.exists() for p in (out.ipynb, out.html, out.record))


def _failure_reason(exc: BaseException) -> str:
    ename, evalue = getattr(exc, "ename", None), getattr(exc, "evalue", None)
    if ename is not None:
        if ename in ("ArticleError", "ParameterError"):
            return str(evalue)
        where = f" (notebook cell [{exc.exec_count}])" if getattr(exc, "exec_count", None) else ""
        return f"{ename}: {evalue}{where}"
    first = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {first[0] if first else ''}".rstrip(": ")


def _failed_notebook(reason: str) -> str:
    """A stand-in notebook for a run that failed before papermill wrote one (e.g. no kernel)."""
    import nbformat
    nb = nbformat.read(str(NOTEBOOK), as_version=4)
    nb.cells.insert(0, nbformat.v4.new_markdown_cell(f"**The report could not be run:** {reason}"))
    return nbformat.writes(nb)


def _kernel_manager_class(log):
    """A kernel manager for report runs.

    - The kernel runs on this interpreter (the project's environment), even when a user-level
      "python3" kernelspec (``ipykernel install --user``) points at another Python without the
      project installed.
    - Its stderr goes to ``log``, not the terminal: ipykernel logs a transport warning at start and
      an interrupt at shutdown, which would break the progress bar.
    """
    from jupyter_client.manager import AsyncKernelManager

    class QuietKernelManager(AsyncKernelManager):
        async def _async_launch_kernel(self, kernel_cmd, **kw):
            if len(kernel_cmd) > 2 and kernel_cmd[1:3] == ["-m", "ipykernel_launcher"]:
                kernel_cmd = [sys.executable, *kernel_cmd[1:]]
            kw["stderr"] = log
            return await super()._async_launch_kernel(kernel_cmd, **kw)

    return QuietKernelManager


def _last_line(log) -> str:
    log.seek(0)
    lines = [ln.strip() for ln in log.read().decode("utf-8", "replace").splitlines()
             if ln.strip() and "without encryption" not in ln and "KeyboardInterrupt caught" not in ln]
    return lines[-1] if lines else ""


def _execute(nb_params: dict, ipynb: Path, notebook: Path = NOTEBOOK):
    """Run ``notebook`` into ``ipynb`` (written whole, also when the run fails). Returns (nb, error)."""
    import tempfile

    import nbformat
    import papermill as pm
    error = None
    with tempfile.TemporaryFile() as log, atomic_path(ipynb, suffix=".ipynb") as tmp:
        try:
            pm.execute_notebook(str(notebook), str(tmp), parameters=nb_params, progress_bar=False,
                                request_save_on_cell_execute=False, log_output=False,
                                execution_timeout=CELL_TIMEOUT,
                                kernel_manager_class=_kernel_manager_class(log))
        except Exception as e:  # the notebook's error (PapermillExecutionError) or a kernel failure
            error = e
            if getattr(e, "ename", None) is None:
                detail = _last_line(log)
                if detail:
                    e.args = (f"{e} (kernel: {detail})",) if e.args else (f"kernel: {detail}",)
            if not tmp.exists():
                tmp.write_text(_failed_notebook(_failure_reason(e)), encoding="utf-8")
        _make_reproducible(tmp, notebook, ipynb)
    nb = nbformat.read(str(ipynb), as_version=4)
    return nb, error


def _make_reproducible(executed: Path, notebook: Path, final: Path) -> None:
    """Rewrite the executed notebook so that identical runs give identical bytes.

    Papermill records the paths it was given (``input_path`` is kept as the notebook given,
    ``output_path`` becomes the final file, not the temporary one written first) and the time of
    each run: its start, end and duration (set to None, papermill's "not recorded") and the kernel's
    per-cell ``execution`` timestamps (dropped). The cells papermill adds (the injected parameters,
    the error notes of a failed run) get an id from their place instead of a random one.
    """
    import nbformat
    nb = nbformat.read(str(executed), as_version=4)
    untimed = {"start_time": None, "end_time": None, "duration": None}
    if "papermill" in nb.metadata:
        nb.metadata.papermill.update(input_path=str(notebook), output_path=str(final), **untimed)
    given_ids = {c.get("id") for c in json.loads(notebook.read_text(encoding="utf-8"))["cells"]}
    for i, cell in enumerate(nb.cells):
        cell.metadata.pop("execution", None)
        if "papermill" in cell.metadata:
            cell.metadata.papermill.update(untimed)
        if cell.get("id") not in given_ids:
            cell.id = f"papermill-{i}"
    nbformat.write(nb, str(executed))


@lru_cache(maxsize=1)
def _html_exporter():
    """nbconvert with the project's template (``analysis/templates/framing``): the lab template
    without its CDN scripts (require.js, MathJax, mermaid, widgets), so a page requests nothing
    from another host and typesets no math; code cells, prompts and the record cell hidden."""
    from nbconvert import HTMLExporter
    from nbconvert.preprocessors import TagRemovePreprocessor
    exporter = HTMLExporter(template_name="framing", extra_template_basedirs=[str(TEMPLATES)],
                            exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True)
    exporter.register_preprocessor(
        TagRemovePreprocessor(remove_cell_tags={"record", "parameters-check", "parameters", "injected-parameters"}), enabled=True)
    return exporter


_NO_ALT = 'alt="No description has been provided for this image"'


def to_html(nb, title: str) -> str:
    nb.metadata["title"] = title       # nbconvert's page <title>
    body, _ = _html_exporter().from_notebook_node(nb, resources={"metadata": {"name": title}})
    # nbconvert's lab template ignores an image's "alt" metadata: put each chart's description back
    alts = [(o.get("metadata") or {}).get("image/png", {}).get("alt") for c in nb.cells
            for o in c.get("outputs", []) if "image/png" in (o.get("data") or {})]
    for alt in alts:
        if alt and _NO_ALT in body:
            body = body.replace(_NO_ALT, f'alt="{esc(alt)}"', 1)
    nav = ('<nav style="font: 0.9em \'Helvetica Neue\', Arial, sans-serif; margin: 0.5em 1em;">'
           '<a href="index.html">← All reports</a></nav>')
    return body.replace("<main>", "<main>" + nav, 1)


def render_one(path, out_dir, parameters: dict | None = None, article_id: str | None = None) -> Outputs:
    """Render one article's report into ``out_dir`` under ``article_id`` (see ``outputs_for``); raises
    ReportFailed (after writing the failed notebook, its error alone, and a failure stamp) when the
    notebook fails."""
    from .notebook_record import record_of
    from .record import dumps

    path, out_dir = Path(path), Path(out_dir)
    article_id = article_id or article_ids([path])[0]
    out = outputs_for(path, out_dir, article_id)
    out.stamp.parent.mkdir(parents=True, exist_ok=True)
    params = effective_parameters(parameters)
    stamp = {"article": os.path.abspath(path), "fingerprint": fingerprint(path, params)}
    out.stamp.unlink(missing_ok=True)          # nothing counts as done until the new stamp is written

    nb, error = _execute({**params, "article_path": str(path)}, out.ipynb)
    record = None if error else record_of(nb)
    if error is None and record is None:
        error = RuntimeError("the notebook ran but stored no scores record")
    if error is not None:
        reason = _failure_reason(error)
        for stale in (out.html, out.record):
            stale.unlink(missing_ok=True)
        write_text(out.ipynb, _error_alone(nb, reason))
        write_failure_stamp(path, out_dir, params, reason, article_id)
        raise ReportFailed(path, reason)

    record["id"] = article_id          # the stem, unless it clashes in this run
    headline = (record.get("headline") or {}).get("text") or path.stem
    write_text(out.record, dumps(record) + "\n")
    write_text(out.html, to_html(nb, f"{' '.join(headline.split())} — framing report"))
    write_text(out.stamp, json.dumps({**stamp, "status": "done", "headline": " ".join(headline.split()),
                                      "scores": record["scores"]}, ensure_ascii=False, indent=1))
    return out


def _error_alone(nb, reason: str) -> str:
    """A failed run's notebook as the reader should see it: the reason first, then the cells that
    ran up to the one that failed (with its error), without papermill's banners and without the
    sections below, which never ran and would show as empty headings. The (empty) cell tagged
    "record" stays: it marks the notebook as an article report for the corpus tools."""
    import nbformat

    def tags(c):
        return set(c.get("metadata", {}).get("tags", []))
    cells = [c for c in nb.cells if "papermill-error-cell-tag" not in tags(c)]
    failed = next((i for i, c in enumerate(cells)
                   if any(o.get("output_type") == "error" for o in c.get("outputs", []))), None)
    ran = cells[: failed + 1] if failed is not None else \
        [c for c in cells if {"parameters", "injected-parameters"} & tags(c)]
    note = nbformat.v4.new_markdown_cell(f"<p><b>The report could not be made:</b> {esc(reason)}</p>")
    note.id = "report-failed"
    nb.cells = [note, *ran, *(c for c in cells if "record" in tags(c) and c not in ran)]
    return nbformat.writes(nb)


def write_failure_stamp(path, out_dir, params: dict, reason: str, article_id: str | None = None) -> None:
    out = outputs_for(path, out_dir, article_id)
    out.stamp.parent.mkdir(parents=True, exist_ok=True)
    write_text(out.stamp, json.dumps({"article": os.path.abspath(path), "fingerprint": fingerprint(path, params),
                                      "status": "failed", "reason": reason}, ensure_ascii=False, indent=1))


def _render_task(path: str, out_dir: str, parameters: dict, article_id: str) -> tuple[str, str, str]:
    """Worker: ("done", path, "") or ("failed", path, reason); never raises."""
    try:
        render_one(path, out_dir, parameters, article_id)
        return "done", path, ""
    except ReportFailed as e:
        return "failed", path, e.reason
    except Exception as e:  # an error of the renderer itself: report it with the article
        return "failed", path, _failure_reason(e)


def _mp_context():
    """Worker processes: forked where that is safe (POSIX, no other thread running), which also works
    from a script without an ``if __name__ == "__main__"`` guard; spawned otherwise (e.g. in Jupyter)."""
    import multiprocessing
    import threading
    if "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


def render_reports(paths: list, out_dir, jobs: int = 1, parameters: dict | None = None,
                   progress: bool = True) -> Summary:
    """Render a report for each article, ``jobs`` at a time; skip those up to date; write the index.

    Before any work: the parameters are checked (ValueError) and so is the output folder, which is
    made if missing (its parent must exist) and locked for this run (atomic.OutputError, saying why).
    """
    params = effective_parameters(parameters)
    out_dir = check_output_folder(out_dir)
    with folder_lock(out_dir, "framing report"):
        summary = _render_batch(list(dict.fromkeys(map(Path, paths))), out_dir, jobs, params, progress)
    if progress:
        print(f"framing report: {summary}", file=sys.stderr)
    return summary


def _render_batch(paths: list[Path], out_dir: Path, jobs: int, params: dict, progress: bool) -> Summary:
    (out_dir / STAMPS).mkdir(exist_ok=True)
    remove_stale_temporaries(out_dir)
    remove_stale_temporaries(out_dir / STAMPS)
    summary = Summary()
    ids = dict(zip(paths, article_ids(paths)))
    todo = []
    for p in paths:
        (summary.skipped if is_up_to_date(p, out_dir, params, ids[p]) else todo).append(p)

    bar = None

    def start_bar():
        nonlocal bar
        if progress and todo and bar is None:
            from tqdm import tqdm
            bar = tqdm(total=len(todo), unit="article", desc="Rendering reports", file=sys.stderr)

    def collect(status, p, reason):
        if status == "done":
            summary.done.append(Path(p))
        else:
            summary.failed.append((Path(p), reason))
        if bar is not None:
            bar.update(1)

    try:
        if jobs <= 1 or len(todo) <= 1:
            start_bar()
            for p in todo:
                collect(*_render_task(str(p), str(out_dir), params, ids[p]))
        else:
            from concurrent.futures import ProcessPoolExecutor, as_completed

            from .engines import end_with_parent, stop_pool
            with ProcessPoolExecutor(max_workers=min(jobs, len(todo)), mp_context=_mp_context(),
                                     initializer=end_with_parent, initargs=(os.getpid(),)) as pool:
                futures = {pool.submit(_render_task, str(p), str(out_dir), params, ids[p]): p for p in todo}
                start_bar()
                try:
                    for fut in as_completed(futures):
                        try:
                            collect(*fut.result())
                        except Exception as e:  # a worker that died (killed, out of memory)
                            reason = ("its worker process stopped abruptly (killed, or out of memory); rerun to retry"
                                      if type(e).__name__ == "BrokenProcessPool"
                                      else f"its worker process failed ({_failure_reason(e)}); rerun to retry")
                            p = futures[fut]
                            write_failure_stamp(p, out_dir, params, reason, ids[p])
                            collect("failed", p, reason)
                except BaseException:   # Ctrl-C: end the workers now, a rerun redoes their articles
                    stop_pool(pool)
                    raise
    finally:
        if bar is not None:
            bar.close()
        summary.index = write_index(out_dir, [ids[p] for p in paths])
    order = {str(p): i for i, p in enumerate(paths)}
    summary.done.sort(key=lambda p: order.get(str(p), 0))
    summary.failed.sort(key=lambda t: order.get(str(t[0]), 0))
    return summary


def render_validation(out_dir, parameters: dict | None = None) -> Path:
    """Run ``notebooks/validation.ipynb`` into ``OUT/validation.ipynb`` and ``OUT/validation.html``
    (the page every report's methods section links to). Raises ReportFailed when it fails, and
    atomic.OutputError, before any work, when the folder cannot be written."""
    out_dir = check_output_folder(out_dir)
    ipynb, html = out_dir / "validation.ipynb", out_dir / VALIDATION_PAGE
    nb, error = _execute(dict(parameters or {}), ipynb, notebook=VALIDATION_NOTEBOOK)
    if error is not None:
        html.unlink(missing_ok=True)
        raise ReportFailed(ipynb, _failure_reason(error))
    write_text(html, to_html(nb, "How far can you trust the numbers? — framing validation"))
    if (out_dir / "index.html").exists():      # the index now links the page instead of saying how to make it
        write_index(out_dir)
    return html


# --------------------------------------------------------------------------------------------
# The index page

INDEX_CSS = """
body { font-family: 'Helvetica Neue', Arial, sans-serif; margin: 2em auto; max-width: 75em; color: #222; padding: 0 1em; }
table { border-collapse: collapse; width: 100%; font-size: 0.92em; }
th, td { border-bottom: 1px solid #ddd; padding: 6px 8px; text-align: left; vertical-align: top; }
th { background: #f3f3f3; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr.failed td { background: #fff4f4; }
.reason { color: #b2182b; }
.file { color: #666; font-size: 0.85em; }
"""


def write_index(out_dir, current: list[str] = ()) -> Path:
    """``out_dir/index.html``: each article with a stamp in ``out_dir``, linked, with its scores or its
    error: those of this run (ids ``current``) and those of earlier runs whose input file still
    exists (a report whose article was deleted or moved stays in the folder, unlisted)."""
    out_dir = Path(out_dir)
    stamps = []
    for f in sorted((out_dir / STAMPS).glob("*.json")):
        s = read_stamp(f)
        if s and (f.stem in current or Path(s.get("article", "")).is_file()):
            stamps.append((f.stem, s))
    rows, n_done, n_failed = [], 0, 0
    for stem, s in stamps:
        href = esc(quote(stem))
        if s.get("status") == "done" and (out_dir / f"{stem}.html").exists():
            n_done += 1
            sc = s.get("scores", {})
            rows.append(
                f"<tr><td><a href='{href}.html'>{esc(s.get('headline') or stem)}</a>"
                f"<div class='file'>{esc(stem)} · <a href='{href}.ipynb'>notebook</a> · "
                f"<a href='{href}.record.json'>record</a></div></td>"
                f"<td class='num'>{sc.get('loaded_language_per_100_words', 0):.2f}</td>"
                f"<td class='num'>{sc.get('attributions_per_100_words', 0):.2f}</td>"
                f"<td class='num'>{sc.get('quote_share', 0):.1%}</td></tr>")
        elif s.get("status") == "failed":
            n_failed += 1
            nb = (f" · <a href='{href}.ipynb'>failed notebook</a>"
                  if (out_dir / f"{stem}.ipynb").exists() else "")
            rows.append(f"<tr class='failed'><td><b>{esc(stem)}</b> — failed{nb}"
                        f"<div class='reason'>{esc(s.get('reason', 'unknown error'))}</div></td>"
                        "<td colspan='3'></td></tr>")
    page = (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        "<title>Article reports — framing</title>"
        f"<style>{INDEX_CSS}</style></head><body><h1>Article reports</h1>"
        f"<p>{n_done} report{'s' if n_done != 1 else ''}"
        + (f", <span class='reason'>{n_failed} failed</span>" if n_failed else "")
        + f". Scores as defined in each report; {_validation_link(out_dir)}. framing-notebooks {__version__}.</p>"
        "<table><tr><th>Article</th><th>Loaded language<br>per 100 words</th>"
        "<th>Attributions<br>per 100 words</th><th>Quote share</th></tr>"
        + "".join(rows) + "</table></body></html>\n")
    index = out_dir / "index.html"
    write_text(index, page)
    return index


def _validation_link(out_dir: Path) -> str:
    """A link to the validation page beside the reports, or how to make it."""
    if (out_dir / VALIDATION_PAGE).exists():
        return f"<a href='{VALIDATION_PAGE}'>validation report</a>"
    return (f"how far they can be trusted: <code>framing validation --out {esc(str(out_dir))}</code> "
            "writes the validation report here")
