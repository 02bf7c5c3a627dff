"""Progress on the terminal, as bars on stderr: a corpus's articles, and one long article's stages.

``framing score`` on a folder or a corpus file shows a bar of the articles scored (count,
articles/s, time left: ``corpus_progress``); ``framing score big.txt`` takes some seconds per
megabyte, so an article of at least ``MIN_BYTES`` shows which stage it is in (``article_progress``).
Both only when stderr is a terminal, and not with ``--no-progress``. Nothing is shown otherwise
(a pipe, a log file), nothing of it goes into the records, and tqdm is imported only when a bar
is shown.
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


class CorpusProgress:
    """The articles of a run scored so far: ``step()`` after each; ``say(line)`` prints a line above
    the bar (an article's error); ``close()`` at the end. Without a bar (``bar`` None) ``say``
    just prints to the stream."""

    def __init__(self, bar=None, stream=None):
        self.bar, self.stream = bar, sys.stderr if stream is None else stream

    def step(self) -> None:
        if self.bar is not None:
            self.bar.update(1)

    def say(self, line: str) -> None:
        if self.bar is not None:
            self.bar.write(line, file=self.stream)
        else:
            print(line, file=self.stream)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None


def corpus_progress(total: int, stream=None, enabled: bool = True, desc: str = "Scoring") -> CorpusProgress:
    """Progress of a run of ``total`` articles: a bar (articles, articles/s, time left) on
    ``stream`` (default stderr) when ``enabled``, there are at least 2 articles and the stream is a
    terminal; else a CorpusProgress that shows nothing (and only prints what it is told to say)."""
    stream = sys.stderr if stream is None else stream
    if not enabled or total < 2 or not stream.isatty():
        return CorpusProgress(None, stream)
    from tqdm import tqdm
    return CorpusProgress(tqdm(total=total, unit="article", desc=desc, file=stream), stream)


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
