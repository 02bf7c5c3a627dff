"""Reference percentiles: where a score stands among the PolNeAR train articles."""
import importlib.util
import json

import pytest

from analysis import reference
from analysis.reference import describe, ordinal, percentile_of, percentiles
from analysis.scores import SCORE_NAMES
from conftest import POLNEAR, ROOT, needs


def _build_module():
    spec = importlib.util.spec_from_file_location("build_reference", ROOT / "scripts" / "build_reference.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


# A hand-made sample of 5 values: 0, 0, 1, 2, 4. Its percentiles by linear interpolation:
# position h = 4 * p / 100, so p=25 -> 0, p=50 -> 1, p=75 -> 2, p=100 -> 4, p=60 -> 1.4.
SAMPLE = [0, 0, 1, 2, 4]


def test_quantile_by_hand():
    build = _build_module()
    assert build.quantile(SAMPLE, 0) == 0
    assert build.quantile(SAMPLE, 25) == 0
    assert build.quantile(SAMPLE, 50) == 1
    assert build.quantile(SAMPLE, 60) == pytest.approx(1.4)
    assert build.quantile(SAMPLE, 87.5) == pytest.approx(3.0)
    assert build.quantile(SAMPLE, 100) == 4


def test_percentile_of_by_hand():
    build = _build_module()
    q = [build.quantile(SAMPLE, p) for p in range(101)]
    # Below the smallest and above the largest value.
    assert percentile_of(-1, q) == 0
    assert percentile_of(5, q) == 100
    # The value 1 is the median.
    assert percentile_of(1, q) == 50
    # 3 lies halfway between 2 (75th) and 4 (100th): 87.5th.
    assert percentile_of(3, q) == 87.5
    # 0 is shared by the 0th..25th percentiles: ties averaged -> 12.5.
    assert percentile_of(0, q) == 12.5
    # A value every article shares stands in the middle.
    assert percentile_of(0, [0.0] * 101) == 50


def test_ordinals_and_description(monkeypatch):
    assert [ordinal(n) for n in (1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 84, 100, 101, 111)] == [
        "1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "23rd", "84th", "100th",
        "101st", "111th"]
    fake = {"count": 840, "scores": {"quote_share": {"count": 840, "percentiles": [i / 100 for i in range(101)]}}}
    monkeypatch.setattr(reference, "reference", lambda: fake)
    assert describe("quote_share", 84.3) == "84th percentile of 840 news articles"
    assert describe("quote_share", None) == "no reference figure"
    # 0.27 sits at the 27th percentile of a uniform 0..1 reference; unknown scores give None.
    pct = percentiles({"quote_share": 0.27, "loaded_language_per_100_words": 3.0})
    assert pct == {"loaded_language_per_100_words": None, "attributions_per_100_words": None,
                   "attributions_per_sentence": None, "quote_share": 27.0}
    assert percentiles({"quote_share": None})["quote_share"] is None
    assert percentiles({"id": "x", "scores": {"quote_share": 0.5}})["quote_share"] == 50.0   # a whole record


def test_shipped_figures_are_aggregates_of_840_articles():
    path = ROOT / "analysis" / "data" / "reference_percentiles.json"
    ref = json.loads(path.read_text(encoding="utf-8"))
    assert ref["count"] == 840 and ref["failed"] == 0
    assert set(ref["scores"]) == set(SCORE_NAMES)
    for name, fig in ref["scores"].items():
        p = fig["percentiles"]
        assert fig["count"] == 840
        assert len(p) == 101 and p == sorted(p), name
    # Aggregates only: no article text, ids or paths in the shipped file.
    text = path.read_text(encoding="utf-8")
    assert "breitbart_" not in text and ".txt" not in text
    # Every score gets a percentile between 0 and 100.
    got = percentiles({name: ref["scores"][name]["percentiles"][50] for name in SCORE_NAMES})
    assert all(0 <= v <= 100 for v in got.values())


@needs(POLNEAR)
def test_shipped_figures_match_current_detectors():
    """The shipped figures were built by the current scorer: rescoring every 40th article gives the same digest."""
    from analysis import __version__, score_file
    build = _build_module()
    ref = json.loads((ROOT / "analysis" / "data" / "reference_percentiles.json").read_text(encoding="utf-8"))
    assert build.DEFAULT_SOURCE == POLNEAR / "train" / "text"
    paths = sorted(build.DEFAULT_SOURCE.glob("*.txt"))[:: ref["check"]["every"]]
    assert len(paths) == 21
    digest = build.scores_digest([score_file(p) for p in paths])
    assert ref["version"] == __version__ and digest == ref["check"]["scores_sha256"], (
        "analysis/data/reference_percentiles.json is stale (the detectors changed since it was built): "
        "rebuild it with `.venv/bin/python scripts/build_reference.py`")
