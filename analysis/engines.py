"""Scoring many articles: one after another, on local processes, or on a Dask cluster.

Every engine yields the same records, in the order of the input paths:

- ``local`` (default): this process for ``jobs=1``, else ``jobs`` worker processes. Use it up to a
  few tens of thousands of articles on one machine (about 100+ articles/s per core).
- ``dask``: a Dask cluster (``dask.distributed``). Without ``scheduler`` it starts a local cluster
  of ``jobs`` worker processes (all cores when ``jobs`` is 1), which behaves like ``local``; with
  ``scheduler="tcp://host:8786"`` it uses a running cluster, to score a corpus too large for one
  machine. The workers must have this project installed (same version) and see the article files
  at the same paths (a shared filesystem), since each worker reads the files it scores.

An article that cannot be scored gives the error record ``{"id", "path", "error"}``
(docs/scores-format.md) and the run goes on.
"""
from __future__ import annotations

import logging
import os
from collections import deque
from collections.abc import Iterable, Iterator
from pathlib import Path

from .reading import ArticleError
from .record import error_record

ENGINES = ("local", "dask")
CONNECT_TIMEOUT = "10s"   # how long to wait for a Dask scheduler given by address


class EngineError(RuntimeError):
    """The engine cannot run (dask missing, scheduler unreachable); the message says what to do."""


def score_one(path, threshold: float | None = None) -> dict:
    """The record of one article, or its error record; never raises for a bad article."""
    from . import score_file
    try:
        return score_file(path, threshold=threshold)
    except ArticleError as e:
        return error_record(str(path), Path(path).stem, str(e))
    except Exception as e:  # a bug in a detector must not stop a corpus run; say which file
        return error_record(str(path), Path(path).stem,
                            f"{path}: the analysis failed on this article ({type(e).__name__}: {e}); "
                            "please report it with the file")


def score_batch(paths: list, threshold: float | None = None) -> list[dict]:
    """Records of several articles (one task on a worker: fewer round trips than one per article)."""
    return [score_one(p, threshold) for p in paths]


def score_paths(paths: Iterable, engine: str = "local", scheduler: str | None = None, jobs: int = 1,
                threshold: float | None = None) -> Iterator[dict]:
    """Records of the articles at ``paths``, in input order (see the module doc for the engines)."""
    paths = [str(p) for p in paths]
    if engine == "local":
        if scheduler:
            raise EngineError("--scheduler goes with --engine dask")
        return _local(paths, jobs, threshold)
    if engine == "dask":
        return _dask(paths, scheduler, jobs, threshold)
    raise EngineError(f"unknown engine {engine!r} (choose one of {', '.join(ENGINES)})")


def _chunks(paths: list[str], workers: int) -> list[list[str]]:
    """Batches small enough to spread over the workers, large enough to keep overhead low."""
    size = max(1, min(20, -(-len(paths) // (4 * max(1, workers)))))
    return [paths[i:i + size] for i in range(0, len(paths), size)]


def _local(paths: list[str], jobs: int, threshold) -> Iterator[dict]:
    if jobs <= 1 or len(paths) <= 1:
        for p in paths:
            yield score_one(p, threshold)
        return
    from concurrent.futures import ProcessPoolExecutor
    from functools import partial
    pool = ProcessPoolExecutor(max_workers=min(jobs, len(paths)))
    try:
        for batch in pool.map(partial(score_batch, threshold=threshold), _chunks(paths, jobs)):
            yield from batch
    except BaseException:           # Ctrl-C, or the caller stopped reading: drop the queued work
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown()


def _dask(paths: list[str], scheduler: str | None, jobs: int, threshold) -> Iterator[dict]:
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
        # Keep a bounded window of batches in flight, so a huge corpus does not pile up in memory.
        pending: deque = deque()
        chunks = iter(_chunks(paths, n_workers))
        window = 4 * n_workers
        for chunk in chunks:
            pending.append(client.submit(score_batch, chunk, threshold, pure=False))
            if len(pending) >= window:
                break
        while pending:
            future = pending.popleft()
            records = future.result()
            future.release()
            nxt = next(chunks, None)
            if nxt is not None:
                pending.append(client.submit(score_batch, nxt, threshold, pure=False))
            yield from records
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
