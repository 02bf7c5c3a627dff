"""Counts and ranks in words, for every text the project writes: "1 word", "2 words", "21st"."""
from __future__ import annotations


def plural(n: int, word: str, many: str | None = None) -> str:
    """``n`` with ``word`` in the singular for 1 and the plural otherwise (``many``, else word + "s")."""
    return f"{n} {word if n == 1 else (many or word + 's')}"


def ordinal(n: int) -> str:
    """1 -> '1st', 2 -> '2nd', 11 -> '11th', 23 -> '23rd'."""
    if 10 <= n % 100 <= 20:
        suffix = "th"
    else:
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"
