"""The comparison notebook's tables and blocks (``notebooks/corpus_comparison.ipynb``).

Every table is a pandas DataFrame rendered with its Styler (``html_table``): cells formatted and
escaped here, numbers set right, a long table in a scrolling box, and an id for its styles taken
from its contents, so a rerun gives the same bytes. Blocks that are not tables (what was loaded,
two columns side by side) are macros of ``templates/corpus.html.j2``. The data comes from
``analysis.corpus`` (the table, two articles compared) and ``analysis.compare`` (groups compared).
"""
from __future__ import annotations

import hashlib
import html
import math
import re
from functools import partial

import pandas as pd

from ..corpus import LABELS, compare, provenance, score_rows, split_errors
from ..loaded_models import loaded_model_of
from ..scores import SCORE_NAMES
from ..summaries import attribution_density, reporting_verbs, sources, voice_groups
from .glossary import for_page
from .templating import Markup, macro, render

SCROLL_ROWS = 25   # tables longer than this scroll in a box
_html = partial(macro, "corpus.html.j2")


def _cell(v) -> str:
    """A value as a table shows it, escaped."""
    if isinstance(v, float):
        text = "" if math.isnan(v) else f"{v:.4g}" if v else "0"
    elif isinstance(v, dict):   # shares, e.g. source types
        text = ", ".join(f"{k} {round(100 * x)}%" if isinstance(x, float) else f"{k} {x}" for k, x in v.items())
    else:
        text = "" if v is None else str(v)
    return html.escape(text, quote=True)


def _numeric(values: pd.Series) -> bool:
    return pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values)


def html_table(data, columns=None, headers: dict | None = None, empty: str = "none found") -> Markup:
    """A table of rows (dicts) or of a DataFrame (its named index a column), with the Styler; every
    value is escaped, so article text shows as text. ``columns``: which, in order; ``headers``: their
    headings (default: the scores' column names, ``corpus.LABELS``)."""
    df = data.reset_index() if isinstance(data, pd.DataFrame) else pd.DataFrame(list(data))
    if df.empty:
        return Markup(f"<p><em>{html.escape(empty)}</em></p>")
    columns = list(columns or df.columns)
    df = df.reindex(columns=columns)
    names = {**LABELS, **(headers or {})}
    shown = df.map(_cell)
    shown.columns = [html.escape(str(names.get(c, c))) for c in columns]
    styles = [{"selector": f"th.col{i}, td.col{i}",
               "props": "text-align:" + ("right" if _numeric(df[c]) else "left") + (";min-width:14em" if c == "id" else "")}
              for i, c in enumerate(columns)]
    uuid = hashlib.sha256(pd.util.hash_pandas_object(shown, index=False).values.tobytes()
                          + "\t".join(shown.columns).encode()).hexdigest()[:10]
    table = _labelled(shown.style.set_uuid(uuid).hide(axis="index").set_table_styles(styles).to_html(),
                      list(shown.columns))
    if len(df) > SCROLL_ROWS:
        table = f"<div style='max-height:36em;overflow-y:auto;border:1px solid #ddd'>{table}</div>"
    return Markup(table)


_DATA_CELL = re.compile(r'<td (id="[^"]*" )?class="data row\d+ col(\d+)"')


def _labelled(table: str, headings: list[str]) -> str:
    """Each data cell of a Styler table with its column's heading as ``data-label`` (already
    escaped), which a phone-width page shows before the value when the table reads as cards."""
    return _DATA_CELL.sub(lambda m: f'{m[0]} data-label="{headings[int(m[2])]}"', table)


def side_by_side(left: str, right: str, titles: tuple[str, str]) -> Markup:
    """Two HTML fragments in two columns under escaped titles."""
    return _html("side_by_side")(Markup(left), Markup(right), titles)


def short_id(article_id: str, width: int = 24) -> str:
    return article_id if len(article_id) <= width else article_id[: width - 1] + "…"


def overview_html(source, records: list[dict]) -> Markup:
    """What was loaded: how many articles, from where, which failed and why, versions behind the scores."""
    good, bad = split_errors(records)
    prov = provenance(good)
    return _html("overview")(str(source), good, bad, prov["versions"], [str(t) for t in prov["thresholds"]], prov["loaded_models"])


# -- two articles side by side ----------------------------------------------------------------
def headline(record: dict) -> str:
    h = record.get("headline")
    return h["text"] if h else record["id"]


def pair_header_html(a: dict, b: dict) -> str:
    """Who is A and who is B: ids and headlines."""
    rows = [{"": "A", "article": a["id"], "headline": headline(a)},
            {"": "B", "article": b["id"], "headline": headline(b)}]
    return html_table(rows)


def pair_scores_html(a: dict, b: dict) -> str:
    """The two articles' scores side by side, with each score's percentile among the reference articles."""
    from ..reference import percentiles, reference_count, whole_percentile
    pa, pb = percentiles(a["scores"], loaded_model_of(a)), percentiles(b["scores"], loaded_model_of(b))
    rows = score_rows(a, b)
    names = {LABELS[n]: n for n in SCORE_NAMES}
    for r in rows:
        n = names.get(r["measure"])
        r["a_pct"] = None if n is None or pa[n] is None else whole_percentile(pa[n])
        r["b_pct"] = None if n is None or pb[n] is None else whole_percentile(pb[n])
    n_ref = reference_count()
    return html_table(rows, ["measure", "a", "a_pct", "b", "b_pct"],
                      headers={"a": "A", "b": "B", "a_pct": f"A: percentile ({n_ref} news articles)",
                               "b_pct": f"B: percentile ({n_ref} news articles)"})


def _pair(left_rows, right_rows, a, b, columns, empty) -> str:
    return side_by_side(html_table(left_rows, columns, empty=empty), html_table(right_rows, columns, empty=empty),
                        (f"A: {short_id(a['id'], 40)}", f"B: {short_id(b['id'], 40)}"))


def loaded_terms_html(a: dict, b: dict) -> str:
    c = compare(a, b)
    return (_html("shared")("In both", c["loaded_shared"])
            + _pair(*c["loaded_terms"], a, b, ["term", "category", "count", "own_voice"], "no loaded language flagged"))


def speakers_html(a: dict, b: dict) -> str:
    c = compare(a, b)
    return (_html("shared")("Quoted in both", c["speakers_shared"])
            + _pair(*c["speakers"], a, b, ["speaker", "quotes", "words", "share_of_article"], "no direct quotations")
            + _pair(voice_groups(a), voice_groups(b), a, b, None, "no sources grouped (none, or a record before voices)"))


def verbs_html(a: dict, b: dict) -> str:
    return _pair(reporting_verbs(a), reporting_verbs(b), a, b, ["cue", "kind", "count"], "no reporting cues found")


def density_html(a: dict, b: dict) -> str:
    """Per article: attributions per 100 words and per sentence, source types, then who the sources are."""
    cols = ["attributions", "attributions_per_100_words", "attributions_per_sentence", "source_types"]
    left, right = ([html_table([attribution_density(r)], cols, empty="no attributions")
                    + html_table(sources(r), ["source", "type", "attributions"], empty="no attributions")]
                   for r in (a, b))
    return side_by_side(left[0], right[0], (f"A: {short_id(a['id'], 40)}", f"B: {short_id(b['id'], 40)}"))


# -- groups compared (analysis.compare) -------------------------------------------------------
def _interval(low: float, high: float) -> str:
    return f"[{low:.4g}, {high:.4g}]"


def _p(p: float) -> str:
    return "< 0.001" if p < 0.001 else f"{p:.3f}"


def groups_html(summary: pd.DataFrame) -> Markup:
    """Per score and group (``compare.summarize``): articles, mean and median with their 95% intervals."""
    rows = [{"score": LABELS[r.score], "group": r.group, "articles": r.articles,
             "mean": r.mean, "mean_ci": _interval(r.mean_low, r.mean_high),
             "median": r.median, "median_ci": _interval(r.median_low, r.median_high)} for r in summary.itertuples()]
    return html_table(rows, headers={"mean_ci": "mean: 95% interval", "median_ci": "median: 95% interval"},
                      empty="no groups")


def differences_html(diffs: pd.DataFrame) -> Markup:
    """Per score and group (``compare.differences``): the difference in means with its interval, whether
    the interval excludes zero, Cliff's delta and the permutation p-value."""
    rows = [{"score": LABELS[r.score], "group": r.group, "versus": r.versus, "articles": f"{r.articles} vs {r.others}",
             "mean": r.mean, "other_mean": r.other_mean, "difference": r.difference,
             "ci": _interval(r.low, r.high), "excludes_zero": "yes" if r.low > 0 or r.high < 0 else "no",
             "delta": r.cliffs_delta, "p": _p(r.p)} for r in diffs.itertuples()]
    return html_table(rows, headers={"other_mean": "mean (versus)", "difference": "difference in means",
                                     "ci": "95% interval", "excludes_zero": "interval excludes 0",
                                     "delta": "Cliff's delta", "p": "p (permutation)"},
                      empty="one group only: nothing to compare it with")


def terms_html(terms: pd.DataFrame) -> Markup:
    """The terms that most distinguish each group (``compare.distinguishing``), with their z-scores."""
    return html_table(terms, ["group", "term", "count", "other_count", "log_odds", "z"],
                      headers={"count": "count in group", "other_count": "count elsewhere",
                               "log_odds": "log-odds ratio"}, empty="none in any group")


def glossary_html(*shown: str) -> Markup:
    """The comparison page's glossary (``views.glossary``): the terms its text links to, and every
    term its text or the tables ``shown`` speak of."""
    from ..notebooks import COMPARISON_NOTEBOOK
    return render("glossary.html.j2", entries=for_page(COMPARISON_NOTEBOOK, *shown))
