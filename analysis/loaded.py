"""Loaded language: words and phrases with strong emotional, moral or pejorative charge.

How a span is found (every step is named in the span's ``signals``):

1. Each word token gets a score from a small logistic-regression model (``data/loaded_model.json``,
   trained by ``scripts/train_loaded.py`` on the Propaganda Techniques Corpus). Its inputs are
   signals a reader can check: the project's curated categories (``data/loaded_lexicon.tsv``,
   single words and multi-word expressions such as "clean up the mess"), the word's intensity in
   VADER's lexicon, its subjectivity/polarity/intensity in TextBlob's pattern lexicon (both read
   from their installed packages), word shape (capitals, hyphens), its place (headline, scare
   quotes, exclamations), its neighbours' charge, and the weight the model learned for the word.
2. A word whose probability reaches the threshold seeds a span; the span grows over neighbouring
   words the model also finds charged, over a whole multi-word expression, from a charged
   modifier to the noun it modifies ("radical Islamic terrorists"), and over the words that a
   second small model (also in ``loaded_model.json``) learned usually belong to the same loaded
   phrase; a span never ends on a function word ("corrupt and" -> "corrupt and shameful" or
   "corrupt").
3. Negated words ("not a disaster", "never a vile act": a negator from ``data/loaded_negators.txt``
   up to three words before, in the same clause) are not flagged.
4. The category is the curated category of a word in the span, else "charged (negative)",
   "charged (positive)" or "charged" after the word's lexicon polarity.

The span's confidence is the model's probability for its strongest word.
"""
from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources as _res
from pathlib import Path

from .document import Document
from .spans import Span

DEFAULT_THRESHOLD = 0.4

CATEGORIES = ("pejorative label", "fear/threat", "intensifier/hyperbole", "moral condemnation",
              "glorification", "violent metaphor")
# Category of a span whose words are in no curated list (the model found it charged from the
# sentiment lexicons and what it learned): named after the strongest signal.
CHARGED_NEGATIVE = "charged (negative)"
CHARGED_POSITIVE = "charged (positive)"
CHARGED = "charged"


@dataclass(frozen=True)
class LoadedSpan:
    span: Span
    category: str                  # e.g. "pejorative label", "fear/threat", ...
    confidence: float              # 0..1
    signals: tuple[str, ...] = ()  # why it was flagged, in words a reader understands
    voice: str = ""                # "own" (the outlet's voice) or "quoted"; set by analysis.scores


# --------------------------------------------------------------------------------------- data

def _data_text(name: str) -> str:
    return _res.files("analysis").joinpath(f"data/{name}").read_text(encoding="utf-8")


def _package_file(module: str, *parts: str) -> Path:
    import importlib.util
    spec = importlib.util.find_spec(module)
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError(f"the {module} package is needed for loaded-language detection "
                           f"(pip install {module})")
    return Path(list(spec.submodule_search_locations)[0], *parts)


@lru_cache(maxsize=1)
def vader_lexicon() -> dict[str, float]:
    """VADER's word valences (-4..4), from the vaderSentiment package's own file (MIT)."""
    out = {}
    path = _package_file("vaderSentiment", "vader_lexicon.txt")
    for line in path.read_text(encoding="utf-8").splitlines():
        cols = line.split("\t")
        if len(cols) >= 2 and cols[0].isascii() and any(c.isalpha() for c in cols[0]):
            try:
                out[cols[0].lower()] = float(cols[1])
            except ValueError:
                pass
    return out


_PATTERN_RE = re.compile(r'<word form="([^"]+)"[^>]*?polarity="([-\d.]+)" subjectivity="([\d.]+)" '
                         r'intensity="([\d.]+)"')


@lru_cache(maxsize=1)
def pattern_lexicon() -> dict[str, tuple[float, float, float]]:
    """TextBlob's pattern lexicon: word -> (polarity, subjectivity, intensity), senses averaged."""
    sums: dict[str, list[float]] = {}
    text = _package_file("textblob", "en", "en-sentiment.xml").read_text(encoding="utf-8")
    for m in _PATTERN_RE.finditer(text):
        s = sums.setdefault(m.group(1).lower(), [0.0, 0.0, 0.0, 0])
        s[0] += float(m.group(2)); s[1] += float(m.group(3)); s[2] += float(m.group(4)); s[3] += 1
    return {w: (p / n, sb / n, i / n) for w, (p, sb, i, n) in sums.items()}


_COARSE = {"JJ": "adj", "JJR": "adj", "JJS": "adj", "NN": "noun", "NNS": "noun", "NNP": "name",
           "NNPS": "name", "VB": "verb", "VBD": "verb", "VBG": "verb", "VBN": "verb", "VBP": "verb",
           "VBZ": "verb", "RB": "adv", "RBR": "adv", "RBS": "adv"}


@lru_cache(maxsize=1)
def pos_lexicon() -> dict[str, str]:
    """Most frequent part of speech of a word (Brill's lexicon shipped with TextBlob, MIT):
    adj, noun, name, verb, adv or func. Used only for phrase extension and as a model input."""
    out: dict[str, str] = {}
    text = _package_file("textblob", "en", "en-lexicon.txt").read_text(encoding="utf-8")
    coarse_of = _COARSE.get
    for w, tag in re.findall(r"^([^;\s]\S*) ([^\s|]+)", text, re.M):
        coarse = coarse_of(tag, "func")
        if w not in out:
            out[w] = coarse
        if coarse != "name":
            lw = w.lower()
            if lw not in out:
                out[lw] = coarse
    return out


@dataclass(frozen=True)
class Lexicon:
    words: dict[str, str]                       # exact word -> category
    prefixes: tuple[tuple[str, str], ...]       # (prefix, category) from entries ending in "*"
    phrases: dict[str, tuple[tuple[tuple[str, ...], str], ...]]  # first word -> ((words), category)


@lru_cache(maxsize=1)
def curated_lexicon() -> Lexicon:
    words: dict[str, str] = {}
    prefixes: list[tuple[str, str]] = []
    phrases: dict[str, list] = {}
    for n, line in enumerate(_data_text("loaded_lexicon.tsv").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        term, _, cat = line.partition("\t")
        term, cat = term.strip().lower(), cat.strip()
        if cat not in CATEGORIES:
            raise ValueError(f"analysis/data/loaded_lexicon.tsv line {n}: unknown category {cat!r}")
        parts = tuple(term.split())
        if len(parts) > 1:
            phrases.setdefault(parts[0].rstrip("*"), []).append((parts, cat))
        elif term.endswith("*"):
            prefixes.append((term[:-1], cat))
        else:
            words.setdefault(term, cat)
    # longest phrases first, so "hunt you down" wins over "hunt down"
    frozen = {k: tuple(sorted(v, key=lambda e: -len(e[0]))) for k, v in phrases.items()}
    return Lexicon(words, tuple(sorted(prefixes, key=lambda e: -len(e[0]))), frozen)


@lru_cache(maxsize=1)
def negators() -> frozenset[str]:
    return frozenset(ln.strip().lower() for ln in _data_text("loaded_negators.txt").splitlines()
                     if ln.strip() and not ln.startswith("#"))


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

    @classmethod
    def from_dict(cls, d: dict) -> "Model":
        return cls(bias=float(d["bias"]), weights={k: float(v) for k, v in d["weights"].items()},
                   vocab={k: float(v) for k, v in d.get("vocab", {}).items()},
                   grow=float(d.get("grow", 0.3)), threshold=float(d.get("threshold", DEFAULT_THRESHOLD)),
                   info=d.get("info", {}), lexicon_floor=float(d.get("lexicon_floor", 0.0)),
                   join=d.get("join", {}))


@lru_cache(maxsize=1)
def default_model() -> Model:
    return Model.from_dict(json.loads(_data_text("loaded_model.json")))


# ------------------------------------------------------------------------------ word entries

@dataclass(frozen=True)
class WordInfo:
    vader: float            # VADER valence, 0 if absent
    polarity: float         # TextBlob pattern polarity
    subjectivity: float     # TextBlob pattern subjectivity (0 if absent)
    intensity: float        # TextBlob pattern intensity (1 = neutral)
    in_pattern: bool
    pos: str                # adj/noun/name/verb/adv/func/unk
    category: str           # curated category or ""


_word_cache: dict[str, WordInfo] = {}
_STRIP_S = re.compile(r"(?:'s|’s)$")


def word_info(lw: str) -> WordInfo:
    """Lexicon facts of a lowercase word (cached for the life of the process)."""
    wi = _word_cache.get(lw)
    if wi is not None:
        return wi
    key = _STRIP_S.sub("", lw).replace("’", "'")
    vad, pat, pos, lex = vader_lexicon(), pattern_lexicon(), pos_lexicon(), curated_lexicon()
    v = vad.get(key)
    if v is None and key.endswith("s") and len(key) > 3:
        v = vad.get(key[:-1])
    p = pat.get(key)
    cat = lex.words.get(key, "")
    if not cat:
        for pre, c in lex.prefixes:
            if key.startswith(pre):
                cat = c
                break
    wi = WordInfo(vader=v or 0.0, polarity=p[0] if p else 0.0, subjectivity=p[1] if p else 0.0,
                  intensity=p[2] if p else 1.0, in_pattern=p is not None,
                  pos=pos.get(key) or pos.get(key.capitalize()) or "unk", category=cat)
    if len(_word_cache) < 200_000:
        _word_cache[lw] = wi
    return wi


def _word_matches(pattern: str, word: str) -> bool:
    return word.startswith(pattern[:-1]) if pattern.endswith("*") else word == pattern


# ------------------------------------------------------------------------------ features

_QUOTE_RE = re.compile(r'"[^"\n]{1,600}?"|“[^“”\n]{1,600}?”|(?<!\w)[‘\'][^‘’\'\n]{1,80}?[’\'](?!\w)')
_GAP_BREAK_RE = re.compile(r"[.,;:!?()\[\]{}\"“”—–]|\s-\s|\n")
_SUFFIXES = ("ist", "ists", "ism", "ous", "ful", "less", "ive", "ize", "ise", "ized", "ised", "ly")

_static_cache: dict[str, dict] = {}


def static_features(lw: str) -> dict:
    """Model inputs that depend on the (lowercase) word alone; cached."""
    f = _static_cache.get(lw)
    if f is not None:
        return f
    wi = word_info(lw)
    f = {}
    v = wi.vader
    if v:
        f["vader_neg"] = max(0.0, -v) / 4
        f["vader_pos"] = max(0.0, v) / 4
    if wi.in_pattern:
        f["tb_subj"] = wi.subjectivity
        f["tb_pol_abs"] = abs(wi.polarity)
        if wi.intensity > 1.0:
            f["tb_intensifier"] = 1.0
    if wi.category:
        f["cat=" + wi.category] = 1.0
    f["pos=" + wi.pos] = 1.0
    if "-" in lw:
        f["hyphenated"] = 1.0
    if any(c.isdigit() for c in lw):
        f["number"] = 1.0
    if len(lw) >= 9:
        f["long_word"] = 1.0
    for suf in _SUFFIXES:
        if lw.endswith(suf) and len(lw) > len(suf) + 2:
            f["suffix=" + suf] = 1.0
            break
    if len(_static_cache) < 200_000:
        _static_cache[lw] = f
    return f


class Token:
    """A word token with the model's inputs: ``static`` (from the word alone, shared between
    tokens of the same word), ``feats`` (from its place in the text) and ``docf`` (the article's)."""
    __slots__ = ("i", "start", "end", "text", "lower", "info", "static", "feats", "docf",
                 "sentence", "negated", "mwe", "candidate")

    def __init__(self, i, start, end, text, lower, info, static, sentence):
        self.i, self.start, self.end, self.text, self.lower = i, start, end, text, lower
        self.info, self.static, self.sentence = info, static, sentence
        self.feats: dict = {}
        self.docf: dict = {}
        self.negated = ""     # the negator, if any
        self.mwe: tuple = ()  # (first index, end index, category) of a multi-word expression
        # a function word with no charge in any lexicon is never flagged by itself (it can only
        # sit inside a phrase); the model is neither trained nor run on it
        self.candidate = not (info.pos == "func" and not info.category and not info.vader
                              and not info.in_pattern)

    def all_features(self) -> dict:
        return {**self.static, **self.feats, **self.docf}


def token_features(doc: Document) -> list[Token]:
    """The model's inputs for every word token of ``doc``."""
    text = doc.text
    toks = doc.tokens
    n = len(toks)
    lex = curated_lexicon()
    negs = negators()
    lowers = [t.text.lower() for t in toks]
    infos = [word_info(w) for w in lowers]
    # sentence of each token, in one pass (tokens and sentences are both in text order)
    sent_of = [0] * n
    sstarts = doc._sentence_starts
    si, ns = 0, len(sstarts)
    for k, t in enumerate(toks):
        while si + 1 < ns and sstarts[si + 1] <= t.start:
            si += 1
        sent_of[k] = si
    headline_end = doc.paragraphs[0].end if doc.paragraphs else 0
    # a clause break between token k-1 and token k (punctuation, a dash, a line break)
    brk = [True] * n
    for k in range(1, n):
        gap = text[toks[k - 1].end:toks[k].start]
        brk[k] = sent_of[k] != sent_of[k - 1] or (gap != " " and bool(_GAP_BREAK_RE.search(gap)))

    sc = _static_cache
    out = [Token(k, t.start, t.end, t.text, lowers[k], infos[k], sc.get(lowers[k]) or static_features(lowers[k]),
                 sent_of[k])
           for k, t in enumerate(toks)]

    # quotation marks: short quotes (<= 4 words) are scare quotes, a classic loaded-language device
    if '"' in text or "“" in text or "‘" in text or "'" in text:
        import bisect
        starts = doc._token_starts
        for m in _QUOTE_RE.finditer(text):
            lo = bisect.bisect_left(starts, m.start())
            hi = bisect.bisect_left(starts, m.end())
            name = "scare_quote" if hi - lo <= 4 else "in_quote"
            for k in range(lo, hi):
                if "scare_quote" not in out[k].feats:
                    out[k].feats[name] = 1.0

    # multi-word expressions from the curated lexicon
    for k in range(n):
        cands = lex.phrases.get(lowers[k])
        if not cands:
            continue
        for words, cat in cands:
            m = len(words)
            if k + m > n or any(brk[k + j] for j in range(1, m)):
                continue
            if all(_word_matches(words[j], lowers[k + j]) for j in range(m)):
                for j in range(m):
                    if not out[k + j].mwe or (out[k + j].mwe[1] - out[k + j].mwe[0]) < m:
                        out[k + j].mwe = (k, k + m, cat)
                break

    # sentence-level and article-level facts
    exclaim = set()
    for i, s in enumerate(doc.sentences):
        if "!" in s.text:
            exclaim.add(i)
    subj: dict[int, list[float]] = {}
    charged = 0
    absv = [0.0] * n
    has_cat = [False] * n
    for k in range(n):
        wi = infos[k]
        absv[k] = abs(wi.vader) / 4
        has_cat[k] = bool(wi.category or out[k].mwe)
        if wi.in_pattern:
            a = subj.setdefault(sent_of[k], [0.0, 0])
            a[0] += wi.subjectivity
            a[1] += 1
        if has_cat[k] or absv[k] >= 0.375:
            charged += 1
    sent_subj = {i: a / c for i, (a, c) in subj.items()}
    n_pat = sum(c for _, c in subj.values())
    # article-level charge, shrunk toward a typical 5% for short texts (50 pseudo-words)
    docf = {"doc_charged_share": 10.0 * (charged + 2.5) / (n + 50),
            "doc_subjectivity": sum(a for a, _ in subj.values()) / n_pat if n_pat else 0.0,
            "doc_exclamations": min(1.0, len(exclaim) / 5)}
    if n_pat < 30:   # shrink the article's subjectivity toward 0.4 when few words carry one
        docf["doc_subjectivity"] = (docf["doc_subjectivity"] * n_pat + 0.4 * (30 - n_pat)) / 30

    keys = [w.replace("’", "'") if "’" in w else w for w in lowers]
    # negation: a negator up to three words before, in the same clause
    last_neg = -10
    for k in range(n):
        if brk[k]:
            last_neg = -10
        if 0 < k - last_neg <= 3:
            out[k].negated = toks[last_neg].text
        lw = keys[k]
        if lw in negs or lw.endswith("n't"):
            last_neg = k

    for k in range(n):
        tok = out[k]
        tok.docf = docf
        if not tok.candidate:
            continue
        f = tok.feats
        sk = sent_of[k]
        if tok.mwe:
            f["mwe"] = 1.0
            f["mwe_cat=" + tok.mwe[2]] = 1.0
        tt = tok.text
        if tt[0].isupper() and k > 0 and sent_of[k - 1] == sk:
            f["capitalised"] = 1.0
        if len(tt) > 2 and tt.isupper():
            f["all_caps"] = 1.0
        if tok.start < headline_end:
            f["headline"] = 1.0
        if sk in exclaim:
            f["exclamation"] = 1.0
        ss = sent_subj.get(sk)
        if ss:
            f["sentence_subjectivity"] = ss
        # neighbours: two words either side in the same sentence
        cv = 0.0
        cc = False
        for j in (k - 2, k - 1, k + 1, k + 2):
            if 0 <= j < n and sent_of[j] == sk:
                if absv[j] > cv:
                    cv = absv[j]
                cc = cc or has_cat[j]
        if cv:
            f["context_vader"] = cv
        if cc:
            f["context_category"] = 1.0
        if k > 0 and not brk[k]:
            f["prev=" + keys[k - 1]] = 1.0
        if k + 1 < n and not brk[k + 1]:
            f["next=" + keys[k + 1]] = 1.0
        if tok.negated:
            f["negated"] = 1.0
    return out


def _sigmoid(x: float) -> float:
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    e = math.exp(x)
    return e / (1.0 + e)


def vocab_key(lw: str) -> str:
    return lw.replace("’", "'")


def token_logit(tok: Token, model: Model, doc_z: float | None = None) -> float:
    w = model.weights
    z = model.static_logit(tok.lower)
    for name, val in tok.feats.items():
        z += w.get(name, 0.0) * val
    if doc_z is None:
        doc_z = sum(w.get(k, 0.0) * v for k, v in tok.docf.items())
    return z + doc_z


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


# ------------------------------------------------------------------------------ spans

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
    text = doc.text
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
        category, signals = (_explain(tokens, lo, hi, k, conf, model, why, ext, joined_l + joined_r)
                             if explain else ("", ()))
        out.append(LoadedSpan(span=span, category=category, confidence=round(conf, 4), signals=signals))
    out.sort(key=lambda s: (s.span.start, s.span.end))
    return out


def _explain(tokens, lo, hi, k, conf, model: Model, grown, ext, joined=()) -> tuple[str, tuple[str, ...]]:
    core = tokens[k]
    signals: list[str] = []
    category = ""
    for j in [k] + [j for j in range(lo, hi) if j != k]:
        t = tokens[j]
        if t.mwe:
            words = " ".join(x.text for x in tokens[t.mwe[0]:t.mwe[1]])
            s = f"lexicon: {t.mwe[2]} (expression '{words}')"
            category = category or t.mwe[2]
        elif t.info.category:
            s = f"lexicon: {t.info.category} ('{t.text}')"
            category = category or t.info.category
        else:
            continue
        if s not in signals:
            signals.append(s)
    wi = core.info
    if wi.vader:
        signals.append(f"VADER intensity {wi.vader:+.1f} ('{core.text}')")
    if wi.in_pattern and (wi.subjectivity or wi.polarity):
        signals.append(f"TextBlob subjectivity {wi.subjectivity:.1f}, polarity {wi.polarity:+.1f} ('{core.text}')")
    if wi.in_pattern and wi.intensity > 1:
        signals.append(f"TextBlob intensifier ('{core.text}', x{wi.intensity:.1f})")
    lw = model.vocab.get(vocab_key(core.lower), 0.0)
    if lw >= 0.3:
        signals.append(f"learned from PTC: '{core.lower}' {lw:+.1f}")
    f = core.all_features()
    for name, words in (("scare_quote", "in scare quotes"), ("headline", "in the headline"),
                        ("exclamation", "in an exclamation"), ("all_caps", "written in capitals")):
        if name in f and model.weights.get(name, 0) > 0:
            signals.append(words)
    if grown:
        signals.append(f"phrase extended from '{core.text}' over charged neighbours: " + ", ".join(f"'{w}'" for w in grown))
    if ext:
        signals.append(f"phrase extended from '{tokens[k].text}' to the noun it modifies: " + " ".join(ext))
    if joined:
        signals.append(f"phrase extended from '{tokens[k].text}' to the words that usually go with it: "
                       + ", ".join(f"'{w}'" for w in joined))
    signals.append(f"model probability {conf:.2f}")
    if not category:
        category = (CHARGED_NEGATIVE if wi.vader < 0 or wi.polarity < 0 else
                    CHARGED_POSITIVE if wi.vader > 0 or wi.polarity > 0 else CHARGED)
    return category, tuple(signals)


def detect(doc: Document, threshold: float, model: Model, explain: bool = True) -> list[LoadedSpan]:
    tokens = token_features(doc)
    probs = token_probabilities(tokens, model)
    return decode_spans(doc, tokens, probs, threshold, model, explain=explain)


def find_loaded_language(doc: Document, threshold: float = DEFAULT_THRESHOLD) -> list[LoadedSpan]:
    """Loaded-language spans of ``doc`` whose confidence reaches ``threshold`` (0..1)."""
    if not 0.0 <= threshold <= 1.0:
        raise ValueError(f"loaded-language threshold must be between 0 and 1, got {threshold}")
    return detect(doc, threshold, default_model())
