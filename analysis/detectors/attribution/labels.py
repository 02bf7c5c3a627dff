"""Source labels: the noun phrase a reader is shown as who speaks, split from the rest of the source.

The source span keeps the words PolNeAR counts as the source ("Dave Hurley, who voted against
the plan", "Maria Alvarez, 62, a retired teacher"). Its *label* is the noun phrase naming the
person, role or organisation ("Dave Hurley", "Maria Alvarez", "the Bureau of Labor Statistics");
its *description* is what follows the name: an apposition, an age, a relative clause, a
parenthesis ("who voted against the plan", "62, a retired teacher", "D-Ore."). Read with the
word classes of data/label_words.tsv:

1. the description starts at the first comma, parenthesis, dash or semicolon after the label's
   first word, or at a relative pronoun or a subject pronoun opening a clause ("a Mexican
   official who …", "the tax experts I spoke to");
2. words a label never starts with (prepositions, conjunctions, auxiliaries, sentence adverbs:
   "Or, maybe, …", "of Mr. Trump") are left off its front, and articles, possessives,
   prepositions and object pronouns off its end ("the Bureau of Labor Statistics a");
3. a label longer than ``MAX_LABEL_WORDS`` ends before its first preposition ("A study | by the
   liberal watchdog group Media Matters"), else after its first ``MAX_LABEL_WORDS`` words.

A word of these classes capitalised inside a sentence before a word in lower case is a name
("George Will wrote", "Every December, Time announces"); a label that opens with a word for people
goes on with what modifies it ("people familiar with her thinking", "those surveyed"); a pronoun
contracted with its verb ("they’re") is labelled by the pronoun; a source running up to the
possessive of a noun cue ("particularly his stern warning") is the possessor.

A source that is a clause fragment, not a noun phrase, is not a source (``noun_phrase``: it opens
with a verb form followed by its object or standing alone, "replacing it with softer language",
"worded it", "Speaking", or with a finite verb, "requires staffers"; PolNeAR train: about 110
sources, all fragments read by hand). A source whose label names no one is not a source
(``names_someone``): no word left, a head
(last word) that is a function word, a time word, an adverb or a verb form ("made", "growing"),
or, for a phrase of no known source type, a single word in the singular ("win") or a possessive
with a singular head that names no role or organisation ("his bluster-buss act"). A relative
pronoun alone ("who", "which") keeps its span and refers to the noun phrase before it.
"""
from __future__ import annotations

import bisect
import re
from functools import lru_cache

from ...lexicons.thirdparty import pos_lexicon
from ..reporting_words import label_words, source_words
from .context import replace, Attribution, Context, _cap
from .phrases import _np_left
from .sources import _type_of

#: the longest label shown, in words
MAX_LABEL_WORDS = 8
_SPLIT_RE = re.compile(r"[,;()\[\]—–―]|\s-\s|--")
_CLAUSE_PRONOUNS = frozenset("he she they i we you".split())
_PREPOSITIONS = frozenset("of for at in from by with on to about under over".split())
_POSSESSIVES = frozenset("his her their its our my your".split())
#: quantifiers and demonstratives that stand alone for people ("all agreed", "most said", "another
#: notes", "those who back her opponents say")
_KEEP_ALONE = frozenset("all each both most more many some few several none another others neither either half those"
                        .split())
#: the pronoun that ends a partitive source whose label is its quantifier ("most of them")
_PARTITIVE_ENDS = frozenset("them us you whom which those these".split())
_COLLECTIVE = frozenset("all each both people police staff public crowd everyone someone anyone nobody others many some "
                        "most both few several majority minority audience those".split())


@lru_cache(maxsize=None)
def _classes(*names: str) -> frozenset[str]:
    """The words of the classes ``names`` of data/label_words.tsv together (made once)."""
    return frozenset().union(*(label_words(n) for n in names))


def _token_range(cx: Context, start: int, end: int) -> tuple[int, int] | None:
    starts = cx.doc._token_starts
    i, j = bisect.bisect_left(starts, start), bisect.bisect_left(starts, end) - 1
    return (i, j) if i <= j else None


def _is_word(cx: Context, k: int) -> bool:
    return any(ch.isalnum() for ch in cx.toks[k].text)


def split_label(cx: Context, i: int, j: int) -> tuple[tuple[int, int] | None, tuple[int, int] | None]:
    """(label, description) token ranges of the source of tokens i..j (see the module docstring);
    the label is None when no word is left."""
    lead, relative = label_words("lead"), label_words("relative")
    lead_edge, lead_edge_relative = _classes("lead", "edge"), _classes("lead", "edge", "relative")
    while i <= j and (not _is_word(cx, i) or cx.low[i] in lead or cx.low[i] in relative and i < j):
        i += 1
    end, desc = j, None
    for k in range(i + 1, j + 1):
        if _SPLIT_RE.search(cx.gap(k - 1, k)) or cx.low[k] in relative or _opens_clause(cx, k, lead_edge):
            end, desc = k - 1, (k, j)
            break
    if cx.low[i] in _KEEP_ALONE and (end == i or cx.low[i + 1] == "of" and cx.low[end] in _PARTITIVE_ENDS):
        return (i, i), desc         # "all agreed", "each saying", "most of them said", "all of whom opposed"
    while end > i and not _share(cx, i, end) and (cx.low[end].isdigit() or cx.low[end] in label_words("time")):
        end -= 1                    # "an arbitration panel in 2001", "… ad in 2008"
    while end >= i and (not _is_word(cx, end) or cx.low[end] in lead_edge_relative and not _name_word(cx, end)):
        end -= 1
    if end < i:
        return None, desc
    if end - i + 1 > MAX_LABEL_WORDS:
        cut = next((k for k in range(i + 1, end + 1) if cx.low[k] in _PREPOSITIONS), i + MAX_LABEL_WORDS)
        if cut - i > MAX_LABEL_WORDS:
            cut = i + MAX_LABEL_WORDS
        desc = (cut, j)
        end = cut - 1
        while end > i and cx.low[end] in lead_edge_relative:
            end -= 1
    while desc is not None and desc[0] <= desc[1] and not _is_word(cx, desc[0]):
        desc = (desc[0] + 1, desc[1])
    if desc is not None and desc[0] > desc[1]:
        desc = None
    return (i, end), desc


#: what may end a sentence, or open one, before a capitalised word: a full stop, a colon, a line
#: break, an opening quotation mark
_SENTENCE_END_RE = re.compile(r"[.!?:;\n]|[“\"]$")


def _name_word(cx: Context, k: int) -> bool:
    """Token k is a name though its word is a function or time word ("George Will wrote", "Al
    From said", "Every December, Time announces"): capitalised inside a sentence
    (``_SENTENCE_END_RE`` finds nothing before it) and followed by a word in lower case (not a
    headline in title case). (A label never starts with a function word, so "Will" alone is none.)"""
    return k > 0 and k + 1 < len(cx.toks) and _cap(cx.toks[k].text) and cx.toks[k + 1].text[:1].islower() \
        and not _SENTENCE_END_RE.search(cx.gap(k - 1, k))


def _opens_clause(cx: Context, k: int, function: frozenset[str]) -> bool:
    """Token k opens a clause after a noun: a subject pronoun ("the tax experts I spoke to") or a
    verb form in -ed or -ing in lower case ("a report released last year", "Mr. Obama
    scrutinized"; not after a function word: "the embattled mayor")."""
    w, before = cx.low[k], cx.low[k - 1]
    if cx.boundary(k - 1, k) or before in function or _cap(cx.toks[k].text):
        return False
    if w in _CLAUSE_PRONOUNS:
        return True
    return w.endswith(("ed", "ing")) and len(w) > 4 and source_words().get(w) is None \
        and not before.endswith(("ed", "ing"))


def names_someone(cx: Context, i: int, j: int, stype: str) -> bool:
    """Does the label of tokens i..j (of type ``stype``) name a person, a role or an organisation
    (or, as a pronoun, stand for one)?"""
    words = [cx.low[k] for k in range(i, j + 1)]
    head = words[-1]
    if stype == "pronoun" or len(words) == 1 and head in _KEEP_ALONE or _share(cx, i, j):
        return True
    if head in _classes("lead", "edge", "time") and not _name_word(cx, j) or head.isdigit():
        return False
    lower_head = not _cap(cx.toks[j].text)
    if lower_head and source_words().get(head) is None and not _people_first(cx, i, j) and (
            head.endswith(("ed", "ing")) or len(words) == 1 and head.endswith("ly") and len(head) > 4):
        return False
    if stype != "unknown":
        return True
    if len(words) == 1:
        return _plural(head) or head in _COLLECTIVE or _name_word(cx, j)
    if words[0] in _POSSESSIVES and not _plural(head) and source_words().get(head.split("-")[-1]) is None \
            and not any(_cap(cx.toks[k].text) for k in range(i + 1, j + 1)):
        return False            # "his bluster-buss act"; not "his Facebook profile"
    return True


def _people_first(cx: Context, i: int, j: int) -> bool:
    """The label of tokens i..j opens (after an article) with a word for people or a kind of
    source and goes on with what modifies it ("people familiar with her thinking", "the person
    familiar with the planning", "those surveyed"): its last word is no head."""
    k = i + 1 if cx.low[i] in ("the", "a", "an") else i
    return k < j and (cx.low[k] in _COLLECTIVE or source_words().get(cx.low[k]) in ("role", "anonymous", "organisation"))


def _counted_subject(cx: Context, label: tuple[int, int], a: Attribution) -> bool:
    """The label is a number of people standing as the subject right before the cue, with only
    auxiliaries and adverbs between ("39 have said they support Sanders", "43 said the same");
    not a year ("1,000", "2008": four digits or more)."""
    i, j = label
    w = cx.low[i]
    if i != j or not w.isdigit() or len(w) > 3 or cx.toks[j].end > a.cue.start:
        return False
    skip = {k for k, v in cx.kinds.items() if v == "skip"}
    k = j + 1
    while k < len(cx.toks) and cx.toks[k].start < a.cue.start and cx.low[k] in skip and not cx.boundary(k - 1, k):
        k += 1
    return k < len(cx.toks) and cx.toks[k].start == a.cue.start and not cx.boundary(j, j + 1)


def _share(cx: Context, i: int, j: int) -> bool:
    """The label of tokens i..j is a share of people, as polls report them ("42%", "six in 10")."""
    after = cx.text[cx.toks[j].end:cx.toks[j].end + 1]
    return cx.low[j].isdigit() and (after == "%" or j - 2 >= i and cx.low[j - 1] == "in") \
        or j + 1 < len(cx.low) and cx.low[j].isdigit() and cx.low[j + 1] == "percent" and i == j


def _plural(word: str) -> bool:
    return word.endswith("s") and not word.endswith(("ss", "'s", "us", "is")) or word in ("people", "men", "women",
                                                                                       "children")


def with_label(cx: Context, a: Attribution) -> Attribution:
    """``a`` with its source's label and description; a source whose label names no one becomes
    no source; a relative pronoun ("who") refers to the noun phrase before it."""
    if a.source is None:
        return a
    p = _possessor(cx, a)
    if p is not None:       # "his stern warning", "abandoning his earlier hostility": the possessor
        own = cx.span(p, p)
        return replace(a, source=own, source_type="pronoun", label=own, description=None, refers_to=None)
    if not noun_phrase(a.source.text):
        return replace(a, source=None, source_type="unknown", refers_to=None)
    rng = _token_range(cx, a.source.start, a.source.end)
    if rng is None:
        return replace(a, source=None, source_type="unknown", refers_to=None)
    i, j = rng
    if i == j and (cx.low[i] in label_words("relative") or cx.low[i] == "that"):
        return _relative(cx, a, i)
    if i == j and cx.low[i] in _POSSESSIVES:
        return replace(a, source_type="pronoun", label=a.source)    # "his claim": the possessor
    label, desc = split_label(cx, i, j)
    if label is None:
        return replace(a, source=None, source_type="unknown", refers_to=None)
    if label[0] == label[1] and _contracted_pronoun(cx, label[0]) is not None:
        return _contracted(cx, a, label[0])
    if label[1] > label[0] and (cx.low[label[0]] in _CLAUSE_PRONOUNS or cx.low[label[0]] == "it"):
        label = (label[0], label[0])    # "he made a last-minute decision": the pronoun is the source
    text = cx.span(*label).text
    stype = _type_of(text) if _type_of(text) != "unknown" or a.source_type == "unknown" else a.source_type
    if stype == "pronoun" and label[1] > label[0]:
        stype = "anonymous"             # "one user", "both candidates": unnamed people, no pronoun
    if not names_someone(cx, label[0], label[1], stype) and not _counted_subject(cx, label, a):
        return replace(a, source=None, source_type="unknown", refers_to=None)
    return replace(a, source_type=stype, label=cx.span(*label),
                   description=cx.span(*desc) if desc is not None else None)


#: parts of speech (``pos_lexicon``) of the words that may stand between a possessive and its noun
_MODIFIER_POS = frozenset("adj adv verb".split())


def _possessor(cx: Context, a: Attribution) -> int | None:
    """The token of the possessive determiner of a noun cue when the source found runs up to it
    ("his stern warning", "their smug assurances", "particularly his warning", "abandoning his
    earlier hostility": a noun after a possessive and modifiers only, adjectives, adverbs or
    participles), else None: the possessor is the source, the words before it are not."""
    rng, cue = _token_range(cx, a.source.start, a.source.end), _token_range(cx, a.cue.start, a.cue.end)
    if rng is None or cue is None or rng[1] >= cue[0]:
        return None
    c, pos = cue[0], pos_lexicon()
    p = next((k for k in range(rng[1], rng[0] - 1, -1) if cx.low[k] in _POSSESSIVES), None)
    if p is None or p == rng[0] == rng[1] or cx.boundary(p, c) or pos.get(cx.low[c]) != "noun":
        return None
    if all(cx.toks[k].text.islower() and not cx.in_quote[k] and (pos.get(cx.low[k]) in _MODIFIER_POS or
           pos.get(cx.low[k]) is None and cx.low[k].endswith("ed")) for k in range(p + 1, c)):
        return p
    return None


def _contracted_pronoun(cx: Context, k: int) -> str | None:
    """The personal or relative pronoun that token k contracts with a verb ("they're", "she'll",
    "who'd"; not "it's", "there's", mostly an expletive), else None."""
    stem = cx.low[k].split("'")[0]
    return stem if stem != cx.low[k] and (stem in _CLAUSE_PRONOUNS or stem == "who") else None


def _contracted(cx: Context, a: Attribution, k: int) -> Attribution:
    """A source that is a pronoun contracted with a verb ("they’re hopeful", "who’d previously
    endorsed"): the pronoun is its label, a relative one refers to the noun phrase before it."""
    stem = _contracted_pronoun(cx, k)
    label = cx.doc.span(cx.toks[k].start, cx.toks[k].start + len(stem))
    if stem == "who":
        return replace(_relative(cx, a, k), label=label)
    return replace(a, source_type="pronoun", label=label, description=None)


#: words that open a verb's object or complement ("worded it", "listed an NBC show")
_OBJECT_OPENERS = frozenset("a an the this that these those it them him her us me one his their its our my your".split())
_WORD_RE = re.compile(r"\w+")


def noun_phrase(source: str) -> bool:
    """The source can name someone: it does not open with a verb form followed by its object
    or standing alone ("replacing it with softer language", "worded it", "Speaking"), nor with a
    finite verb ("requires staffers"). A participle before a noun stays ("retired neurosurgeon
    Ben Carson", "leading Democrats"): the lexicon cannot tell it from a verb there."""
    words = _WORD_RE.findall(source)
    if not words or "'" in source.split()[0] or "’" in source.split()[0]:
        return True
    w = words[0]
    if pos_lexicon().get(w.lower()) != "verb" or w[:1].isupper() and not w.endswith("ing"):
        return True
    if w[:1].islower() and w.endswith("s") and not w.endswith("ss"):
        return False
    return not (len(words) == 1 or words[1].lower() in _OBJECT_OPENERS)


def _relative(cx: Context, a: Attribution, k: int) -> Attribution:
    """A relative pronoun source ("Dave Hurley, who voted …", "a report that says"): a pronoun
    referring to the noun phrase just before it (over a comma), when that names someone."""
    a = replace(a, source_type="pronoun", label=a.source, description=None, refers_to=None, resolved=False)
    p = k - 1
    if p < 0 or cx.in_quote[p] or cx.gap(p, k).strip() not in ("", ","):
        return a
    start = _np_left(cx, 0, p)
    if start is None:
        return a
    label, _ = split_label(cx, start, p)
    if label is None:
        return a
    stype = _type_of(cx.span(*label).text)
    if stype == "pronoun" or not names_someone(cx, label[0], label[1], stype):
        return a
    return replace(a, refers_to=cx.span(*label), resolved=True)
