"""A corpus of scored articles: load the records, tabulate (``frame``: a pandas DataFrame), rank
and compare two articles.

Records come from wherever they already are, so nothing is scored twice:

- a scores JSONL written by ``framing score ... --jsonl OUT``;
- a folder of executed reports (``framing report ... --out DIR``): the ``<stem>.record.json``
  beside each notebook, or the record stored in the ``.ipynb`` itself;
- a folder of ``.txt`` articles: scored now (``analysis.run.engines``), except those that a record
  in the same folder already covers with the same file contents (sha256).
Records of different loaded-language models are refused unless ``allow_mixed=True`` (``loaded_models``).

Everything here is data (rows as dicts, ``frame`` the same table as a DataFrame, one row per
article: its metadata, scores and the counts behind them), so the comparison notebook stays short:
its tables and charts are ``views.corpus`` and ``views.corpus_charts``, groups compared ``analysis.compare``.
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pandas as pd

from .errors import UserError
from .loaded_models import MixedModelsError, check_one_model, loaded_model_of, model_counts, pair_note  # noqa: F401
from .notebooks import from_repository
from .run.paths import article_ids
from .record import error_record
from .scores import SCORE_NAMES, SCORES
from .summaries import (NO_SPEAKER, attribution_density, last_word, loaded_terms, quoted_speakers,  # noqa: F401
                        reporting_verbs, sources, voice_groups, word_count)   # (re-exported: part of this module's API)

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
    """One table row: the article's metadata (title, outlet, date, ... as its record holds them), the
    four scores exactly as recorded, plus the counts behind them. A metadata column named as one of
    the table's own ("words") is kept as "metadata: words"."""
    b = record.get("breakdown", {})
    spans = record.get("spans", {})
    counts = {"words": record.get("words"), "sentences": record.get("sentences"),
              **{name: record["scores"].get(name) for name in SCORE_NAMES},
              "loaded_own_voice_per_100_words": b.get("loaded_own_voice_per_100_words"),
              "direct_quotes": b.get("direct_quotes", sum(1 for q in spans.get("quotes", []) if q.get("kind") == "direct")),
              "attributions": b.get("attributions", len(spans.get("attributions", [])))}
    own = {"id", *counts, "loaded_model"}
    metadata = {(f"metadata: {k}" if k in own else k): v for k, v in (record.get("metadata") or {}).items()}
    return {"id": record["id"], **metadata, **counts}


def table(records: list[dict]) -> list[dict]:
    """One row per scored article (error records left out), in id order; of mixed models, with each one's."""
    good = sorted(split_errors(records)[0], key=lambda r: r["id"])
    mixed = len(model_counts(good)) > 1
    return [{**row(r), "loaded_model": loaded_model_of(r)} if mixed else row(r) for r in good]


def frame(records_or_rows: list[dict]) -> pd.DataFrame:
    """The corpus table as a pandas DataFrame: one row per scored article, indexed by id, its metadata,
    scores and counts as columns (an article without a metadata column has NaN there). Takes records
    (error records left out) or the rows of ``table``."""
    is_record = any("scores" in r or "error" in r for r in records_or_rows)
    rows = table(records_or_rows) if is_record else list(records_or_rows)
    columns = ["id", *dict.fromkeys(k for r in rows for k in r if k != "id")] if rows else ["id", "words", "sentences", *SCORE_NAMES]
    return pd.DataFrame(rows, columns=columns).set_index("id")


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
        "scores": score_rows(a, b),
        "loaded_terms": (loaded_terms(a), loaded_terms(b)),
        "loaded_shared": sorted(terms_a & terms_b),
        "loaded_only": (sorted(terms_a - terms_b), sorted(terms_b - terms_a)),
        "speakers": (quoted_speakers(a), quoted_speakers(b)),
        "speakers_shared": shared_speakers,
        "sources": (sources(a), sources(b)),
        "reporting_verbs": (reporting_verbs(a), reporting_verbs(b)),
        "density": (attribution_density(a), attribution_density(b)),
    }


def score_rows(a: dict, b: dict) -> list[dict]:
    """The two articles' scores and counts, one row per measure: measure, a, b."""
    ra, rb = row(a), row(b)
    names = ("words", "sentences", *SCORE_NAMES, "loaded_own_voice_per_100_words", "direct_quotes", "attributions")
    return [{"measure": LABELS.get(n, n), "a": ra[n], "b": rb[n]} for n in names]


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
