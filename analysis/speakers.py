"""Linking quotes to attributions: who speaks each direct quotation."""
from __future__ import annotations

from .attribution import Attribution
from .document import Document
from .quotes import Quote


def assign_speakers(doc: Document, quotes: list[Quote], attributions: list[Attribution]) -> list[Quote]:
    return list(quotes)  # placeholder while being written
