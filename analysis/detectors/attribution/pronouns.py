"""Pronoun sources and short names: who each refers to.

Walking the attributions in text order, each source with a label is a candidate of a kind: a person
(a name, a role, a singular unnamed source: "a spokeswoman"), people (a plural or coordinated
phrase: "officials", "Mr. Peck and Mr. Mahaney"), an organisation or a thing (a document, a poll).
A pronoun source refers to the nearest earlier candidate of a compatible kind, so the subject of
the previous statement comes first: "he"/"she" a person, "they"/"we" people or an organisation,
"it" an organisation or a thing (a resolved pronoun's referent is a candidate in its turn). "he"
skips a person a title or a word marks as a woman ("Mrs. Clinton", "the spokeswoman"), "she" one
marked as a man; a name alone says nothing (no guessing from names). A phrase of no known type (or
typed a name) is a person only when its head is a name or a noun for people ("the assailant",
"economists"); else ("a twist", "the wake", "an unusually formal speech") and "no one" no pronoun
refers to it. A short name ("Smith", "Mr. Obama")
refers to the nearest earlier longer name ending in the same word ("Senator Jane Smith"). Where no
candidate is compatible the attribution says so (``resolved=False``, no ``refers_to``); "I", "you"
and a name with no longer form are not resolved (``resolved`` None). A relative pronoun ("who") is
resolved in ``labels``.
"""
from __future__ import annotations

from functools import lru_cache

from ...text.spans import Span
from ..reporting_words import WORD_RE, norm_word, source_words
from .context import replace, Attribution

#: what each pronoun may refer to
COMPATIBLE = {"he": ("person",), "she": ("person",), "they": ("people", "organisation"),
              "we": ("people", "organisation"), "it": ("organisation", "thing")}
COMPATIBLE.update(his=COMPATIBLE["he"], her=COMPATIBLE["she"], their=COMPATIBLE["they"], our=COMPATIBLE["we"],
                  its=COMPATIBLE["it"])
_TITLES = frozenset("mr mrs ms miss dr sen rep gov gen prof president senator governor".split())
_PEOPLE = frozenset("people men women children police".split())
#: words for one person that no ending rule catches
_PERSON = frozenset("man woman person lady boy girl mother father wife husband son daughter actress".split())
#: a phrase opening with one of these names no one a pronoun could refer to ("no one", "none of them")
_NEGATIVE = frozenset("no nobody none neither".split())
#: what a he/she pronoun says of its referent; titles that say the same ("Mr.", "Ms.")
_GENDER = {"he": "m", "his": "m", "she": "f", "her": "f"}
_GENDER_TITLES = {"mr": "m", "mrs": "f", "ms": "f", "miss": "f"}
#: words for people that say whether a woman or a man is meant
_GENDERED_WORDS = {**dict.fromkeys("lady girl mother wife daughter sister grandmother".split(), "f"),
                   **dict.fromkeys("boy father husband son brother grandfather".split(), "m")}


@lru_cache(maxsize=8192)
def _kind(label: str, stype: str) -> str:
    """The kind of candidate a label of source type ``stype`` is: a person, people, an
    organisation, a thing, or "other" (no pronoun refers to it: "no one", or a phrase of no
    known type or of a name whose head is neither a name nor a word for people, "the wake",
    "Trump's point")."""
    words = [norm_word(w) for w in WORD_RE.findall(label)]
    head = words[-1] if words else ""
    plural = head in _PEOPLE or head.endswith("s") and not head.endswith(("ss", "'s", "us", "is")) \
        and source_words().get(head) != "organisation"
    if not words or words[0] in _NEGATIVE:
        return "other"
    if stype == "organisation":
        return "organisation"
    if stype == "document":
        return "thing"
    if stype in ("unknown", "named") and not _names_people(label, head):
        return "other"          # "an unusually formal speech", "Trump's point": a thing, no person
    if "and" in words or plural and stype != "named":
        return "people"
    return "person"


#: endings of English agent and occupation nouns ("assailant", "economist", "moderator",
#: "actress", "chairwoman", "resident"), after a stem of three letters or more ("twist" is none);
#: nouns with these endings that name things ("statement", "together", "percent") are left out
_PERSON_ENDINGS = ("er", "or", "ist", "ian", "ant", "ent", "ee", "man", "men", "tress")
_THING_ENDINGS = ("ment", "ther", "percent", "ness")


def _names_people(label: str, head: str) -> bool:
    """The phrase's head is a name (capitalised), a word for people ("officials", "the
    spokeswoman") or a noun with an ending for people ("the assailant", "economists")."""
    head = head.split("-")[0]                   # "nominee-in-waiting"
    one = head[:-1] if head.endswith("s") and not head.endswith("ss") else head
    if WORD_RE.findall(label)[-1][:1].isupper() or head in _PEOPLE | _PERSON \
            or {source_words().get(head), source_words().get(one)} & {"role", "anonymous"}:
        return True
    ending = next((e for e in _PERSON_ENDINGS if one.endswith(e)), None)
    return ending is not None and len(one) - len(ending) >= 3 and not one.endswith(_THING_ENDINGS)


@lru_cache(maxsize=8192)
def _gender(label: str) -> str | None:
    """What a title or a role word in ``label`` says of who it names ("Mr. Clarke", "the
    spokeswoman"): "m", "f" or None. Never guessed from a name."""
    words = [norm_word(w).rstrip(".") for w in WORD_RE.findall(label)]
    for w in words:
        if w in _GENDER_TITLES:
            return _GENDER_TITLES[w]
    head = words[-1] if words else ""
    if head in _GENDERED_WORDS:
        return _GENDERED_WORDS[head]
    if head.endswith(("woman", "women", "tress")):
        return "f"
    return "m" if head.endswith(("man", "men")) and head not in ("human", "german", "roman") else None


def _pronoun(a: Attribution) -> str | None:
    w = norm_word(a.source.text).split("'")[0]
    return w if w in COMPATIBLE else None


@lru_cache(maxsize=8192)
def _words(text: str) -> tuple[str, ...]:
    """The words of ``text`` (``WORD_RE``), kept per text."""
    return tuple(WORD_RE.findall(text))


@lru_cache(maxsize=8192)
def _short_name(label: str) -> str | None:
    """The one name word of a short name ("Smith", "Mr. Obama"), else None."""
    words = [w for w in _words(label) if norm_word(w).rstrip(".") not in _TITLES]
    return norm_word(words[0]) if len(words) == 1 and words[0][:1].isupper() else None


def _resolve_pronouns(attrs: list[Attribution]) -> list[Attribution]:
    out = []
    seen: list[tuple[Span, str, str]] = []      # (label, kind, source type) of the sources so far
    for a in attrs:
        if a.source is not None and a.source_type == "pronoun" and a.resolved is None:
            p = _pronoun(a)
            if p is not None:
                g = _GENDER.get(p)
                target = next((c for c in reversed(seen) if c[1] in COMPATIBLE[p]
                               and (g is None or _gender(c[0].text) in (None, g))), None)
                a = replace(a, refers_to=target[0] if target else None, resolved=target is not None)
        elif a.source is not None and a.source_type == "named" and a.label is not None:
            name = _short_name(a.label.text)
            full = next((c for c in reversed(seen) if c[2] == "named" and c[0].text != a.label.text
                         and len(_words(c[0].text)) > 1 and _short_name(c[0].text) is None
                         and norm_word(_words(c[0].text)[-1]) == name), None) if name else None
            if full is not None:
                a = replace(a, refers_to=full[0], resolved=True)
        if a.refers_to is not None:
            seen.append((a.refers_to, _referent_kind(a, seen), "named" if a.resolved else a.source_type))
        elif a.label is not None and a.source_type != "pronoun":
            seen.append((a.label, _kind(a.label.text, a.source_type), a.source_type))
        out.append(a)
    return out


def _referent_kind(a: Attribution, seen: list[tuple[Span, str, str]]) -> str:
    """The kind of what ``a`` refers to: that of the candidate it was resolved to."""
    return next((c[1] for c in reversed(seen) if c[0] == a.refers_to), "person")
