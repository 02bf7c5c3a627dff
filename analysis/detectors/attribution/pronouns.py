"""Pronoun sources and short names: who each refers to.

Walking the attributions in text order, each source with a label is a candidate of a kind: a
person (a name, a role, a singular unnamed source: "a spokeswoman"), people (a plural or
coordinated phrase: "officials", "Mr. Peck and Mr. Mahaney"), an organisation or a thing (a
document, a poll). A pronoun source refers to the nearest earlier candidate of a compatible kind,
so the subject of the previous statement comes first: "he"/"she" a person, "they"/"we" people or
an organisation, "it" an organisation or a thing (a resolved pronoun's referent is a candidate in
its turn). A short name ("Smith", "Mr. Obama") refers to the nearest earlier longer name ending
in the same word ("Senator Jane Smith"). Where no candidate is compatible the attribution says so
(``resolved=False``, no ``refers_to``); "I", "you" and a name with no longer form are not
resolved (``resolved`` None). A relative pronoun ("who") is resolved in ``labels``.
"""
from __future__ import annotations

from dataclasses import replace

from ...text.spans import Span
from ..reporting_words import WORD_RE, norm_word, source_words
from .context import Attribution

#: what each pronoun may refer to
COMPATIBLE = {"he": ("person",), "she": ("person",), "they": ("people", "organisation"),
              "we": ("people", "organisation"), "it": ("organisation", "thing")}
COMPATIBLE.update(his=COMPATIBLE["he"], her=COMPATIBLE["she"], their=COMPATIBLE["they"], our=COMPATIBLE["we"],
                  its=COMPATIBLE["it"])
_TITLES = frozenset("mr mrs ms miss dr sen rep gov gen prof president senator governor".split())
_PEOPLE = frozenset("people men women children".split())


def _kind(label: str, stype: str) -> str:
    """The kind of candidate a label of source type ``stype`` is."""
    words = [norm_word(w) for w in WORD_RE.findall(label)]
    head = words[-1] if words else ""
    plural = head in _PEOPLE or head.endswith("s") and not head.endswith(("ss", "'s", "us", "is")) \
        and source_words().get(head) != "organisation"
    if stype == "organisation":
        return "organisation"
    if stype == "document":
        return "thing"
    if "and" in words or plural and stype != "named":
        return "people"
    return "person"


def _pronoun(a: Attribution) -> str | None:
    w = norm_word(a.source.text).split("'")[0]
    return w if w in COMPATIBLE else None


def _short_name(label: str) -> str | None:
    """The one name word of a short name ("Smith", "Mr. Obama"), else None."""
    words = [w for w in WORD_RE.findall(label) if norm_word(w).rstrip(".") not in _TITLES]
    return norm_word(words[0]) if len(words) == 1 and words[0][:1].isupper() else None


def _resolve_pronouns(attrs: list[Attribution]) -> list[Attribution]:
    out = []
    seen: list[tuple[Span, str, str]] = []      # (label, kind, source type) of the sources so far
    for a in attrs:
        if a.source is not None and a.source_type == "pronoun" and a.resolved is None:
            p = _pronoun(a)
            if p is not None:
                target = next((c for c in reversed(seen) if c[1] in COMPATIBLE[p]), None)
                a = replace(a, refers_to=target[0] if target else None, resolved=target is not None)
        elif a.source is not None and a.source_type == "named" and a.label is not None:
            name = _short_name(a.label.text)
            full = next((c for c in reversed(seen) if c[2] == "named" and c[0].text != a.label.text
                         and len(WORD_RE.findall(c[0].text)) > 1 and _short_name(c[0].text) is None
                         and norm_word(WORD_RE.findall(c[0].text)[-1]) == name), None) if name else None
            if full is not None:
                a = replace(a, refers_to=full[0], resolved=True)
        if a.refers_to is not None:
            seen.append((a.refers_to, _referent_kind(a, seen), "named" if a.resolved else a.source_type))
        elif a.label is not None and a.source_type != "pronoun":
            seen.append((a.label, _kind(a.label.text, a.source_type), a.source_type))
        out.append(a)
    return out


def _referent_kind(a: Attribution, seen: list[tuple[Span, str, str]]) -> str:
    """The kind of what ``a`` refers to: that of the candidate it was resolved to."""
    return next((c[1] for c in reversed(seen) if c[0] == a.refers_to), "person")
