"""Quotation marks: the one place that finds the stretches of a text between quotation marks.

Several readings, because the detectors need different ones (each is documented at its function):

- ``quote_regions``: glyph pairing, the PolNeAR scorer's rules (shared/eval/score_attribution.py),
  which the evaluation's gold quote regions use too. Paragraph by paragraph (a paragraph is one
  line):

  - “ opens and ” closes; a straight " closes an open " or else opens one. Marks nest: single
    marks (‘ ’) and any double marks inside an open quotation belong to it ("a “b” c" is one
    quotation), so nested quotes are part of the outer quotation and never counted twice.
  - A paragraph that ends with a quotation still open is quoted to its end: news style for a
    quotation that runs over several paragraphs (no closing mark; the next paragraph opens with
    a new mark). A paragraph that does not re-open with a mark continues the quotation only if a
    closing mark follows in it (a quotation broken by a stray line break); otherwise the open
    mark is taken as a stray and does not run on.
  - A ” at the very start of a paragraph is taken for a mistyped “. A ” with nothing open is
    ignored.

- ``reader_regions``: the same paragraph rules, but each mark read by where it stands, as a
  reader reads it (typed text mixes the glyphs); the quotations ``analysis.detectors.quotes``
  reports.
- ``lenient_regions``: glyph pairing, except that in a line whose marks do not pair by those
  rules they are paired in turn, whatever their shape; for finding reporting cues and sources
  (``analysis.detectors.attribution``).
- ``headline_single_regions``: single-marked (‘ ’) quotations in a headline.
- ``double_apostrophe_regions``: ''quotations'' marked with two apostrophes.
- ``inline_quotes``: a quick one-line reading, double marks or single marks, no nesting and no
  carry-over, for the loaded-language features (``analysis.detectors.loaded``).

The double-mark readings walk only the lines that hold a double mark (``marked_lines``: found
once per text, from the marks, and shared by them). Regions are (start, end) character offsets,
marks included.
"""
from __future__ import annotations

import bisect
import re
from functools import lru_cache
from itertools import accumulate

from .document import Document

OPEN_CURLY, CLOSE_CURLY, STRAIGHT = "\u201c", "\u201d", '"'
DOUBLE_MARKS = OPEN_CURLY + CLOSE_CURLY + STRAIGHT
DOUBLE_MARK_RE = re.compile('[\u201c\u201d"]')
_LINE_BREAK_RE = re.compile(r"\r\n|\n|\r")
_ONE_BREAK = ("\n", "\r", "\r\n")      # what stands between two lines that follow each other


@lru_cache(maxsize=4)
def marked_lines(text: str) -> tuple[tuple[int, int, bool], ...]:
    """(start, end, follows) of every line of ``text`` that holds a double mark, in order (line
    breaks excluded; ``follows``: the line comes right after the one before it in the list, with
    no line between them). Every reading below walks these lines only, not every line of the
    text: found once per text from the marks themselves, and shared."""
    out = []
    end = 0
    mark = DOUBLE_MARK_RE.search(text)
    while mark:
        pos, lo = mark.start(), end
        start = max(text.rfind("\n", lo, pos), text.rfind("\r", lo, pos)) + 1
        brk = _LINE_BREAK_RE.search(text, pos)
        end = brk.start() if brk else len(text)
        out.append((start, end, bool(out) and text[lo:start] in _ONE_BREAK))
        mark = DOUBLE_MARK_RE.search(text, end)      # the first mark of a later line
    return tuple(out)


def line_end(text: str, pos: int) -> int:
    """The offset of the end of the line that ``pos`` is on."""
    m = _LINE_BREAK_RE.search(text, pos)
    return m.start() if m else len(text)


# ------------------------------------------------------------------------ the paragraph loop

def _paragraph_regions(text: str, opens_anew: str, pair) -> tuple[tuple[int, int], ...]:
    """The paragraph loop shared by both pairings. A quotation left open at a paragraph's end
    runs on into the next paragraph when that one does not start with a character of
    ``opens_anew`` (a paragraph that closes none of it ends the carry-over). ``pair(ps, para,
    stripped, stack, reg_start, regions)`` pairs the marks of one paragraph (``stack`` holds the
    open marks, ``regions`` takes the closed ones) and returns (reg_start, closed_any)."""
    regions: list[tuple[int, int]] = []
    carry: list[str] = []
    for ps, pe, follows in marked_lines(text):
        # a line without marks between ends any carry-over (it closes nothing, keeps no region)
        if not follows:
            carry = []
        para = text[ps:pe]
        stripped = para.lstrip()
        stack: list[str] = []
        carried = False
        if carry and stripped and stripped[0] not in opens_anew:
            stack = list(carry)
            carried = True
        reg_start, closed_any = pair(ps, para, stripped, stack, ps if stack else None, regions)
        if stack:
            if carried and not closed_any:
                carry = []
                continue
            end = pe
            while end > reg_start and text[end - 1].isspace():
                end -= 1
            regions.append((reg_start, end))
            carry = list(stack)
        else:
            carry = []
    return tuple((a, b) for a, b in regions if a is not None and b > a)


# ------------------------------------------------------------------------ glyph pairing

def quote_regions(text: str) -> list[tuple[int, int]]:
    """(start, end) of every double-marked quotation in ``text``, marks included, in order:
    glyph pairing, the scorer's rules (module docstring). Regions never overlap; a quotation that
    runs over several paragraphs gives one region per paragraph."""
    return list(_quote_regions(text))


def _pair_by_glyph(ps: int, para: str, stripped: str, stack: list[str], reg_start, regions):
    closed_any = False
    for m in DOUBLE_MARK_RE.finditer(para):
        ch, k = m.group(), m.start()
        pos = ps + k
        if ch == OPEN_CURLY:
            if not stack:
                reg_start = pos
            stack.append("c")
        elif ch == CLOSE_CURLY and not stack and not para[:k].strip():
            reg_start = pos
            stack.append("c")
        elif ch == CLOSE_CURLY or "s" in stack:
            mark = "c" if ch == CLOSE_CURLY else "s"   # a closing mark: close back to its opener
            if mark in stack:
                while stack and stack.pop() != mark:
                    pass
                closed_any = True
                if not stack:
                    regions.append((reg_start, pos + 1))
                    reg_start = None
        else:
            if not stack:
                reg_start = pos
            stack.append("s")
    return reg_start, closed_any


@lru_cache(maxsize=4)
def _quote_regions(text: str) -> tuple[tuple[int, int], ...]:
    return _paragraph_regions(text, OPEN_CURLY + STRAIGHT, _pair_by_glyph)


# ------------------------------------------------------------------------ position pairing

_LEFT_OPEN = frozenset(" \t([{—–-/")
_RIGHT_OPEN = frozenset(" \t.,;:!?)]}—–…")


def reader_regions(text: str) -> tuple[tuple[int, int], ...]:
    """The quotations a reader sees: ``quote_regions`` with the marks read by their position.

    ``quote_regions`` pairs marks by their glyph only (the scorer's rules). Typed text mixes
    them: “Immunity deals ... FBI," Chaffetz said ("," closes the “), "Oz has a bully
    pulpit,” said Gorski (” closes the "), an “expedited review“ of (a “ glued to the
    word before it closes), 6'3" tall (a " after a word with nothing open is an inch sign, not a
    quotation). Here a mark glued to the word before it and followed by a space, punctuation or
    the end of the line is a closing mark, one glued to the word after it and preceded by a
    space, a bracket or a dash (or the line start) is an opening mark; a closing mark closes the
    innermost open quotation of its own kind (curly or straight) if there is one, else the
    innermost open quotation of the other kind; a closing mark with nothing open is ignored.
    Marks that stand between two spaces or between two letters keep the glyph rules. Paragraph
    carry-over is the same as in ``quote_regions``.
    """
    return _reader_regions(text)


def _pair_by_position(ps: int, para: str, stripped: str, stack: list[str], reg_start, regions):
    closed_any = False
    n = len(para)
    for m in DOUBLE_MARK_RE.finditer(para):
        ch, k = m.group(), m.start()
        prev = para[k - 1] if k else " "
        nxt = para[k + 1] if k + 1 < n else " "
        at_start = k == n - len(stripped)
        left_open = at_start or prev in _LEFT_OPEN or prev.isspace()
        right_open = nxt in _RIGHT_OPEN or nxt.isspace()
        mark = "s" if ch == STRAIGHT else "c"
        if ch == OPEN_CURLY:
            opens = not (right_open and not left_open)
        elif ch == CLOSE_CURLY:
            opens = at_start or left_open and not right_open
        elif left_open != right_open:
            opens = left_open
        else:
            opens = "s" not in stack
        if opens:
            if not stack:
                reg_start = ps + k
            stack.append(mark)
        elif stack:
            if mark in stack:
                while stack.pop() != mark:
                    pass
            else:
                stack.pop()
            closed_any = True
            if not stack:
                regions.append((reg_start, ps + k + 1))
                reg_start = None
    return reg_start, closed_any


@lru_cache(maxsize=4)
def _reader_regions(text: str) -> tuple[tuple[int, int], ...]:
    return _paragraph_regions(text, DOUBLE_MARKS, _pair_by_position)


# ------------------------------------------------------------------------ lenient pairing

def lenient_regions(text: str, regions: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Quotation regions for finding cues and sources: ``regions`` (from ``quote_regions``),
    except that in a line with an even number of marks that do not pair by the strict rules
    (mixed or mistyped marks: "But Pete Wilson won,” Axelrod said / “It's unusual,“ said Larry
    Noble, or a quotation left unclosed at the line end) the marks are paired in turn, whatever
    their shape. Lines without marks keep no region."""
    out = []
    if not regions:
        return regions
    index = RegionIndex(regions)
    for ps, pe, _ in marked_lines(text):
        line = text[ps:pe]
        marks = [x.start() + ps for x in DOUBLE_MARK_RE.finditer(line)]
        strict = index.overlapping(ps, pe)
        end = ps + len(line.rstrip())
        pairs = list(zip(marks[::2], [x + 1 for x in marks[1::2]]))
        odd_shapes = any((text[a], text[b - 1]) not in ((OPEN_CURLY, CLOSE_CURLY), ('"', '"')) for a, b in pairs)
        unclosed = any(b >= end and text[b - 1] not in '"\u201d' for a, b in strict)
        if not marks or len(marks) % 2 or not (odd_shapes or unclosed):
            out.extend(strict)
            continue
        out.extend(pairs)
    return sorted(set(out))


# ------------------------------------------------------------------------ other marks

# Headline quotations in single marks: ‘ after a start/space/colon, ’ before an end/space/punctuation.
_HEADLINE_SINGLE_RE = re.compile(r"(?:(?<=^)|(?<=[\s:(\[—–-]))\u2018[^\u2018\u2019]*?(?:\u2019\w[^\u2018\u2019]*?)*\u2019(?=$|[\s.,;:!?)\]—–-])")


def headline_single_regions(doc: Document) -> list[tuple[int, int]]:
    """(start, end) of the stretches in single quotation marks in the headline (news headlines
    quote with single marks: ‘They’ll Take As Many As We Want To Send’). A ‘ opens after the
    line start, a space, a bracket, a colon or a dash; a ’ followed by a letter is an apostrophe;
    a ’ before the end, a space or punctuation closes."""
    head = doc.headline
    if head is None or "\u2018" not in head.text:
        return []
    return [(head.start + m.start(), head.start + m.end()) for m in _HEADLINE_SINGLE_RE.finditer(head.text)]


_TWO_APOS_RE = re.compile(r"''(?=\S)[^\n]*?''")


def double_apostrophe_regions(text: str, regions: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """``regions`` with the quotations marked with two apostrophes (''like this'', an old
    typewriter style kept in some archives) that overlap none of them added, sorted."""
    if "''" not in text:
        return regions
    index = RegionIndex(regions)
    extra = [(m.start(), m.end()) for m in _TWO_APOS_RE.finditer(text) if not index.overlapping(m.start(), m.end())]
    return sorted(regions + extra)


# a quotation: "...", “...” or '...'/‘...’ (an opening single quote not after a letter, so not "it's");
# every alternative starts with its quotation mark, which lets the regex engine skip to them fast
_INLINE_QUOTE_RE = re.compile(r'"[^"\n]{1,600}?"|“[^“”\n]{1,600}?”|‘(?<!\w‘)[^‘’\'\n]{1,80}?[’\'](?!\w)'
                              r'|\'(?<!\w\')[^‘’\'\n]{1,80}?[’\'](?!\w)')


def inline_quotes(text: str) -> list[tuple[int, int]]:
    """(start, end) of the quotations of a quick one-line reading, left to right: "..." or “...”
    (at most 600 characters), '...' or ‘...’ (at most 80, an opening single mark not after a
    letter, a closing one not before a letter, so not "it's"); no nesting, no carry-over to the
    next line. Looser than ``quote_regions``: a rough "in quotation marks" for word features."""
    if '"' not in text and "“" not in text and "‘" not in text and "'" not in text:
        return []
    return [m.span() for m in _INLINE_QUOTE_RE.finditer(text)]


# ------------------------------------------------------------------------ lookup

class RegionIndex:
    """Regions (start, end) sorted by start, with the furthest end reached up to each, to find
    the ones overlapping a stretch by bisect instead of a scan of every region."""

    def __init__(self, regions: list[tuple[int, int]]):
        self.regions = sorted(regions)
        self.starts = [a for a, _ in self.regions]
        self.reach = list(accumulate((b for _, b in self.regions), max))

    def overlapping(self, lo: int, hi: int) -> list[tuple[int, int]]:
        """The regions that overlap [lo, hi), in order."""
        k = bisect.bisect_left(self.starts, hi) - 1
        found = []
        while k >= 0 and self.reach[k] > lo:
            if self.regions[k][1] > lo:
                found.append(self.regions[k])
            k -= 1
        found.reverse()
        return found
