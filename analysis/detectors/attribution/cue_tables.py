"""The cue model's weights as nested tables, for inference (``cue_model.logit`` and the
candidates' probabilities): a table per feature of one value (``p1``: word -> weight), per
candidate word the features that pair it (or its base form) with its context (``_Word``), the
constant features; per word beside a candidate and per gap text their weights there (the rows a
candidate's sum reads by subscripts); and the feature values both the tables and the feature lists
read (the gap classes, the base form, a word's own weights). A weight is looked up by its parts
instead of a string made per feature and candidate; the sums are added in the order of ``features``.
"""
from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from ...lexicons.cache import Memo, cached
from ..reporting_words import cue_lexicon, source_words
from .context import _BE
from .cues import _NOT_REPORTING_WORDS, _opens_phrase

if TYPE_CHECKING:
    from .cue_model import CueModel


@lru_cache(maxsize=1024)
def _gap_class(gap: str) -> str:
    g = gap.strip()
    if not g:
        return "sp"
    out = []
    for ch in g:
        if ch in "“\"‘" or ch in "”’'":
            c = "q"
        elif ch in ",;":
            c = ","
        elif ch in ":":
            c = ":"
        elif ch in "—–-":
            c = "-"
        elif ch in ".!?":
            c = "."
        elif ch in "()[]":
            c = "("
        else:
            c = "o"
        if not out or out[-1] != c:
            out.append(c)
    return "".join(out[:3])


@lru_cache(maxsize=8192)
def _lemma(w: str) -> str:
    if w.endswith("ied") and len(w) > 4:
        return w[:-3] + "y"
    if w.endswith("ing") and len(w) > 5:
        return w[:-3]
    if w.endswith("ed") and len(w) > 4:
        return w[:-2]
    if w.endswith("es") and len(w) > 4 and w[-3] in "sxzh":
        return w[:-2]
    if w.endswith("s") and not w.endswith("ss") and len(w) > 3:
        return w[:-1]
    return w


_DIST = ("none", "0", "1", "2-3", "2-3", "4-8", "4-8", "4-8", "4-8", "4-8")
_SPAN = ("0", "1-3", "1-3", "1-3", "4-8", "4-8", "4-8", "4-8", "4-8")
#: the rule distance classes by ``_rule_index``: none, 0, 1, ..., 8, far
_RULE_CLASSES = _DIST + ("far",)
PRONOUNS = frozenset("he she they i we it you who which that".split())


def _rule_index(d: int) -> int:
    """The place of rule distance ``d`` (-1: the sentence has no rule cue) in ``_RULE_CLASSES``."""
    return d + 1 if d <= 8 else 10


#: features of one value ("p1=said"), looked up in a table of their own
_SINGLE = ("p1", "n1", "p2", "n2", "gl", "gr", "rule", "p1type", "p2type", "pos", "left", "q")
#: features pairing the candidate's word (w) or base form (lem) with its context: (word's place, context's place)
_PAIRED = {"w|n1": (0, 1), "p1|w": (1, 0), "lem|gr": (0, 1), "lem|gl": (0, 1), "lem|rule": (0, 1)}
_CONSTANTS = ("cap", "cap_first", "p1cap", "p1pron", "inq", "sentq")
_EMPTY: dict = {}


class _Word:
    """The weights that depend on one candidate word: its own (static), and, by the context's
    value, those pairing it (or its base form) with the next word, the word before, the gaps,
    the rule distance; ``inq``/``sentq``/flag weights of its base form."""
    __slots__ = ("static", "n1", "p1", "gr", "gl", "rule", "inq", "sentq", "_flags", "_lem", "_weights",
                 "lex", "in_quote", "in_sentq", "notverb", "be", "rules", "unreporting", "head")

    def __init__(self, model: CueModel, t: "_Tables", w: str):
        lem = _lemma(w)
        self._lem = lem
        self.static = _static(model, w, lem)
        self.n1 = t.paired["w|n1"].get(w, _EMPTY)
        self.p1 = t.paired["p1|w"].get(w, _EMPTY)
        self.gr = t.paired["lem|gr"].get(lem, _EMPTY)
        self.gl = t.paired["lem|gl"].get(lem, _EMPTY)
        self.rule = t.paired["lem|rule"].get(lem, _EMPTY)
        g = model.weights.get
        self.inq = g("lem|inq=" + lem, 0.0)
        self.sentq = g("lem|sentq=" + lem, 0.0)
        self._flags: dict[str, float] = {}
        self._weights = model.weights
        # for ``_probabilities``: each sum as ``logit`` adds it
        cw = cue_lexicon().get(w)
        self.lex = t.lex(cw.precision if cw else None)
        self.in_quote = t.inq + self.inq
        self.in_sentq = t.sentq + self.sentq
        self.notverb = t.flag("notverb") + self.flag("notverb")
        self.be = t.flag("be") + self.flag("be")
        self.head = t.bias + self.static     # the sum's first step
        self.rules = tuple(self.rule.get(c, 0.0) for c in _RULE_CLASSES)     # lem|rule by ``_rule_index``
        self.unreporting = w in _NOT_REPORTING_WORDS    # a use of it may report nothing (``cues._not_a_verb``)

    def flag(self, flag: str) -> float:
        """The weight of ``flag`` with the word's base form ("be|sure")."""
        v = self._flags.get(flag)
        if v is None:
            self._flags[flag] = v = self._weights.get(flag + "|" + self._lem, 0.0)
        return v


class _Neighbour:
    """The weights of a word beside a candidate, as the word one (``p1``) or two before it (``p2``),
    one (``n1``) or two after it (``n2``), its kind of source one or two before (``p1type``,
    ``p2type``: 0.0 for none) and a pronoun right before (``pron``); and what the candidate's flags
    ask of the word before: a form of "be" (``be``), a word after which a cue word may be no verb
    (``opens``: ``cues._opens_phrase``). "<s>" and "</s>" stand past the sentence."""
    __slots__ = ("p1", "n1", "p2", "n2", "p1type", "p2type", "pron", "be", "opens")

    def __init__(self, t: "_Tables", w: str):
        self.p1, self.n1, self.p2, self.n2 = (t.p1.get(w, 0.0), t.n1.get(w, 0.0), t.p2.get(w, 0.0),
                                              t.n2.get(w, 0.0))
        kind = source_words().get(w)
        self.p1type = t.p1type.get(kind, 0.0) if kind else 0.0
        self.p2type = t.p2type.get(kind, 0.0) if kind else 0.0
        self.pron = t.p1pron if w in PRONOUNS else 0.0
        self.be = w in _BE
        self.opens = _opens_phrase(w)


class _Gap:
    """The class of the text between two tokens (``_gap_class``; "^" and "$" for a sentence's start
    and end) and its weights as the gap before a candidate (``left``) and after it (``right``)."""
    __slots__ = ("cls", "left", "right")

    def __init__(self, t: "_Tables", cls: str):
        self.cls, self.left, self.right = cls, t.gl.get(cls, 0.0), t.gr.get(cls, 0.0)


class _Tables:
    """A model's weights nested: a table per feature of one value (``p1``: word -> weight), per
    candidate word the features pairing it with its context (``words``), per word beside a
    candidate its weights there (``neighbours``), per gap text its class and weights (``gaps``),
    the constant features."""

    def __init__(self, model: CueModel, single: dict[str, dict], paired: dict[str, dict]):
        self.model = model
        self.bias = model.bias
        g = model.weights.get
        for name in _SINGLE:
            setattr(self, name, single.get(name, {}))
        for name in _CONSTANTS:
            setattr(self, name, g(name, 0.0))
        self.paired = paired
        # the weights of a candidate's place in its sentence, by the number of words before
        # (``pos``) or after it (``left``): 0, 1, ..., 8, then 9 or more
        self.pos_weights = tuple(self.pos.get(c, 0.0) for c in _SPAN + ("9+",))
        self.left_weights = tuple(self.left.get(c, 0.0) for c in _SPAN + ("9+",))
        self.rules = tuple(self.rule.get(c, 0.0) for c in _RULE_CLASSES)     # by ``_rule_index``
        q = self.q.get
        self.quoted = ((q("", 0.0), q("a", 0.0)), (q("b", 0.0), q("ba", 0.0)))  # by (quoted before, after)
        self.flags: dict[str, float] = {}
        self.lexes: dict[float | None, float] = {}
        self.words: dict[str, _Word] = Memo(lambda w: _Word(model, self, w), 100_000)
        self.neighbours: dict[str, _Neighbour] = Memo(lambda w: _Neighbour(self, w), 200_000)
        self.gaps: dict[str, _Gap] = Memo(lambda g: _Gap(self, _gap_class(g)), 10_000)
        # past the sentence: the neighbours before its first and after its last word, and the gaps
        self.start, self.end = self.neighbours["<s>"], self.neighbours["</s>"]
        self.first, self.last = _Gap(self, "^"), _Gap(self, "$")

    def flag(self, flag: str) -> float:
        v = self.flags.get(flag)
        if v is None:
            self.flags[flag] = v = self.model.weights.get(flag, 0.0)
        return v

    def lex(self, lex_prec: float | None) -> float:
        v = self.lexes.get(lex_prec)
        if v is None:
            v = self.model.weights.get("lex=%.1f" % lex_prec if lex_prec is not None else "lex=none", 0.0)
            if len(self.lexes) < 10_000:
                self.lexes[lex_prec] = v
        return v


def _tables(model: CueModel) -> _Tables | None:
    """The model's weights as nested tables (built once per model, or given as ``model.tables["nested"]``:
    ``cached_nested``), or None when a feature name does not split into its parts (words hold no
    "|" or "=": every shipped name splits)."""
    cache = model.tables
    if "t" in cache:
        return cache["t"]
    nested = cache["nested"] if "nested" in cache else _nested(model.weights)
    cache["t"] = t = _Tables(model, *nested) if nested else None
    return t


def _nested(weights: dict[str, float]) -> tuple[dict, dict] | None:
    """(single, paired): the tables of the features of one value and of the paired ones; None when
    a feature name does not split."""
    single: dict[str, dict] = {name: {} for name in _SINGLE}
    paired: dict[str, dict] = {name: {} for name in _PAIRED}
    for key, v in weights.items():
        name, eq, rest = key.partition("=")
        if not eq:
            continue                # a constant or a flag: looked up by its name
        if name in paired:
            parts = rest.split("|")
            if len(parts) != 2 or "=" in rest:
                return None
            a, b = _PAIRED[name]
            paired[name].setdefault(parts[a], {})[parts[b]] = v
        elif name in single:
            if "|" in rest or "=" in rest:
                return None
            single[name][rest] = v
    return single, paired


def cached_nested(weights: dict[str, float], source) -> tuple[dict, dict] | None:
    """``_nested(weights)`` of the weights read from the file ``source``, kept between processes
    (``lexicons.cache``): nesting the shipped model's 28,500 weights is about 10 ms of every start."""
    return cached("cue_tables", (source, __file__), lambda: _nested(weights))


def _static(model: CueModel, w: str, lem: str) -> float:
    """The weights of the word's own features (w=, lem=, suf=), kept per word."""
    cache = model.static
    v = cache.get(w)
    if v is None:
        g = model.weights.get
        cache[w] = v = g("w=" + w, 0.0) + g("lem=" + lem, 0.0) + g("suf=" + w[-3:], 0.0)
    return v
