"""Loaded-language spans from word probabilities: a word at the threshold seeds a span, which
grows over charged neighbours, a whole multi-word expression, the noun a charged modifier heads,
and the words the phrase-extension model joins to it; a span never ends on a function word.
"""
from __future__ import annotations

from dataclasses import dataclass

from ...text.document import Document
from ...text.spans import Span
from .categories import category_and_signals
from .features import _GAP_BREAK_RE, Token
from .lexicon import vocab_key
from .model import Model, _sigmoid


@dataclass(frozen=True)
class LoadedSpan:
    span: Span
    category: str                  # e.g. "pejorative label", "fear/threat", ...
    confidence: float              # 0..1
    signals: tuple[str, ...] = ()  # why it was flagged, in words a reader understands
    voice: str = ""                # "own" (the outlet's voice) or "quoted"; set by analysis.scores


def join_features(tokens: list[Token], k: int) -> dict:
    """Inputs of the phrase-extension model for the adjacent tokens k and k+1: do they belong to
    one loaded phrase, given that one of them is loaded?"""
    a, b = tokens[k], tokens[k + 1]
    f = {"L:pos=" + a.info.pos: 1.0, "R:pos=" + b.info.pos: 1.0,
         "pair=" + a.info.pos + "+" + b.info.pos: 1.0,
         "Lw=" + vocab_key(a.lower): 1.0, "Rw=" + vocab_key(b.lower): 1.0}
    if a.info.category or a.mwe:
        f["L:category"] = 1.0
    if b.info.category or b.mwe:
        f["R:category"] = 1.0
    if a.info.vader:
        f["L:vader"] = abs(a.info.vader) / 4
    if b.info.vader:
        f["R:vader"] = abs(b.info.vader) / 4
    if b.text[0].isupper():
        f["R:capitalised"] = 1.0
    if a.text[0].isupper():
        f["L:capitalised"] = 1.0
    if "scare_quote" in b.feats or "scare_quote" in a.feats:
        f["scare_quote"] = 1.0
    return f


def join_probability(tokens: list[Token], k: int, model: Model) -> float:
    j = model.join
    w = j["weights"]
    z = j["bias"]
    for name, v in join_features(tokens, k).items():
        z += w.get(name, 0.0) * v
    return _sigmoid(z)


_EXTEND_HEAD = {"adj", "adv"}
_NOUNISH = {"noun", "name", "adj", "unk"}


def _joinable(text: str, a, b) -> bool:
    """Two adjacent tokens may be in one span: nothing but spaces (or a hyphen/apostrophe) between."""
    gap = text[a.end:b.start]
    return len(gap) <= 2 and not _GAP_BREAK_RE.search(gap) and "\n" not in gap


def decode_spans(doc: Document, tokens: list[Token], probs: list[float], threshold: float,
                 model: Model, explain: bool = True) -> list[LoadedSpan]:
    """Seeds at ``threshold``, grown over charged neighbours, MWEs and the noun phrase headed."""
    n = len(tokens)
    text = doc.flow
    taken = [False] * n
    out: list[LoadedSpan] = []
    order = sorted((k for k in range(n) if probs[k] >= threshold and not tokens[k].negated),
                   key=lambda k: (-probs[k], k))
    for k in order:
        if taken[k]:
            continue
        lo, hi = k, k + 1
        why: list[str] = []
        # a multi-word expression is taken whole
        if tokens[k].mwe:
            lo, hi = min(lo, tokens[k].mwe[0]), max(hi, tokens[k].mwe[1])
        # grow over neighbours the model finds charged enough
        while lo > 0 and not taken[lo - 1] and probs[lo - 1] >= model.grow and not tokens[lo - 1].negated \
                and tokens[lo - 1].sentence == tokens[k].sentence and _joinable(text, tokens[lo - 1], tokens[lo]):
            lo -= 1
            why.append(tokens[lo].text)
        while hi < n and not taken[hi] and probs[hi] >= model.grow and not tokens[hi].negated \
                and tokens[hi].sentence == tokens[k].sentence and _joinable(text, tokens[hi - 1], tokens[hi]):
            why.append(tokens[hi].text)
            hi += 1
        # phrase extension: a charged modifier extends to the noun it modifies
        ext = []
        if tokens[hi - 1].info.pos in _EXTEND_HEAD:
            j = hi
            while j < n and j - hi < 3 and not taken[j] and tokens[j].sentence == tokens[k].sentence \
                    and _joinable(text, tokens[j - 1], tokens[j]) and tokens[j].info.pos in _NOUNISH \
                    and tokens[j].info.pos != "func":
                j += 1
                if tokens[j - 1].info.pos in ("noun", "name"):
                    break
            if j > hi and tokens[j - 1].info.pos in ("noun", "name"):
                ext = [t.text for t in tokens[hi:j]]
                hi = j
        # phrase extension learned from PTC: the words that usually belong to the same phrase
        joined_l, joined_r = [], []
        if model.join:
            jt = model.join["threshold"]
            sk = tokens[k].sentence
            while lo > 0 and len(joined_l) < 4 and not taken[lo - 1] and not tokens[lo - 1].negated \
                    and tokens[lo - 1].sentence == sk and _joinable(text, tokens[lo - 1], tokens[lo]) \
                    and join_probability(tokens, lo - 1, model) >= jt:
                lo -= 1
                joined_l.insert(0, tokens[lo].text)
            while hi < n and len(joined_r) < 4 and not taken[hi] and not tokens[hi].negated \
                    and tokens[hi].sentence == sk and _joinable(text, tokens[hi - 1], tokens[hi]) \
                    and join_probability(tokens, hi - 1, model) >= jt:
                joined_r.append(tokens[hi].text)
                hi += 1
            # a phrase does not end on a function word: bridge it to a loaded word right after
            # ("corrupt and shameful") or drop it ("corrupt and" -> "corrupt")
            while hi - 1 > k and not tokens[hi - 1].candidate and not tokens[hi - 1].mwe:
                if hi < n and not taken[hi] and probs[hi] >= threshold and not tokens[hi].negated \
                        and tokens[hi].sentence == sk and _joinable(text, tokens[hi - 1], tokens[hi]):
                    joined_r.append(tokens[hi].text)
                    hi += 1
                    break
                hi -= 1
                if joined_r:
                    joined_r.pop()
                elif why and why[-1] == tokens[hi].text:
                    why.pop()
        if any(taken[j] for j in range(lo, hi)):
            lo, hi = k, k + 1
            joined_l, joined_r = [], []
        for j in range(lo, hi):
            taken[j] = True
        span = doc.span(tokens[lo].start, tokens[hi - 1].end)
        conf = probs[k]
        category, signals = (category_and_signals(tokens, lo, hi, k, conf, model, why, ext, joined_l + joined_r)
                             if explain else ("", ()))
        out.append(LoadedSpan(span=span, category=category, confidence=round(conf, 4), signals=signals))
    out.sort(key=lambda s: (s.span.start, s.span.end))
    return out
