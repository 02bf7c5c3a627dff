"""Which article files a command-line PATH stands for."""
from __future__ import annotations

from pathlib import Path


def expand(paths: list[str]) -> list[Path]:
    """Files as given, and for a folder every ``.txt`` in it (sorted, not recursive).

    A path that does not exist is kept, so that it is reported with the others rather than
    silently dropped.
    """
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out.extend(sorted(f for f in p.iterdir() if f.suffix == ".txt" and f.is_file()))
        else:
            out.append(p)
    return out
