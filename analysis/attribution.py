"""Attributions: source + reporting cue + content ("X said Y", "according to X")."""
from __future__ import annotations

from dataclasses import dataclass

from .document import Document
from .spans import Span

SOURCE_TYPES = ("named", "role", "organisation", "anonymous", "pronoun", "document", "unknown")


@dataclass(frozen=True)
class Attribution:
    cue: Span
    source: Span | None
    content: Span | None
    source_type: str              # one of SOURCE_TYPES
    cue_kind: str                 # "neutral" | "evaluative"
    cue_lemma: str                # the cue's base form, e.g. "say", "according to", "claim"
    refers_to: Span | None = None # for a pronoun (or role) source: the named source it resolves to


def find_attributions(doc: Document) -> list[Attribution]:
    return []  # placeholder while the detector is written (replaced in this change)
