"""A learned check on reporting cues: which words of a sentence introduce an attribution.

The rules of ``analysis.detectors.attribution.cues`` find cues from a word list ("said", "according to", "told")
and the shape of the sentence. Many cues in news are rarer words ("derides", "recommends",
"credits", "is sure") or common words whose use decides ("support" in "Two-thirds support
reducing…" but not in "financial support"). This module scores each candidate word with a
logistic model over its context:

- the word, its guessed base form and ending; its neighbours one and two words away;
- the punctuation around it (a comma, a quotation mark, a colon), its capitalisation, whether it
  stands inside a quotation, whether the sentence quotes someone;
- what the rules said (the word is in a rule cue; the rule list's precision for it; how far the
  nearest rule cue is).

Candidates are the words seen inside gold cues in training (``vocab`` in the model file) plus every
word of a rule cue. A candidate above ``add_threshold`` becomes a cue; a rule cue whose words all
score below ``drop_threshold`` is dropped. Adjacent candidates join into one cue
(``checked_cues``).

The model (``data/cue_model.json``) is plain JSON: feature weights, bias, thresholds, vocabulary
and the cross-validated figures; inference needs neither scikit-learn nor NumPy. Inference looks the
weights up in nested tables (``cue_tables``), not by a feature string per candidate. It is trained by
``scripts/train_cues.py`` on the PolNeAR train split; only weights are kept, not the corpus text.
"""
from __future__ import annotations

import bisect
import math
from itertools import repeat
from dataclasses import dataclass, field
from functools import lru_cache

from ...lexicons.files import cached_json, data_path, word_list
from ..reporting_words import cue_lexicon
from .context import _BE, Context, word_positions
from .cue_tables import PRONOUNS, _Tables, _gap_class, _lemma, _rule_index, _static, _tables, cached_nested
from .cues import _not_a_verb, _not_reporting

@dataclass(frozen=True)
class CueModel:
    bias: float
    weights: dict[str, float]
    vocab: frozenset[str]
    function_words: frozenset[str]
    add_threshold: float
    drop_threshold: float
    info: dict
    static: dict = field(default_factory=dict, compare=False, repr=False)   # word -> its own weights
    tables: dict = field(default_factory=dict, compare=False, repr=False)   # the weights nested (``_tables``)


def _function_words() -> frozenset[str]:
    return frozenset(w for line in word_list("cue_function_words.txt") for w in line.split())


@lru_cache(maxsize=1)
def function_words() -> frozenset[str]:
    """Words that are never a cue's head: articles, prepositions, auxiliaries, pronouns."""
    return _function_words()


@lru_cache(maxsize=1)
def load_model() -> CueModel | None:
    """The shipped model, or None when the file is absent (the rules alone are used)."""
    if not data_path("cue_model.json").is_file():
        return None
    raw = cached_json("cue_model.json")
    model = CueModel(raw["bias"], raw["weights"], frozenset(raw["vocab"]), function_words(),
                     raw["add_threshold"], raw["drop_threshold"], raw.get("info", {}))
    model.tables["nested"] = cached_nested(model.weights, data_path("cue_model.json"))
    return model


def _context(cx, lo: int, hi: int, i: int, rule_dist: int):
    """What both ``features`` and ``logit`` read of token i's context: the word, its neighbours
    one and two words away ("<s>", "</s>" past the sentence), the punctuation classes before and
    after it, its guessed base form and the distance class to the nearest rule cue."""
    low, toks, text = cx.low, cx.toks, cx.text
    w = low[i]
    d = rule_dist
    return (w,
            low[i - 1] if i > lo else "<s>",
            low[i - 2] if i - 1 > lo else "<s>",
            low[i + 1] if i + 1 < hi else "</s>",
            low[i + 2] if i + 2 < hi else "</s>",
            _gap_class(text[toks[i - 1].end:toks[i].start]) if i > lo else "^",
            _gap_class(text[toks[i].end:toks[i + 1].start]) if i + 1 < hi else "$",
            _lemma(w),
            "none" if d < 0 else "0" if d == 0 else "1" if d == 1 else "2-3" if d <= 3 else "4-8" if d <= 8 else "far")


def features(cx, lo: int, hi: int, i: int, rule_dist: int, lex_prec: float | None,
             quotes: tuple[int, int] | None, flags: tuple[str, ...] = ()) -> list[str]:
    """The features of token ``i`` of the sentence lo..hi-1.

    ``cx`` has ``low`` (lower-case words), ``toks`` (Spans), ``text`` and ``in_quote``;
    ``rule_dist`` is the distance (in tokens) from token i to the nearest rule cue of the
    sentence (0 inside one, -1 when the sentence has none); ``quotes`` the first and last tokens
    of the sentence inside quotation marks (None: none are); ``flags`` are the rules' own
    judgements of the word ("notverb": a use that reports nothing; "be": after a form of be)."""
    w, p1, p2, n1, n2, gl, gr, lem, dist = _context(cx, lo, hi, i, rule_dist)
    toks = cx.toks
    f = [
        "w=" + w, "lem=" + lem, "suf=" + w[-3:], "p1=" + p1, "n1=" + n1, "p2=" + p2, "n2=" + n2,
        "gl=" + gl, "gr=" + gr, "w|n1=" + w + "|" + n1, "p1|w=" + p1 + "|" + w,
        "lem|gr=" + lem + "|" + gr, "lem|gl=" + lem + "|" + gl,
        "rule=" + dist, "lem|rule=" + lem + "|" + dist,
    ]
    kinds = cx.kinds
    if i > lo and kinds.get(p1):
        f.append("p1type=" + kinds[p1])
    if i - 1 > lo and kinds.get(p2):
        f.append("p2type=" + kinds[p2])
    pos = i - lo
    f.append("pos=" + ("0" if pos == 0 else "1-3" if pos <= 3 else "4-8" if pos <= 8 else "9+"))
    left = hi - 1 - i
    f.append("left=" + ("0" if left == 0 else "1-3" if left <= 3 else "4-8" if left <= 8 else "9+"))
    if quotes is not None:
        f.append("q=" + ("b" if quotes[0] < i else "") + ("a" if quotes[1] > i else ""))
    t = toks[i].text
    if t[:1].isupper():
        f.append("cap" if i > lo else "cap_first")
    if i > lo and toks[i - 1].text[:1].isupper():
        f.append("p1cap")
    if p1 in PRONOUNS:
        f.append("p1pron")
    if cx.in_quote[i]:
        f.append("inq")
        f.append("lem|inq=" + lem)
    if quotes is not None:
        f.append("sentq")
        f.append("lem|sentq=" + lem)
    for flag in flags:
        f.append(flag)
        f.append(flag + "|" + lem)
    if lex_prec is not None:
        f.append("lex=%.1f" % lex_prec)
    else:
        f.append("lex=none")
    return f


def probability(model: CueModel, feats: list[str]) -> float:
    z = model.bias + sum(map(model.weights.get, feats, repeat(0.0, len(feats))))
    if z < -30:
        return 0.0
    return 1.0 / (1.0 + math.exp(-z))


def logit(model: CueModel, cx, lo: int, hi: int, i: int, rule_dist: int, lex_prec: float | None,
          quotes: tuple[int, int] | None, flags: tuple[str, ...] = ()) -> float:
    """``bias + the weights of features(...)``, computed without building the feature list (a test
    checks it equals the sum over ``features``). The check on a sentence adds the same weights in
    the same order from nested tables (``_probabilities``), where the model's weights split."""
    return _string_logit(model, cx, lo, hi, i, rule_dist, lex_prec, quotes, flags)


def _string_logit(model: CueModel, cx, lo: int, hi: int, i: int, rule_dist: int, lex_prec: float | None,
                  quotes: tuple[int, int] | None, flags: tuple[str, ...] = ()) -> float:
    """``logit`` over the flat weights, keyed by the features' strings (for a model whose weights
    do not split into nested tables)."""
    g = model.weights.get
    w, p1, p2, n1, n2, gl, gr, lem, dist = _context(cx, lo, hi, i, rule_dist)
    toks = cx.toks
    z = model.bias + _static(model, w, lem) + g("p1=" + p1, 0.0) + g("n1=" + n1, 0.0) + g("p2=" + p2, 0.0) \
        + g("n2=" + n2, 0.0) + g("gl=" + gl, 0.0) + g("gr=" + gr, 0.0) + g("w|n1=" + w + "|" + n1, 0.0) \
        + g("p1|w=" + p1 + "|" + w, 0.0) + g("lem|gr=" + lem + "|" + gr, 0.0) + g("lem|gl=" + lem + "|" + gl, 0.0) \
        + g("rule=" + dist, 0.0) + g("lem|rule=" + lem + "|" + dist, 0.0)
    kinds = cx.kinds
    if i > lo and kinds.get(p1):
        z += g("p1type=" + kinds[p1], 0.0)
    if i - 1 > lo and kinds.get(p2):
        z += g("p2type=" + kinds[p2], 0.0)
    pos = i - lo
    z += g("pos=" + ("0" if pos == 0 else "1-3" if pos <= 3 else "4-8" if pos <= 8 else "9+"), 0.0)
    left = hi - 1 - i
    z += g("left=" + ("0" if left == 0 else "1-3" if left <= 3 else "4-8" if left <= 8 else "9+"), 0.0)
    if quotes is not None:
        z += g("q=" + ("b" if quotes[0] < i else "") + ("a" if quotes[1] > i else ""), 0.0)
    if toks[i].text[:1].isupper():
        z += g("cap" if i > lo else "cap_first", 0.0)
    if i > lo and toks[i - 1].text[:1].isupper():
        z += g("p1cap", 0.0)
    if p1 in PRONOUNS:
        z += g("p1pron", 0.0)
    if cx.in_quote[i]:
        z += g("inq", 0.0) + g("lem|inq=" + lem, 0.0)
    if quotes is not None:
        z += g("sentq", 0.0) + g("lem|sentq=" + lem, 0.0)
    for flag in flags:
        z += g(flag, 0.0) + g(flag + "|" + lem, 0.0)
    z += g("lex=%.1f" % lex_prec if lex_prec is not None else "lex=none", 0.0)
    return z


def sigmoid(z: float) -> float:
    return 0.0 if z < -30 else 1.0 / (1.0 + math.exp(-z))


# ------------------------------------------------------------------------ the check on a sentence

def rule_distance(k: int, cues: list[tuple[int, int]]) -> int:
    """Token k's distance in tokens to the nearest of ``cues`` (0 inside one; -1 when there are none)."""
    best = -1
    for a, b in cues:
        d = 0 if a <= k <= b else (a - k if k < a else k - b)
        if best < 0 or d < best:
            best = d
    return best


def cue_candidates(cx: Context, lo: int, hi: int, cues: list[tuple[int, int]], model: CueModel) -> list[int]:
    """Tokens of lo..hi-1 the cue model scores, in order: words of its vocabulary outside quotation
    marks (inside, they are the quoted person's words, as for the rules) and words of rule cues,
    never function words."""
    if cx.vocab_tokens is None or cx.vocab_model is not model:
        scored = model.tables.get("scored")
        if scored is None:
            model.tables["scored"] = scored = model.vocab - model.function_words
        inq = cx.in_quote
        cx.vocab_tokens = [k for k in word_positions(cx.low, scored) if not inq[k]]
        cx.vocab_model = model
    vt = cx.vocab_tokens
    cands = vt[bisect.bisect_left(vt, lo):bisect.bisect_left(vt, hi)]
    if cues:
        fw = model.function_words
        extra = [k for a, b in cues for k in range(a, b + 1) if cx.low[k] not in fw]
        if extra:
            cands = sorted(set(cands).union(extra))
    return cands


def _candidate_inputs(cx: Context, lo: int, hi: int, cues: list[tuple[int, int]], model: CueModel):
    """(token, rule distance, cue-list precision, quoted tokens, flags) for every candidate of
    the sentence lo..hi-1: what ``features`` are made of."""
    cands = cue_candidates(cx, lo, hi, cues, model)
    if not cands:
        return []
    lex = cue_lexicon()
    quotes = _quoted_range(cx.in_quote, lo, hi)
    out = []
    for k in cands:
        cw = lex.get(cx.low[k])
        flags = ("notverb",) if _not_a_verb(cx, lo, hi, k) else ()
        if k > lo and cx.low[k - 1] in _BE:
            flags += ("be",)
        out.append((k, rule_distance(k, cues), cw.precision if cw else None, quotes, flags))
    return out


def _quoted_range(in_quote: list[bool], lo: int, hi: int) -> tuple[int, int] | None:
    """The first and the last quoted token of the sentence lo..hi-1, or None (list.index runs in C)."""
    try:
        q0 = in_quote.index(True, lo, hi)
    except ValueError:
        return None
    return q0, hi - 1 - in_quote[hi - 1:q0 - 1 if q0 else None:-1].index(True)


def candidate_features(cx: Context, lo: int, hi: int, cues: list[tuple[int, int]], model: CueModel):
    """(token, features) for every candidate of the sentence lo..hi-1 (see ``features``)."""
    return [(k, features(cx, lo, hi, k, d, prec, quotes, flags))
            for k, d, prec, quotes, flags in _candidate_inputs(cx, lo, hi, cues, model)]


def candidate_probabilities(cx: Context, lo: int, hi: int, cues: list[tuple[int, int]], model: CueModel):
    """{token: the cue model's probability} for every candidate of the sentence lo..hi-1."""
    t = _tables(model)
    if t is not None:
        return _probabilities(t, cx, lo, hi, cues, model)
    return {k: sigmoid(logit(model, cx, lo, hi, k, d, prec, quotes, flags))
            for k, d, prec, quotes, flags in _candidate_inputs(cx, lo, hi, cues, model)}


def _probabilities(t: _Tables, cx: Context, lo: int, hi: int, cues: list[tuple[int, int]], model: CueModel):
    """``candidate_probabilities`` in one loop: ``_candidate_inputs`` and ``_logits`` together,
    each candidate's weights added in the same order (the same floating-point sums; a weight that
    ``logit`` adds only under a condition is 0.0 here where the condition fails). A candidate costs
    a few subscripts: the rows of its word, its neighbours and the gaps beside it (``cue_tables``)."""
    cands = cue_candidates(cx, lo, hi, cues, model)
    if not cands:
        return {}
    low, toks, between, inq = cx.low, cx.toks, cx.gaps, cx.in_quote
    quotes = _quoted_range(inq, lo, hi)
    words, rows, gaps, start, end, first, last = t.words, t.neighbours, t.gaps, t.start, t.end, t.first, t.last
    pos_weights, left_weights, rules, exp = t.pos_weights, t.left_weights, t.rules, math.exp
    out = {}
    for i in cands:
        w = low[i]
        rec = words[w]
        if i > lo:
            p1, P1, G1 = low[i - 1], rows[low[i - 1]], gaps[between[i - 1]]
            P2 = rows[low[i - 2]] if i - 1 > lo else start
        else:
            p1, P1, P2, G1 = "<s>", start, start, first
        if i + 1 < hi:
            n1, N1, G2 = low[i + 1], rows[low[i + 1]], gaps[between[i]]
            N2 = rows[low[i + 2]] if i + 2 < hi else end
        else:
            n1, N1, N2, G2 = "</s>", end, end, last
        r = _rule_index(rule_distance(i, cues)) if cues else 0
        z = rec.head + P1.p1 + N1.n1 + P2.p2 + N2.n2 + G1.left + G2.right + rec.n1.get(n1, 0.0) \
            + rec.p1.get(p1, 0.0) + rec.gr.get(G2.cls, 0.0) + rec.gl.get(G1.cls, 0.0) + rules[r] + rec.rules[r] \
            + P1.p1type + P2.p2type
        z += pos_weights[i - lo if i - lo < 9 else 9]
        z += left_weights[hi - 1 - i if hi - 1 - i < 9 else 9]
        if quotes is not None:
            z += t.quoted[quotes[0] < i][quotes[1] > i]
        if toks[i].text[:1].isupper():
            z += t.cap if i > lo else t.cap_first
        if i > lo and toks[i - 1].text[:1].isupper():
            z += t.p1cap
        z += P1.pron
        if inq[i]:
            z += rec.in_quote
        if quotes is not None:
            z += rec.in_sentq
        if (rec.unreporting or P1.opens) and _not_a_verb(cx, lo, hi, i):
            z += rec.notverb
        if P1.be:
            z += rec.be
        z += rec.lex
        out[i] = 0.0 if z < -30 else 1.0 / (1.0 + exp(-z))
    return out


def checked_cues(cx: Context, lo: int, hi: int, cues: list[tuple[int, int]],
                  model: CueModel | None) -> list[tuple[int, int]]:
    """The rule cues checked by the learned cue model: a rule cue whose words all score below
    the model's drop threshold goes; a word scoring at or above its add threshold becomes a cue
    (adjacent ones join: "has in mind"), unless it or the word after it is a use the rules know
    reports nothing (_not_reporting: "officially known as the Center", "spoke for an hour")."""
    if model is None:
        return cues
    prob = candidate_probabilities(cx, lo, hi, cues, model)
    if not prob:
        return cues
    new = [k for k, p in prob.items() if p >= model.add_threshold]     # in order, as the candidates
    if cues:
        kept = [c for c in cues if any(prob.get(k, 1.0) >= model.drop_threshold
                                       for k in range(c[0], c[1] + 1) if cx.low[k] not in model.function_words)
                or all(cx.low[k] in model.function_words for k in range(c[0], c[1] + 1))]
        if new:
            covered = {k for a, b in cues for k in range(a, b + 1)}
            new = [k for k in new if k not in covered]
    else:
        kept = []
    if not new:
        return kept
    groups: list[list[int]] = []
    for k in new:
        if groups and k - groups[-1][-1] <= 2 and not cx.boundary(groups[-1][-1], k) and \
                all(cx.low[t] in model.function_words for t in range(groups[-1][-1] + 1, k)):
            groups[-1].append(k)
        else:
            groups.append([k])
    added = [(g[0], g[-1]) for g in groups
             if not any(_not_reporting(cx, lo, hi, k) for k in range(g[0], min(g[-1] + 2, hi)))]
    if not added:
        return kept
    return sorted(kept + added)
