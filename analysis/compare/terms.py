"""The terms that most distinguish a group of articles from the others: loaded terms, reporting
verbs (cue lemmas) and source types, counted from the records' spans.

The measure is the log-odds ratio with an informative Dirichlet prior of Monroe, Colaresi & Quinn
(2008, "Fightin' Words", Political Analysis 16(4)), the usual one for the words that set two corpora
apart. For a term w, counts y_w in the group's articles (n words in all) and y'_w in the others' (n'),
and prior counts a_w (a_0 in all):

    delta_w = log((y_w + a_w) / (n + a_0 - y_w - a_w)) - log((y'_w + a_w) / (n' + a_0 - y'_w - a_w))
    var_w  ~= 1 / (y_w + a_w) + 1 / (y'_w + a_w)        z_w = delta_w / sqrt(var_w)

The words of the articles are the vocabulary, as in the paper (n, n' are the groups' words), of which
only the terms of one kind are listed: a term stands out when the group uses it more often per word.
The prior is the whole corpus weighed as a tenth of it (``PRIOR_SHARE``: a_w = 0.1 (y_w + y'_w),
a_0 = 0.1 (n + n')): it shrinks a term seen once or twice towards the corpus's rate, so that a term
seen a few times needs a large imbalance to stand out, without hiding what the groups' own counts say
(at full weight, a_w = y_w + y'_w, it would about halve every z). |z| above about 1.96 is unlikely by chance alone
for one term (not corrected for the many terms looked at).
"""
from __future__ import annotations

import math
from collections import Counter

import pandas as pd

from ..summaries import loaded_terms, reporting_verbs
from .groups import group_labels


def loaded_counts(record: dict) -> Counter:
    """Loaded terms, lowercased, over every category."""
    out: Counter = Counter()
    for t in loaded_terms(record):
        out[t["term"].lower()] += t["count"]
    return out


def verb_counts(record: dict) -> Counter:
    """Reporting cues by base form ("say", "claim", "according to")."""
    out: Counter = Counter()
    for v in reporting_verbs(record):
        out[v["cue"]] += v["count"]
    return out


def source_type_counts(record: dict) -> Counter:
    """Attributions by the type of their source (named, role, organisation, anonymous, pronoun, ...)."""
    return Counter(a.get("source_type") or "unknown" for a in record.get("spans", {}).get("attributions", []))


KINDS = {"loaded terms": loaded_counts, "reporting verbs": verb_counts, "source types": source_type_counts}
COLUMNS = ["term", "count", "other_count", "log_odds", "z"]
PRIOR_SHARE = 0.1


def log_odds(counts: Counter, other: Counter, totals: tuple[int, int] | None = None,
             prior_share: float = PRIOR_SHARE) -> pd.DataFrame:
    """Every term of ``counts`` or ``other``: its counts, log-odds ratio and z-score (module docstring),
    with ``prior_share`` times the pooled counts as the prior; ``totals``: (n, n'), by default the sums
    of the counts. Sorted by z, the group's most distinctive first."""
    n, n_other = totals or (sum(counts.values()), sum(other.values()))
    a0 = prior_share * (n + n_other)
    rows = []
    for w in sorted(set(counts) | set(other)):
        y, y_other = counts[w], other[w]
        a = prior_share * (y + y_other)
        delta = math.log((y + a) / (n + a0 - y - a)) - math.log((y_other + a) / (n_other + a0 - y_other - a))
        rows.append({"term": w, "count": y, "other_count": y_other, "log_odds": delta,
                     "z": delta / math.sqrt(1 / (y + a) + 1 / (y_other + a))})
    out = pd.DataFrame(rows, columns=COLUMNS)
    return out.sort_values(["z", "term"], ascending=[False, True], ignore_index=True)


def distinguishing(records: list[dict], frame: pd.DataFrame, by: str, kind: str = "loaded terms",
                   top: int = 10) -> pd.DataFrame:
    """Per group (column ``by`` of ``frame``, ``corpus.frame(records)``): the ``top`` terms of ``kind``
    (a key of ``KINDS``) it uses most distinctively against all the others (positive z only)."""
    labels = group_labels(frame, by)
    count = KINDS[kind]
    per_group: dict[str, Counter] = {}
    words: Counter = Counter()
    for r in records:
        if r.get("id") in labels.index and "error" not in r:
            per_group.setdefault(labels[r["id"]], Counter()).update(count(r))
            words[labels[r["id"]]] += r.get("words") or 0
    everything = sum(per_group.values(), Counter())
    parts = []
    for g in sorted(per_group):
        table = log_odds(per_group[g], everything - per_group[g], (words[g], words.total() - words[g]))
        parts.append(table[(table["count"] > 0) & (table["z"] > 0)].head(top).assign(group=g))
    parts = [p for p in parts if not p.empty]
    return (pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=COLUMNS + ["group"]))[["group", *COLUMNS]]
