"""What one article's record says, summarised for reading: loaded terms, who is quoted and how
much, who is attributed, which reporting cues frame them.

Plain functions of a scores record (``analysis.record``), shared by the article report and the
corpus comparison so that both show the same figures for the same article.
"""
from __future__ import annotations

from collections import Counter, defaultdict

from .text.document import WORD_RE
from .voices import rows as voice_rows, without_titles

NO_SPEAKER = "(speaker not found)"


def word_count(text: str) -> int:
    """Words as the project counts them (``analysis.text.document.WORD_RE``)."""
    return len(WORD_RE.findall(text))


def loaded_terms(record: dict) -> list[dict]:
    """Flagged loaded terms counted case-insensitively (shown as first written): term, category, count, own voice."""
    counts: dict[tuple[str, str], list] = {}
    for s in record.get("spans", {}).get("loaded_language", []):
        c = counts.setdefault((s["text"].lower(), s.get("category", "")), [s["text"], 0, 0])
        c[1] += 1
        c[2] += s.get("voice") == "own"
    return [{"term": shown, "category": cat, "count": n, "own_voice": own}
            for (_, cat), (shown, n, own) in sorted(counts.items(), key=lambda kv: (-kv[1][1], kv[0]))]


def last_word(name: str) -> str:
    words = WORD_RE.findall(name)
    return words[-1].lower() if words else name.lower()


def _canonical_names(names: list[str]) -> dict[str, str]:
    """Map a surname, bare or after titles ("Noem", "Secretary Noem"), and a full name after titles
    ("DHS Secretary Kristi Noem"), to the one full name in the article ending with it ("Kristi
    Noem"). Nothing else is
    merged: with two such names ("Donald Trump", "Melania Trump") the surname stays apart, and a long
    description ending with a name ("a lawyer for Mr. Clarke") is not it."""
    bare = {n: without_titles(n) for n in names if not n.endswith("(unresolved)")}
    longer: dict[str, set[str]] = {}
    for n, b in bare.items():
        if len(WORD_RE.findall(b)) > 1:
            longer.setdefault(last_word(b), set()).add(b)
    canon = {}
    for n in names:
        b = bare.get(n, n)
        full = longer.get(last_word(b), set())
        short = n in bare and len(WORD_RE.findall(b)) == 1 and len(WORD_RE.findall(n)) <= 3
        titled = n in bare and b != n and b in full          # "DHS Secretary Kristi Noem": her name
        canon[n] = next(iter(full)) if (short or titled) and len(full) == 1 else n
    merged = Counter(canon.values())
    return {n: c if merged[c] > 1 else n for n, c in canon.items()}     # a name alone stays as written


def _source_name(a: dict) -> str | None:
    """Who an attribution credits: the person a pronoun or short name refers to when known, else the
    source's label (its name without the description; "he (unresolved)" for a pronoun no one was
    found for), else (records written before labels) the source as written."""
    if a.get("refers_to"):
        return " ".join(a["refers_to"]["text"].split())
    src = a.get("source")
    if not src:
        return None
    name = " ".join((a.get("label") or src)["text"].split())
    return f"{name} (unresolved)" if a.get("source_type") == "pronoun" else name


def _speaker_name(q: dict, by_source: dict) -> str | None:
    """A quote's speaker, resolved through the attribution whose source it is (pronoun -> person)."""
    if q.get("speaker_refers_to"):          # the speaker is a pronoun (or role) for this person
        return q["speaker_refers_to"]["text"]
    spk = q.get("speaker")
    if not spk:
        return None
    a = by_source.get((spk["start"], spk["end"]))
    return _source_name(a) if a else spk["text"]


def quoted_speakers(record: dict) -> list[dict]:
    """Who is quoted directly and how much: speaker, quotes, words quoted, share of the article's words.

    A quote without a speaker found is counted under "(speaker not found)". Short and long forms of
    one name in the article ("Noem", "Kristi Noem") count as one speaker; a pronoun counts for the
    person it refers to when the attribution says so.
    """
    spans = record.get("spans", {})
    atts = spans.get("attributions", [])
    by_source = {(a["source"]["start"], a["source"]["end"]): a for a in atts if a.get("source")}
    quotes = [q for q in spans.get("quotes", []) if q.get("kind") == "direct"]
    speaker = [_speaker_name(q, by_source) for q in quotes]
    canon = _canonical_names([n for n in speaker if n])     # among the speakers: "Noem" -> "Kristi Noem"
    agg: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for q, who in zip(quotes, speaker):
        who = canon[who] if who else NO_SPEAKER
        agg[who][0] += 1
        agg[who][1] += word_count(q["text"])
    words = record.get("words") or 0
    return [{"speaker": who, "quotes": n, "words": w, "share_of_article": round(w / words, 4) if words else 0.0}
            for who, (n, w) in sorted(agg.items(), key=lambda kv: (-kv[1][1], kv[0]))]


def sources(record: dict) -> list[dict]:
    """Who is attributed (directly or in paraphrase): source, type, attributions."""
    atts = record.get("spans", {}).get("attributions", [])
    canon = _canonical_names([n for n in (_source_name(a) for a in atts) if n])
    agg: Counter = Counter()
    types: dict[str, str] = {}
    for a in atts:
        n = _source_name(a)
        who = canon[n] if n else "(no source found)"
        agg[who] += 1
        if types.get(who) in (None, "pronoun"):      # a person's type, not that of a pronoun for them
            types[who] = a.get("source_type", "")
    return [{"source": who, "type": types[who], "attributions": n}
            for who, n in sorted(agg.items(), key=lambda kv: (-kv[1], kv[0]))]


def reporting_verbs(record: dict) -> list[dict]:
    """Reporting cues by base form: cue, kind (neutral/evaluative), count."""
    agg = Counter((a.get("cue_lemma") or a["cue"]["text"].lower(), a.get("cue_kind", ""))
                  for a in record.get("spans", {}).get("attributions", []))
    return [{"cue": c, "kind": k, "count": n} for (c, k), n in sorted(agg.items(), key=lambda kv: (-kv[1], kv[0]))]


def attribution_density(record: dict) -> dict:
    """Attributions per 100 words and per sentence, and the share of each source type."""
    atts = record.get("spans", {}).get("attributions", [])
    types = Counter(a.get("source_type", "unknown") for a in atts)
    return {"attributions": len(atts),
            "attributions_per_100_words": record["scores"]["attributions_per_100_words"],
            "attributions_per_sentence": record["scores"]["attributions_per_sentence"],
            "source_types": {t: round(n / len(atts), 4) for t, n in sorted(types.items())} if atts else {}}


def voice_groups(record: dict) -> list[dict]:
    """Who gets a voice: the sources by group, with their share of the quoted words
    (``analysis.voices.rows`` of ``breakdown.voices``); [] for a record written before the field."""
    return voice_rows(record.get("breakdown", {}).get("voices"))
