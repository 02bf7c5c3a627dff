"""Loaded language: words and phrases with strong emotional, moral or pejorative charge."""
from __future__ import annotations

from dataclasses import dataclass

from .document import Document
from .spans import Span

DEFAULT_THRESHOLD = 0.5


@dataclass(frozen=True)
class LoadedSpan:
    span: Span
    category: str                  # e.g. "pejorative label", "fear/threat", ...
    confidence: float              # 0..1
    signals: tuple[str, ...] = ()  # why it was flagged, in words a reader understands
    voice: str = ""                # "own" (the outlet's voice) or "quoted"; set by analysis.scores


def find_loaded_language(doc: Document, threshold: float = DEFAULT_THRESHOLD) -> list[LoadedSpan]:
    return []  # placeholder while the detector is written (replaced in this change)
