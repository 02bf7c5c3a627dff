"""Loaded language as a sequence: a CRF that tags each sentence's word tokens B / I / O.

The word-by-word model of ``analysis.detectors.loaded`` scores single words; it cannot learn where a loaded
phrase starts and ends. This module tags the tokens of each sentence with a linear-chain CRF
(CRFsuite, through python-crfsuite; MIT), so that a span is a phrase with learned boundaries.

Each token's inputs (``token_attributes``), all from the word model's own per-article facts:
the lower-cased word, its last two and three letters, its shape (``Xxxx``, ``xx-xx``, ``d``), its
part of speech, its curated category (``data/loaded_lexicon.tsv``, single words and multi-word
expressions), its VADER valence and TextBlob subjectivity/polarity/intensity, the word model's
probability for it (bucketed), whether it is negated, inside quotation marks (scare quotes or a
longer quote), in the headline, capitalised inside a sentence, at a sentence edge; the same facts
(fewer of them) for the two words either side, and the word pair before it.

A span is a run of tokens whose probability of being inside a loaded phrase (the CRF's marginal
P(B) + P(I)) reaches the growth level, with at least one token reaching the threshold, cut at
commas, dashes and quotation marks, and holding at least one word that is not a bare function
word; a negated word (``features``: a negator up to three words before, same clause) is in no
span. Its confidence is that highest marginal. Sentences in which no word reaches the word
model's probability ``GATE`` are not tagged (speed); a model trained on windows (``WINDOW``, its
JSON's ``window``) tags only the tokens within that many words of a word at ``GATE``, each
window seeing its sentence's words as neighbours. Both levels are chosen by cross-validation
(``scripts/train_loaded_crf.py``, which also writes the model: ``data/loaded_crf.crfsuite`` in
CRFsuite's own format and ``data/loaded_crf.json`` with its provenance, settings and figures;
training and nested cross-validation: ``analysis.evaluate.loaded_crf``).

The model interface (as ``logistic``'s): ``NAME``, ``DEFAULT_THRESHOLD`` (from the JSON),
``available()`` (False, with ``unavailable_reason()``, without python-crfsuite) and
``find_loaded_language(doc, threshold)``; spans carry category, confidence and signals, their
voice is set later by the voice step.

The category is named as the word model's spans name it (``categories``) (the curated category of a word in the
span, else "charged (negative/positive)" or "charged"), and the signals say why.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from ...lexicons.files import data_json, data_path
from ...text.document import Document
from .categories import category_and_signals
from .features import _W_CAND, _W_CAP, _W_NEG, _Facts, _LazyTokens
from .lexicon import vocab_key, word_info
from .model import Model, _probabilities, default_model
from .spans import LoadedSpan, _joinable

NAME = "crf"
MODEL_FILE = "loaded_crf.crfsuite"
INFO_FILE = "loaded_crf.json"
LABELS = ("B", "I", "O")
_OFFSETS = (-2, -1, 1, 2)
_P_BUCKETS = 20      # the word model's probability in steps of 0.05
# a sentence none of whose words the word model gives this probability is not tagged (nor trained
# on): it holds few gold phrases (about 8% of the gold words of PTC) and most of the sentences
GATE = 0.1
# None: a tagged sentence is one sequence; n: only the windows of n tokens either side of each word
# at ``GATE`` (merged where they touch) are (the model file's JSON says which it was trained on)
WINDOW: int | None = None


# ------------------------------------------------------------------------------ token inputs

def _shape(text: str) -> str:
    """'Obama' -> 'Xx', 'U.S' -> 'X.X', 'anti-war' -> 'x-x', '2016' -> 'd': runs collapsed."""
    out = []
    for c in text:
        s = "X" if c.isupper() else "x" if c.isalpha() else "d" if c.isdigit() else c
        if not out or out[-1] != s:
            out.append(s)
    return "".join(out)[:6]


def _bucket(x: float, step: float) -> str:
    return str(round(x / step) * step)[:5]


_clusters: dict[str, tuple[str, ...]] = {}
_clusters_version = object()          # replaced whenever other clusters are read (the word caches then empty)


def use_clusters(path) -> None:
    """Read word clusters (``scripts/build_word_clusters.py``'s TSV) as inputs from now on."""
    global _clusters_version
    _clusters.clear()
    _clusters_version = object()
    for line in open(path, encoding="utf-8"):
        if not line.startswith("#"):
            word, *ids = line.rstrip("\n").split("\t")
            _clusters[word] = tuple(f"k{n}={c}" for n, c in zip((64, 512), ids))


def _word_attributes(text: str) -> tuple[tuple[str, ...], dict[int, tuple[str, ...]], str]:
    """(the token's own inputs, its inputs as seen from offset -2..2, its vocabulary key)."""
    lw = text.lower()
    key = vocab_key(lw)
    wi = word_info(lw)
    own = ["w=" + key, "s2=" + key[-2:], "s3=" + key[-3:], "sh=" + _shape(text), "pos=" + wi.pos]
    near = ["w=" + key, "pos=" + wi.pos]
    k = _clusters.get(key)
    if k:
        own += k
        near.append(k[0])
    if wi.category:
        own.append("c=" + wi.category)
        near.append("c=" + wi.category)
    if wi.vader:
        own.append("v=" + _bucket(wi.vader, 1.0))
        near.append("v" + ("-" if wi.vader < 0 else "+"))
    if wi.in_pattern:
        own += ["ts=" + _bucket(wi.subjectivity, 0.25), "tp=" + _bucket(wi.polarity, 0.5)]
        if wi.intensity > 1.0:
            own.append("ti")
        if wi.subjectivity >= 0.5:
            near.append("subj")
    return tuple(own), {o: tuple(f"{o}:{a}" for a in near) for o in _OFFSETS}, key


_P_OWN = tuple(f"p={b}" for b in range(_P_BUCKETS + 1))
_P_NEAR = {o: tuple(f"{o}:p={b // 2}" for b in range(_P_BUCKETS + 1)) for o in _OFFSETS}
_FLAGS = ("bias", "BOS", "EOS", "break_after", "break_before", "negated", "negator", "capitalised", "headline")


class Inputs:
    """The input strings a CRF is given. ``Inputs()`` (training): all of them. ``Inputs(known)``
    (tagging): only those in ``known``, the attributes the model file holds; CRFsuite skips any
    other when it reads a sequence, so the marginals are the same, and the strings it never reads
    are neither built into lists nor copied into its sequence (faster). A word's inputs are
    computed once and kept, filtered, by word."""

    def __init__(self, known: frozenset[str] | None = None):
        self.known = known
        keep = self.keep
        self.p_own = tuple(keep((p,)) for p in _P_OWN)
        self.p_near = {o: tuple(keep((p,)) for p in _P_NEAR[o]) for o in _OFFSETS}
        self.flag = {f: keep((f,)) for f in _FLAGS}
        self._words: dict[str, tuple] = {}
        self._clusters = None

    def keep(self, attrs: tuple[str, ...]) -> tuple[str, ...]:
        known = self.known
        return attrs if known is None else tuple(a for a in attrs if a in known)

    def word(self, text: str) -> list:
        """The inputs of a word token, by its probability bucket b: [b] is (its own inputs with
        the bias and its probability, (what it shows at offsets -2, -1, 1, 2), its vocabulary
        key), made when first asked for; [-1] is (own, {offset: near}, key) without probability."""
        if self._clusters is not _clusters_version:          # the clusters read changed
            self._words.clear()
            self._clusters = _clusters_version
        e = self._words.get(text)
        if e is None:
            own, near, key = _word_attributes(text)
            e = [None] * (_P_BUCKETS + 1) + [(self.keep(own), {o: self.keep(v) for o, v in near.items()}, key)]
            if len(self._words) < 200_000:
                self._words[text] = e
        return e

    def of(self, e: list, b: int) -> tuple:
        own, near, key = e[-1]
        p = self.p_near
        e[b] = v = (self.flag["bias"] + own + self.p_own[b], tuple(near[o] + p[o][b] for o in _OFFSETS), key)
        return v


_ALL = Inputs()


def sentence_ranges(facts: _Facts) -> list[tuple[int, int]]:
    """Token index ranges [lo, hi) of the article's sentences (the CRF's sequences)."""
    out, lo = [], 0
    sent_of = facts.sent_of
    for k in range(1, facts.n + 1):
        if k == facts.n or sent_of[k] != sent_of[lo]:
            out.append((lo, k))
            lo = k
    return out


def token_attributes(facts: _Facts, probs: list[float], lo: int, hi: int,
                     sentence: tuple[int, int] | None = None, inputs: Inputs = _ALL) -> list[list[str]]:
    """The CRF's inputs for tokens lo..hi-1 (of the sentence ``sentence``, default lo..hi), in a
    fixed order: the token's own, its probability, then each neighbour's (offsets -2, -1, 1, 2,
    within the sentence) with its probability, the word pair, then the facts of its place
    (``inputs``: all of them, or those a model knows)."""
    slo, shi = sentence or (lo, hi)
    elo, ehi = max(slo, lo - 2), min(shi, hi + 2)          # the tokens whose inputs are seen
    toks, forms = facts.toks, facts.forms
    word, of = inputs.word, inputs.of
    words = []
    for k in range(elo, ehi):
        e = word(toks[k].text)
        b = min(_P_BUCKETS, int(probs[k] * _P_BUCKETS))
        words.append(e[b] or of(e, b))
    none = ((), (), (), ())
    shown = [none, none] + [w[1] for w in words] + [none, none]    # shown[i + 2]: what token i shows
    keys = ["^"] + [w[2] for w in words]      # (the first is read only when elo is the sentence's start)
    quote, mwe, negated, brk = facts.quote, facts.mwe, facts.negated, facts.brk
    head = facts.headline_end
    known, keep, flag = inputs.known, inputs.keep, inputs.flag
    out = []
    for i in range(lo - elo, hi - elo):
        w = words[i]
        k = elo + i
        pair = "w-1|w=" + keys[i] + "|" + w[2]
        a = [*w[0], *shown[i][0], *shown[i + 1][1], *shown[i + 3][2], *shown[i + 4][3]]
        if known is None or pair in known:
            a.append(pair)
        if k == slo:
            a += flag["BOS"]
        if k == shi - 1:
            a += flag["EOS"]
        elif brk[k + 1]:
            a += flag["break_after"]
        if k > slo and brk[k]:
            a += flag["break_before"]
        if k in quote:
            a += keep(tuple(quote[k]))
        if k in mwe:
            e = mwe[k]
            a += keep((("mweB=" if e[0] == k else "mweI=") + e[2],))
        if k in negated:
            a += flag["negated"]
        f = forms[k]
        if f[_W_NEG]:
            a += flag["negator"]
        if k > slo and f[_W_CAP]:
            a += flag["capitalised"]
        if toks[k].start < head:
            a += flag["headline"]
        out.append(a)
    return out


def labels_of(facts: _Facts, gold_mask, lo: int, hi: int, text: str) -> list[str]:
    """BIO labels of tokens lo..hi-1 from a character mask of gold spans (training only): a token
    is in a span if any of its characters is; it begins one unless the token before is in the
    same span (the characters between them are gold too)."""
    out = []
    toks = facts.toks
    for k in range(lo, hi):
        t = toks[k]
        if not any(gold_mask[t.start:t.end]):
            out.append("O")
        elif k > lo and out[-1] != "O" and all(gold_mask[toks[k - 1].end:t.start]):
            out.append("I")
        else:
            out.append("B")
    return out


# ------------------------------------------------------------------------------ decoding

def inside_marginals(tagger, n: int) -> list[float]:
    """P(B) + P(I) of each of the n tokens of the sequence last given to ``tagger``: how likely
    it is inside a loaded phrase."""
    tagger.tag()   # computes the lattice the marginals are read from
    marginal = tagger.marginal
    return [marginal("B", i) + marginal("I", i) for i in range(n)]


def decode(inside: list[float], threshold: float, grow: float) -> list[tuple[int, int, int]]:
    """Spans (lo, hi, index of the strongest token) of one sentence: runs of tokens whose inside
    marginal reaches ``grow``, kept when their strongest token reaches ``threshold``."""
    out = []
    i, n = 0, len(inside)
    while i < n:
        if inside[i] < grow:
            i += 1
            continue
        j = i + 1
        while j < n and inside[j] >= grow:
            j += 1
        best = max(range(i, j), key=lambda k: (inside[k], -k))
        if inside[best] >= threshold:
            out.append((i, j, best))
        i = j
    return out


@dataclass(frozen=True, eq=False)     # compared (and cached) by identity
class CrfModel:
    """A trained CRF (the path of its CRFsuite file) and the settings chosen with it."""
    path: str
    threshold: float
    grow: float
    info: dict
    window: int | None = None      # the sequences it was trained on (``WINDOW``)

    @lru_cache(maxsize=1)
    def tagger(self):
        import pycrfsuite
        t = pycrfsuite.Tagger()
        t.open(self.path)
        return t

    @lru_cache(maxsize=1)
    def inputs(self) -> Inputs:
        """The inputs it knows (read from its file once), to tag with."""
        return Inputs(frozenset(self.tagger().info().attributes))


def load_crf(model_file, info: dict) -> CrfModel:
    """A CRF from its CRFsuite file and the settings ``scripts/train_loaded_crf.py`` wrote beside it
    (it reads the clusters the settings name, from ``data/``)."""
    require()
    if info.get("clusters"):
        use_clusters(data_path(info["clusters"]))
    return CrfModel(path=str(model_file), threshold=float(info["threshold"]), grow=float(info["grow"]),
                    info=info, window=info.get("window"))


@lru_cache(maxsize=1)
def default_crf() -> CrfModel:
    """The shipped CRF (``data/loaded_crf.crfsuite``, settings from ``data/loaded_crf.json``)."""
    return load_crf(data_path(MODEL_FILE), data_json(INFO_FILE))


# The default threshold is the one chosen by cross-validation and written beside the model
# (scripts/train_loaded_crf.py); reading it needs no python-crfsuite.
DEFAULT_THRESHOLD = float(data_json(INFO_FILE)["threshold"])


def unavailable_reason() -> str | None:
    """Why the CRF cannot run here (None when it can): python-crfsuite is not installed."""
    try:
        import pycrfsuite  # noqa: F401
    except ImportError as e:
        return (f"the CRF loaded-language model needs python-crfsuite, which is not installed ({e}); "
                f"install it with: pip install python-crfsuite==0.9.12")
    return None


def available() -> bool:
    """Can the CRF run here (is python-crfsuite installed)? ``unavailable_reason`` says why not."""
    return unavailable_reason() is None


class CrfUnavailable(ImportError):
    """The CRF was asked for where python-crfsuite is not installed (the message says how to get it)."""


def require() -> None:
    """Raise ``CrfUnavailable`` (with the reason) unless ``available()``."""
    reason = unavailable_reason()
    if reason:
        raise CrfUnavailable(reason)


def gated(probs: list[float], lo: int, hi: int) -> bool:
    """Is the sentence of tokens lo..hi-1 tagged (a word of it reaches ``GATE``)?"""
    return max(probs[lo:hi]) >= GATE


def windows(probs: list[float], lo: int, hi: int, window: int | None) -> list[tuple[int, int]]:
    """The sequences tagged in the gated sentence lo..hi-1: all of it (``window`` None), or the
    tokens within ``window`` of a word at ``GATE``, runs that touch or overlap merged."""
    if window is None:
        return [(lo, hi)]
    out: list[list[int]] = []
    for k in range(lo, hi):
        if probs[k] >= GATE:
            a, b = max(lo, k - window), min(hi, k + window + 1)
            if out and a <= out[-1][1]:
                out[-1][1] = b
            else:
                out.append([a, b])
    return [(a, b) for a, b in out]


def sequences(facts: _Facts, probs: list[float], window: int | None):
    """(lo, hi, sentence range) of every sequence of the article the CRF tags (``windows``)."""
    out = []
    for lo, hi in sentence_ranges(facts):
        if gated(probs, lo, hi):
            out.extend((a, b, (lo, hi)) for a, b in windows(probs, lo, hi, window))
    return out


def sentence_marginals(tagger, facts: _Facts, probs: list[float], window: int | None,
                       inputs: Inputs = _ALL) -> list[tuple[int, list]]:
    """(first token, inside marginals) of every tagged sequence of the article (``windows``)."""
    out = []
    set_ = tagger.set
    for lo, hi, sent in sequences(facts, probs, window):
        set_(token_attributes(facts, probs, lo, hi, sent, inputs))     # (a list: read as an ItemSequence)
        out.append((lo, inside_marginals(tagger, hi - lo)))
    return out


def spans_from_marginals(facts: _Facts, sentences, threshold: float, grow: float):
    """(lo, hi, strongest token, its inside marginal) of every span of the article; a span stops
    at a gap no phrase crosses (a comma, a dash, a quotation mark) on either side of its
    strongest token, and a span of function words only ("a", "of the") is dropped. A negated
    word ("not a disaster", "never a vile act") is in no span, as in the word model's spans."""
    out = []
    forms, negated = facts.forms, facts.negated
    for lo, inside in sentences:
        if max(inside) < threshold:
            continue
        if negated and any(lo + i in negated for i in range(len(inside))):
            inside = [0.0 if lo + i in negated else p for i, p in enumerate(inside)]
        for a, b, k in decode(inside, threshold, grow):
            a, b = _trim(facts, lo + a, lo + b, lo + k)
            if any(forms[j][_W_CAND] for j in range(a, b)):
                out.append((a, b, lo + k, inside[k]))
    return out


def detect(doc: Document, crf: CrfModel, word_model: Model, threshold: float | None = None,
           explain: bool = True) -> list[LoadedSpan]:
    """Loaded-language spans of ``doc`` tagged by ``crf`` over ``word_model``'s probabilities."""
    th = crf.threshold if threshold is None else threshold
    facts = _Facts(doc)
    probs = _probabilities(facts, word_model)
    tokens = _LazyTokens(facts) if explain else None
    out = []
    sentences = sentence_marginals(crf.tagger(), facts, probs, crf.window, crf.inputs())
    for lo, hi, k, conf in spans_from_marginals(facts, sentences, th, min(crf.grow, th)):
        span = doc.span(facts.toks[lo].start, facts.toks[hi - 1].end)
        category, signals = category_and_signals(tokens, lo, hi, k, probs[k], word_model, (), (), ()) if explain else ("", ())
        if explain:
            signals += (f"sequence model: {hi - lo} word{'s' if hi - lo > 1 else ''} tagged as one loaded "
                        f"phrase, confidence {conf:.2f}",)
        out.append(LoadedSpan(span=span, category=category, confidence=round(conf, 4), signals=signals))
    return out


def _trim(facts: _Facts, lo: int, hi: int, k: int) -> tuple[int, int]:
    """[lo, hi) cut to the tokens around k that no comma, dash or quotation mark separates."""
    text, toks = facts.doc.text, facts.toks
    a = k
    while a > lo and _joinable(text, toks[a - 1], toks[a]):
        a -= 1
    b = k + 1
    while b < hi and _joinable(text, toks[b - 1], toks[b]):
        b += 1
    return a, b


def find_loaded_language(doc: Document, threshold: float | None = None) -> list[LoadedSpan]:
    """Loaded-language spans of ``doc`` by the shipped CRF (``threshold``: its own by default)."""
    if threshold is not None and not 0.0 <= threshold <= 1.0:
        raise ValueError(f"loaded-language threshold must be between 0 and 1, got {threshold}")
    return detect(doc, default_crf(), default_model(), threshold)
