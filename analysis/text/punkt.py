"""Punkt sentence splitting: the part of NLTK's Punkt (``nltk/tokenize/punkt.py``, NLTK 3.10.4)
that splits a text into sentences with given parameters, copied so that scoring does not import NLTK.

Copyright (C) 2001-2026 NLTK Project. Algorithm: Kiss & Strunk (2006), "Unsupervised Multilingual
Sentence Boundary Detection". Authors of NLTK's module: Willy (original Python port), Steven Bird,
Edward Loper, Joel Nothman, Arthur Darcet, Tom Aarsen. Licensed under the Apache License 2.0
(``punkt_LICENSE.txt`` beside this file); URL: https://www.nltk.org/.

Why a copy: NLTK's module imports NLTK's security helpers (``nltk.pathsec`` and others: http.client,
email, ssl, urllib, xml, pickle), and compiles each pattern with ``nltk.redos`` (the ``regex``
engine, every call wrapped in a timeout guard); about 30 ms of every ``framing`` start and most of
Punkt's time on short paragraphs. Its patterns are fixed and linear, so the standard ``re`` runs
them here.

What is kept, with NLTK's names and logic unchanged: ``PunktLanguageVars`` (the patterns),
``PunktParameters``, ``PunktToken`` and ``PunktSentenceTokenizer`` (the base class's word
tokenizing and first pass folded in) with ``span_tokenize`` and what it calls. Left
out: training (``PunktTrainer``), the parameter files and pickles, debugging and printing.
Changed: ``redos.compile`` is ``re.compile``. The same sentences as NLTK's Punkt on the seeds,
the 924 PolNeAR and the 342 PTC texts (tests/test_document.py compares the seeds).
"""
from __future__ import annotations

import re
import string
from collections import defaultdict
from collections.abc import Iterator

# Orthographic contexts (BEG: the start of a sentence, MID: inside one, UNK: unknown; UC/LC: upper
# or lower case first letter)
_ORTHO_BEG_UC = 1 << 1
_ORTHO_MID_UC = 1 << 2
_ORTHO_UNK_UC = 1 << 3
_ORTHO_BEG_LC = 1 << 4
_ORTHO_MID_LC = 1 << 5
_ORTHO_UNK_LC = 1 << 6
_ORTHO_UC = _ORTHO_BEG_UC + _ORTHO_MID_UC + _ORTHO_UNK_UC
_ORTHO_LC = _ORTHO_BEG_LC + _ORTHO_MID_LC + _ORTHO_UNK_LC


class PunktLanguageVars:
    """The language-dependent patterns (English)."""

    __slots__ = ("_re_period_context", "_re_word_tokenizer")

    sent_end_chars = (".", "?", "!")
    """Characters which are candidates for sentence boundaries"""

    @property
    def _re_sent_end_chars(self):
        return "[%s]" % re.escape("".join(self.sent_end_chars))

    # The Unicode curly quotes and guillemets close a sentence like the ASCII quotes (NLTK gh-1682).
    re_boundary_realignment = re.compile(
        r'["\')\]}\u2018\u2019\u201c\u201d\xab\xbb]+?(?:\s+|(?=--)|$)',
        re.MULTILINE,
    )
    """Punctuation after the period (or ?, !) that belongs to the sentence before it."""

    _re_word_start = r"[^\(\"\`{\[:;&\#\*@\)}\]\-,]"
    """Excludes some characters from starting word tokens"""

    @property
    def _re_non_word_chars(self):
        """Characters that cannot appear within words"""
        return (
            r"(?:[)\";}\]\*:@\'\({\[\u2018\u2019\u201c\u201d\xab\xbb%s])"
            % re.escape("".join(set(self.sent_end_chars) - {"."}))
        )

    _re_multi_char_punct = r"(?:\-{2,}|\.{2,}|(?:\.\s){2,}\.)"
    """Hyphen and ellipsis are multi-character punctuation"""

    _word_tokenize_fmt = r"""(
        %(MultiChar)s
        |
        (?=%(WordStart)s)\S+?  # Accept word characters until end is found
        (?= # Sequences marking a word's end
            \s|                                 # White-space
            $|                                  # End-of-string
            %(NonWord)s|%(MultiChar)s|          # Punctuation
            ,(?=$|\s|%(NonWord)s|%(MultiChar)s) # Comma if at end of word
        )
        |
        \S
    )"""
    """Format of a regular expression to split punctuation from words, excluding period."""

    def _word_tokenizer_re(self):
        """Compiles and returns a regular expression for word tokenization"""
        try:
            return self._re_word_tokenizer
        except AttributeError:
            self._re_word_tokenizer = re.compile(
                self._word_tokenize_fmt
                % {
                    "NonWord": self._re_non_word_chars,
                    "MultiChar": self._re_multi_char_punct,
                    "WordStart": self._re_word_start,
                },
                re.UNICODE | re.VERBOSE,
            )
            return self._re_word_tokenizer

    def word_tokenize(self, s):
        """Tokenize a string to split off punctuation other than periods"""
        return self._word_tokenizer_re().findall(s)

    _period_context_fmt = r"""
        %(SentEndChars)s             # a potential sentence ending
        (?=(?P<after_tok>
            %(NonWord)s              # either other punctuation
            |
            \s+(?P<next_tok>\S+)     # or whitespace and some other token
        ))"""
    """Contexts of possible sentence boundaries: the boundary, and the following token (looked ahead)."""

    def period_context_re(self):
        """Compiles and returns a regular expression to find contexts including possible sentence boundaries."""
        try:
            return self._re_period_context
        except AttributeError:
            self._re_period_context = re.compile(
                self._period_context_fmt
                % {
                    "NonWord": self._re_non_word_chars,
                    "SentEndChars": self._re_sent_end_chars,
                },
                re.UNICODE | re.VERBOSE,
            )
            return self._re_period_context


def _pair_iter(iterator):
    """Each item with the next one; the last with None."""
    iterator = iter(iterator)
    try:
        prev = next(iterator)
    except StopIteration:
        return
    for el in iterator:
        yield (prev, el)
        prev = el
    yield (prev, None)


class PunktParameters:
    """Stores data used to perform sentence boundary detection with Punkt."""

    def __init__(self):
        self.abbrev_types = set()
        """Word types of known abbreviations (without their final period)."""
        self.collocations = set()
        """(word type, word type) pairs whose first word ends in a period that does not end a sentence."""
        self.sent_starters = set()
        """Word types that often begin sentences."""
        self.ortho_context = defaultdict(int)
        """Word type -> the orthographic context flags it occurs in (the ``_ORTHO_`` constants added)."""


class PunktToken:
    """Stores a token of text with annotations produced during sentence boundary detection."""

    _properties = ["parastart", "linestart", "sentbreak", "abbr", "ellipsis"]
    __slots__ = ["tok", "type", "period_final"] + _properties

    def __init__(self, tok, **params):
        self.tok = tok
        self.type = self._get_type(tok)
        self.period_final = tok.endswith(".")

        for prop in self._properties:
            setattr(self, prop, None)
        for k in params:
            setattr(self, k, params[k])

    # Note: [A-Za-z] is approximated by [^\W\d] in the general case.
    _RE_ELLIPSIS = re.compile(r"\.\.+$")
    _RE_NUMERIC = re.compile(r"^-?[\.,]?\d[\d,\.-]*\.?$")
    _RE_INITIAL = re.compile(r"[^\W\d]\.$", re.UNICODE)

    def _get_type(self, tok):
        """Returns a case-normalized representation of the token."""
        return self._RE_NUMERIC.sub("##number##", tok.lower())

    @property
    def type_no_period(self):
        """The type with its final period removed if it has one."""
        if len(self.type) > 1 and self.type[-1] == ".":
            return self.type[:-1]
        return self.type

    @property
    def type_no_sentperiod(self):
        """The type with its final period removed if it is marked as a sentence break."""
        if self.sentbreak:
            return self.type_no_period
        return self.type

    @property
    def first_upper(self):
        """True if the token's first character is uppercase."""
        return self.tok[0].isupper()

    @property
    def first_lower(self):
        """True if the token's first character is lowercase."""
        return self.tok[0].islower()

    @property
    def is_ellipsis(self):
        """True if the token text is that of an ellipsis."""
        return self._RE_ELLIPSIS.match(self.tok)

    @property
    def is_initial(self):
        """True if the token text is that of an initial."""
        return self._RE_INITIAL.match(self.tok)


class PunktSentenceTokenizer:
    """Sentence boundaries by Punkt's heuristics with given parameters (NLTK's class without
    training: ``params`` is a ``PunktParameters``)."""

    PUNCTUATION = tuple(";:,.!?")

    def __init__(self, params=None, lang_vars=None, token_cls=PunktToken):
        self._params = PunktParameters() if params is None else params
        self._lang_vars = PunktLanguageVars() if lang_vars is None else lang_vars
        self._Token = token_cls

    # ---------------------------------------------------------------------------- sentences

    def span_tokenize(self, text: str, realign_boundaries: bool = True) -> Iterator[tuple[int, int]]:
        """Given a text, generates (start, end) spans of sentences in the text."""
        slices = self._slices_from_text(text)
        if realign_boundaries:
            slices = self._realign_boundaries(text, slices)
        for sentence in slices:
            yield (sentence.start, sentence.stop)

    def _get_last_whitespace_index(self, text: str) -> int:
        """The index of the last whitespace character of ``text``; 0 if there is none."""
        for i in range(len(text) - 1, -1, -1):
            if text[i] in string.whitespace:
                return i
        return 0

    def _match_potential_end_contexts(self, text: str) -> Iterator[tuple[re.Match, str]]:
        """The matches of potential sentence breaks, each with its context (the word before it, the
        break and what follows). The period pattern no longer matches the word before (NLTK's fix
        of the ReDoS of issue #2866), so that word is found here from right to left, and a match
        whose word overlaps the previous match's is dropped: "acting!!! I" gives one match, the
        last "!"."""
        previous_slice = slice(0, 0)
        previous_match = None
        for match in self._lang_vars.period_context_re().finditer(text):
            # Get the slice of the previous word
            before_text = text[previous_slice.stop : match.start()]
            index_after_last_space = self._get_last_whitespace_index(before_text)
            if index_after_last_space:
                # + 1 to exclude the space itself
                index_after_last_space += previous_slice.stop + 1
            else:
                index_after_last_space = previous_slice.start
            prev_word_slice = slice(index_after_last_space, match.start())

            # If the previous slice does not overlap with this slice, then
            # we can yield the previous match and slice. If there is an overlap,
            # then we do not yield the previous match and slice.
            if previous_match and previous_slice.stop <= prev_word_slice.start:
                yield (
                    previous_match,
                    text[previous_slice]
                    + previous_match.group()
                    + previous_match.group("after_tok"),
                )
            previous_match = match
            previous_slice = prev_word_slice

        # Yield the last match and context, if it exists
        if previous_match:
            yield (
                previous_match,
                text[previous_slice]
                + previous_match.group()
                + previous_match.group("after_tok"),
            )

    def _slices_from_text(self, text: str) -> Iterator[slice]:
        last_break = 0
        for match, context in self._match_potential_end_contexts(text):
            if self.text_contains_sentbreak(context):
                yield slice(last_break, match.end())
                if match.group("next_tok"):
                    # next sentence starts after whitespace
                    last_break = match.start("next_tok")
                else:
                    # next sentence starts at following punctuation
                    last_break = match.end()
        # The last sentence should not contain trailing whitespace.
        yield slice(last_break, len(text.rstrip()))

    def _realign_boundaries(self, text: str, slices: Iterator[slice]) -> Iterator[slice]:
        """Punctuation after the period that belongs to the sentence before it moved into it:
        "(Sent1.) Sent2." gives "(Sent1.)" and "Sent2.", not "(Sent1." and ") Sent2."."""
        realign = 0
        for sentence1, sentence2 in _pair_iter(slices):
            sentence1 = slice(sentence1.start + realign, sentence1.stop)
            if not sentence2:
                if text[sentence1]:
                    yield sentence1
                continue

            m = self._lang_vars.re_boundary_realignment.match(text[sentence2])
            if m:
                yield slice(sentence1.start, sentence2.start + len(m.group(0).rstrip()))
                realign = m.end()
            else:
                realign = 0
                if text[sentence1]:
                    yield sentence1

    def text_contains_sentbreak(self, text: str) -> bool:
        """Returns True if the given text includes a sentence break."""
        found = False  # used to ignore last token
        for tok in self._annotate_tokens(self._tokenize_words(text)):
            if found:
                return True
            if tok.sentbreak:
                found = True
        return False

    # ---------------------------------------------------------------------------- words

    def _tokenize_words(self, plaintext):
        """The text's tokens (Punkt's word pattern, line by line), the first of a line marked
        ``linestart``, and ``parastart`` after an empty line."""
        parastart = False
        for line in plaintext.split("\n"):
            if line.strip():
                line_toks = iter(self._lang_vars.word_tokenize(line))

                try:
                    tok = next(line_toks)
                except StopIteration:
                    continue

                yield self._Token(tok, parastart=parastart, linestart=True)
                parastart = False

                for tok in line_toks:
                    yield self._Token(tok)
            else:
                parastart = True

    # ---------------------------------------------------------------------------- annotation

    def _annotate_tokens(self, tokens: Iterator[PunktToken]) -> Iterator[PunktToken]:
        """The tokens annotated: a first pass by each word's type, then a second by its context."""
        tokens = self._annotate_first_pass(tokens)
        return self._annotate_second_pass(tokens)

    def _annotate_first_pass(self, tokens: Iterator[PunktToken]) -> Iterator[PunktToken]:
        """Decisions by word type alone: '?', '!' and '.' are sentence breaks, two or more periods
        an ellipsis, a word ending in '.' an abbreviation when it is a known one, else a sentence
        break."""
        for aug_tok in tokens:
            self._first_pass_annotation(aug_tok)
            yield aug_tok

    def _first_pass_annotation(self, aug_tok: PunktToken) -> None:
        """Performs type-based annotation on a single token."""
        tok = aug_tok.tok

        if tok in self._lang_vars.sent_end_chars:
            aug_tok.sentbreak = True
        elif aug_tok.is_ellipsis:
            aug_tok.ellipsis = True
        elif aug_tok.period_final and not tok.endswith(".."):
            if (
                tok[:-1].lower() in self._params.abbrev_types
                or tok[:-1].lower().split("-")[-1] in self._params.abbrev_types
            ):
                aug_tok.abbr = True
            else:
                aug_tok.sentbreak = True

    def _annotate_second_pass(self, tokens: Iterator[PunktToken]) -> Iterator[PunktToken]:
        """Decisions by context (Kiss & Strunk, section 4): the orthographic heuristic (4.1.1),
        collocations (4.1.2) and frequent sentence starters (4.1.3)."""
        for token1, token2 in _pair_iter(tokens):
            self._second_pass_annotation(token1, token2)
            yield token1

    def _second_pass_annotation(self, aug_tok1: PunktToken, aug_tok2: PunktToken | None) -> None:
        """Performs token-based classification over a pair of contiguous tokens updating the first."""
        # Is it the last token? We can't do anything then.
        if not aug_tok2:
            return

        if not aug_tok1.period_final:
            # We only care about words ending in periods.
            return
        typ = aug_tok1.type_no_period
        next_typ = aug_tok2.type_no_sentperiod
        tok_is_initial = aug_tok1.is_initial

        # [4.1.2. Collocation Heuristic] A collocation between the word before and after the
        # period: an abbreviation, NOT a sentence break.
        if (typ, next_typ) in self._params.collocations:
            aug_tok1.sentbreak = False
            aug_tok1.abbr = True
            return

        # [4.2. Token-Based Reclassification of Abbreviations] An abbreviation or an ellipsis:
        # also a sentence break?
        if (aug_tok1.abbr or aug_tok1.ellipsis) and (not tok_is_initial):
            # [4.1.1. Orthographic Heuristic] Does the next word start a sentence?
            is_sent_starter = self._ortho_heuristic(aug_tok2)
            if is_sent_starter == True:
                aug_tok1.sentbreak = True
                return

            # [4.1.3. Frequent Sentence Starter Heuristic] The next word is capitalized and a
            # frequent sentence starter: a sentence break.
            if aug_tok2.first_upper and next_typ in self._params.sent_starters:
                aug_tok1.sentbreak = True
                return

        # [4.3. Token-Based Detection of Initials and Ordinals] Initials and ordinals marked as
        # sentence breaks that are abbreviations.
        if tok_is_initial or typ == "##number##":
            # [4.1.1. Orthographic Heuristic]
            is_sent_starter = self._ortho_heuristic(aug_tok2)

            if is_sent_starter == False:
                aug_tok1.sentbreak = False
                aug_tok1.abbr = True
                return

            # Special heuristic for initials: if orthographic heuristic is unknown, and next word
            # is always capitalized, then mark as abbrev (eg: J. Bach).
            if (
                is_sent_starter == "unknown"
                and tok_is_initial
                and aug_tok2.first_upper
                and not (self._params.ortho_context[next_typ] & _ORTHO_LC)
            ):
                aug_tok1.sentbreak = False
                aug_tok1.abbr = True

    def _ortho_heuristic(self, aug_tok: PunktToken) -> bool | str:
        """Decide whether the given token is the first token in a sentence (True, False or "unknown")."""
        # Sentences don't start with punctuation marks:
        if aug_tok.tok in self.PUNCTUATION:
            return False

        ortho_context = self._params.ortho_context[aug_tok.type_no_sentperiod]

        # If the word is capitalized, occurs at least once with a lower case first letter, and
        # never occurs with an upper case first letter sentence-internally, then it's a sentence
        # starter.
        if (
            aug_tok.first_upper
            and (ortho_context & _ORTHO_LC)
            and not (ortho_context & _ORTHO_MID_UC)
        ):
            return True

        # If the word is lower case, and either (a) we've seen it used with upper case, or (b)
        # we've never seen it used sentence-initially with lower case, then it's not a sentence
        # starter.
        if aug_tok.first_lower and (
            (ortho_context & _ORTHO_UC) or not (ortho_context & _ORTHO_BEG_LC)
        ):
            return False

        # Otherwise, we're not sure.
        return "unknown"
