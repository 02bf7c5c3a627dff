"""The per-article report: everything the report notebook (``notebooks/article_report.ipynb``)
shows, computed here so the notebook's cells are one call each. Each method of ``ArticleReport``
returns an object Jupyter displays (HTML or a PNG chart). It runs inside the report's kernel;
rendering many reports (papermill, nbconvert, stamps) is ``analysis.run.render``.
"""
from __future__ import annotations

import os
from collections import Counter
from pathlib import Path

from .. import __version__
from ..text.document import load
from .highlight import (CSS, article_html, category_colours, esc, legend_html, marks_of,
                        render_range)
from ..detectors.loaded import DEFAULT_THRESHOLD
from ..text.reading import ArticleError
from ..pipeline import Analysis, analyze
from ..scores import SCORES, breakdown
from ..summaries import NO_SPEAKER, quoted_speakers
from .index import VALIDATION_PAGE
from .wording import plural
from ..notebooks import ROOT, _parameters_cell_names, notebook_defaults




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
        from ..reference import percentiles
        return percentiles(scores) or {}
    except Exception:  # reference figures not available: show no context rather than fail
        return {}


def _describe(name: str, pct: float) -> str:
    """A percentile in words, e.g. "84th percentile of 840 news articles"."""
    try:
        from ..reference import describe
        return describe(name, pct)
    except Exception:
        return f"percentile {round(pct)}"


def _reference_count() -> int:
    try:
        from ..reference import reference_count
        return reference_count()
    except Exception:
        return 0


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
        from ..record import to_record
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
        for score in SCORES:
            name, p = score.name, self.percentiles.get(score.name)
            rows.append(f"<tr><td>{score.label}</td><td class='num'><b>{score.format(self.scores[name])}</b></td>"
                        f"<td class='num'>{counted[name]}</td>"
                        f"<td>{esc(_describe(name, p)) if p is not None else '—'}</td>"
                        f"<td>{esc(score.definition)}</td></tr>")
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
            from ..detectors.sentiment import sentence_sentiments
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
        from ..notebook_record import display_record
        display_record(self.record)


