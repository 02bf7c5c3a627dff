"""Rendering reports for many articles: outputs per article, stamps for reruns, batches on worker
processes, and the validation page.

Reruns and interruptions. Each article's outputs are written whole or not at all (a temporary file
in the same folder, then ``os.replace``), and a small stamp ``OUT/.stamps/<id>.json`` is written
last. It holds the input's sha256, the parameters, the project version and the notebook's sha256:
a rerun skips an article only when its stamp says "done" with the same four and its outputs are
there, so an interrupted run leaves nothing a rerun would take for done. A batch checks and locks
``OUT`` first (``OUT/.lock``: one run at a time). Papermill, nbconvert and tqdm are imported only
when rendering.

The inputs are those of ``run.inputs``. A corpus row is rendered from its corpus file (the notebook
gets ``article_path``, ``article_row`` and ``columns``); its sha256 is that of its text (and the
stamp's fingerprint holds its metadata too), so a rerun redoes only the rows that changed. A URL is
always redone: what a page holds is known only once it is fetched, in the notebook. A row that has
no text, or a corpus file that cannot be read, fails here, without a notebook. The stamp also keeps
the record's metadata, for the index.
"""
from __future__ import annotations

import json
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import FramingError
from ..notebooks import COMPARISON_NOTEBOOK, VALIDATION_NOTEBOOK
from ..views.highlight import esc
from ..views.index import COMPARISON_PAGE, STAMPS, VALIDATION_PAGE, read_stamp, write_index
from .atomic import check_output_folder, folder_lock, remove_stale_temporaries, write_text
from ..text.reading import ArticleError
from .inputs import Input
from .notebooks import _execute, _failure_reason, effective_parameters, file_sha256, fingerprint
from .pages import to_html
from .paths import article_ids


# --------------------------------------------------------------------------------------------
# Rendering: papermill, nbconvert, stamps, batches, index

class ReportFailed(FramingError):
    """An article whose report could not be rendered; ``reason`` is for the reader of the index.
    Not a UserError: the reason may be the article's or a bug's (it says which)."""

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
class Job:
    """One report to render: its input (``article_path`` and ``article_row`` of the notebook), its
    id in the run, and what its fingerprint reads: the input's sha256 (None: a URL, always redone)
    and a corpus row's metadata."""
    path: str
    article_id: str
    row: int | None = None
    sha256: str | None = None
    metadata: dict = field(default_factory=dict)

    @classmethod
    def of(cls, inp: Input, article_id: str) -> "Job":
        if inp.row:
            return cls(inp.source, article_id, inp.row, inp.article.sha256, dict(inp.article.metadata))
        return cls(inp.source, article_id, sha256=None if inp.is_url else file_sha256(inp.source))

    @property
    def shown(self):
        """How the summary lists it: a file's Path, else ``corpus.csv, row 3`` or the URL."""
        if self.row:
            return f"{self.path}, row {self.row}"
        return self.path if Input(self.path).is_url else Path(self.path)

    def fingerprint(self, params: dict) -> dict:
        return fingerprint(self.sha256, params, self.metadata)

    @property
    def article(self) -> str:
        """The stamp's ``article``: a file's absolute path, or the URL."""
        return self.path if Input(self.path).is_url else os.path.abspath(self.path)


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


def is_up_to_date(job: Job, out_dir, params: dict) -> bool:
    out = outputs_for(job.path, out_dir, job.article_id)
    stamp = read_stamp(out.stamp)
    if job.sha256 is None or not stamp or stamp.get("status") != "done" or stamp.get("fingerprint") != job.fingerprint(params):
        return False
    return all(p.exists() for p in (out.ipynb, out.html, out.record))


def render_one(path, out_dir, parameters: dict | None = None, article_id: str | None = None) -> Outputs:
    """Render the report of one article file (or URL) into ``out_dir`` under ``article_id`` (see
    ``outputs_for``); raises ReportFailed as ``render_job`` does."""
    return render_job(Job.of(Input(str(path)), article_id or article_ids([path])[0]), out_dir, parameters)


def render_job(job: Job, out_dir, parameters: dict | None = None, kernel=None) -> Outputs:
    """Render one report; raises ReportFailed (after writing the failed notebook, its error alone,
    and a failure stamp) when the notebook fails. ``kernel``: a ``kernels.WarmKernel`` to run the
    notebook on (a batch's), else a kernel of its own."""
    from ..notebook_record import record_of
    from ..record import dumps

    out_dir = Path(out_dir)
    out = outputs_for(job.path, out_dir, job.article_id)
    out.stamp.parent.mkdir(parents=True, exist_ok=True)
    params = effective_parameters(parameters)
    stamp = {"article": job.article, **({"row": job.row} if job.row else {}), "fingerprint": job.fingerprint(params)}
    out.stamp.unlink(missing_ok=True)          # nothing counts as done until the new stamp is written

    row = {"article_row": job.row} if job.row else {}
    nb, error = _execute({**params, "article_path": job.path, **row}, out.ipynb, kernel=kernel)
    record = None if error else _as_stored(record_of(nb))
    if error is None and record is None:
        error = RuntimeError("the notebook ran but stored no scores record")
    if error is not None:
        reason = _failure_reason(error)
        write_text(out.ipynb, _error_alone(nb, reason))
        write_failure_stamp(job, out_dir, params, reason)
        raise ReportFailed(job.shown, reason)

    record["id"] = job.article_id          # the stem, unless it clashes in this run
    headline = " ".join(((record.get("headline") or {}).get("text") or job.article_id).split())
    write_text(out.record, dumps(record) + "\n")
    write_text(out.html, to_html(nb, f"{headline} — framing report"))
    metadata = {"metadata": record["metadata"]} if record.get("metadata") else {}
    write_text(out.stamp, json.dumps({**stamp, "status": "done", "headline": headline, "scores": record["scores"],
                                      **metadata}, ensure_ascii=False, indent=1))
    return out


def _as_stored(record: dict | None) -> dict | None:
    """The record as the notebook file holds it: nbformat writes JSON with every object's keys
    sorted, and a warm run's notebook, kept in memory (``notebooks._execute``), has the kernel's order."""
    return None if record is None else json.loads(json.dumps(record, sort_keys=True))


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


def write_failure_stamp(job: Job, out_dir, params: dict, reason: str) -> None:
    """The stamp of a failed report (its earlier page and record removed: they are not of this input)."""
    out = outputs_for(job.path, out_dir, job.article_id)
    out.stamp.parent.mkdir(parents=True, exist_ok=True)
    for stale in (out.html, out.record):
        stale.unlink(missing_ok=True)
    write_text(out.stamp, json.dumps({"article": job.article, **({"row": job.row} if job.row else {}),
                                      "fingerprint": job.fingerprint(params), "status": "failed", "reason": reason},
                                     ensure_ascii=False, indent=1))


def _render_task(job: Job, out_dir: str, parameters: dict, kernel=None) -> tuple[str, Job, str]:
    """Worker: ("done", job, "") or ("failed", job, reason); never raises."""
    try:
        render_job(job, out_dir, parameters, kernel)
        return "done", job, ""
    except ReportFailed as e:
        return "failed", job, e.reason
    except Exception as e:  # an error of the renderer itself: report it with the article
        return "failed", job, _failure_reason(e)


_KERNEL = None     # a worker process's warm kernel, for every article it renders


def _pool_task(job: Job, out_dir: str, parameters: dict, warm: bool) -> tuple[str, Job, str]:
    """A worker process's task: ``_render_task`` on the worker's own warm kernel (started on its
    first article, stopped when the worker ends), or on a kernel of the article's own."""
    global _KERNEL
    if warm and _KERNEL is None:
        from multiprocessing.util import Finalize

        from .kernels import WarmKernel
        _KERNEL = WarmKernel()
        Finalize(_KERNEL, _KERNEL.close, exitpriority=10)
    return _render_task(job, out_dir, parameters, _KERNEL if warm else None)


def _mp_context():
    """Worker processes: forked where that is safe (POSIX, no other thread running), which also works
    from a script without an ``if __name__ == "__main__"`` guard; spawned otherwise (e.g. in Jupyter)."""
    import multiprocessing
    import threading
    if "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


def render_reports(inputs: list, out_dir, jobs: int = 1, parameters: dict | None = None,
                   progress: bool = True, warm: bool = True) -> Summary:
    """Render a report for each article, ``jobs`` at a time; skip those up to date; write the index.
    ``inputs``: article files (paths), or ``run.inputs.Input`` (corpus rows, URLs, files).
    ``warm``: each of the ``jobs`` workers keeps one kernel and renders its articles on it in turn,
    reset between them (``run.kernels``); False: a new kernel for every article (the benchmarks'
    "cold" path). The notebooks are the same bytes either way, apart from papermill's times.

    Before any work: the parameters are checked (ValueError) and so is the output folder, which is
    made if missing (its parent must exist) and locked for this run (atomic.OutputError, saying why).
    """
    params = effective_parameters(parameters)
    out_dir = check_output_folder(out_dir)
    entries: dict[str, Input] = {}
    for i in inputs:                        # each input once, in its first place
        inp = i if isinstance(i, Input) else Input(str(Path(i)))
        entries.setdefault(inp.label, inp)
    with folder_lock(out_dir, "framing report"):
        summary = _render_batch(list(entries.values()), out_dir, jobs, params, progress, warm)
    if progress:
        print(f"framing report: {summary}", file=sys.stderr)
    return summary


def _render_batch(entries: list[Input], out_dir: Path, jobs: int, params: dict, progress: bool,
                  warm: bool = True) -> Summary:
    (out_dir / STAMPS).mkdir(exist_ok=True)
    remove_stale_temporaries(out_dir)
    remove_stale_temporaries(out_dir / STAMPS)
    summary = Summary()
    ids = article_ids(entries)
    todo, unreadable = [], []
    for inp, article_id in zip(entries, ids):
        if isinstance(inp.article, ArticleError):       # a row without text, a corpus file that cannot be read
            unreadable.append((Job(inp.source, article_id, inp.row), str(inp.article)))
            continue
        job = Job.of(inp, article_id)
        if is_up_to_date(job, out_dir, params):
            summary.skipped.append(job.shown)
        else:
            todo.append(job)

    bar = None

    def start_bar():
        nonlocal bar
        if progress and todo and bar is None:
            from tqdm import tqdm
            bar = tqdm(total=len(todo), unit="article", desc="Rendering reports", file=sys.stderr)

    def collect(status, job, reason):
        if status == "done":
            summary.done.append(job.shown)
        else:
            summary.failed.append((job.shown, reason))
        if bar is not None:
            bar.update(1)

    for job, reason in unreadable:
        write_failure_stamp(job, out_dir, params, reason)
        summary.failed.append((job.shown, reason))
    kernel = None
    try:
        if jobs <= 1 or len(todo) <= 1:
            start_bar()
            if warm and len(todo) > 1:          # one kernel for the whole batch, in this process
                from .kernels import WarmKernel
                kernel = WarmKernel()
            for job in todo:
                collect(*_render_task(job, str(out_dir), params, kernel))
        else:
            from concurrent.futures import ProcessPoolExecutor, as_completed

            from ..run.engines import end_with_parent, stop_pool
            with ProcessPoolExecutor(max_workers=min(jobs, len(todo)), mp_context=_mp_context(),
                                     initializer=end_with_parent, initargs=(os.getpid(),)) as pool:
                futures = {pool.submit(_pool_task, job, str(out_dir), params, warm): job for job in todo}
                start_bar()
                try:
                    for fut in as_completed(futures):
                        try:
                            collect(*fut.result())
                        except Exception as e:  # a worker that died (killed, out of memory)
                            reason = ("its worker process stopped abruptly (killed, or out of memory); rerun to retry"
                                      if type(e).__name__ == "BrokenProcessPool"
                                      else f"its worker process failed ({_failure_reason(e)}); rerun to retry")
                            write_failure_stamp(futures[fut], out_dir, params, reason)
                            collect("failed", futures[fut], reason)
                except BaseException:   # Ctrl-C: end the workers now, a rerun redoes their articles
                    stop_pool(pool)
                    raise
    finally:
        if kernel is not None:
            kernel.close()
        if bar is not None:
            bar.close()
        summary.index = write_index(out_dir, ids)
    order = {i.label: k for k, i in enumerate(entries)}          # a job's shown, as text, is its input's label
    summary.done.sort(key=lambda p: order.get(str(p), 0))
    summary.failed.sort(key=lambda t: order.get(str(t[0]), 0))
    return summary


def render_validation(out_dir, parameters: dict | None = None) -> Path:
    """Run ``notebooks/validation.ipynb`` into ``OUT/validation.ipynb`` and ``OUT/validation.html``
    (the page every report's methods section links to). Raises ReportFailed when it fails, and
    atomic.OutputError, before any work, when the folder cannot be written."""
    return _render_page(out_dir, VALIDATION_NOTEBOOK, VALIDATION_PAGE, parameters,
                        "How far can you trust the numbers? — framing validation")


def render_comparison(out_dir, parameters: dict | None = None) -> Path:
    """Run ``notebooks/corpus_comparison.ipynb`` (its ``source``, ``group_by``, ... from ``parameters``)
    into ``OUT/comparison.ipynb`` and ``OUT/comparison.html``, linked from the index. Raises
    ReportFailed when it fails, and atomic.OutputError, before any work, when the folder cannot be written."""
    return _render_page(out_dir, COMPARISON_NOTEBOOK, COMPARISON_PAGE, parameters, "Articles compared — framing")


def _render_page(out_dir, notebook: Path, page: str, parameters: dict | None, title: str) -> Path:
    """Run ``notebook`` into ``OUT/<page stem>.ipynb`` and ``OUT/<page>`` (validation, comparison)."""
    out_dir = check_output_folder(out_dir)
    html = out_dir / page
    ipynb = html.with_suffix(".ipynb")
    nb, error = _execute(dict(parameters or {}), ipynb, notebook=notebook)
    if error is not None:
        html.unlink(missing_ok=True)
        raise ReportFailed(ipynb, _failure_reason(error))
    write_text(html, to_html(nb, title))
    if (out_dir / "index.html").exists():      # the index now links the page instead of saying how to make it
        write_index(out_dir)
    return html
