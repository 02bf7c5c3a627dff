"""A corpus of scored articles: load the records, tabulate, rank and compare two articles.

Records come from wherever they already are, so nothing is scored twice:

- a scores JSONL written by ``framing score ... --jsonl OUT``;
- a folder of executed reports (``framing report ... --out DIR``): the ``<stem>.record.json``
  beside each notebook, or the record stored in the ``.ipynb`` itself;
- a folder of ``.txt`` articles: scored now (``analysis.run.engines``), except those that a record
  in the same folder already covers with the same file contents (sha256).
Records of different loaded-language models are refused unless ``allow_mixed=True`` (``loaded_models``).

Everything here is plain data (lists of dicts) so the comparison notebook stays short; the
``frame`` helper turns a table into a pandas DataFrame when pandas is installed.
"""
from __future__ import annotations

import hashlib
import json
from functools import partial
from pathlib import Path

from .errors import UserError
from .loaded_models import MixedModelsError, check_one_model, loaded_model_of, model_counts, pair_note  # noqa: F401
from .notebooks import from_repository
from .run.paths import article_ids
from .record import error_record
from .scores import SCORE_NAMES, SCORES
from .summaries import (NO_SPEAKER, attribution_density, last_word, loaded_terms, quoted_speakers,  # noqa: F401
                        reporting_verbs, sources, voice_groups, word_count)   # (re-exported: part of this module's API)
from .views.templating import Markup, macro

RECORD_MIME = "application/vnd.framing.record+json"
RECORD_SUFFIX = ".record.json"

# How each score is headed in tables and charts.
LABELS = {
    **{s.name: s.column for s in SCORES},
    "loaded_own_voice_per_100_words": "loaded, own voice / 100 words",
    "direct_quotes": "direct quotations",
    "share_of_article": "share of article",
    "own_voice": "own voice",
    "source_types": "source types",
    "loaded_model": "loaded-language model",
}
SCROLL_ROWS = 25   # tables longer than this scroll in a box
_html = partial(macro, "corpus.html.j2")   # the tables and blocks of the notebook (views/templates/corpus.html.j2)


class CorpusError(UserError):
    """A source that cannot be read as a corpus; the message says what to give instead."""


# -- loading ---------------------------------------------------------------------------------
def resolve_source(source: str | Path) -> Path:
    """The path as given, or else (in a clone) from the repository root, so ``"seeds"`` works anywhere."""
    return from_repository(source) or Path(source).expanduser()


def read_jsonl(path: str | Path) -> list[dict]:
    """Records from a scores JSONL (blank lines skipped; a broken line is a clear error)."""
    out = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as e:
                raise CorpusError(f"{path}, line {n}: not a JSON record ({e.msg}); "
                                  "give a file written by `framing score --jsonl`") from None
            if not isinstance(rec, dict) or "id" not in rec:
                raise CorpusError(f"{path}, line {n}: not a scores record (no \"id\")")
            out.append(rec)
    return out


def _unwrap(obj) -> dict | None:
    if isinstance(obj, dict) and "id" in obj and ("scores" in obj or "error" in obj):
        return obj
    if isinstance(obj, dict) and isinstance(obj.get("record"), dict):
        return _unwrap(obj["record"])
    return None


def read_record_file(path: str | Path) -> dict | None:
    """The record in a ``<stem>.record.json`` file, or None if it holds none."""
    try:
        return _unwrap(json.loads(Path(path).read_text(encoding="utf-8")))
    except (OSError, json.JSONDecodeError):
        return None


def read_notebook_record(path: str | Path) -> dict | None:
    """The record stored in an executed report notebook, or None if it holds none."""
    try:
        nb = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return None
    try:
        from .notebook_record import record_of
    except ImportError:
        record_of = None
    if record_of is not None:
        return _unwrap(record_of(nb))
    # The stored form: a display output of mimetype RECORD_MIME (in the cell tagged "record").
    for cell in nb.get("cells", []):
        for output in cell.get("outputs", []) if cell.get("cell_type") == "code" else []:
            data = output.get("data", {}).get(RECORD_MIME)
            if isinstance(data, str):
                try:
                    data = json.loads(data)
                except json.JSONDecodeError:
                    continue
            rec = _unwrap(data)
            if rec is not None:
                return rec
    return None


def _is_report_notebook(path: Path) -> bool:
    """A notebook with a cell tagged "record" (the article report), as opposed to any other notebook."""
    try:
        nb = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return False
    return any("record" in c.get("metadata", {}).get("tags", []) for c in nb.get("cells", []))


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def read_folder(folder: Path, jobs: int = 1, engine: str = "local", loaded_model: str | None = None) -> list[dict]:
    """Records of a folder: stored records (reports) first, then the articles no record (of ``loaded_model``) covers."""
    records: dict[str, dict] = {}
    for p in sorted(folder.rglob("*" + RECORD_SUFFIX)):
        rec = read_record_file(p)
        if rec is not None:
            records.setdefault(rec["id"], rec)
    failed: dict[str, dict] = {}
    for p in sorted(folder.rglob("*.ipynb")):
        if ".ipynb_checkpoints" in p.parts or p.stem in records:
            continue
        rec = read_notebook_record(p)
        if rec is not None:
            records.setdefault(rec["id"], rec)
        elif _is_report_notebook(p):   # a report whose run failed: say so rather than drop it silently
            failed[p.stem] = error_record(str(p), p.stem, f"{p}: holds no scores record (its run may have "
                                          "failed; open the notebook to see the error)")
    articles = sorted(f for f in folder.iterdir() if f.suffix == ".txt" and f.is_file())
    ids = dict(zip(articles, article_ids(articles)))   # as `framing score`/`report` of the folder name them
    to_score = []
    for a in articles:
        rec = records.get(ids[a])
        if rec is None or rec.get("sha256") != _sha256(a) or loaded_model not in (None, loaded_model_of(rec)):
            to_score.append(a)          # not scored yet, the article changed since, or another model
    if to_score:
        from .run.engines import score_paths
        for rec in score_paths(to_score, engine=engine, jobs=jobs, ids=[ids[a] for a in to_score], loaded_model=loaded_model):
            records[rec["id"]] = rec
    for stem, rec in failed.items():
        records.setdefault(stem, rec)
    if not records:
        raise CorpusError(f"{folder}: no articles (.txt), report notebooks (.ipynb) or records "
                          f"({RECORD_SUFFIX}) in it")
    return sorted(records.values(), key=lambda r: r["id"])


def load_records(source: str | Path, jobs: int = 1, engine: str = "local", loaded_model: str | None = None,
                 allow_mixed: bool = False) -> list[dict]:
    """Every record of a source: a scores JSONL, a folder of reports or articles, or one article (those
    without a record scored with ``loaded_model``); a mix of models refused unless ``allow_mixed``."""
    return check_one_model(_load(source, jobs, engine, loaded_model), allow_mixed, source)


def _load(source, jobs: int, engine: str, loaded_model: str | None) -> list[dict]:
    path = resolve_source(source)
    if not path.exists():
        raise CorpusError(f"{source}: no such file or folder (give a folder of articles, a scores "
                          "JSONL, or a folder of executed reports)")
    if path.is_dir():
        return read_folder(path, jobs=jobs, engine=engine, loaded_model=loaded_model)
    if path.suffix in (".jsonl", ".json") and not path.name.endswith(RECORD_SUFFIX):
        return read_jsonl(path)
    if path.name.endswith(RECORD_SUFFIX):
        rec = read_record_file(path)
    elif path.suffix == ".ipynb":
        rec = read_notebook_record(path)
    else:
        from .run.engines import score_paths
        [rec] = score_paths([path], loaded_model=loaded_model)        # with the id `framing score` gives it
    if rec is None:
        raise CorpusError(f"{source}: holds no scores record")
    return [rec]


def split_errors(records: list[dict]) -> tuple[list[dict], list[dict]]:
    """(scored records, error records)."""
    good = [r for r in records if "error" not in r]
    return good, [r for r in records if "error" in r]


def provenance(records: list[dict]) -> dict:
    """Project versions, loaded-language models and thresholds behind the records (mixed ones deserve a note)."""
    return {"versions": sorted({str(r.get("version", "?")) for r in records}),
            "loaded_models": sorted({loaded_model_of(r) for r in records}),
            "thresholds": sorted({r.get("loaded_threshold") for r in records if r.get("loaded_threshold") is not None})}


# -- the table -------------------------------------------------------------------------------
def row(record: dict) -> dict:
    """One table row: the four scores exactly as recorded, plus the counts behind them."""
    b = record.get("breakdown", {})
    spans = record.get("spans", {})
    out = {"id": record["id"], "words": record.get("words"), "sentences": record.get("sentences")}
    out.update({name: record["scores"].get(name) for name in SCORE_NAMES})
    out["loaded_own_voice_per_100_words"] = b.get("loaded_own_voice_per_100_words")
    out["direct_quotes"] = b.get("direct_quotes", sum(1 for q in spans.get("quotes", []) if q.get("kind") == "direct"))
    out["attributions"] = b.get("attributions", len(spans.get("attributions", [])))
    return out


def table(records: list[dict]) -> list[dict]:
    """One row per scored article (error records left out), in id order; of mixed models, with each one's."""
    good = sorted(split_errors(records)[0], key=lambda r: r["id"])
    mixed = len(model_counts(good)) > 1
    return [{**row(r), "loaded_model": loaded_model_of(r)} if mixed else row(r) for r in good]


def frame(rows: list[dict]):
    """The table as a pandas DataFrame indexed by id if pandas is installed, else the rows unchanged."""
    try:
        import pandas as pd
    except ImportError:
        return rows
    return pd.DataFrame(rows).set_index("id")


def _median(vals: list[float]) -> float:
    s = sorted(vals)
    n = len(s)
    return s[n // 2] if n % 2 else (s[n // 2 - 1] + s[n // 2]) / 2


def summary(rows: list[dict], names=SCORE_NAMES) -> list[dict]:
    """Per score: count, min, median, mean, max over the articles."""
    out = []
    for name in names:
        vals = [r[name] for r in rows if isinstance(r.get(name), (int, float))]
        if not vals:
            continue
        out.append({"score": LABELS.get(name, name), "articles": len(vals), "min": min(vals), "median": round(_median(vals), 4),
                    "mean": round(sum(vals) / len(vals), 4), "max": max(vals)})
    return out


def ranked(rows: list[dict], by: str = "loaded_language_per_100_words", descending: bool = True) -> list[dict]:
    """Rows sorted by one score (ties by id), each with its ``rank`` (1 = highest when descending)."""
    key = (lambda r: (-(r.get(by) or 0), r["id"])) if descending else (lambda r: (r.get(by) or 0, r["id"]))
    return [{"rank": i, **r} for i, r in enumerate(sorted(rows, key=key), 1)]


def ranks(rows: list[dict], names=SCORE_NAMES) -> list[dict]:
    """Each article's rank on every score (1 = highest; ties share the best rank), by loaded language."""
    out = {r["id"]: {"id": r["id"]} for r in rows}
    for name in names:
        first: dict = {}
        for i, v in enumerate(sorted((r.get(name) or 0 for r in rows), reverse=True), 1):
            first.setdefault(v, i)
        for r in rows:
            out[r["id"]][name] = first[r.get(name) or 0]
    return sorted(out.values(), key=lambda r: (r[names[0]], r["id"]))


def by_id(records: list[dict]) -> dict[str, dict]:
    return {r["id"]: r for r in records}


# -- comparing two articles ------------------------------------------------------------------
def compare(a: dict, b: dict) -> dict:
    """Side by side: scores, loaded terms (shared and own), speakers, reporting verbs, density."""
    terms_a = {t["term"].lower() for t in loaded_terms(a)}
    terms_b = {t["term"].lower() for t in loaded_terms(b)}
    spk_a = {s["speaker"] for s in quoted_speakers(a)} - {NO_SPEAKER}
    spk_b = {s["speaker"] for s in quoted_speakers(b)} - {NO_SPEAKER}
    last_b = {last_word(s): s for s in spk_b}
    shared_speakers = sorted(s for s in spk_a if last_word(s) in last_b)
    return {
        "ids": (a["id"], b["id"]),
        "scores": _score_rows(a, b),
        "loaded_terms": (loaded_terms(a), loaded_terms(b)),
        "loaded_shared": sorted(terms_a & terms_b),
        "loaded_only": (sorted(terms_a - terms_b), sorted(terms_b - terms_a)),
        "speakers": (quoted_speakers(a), quoted_speakers(b)),
        "speakers_shared": shared_speakers,
        "sources": (sources(a), sources(b)),
        "reporting_verbs": (reporting_verbs(a), reporting_verbs(b)),
        "density": (attribution_density(a), attribution_density(b)),
    }


def _score_rows(a: dict, b: dict) -> list[dict]:
    ra, rb = row(a), row(b)
    names = ("words", "sentences", *SCORE_NAMES, "loaded_own_voice_per_100_words", "direct_quotes", "attributions")
    return [{"measure": LABELS.get(n, n), "a": ra[n], "b": rb[n]} for n in names]


# -- display ---------------------------------------------------------------------------------
def _cell(v) -> str:
    if isinstance(v, float):
        return f"{v:.4g}" if v else "0"
    if isinstance(v, dict):   # shares, e.g. source types
        return ", ".join(f"{k} {round(100 * x)}%" if isinstance(x, float) else f"{k} {x}" for k, x in v.items())
    return "" if v is None else str(v)


def html_table(rows: list[dict], columns=None, headers: dict | None = None, empty: str = "none found") -> Markup:
    """An HTML table of rows; every value is escaped, so article text shows as text."""
    if not rows:
        return _html("table")([], [], [], [], empty, False)
    columns = list(columns or rows[0].keys())
    headers = {**LABELS, **(headers or {})}
    numeric = [c for c in columns if all(isinstance(r.get(c), (int, float)) or r.get(c) is None for r in rows)]
    return _html("table")(columns, [str(headers.get(c, c)) for c in columns], numeric,
                          [[_cell(r.get(c)) for c in columns] for r in rows], empty, len(rows) > SCROLL_ROWS)


def side_by_side(left: str, right: str, titles: tuple[str, str]) -> Markup:
    """Two HTML fragments in two columns under escaped titles."""
    return _html("side_by_side")(Markup(left), Markup(right), titles)


def short_id(article_id: str, width: int = 24) -> str:
    return article_id if len(article_id) <= width else article_id[: width - 1] + "…"


def plot_distributions(rows: list[dict], highlight=(), names=SCORE_NAMES):
    """One histogram per score; the highlighted articles are marked with vertical lines."""
    if not rows:
        return None
    import matplotlib.pyplot as plt
    fig, axes = plt.subplots(1, len(names), figsize=(3.2 * len(names), 2.8))
    for ax, name in zip(axes, names):
        vals = [r[name] for r in rows]
        ax.hist(vals, bins=min(20, max(5, len(vals) // 3)), color="#9bb7d4", edgecolor="white")
        for i, art in enumerate(highlight):
            hit = [r[name] for r in rows if r["id"] == art]
            if hit:
                ax.axvline(hit[0], color=("#c0392b", "#1f6f43")[i % 2], lw=2, label=short_id(art, 16))
        ax.set_title(LABELS[name], fontsize=9)
        ax.set_ylabel("articles", fontsize=8)
        ax.tick_params(labelsize=8)
    if highlight:
        axes[0].legend(fontsize=7)
    fig.tight_layout()
    return fig


def plot_scatter(rows: list[dict], highlight=(), x="quote_share", y="loaded_language_per_100_words"):
    """Loaded language against quote share, one dot per article; highlighted articles labelled."""
    if not rows:
        return None
    import matplotlib.pyplot as plt
    fig, ax = plt.subplots(figsize=(6.5, 4.2))
    ax.scatter([r[x] for r in rows], [r[y] for r in rows], s=22, color="#5b7fa6", alpha=0.7)
    for i, art in enumerate(highlight):
        for r in rows:
            if r["id"] == art:
                color = ("#c0392b", "#1f6f43")[i % 2]
                ax.scatter([r[x]], [r[y]], s=70, color=color, zorder=3)
                ax.annotate(short_id(art), (r[x], r[y]), textcoords="offset points", xytext=(6, (6, -12)[i % 2]),
                            fontsize=8, color=color)
    ax.set_xlabel(LABELS[x] + " (share of words inside direct quotations)")
    ax.set_ylabel(LABELS[y])
    ax.grid(alpha=0.3)
    fig.tight_layout()
    return fig


def plot_pair(a: dict, b: dict):
    """The two articles' scores as paired bars."""
    import matplotlib.pyplot as plt
    fig, axes = plt.subplots(1, len(SCORE_NAMES), figsize=(3.2 * len(SCORE_NAMES), 2.4))
    for ax, name in zip(axes, SCORE_NAMES):
        ax.bar([0, 1], [a["scores"][name], b["scores"][name]], color=["#c0392b", "#1f6f43"])
        ax.set_xticks([0, 1], ["A", "B"])
        ax.set_title(LABELS[name], fontsize=9)
        ax.tick_params(labelsize=8)
    fig.tight_layout()
    return fig


# -- the comparison notebook's sections ------------------------------------------------------
TABLE_MIME = "application/vnd.framing.corpus-table+json"


def publish_table(rows: list[dict]) -> None:
    """Inside a notebook: store the table as a display output (read back by tests and tools; not shown)."""
    from IPython.display import display
    display({TABLE_MIME: rows}, raw=True)


def table_of(nb: dict) -> list[dict] | None:
    """The table stored by ``publish_table`` in an executed notebook (a dict as read from JSON)."""
    for cell in nb.get("cells", []):
        for out in cell.get("outputs", []) or []:
            data = (out.get("data") or {}).get(TABLE_MIME)
            if data is not None:
                return json.loads(data) if isinstance(data, str) else list(data)
    return None


def overview_html(source, records: list[dict]) -> Markup:
    """What was loaded: how many articles, from where, which failed and why, versions behind the scores."""
    good, bad = split_errors(records)
    prov = provenance(good)
    return _html("overview")(str(source), good, bad, prov["versions"], [str(t) for t in prov["thresholds"]], prov["loaded_models"])


def pick_pair(records: list[dict], article_a: str, article_b: str) -> tuple[dict | None, dict | None, str]:
    """The two articles to compare and a note when a requested id is not in the corpus.

    A missing id falls back to the first (or second) article in id order, and the note says so.
    """
    good = sorted(split_errors(records)[0], key=lambda r: r["id"])
    ids = by_id(good)
    wanted = [("article_a", article_a), ("article_b", article_b)]
    chosen: list[dict | None] = [ids.get(article_a), ids.get(article_b) if article_b != article_a else None]
    notes = []
    for i, (label, want) in enumerate(wanted):
        if chosen[i] is not None:
            continue
        taken = {c["id"] for c in chosen if c is not None}
        spare = [r for r in good if r["id"] not in taken]
        if not spare:
            notes.append(f"{label} = {want!r} is not in the corpus and no other article is left to compare.")
            continue
        chosen[i] = spare[0]
        why = "repeats article_a" if i == 1 and want == article_a else "is not in the corpus"
        notes.append(f"{label} = {want!r} {why}; comparing {spare[0]['id']!r} instead.")
    notes += [pair_note(*chosen)] if None not in chosen and pair_note(*chosen) else []
    return chosen[0], chosen[1], " ".join(notes)


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
    from .reference import percentiles, reference_count, whole_percentile
    pa, pb = percentiles(a["scores"], loaded_model_of(a)), percentiles(b["scores"], loaded_model_of(b))
    rows = _score_rows(a, b)
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
    c, cols = compare(a, b), ["speaker", "quotes", "words", "share_of_article"]
    return (_html("shared")("Quoted in both", c["speakers_shared"]) + _pair(*c["speakers"], a, b, cols, "no direct quotations")
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
