"""Who gets a voice: the sources of an analysis in the groups a reader asks about, and the share
of the quoted words that goes to each.

A source's group is its type (``Attribution.source_type``, set by the attribution detector),
read in one place, ``group_of``: a named person ("Dave Hurley", "Council member Dave Hurley"), a
role with no name ("the mayor", "a teacher"), an organisation ("the Justice Department"),
anonymous ("officials", "a person familiar with the talks"), a document ("a report", "the
poll"), or a source of a kind the detector could not tell ("unknown"). A pronoun counts in the
group of whom it refers to ("she" after "the mayor": a role); a pronoun the detector could not
resolve is "unresolved", and a statement or quotation with no source is "unattributed".
Nothing is guessed beyond what the text names: no gender or ethnicity, and whether a source is
named is its type, not a guess from the words.

``voices(analysis)`` is the record's ``breakdown.voices`` (docs/scores-format.md): per group,
the distinct sources, their attributions, the direct quotations they speak and the words inside
them, and the shares of the quoted words that go to named people, to roles and organisations, to
anonymous sources and to the rest (``SHARES``). ``rows`` turns that
field into the table the report and the corpus comparison show.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from .detectors.attribution import source_type
from .detectors.reporting_words import norm_word, source_words
from .lexicons.cache import Memo
from .text.document import WORD_RE

if TYPE_CHECKING:                  # the analysis is read, never made, here
    from .pipeline import Analysis


@dataclass(frozen=True)
class Group:
    key: str          # the record's key
    label: str        # what a reader is shown
    named: str        # is a person named: "yes", "no", "not a person" or "not known"
    share: str        # the share of quoted words it counts toward (``SHARES``)


#: The reader's groups, in the order every table shows them.
GROUPS = (
    Group("named", "named person", "yes", "named_people"),
    Group("role", "role or title, no name", "no", "roles_and_organisations"),
    Group("organisation", "organisation", "not a person", "roles_and_organisations"),
    Group("anonymous", "anonymous or unnamed", "no", "anonymous"),
    Group("document", "document, poll or data", "not a person", "other"),
    Group("unknown", "other source, kind not known", "not known", "other"),
    Group("unresolved", "pronoun, not resolved", "not known", "other"),
    Group("unattributed", "unattributed", "not known", "other"),
)
GROUP = {g.key: g for g in GROUPS}
_TITLES = frozenset("mr mrs ms miss dr sen rep gov gen prof".split())
#: The shares of quoted words in the record, with what a reader is shown for each.
SHARES = {"named_people": "named people", "roles_and_organisations": "roles and organisations",
          "anonymous": "anonymous sources",
          "other": "documents, sources of no known kind, unresolved pronouns or no source"}


def group_of(stype: str | None, referent_type: str | None = None) -> str:
    """The group key of a source of type ``stype`` (None: no source); a pronoun or short name
    goes by ``referent_type``, the type of whom it refers to (None: not resolved)."""
    if stype == "pronoun":
        return referent_type if referent_type in GROUP else "unresolved"
    return stype if stype in GROUP else "unattributed"


def _name(a, group: str) -> str:
    """Who a source is, as a reader would tell sources apart: the label (or whom it refers to),
    and for a named person the name after its titles ("DHS Secretary Kristi Noem" -> "Kristi Noem")."""
    shown = (a.refers_to or a.label or a.source).text
    return without_titles(shown) if group == "named" else " ".join(WORD_RE.findall(shown))


def without_titles(name: str) -> str:
    """A person's name after the titles and role words before it ("DHS Secretary Kristi Noem" ->
    "Kristi Noem", "Sen. Cruz" -> "Cruz"); the name itself when it is nothing but such words."""
    words = WORD_RE.findall(name)
    titles = list(map(_TITLE_WORDS.__getitem__, words))
    last_title = len(titles) - 1 - titles[::-1].index(True) if True in titles else -1
    return " ".join(words[last_title + 1:] or words)


def _is_title(word: str) -> bool:
    """The word is a title ("Sen.", "Dr") or a role word ("Secretary")."""
    base = norm_word(word).rstrip(".")
    return source_words().get(base) == "role" or base in _TITLES


#: ``_is_title`` per word, kept (up to 100,000 words): the names of every article are read word by word
_TITLE_WORDS = Memo(_is_title, 100_000)


def _distinct(names: list[str]) -> list[str]:
    """``names`` less repeats, in order; a one-word name is the one longer name ending with it
    ("Noem" and "Kristi Noem": one), and two longer ones ("Donald Trump", "Melania Trump") stay apart."""
    longer: dict[str, set[str]] = {}
    for n in names:
        if " " in n:
            longer.setdefault(n.rsplit(" ", 1)[-1].casefold(), set()).add(n)
    out: dict[str, str] = {}
    for n in names:
        full = longer.get(n.casefold(), set()) if " " not in n else set()
        n = next(iter(full)) if len(full) == 1 else n
        out.setdefault(n.casefold(), n)
    return list(out.values())


def _groups_of(attributions) -> list[str]:
    """The group of each attribution: a pronoun's from the attribution whose label it refers to."""
    types = {(s.start, s.end): a.source_type for a in attributions if a.source_type != "pronoun"
             for s in (a.label, a.source) if s is not None}
    out = []
    for a in attributions:
        ref = a.refers_to if a.source_type == "pronoun" else None
        referent = None if ref is None else types.get((ref.start, ref.end)) or source_type(WORD_RE.findall(ref.text))
        out.append(group_of(a.source_type if a.source is not None else None, referent))
    return out


def _share(n: int, d: int) -> float | None:
    return round(n / d, 4) if d else None


def voices(analysis: Analysis) -> dict:
    """The record's ``breakdown.voices``: per group (only those present) its sources, attributions,
    direct quotations and quoted words; the quoted words in all; the share of them per ``SHARES``
    (null when the article quotes no one directly)."""
    attrs = analysis.attributions
    counts = {g.key: {"names": [], "attributions": 0, "quotes": 0, "quoted_words": 0} for g in GROUPS}
    by_source = {}                  # a source's span -> its group, for the quotations it speaks
    for a, g in zip(attrs, _groups_of(attrs)):
        counts[g]["attributions"] += 1
        if a.source is not None:
            counts[g]["names"].append(_name(a, g))
            by_source.setdefault((a.source.start, a.source.end), g)
    doc = analysis.doc
    for q in analysis.direct_quotes:
        g = by_source.get((q.speaker.start, q.speaker.end), "unattributed") if q.speaker is not None else "unattributed"
        counts[g]["quotes"] += 1
        counts[g]["quoted_words"] += doc.words_in(q.span.start, q.span.end)
    total = sum(c["quoted_words"] for c in counts.values())
    shares = dict.fromkeys(SHARES, 0)
    for g in GROUPS:
        shares[g.share] += counts[g.key]["quoted_words"]
    return {
        "groups": {k: {**c, "names": _distinct(c["names"])} for k, c in counts.items()
                   if c["attributions"] or c["quotes"]},
        "quoted_words": total,
        "shares": {k: _share(n, total) for k, n in shares.items()},
    }


def rows(field: dict | None) -> list[dict]:
    """A record's ``breakdown.voices`` as table rows in ``GROUPS`` order: group, named (is a person
    named), sources (their names), attributions, quotes (direct quotations), words (quoted) and
    share (of the quoted words; None without any). [] without the field (a record written before
    it) or without any source or quotation."""
    if not field:
        return []
    total = field.get("quoted_words") or 0
    out = []
    for g in GROUPS:
        c = field.get("groups", {}).get(g.key)
        if c:
            out.append({"group": g.label, "named": g.named, "sources": ", ".join(c["names"]),
                        "attributions": c["attributions"], "quotes": c["quotes"], "words": c["quoted_words"],
                        "share": _share(c["quoted_words"], total)})
    return out
