"""Linking quotes to attributions: who speaks each direct quotation.

For each direct quotation, in order:

1. the attribution whose source (or cue) follows it directly in the same sentence and whose
   content holds it (“…,” the source recalled), even when another attribution's content holds it
   too ("Grayson said Randolph “…,” the source recalled"); a quotation that ends its sentence is
   not spoken by the source of the next one ("Brafman said, “….” He added, …"), though one
   closing on "?" or "!" still is ("“Grizzly Adams?” Maddow repeated.");
   else the attribution with a source whose cue introduces it directly and whose content holds
   it, whatever earlier contents run over it ("Clinton: “…” Bush: “…”");
   else the attribution whose content the quotation opens and whose source and cue come later in
   its sentence, though an earlier quotation's content runs over it (“A,” Warren said. “B” to
   drive up the stock price, she said: B is hers as "she"; PolNeAR train +3, dev +1, none lost);
2. else the attribution whose content overlaps it most (“…,” Noem said: the content is the
   quote);
3. else (or where that attribution has no source) the attribution whose cue stands right next
   to it in the same paragraph (within a few words before it, or after it in the same sentence:
   "Bush called Trump “unhinged.” Rubio called …" is Bush's); where the attribution chosen so far
   has no source (a participle: "Clinton said she would fight, only saying “…”"), the one with a
   source whose cue stands nearest in the quotation's sentence, the clause the participle hangs on;
4. else, for a quotation that continues the previous paragraph's quotation (it opens the
   paragraph and no cue is near), the previous quotation's speaker; and a paragraph that ends
   inside a quotation gets the speaker of the quotation continuing it in the next paragraph;
5. else the attribution with a source whose cue stands nearest in the same paragraph (one in
   the quotation's sentence first, then one before it), else the last one of the paragraph
   before (news style: an unattributed quotation paragraph goes on with the speaker just named).
   On PolNeAR train this raises speaker accuracy by about one point; such a speaker is a best
   guess, not read off the sentence.

The speaker is the attribution's source as written (a pronoun stays a pronoun, so the speaker
points at the words in the text); ``speaker_refers_to`` carries who a reader is shown: the named
person a pronoun or a short name resolves to, else the source's label where it has a description
("Maria Alvarez" of "Maria Alvarez, 62, a retired teacher"); None for an unresolved pronoun and
where the label is the whole source. Scare quotes and titles get no speaker.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import replace

from .attribution import Attribution
from ..text.document import Document
from .quotes import Quote

#: how far (in characters) a cue may stand from a quotation it introduces or closes
NEAR_CHARS = 40
_WORD_RE = re.compile(r"\w+")


def assign_speakers(doc: Document, quotes: list[Quote], attributions: list[Attribution]) -> list[Quote]:
    out: list[Quote] = []
    prev: Quote | None = None
    cues = _CueIndex(attributions)
    overlapping = _most_overlapping(quotes, attributions)
    # attributions with a source and a content, by where their source-and-cue stretch starts
    firsts = sorted(((min(a.cue.start, a.source.start), i, a) for i, a in enumerate(attributions)
                     if a.source is not None and a.content is not None), key=lambda x: x[:2])
    for qi, q in enumerate(quotes):
        if q.kind != "direct":
            out.append(q)
            continue
        best = _adjacent(doc, q, firsts) or _introduced(doc, q, cues) or _opens_content(doc, q, firsts)
        if best is None:
            best = overlapping[qi]
        if best is None or best.source is None:
            best = _near_cue(doc, q, cues) or best
        if best is not None and best.source is None:
            best = _sentence_source(doc, q, cues) or best
        if best is None and not (prev is not None and prev.speaker is not None and _continues(doc, prev, q)):
            best = _nearest_in_paragraph(doc, q, cues)
        if best is not None:
            q = replace(q, speaker=best.source, speaker_refers_to=_shown(best))
        elif prev is not None and prev.speaker is not None and _continues(doc, prev, q):
            q = replace(q, speaker=prev.speaker, speaker_refers_to=prev.speaker_refers_to)
        out.append(q)
        prev = q
    # a paragraph that ends inside a quotation, continued by the next paragraph's quotation
    # whose speaker is known ("“A …\n\n“B …,” Trump said."): the same speaker
    for i in range(len(out) - 2, -1, -1):
        q, nxt = out[i], out[i + 1]
        if q.kind == "direct" and q.speaker is None and nxt.kind == "direct" and nxt.speaker is not None \
                and doc.text[q.span.end - 1] not in "”\"" and _continues(doc, q, nxt):
            out[i] = replace(q, speaker=nxt.speaker, speaker_refers_to=nxt.speaker_refers_to)
    return out


def _shown(a: Attribution):
    """Who a reader is shown for a quotation spoken by ``a``'s source (see the module docstring)."""
    if a.refers_to is not None:
        return a.refers_to
    return a.label if a.label is not None and a.label != a.source and a.source_type != "pronoun" else None


def _continues(doc: Document, prev: Quote, q: Quote) -> bool:
    """``q`` opens the paragraph after the one ``prev`` stands in."""
    pi, pj = doc.paragraph_index(prev.span.start), doc.paragraph_index(q.span.start)
    if pj not in (pi, pi + 1):
        return False
    para = doc.paragraphs[pj]
    return pj == pi or not doc.text[para.start:q.span.start].strip()


class _CueIndex:
    """The attributions sorted by where their cue starts and where it ends, so that a quotation
    looks only at the cues near it or in its paragraph (bisect), not at every attribution."""

    def __init__(self, attributions: list[Attribution]):
        self.attributions = attributions
        self._by_start = sorted(range(len(attributions)), key=lambda i: attributions[i].cue.start)
        self._starts = [attributions[i].cue.start for i in self._by_start]
        self._by_end = sorted(range(len(attributions)), key=lambda i: attributions[i].cue.end)
        self._ends = [attributions[i].cue.end for i in self._by_end]

    def starting_in(self, lo: int, hi: int) -> list[int]:
        """Indices (in list order) of the attributions whose cue starts in [lo, hi)."""
        return sorted(self._by_start[bisect.bisect_left(self._starts, lo):bisect.bisect_left(self._starts, hi)])

    def ending_in(self, lo: int, hi: int) -> list[int]:
        """Indices (in list order) of the attributions whose cue ends in [lo, hi)."""
        return sorted(self._by_end[bisect.bisect_left(self._ends, lo):bisect.bisect_left(self._ends, hi)])


def _most_overlapping(quotes: list[Quote], attributions: list[Attribution]) -> dict[int, Attribution | None]:
    """For each direct quotation (by its index in ``quotes``), the attribution whose content
    overlaps it most (on a tie, the first by content start, then list order), or None.

    One sweep over the quotations by start: a content joins the open set once it starts before
    a quotation's end and leaves it once it ends at or before a quotation's start (it can
    overlap no later quotation), so each quotation compares only the contents around it."""
    contents = sorted(((a, a.content.start, a.content.end) for a in attributions if a.content is not None),
                      key=lambda x: x[1])
    order = sorted((i for i, q in enumerate(quotes) if q.kind == "direct"), key=lambda i: quotes[i].span.start)
    out: dict[int, Attribution | None] = {}
    open_: list[int] = []             # indices into ``contents``, in content order
    nxt = 0
    for qi in order:
        s, e = quotes[qi].span.start, quotes[qi].span.end
        while nxt < len(contents) and contents[nxt][1] < e:
            open_.append(nxt)
            nxt += 1
        open_ = [k for k in open_ if contents[k][2] > s]
        best, best_ov = None, 0
        for k in open_:
            a, cs, ce = contents[k]
            if cs >= e:
                break
            ov = min(e, ce) - max(s, cs)
            if ov > best_ov:
                best, best_ov = a, ov
        out[qi] = best
    return out


def _near_cue(doc: Document, q: Quote, cues: _CueIndex) -> Attribution | None:
    """The attribution whose cue stands right next to the quotation in its paragraph: at most
    ``NEAR_CHARS`` characters and five words between, the nearest first."""
    s, e = q.span.start, q.span.end
    pi = doc.paragraph_index(s)
    near = []
    for i in cues.starting_in(e, e + NEAR_CHARS + 1) + cues.ending_in(s - NEAR_CHARS, s + 1):
        a = cues.attributions[i]
        if doc.paragraph_index(a.cue.start) != pi:
            continue
        if a.cue.start >= e and doc.sentence_index(a.cue.start) == doc.sentence_index(e - 1):
            gap = doc.text[e:a.cue.start]
        elif a.cue.end <= s:
            gap = doc.text[a.cue.end:s]
        else:
            continue
        if len(gap) <= NEAR_CHARS and len(_WORD_RE.findall(gap)) <= 5:
            near.append((len(gap), a.cue.start, i))
    return cues.attributions[min(near)[2]] if near else None


def _sentence_source(doc: Document, q: Quote, cues: _CueIndex) -> Attribution | None:
    """The attribution with a source whose cue stands nearest the quotation in its own sentence."""
    a = _nearest_in_paragraph(doc, q, cues)
    return a if a is not None and doc.sentence_index(a.cue.start) == doc.sentence_index(q.span.start) else None


def _nearest_in_paragraph(doc: Document, q: Quote, cues: _CueIndex) -> Attribution | None:
    """The attribution with a source whose cue stands nearest the quotation in its paragraph."""
    pi = doc.paragraph_index(q.span.start)
    para = doc.paragraphs[pi]
    best, best_d = None, None
    for i in cues.starting_in(para.start, para.end):
        a = cues.attributions[i]
        if a.source is None:
            continue
        d = q.span.start - a.cue.end if a.cue.end <= q.span.start else a.cue.start - q.span.end
        d = (doc.sentence_index(a.cue.start) != doc.sentence_index(q.span.start), a.cue.start >= q.span.end, abs(d))
        if best_d is None or d < best_d:
            best, best_d = a, d
    if best is None and pi > 0:
        # a quotation in a paragraph without an attribution: the last source of the paragraph before
        prev = doc.paragraphs[pi - 1]
        for i in cues.starting_in(prev.start, prev.end):
            if cues.attributions[i].source is not None:
                best = cues.attributions[i]
    return best


_ADJ_AFTER_RE = re.compile(r"^[\s,]{0,3}$")
#: a quotation closing on "?" or "!": the sentence splitter ends a sentence there, but the source
#: and cue after it still belong to it (“Grizzly Adams?” Maddow repeated.)
_ASKS_RE = re.compile(r"[?!][’'”\"]*$")


def _adjacent(doc: Document, q: Quote, firsts: list[tuple[int, int, Attribution]]) -> Attribution | None:
    """The attribution whose source (or cue) follows the quotation directly (“…,” the source
    recalled / “…,” said Noem): the quotation is its content, whatever other contents hold it.
    ``firsts``: (start of source-and-cue, index, attribution), sorted."""
    e = q.span.end
    i = bisect.bisect_left(firsts, (e, -1))
    while i < len(firsts) and firsts[i][0] - e <= 3:
        first, _, a = firsts[i]
        if _ADJ_AFTER_RE.match(doc.text[e:first]) and a.content.start <= q.span.start < a.content.end \
                and (doc.sentence_index(first) == doc.sentence_index(e - 1) or _ASKS_RE.search(q.span.text)):
            return a
        i += 1
    return None


_INTRO_GAP_RE = re.compile(r"^[\s:,]{0,3}$")


def _introduced(doc: Document, q: Quote, cues: _CueIndex) -> Attribution | None:
    """The attribution with a source whose cue introduces the quotation directly ("Bush: “…”",
    "Bush said, “…”") and whose content holds it, whatever earlier contents run over it too
    ("Clinton: “…” Bush: “…”")."""
    s = q.span.start
    for i in cues.ending_in(s - 3, s + 1):
        a = cues.attributions[i]
        if a.source is not None and a.content is not None and a.content.start <= s < a.content.end \
                and _INTRO_GAP_RE.match(doc.text[a.cue.end:s]):
            return a
    return None


def _opens_content(doc: Document, q: Quote, firsts: list[tuple[int, int, Attribution]]) -> Attribution | None:
    """The attribution whose content the quotation opens and whose source and cue come later in
    the quotation's sentence (“You squeezed employees …” to drive up the stock price, she said)."""
    e, si = q.span.end, doc.sentence_index(q.span.end - 1)
    i = bisect.bisect_left(firsts, (e, -1))
    while i < len(firsts) and doc.sentence_index(firsts[i][0]) == si:
        a = firsts[i][2]
        if a.content.start == q.span.start:
            return a
        i += 1
    return None
