"""Progress of one long article on the terminal: the stages of its scoring, as a bar on stderr.

``framing score big.txt`` takes some seconds per megabyte; an article of at least
``MIN_BYTES`` shows which stage it is in (a tqdm bar on stderr) when stderr is a terminal.
Nothing is shown otherwise (a pipe, a log file, a corpus of ordinary articles), nothing of it
goes into the record, and tqdm is imported only when a bar is shown.
"""
from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path

#: articles at least this large (bytes) show their progress
MIN_BYTES = 1_000_000
#: the stages of scoring one article, in order (``analysis.score_file`` and ``analysis.pipeline.analyze``)
STAGES = ("sentences", "quotes", "attribution", "speakers", "loaded language", "record")

Progress = Callable[[str], None]


def article_progress(path, stream=None) -> Progress | None:
    """A callback ``progress(stage)`` that shows ``stage`` (one of STAGES, or "done") starting,
    for the article at ``path``; None when nothing is to be shown (a small file, or ``stream``,
    by default stderr, is not a terminal)."""
    stream = sys.stderr if stream is None else stream
    try:
        size = os.path.getsize(path)
    except OSError:
        return None
    if size < MIN_BYTES or not stream.isatty():
        return None
    from tqdm import tqdm
    label = f"{Path(path).name} ({size / 1e6:.1f} MB)"
    bar = tqdm(total=len(STAGES), desc=label, file=stream, leave=False, bar_format="{desc} [{elapsed}]")
    started: list[str] = []

    def progress(stage: str) -> None:
        if started:
            bar.update(1)                   # the stage before is done
        if stage == "done":
            bar.close()
            return
        started.append(stage)
        bar.set_description_str(f"{label}: {stage} ({len(started)}/{len(STAGES)})")

    return progress
