"""Pronoun sources: each one refers to the nearest earlier named source ("they"/"we": the nearest
organisation, group or named source)."""
from __future__ import annotations

from dataclasses import replace

from ...text.spans import Span
from ..reporting_words import norm_word
from .context import Attribution


def _resolve_pronouns(attrs: list[Attribution]) -> list[Attribution]:
    out = []
    last_named: Span | None = None
    last_group: Span | None = None
    for a in attrs:
        if a.source_type == "pronoun" and a.source is not None:
            w = norm_word(a.source.text)
            target = last_group if w.startswith(("they", "we")) and last_group else last_named
            a = replace(a, refers_to=target)
        elif a.source is not None and a.source_type == "named":
            last_named = a.source
            last_group = a.source if last_group is None else last_group
        elif a.source is not None and a.source_type in ("organisation", "anonymous"):
            last_group = a.source
        out.append(a)
    return out
