"""The span: a piece of the article text, by character offsets.

Every result of the analysis is a span (or carries spans), so a reader can always go back to
the words a number came from: ``text[span.start:span.end] == span.text``.

A Span is a named tuple (start, end, text): immutable, ordered by position, and cheap to make,
which matters because every word of every article is one.
"""
from __future__ import annotations

from typing import NamedTuple


class Span(NamedTuple):
    start: int
    end: int
    text: str

    @classmethod
    def of(cls, text: str, start: int, end: int) -> "Span":
        """The span of ``text[start:end]``."""
        return cls(start, end, text[start:end])

    def __len__(self) -> int:  # the span's length in characters (not the tuple's)
        return self.end - self.start

    def __bool__(self) -> bool:  # a span is something, even when empty: test ``is None``
        return True

    def overlaps(self, other: "Span") -> bool:
        return self.start < other.end and other.start < self.end

    def contains(self, other: "Span") -> bool:
        return self.start <= other.start and other.end <= self.end

    def to_dict(self) -> dict:
        return {"start": self.start, "end": self.end, "text": self.text}


def span_dict(span: Span | None) -> dict | None:
    """A span as the record writes it, or None."""
    return None if span is None else span.to_dict()
