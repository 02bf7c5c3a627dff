"""Scoring many articles: one after another, on local processes, or on a Dask cluster.

An item to score is a path (a file, or a URL: read by the worker that scores it), an article
already read (a ``RawArticle``: a corpus row or standard input, read in the parent and sent to the
worker), or an ``ArticleError`` (an input that cannot be read, e.g. a corpus row without text: its
error record takes its place, made in the parent). Every engine yields the same records, in the
order of the items:

- ``local`` (default): this process for ``jobs=1``, else ``jobs`` worker processes. Use it up to a
  few tens of thousands of articles on one machine (about 100+ articles/s per core).
- ``dask``: a Dask cluster (``dask.distributed``). Without ``scheduler`` it starts a local cluster
  of ``jobs`` worker processes (all cores when ``jobs`` is 1), which behaves like ``local``; with
  ``scheduler="tcp://host:8786"`` it uses a running cluster, to score a corpus too large for one
  machine. The workers must have this project installed (same version) and see the article files
  at the same paths (a shared filesystem), since each worker reads the files it scores.

The items are read as they are scored, never all at once: the local processes and the Dask
workers are handed batches of them, at most ``WINDOW`` batches per worker in flight, and their
records come back in input order; so a run holds a few batches of articles and records, whatever
the corpus's size (the records go to the output as they come: ``framing score``).

An article that cannot be scored gives the error record ``{"id", "path", "error"}``
(docs/scores-format.md) and the run goes on. Each record's ``id`` is unique in the run
(``paths.article_ids``). Local worker processes end when the process that started them dies
(``end_with_parent``), and leave Ctrl-C to it.
"""
from __future__ import annotations

import gc
import os
import sys
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from ..detectors.loaded import check_model
from ..errors import UserError
from .inputs import Input
from .paths import article_ids
from ..text.reading import ArticleError, RawArticle
from ..record import error_record

ENGINES = ("local", "dask")
CONNECT_TIMEOUT = "10s"   # how long to wait for a Dask scheduler given by address
WINDOW = 4                # batches in flight per worker (the articles and records a run holds)
MAX_BATCH = 20            # articles in a batch, at most


class EngineError(UserError, RuntimeError):
    """The engine cannot run (dask missing, scheduler unreachable); the message says what to do."""


def score_one(item, threshold: float | None = None, progress: bool = False, loaded_model: str | None = None) -> dict:
    """The record of one item (a path, a RawArticle or an ArticleError: see the module doc), or its
    error record; never raises for a bad article.
    ``loaded_model``, ``threshold``: the loaded-language model and its threshold (None: the defaults).
    ``progress``: show a long article file's stages on stderr when it is a terminal (analysis.run.progress)."""
    from .. import score_file
    if isinstance(item, ArticleError):
        return error_record(item.path, getattr(item, "id", "") or Path(item.path).stem, str(item))
    path = item.path if isinstance(item, RawArticle) else item
    shown = None
    if progress and not isinstance(item, RawArticle):
        from .progress import article_progress
        shown = article_progress(path)
    try:
        return score_file(item, threshold=threshold, progress=shown, loaded_model=loaded_model)
    except ArticleError as e:
        return error_record(str(path), Path(path).stem, str(e))
    except Exception as e:  # a bug in a detector must not stop a corpus run; say which file
        return error_record(str(path), Path(path).stem,
                            f"{path}: the analysis failed on this article ({type(e).__name__}: {e}); "
                            "please report it with the file")


#: the collector's first threshold while a batch is scored (CPython's default: 700 objects)
BATCH_GC_THRESHOLD = 50_000


@contextmanager
def batch_gc():
    """Garbage collection kept out of the hot loop while a batch is scored (the same records).

    An article makes tens of thousands of small objects (a Span per word, ...), so with the default
    threshold the collector runs every few hundred words and walks every tracked object of the
    young generations, and now and then of the whole heap: the lexicons, models and caches, hundreds
    of thousands of objects that live as long as the process. In a batch, what is alive is frozen
    (``gc.freeze``: never walked again) when it starts and after each call of the function this
    yields (after the first article, which loads the lexicons), and the young generation is
    collected after ``BATCH_GC_THRESHOLD`` objects. An article's objects are freed by reference
    counting when its record is made, so memory stays flat; after the batch, the frozen objects go
    back to the collector and the thresholds are as they were."""
    was = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(max(was[0], BATCH_GC_THRESHOLD), *was[1:])
    try:
        yield gc.freeze
    finally:
        gc.set_threshold(*was)
        gc.unfreeze()


def score_batch(items: list, threshold: float | None = None, loaded_model: str | None = None) -> list[dict]:
    """Records of several articles (one task on a worker: fewer round trips than one per article)."""
    with batch_gc() as settle:
        out = []
        for p in items:
            out.append(score_one(p, threshold, loaded_model=loaded_model))
            if len(out) == 1:
                settle()
        return out


def score_paths(paths: Iterable, engine: str = "local", scheduler: str | None = None, jobs: int = 1,
                threshold: float | None = None, progress: bool = False,
                ids: list[str] | None = None, loaded_model: str | None = None) -> Iterator[dict]:
    """Records of the items ``paths`` (paths, RawArticles, ArticleErrors: see the module doc), in
    input order (see the module doc for the engines).
    ``loaded_model``: the loaded-language model (a name of ``detectors.loaded.MODELS``; None: the
    default), checked here before any work (``ModelError``: unknown, or cannot run here);
    ``threshold``: its threshold (None: the model's own).
    ``progress``: articles scored in this process show their stages when long (``score_one``).
    ``ids``: the records' ids, one per item (default ``paths.article_ids(paths)``, unique among
    ``paths``); given, ``paths`` may be an iterator, read as the items are scored."""
    items = map(_item, paths)
    if ids is None:
        items = list(items)
        ids = article_ids([Input(i.path, i) if isinstance(i, (RawArticle, ArticleError)) else i for i in items])
    loaded_model = check_model(loaded_model)
    if engine == "local":
        if scheduler:
            raise EngineError("--scheduler goes with --engine dask")
        records = _local(items, len(ids), jobs, threshold, progress, loaded_model)
    elif engine == "dask":
        records = _dask(items, len(ids), scheduler, jobs, threshold, loaded_model)
    else:
        raise EngineError(f"unknown engine {engine!r} (choose one of {', '.join(ENGINES)})")
    return _with_ids(records, ids)


def _item(p):
    return p if isinstance(p, (RawArticle, ArticleError)) else str(p)


def _with_ids(records: Iterator[dict], ids: list[str]) -> Iterator[dict]:
    for rec, article_id in zip(records, ids):
        rec["id"] = article_id       # the stem unless it clashes in this run (keeps the key order)
        yield rec


def in_order(items: Iterable, submit: Callable, size: int, window: int) -> Iterator[dict]:
    """The records of ``items``, in their order: ``submit(batch)`` sends a batch of up to ``size``
    items to be scored and returns a future of its records (``.result()``), with at most ``window``
    batches in flight, so no more than ``size * window`` items are read ahead of the records given.
    An ArticleError's record is made here: it never goes to a worker."""
    pending: deque = deque()
    batch: list = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            pending.append(_sent(batch, submit))
            batch = []
            if len(pending) >= window:
                yield from _received(*pending.popleft())
    if batch:
        pending.append(_sent(batch, submit))
    while pending:
        yield from _received(*pending.popleft())


def _sent(batch: list, submit: Callable) -> tuple[list, object]:
    work = [i for i in batch if not isinstance(i, ArticleError)]
    return batch, submit(work) if work else None


def _received(batch: list, future) -> Iterator[dict]:
    records = iter(future.result() if future is not None else ())
    for item in batch:
        yield score_one(item) if isinstance(item, ArticleError) else next(records)


PR_SET_PDEATHSIG = 1   # Linux prctl(2)


def end_with_parent(parent: int) -> None:
    """Initializer of a worker process: it ends when ``parent`` dies (a kill -9 of the command leaves
    no worker behind), and it ignores Ctrl-C, which the parent handles by stopping the workers."""
    import signal               # here, not at the top: only workers need them (start-up)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if sys.platform.startswith("linux"):
        import ctypes
        ctypes.CDLL(None).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    else:
        import threading
        threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()
    if os.getppid() != parent:       # it died before prctl took effect
        os._exit(1)


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(1)
    os._exit(1)


def stop_pool(pool) -> None:
    """Drop the queued work of a ProcessPoolExecutor and end its workers now (Ctrl-C, an error):
    the work they were doing is redone by a rerun, and nothing waits for it."""
    workers = list((getattr(pool, "_processes", None) or {}).values())   # shutdown() forgets them
    pool.shutdown(wait=False, cancel_futures=True)
    for proc in workers:
        proc.terminate()


def batch_size(total: int, workers: int) -> int:
    """Batches small enough to spread ``total`` items over the workers, large enough to keep overhead low."""
    return max(1, min(MAX_BATCH, -(-total // (4 * max(1, workers)))))


def _local(items: Iterable, total: int, jobs: int, threshold, progress: bool = False,
           loaded_model: str | None = None) -> Iterator[dict]:
    if jobs <= 1 or total <= 1:
        with batch_gc() as settle:
            settled = False
            for item in items:
                yield score_one(item, threshold, progress, loaded_model)
                if not settled and not isinstance(item, ArticleError):
                    settle()        # what the first article loaded: lexicons, models
                    settled = True
        return
    from concurrent.futures import ProcessPoolExecutor
    from functools import partial
    workers = min(jobs, total)
    pool = ProcessPoolExecutor(max_workers=workers, initializer=end_with_parent, initargs=(os.getpid(),))
    task = partial(score_batch, threshold=threshold, loaded_model=loaded_model)
    try:
        yield from in_order(items, partial(pool.submit, task), batch_size(total, workers), WINDOW * workers)
    except BaseException:           # Ctrl-C, or the caller stopped reading: drop the queued work
        stop_pool(pool)
        raise
    pool.shutdown()


def _dask(items: Iterable, total: int, scheduler: str | None, jobs: int, threshold,
          loaded_model: str | None = None) -> Iterator[dict]:
    import logging              # here, not at the top: only dask needs it (start-up)
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise EngineError("the dask engine needs dask.distributed: "
                          "pip install 'dask[distributed]' (or use the default local engine)") from None
    cluster = None
    try:
        if scheduler:
            client = Client(scheduler, timeout=CONNECT_TIMEOUT)
        else:
            workers = jobs if jobs > 1 else (os.cpu_count() or 1)
            cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                   dashboard_address=None, silence_logs=logging.ERROR)
            client = Client(cluster)
    except (OSError, TimeoutError) as e:
        if cluster is not None:
            cluster.close()
        raise EngineError(f"cannot reach the Dask scheduler at {scheduler or 'a local cluster'}: {e} "
                          "(check the address, e.g. tcp://host:8786, and that the scheduler is running)") from None
    try:
        n_workers = max(1, len(client.scheduler_info().get("workers", {})))

        def submit(batch: list):
            return client.submit(score_batch, batch, threshold, loaded_model, pure=False)

        yield from in_order(items, submit, batch_size(total, n_workers), WINDOW * n_workers)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
