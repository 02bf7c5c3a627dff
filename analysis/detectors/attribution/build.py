"""The attribution builder: ``find_attributions`` reads a document sentence by sentence, checks
the rule cues with the learned model, builds each cue's attribution (its lemma and kind, source,
content), settles cues nested in an earlier cue's content, and adds the posts, signed quotes and
colon labels of the whole document.
"""
from __future__ import annotations

import bisect

from ...text.document import Document
from ...text.spans import Span
from ..reporting_words import cue_lexicon, label_words
from .colons import _colon_attribution, _colon_cue, _label_colons
from .content import _colon_quote_after, _content_after, _extend_to_quotes, _quote_block, _skip_lead
from .context import replace, _AFTER_PREPS, _BE, _BOUNDARY_RE, Attribution, Context, _cap, _first_token_at, _quote_just_before, \
    _region_at, sentences, _span_before, _span_tokens
from .cue_model import CueModel, checked_cues, load_model
from .cues import _cue_word, _guess_lemma, _poll_after_in, rule_cues
from .labels import with_label
from .phrases import _main_subject
from .posts import _post_attributions, _signed_quotes
from .pronouns import _resolve_pronouns
from .sources import _according_source, _agent_source, _chain_start, _coordinated, _is_passive, _left_source, _passive_by, \
    _fronted_subject, _PARTICIPLE_PREPS, _raising, _right_source, _skip_left, _subject, _type_of


#: a cue inside the reported speech of another ("Smith said Jones wants Y") belongs to it
NESTED_BELONG = True
_MORE_PREPS = frozenset("about of as for outside inside near by over under into".split())
_ALL_PREPS = _AFTER_PREPS | _MORE_PREPS
#: words opening the clause an adjective takes after an expletive "it is" ("it is unclear whether")
_COMPLEMENTIZERS = frozenset("that whether if how why what when who".split())


def find_attributions(doc: Document, model: CueModel | None | str = "shipped") -> list[Attribution]:
    """Every attribution in ``doc``, in text order (see the package docstring for the method).

    ``model``: the learned cue check (analysis.detectors.attribution.cue_model); "shipped" loads
    data/cue_model.json, None uses the rules alone."""
    if model == "shipped":
        model = load_model()
    cx = Context(doc)
    out: list[Attribution] = []
    starts = doc._token_starts
    for sent in sentences(doc):
        lo, hi = bisect.bisect_left(starts, sent.start), bisect.bisect_left(starts, sent.end)
        if hi > lo:
            out.extend(_sentence_attributions(cx, lo, hi, sent.end, model))
    out = _with_document_attributions(cx, out)
    out.sort(key=lambda a: a.cue.start)
    out = [with_label(cx, a) for a in out]
    # a cue that reports neither who nor what is no attribution
    return _resolve_pronouns([a for a in out if a.source is not None or a.content is not None])


def _sentence_attributions(cx: Context, lo: int, hi: int, end: int, model: CueModel | None) -> list[Attribution]:
    """The attributions of the sentence of tokens lo..hi-1 (its text ending at ``end``): one for
    each cue the rules find and the learned check keeps, in order; a cue inside the content of the
    one before either starts a new attribution or belongs to that content (``_end_previous``); a
    cue without a source of its own shares the one before's (not "according to", a poll or a
    passive). A sentence without a cue may have a colon introducing a quotation."""
    action = label_words("action")
    # a verb of action ("voted", "unleashed", "built") reports no speech or thought
    cues = [c for c in checked_cues(cx, lo, hi, rule_cues(cx, lo, hi), model) if cx.low[c[0]] not in action]
    if not cues:
        pos = _colon_cue(cx, lo, hi, end)
        return [_colon_attribution(cx, lo, hi, pos)] if pos is not None else []
    out: list[Attribution] = []
    prev: Attribution | None = None
    for first, last in cues:
        if prev is not None and prev.content is not None and \
                prev.content.start <= cx.toks[first].start < prev.content.end:
            ended = _end_previous(cx, lo, first, prev)
            if ended is None:
                continue
            out[-1] = prev = ended
        a = _build(cx, lo, hi, first, last, lo, hi, prev)
        if a.source is None and _forecast(cx, lo, first):
            continue
        if a.source is None and prev is not None and prev.source is not None \
                and a.cue_lemma not in ("according to", "in (a poll)") and not _is_passive(cx, lo, first) \
                and not _raising(cx, first):
            a = replace(a, source=prev.source, source_type=prev.source_type)
        out.append(a)
        prev = a
    return out


def _forecast(cx: Context, lo: int, first: int) -> bool:
    """A passive "be expected to …" ("The two leaders are expected to discuss trade"): with no
    one named who expects, the writer's forecast, not a reported thought."""
    return cx.low[first] == "expected" and first + 1 < len(cx.low) and cx.low[first + 1] == "to" \
        and _is_passive(cx, lo, first)


def _end_previous(cx: Context, lo: int, first: int, prev: Attribution) -> Attribution | None:
    """A cue at token ``first`` inside the previous attribution's content: a second attribution of
    the same sentence ("He said X and said Y", "…, adding that Y") ends that content before it
    (the previous attribution so cut is returned); one nested in the reported speech ("Smith said
    Jones wants Y") belongs to it (None)."""
    k = _skip_left(cx, lo, first - 1)
    src = _left_source(cx, max(lo, _first_token_at(cx, prev.content.start)), first)
    if src is not None and src[0] > lo and (_BOUNDARY_RE.search(cx.gap(src[0] - 1, src[0]))
                                            or cx.low[src[0] - 1] in ("and", "but")):
        k = src[0] - 1      # "He hoped, he said, that …": a new attribution
    elif src is not None and src[0] == src[1] and cx.low[src[0]] in ("who", "which") and src[0] > lo:
        k = src[0]          # "… four in 10 who said they preferred …"
    elif not (k >= lo and (cx.low[k] in ("and", "but") or _BOUNDARY_RE.search(cx.gap(k, k + 1)))) \
            and NESTED_BELONG:
        return None
    cut = k - 1 if k >= lo and cx.low[k] in ("and", "but") else k
    if cut >= lo and cx.toks[cut].end > prev.content.start:
        end = cx.toks[cut].end
        r = _region_at(cx, end - 1)
        if r is not None and r[1] <= cx.toks[first].start:
            end = r[1]      # keep the closing mark: “What a Super Tuesday!” and said
        return replace(prev, content=cx.doc.span(prev.content.start, end))
    return replace(prev, content=None)


def _with_document_attributions(cx: Context, out: list[Attribution]) -> list[Attribution]:
    """The sentences' attributions ``out`` with those read from the whole document: embedded
    posts; signed quotations whose dash is no cue yet; "Name:" labels whose colon is no cue yet
    and stands inside no attribution."""
    out = out + _post_attributions(cx)
    taken = {a.cue.start for a in out}
    out += [a for a in _signed_quotes(cx) if a.cue.start not in taken]
    taken = {a.cue.start for a in out}
    within = _within_attribution(cx, out)
    out += [a for a in _label_colons(cx) if a.cue.start not in taken and not within(a)]
    return out


def _within_attribution(cx: Context, attributions: list[Attribution]):
    """A test ``within(a)``: does ``a``'s cue stand inside one of ``attributions`` of its
    paragraph (after its cue, before the end of its content, or of its cue)? The attributions
    are grouped by paragraph, so each test looks at one paragraph's only."""
    by_paragraph: dict[int, list[tuple[int, int]]] = {}
    for b in attributions:
        by_paragraph.setdefault(cx.doc.paragraph_index(b.cue.start), []).append(
            (b.cue.start, b.content.end if b.content else b.cue.end))

    def within(a: Attribution) -> bool:
        s = a.cue.start
        return any(bs < s < be for bs, be in by_paragraph.get(cx.doc.paragraph_index(s), ()))

    return within


# ------------------------------------------------------------------------ one cue's attribution

def _build(cx: Context, lo: int, hi: int, first: int, last: int, left_lo: int, right_hi: int,
           prev: Attribution | None) -> Attribution:
    """The attribution of the cue of tokens first..last in the sentence lo..hi-1 (the source is
    looked for from ``left_lo``, the content up to ``right_hi``; ``prev`` is the sentence's
    attribution before it): the cue's lemma and kind, its source and the side it stands on, the
    content that side calls for, made whole."""
    lemma, kind = _lemma_and_kind(cx, first, last)
    side, src_rng, source, clause_participle = _source(cx, lo, first, last, left_lo, right_hi, prev, lemma)
    cue = cx.span(first, last)
    if side == "left":
        content = _content_left(cx, lo, hi, last, right_hi, lemma, cue, src_rng, source, clause_participle)
    elif side == "passive":
        content = _content_passive(cx, lo, first)
    else:
        content = _content_right(cx, lo, first, last, right_hi, lemma, cue, src_rng)
    content = _whole_content(cx, hi, last, cue, source, content, side == "left")
    stype = _type_of(source.text) if source is not None else "unknown"
    return Attribution(cue, source, content, stype, kind, lemma)


def _lemma_and_kind(cx: Context, first: int, last: int) -> tuple[str, str]:
    """The cue's base form and kind: those of its cue word or word pair ("questions about"), else
    a guessed base form, neutral; "make clear"; "in (a poll)" for a poll cue."""
    cw = _cue_word(cx, first, last)
    pair = cue_lexicon().get(cx.low[last - 1] + " " + cx.low[last]) if last > first else None
    if pair is not None and pair.cls == "pair":
        cw = pair           # "questions about": the pair's lemma and kind
    lemma = cw.lemma if cw else _guess_lemma(cx.low[first])
    if cx.low[last] == "clear" and cx.low[first] in ("made", "makes", "make", "making"):
        lemma = "make clear"
    kind = cw.kind if cw else "neutral"
    if lemma != "according to" and cx.low[first] == "in" and first == last:
        lemma, kind = "in (a poll)", "neutral"
    return lemma, kind


def _source(cx: Context, lo: int, first: int, last: int, left_lo: int, right_hi: int,
            prev: Attribution | None, lemma: str) -> tuple[str | None, tuple[int, int] | None, Span | None, bool]:
    """(side, source token range, source, clause participle): where the source stands ("left" of
    the cue, "right" of it, "passive": after its "by", None: not found), its token range (None
    when it is shared with ``prev``), its span, and whether the cue is a participle sharing its
    clause's subject ("…, saying …")."""
    clause_participle = False
    source: Span | None = None
    if lemma == "according to":
        src_rng = _according_source(cx, last, right_hi)
        side = "right" if src_rng else None
    elif cx.low[first] == "in" and first == last:
        k = _poll_after_in(cx, first, right_hi)
        src_rng = (first + 1, k) if k is not None else None
        side = "right"
    elif _passive_by(cx, lo, first, last, right_hi) is not None:
        # "Scully's involvement was first reported by the New York Times."
        src_rng = _agent_source(cx, _passive_by(cx, lo, first, last, right_hi), right_hi)
        side = "passive"
    else:
        side, src_rng, source, clause_participle = _active_source(cx, lo, first, last, left_lo, right_hi, prev)
    if src_rng is not None:
        source = cx.span(*src_rng)
    return side, src_rng, source, clause_participle


def _active_source(cx: Context, lo: int, first: int, last: int, left_lo: int, right_hi: int,
                   prev: Attribution | None) -> tuple[str | None, tuple[int, int] | None, Span | None, bool]:
    """``_source`` for an active cue: the phrase before it, the subject of an adjective after
    "be", the clause's subject for a participle or a coordinated verb, else the phrase after it."""
    side = None
    source = None
    if _raising(cx, first):
        return "left", None, None, False    # "it seems …": the writer's judgement, no one's report
    k0 = _skip_left(cx, lo, first - 1)
    clause_participle = cx.low[first].endswith("ing") and k0 >= lo and not cx.in_quote[k0] and (
        "," in cx.gap(k0, k0 + 1) and first == k0 + 1 or cx.low[k0] in _PARTICIPLE_PREPS)
    # the subject of the cue's verb chain ("she is sure that …", "Mr. Trump was prompted to say";
    # not of a passive: "he was told that …")
    chain = _chain_start(cx, left_lo, first)
    src_rng = None if clause_participle else _left_source(cx, left_lo, chain)
    if src_rng is not None and src_rng[0] == src_rng[1] and cx.low[src_rng[0]] in ("it", "there") \
            and cx.low[chain] in _BE and last + 1 < right_hi and cx.low[last + 1] in _COMPLEMENTIZERS:
        return "left", None, None, False    # "it is not clear whether …": no one's report
    if src_rng is None and not clause_participle and chain < first:
        src_rng = _left_source(cx, left_lo, first)
    if src_rng is None and k0 > left_lo and cx.low[k0] == "to" and not cx.boundary(k0, k0 + 1):
        src_rng = _infinitive_subject(cx, lo, left_lo, k0)
    fronted = _fronted_subject(cx, lo, first, right_hi) if src_rng is None else None
    if fronted is not None:
        side, src_rng = "left", fronted     # "After blasting X, Glenn Beck doubled down"
    elif clause_participle:
        # "Sanders visited NBC to discuss X, saying …" / "… upon saying …": the participle
        # shares the clause's subject
        side = "left"
        source, src_rng = _clause_subject(cx, lo, first, prev)
    elif src_rng is not None:
        side = "left"
    elif _coordinated(cx, left_lo, chain):
        side = "left"
        source, src_rng = _clause_subject(cx, lo, first, prev)
    else:
        k = _skip_left(cx, lo, first - 1)
        participle = k >= lo and cx.low[first].endswith("ing") and "," in cx.gap(k, k + 1)
        if k < lo or cx.boundary(k, k + 1):
            # a subject follows only a simple reporting verb ("…, said Noem"), not a verb chain
            # ("…, declined to affirm his support": the object)
            chained = last > first and cx.low[first] in label_words("chain")
            src_rng = None if participle or chained else _right_source(cx, last, right_hi)
            side = "right" if src_rng else None
            if participle:
                # "…, Trump continued, saying …": the participle shares the clause's subject
                source, src_rng = _clause_subject(cx, lo, first, prev)
                side = "left" if (source is not None or src_rng is not None) else None
    return side, src_rng, source, clause_participle


def _infinitive_subject(cx: Context, lo: int, left_lo: int, to: int) -> tuple[int, int] | None:
    """The subject of an infinitive cue after its "to" (token ``to``): the noun phrase before it
    ("urged Republicans in Washington to recognize …", "the first members of Congress to
    endorse"), else, when that phrase holds a verb ("Sanders visited the show to talk"), the
    subject of the sentence."""
    rng = _left_source(cx, left_lo, to)
    if rng is not None and not any(cx.low[t].endswith("ed") and not _cap(cx.toks[t].text) and
                                   cx.low[t] not in cx.kinds for t in range(rng[0], rng[1] + 1)):
        return rng
    return _subject(cx, lo, to)


def _clause_subject(cx: Context, lo: int, first: int,
                    prev: Attribution | None) -> tuple[Span | None, tuple[int, int] | None]:
    """The source a cue shares with its clause, as (source, token range): the previous
    attribution's source, else the subject of the sentence's main clause before the cue
    (``_main_subject``), else its first name or pronoun (``_subject``)."""
    if prev is not None and prev.source is not None:
        return prev.source, None
    return None, _main_subject(cx, lo, first) or _subject(cx, lo, first)


def _content_left(cx: Context, lo: int, hi: int, last: int, right_hi: int, lemma: str, cue: Span,
                  src_rng: tuple[int, int] | None, source: Span | None, clause_participle: bool) -> Span | None:
    """The content of a cue whose source stands before it: a quotation introduced by a colon, the
    quotation closing right before the source (“…,” Noem said), the sentence around a
    parenthetical cue ("The plan, she insisted, would work."), the words after the cue, a
    quotation closing right before the sentence (“…?” a narrator asks), else the words before the
    source."""
    doc = cx.doc
    src_start = source.start if source is not None else cue.start
    q = _quote_just_before(cx, src_start)
    after = _skip_lead(cx, last + 1, right_hi)
    crng = _content_after(cx, after, right_hi, lemma)
    colon_q = _colon_quote_after(cx, last, hi)
    if colon_q is not None and q is None:
        return doc.span(*colon_q)
    if q is not None and (crng is None or cx.low[crng[0]] in _ALL_PREPS or crng[1] - crng[0] < 3
                          or not cx.in_quote[crng[0]] and _quote_just_before(cx, cue.start)
                          or last + 1 < hi and "," in cx.gap(last, last + 1)):
        return doc.span(*q)
    if crng is not None and src_rng is not None and src_rng[0] > lo and q is None and not clause_participle \
            and "," in cx.gap(src_rng[0] - 1, src_rng[0]) and "," in cx.gap(last, last + 1):
        return _span_tokens(cx, lo, right_hi - 1)   # "The plan, she insisted, would work."
    if crng is not None:
        return _span_tokens(cx, crng[0], crng[1])
    sent_start = cx.toks[lo].start
    if _quote_just_before(cx, sent_start) is not None:
        return doc.span(*_quote_just_before(cx, sent_start))   # “…?” a narrator asks.
    if src_rng is not None and src_rng[0] > lo:
        return _span_before(cx, lo, src_rng[0])
    return None


def _content_passive(cx: Context, lo: int, first: int) -> Span | None:
    """The content of a passive cue ("X was first reported by Y"): the words before its "be"."""
    k = _skip_left(cx, lo, first - 1)
    while k >= lo and cx.low[k] in _BE:
        k -= 1
    return _span_before(cx, lo, k + 1) if k >= lo else None


def _content_right(cx: Context, lo: int, first: int, last: int, right_hi: int, lemma: str, cue: Span,
                   src_rng: tuple[int, int] | None) -> Span | None:
    """The content of a cue whose source follows it (or has none): the quotation closing right
    before the cue, the sentence before "according to X" or a poll, the words after the cue (and
    its source) for a cue opening the sentence, else the words before the cue."""
    doc = cx.doc
    q = _quote_just_before(cx, cue.start)
    after_src = (src_rng[1] + 1) if src_rng else last + 1
    if q is not None:
        return doc.span(*q)
    if lemma in ("according to", "in (a poll)"):
        if first > lo + (lemma == "in (a poll)"):
            return _span_before(cx, lo, first)       # "…, according to X." / "X leads in the polls"
        if after_src < right_hi:
            return _span_tokens(cx, after_src, right_hi - 1)
        return None
    if (first <= lo + 1 or src_rng is None and right_hi - after_src >= 2) and after_src < right_hi:
        crng = _content_after(cx, after_src, right_hi, lemma)
        return _span_tokens(cx, *crng) if crng else None
    if first > lo:
        return _span_before(cx, lo, first)
    if after_src < right_hi:
        return _span_tokens(cx, after_src, right_hi - 1)
    return None


def _whole_content(cx: Context, hi: int, last: int, cue: Span, source: Span | None, content: Span | None,
                   left: bool) -> Span | None:
    """The content made whole: a cue ending its sentence with a colon introduces the quotation that
    follows (when no content was found, or, for a source on the ``left``, the content lies before
    the cue); a content is widened to whole quotations and to the quotation block it belongs to."""
    if content is None or (content.end <= cue.start and left):
        nxt = _colon_quote_after(cx, last, hi)
        if nxt is not None:
            content = cx.doc.span(*nxt)
    if content is not None:
        a, b = _extend_to_quotes(cx, content.start, content.end)
        if _region_at(cx, max(a, b - 1)):
            b = _quote_block(cx, a, b, max(cue.end, source.end if source is not None else 0))
        content = cx.doc.span(a, b)
    return content
