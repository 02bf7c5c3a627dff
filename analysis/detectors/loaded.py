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
from bisect import bisect_left
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources as _res
from pathlib import Path

from ..lexicons.cache import cached
from ..text.document import Document, fold_word
from ..text.spans import Span

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
    path = _package_file("vaderSentiment", "vader_lexicon.txt")
    return cached("vader_lexicon", (path, __file__), lambda: _parse_vader(path.read_text(encoding="utf-8")))


def _parse_vader(text: str) -> dict[str, float]:
    out = {}
    for line in text.splitlines():
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
    path = _package_file("textblob", "en", "en-sentiment.xml")
    return cached("pattern_lexicon", (path, __file__), lambda: _parse_pattern(path.read_text(encoding="utf-8")))


def _parse_pattern(text: str) -> dict[str, tuple[float, float, float]]:
    sums: dict[str, list[float]] = {}
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
    path = _package_file("textblob", "en", "en-lexicon.txt")
    return cached("pos_lexicon", (path, __file__), lambda: _parse_pos(path.read_text(encoding="utf-8")))


@lru_cache(maxsize=1)
def base_words() -> frozenset[str]:
    """Lower-case words Brill's lexicon (shipped with TextBlob, MIT) tags as an uninflected verb,
    noun or adjective (VB, VBP, NN, JJ): the possible base forms of an inflected verb. Used to
    tell a cue's base form ("invoking" -> "invoke", not "invok")."""
    path = _package_file("textblob", "en", "en-lexicon.txt")
    return frozenset(cached("base_words", (path, __file__), lambda: sorted(
        w for w, tag in re.findall(r"^([a-z][a-z\-]*) (VB|VBP|NN|JJ)\b", path.read_text(encoding="utf-8"), re.M))))


def _parse_pos(text: str) -> dict[str, str]:
    out: dict[str, str] = {}
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
                   grow=float(d.get("grow", 0.3)), threshold=float(d.get("threshold", DEFAULT_THRESHOLD)),
                   info=d.get("info", {}), lexicon_floor=float(d.get("lexicon_floor", 0.0)),
                   join=d.get("join", {}))


@lru_cache(maxsize=1)
def default_model() -> Model:
    source = Path(str(_res.files("analysis").joinpath("data/loaded_model.json")))
    return Model.from_dict(cached("loaded_model", (source, __file__),
                                  lambda: json.loads(_data_text("loaded_model.json"))))


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


@lru_cache(maxsize=1)
def _prefix_table() -> tuple[int, frozenset[str], tuple[tuple[int, dict[str, str]], ...]]:
    """The curated prefixes ("thug*") for dictionary look-ups: the shortest prefix length m, the
    set of the prefixes' first m letters (a quick "no"), and the prefixes grouped by length,
    longest first: (length, {prefix: category}), the first of ``curated_lexicon().prefixes``
    winning a tie (as in the list, which is sorted longest first)."""
    by_len: dict[int, dict[str, str]] = {}
    for pre, c in curated_lexicon().prefixes:
        by_len.setdefault(len(pre), {}).setdefault(pre, c)
    m = min(by_len, default=0)
    heads = frozenset(p[:m] for d in by_len.values() for p in d)
    return m, heads, tuple(sorted(by_len.items(), reverse=True))


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
        # the first of ``lex.prefixes`` (longest first) that starts the word, by dictionary look-ups
        m, heads, table = _prefix_table()
        if key[:m] in heads:
            for n, by_prefix in table:
                cat = by_prefix.get(key[:n], "")
                if cat:
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

# a quotation: "...", “...” or '...'/‘...’ (an opening single quote not after a letter, so not "it's");
# every alternative starts with its quotation mark, which lets the regex engine skip to them fast
_QUOTE_RE = re.compile(r'"[^"\n]{1,600}?"|“[^“”\n]{1,600}?”|‘(?<!\w‘)[^‘’\'\n]{1,80}?[’\'](?!\w)'
                       r'|\'(?<!\w\')[^‘’\'\n]{1,80}?[’\'](?!\w)')
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
    if not lw.isalpha() and any(c.isdigit() for c in lw):
        f["number"] = 1.0
    if len(lw) >= 9:
        f["long_word"] = 1.0
    for suf in _SUFFIXES if lw.endswith(_SUFFIXES) else ():
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
        self.candidate = _is_candidate(info)

    def all_features(self) -> dict:
        return {**self.static, **self.feats, **self.docf}


def _is_candidate(info: WordInfo) -> bool:
    return not (info.pos == "func" and not info.category and not info.vader and not info.in_pattern)


# What the detector needs to know about a word form (the token's exact text), computed once per
# form and kept for the life of the process: a plain tuple, read by position in the hot loops:
# (lowercase word, WordInfo, static_features, is a candidate, |VADER|/4, has a curated category,
#  is a negator, starts with a capital, all capitals, curated phrases starting with it or None,
#  TextBlob subjectivity or None when not in TextBlob's lexicon)
_W_LOWER, _W_INFO, _W_STATIC, _W_CAND, _W_ABSV, _W_CAT, _W_NEG, _W_CAP, _W_ALLCAPS, _W_PHRASES, \
    _W_SUBJ = range(11)
_form_cache: dict[str, tuple] = {}


def _word_form(text: str) -> tuple:
    e = _form_cache.get(text)
    if e is not None:
        return e
    lw = fold_word(text)
    wi = word_info(lw)
    key = vocab_key(lw)
    e = (lw, wi, static_features(lw), _is_candidate(wi), abs(wi.vader) / 4, bool(wi.category),
         key in negators() or key.endswith("n't"), text[0].isupper(), len(text) > 2 and text.isupper(),
         curated_lexicon().phrases.get(lw), wi.subjectivity if wi.in_pattern else None)
    if len(_form_cache) < 200_000:
        _form_cache[text] = e
    return e


class _Facts:
    """Everything the model's inputs are made of, for one article, computed in a few passes over
    its tokens: per-word facts (``forms``), the sentence of each token, clause breaks, quotes,
    multi-word expressions, negation and the article-level inputs. ``token_features`` turns them
    into Token objects (training, evaluation); ``detect`` scores them directly (fast)."""
    __slots__ = ("doc", "toks", "n", "forms", "sent_of", "brk", "quote", "mwe", "negated", "exclaim",
                 "sent_subj", "absv", "has_cat", "docf", "headline_end")

    def __init__(self, doc: Document):
        text = doc.flow     # line breaks inside a paragraph read as spaces (analysis.text.document)
        toks = doc.tokens
        n = len(toks)
        self.doc, self.toks, self.n = doc, toks, n
        get = _form_cache.get
        forms = [get(t.text) or _word_form(t.text) for t in toks]
        self.forms = forms
        starts = doc._token_starts
        if len(starts) != n:
            starts = tuple(t.start for t in toks)
        # sentence of each token: the last sentence starting at or before it (0 before the first)
        sent_of = [0] * n
        sstarts = doc._sentence_starts
        pos = 0
        for i in range(1, len(sstarts)):
            b = bisect_left(starts, sstarts[i])
            if b > pos:
                sent_of[pos:b] = [i - 1] * (b - pos)
                pos = b
        if sstarts:
            sent_of[pos:] = [len(sstarts) - 1] * (n - pos)
        self.sent_of = sent_of
        self.headline_end = doc.paragraphs[0].end if doc.paragraphs else 0
        # a clause break between token k-1 and token k (punctuation, a dash, a line break)
        search = _GAP_BREAK_RE.search
        self.brk = brk = [True] + [
            a != b or ((g := text[e:s]) != " " and search(g) is not None)
            for a, b, e, s in zip(sent_of, sent_of[1:], [t.end for t in toks], starts[1:])] if n else []

        # quotation marks: short quotes (<= 4 words) are scare quotes, a classic loaded-language device
        quote: dict[int, list[str]] = {}
        if '"' in text or "“" in text or "‘" in text or "'" in text:
            for m in _QUOTE_RE.finditer(text):
                lo = bisect_left(starts, m.start())
                hi = bisect_left(starts, m.end())
                name = "scare_quote" if hi - lo <= 4 else "in_quote"
                for k in range(lo, hi):
                    q = quote.get(k)
                    if q is None:
                        quote[k] = [name]
                    elif "scare_quote" not in q and name not in q:
                        q.append(name)
        self.quote = quote

        # multi-word expressions from the curated lexicon: token -> (first, end, category)
        mwe: dict[int, tuple] = {}
        for k in [k for k, f in enumerate(forms) if f[_W_PHRASES]]:
            for words, cat in forms[k][_W_PHRASES]:
                m = len(words)
                if k + m > n or any(brk[k + j] for j in range(1, m)):
                    continue
                if all(_word_matches(words[j], forms[k + j][_W_LOWER]) for j in range(m)):
                    for j in range(m):
                        old = mwe.get(k + j)
                        if not old or (old[1] - old[0]) < m:
                            mwe[k + j] = (k, k + m, cat)
                    break
        self.mwe = mwe

        # sentence-level and article-level facts
        self.exclaim = exclaim = set()
        if "!" in text:
            for i, s in enumerate(doc.sentences):
                if "!" in s.text:
                    exclaim.add(i)
        subj: dict[int, list[float]] = {}
        for sk, sv in zip(sent_of, [f[_W_SUBJ] for f in forms]):
            if sv is not None:
                a = subj.get(sk)
                if a is None:
                    subj[sk] = a = [0.0, 0]
                a[0] += sv
                a[1] += 1
        self.absv = absv = [f[_W_ABSV] for f in forms]
        self.has_cat = has_cat = [f[_W_CAT] for f in forms]
        for k in mwe:
            has_cat[k] = True
        charged = sum(1 for h, a in zip(has_cat, absv) if h or a >= 0.375)
        self.sent_subj = {i: a / c for i, (a, c) in subj.items()}
        n_pat = sum(c for _, c in subj.values())
        # article-level charge, shrunk toward a typical 5% for short texts (50 pseudo-words)
        docf = {"doc_charged_share": 10.0 * (charged + 2.5) / (n + 50),
                "doc_subjectivity": sum(a for a, _ in subj.values()) / n_pat if n_pat else 0.0,
                "doc_exclamations": min(1.0, len(exclaim) / 5)}
        if n_pat < 30:   # shrink the article's subjectivity toward 0.4 when few words carry one
            docf["doc_subjectivity"] = (docf["doc_subjectivity"] * n_pat + 0.4 * (30 - n_pat)) / 30
        self.docf = docf

        # negation: a negator up to three words before, in the same clause (the latest one wins)
        negated: dict[int, str] = {}
        for j in [k for k, f in enumerate(forms) if f[_W_NEG]]:
            for k in range(j + 1, min(j + 4, n)):
                if brk[k]:
                    break
                negated[k] = toks[j].text
        self.negated = negated

    def features(self, k: int) -> dict:
        """Inputs of token k from its place in the text (the ``feats`` of its Token)."""
        f = {}
        q = self.quote.get(k)
        if q:
            for name in q:
                f[name] = 1.0
        form = self.forms[k]
        if not form[_W_CAND]:
            return f
        sent_of = self.sent_of
        sk = sent_of[k]
        m = self.mwe.get(k)
        if m:
            f["mwe"] = 1.0
            f["mwe_cat=" + m[2]] = 1.0
        if form[_W_CAP] and k > 0 and sent_of[k - 1] == sk:
            f["capitalised"] = 1.0
        if form[_W_ALLCAPS]:
            f["all_caps"] = 1.0
        if self.toks[k].start < self.headline_end:
            f["headline"] = 1.0
        if sk in self.exclaim:
            f["exclamation"] = 1.0
        ss = self.sent_subj.get(sk)
        if ss:
            f["sentence_subjectivity"] = ss
        # neighbours: two words either side in the same sentence
        n, absv, has_cat = self.n, self.absv, self.has_cat
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
        brk, forms = self.brk, self.forms
        if k > 0 and not brk[k]:
            f["prev=" + vocab_key(forms[k - 1][_W_LOWER])] = 1.0
        if k + 1 < n and not brk[k + 1]:
            f["next=" + vocab_key(forms[k + 1][_W_LOWER])] = 1.0
        if k in self.negated:
            f["negated"] = 1.0
        return f

    def token(self, k: int) -> Token:
        t, form = self.toks[k], self.forms[k]
        tok = Token(k, t.start, t.end, t.text, form[_W_LOWER], form[_W_INFO], form[_W_STATIC],
                    self.sent_of[k])
        tok.docf = self.docf
        tok.negated = self.negated.get(k, "")
        tok.mwe = self.mwe.get(k, ())
        tok.feats = self.features(k)
        return tok


class _LazyTokens:
    """The article's Tokens, each made when first asked for (``decode_spans`` looks at a few)."""
    __slots__ = ("_facts", "_made")

    def __init__(self, facts: _Facts):
        self._facts = facts
        self._made: dict[int, Token] = {}

    def __len__(self) -> int:
        return self._facts.n

    def __getitem__(self, k):
        if isinstance(k, slice):
            return [self[i] for i in range(*k.indices(self._facts.n))]
        if k < 0:
            k += self._facts.n
        if not 0 <= k < self._facts.n:
            raise IndexError("token index out of range")
        t = self._made.get(k)
        if t is None:
            t = self._made[k] = self._facts.token(k)
        return t


def token_features(doc: Document) -> list[Token]:
    """The model's inputs for every word token of ``doc``."""
    facts = _Facts(doc)
    return [facts.token(k) for k in range(facts.n)]


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
    mw = [wcache.get(f[_W_LOWER]) or model.word_weights(f[_W_LOWER]) for f in forms]
    sent_of, brk, absv, has_cat = facts.sent_of, facts.brk, facts.absv, facts.has_cat
    quote, mwe, negated, exclaim = facts.quote, facts.mwe, facts.negated, facts.exclaim
    # per sentence: its mean subjectivity (or None) and whether it has an exclamation mark
    n_sent = sent_of[-1] + 1
    sent_ss = [facts.sent_subj.get(i) for i in range(n_sent)]
    sent_excl = [i in exclaim for i in range(n_sent)]
    starts = facts.doc._token_starts
    if len(starts) != n:
        starts = tuple(t.start for t in facts.toks)
    n_head = bisect_left(starts, facts.headline_end)   # tokens starting before the headline's end
    w_mwe, w_cap, w_caps, w_head, w_excl, w_ss, w_cv, w_cc, w_neg = (
        wget(k, 0.0) for k in ("mwe", "capitalised", "all_caps", "headline", "exclamation",
                               "sentence_subjectivity", "context_vader", "context_category", "negated"))
    exp = math.exp
    out = [0.0] * n
    last = n - 1
    for k, form in enumerate(forms):
        if not form[_W_CAND]:
            continue
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
        cv = 0.0
        cc = False
        if k >= 2 and sent_of[k - 2] == sk:
            cv = absv[k - 2]
            cc = has_cat[k - 2]
        if k >= 1 and sent_of[k - 1] == sk:
            if absv[k - 1] > cv:
                cv = absv[k - 1]
            cc = cc or has_cat[k - 1]
        if k < last and sent_of[k + 1] == sk:
            if absv[k + 1] > cv:
                cv = absv[k + 1]
            cc = cc or has_cat[k + 1]
            if k + 1 < last and sent_of[k + 2] == sk:
                if absv[k + 2] > cv:
                    cv = absv[k + 2]
                cc = cc or has_cat[k + 2]
        if cv:
            z += w_cv * cv
        if cc:
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
    facts = _Facts(doc)
    probs = _probabilities(facts, model)
    return decode_spans(doc, _LazyTokens(facts), probs, threshold, model, explain=explain)


def find_loaded_language(doc: Document, threshold: float = DEFAULT_THRESHOLD) -> list[LoadedSpan]:
    """Loaded-language spans of ``doc`` whose confidence reaches ``threshold`` (0..1)."""
    if not 0.0 <= threshold <= 1.0:
        raise ValueError(f"loaded-language threshold must be between 0 and 1, got {threshold}")
    return detect(doc, threshold, default_model())
