"""Linking quotes to attributions: who speaks each direct quotation.

For each direct quotation, in order:

1. the attribution whose source (or cue) follows it directly and whose content holds it
   (“…,” the source recalled), even when another attribution's content holds it too
   ("Grayson said Randolph “…,” the source recalled");
2. else the attribution whose content overlaps it most (“…,” Noem said: the content is the
   quote);
3. else the attribution whose cue stands right next to it in the same paragraph (within a few
   words before or after);
4. else, for a quotation that continues the previous paragraph's quotation (it opens the
   paragraph and no cue is near), the previous quotation's speaker; and a paragraph that ends
   inside a quotation gets the speaker of the quotation continuing it in the next paragraph;
5. else the attribution with a source whose cue stands nearest in the same paragraph, else the
   last one of the paragraph before (news style: an unattributed quotation paragraph goes on
   with the speaker just named). On PolNeAR train this raises speaker accuracy by about one
   point; such a speaker is a best guess, not read off the sentence.

The speaker is the attribution's source as written (a pronoun stays a pronoun, so the speaker
points at the words in the text); ``speaker_refers_to`` carries the named person a pronoun
source resolves to. Scare quotes and titles get no speaker.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import replace

from .attribution import Attribution
from .document import Document
from .quotes import Quote

#: how far (in characters) a cue may stand from a quotation it introduces or closes
NEAR_CHARS = 40
_WORD_RE = re.compile(r"\w+")


def assign_speakers(doc: Document, quotes: list[Quote], attributions: list[Attribution]) -> list[Quote]:
    out: list[Quote] = []
    prev: Quote | None = None
    contents = sorted(((a, a.content.start, a.content.end) for a in attributions if a.content is not None),
                      key=lambda x: x[1])
    # attributions with a source and a content, by where their source-and-cue stretch starts
    firsts = sorted(((min(a.cue.start, a.source.start), i, a) for i, a in enumerate(attributions)
                     if a.source is not None and a.content is not None), key=lambda x: x[:2])
    for q in quotes:
        if q.kind != "direct":
            out.append(q)
            continue
        s, e = q.span.start, q.span.end
        best, best_ov = _adjacent(doc, q, firsts), 0
        for a, cs, ce in (contents if best is None else ()):
            if cs >= e:
                break
            ov = min(e, ce) - max(s, cs)
            if ov > best_ov:
                best, best_ov = a, ov
        if best is None:
            pi = doc.paragraph_index(s)
            near = []
            for a in attributions:
                if doc.paragraph_index(a.cue.start) != pi:
                    continue
                if a.cue.start >= e:
                    gap = doc.text[e:a.cue.start]
                elif a.cue.end <= s:
                    gap = doc.text[a.cue.end:s]
                else:
                    continue
                if len(gap) <= NEAR_CHARS and len(_WORD_RE.findall(gap)) <= 5:
                    near.append((len(gap), a.cue.start, a))
            if near:
                best = min(near)[2]
        if best is None and not (prev is not None and prev.speaker is not None and _continues(doc, prev, q)):
            best = _nearest_in_paragraph(doc, q, attributions)
        if best is not None:
            q = replace(q, speaker=best.source,
                        speaker_refers_to=best.refers_to if best.source_type == "pronoun" else None)
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


def _continues(doc: Document, prev: Quote, q: Quote) -> bool:
    """``q`` opens the paragraph after the one ``prev`` stands in."""
    pi, pj = doc.paragraph_index(prev.span.start), doc.paragraph_index(q.span.start)
    if pj not in (pi, pi + 1):
        return False
    para = doc.paragraphs[pj]
    return pj == pi or not doc.text[para.start:q.span.start].strip()


def _nearest_in_paragraph(doc: Document, q: Quote, attributions: list[Attribution]) -> Attribution | None:
    """The attribution with a source whose cue stands nearest the quotation in its paragraph."""
    pi = doc.paragraph_index(q.span.start)
    para = doc.paragraphs[pi]
    best, best_d = None, None
    for a in attributions:
        if a.source is None or not (para.start <= a.cue.start < para.end):
            continue
        d = q.span.start - a.cue.end if a.cue.end <= q.span.start else a.cue.start - q.span.end
        d = abs(d)
        if best_d is None or d < best_d:
            best, best_d = a, d
    if best is None and pi > 0:
        # a quotation in a paragraph without an attribution: the last source of the paragraph before
        prev = doc.paragraphs[pi - 1]
        for a in attributions:
            if a.source is not None and prev.start <= a.cue.start < prev.end:
                best = a
    return best


_ADJ_AFTER_RE = re.compile(r"^[\s,]{0,3}$")


def _adjacent(doc: Document, q: Quote, firsts: list[tuple[int, int, Attribution]]) -> Attribution | None:
    """The attribution whose source (or cue) follows the quotation directly (“…,” the source
    recalled / “…,” said Noem): the quotation is its content, whatever other contents hold it.
    ``firsts``: (start of source-and-cue, index, attribution), sorted."""
    e = q.span.end
    i = bisect.bisect_left(firsts, (e, -1))
    while i < len(firsts) and firsts[i][0] - e <= 3:
        first, _, a = firsts[i]
        if _ADJ_AFTER_RE.match(doc.text[e:first]) and a.content.start <= q.span.start < a.content.end:
            return a
        i += 1
    return None
