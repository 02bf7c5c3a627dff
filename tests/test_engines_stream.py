"""Flat memory with corpus size (issue 15): the engines read their items as they score them, a
bounded window ahead, and give the records in input order; ``framing score`` writes each record
as it comes, to a temporary file that replaces the output at the end. Behaviour, not timings:
what is read ahead is counted, never timed (benchmarks/bench_memory.py measures the memory)."""
from concurrent.futures import Future

from analysis.cli import _write_records
from analysis.run import engines
from analysis.run.engines import in_order, score_paths
from analysis.text.reading import ArticleError, RawArticle

TEXTS = ('Ruiz said, "the plan works."', "The council met on Tuesday.", 'Lee called it "a disgrace".')


def _counted(items, pulled: list):
    """``items``, noting each one as it is taken."""
    for item in items:
        pulled.append(item)
        yield item


def _leads(records, pulled: list) -> list[int]:
    """For each record given: how many items had been taken and not yet given back as records."""
    leads = []
    for k, _ in enumerate(records, start=1):
        leads.append(len(pulled) - k)
    return leads


def _done(records) -> Future:
    f = Future()
    f.set_result(records)
    return f


def test_a_window_of_batches_in_flight_and_records_in_input_order():
    items = [ArticleError(f"bad{k}.txt", "cannot be read") if k % 7 == 3 else f"a{k}.txt" for k in range(100)]
    pulled, sent = [], []

    def submit(batch):
        assert not any(isinstance(i, ArticleError) for i in batch)     # errors never go to a worker
        sent.append(batch)
        return _done([{"path": p} for p in batch])

    records = list(in_order(_counted(items, pulled), submit, size=3, window=2))
    assert [r["path"] for r in records] == [getattr(i, "path", i) for i in items]
    assert all("error" in r for r in records[3::7]) and all(len(b) <= 3 for b in sent)
    pulled.clear()
    leads = _leads(in_order(_counted(items, pulled), submit, size=3, window=2), pulled)
    assert max(leads) <= 3 * 2                # never more than size * window items read ahead
    assert max(leads) > 3                     # but more than one batch: the workers are kept busy


def _articles(n: int):
    for k in range(n):
        text = f"{TEXTS[k % 3]} Item {k}."
        yield RawArticle(path=f"a{k}.txt", id=f"a{k}", text=text, sha256="", kind="stdin")


def test_one_process_scores_one_item_at_a_time_and_processes_a_bounded_window():
    n = 200
    ids = [f"a{k}" for k in range(n)]
    pulled: list = []
    one = []
    for lead in _leads((one.append(r) for r in score_paths(_counted(_articles(n), pulled), ids=ids)), pulled):
        assert lead <= 1
    assert [r["id"] for r in one] == ids
    pulled.clear()
    two = []
    size, window = engines.batch_size(n, 2), engines.WINDOW * 2
    assert size * window < n                  # the window is smaller than the corpus
    for lead in _leads((two.append(r) for r in score_paths(_counted(_articles(n), pulled), ids=ids, jobs=2)), pulled):
        assert lead <= size * window
    assert two == one


def test_records_go_to_a_temporary_file_that_replaces_the_output_at_the_end(tmp_path):
    out = tmp_path / "scores.jsonl"
    out.write_text("old\n", encoding="utf-8")
    seen = []

    def records():
        for k in range(3):
            # while the run writes, the output is still the old one, and a temporary file is beside it
            seen.append((out.read_text(encoding="utf-8"), sorted(p.name for p in tmp_path.iterdir())))
            yield {"id": f"a{k}", "error": "x"} if k == 1 else {"id": f"a{k}"}

    failed, kept = _write_records(records(), str(out), keep=False)
    assert (failed, kept) == (1, [])
    assert [text for text, _ in seen] == ["old\n"] * 3
    assert all(len(names) == 2 and names[0].startswith(".scores.jsonl.tmp-") for _, names in seen)
    assert out.read_text(encoding="utf-8").splitlines() == ['{"id": "a0"}', '{"id": "a1", "error": "x"}',
                                                            '{"id": "a2"}']
    assert [p.name for p in tmp_path.iterdir()] == ["scores.jsonl"]
