"""The span: a piece of the article text, by character offsets.

Every result of the analysis is a span (or carries spans), so a reader can always go back to
the words a number came from: ``text[span.start:span.end] == span.text``.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Span:
    start: int
    end: int
    text: str

    @classmethod
    def of(cls, text: str, start: int, end: int) -> "Span":
        """The span of ``text[start:end]``."""
        return cls(start, end, text[start:end])

    def __len__(self) -> int:
        return self.end - self.start

    def overlaps(self, other: "Span") -> bool:
        return self.start < other.end and other.start < self.end

    def contains(self, other: "Span") -> bool:
        return self.start <= other.start and other.end <= self.end

    def to_dict(self) -> dict:
        return {"start": self.start, "end": self.end, "text": self.text}


def span_dict(span: Span | None) -> dict | None:
    """A span as the record writes it, or None."""
    return None if span is None else span.to_dict()
