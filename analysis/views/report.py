"""The per-article report: everything the report notebook (``notebooks/article_report.ipynb``)
shows, computed here so the notebook's cells are one call each. Each method of ``ArticleReport``
returns an object Jupyter displays (HTML or a PNG chart). It runs inside the report's kernel;
rendering many reports (papermill, nbconvert, stamps) is ``analysis.run.render``.
"""
from __future__ import annotations

import os
from collections import Counter
from functools import partial

from ..errors import UserError
from ..version import __version__
from ..text.document import from_raw
from .highlight import article_html, category_colours, legend_html, marks_of, render_range
from ..detectors.loaded import (DEFAULT_MODEL, ModelError, ThresholdError, check_model as check_loaded_model,
                                check_threshold as check_loaded_threshold)
from ..text.reading import ArticleError, read_article
from ..text.rows import Columns
from ..pipeline import Analysis, analyze
from ..scores import SCORES, breakdown
from ..summaries import NO_SPEAKER, quoted_speakers
from ..voices import SHARES, rows as voice_rows, voices
from . import trust
from .glossary import (entries as glossary_entries, markdown_of, spoken_of as glossary_spoken_of,
                       terms_of as glossary_terms_of, used_in as glossary_used_in)
from .index import VALIDATION_PAGE
from .templating import Markup, macro, render
from .wording import reasons_in_words
from ..notebooks import _parameters_cell_names, from_repository, notebook_defaults




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


class ParameterError(UserError, ValueError):
    """A notebook parameter with a value the report cannot use."""


def resolve_article_path(article_path) -> str:
    """The article file a notebook parameter names.

    An absolute path, or a relative one that exists from the current folder, is used as given (so
    the record's ``path`` is what the user typed); otherwise, in a clone, a relative path is taken
    from the repository root (papermill may run the notebook with its folder ``notebooks/`` as current).
    """
    given = os.fspath(article_path)
    found = from_repository(given)
    return str(found) if found else given


def check_threshold(value, model: str | None = None) -> float:
    """The ``loaded_threshold`` parameter (None: the default of ``model``), else a readable ParameterError."""
    try:
        return check_loaded_threshold(value, model=model)
    except ThresholdError as e:
        raise _readable(ParameterError(f"loaded_threshold {e}")) from None


def check_model(value) -> str:
    """The ``loaded_model`` parameter (None: the default model), else a readable ParameterError
    (an unknown name, or a model that cannot run here)."""
    try:
        return check_loaded_model(value)
    except ModelError as e:
        raise _readable(ParameterError(f"loaded_model: {e}")) from None


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


def _percentiles(scores: dict, model: str = DEFAULT_MODEL) -> dict:
    try:
        from ..reference import percentiles
        return percentiles(scores, loaded_model=model) or {}
    except Exception:  # reference figures not available: show no context rather than fail
        return {}


def _describe(name: str, pct: float | None, model: str = DEFAULT_MODEL) -> str:
    """A percentile in words, e.g. "84th percentile of 840 news articles" (or why there is none)."""
    try:
        from ..reference import describe
        return describe(name, pct, loaded_model=model)
    except Exception:
        return f"percentile {round(pct)}"


def _reference_count(model: str = DEFAULT_MODEL) -> int:
    try:
        from ..reference import reference_count
        return reference_count(loaded_model=model)
    except Exception:
        return 0


def _no_reference(name: str, model: str) -> str | None:
    """Why score ``name`` has no reference figure for records of ``model``, or None when it has one
    (or has none for another reason)."""
    try:
        from ..reference import missing_reason
        return missing_reason(name, model)
    except Exception:
        return None


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
        self.loaded_model = analysis.loaded_model
        self.percentiles = _percentiles(self.scores, self.loaded_model)
        self._sentiments = None
        self._terms: set[str] = set()      # the glossary terms the sections shown so far link to

    @classmethod
    def open(cls, article_path, loaded_threshold=None, loaded_model=None, article_row=None,
             columns=None) -> "ArticleReport":
        """Read and analyse an article with the loaded-language model ``loaded_model`` (None: the
        default) at ``loaded_threshold`` (None: the model's own); a corpus file's row ``article_row``
        with its ``columns`` (``text.rows.Columns.of``); bad input raises an error whose message says
        what is wrong."""
        model = check_model(loaded_model)
        threshold = check_threshold(loaded_threshold, model)
        if article_path is None or not str(article_path).strip():
            raise _readable(ParameterError("article_path is not set: give the article file to analyse, "
                                           "e.g. -p article_path my_article.txt"))
        if str(article_path).strip() == "-":
            raise _readable(ParameterError("article_path '-' (standard input) is for the command line: give "
                                           "the report a file (.txt, .html, a corpus file with article_row) or an http(s) URL"))
        try:
            doc = from_raw(read_article(resolve_article_path(article_path), article_row, Columns.of(columns)))
        except ArticleError as e:
            raise _readable(e) from None
        return cls(analyze(doc, threshold=threshold, loaded_model=model))

    # -- headline and summary ------------------------------------------------------------------
    @property
    def headline(self) -> str:
        h = self.doc.headline
        return " ".join(h.text.split()) if h else self.doc.id

    def _context(self, name: str) -> dict | None:
        """Where a score stands among the reference articles, for the summary (None: no figures)."""
        p = self.percentiles.get(name)
        if p is None:
            missing = _no_reference(name, self.loaded_model)
            return {"where": missing, "level": None} if missing else None
        level = None
        if 0 < p < 100:              # at either end the description ("lower than in any ...") says it all
            level = "more than in most" if p >= 75 else "less than in most" if p <= 25 else "within the usual range of"
        return {"where": _describe(name, p, self.loaded_model), "level": level}

    def summary_items(self) -> list[Markup]:
        """The three scores in plain words (HTML list items)."""
        s, b = self.scores, self.breakdown
        speakers = [(r["speaker"], r["words"]) for r in quoted_speakers(self.record)]
        item = partial(macro, "report/summary.html.j2")
        return [
            item("loaded_item")(s, b, self.doc.words, self._context("loaded_language_per_100_words"),
                                trust.loaded(self.loaded_model, s["loaded_language_per_100_words"])),
            item("attribution_item")(s, b, b["cue_kinds"].get("evaluative", 0),
                                     self._context("attributions_per_100_words"),
                                     trust.attribution(s["attributions_per_100_words"])),
            item("quotation_item")(s, b, [(w, n) for w, n in speakers if w != NO_SPEAKER][:3],
                                   sum(n for w, n in speakers if w == NO_SPEAKER), self._context("quote_share"),
                                   trust.quotes(s["quote_share"])),
        ]

    def source(self) -> tuple[list[str], str]:
        """Where the article comes from, as far as its metadata says: the title (when it is not the
        headline), the outlet, "by" the author, the date; and its URL when it is an http(s) one (a
        link; any other is listed as text)."""
        m = self.doc.metadata
        title, author, url = m.get("title", ""), m.get("author", ""), m.get("url", "")
        linked = url if url.lower().startswith(("http://", "https://")) else ""
        items = [title if title != self.headline else "", m.get("outlet", ""), f"by {author}" if author else "",
                 m.get("date", ""), url if not linked else ""]
        return [x for x in items if x], linked

    def header(self) -> Html:
        source, url = self.source()
        return self._html(render("report/header.html.j2", headline=self.headline, doc=self.doc, source=source, url=url,
                           threshold=self.analysis.threshold, loaded_model=self.loaded_model, version=__version__,
                           items=self.summary_items()),
                    f"headline and summary: {self.headline}")

    # -- scores table --------------------------------------------------------------------------
    def scores_table(self) -> Html:
        rows = []
        for score in SCORES:
            p = self.percentiles.get(score.name)
            where = (_describe(score.name, p, self.loaded_model) if p is not None
                     else _no_reference(score.name, self.loaded_model))
            rows.append((score, self.scores[score.name], where))
        s = self.scores
        figures = {"loaded_language_per_100_words": trust.loaded(self.loaded_model, s["loaded_language_per_100_words"]),
                   "attributions_per_100_words": trust.attribution(s["attributions_per_100_words"]),
                   "attributions_per_sentence": trust.attribution(s["attributions_per_100_words"]),
                   "quote_share": trust.quotes(s["quote_share"])}
        return self._html(render("report/scores.html.j2", rows=rows, b=self.breakdown, doc=self.doc, trust=figures,
                           Markup=Markup), "table of the scores")

    # -- the article, marked -------------------------------------------------------------------
    def article(self) -> Html:
        not_quotations = [(" ".join(q.span.text.split()), "scare quote" if q.kind == "scare" else "title",
                           self.doc.paragraph_index(q.span.start) + 1)
                          for q in sorted(self.analysis.quotes, key=lambda q: q.span.start) if q.kind != "direct"]
        return self._html(render("report/article.html.j2", legend=legend_html(self.analysis),
                           article=Markup(article_html(self.analysis)), not_quotations=not_quotations),
                    "the article with highlights")

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
        rows = [(s.index, Markup(render_range(self.doc.text, s.span.start, s.span.end, marks, anchors=False)),
                 loaded_in.get(s.index, 0), s.subjectivity, s.polarity) for s in self.sentiments]
        return self._html(render("report/sentiment.html.j2", rows=rows), "subjectivity and polarity per sentence")

    # -- flagged items -------------------------------------------------------------------------
    def flagged_items(self) -> Html:
        loaded = sorted(self.analysis.loaded, key=lambda s: (s.span.start, s.span.end))
        page = partial(render, "report/flagged.html.j2", threshold=self.analysis.threshold)
        if not loaded:
            return self._html(page(categories=[], Markup=Markup))
        colours = category_colours(s.category for s in loaded)
        by_cat = Counter(s.category for s in loaded)
        items = {cat: [] for cat in by_cat}
        text = self.doc.text
        for i, s in enumerate(loaded, 1):
            sent = self.doc.sentences[self.doc.sentence_index(s.span.start)] if self.doc.sentences else s.span
            ctx_start, ctx_end = max(sent.start, s.span.start - 90), min(sent.end, s.span.end + 90)
            items[s.category].append({
                "n": i, "text": s.span.text, "voice": "quoted" if s.voice == "quoted" else "own voice",
                "confidence": s.confidence, "signals": reasons_in_words(s.signals),
                "paragraph": self.doc.paragraph_index(s.span.start) + 1,
                "before": text[ctx_start:s.span.start], "after": text[s.span.end:ctx_end],
                "cut_before": ctx_start > sent.start, "cut_after": ctx_end < sent.end})
        categories = [(cat, colours[cat], items[cat]) for cat, _ in sorted(by_cat.items(), key=lambda kv: (-kv[1], kv[0]))]
        return self._html(page(categories=categories, Markup=Markup), "flagged loaded language by category")

    # -- who is quoted ------------------------------------------------------------------------
    def voices(self) -> Html:
        """Who gets a voice: the shares of the quoted words by kind of source, and the sources by group."""
        field = self.breakdown.get("voices") or voices(self.analysis)
        shares = {k: (label, field["shares"].get(k)) for k, label in SHARES.items()}
        return self._html(render("report/voices.html.j2", rows=voice_rows(field), shares=shares,
                           quoted_words=field["quoted_words"]), "who is quoted: sources by group")

    # -- sources and cues ----------------------------------------------------------------------
    def sources(self) -> Html:
        attrs = self.analysis.attributions
        if not attrs:
            return self._html(render("report/sources.html.j2", attributions=[]))
        n = len(attrs)
        types = Counter(a.source_type for a in attrs)
        examples: dict[str, list[str]] = {}
        for a in attrs:
            if a.source is not None:
                ex = examples.setdefault(a.source_type, [])
                t = _label_of(a)
                if t not in ex:
                    ex.append(t)
        kinds = Counter(a.cue_kind for a in attrs)
        rows = [{"source": _label_of(a),
                 "description": " ".join(a.description.text.split()) if a.description is not None else None,
                 "unresolved": a.resolved is False,
                 "refers_to": a.refers_to.text if a.refers_to is not None else None,
                 "type": a.source_type, "cue": a.cue.text, "kind": a.cue_kind,
                 "content": _excerpt(a.content.text) if a.content is not None else None}
                for a in sorted(attrs, key=lambda a: a.cue.start)]
        return self._html(render(
            "report/sources.html.j2", attributions=rows,
            types=[(t, c, c / n, examples.get(t, [])[:5]) for t, c in sorted(types.items(), key=lambda kv: (-kv[1], kv[0]))],
            n_evaluative=kinds.get("evaluative", 0), n_neutral=kinds.get("neutral", 0),
            evaluative_share=self.breakdown.get("evaluative_cue_share", kinds.get("evaluative", 0) / n),
            evaluative_cues=sorted({a.cue_lemma or a.cue.text for a in attrs if a.cue_kind == "evaluative"})),
            "sources and attribution cues")

    # -- methods -------------------------------------------------------------------------------
    def methods(self) -> Html:
        return self._html(render("report/methods.html.j2", threshold=self.analysis.threshold,
                           loaded_model=self.loaded_model,
                           default_model=DEFAULT_MODEL, reference_count=_reference_count(self.loaded_model),
                           loaded_reference_missing=bool(_no_reference("loaded_language_per_100_words",
                                                                       self.loaded_model)),
                           validation_page=VALIDATION_PAGE, version=__version__, sha256=self.doc.sha256,
                           loaded_trust=trust.loaded(self.loaded_model, self.scores["loaded_language_per_100_words"]),
                           attribution_trust=trust.attribution(self.scores["attributions_per_100_words"]),
                           quote_trust=trust.quotes(self.scores["quote_share"])),
                    "methods and caveats")

    # -- glossary --------------------------------------------------------------------------------
    def _html(self, html, label: str = "report section (HTML)") -> Html:
        self._terms.update(glossary_terms_of(html))      # the terms it links to or speaks of
        return Html(html, label)

    def glossary(self) -> Html:
        """The glossary at the report's end: every term the sections shown before it link to, and
        those the notebook's own text links to (all sections' terms when none was shown yet)."""
        if not self._terms:
            for section in (self.header, self.scores_table, self.article, self.sentiment_table,
                            self.flagged_items, self.voices, self.sources, self.methods):
                section()
        text = _notebook_text()
        ids = self._terms | set(glossary_used_in(*text)) | set(glossary_spoken_of(*text))
        return Html(render("glossary.html.j2", entries=glossary_entries(ids)), "glossary")

    # -- the record ----------------------------------------------------------------------------
    def record_cell(self) -> None:
        from ..notebook_record import display_record
        display_record(self.record)


def _notebook_text() -> list[str]:
    """The text of the report notebook's markdown cells (the glossary links they make)."""
    from ..notebooks import NOTEBOOK
    return markdown_of(NOTEBOOK)


def _label_of(a) -> str | None:
    """What a reader is shown as an attribution's source: its label (the noun phrase naming it,
    without apposition or clause), else the source as written; None when there is no source."""
    span = a.label if a.label is not None else a.source
    return None if span is None else " ".join(span.text.split())
