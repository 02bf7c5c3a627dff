from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SEED_000 = SEEDS / "000_37c21532c00575da.txt"
SEED_002 = SEEDS / "002_67bdc76f17fffe89.txt"
# Gold data lives beside the project (never copied into it); FRAMING_SHARED overrides where.
SHARED = Path(os.environ.get("FRAMING_SHARED", ROOT.parent / "shared"))
POLNEAR = SHARED / "data" / "polnear"
PTC = SHARED / "data" / "ptc"


def needs(path: Path):
    """Skip, saying why, when gold data is absent (a user's fresh clone has none)."""
    return pytest.mark.skipif(not path.exists(), reason=f"gold data not found at {path} "
                              "(it is kept outside the project; set FRAMING_SHARED to its folder)")


def attribution_of(text: str, cue: str):
    """The first attribution of ``text`` whose cue is ``cue`` (the detector alone)."""
    from analysis.detectors.attribution import find_attributions
    from analysis.text.document import make_document
    found = [a for a in find_attributions(make_document(text)) if a.cue.text == cue]
    assert found, f"no attribution with the cue {cue!r}"
    return found[0]


def source_of(text: str, cue: str) -> str | None:
    """The source text of the attribution whose cue is ``cue`` in ``text``."""
    a = attribution_of(text, cue)
    return a.source.text if a.source else None


def speakers_of(text: str) -> list[tuple[str, str | None]]:
    """(first words of the quotation, its speaker as written) for every direct quotation of ``text``."""
    from analysis.pipeline import analyze
    from analysis.text.document import make_document
    return [(q.span.text.strip("“”\"")[:12], q.speaker.text if q.speaker is not None else None)
            for q in analyze(make_document(text)).quotes if q.kind == "direct"]
