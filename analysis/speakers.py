"""Linking quotes to attributions: who speaks each direct quotation.

For each direct quotation, in order:

1. the attribution whose content overlaps it most (“…,” Noem said: the content is the quote);
2. else the attribution whose cue stands right next to it in the same paragraph (within a few
   words before or after);
3. else, for a quotation that continues the previous paragraph's quotation (it opens the
   paragraph and no cue is near), the previous quotation's speaker; and a paragraph that ends
   inside a quotation gets the speaker of the quotation continuing it in the next paragraph.

The speaker is the attribution's source as written (a pronoun stays a pronoun, so the speaker
points at the words in the text); ``speaker_refers_to`` carries the named person a pronoun
source resolves to. Scare quotes and titles get no speaker.
"""
from __future__ import annotations

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
    for q in quotes:
        if q.kind != "direct":
            out.append(q)
            continue
        s, e = q.span.start, q.span.end
        best, best_ov = None, 0
        for a, cs, ce in contents:
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
