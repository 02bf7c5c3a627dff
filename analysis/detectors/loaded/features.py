"""The loaded-language model's inputs, token by token: what a word is (``static_features``, from
the word alone) and where it stands (headline, quotation marks, exclamations, its neighbours'
charge, a multi-word expression, a negator up to three words before it in the same clause).

``_Facts`` computes them for a whole article in a few passes; ``token_features`` turns them into
``Token`` objects (training, evaluation), ``model._probabilities`` scores them directly (detection).
"""
from __future__ import annotations

import re
from bisect import bisect_left
from itertools import compress, repeat
from operator import ge, or_

from ...lexicons.cache import Memo
from ...text.document import Document, fold_word
from ...text.quotemarks import inline_quotes
from .lexicon import WordInfo, _word_matches, curated_lexicon, negators, vocab_key, word_info

# a clause break between two words: punctuation, a spaced hyphen used as a dash, a line break
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
    _W_SUBJ = _W_FIELDS = range(11)
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


def _gap_breaks(gap: str) -> bool:
    """Whether the text between two words is a clause break (punctuation, a spaced hyphen used as
    a dash, a line break)."""
    return gap != " " and _GAP_BREAK_RE.search(gap) is not None


#: ``_gap_breaks`` by the gap's text: a few hundred different gaps make nearly all of them
_GAP_BREAKS = Memo(_gap_breaks, 10_000)


class _Facts:
    """Everything the model's inputs are made of, for one article, computed in a few passes over
    its tokens: per-word facts (``forms``), the sentence of each token, clause breaks, quotes,
    multi-word expressions, negation and the article-level inputs. ``token_features`` turns them
    into Token objects (training, evaluation); ``detect`` scores them directly (fast)."""
    __slots__ = ("doc", "toks", "n", "forms", "columns", "starts", "sent_of", "brk", "quote", "mwe", "negated", "exclaim",
                 "sent_subj", "absv", "has_cat", "docf", "headline_end")

    def __init__(self, doc: Document):
        text = doc.flow     # line breaks inside a paragraph read as spaces (analysis.text.document)
        toks = doc.tokens
        n = len(toks)
        self.doc, self.toks, self.n = doc, toks, n
        # the Document's columns: where each token starts, its word, the gap after it
        self.starts = starts = doc._token_starts
        words, gaps = doc._token_words, doc._token_gaps
        forms = list(map(_form_cache.get, words))
        if None in forms:                         # word forms not seen yet in this process
            forms = [f or _word_form(w) for f, w in zip(forms, words)]
        self.forms = forms
        # the same facts column by column (``zip`` transposes them in one pass), read by position
        self.columns = columns = list(zip(*forms)) if n else [()] * len(_W_FIELDS)
        # sentence of each token: the last sentence starting at or before it (0 before the first)
        sent_of = [0] * n
        sstarts = doc._sentence_starts
        firsts = []      # the first token of each later sentence (that has tokens)
        pos = 0
        for i in range(1, len(sstarts)):
            b = bisect_left(starts, sstarts[i])
            if b > pos:
                sent_of[pos:b] = [i - 1] * (b - pos)
                firsts.append(b)
                pos = b
        if sstarts:
            sent_of[pos:] = [len(sstarts) - 1] * (n - pos)
        self.sent_of = sent_of
        self.headline_end = doc.paragraphs[0].end if doc.paragraphs else 0
        # a clause break between token k-1 and token k: a new sentence, or punctuation, a dash, a
        # line break between them
        self.brk = brk = [True, *map(_GAP_BREAKS.__getitem__, gaps[:-1])] if n else []
        for k in firsts:
            if k < n:
                brk[k] = True

        # quotation marks: short quotes (<= 4 words) are scare quotes, a classic loaded-language device
        quote: dict[int, list[str]] = {}
        for qs, qe in inline_quotes(text):
            lo = bisect_left(starts, qs)
            hi = bisect_left(starts, qe)
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
        for k in compress(range(n), columns[_W_PHRASES]):
            for words, cat in forms[k][_W_PHRASES]:
                m = len(words)
                # (the second word first: it rules out most phrases at once)
                if k + m <= n and _word_matches(words[1], forms[k + 1][_W_LOWER]) \
                        and all(_word_matches(w, f[_W_LOWER]) for w, f in zip(words, forms[k:k + m])) \
                        and not any(brk[k + 1:k + m]):
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
        for sk, sv in zip(sent_of, columns[_W_SUBJ]):
            if sv is not None:
                a = subj.get(sk)
                if a is None:
                    subj[sk] = a = [0.0, 0]
                a[0] += sv
                a[1] += 1
        self.absv = absv = columns[_W_ABSV]
        self.has_cat = has_cat = list(columns[_W_CAT])
        for k in mwe:
            has_cat[k] = True
        charged = sum(map(or_, has_cat, map(ge, absv, repeat(0.375))))   # has a category or |VADER| >= 1.5
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
        for j in compress(range(n), columns[_W_NEG]):
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
