"""Warm kernels (issue 15): one kernel renders many reports in turn, reset between them, and every
notebook is the one a new kernel gives (papermill's, the same bytes apart from the output path)."""
import json
import re

import nbformat
import pytest

from analysis.notebooks import NOTEBOOK
from analysis.run.kernels import WarmKernel
from analysis.run.notebooks import _execute, _failure_reason, effective_parameters
from analysis.run.render import render_reports
from conftest import SEED_000, SEED_002

PARAMS = effective_parameters(None)


def _bytes(path) -> bytes:
    """An executed notebook's bytes, its own path (papermill's output_path) taken out."""
    return path.read_bytes().replace(str(path).encode(), b"OUT")


def _unkernelled(path) -> bytes:
    """The same, the kernel's process id (in a warning's file name) taken out too."""
    return re.sub(rb"ipykernel_[0-9]+", b"ipykernel_PID", _bytes(path))


def _probe(tmp_path):
    """A notebook that shows what a kernel holds: the names defined, a warning (shown once per
    kernel unless the record of warnings shown is reset), the working folder, an environment
    variable; then it changes each of them."""
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [
        nbformat.v4.new_code_cell("die = False", metadata={"tags": ["parameters"]}),
        nbformat.v4.new_code_cell("import os\nif die:\n    os._exit(1)"),
        nbformat.v4.new_code_cell("import sys, warnings\n"
                                  "print(sorted(k for k in globals() if not k.startswith('_')))\n"
                                  "print(os.getcwd(), os.environ.get('FRAMING_LEAK'), len(sys.path))\n"
                                  "warnings.warn('shown every time', UserWarning)\n"
                                  "leak = 1\nos.environ['FRAMING_LEAK'] = '1'\nos.chdir('/')\nsys.path.append('/x')\n"
                                  "warnings.simplefilter('ignore')\nlen(In)"),
    ]
    for i, cell in enumerate(nb.cells):
        cell.id = f"probe-{i}"
    path = tmp_path / "probe.ipynb"
    nbformat.write(nb, str(path))
    return path


def test_a_then_b_then_a_on_one_kernel_gives_the_same_notebook_for_a(tmp_path):
    cold, _ = _execute({**PARAMS, "article_path": str(SEED_000)}, tmp_path / "cold.ipynb")
    with WarmKernel() as kernel:
        for name, art in (("a1", SEED_000), ("b", SEED_002), ("a2", SEED_000)):
            nb, error = _execute({**PARAMS, "article_path": str(art)}, tmp_path / f"{name}.ipynb", kernel=kernel)
            assert error is None
        assert kernel.started == 1 and kernel.runs == 3
    assert _bytes(tmp_path / "a1.ipynb") == _bytes(tmp_path / "a2.ipynb") == _bytes(tmp_path / "cold.ipynb")
    # the notebook a warm run gives back (kept in memory, not read again) is the one it wrote, and
    # a cold run's is the one written, too
    assert nb == nbformat.read(str(tmp_path / "a2.ipynb"), as_version=4)
    assert cold == nbformat.read(str(tmp_path / "cold.ipynb"), as_version=4)
    assert _bytes(tmp_path / "b.ipynb") != _bytes(tmp_path / "a1.ipynb")
    # an ordinary papermill output: its metadata, the parameters, the injected-parameters cell
    assert nb.metadata.papermill.parameters == {**PARAMS, "article_path": str(SEED_000)}
    assert nb.metadata.papermill.input_path == str(NOTEBOOK) and "default_parameters" in nb.metadata.papermill
    tags = [c.metadata.get("tags", []) for c in nb.cells]
    assert tags.index(["injected-parameters"]) == tags.index(["parameters"]) + 1
    counts = [c.execution_count for c in nb.cells if c.cell_type == "code"]
    assert counts == list(range(1, len(counts) + 1)) and counts == [c.execution_count for c in cold.cells
                                                                    if c.cell_type == "code"]


def test_nothing_of_one_run_reaches_the_next(tmp_path):
    probe = _probe(tmp_path)
    with WarmKernel() as kernel:
        for i in range(2):
            _, error = _execute({}, tmp_path / f"run{i}.ipynb", notebook=probe, kernel=kernel)
            assert error is None
        assert kernel.started == 1
    assert _bytes(tmp_path / "run0.ipynb") == _bytes(tmp_path / "run1.ipynb")
    outputs = nbformat.read(str(tmp_path / "run1.ipynb"), as_version=4).cells[-1].outputs
    text = "".join(o.get("text", "") for o in outputs if o.output_type == "stream")
    assert "leak" not in text.splitlines()[0] and "None" in text.splitlines()[1]
    assert "UserWarning: shown every time" in text
    assert outputs[-1].data["text/plain"] == "4"          # In[] holds this run's three cells only


def test_a_failed_article_leaves_the_kernel_clean_and_a_dead_kernel_is_replaced(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n", encoding="utf-8")
    probe = _probe(tmp_path)
    with WarmKernel() as kernel:
        _execute({}, tmp_path / "before.ipynb", notebook=probe, kernel=kernel)
        _, error = _execute({**PARAMS, "article_path": str(empty)}, tmp_path / "empty.ipynb", kernel=kernel)
        assert "is empty or holds only whitespace" in _failure_reason(error)
        _execute({}, tmp_path / "after-failure.ipynb", notebook=probe, kernel=kernel)
        assert kernel.started == 1                     # a notebook's error: the same kernel, reset
        _, error = _execute({"die": True}, tmp_path / "died.ipynb", notebook=probe, kernel=kernel)
        assert "DeadKernelError" in _failure_reason(error)
        nb, error = _execute({}, tmp_path / "after-death.ipynb", notebook=probe, kernel=kernel)
        assert error is None and kernel.started == 2    # a new kernel for the next
    assert _bytes(tmp_path / "before.ipynb") == _bytes(tmp_path / "after-failure.ipynb")
    assert _unkernelled(tmp_path / "before.ipynb") == _unkernelled(tmp_path / "after-death.ipynb")
    died = json.loads((tmp_path / "died.ipynb").read_text(encoding="utf-8"))     # as a cold run: the stand-in
    assert "The report could not be run:** DeadKernelError" in "".join(died["cells"][0]["source"])


@pytest.fixture(scope="module")
def cold_and_warm(tmp_path_factory):
    src = tmp_path_factory.mktemp("articles")
    for name, text in (("a.txt", SEED_000.read_text(encoding="utf-8")), ("b.txt", "  \n"),
                       ("c.txt", SEED_002.read_text(encoding="utf-8"))):
        (src / name).write_text(text, encoding="utf-8")
    inputs = sorted(src.iterdir())
    runs = {}
    for warm in (False, True):
        out = tmp_path_factory.mktemp("warm" if warm else "cold")
        runs[warm] = out, render_reports(inputs, out, jobs=1, progress=False, warm=warm)
    return inputs, runs


def test_a_warm_batch_writes_what_a_cold_one_does(cold_and_warm):
    inputs, runs = cold_and_warm
    (cold, cs), (warm, ws) = runs[False], runs[True]
    assert cs.done == ws.done == [inputs[0], inputs[2]] and cs.failed == ws.failed and len(ws.failed) == 1
    files = sorted(p.relative_to(cold) for p in cold.rglob("*") if p.is_file() and p.name != ".lock")
    assert files == sorted(p.relative_to(warm) for p in warm.rglob("*") if p.is_file() and p.name != ".lock")
    assert len(files) == 11        # a, c: notebook, page, record; b's notebook; 3 stamps; the index
    for f in files:
        assert (cold / f).read_bytes().replace(str(cold).encode(), b"OUT") == \
            (warm / f).read_bytes().replace(str(warm).encode(), b"OUT"), f
