"""Scoring engines: the local and dask engines give the same records, in input order."""
import random
from pathlib import Path

import pytest

from analysis.run import engines
from analysis import score_file
from analysis.run.engines import EngineError, score_paths
from conftest import SEED_000, SEED_002


def make_corpus(folder: Path, n: int = 6, bad: bool = True) -> list[Path]:
    """A small generated corpus: articles made of the seeds' paragraphs in shuffled order.

    Article i takes seed 000's or 002's headline (alternately) and a shuffled selection of the
    paragraphs of both seeds; with ``bad`` it adds an empty, a binary and an undecodable file (bytes
    that are text in no encoding: a Latin-1 file is read, as Windows-1252).
    """
    folder.mkdir(parents=True, exist_ok=True)
    seeds = [p.read_text(encoding="utf-8").splitlines() for p in (SEED_000, SEED_002)]
    body = [ln for lines in seeds for ln in lines[1:] if ln.strip()]
    paths = []
    for i in range(n):
        rng = random.Random(i)
        paras = rng.sample(body, k=min(len(body), 4 + i))
        path = folder / f"gen_{i:02d}.txt"
        path.write_text("\n".join([seeds[i % 2][0], *paras]) + "\n", encoding="utf-8")
        paths.append(path)
    if bad:
        (folder / "bad_empty.txt").write_text("  \n\n", encoding="utf-8")
        (folder / "bad_binary.txt").write_bytes(b"\x00\x01\x02binary")
        (folder / "bad_undecodable.txt").write_bytes(bytes(range(1, 256)) * 4)
        paths += [folder / "bad_empty.txt", folder / "bad_binary.txt", folder / "bad_undecodable.txt"]
    return paths


def test_local_records_in_input_order_with_error_records(tmp_path):
    paths = [SEED_002, tmp_path / "missing.txt", SEED_000]
    recs = list(score_paths(paths))
    assert [r["id"] for r in recs] == ["002_67bdc76f17fffe89", "missing", "000_37c21532c00575da"]
    assert recs[0] == score_file(SEED_002) and recs[2] == score_file(SEED_000)
    assert set(recs[1]) == {"id", "path", "error"}
    assert recs[1]["path"] == str(tmp_path / "missing.txt")
    assert recs[1]["error"].startswith(f"{tmp_path / 'missing.txt'}: no such file")


def test_bad_articles_get_clear_error_records(tmp_path):
    paths = make_corpus(tmp_path, n=1)
    recs = {r["id"]: r for r in score_paths(paths)}
    assert "error" not in recs["gen_00"] and recs["gen_00"]["words"] > 0
    assert "empty or holds only whitespace" in recs["bad_empty"]["error"]
    assert "binary" in recs["bad_binary"]["error"]
    assert "not valid UTF-8" in recs["bad_undecodable"]["error"]
    assert all(r["error"].startswith(str(tmp_path)) for k, r in recs.items() if k.startswith("bad_"))


def test_unexpected_failure_names_the_file_and_run_goes_on(monkeypatch, tmp_path):
    import analysis

    def broken(path, threshold=None, progress=None, loaded_model=None):
        if "000_" in str(path):
            raise ValueError("boom")
        return {"id": Path(path).stem}
    monkeypatch.setattr(analysis, "score_file", broken)
    recs = list(score_paths([SEED_000, SEED_002]))
    assert recs[0] == {"id": "000_37c21532c00575da", "path": str(SEED_000),
                       "error": f"{SEED_000}: the analysis failed on this article (ValueError: boom); "
                                "please report it with the file"}
    assert recs[1] == {"id": "002_67bdc76f17fffe89"}


def test_local_processes_equal_one_process(tmp_path):
    paths = [SEED_000, SEED_002, *make_corpus(tmp_path)]
    one = list(score_paths(paths))
    assert len(one) == 11 and sum("error" in r for r in one) == 3
    assert list(score_paths(paths, jobs=2)) == one


def test_threshold_is_passed_through():
    assert list(score_paths([SEED_000], threshold=0.9)) == [score_file(SEED_000, threshold=0.9)]
    assert list(score_paths([SEED_000], threshold=0.9))[0]["loaded_threshold"] == 0.9


def test_dask_records_equal_local_records(tmp_path):
    pytest.importorskip("distributed")
    paths = [SEED_000, SEED_002, *make_corpus(tmp_path, n=8)]
    local = list(score_paths(paths))
    dask = list(score_paths(paths, engine="dask", jobs=2))
    assert len(dask) == 13
    assert dask == local
    assert [r["id"] for r in dask][:2] == ["000_37c21532c00575da", "002_67bdc76f17fffe89"]


def test_engine_errors_speak_to_the_user():
    with pytest.raises(EngineError, match="unknown engine 'spark'"):
        score_paths([SEED_000], engine="spark")
    with pytest.raises(EngineError, match="--scheduler goes with --engine dask"):
        score_paths([SEED_000], scheduler="tcp://x:1")


def test_unreachable_scheduler_is_a_clear_error(monkeypatch):
    pytest.importorskip("distributed")
    monkeypatch.setattr(engines, "CONNECT_TIMEOUT", "1s")
    with pytest.raises(EngineError, match="cannot reach the Dask scheduler at tcp://127.0.0.1:9"):
        list(score_paths([SEED_000], engine="dask", scheduler="tcp://127.0.0.1:9"))


def test_batches_spread_the_items_over_the_workers():
    assert engines.batch_size(103, 2) == 13          # ceil(103 / 8)
    assert engines.batch_size(1030, 2) == engines.MAX_BATCH == 20   # capped
    assert engines.batch_size(0, 2) == engines.batch_size(3, 2) == 1


def test_batch_gc_gives_the_same_records_and_puts_the_collector_back():
    """Scoring in a batch freezes what is alive and raises the collector's threshold (issue 15):
    the records are those of articles scored one by one, and the collector is as it was after."""
    import gc
    before = gc.get_threshold(), gc.get_freeze_count()
    alone = [score_file(p) for p in (SEED_000, SEED_002)]
    assert engines.score_batch([SEED_000, SEED_002]) == alone
    assert list(score_paths([SEED_000, SEED_002])) == alone
    assert (gc.get_threshold(), gc.get_freeze_count()) == before
