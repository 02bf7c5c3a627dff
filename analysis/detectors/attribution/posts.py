"""Attributions signed with a dash: embedded social-media posts closed by a sign-off line
("— Secretary Kristi Noem (@Sec_Noem) March 26, 2025") and quotations signed on their own line
(“…” ― Sonya Herridge); see the package docstring, steps 4 and 5.
"""
from __future__ import annotations

import re

from .context import Attribution, Context, _cap, _quote_just_before
from .sources import _type_of


_SIGNOFF_RE = re.compile(r"^[—–-]\s*(?P<name>[^\n(]*?)\s*\(@\w+\)[^\n]*$", re.M)
_URL_TAIL_RE = re.compile(r"\s*(?:pic\.twitter\.com/\S+|https?://\S+)\s*$")
_POST_MAX_CHARS = 320      # a post is at most 280 characters, plus a link


def _post_attributions(cx: Context) -> list[Attribution]:
    out = []
    doc = cx.doc
    for m in _SIGNOFF_RE.finditer(cx.text):
        name = m.group("name")
        if not name or not _cap(name):
            continue
        dash = doc.span(m.start(), m.start() + 1)
        src = doc.span(m.start("name"), m.end("name"))
        pi = doc.paragraph_index(m.start())
        total, first = 0, None
        for k in range(pi - 1, -1, -1):
            p = doc.paragraphs[k]
            body = _URL_TAIL_RE.sub("", p.text)
            total += len(body) + 1
            if total > _POST_MAX_CHARS:
                break
            first = k
        content = None
        if first is not None:
            a = doc.paragraphs[first].start
            last = doc.paragraphs[pi - 1]
            b = last.start + len(_URL_TAIL_RE.sub("", last.text))
            content = doc.span(a, b)
        out.append(Attribution(dash, src, content, _type_of(src.text), "neutral", "post"))
    return out


_SIGNED_RE = re.compile(r"(?<=[”\"])[ \t\u00a0]*(?P<dash>[―—–])[ \t\u00a0]*"
                        r"(?P<name>[^\W\d_][\w’'.\-]*(?:[ \t\u00a0]+[^\W\d_][\w’'.\-]*){0,3}?)"
                        r"[ \t\u00a0]*[.,]?[ \t\u00a0]*$", re.M)


def _signed_quotes(cx: Context) -> list[Attribution]:
    """A quotation signed on its own line: “…” ― Sonya Herridge. The dash is the cue, the name
    the source, the quotation the content."""
    out = []
    doc = cx.doc
    for m in _SIGNED_RE.finditer(cx.text):
        name = m.group("name").rstrip(".")
        if not all(_cap(w) for w in name.split()):
            continue
        q = _quote_just_before(cx, m.start())
        if q is None:
            continue
        src = doc.span(m.start("name"), m.start("name") + len(name))
        out.append(Attribution(doc.span(m.start("dash"), m.end("dash")), src, doc.span(*q),
                               _type_of(src.text), "neutral", "signed"))
    return out
