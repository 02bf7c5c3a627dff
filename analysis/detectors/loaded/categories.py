"""Naming a loaded-language span: its category (the curated category of a word in it, else
charged negative/positive/charged after the strongest word's lexicon polarity) and the signals
a reader can check (lexicon entries, VADER and TextBlob values, learned weight, place, growth).
"""
from __future__ import annotations

from .lexicon import vocab_key
from .model import Model

# Category of a span whose words are in no curated list (the model found it charged from the
# sentiment lexicons and what it learned): named after the strongest signal.
CHARGED_NEGATIVE = "charged (negative)"
CHARGED_POSITIVE = "charged (positive)"
CHARGED = "charged"


def category_and_signals(tokens, lo, hi, k, conf, model: Model, grown, ext,
                         joined=()) -> tuple[str, tuple[str, ...]]:
    """The category and the signals of the span ``tokens[lo:hi]`` seeded by ``tokens[k]`` (probability
    ``conf``), grown over ``grown``, extended to the noun ``ext`` and to the ``joined`` words."""
    core = tokens[k]
    signals: list[str] = []
    category = ""
    for j in [k] + [j for j in range(lo, hi) if j != k]:
        t = tokens[j]
        if t.mwe:
            words = " ".join(x.text for x in tokens[t.mwe[0]:t.mwe[1]])
            s = f"lexicon: {t.mwe[2]} (expression '{words}')"
            category = category or t.mwe[2]
        elif t.info.category:
            s = f"lexicon: {t.info.category} ('{t.text}')"
            category = category or t.info.category
        else:
            continue
        if s not in signals:
            signals.append(s)
    wi = core.info
    if wi.vader:
        signals.append(f"VADER intensity {wi.vader:+.1f} ('{core.text}')")
    if wi.in_pattern and (wi.subjectivity or wi.polarity):
        signals.append(f"TextBlob subjectivity {wi.subjectivity:.1f}, polarity {wi.polarity:+.1f} ('{core.text}')")
    if wi.in_pattern and wi.intensity > 1:
        signals.append(f"TextBlob intensifier ('{core.text}', x{wi.intensity:.1f})")
    lw = model.vocab.get(vocab_key(core.lower), 0.0)
    if lw >= 0.3:
        signals.append(f"learned from PTC: '{core.lower}' {lw:+.1f}")
    f = core.all_features()
    for name, words in (("scare_quote", "in scare quotes"), ("headline", "in the headline"),
                        ("exclamation", "in an exclamation"), ("all_caps", "written in capitals")):
        if name in f and model.weights.get(name, 0) > 0:
            signals.append(words)
    if grown:
        signals.append(f"phrase extended from '{core.text}' over charged neighbours: " + ", ".join(f"'{w}'" for w in grown))
    if ext:
        signals.append(f"phrase extended from '{tokens[k].text}' to the noun it modifies: " + " ".join(ext))
    if joined:
        signals.append(f"phrase extended from '{tokens[k].text}' to the words that usually go with it: "
                       + ", ".join(f"'{w}'" for w in joined))
    signals.append(f"model probability {conf:.2f}")
    if not category:
        category = (CHARGED_NEGATIVE if wi.vader < 0 or wi.polarity < 0 else
                    CHARGED_POSITIVE if wi.vader > 0 or wi.polarity > 0 else CHARGED)
    return category, tuple(signals)
