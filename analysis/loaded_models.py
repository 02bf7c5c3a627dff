"""Which loaded-language model produced each record, and the rule that records of different
models are not mixed without saying so.

Every record names its model (``loaded_model``, docs/scores-format.md); a record written before
the field existed is of the default model (``detectors.loaded.DEFAULT_MODEL``). Loaded-language
spans and scores of different models are not comparable, so the corpus tools
(``analysis.corpus.load_records``) refuse a mix (``MixedModelsError``, naming the models and how
to proceed) unless the caller says it is deliberate (``allow_mixed=True``).
"""
from __future__ import annotations

from .detectors.loaded import DEFAULT_MODEL
from .errors import UserError


class MixedModelsError(UserError, ValueError):
    """Records of different loaded-language models, loaded without ``allow_mixed=True``."""


def loaded_model_of(record: dict) -> str:
    """The loaded-language model that produced a record (one without the field: the default model)."""
    return record.get("loaded_model") or DEFAULT_MODEL


def model_counts(records: list[dict]) -> dict[str, int]:
    """How many scored records (error records left out) each loaded-language model produced."""
    counts: dict[str, int] = {}
    for r in records:
        if "error" not in r:
            counts[loaded_model_of(r)] = counts.get(loaded_model_of(r), 0) + 1
    return dict(sorted(counts.items()))


def check_one_model(records: list[dict], allow_mixed: bool = False, source=None) -> list[dict]:
    """``records`` unchanged when they come from one loaded-language model, or when ``allow_mixed``;
    otherwise a MixedModelsError naming the models and what to do."""
    counts = model_counts(records)
    if len(counts) > 1 and not allow_mixed:
        found = ", ".join(f"{m} ({n} record{'s' if n != 1 else ''})" for m, n in counts.items())
        raise MixedModelsError(
            f"{source or 'the records'}: the records come from different loaded-language models: {found}; their "
            "loaded-language scores are not comparable. Rescore the articles with one model (framing score/report "
            "... --loaded-model NAME), or load them with allow_mixed=True (the comparison notebook's "
            "allow_mixed_models = True) to compare them knowingly")
    return records


def pair_note(a: dict, b: dict) -> str:
    """A sentence when two records to compare come from different models, else ''."""
    ma, mb = loaded_model_of(a), loaded_model_of(b)
    return "" if ma == mb else (f"A was scored with the {ma} loaded-language model and B with {mb}: "
                                "their loaded-language figures are not comparable.")
