"""The loaded-language model: a logistic regression over each word's inputs (``features``) and a
second one for phrase extension, trained by ``scripts/train_loaded.py`` and shipped as plain JSON
weights (``data/loaded_model.json``); the default threshold, read from the same file, and the one
check of a threshold given by a user; the probability of every word of an article.
"""
from __future__ import annotations

import math
from bisect import bisect_left
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import compress

from ...errors import UserError
from ...lexicons.files import cached_json
from .features import Token, _Facts, _W_ALLCAPS, _W_CAND, _W_CAP, _W_LOWER, static_features
from .lexicon import vocab_key


@dataclass(frozen=True)
class Model:
    bias: float
    weights: dict[str, float]        # feature name -> weight
    vocab: dict[str, float]          # lowercase word -> learned weight
    grow: float                      # probability a neighbour needs to join a span
    threshold: float                 # the threshold chosen by cross-validation
    info: dict
    lexicon_floor: float = 0.0       # a curated-lexicon word (not negated) has at least this probability
    join: dict = field(default_factory=dict)   # phrase-extension model: bias, weights, threshold
    _static: dict = field(default_factory=dict, repr=False, compare=False)
    _words: dict = field(default_factory=dict, repr=False, compare=False)

    def static_logit(self, lw: str) -> float:
        """bias + the contribution of the word's own inputs and learned weight (cached)."""
        z = self._static.get(lw)
        if z is None:
            w = self.weights
            z = self.bias + self.vocab.get(vocab_key(lw), 0.0)
            for name, val in static_features(lw).items():
                z += w.get(name, 0.0) * val
            if len(self._static) < 200_000:
                self._static[lw] = z
        return z

    def word_weights(self, lw: str) -> tuple[float, float, float]:
        """(static_logit(lw), weight of "prev=<word>", weight of "next=<word>"), cached."""
        e = self._words.get(lw)
        if e is None:
            key, w = vocab_key(lw), self.weights
            e = (self.static_logit(lw), w.get("prev=" + key, 0.0), w.get("next=" + key, 0.0))
            if len(self._words) < 200_000:
                self._words[lw] = e
        return e

    @classmethod
    def from_dict(cls, d: dict) -> "Model":
        return cls(bias=float(d["bias"]), weights={k: float(v) for k, v in d["weights"].items()},
                   vocab={k: float(v) for k, v in d.get("vocab", {}).items()},
                   grow=float(d.get("grow", 0.3)), threshold=float(d["threshold"]),
                   info=d.get("info", {}), lexicon_floor=float(d.get("lexicon_floor", 0.0)),
                   join=d.get("join", {}))


@lru_cache(maxsize=1)
def default_model() -> Model:
    """The shipped model (``data/loaded_model.json``)."""
    return Model.from_dict(cached_json("loaded_model.json"))


# The default threshold is the one training chose by cross-validation and wrote in the model file
# (scripts/train_loaded.py): retraining moves the model and its threshold together.
DEFAULT_THRESHOLD = default_model().threshold


class ThresholdError(UserError, ValueError):
    """A loaded-language threshold that is not a number from 0 to 1. The message says what is
    wanted; the caller puts the parameter's name before it (``loaded_threshold``, ``--threshold``)."""


def check_threshold(value, shown: str | None = None) -> float:
    """``value`` as a loaded-language threshold: None means ``DEFAULT_THRESHOLD``; otherwise a
    number (not a bool) from 0 to 1, else ThresholdError, showing ``shown`` (the text as typed)
    or else ``repr(value)``."""
    if value is None:
        return DEFAULT_THRESHOLD
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 1:
        raise ThresholdError(f"must be a number from 0 to 1 (got {repr(value) if shown is None else shown}); "
                             f"the default is {DEFAULT_THRESHOLD}")
    return float(value)


def _sigmoid(x: float) -> float:
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    e = math.exp(x)
    return e / (1.0 + e)


def token_probabilities(tokens: list[Token], model: Model) -> list[float]:
    if not tokens:
        return []
    w = model.weights
    doc_z = sum(w.get(k, 0.0) * v for k, v in tokens[0].docf.items())
    floor = model.lexicon_floor
    wget = w.get
    static = model._static
    out = []
    for t in tokens:
        if not t.candidate:
            out.append(0.0)
            continue
        z = static.get(t.lower)
        if z is None:
            z = model.static_logit(t.lower)
        z += doc_z
        for name, val in t.feats.items():
            z += wget(name, 0.0) * val
        p = _sigmoid(z)
        if floor and p < floor and (t.info.category or t.mwe) and not t.negated:
            p = floor
        out.append(p)
    return out


def _in_context(values: list, sent_of: list[int]) -> list:
    """For each token, the largest of ``values`` over the two words either side of it in its
    sentence (``_Facts.features``' neighbours; 0 when none has one), spread from the few words
    that have a value to their neighbours."""
    n = len(values)
    out = [0] * n
    for k in compress(range(n), values):
        v, s = values[k], sent_of[k]
        for j in (k - 2, k - 1, k + 1, k + 2):
            if 0 <= j < n and sent_of[j] == s and v > out[j]:
                out[j] = v
    return out


def _probabilities(facts: _Facts, model: Model) -> list[float]:
    """``token_probabilities(token_features(doc), model)`` without making Tokens or feature dicts:
    the same inputs and weights, added up in the same order (so exactly the same numbers).
    An input added to ``_Facts.features`` must be added here too, at the same place."""
    n = facts.n
    if not n:
        return []
    wget = model.weights.get
    doc_z = sum(wget(k, 0.0) * v for k, v in facts.docf.items())
    floor = model.lexicon_floor
    wcache = model._words
    forms = facts.forms
    lowers = facts.columns[_W_LOWER]
    mw = list(map(wcache.get, lowers))          # (static logit, "prev=" weight, "next=" weight)
    if None in mw:                              # words this model has not seen yet
        mw = [e or model.word_weights(lw) for e, lw in zip(mw, lowers)]
    sent_of, brk, absv, has_cat = facts.sent_of, facts.brk, facts.absv, facts.has_cat
    quote, mwe, negated, exclaim = facts.quote, facts.mwe, facts.negated, facts.exclaim
    # per sentence: its mean subjectivity (or None) and whether it has an exclamation mark
    n_sent = sent_of[-1] + 1
    sent_ss = [facts.sent_subj.get(i) for i in range(n_sent)]
    sent_excl = [i in exclaim for i in range(n_sent)]
    n_head = bisect_left(facts.starts, facts.headline_end)   # tokens starting before the headline's end
    w_mwe, w_cap, w_caps, w_head, w_excl, w_ss, w_cv, w_cc, w_neg = (
        wget(k, 0.0) for k in ("mwe", "capitalised", "all_caps", "headline", "exclamation",
                               "sentence_subjectivity", "context_vader", "context_category", "negated"))
    context_v, context_c = _in_context(absv, sent_of), _in_context(has_cat, sent_of)
    exp = math.exp
    out = [0.0] * n
    last = n - 1
    for k in compress(range(n), facts.columns[_W_CAND]):
        form = forms[k]
        # the same order as the Token path: static inputs, article, then ``Token.feats`` in order
        z = mw[k][0]
        z += doc_z
        if k in quote:
            for name in quote[k]:
                z += wget(name, 0.0)
        sk = sent_of[k]
        m = mwe.get(k) if mwe else None
        if m:
            z += w_mwe
            z += wget("mwe_cat=" + m[2], 0.0)
        if form[_W_CAP] and k > 0 and sent_of[k - 1] == sk:
            z += w_cap
        if form[_W_ALLCAPS]:
            z += w_caps
        if k < n_head:
            z += w_head
        if sent_excl[sk]:
            z += w_excl
        ss = sent_ss[sk]
        if ss:
            z += w_ss * ss
        cv = context_v[k]
        if cv:
            z += w_cv * cv
        if context_c[k]:
            z += w_cc
        if k > 0 and not brk[k]:
            z += mw[k - 1][1]
        if k < last and not brk[k + 1]:
            z += mw[k + 1][2]
        neg = k in negated
        if neg:
            z += w_neg
        if z >= 0:
            p = 1.0 / (1.0 + exp(-z))
        else:
            e = exp(z)
            p = e / (1.0 + e)
        if floor and p < floor and has_cat[k] and not neg:
            p = floor
        out[k] = p
    return out
