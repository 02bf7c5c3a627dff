"""Direct quotations, scare quotes and titles in quotation marks.

The quotation marks are read by ``analysis.text.quotemarks``: ``quote_regions`` pairs them by
glyph, paragraph by paragraph, with the pairing rules of the PolNeAR scorer
(shared/eval/score_attribution.py): its gold quote regions are the parts of gold Content spans
inside ``quote_regions``, and the project's evaluation (``analysis.evaluate.attribution``) uses
that function for the gold side too.

The quotations ``find_quotes`` reports are read like a reader reads them (``reader_regions``):
the same rules, but each mark is read by where it stands, because typed text mixes the glyphs.
A mark glued to the word before it and followed by a space, punctuation or the line end closes;
one glued to the word after it, after a space, bracket, dash or the line start, opens; a closing
mark closes the innermost open quotation of its own glyph kind, else the innermost open one of
the other kind; a closing mark with nothing open is ignored. So “Immunity deals ... FBI,"
Chaffetz said, adding ... "like candy." is two quotations (glyph pairing runs one region from
“ to the paragraph end, over the attribution), "Oz has a bully pulpit,” said Gorski is one, a
“Frozen“ glued to the next space closes, a mistyped ”get close to Ben ...” opens (the scorer
ignores a ” with nothing open, so those words are never gold quote words), and 6'3" tall or
[his] systems" including (a " after a word with nothing open) are not quotations. On PolNeAR
this lowers quote-share MAE (dev 0.0089 -> 0.0079, train 0.0073 -> 0.0070) though gold regions
keep the glyph pairing: where gold Content covers a glyph region's unquoted words (indirect
speech around a mixed-mark quote), those words stay gold quote words that a reader would not
count (quote-token recall 0.998 -> 0.996 on both splits, precision 0.968 -> 0.977 on dev).

Kinds:

- ``title``: a title in quotation marks (a book, film, song, show, article: "the op-ed titled
  “Why I Quit”"): Title Case words (numbers count as capitalised: “13th”) after a word such as
  *titled*, *book*, *documentary*, *show*, *host of*, *episode of*, *broadcast of*, *trailer
  for*, *appearance on*, *said on* / sentence-initial *On* (“Meet the Press,”), or after a
  possessive ("MSNBC’s “Morning Joe,”", "ABC's "This Week""). A Title Case quotation that
  follows a title with only a comma, *and* or *or* between is the next title of the list
  (roles in “Big,” “Apollo 13,” and “Splash,”).
- ``scare``: a short (at most ``SCARE_MAX_WORDS`` words) fragment inside a clause, read by
  grammar (the words around it: ``data/scare_quote_words.tsv`` and Brill's parts of speech):

  - a noun modifier: the closing mark is followed by a noun of the same noun phrase (a “swamp”
    agency, a “rigged” nomination process, a “zero-tolerance”-style policy), unless the word
    before the opening mark makes the fragment a verb phrase (to “open up” libel laws); a cue
    in the sentence does not change it (called the Bureau of Labor Statistics a “swamp”
    agency: the cue governs the whole noun phrase, the quoted word is only a part of it);
  - a label after *so-called* (the so-called “rebels”);
  - otherwise unattributed: no reporting cue in its sentence, not at the start of a paragraph,
    and not ending in sentence punctuation unless a determiner opens its noun phrase outside
    the marks (they distrust the “facts.”).

  A short quotation governed by a cue stays direct (he said the plan was “dead on arrival”,
  calling him a “loser.”). Scare-quoted fragments inside a longer quotation are part of it
  (the marks nest, ``analysis.text.quotemarks``): the speaker's words, counted once with it.
  On PolNeAR, whose annotators count most mixed quotations inside an attributed clause as
  quote words, the noun-modifier, *so-called* and determiner rules make 14 (dev) and 108
  (train) short quotations scare quotes, three quarters of them gold quote words: quote-share
  MAE 0.00758 -> 0.00755 (dev), 0.00717 -> 0.00727 (train); quote-token recall 0.9962 ->
  0.9947 and 0.9917 -> 0.9905; speaker accuracy up by 0.01 on both (fewer one-word quotes to
  credit).
- ``direct``: everything else. Only ``direct`` counts toward the quote share.

Not quotations at all (left out):

- a value in markup (``<tweet author="@HillaryClinton">``: a mark right after ``=`` or right
  before ``>``);
- a sign-off line: a quotation paragraph that ends a sentence without a closing mark, followed
  by a short line (at most ``SIGN_OFF_MAX_WORDS`` words, capitalised, not re-opened with a mark)
  that carries the closing mark: "...tax cuts.⏎Dean Baker, Center for Economic and Policy
  Research."  The line names the speaker; the quotation is the paragraph before it.

Choices, documented:

- Headlines: news headlines quote with single marks (‘They’ll Take As Many As We Want To
  Send’). In the headline only, a single-marked stretch of more than ``SCARE_MAX_WORDS`` words
  is a direct quotation (shorter ones are scare quotes). Elsewhere single marks only count
  inside a double-marked quotation (they are too often apostrophes). PolNeAR's scorer only
  pairs double marks, so these never count as gold quote words; a reader counts them (they are
  the quoted person's words), so they stay. Dropping them would lower train quote-share MAE
  from about 0.0069 to 0.0059 and leave dev almost unchanged (0.0076 to 0.0075).
- Quoted document excerpts (a block after "The New York Times reports:", "Transcript as
  follows:", "From X writing at Y:"): the words are another writer's or speaker's, in quotation
  marks, so they are direct quotations. The PolNeAR gold agrees almost everywhere (on train,
  quotations that open the paragraph after a line ending in ":" are 97% gold quote words); the
  few unannotated excerpt blocks are ones the annotator discarded with their whole attribution,
  not a rule that could be followed.
- Embedded social-media posts (a block of lines ending with a sign-off line such as
  "— Secretary Kristi Noem (@Sec_Noem) March 26, 2025"): the post text is the poster's
  statement, so it is found as an attribution (see ``analysis.detectors.attribution``) with the poster as
  source and the post text as content, but it is NOT counted as a direct quotation: it stands
  without quotation marks, and the quote share counts words between quotation marks (the same
  definition as the PolNeAR gold and its scorer). Only the quotation marks make a quote.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..lexicons.files import tsv_rows
from ..lexicons.thirdparty import pos_lexicon
from ..text.document import Document
from ..text.quotemarks import DOUBLE_MARK_RE, DOUBLE_MARKS, headline_single_regions, line_end, reader_regions
from ..text.spans import Span
from .reporting_words import has_cue_word

KINDS = ("direct", "scare", "title")
SCARE_MAX_WORDS = 4
SIGN_OFF_MAX_WORDS = 8
NOTE_WORDS = 8          # words of an unclosed quotation quoted in its note

_BLANK_LINE_RE = re.compile(r"(?:\r\n|\n|\r)[ \t]*(?:\r\n|\n|\r)")
# (every alternative starts with a letter, an apostrophe or a sentence end: the lookahead lets
# the search pass over the other places without trying each alternative there)
_TITLE_INTRO_RE = re.compile(
    r"(?=[a-z’'.!?])\b(?:titled|entitled|headlined|dubbed|book|books|film|movie|documentary|song|album|show|"
    r"series|column|op-ed|editorial|essay|article|story|poem|play|podcast|program|programme|"
    r"segment|episode|memoir|novel|headline|slogan|hashtag|newspaper|magazine|network|"
    r"(?:co-)?author\s+of|host\s+of|starred\s+in|roles?\s+in|appearances?\s+on|appeared\s+on|"
    r"interview\s+(?:on|with)|[’']s|"
    r"(?:broadcast|episode|edition|installment|trailer|screening|premiere|finale|season\s+\w+)\s+(?:of|for)|"
    r"(?:said|says|spoke|speaking|told|aired|airs|airing|appearance|interview(?:ed)?)\s+(?:\w+\s+){0,3}on|"
    r"(?:^|[.!?]\s+)on)\s*,?\s*$", re.I)
_SMALL_WORDS = frozenset("a an and as at but by for from in into of on or the to with vs via".split())
_SENTENCE_BREAK_INSIDE_RE = re.compile(r"[.!?…]\s+\S")
_LIST_GAP_RE = re.compile(r"^[\s\u00a0]*,?[\s\u00a0]*(?:(?:and|or)[\s\u00a0]+)?$")
_TITLE_WORD_RE = re.compile(r"[^\W_][\w’'-]*")
_WORD_BEFORE_RE = re.compile(r"([\w’'-]+)[ \u00a0]*$")
_WORD_AFTER_RE = re.compile(r"[ \u00a0]([a-z][\w-]*)|-[a-z]")


@dataclass(frozen=True)
class Quote:
    span: Span            # the quotation, marks included
    kind: str             # one of KINDS; only "direct" counts toward quote share
    speaker: Span | None = None   # filled by analysis.detectors.speakers.assign_speakers
    speaker_refers_to: Span | None = None  # for a pronoun speaker: the named source it resolves to


def _is_title(doc: Document, start: int, end: int) -> bool:
    before = doc.text[max(0, start - 40):start]
    if not _TITLE_INTRO_RE.search(before):
        return False
    return _title_cased(doc.text[start + 1:end - 1].strip())


def _title_cased(inner: str) -> bool:
    """At most 12 words, every word but the small ones capitalised (or a number), and no
    sentence break inside a long one: how a title reads."""
    words = _TITLE_WORD_RE.findall(inner)
    if not words or len(words) > 12 or len(words) > 6 and _SENTENCE_BREAK_INSIDE_RE.search(inner):
        return False
    big = [w for w in words if w.lower() not in _SMALL_WORDS]
    return bool(big) and all(w[0].isupper() or w[0].isdigit() for w in big)


def _sentence_has_cue(doc: Document, start: int, end: int) -> bool:
    si = doc.sentence_index(start)
    s = doc.sentences[si] if doc.sentences else doc.span(0, len(doc.text))
    lo, hi = min(s.start, start), max(s.end, end)
    # the quotation itself is not searched: a cue word inside it is the quoted person's
    return has_cue_word(doc.text[lo:start]) or has_cue_word(doc.text[end:hi])


@lru_cache(maxsize=1)
def _scare_words() -> dict[str, str]:
    """word -> category (determiner, verb_opener, mention) of ``data/scare_quote_words.tsv``."""
    return {row[0]: row[1] for row in tsv_rows("scare_quote_words.tsv")}


def _word_before(doc: Document, start: int) -> str | None:
    """The word right before the opening mark at ``start`` (lower case), if any on its line."""
    m = _WORD_BEFORE_RE.search(doc.text, max(0, start - 40), start)
    return m.group(1).lower().replace("’", "'") if m else None


def _modifies_noun(doc: Document, start: int, end: int, before: str | None) -> bool:
    """The quotation is a modifier inside a noun phrase: words that can modify a noun (it
    neither starts nor ends with an adverb or a function word: not “systematically looted”,
    “exactly who did it”; one ending in a verb form only after a determiner or a possessive:
    the “rigged” system, not Clinton “gets” race), then a noun right after its closing mark (a
    “swamp” agency) or a hyphen joining it to the next word (“zero-tolerance”-style), and no
    verb opener before it (to “open up” libel laws)."""
    m = _WORD_AFTER_RE.match(doc.text, end)
    words = _TITLE_WORD_RE.findall(doc.text, start, end)
    kind_before = _scare_words().get(before)
    if not m or not words or kind_before == "verb_opener":
        return False
    pos = pos_lexicon()
    first, last = (pos.get(w.lower()) for w in (words[0], words[-1]))
    if {first, last} & {"adv", "func"}:
        return False
    if last == "verb" and kind_before != "determiner" and not (before or "").endswith("'s"):
        return False
    return m.group(1) is None or pos.get(m.group(1)) == "noun"


def _classify(doc: Document, start: int, end: int, continued: bool) -> str:
    if _is_title(doc, start, end):
        return "title"
    n = doc.words_in(start, end)
    if n > SCARE_MAX_WORDS or continued:
        return "direct"
    inner = doc.text[start + 1:end].rstrip("”\" ")
    ends_sentence = inner[-1:] in ".!?,…:;"
    before = _word_before(doc, start)
    if _scare_words().get(before) == "mention" or not ends_sentence and _modifies_noun(doc, start, end, before):
        return "scare"
    pi = doc.paragraph_index(start)
    if doc.paragraphs and not doc.text[doc.paragraphs[pi].start:start].strip():
        return "direct"
    if _sentence_has_cue(doc, start, end):
        return "direct"
    if ends_sentence and _scare_words().get(before) != "determiner":
        return "direct"
    return "scare"


def find_quotes(doc: Document) -> list[Quote]:
    """Every quotation in ``doc`` with its kind (speakers are set later by ``assign_speakers``)."""
    out: list[Quote] = []
    regions = reader_regions(doc.flow)
    unclosed = set(unclosed_regions(doc))
    prev_end = None
    for a, b in regions:
        if _in_markup(doc.text, a):
            continue
        if (a, b) in unclosed:
            prev_end = None
            continue
        # a region that starts a paragraph right after a region that ran to the end of the
        # previous paragraph continues a multi-paragraph quotation
        continued = prev_end is not None and not doc.text[prev_end:a].strip(" \t\r\n")
        if continued and doc.text[prev_end - 1:prev_end] in ("”", '"'):
            continued = False
        if continued and _is_sign_off(doc, prev_end, a, b):
            prev_end = None
            continue
        kind = _classify(doc, a, b, continued)
        if kind != "title" and out and out[-1].kind == "title" and _LIST_GAP_RE.match(doc.text[prev_end:a]) \
                and _title_cased(doc.text[a + 1:b - 1].strip()):
            kind = "title"      # the next title of a list: roles in “Apollo 13,” and “Big,”
        out.append(Quote(doc.span(a, b), kind))
        prev_end = b
    head = doc.headline
    if head is not None:
        taken = [(a, b) for a, b in regions if a < head.end]
        for a, b in headline_single_regions(doc):
            if any(x < b and a < y for x, y in taken):
                continue
            kind = "direct" if doc.words_in(a, b) > SCARE_MAX_WORDS else "scare"
            out.append(Quote(doc.span(a, b), kind))
        out.sort(key=lambda q: q.span.start)
    return out


def unclosed_regions(doc: Document) -> list[tuple[int, int]]:
    """(start, end) of the quotations whose mark is never closed: left open at the end of their
    paragraph, with no quotation mark at all before the next quotation (a mark there closes it
    some lines on), and not continued by that next quotation. News style continues a quotation
    over several paragraphs with a mark opening the next paragraph; in articles written a
    sentence a line with blank lines between paragraphs (the PTC corpus), with a mark opening the
    next block of lines. Each runs from its mark to its paragraph's end (a quotation carried over
    from the paragraph before, which starts without a mark, is left as it is). They are not
    quotations (``find_quotes`` leaves them out)."""
    flow = doc.flow
    regions = [r for r in reader_regions(flow) if not _in_markup(flow, r[0])]
    return [(a, b) for (a, b), nxt in zip(regions, regions[1:] + [(len(flow), len(flow))])
            if flow[a] in DOUBLE_MARKS and flow[b - 1] not in DOUBLE_MARKS and not flow[b:line_end(flow, b)].strip()
            and not DOUBLE_MARK_RE.search(flow, b, nxt[0]) and not _continues(flow[b:nxt[0]], nxt[0] == len(flow))]


def _continues(gap: str, at_end: bool) -> bool:
    """The text ``gap`` between a quotation left open and the next quotation lets it continue:
    only whitespace, or the rest of its block of lines up to a blank line."""
    if at_end:
        return False
    rest = gap.rstrip()
    return not rest.strip() or _BLANK_LINE_RE.search(gap, len(rest)) is not None and not _BLANK_LINE_RE.search(rest)


def _in_markup(text: str, a: int) -> bool:
    """A mark at ``a`` quotes a markup attribute value (<tweet author="@x">), not words."""
    return a > 0 and text[a - 1] == "=" or text[a + 1:a + 2] == ">"


def unclosed_notes(doc: Document) -> list[str]:
    """A note for each unclosed quotation mark (``unclosed_regions``), for the record."""
    notes = []
    for a, b in unclosed_regions(doc):
        words = doc.text[a:b].split()
        excerpt = " ".join(words[:NOTE_WORDS]) + (" …" if len(words) > NOTE_WORDS else "")
        notes.append(f"unclosed quotation mark at offset {a} (paragraph {doc.paragraph_index(a) + 1}), "
                     f"not counted as a quotation: {excerpt}")
    return notes


def _is_sign_off(doc: Document, prev_end: int, start: int, end: int) -> bool:
    """A short line that closes a quotation paragraph without re-opening it, after a quotation
    ending a sentence, names the speaker ("... tax cuts.\nDean Baker, Center for Economic and
    Policy Research.\""): a sign-off, not quoted words."""
    text = doc.text
    return (text[start] not in DOUBLE_MARKS and text[prev_end - 1] in ".!?"
            and doc.words_in(start, end) <= SIGN_OFF_MAX_WORDS and text[start:start + 1].isupper())
