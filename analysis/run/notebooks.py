"""Running the project's notebooks with papermill: the parameters of a run, what a report depends
on (its fingerprint), a quiet kernel on this interpreter, and an executed notebook that is the same
bytes on every rerun."""
from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

from ..version import __version__
from ..notebooks import NOTEBOOK, notebook_defaults, notebook_sha256
from ..views.report import check_model, check_threshold
from .atomic import atomic_path


CELL_TIMEOUT = 600   # seconds a notebook cell may run before the article is reported as failed


ARTICLE_PARAMETERS = ("article_path", "article_row")   # which article: given per report, not per run


def effective_parameters(parameters: dict | None) -> dict:
    """The notebook's defaults overridden by ``parameters`` (the article's, ``ARTICLE_PARAMETERS``,
    excluded). They are the report's fingerprint's ``parameters``, so a rerun with another
    ``loaded_model``, ``loaded_threshold`` or ``columns`` redoes the report."""
    defaults = {k: v for k, v in notebook_defaults().items() if k not in ARTICLE_PARAMETERS}
    given = {k: v for k, v in (parameters or {}).items() if k not in ARTICLE_PARAMETERS}
    unknown = sorted(set(given) - set(defaults))
    if unknown:
        raise ValueError(f"unknown report parameter(s): {', '.join(unknown)} "
                         f"(the report notebook takes: {', '.join(sorted(defaults))})")
    # a bad value is refused before any work (an unknown model, or one that cannot run here, too)
    model = check_model(given.get("loaded_model", defaults.get("loaded_model")))
    if "loaded_threshold" in given:
        check_threshold(given["loaded_threshold"], model)
    return {**defaults, **given}


def file_sha256(path) -> str | None:
    """The sha256 of a file's bytes; None when it cannot be read."""
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError:
        return None


def fingerprint(sha256: str | None, params: dict, metadata: dict | None = None) -> dict:
    """What a report depends on: its input's sha256 (a file's, a corpus row's text's), and a corpus
    row's metadata; a report is up to date when its stamp holds the same."""
    return {"sha256": sha256, "parameters": params, "version": __version__, "notebook_sha256": notebook_sha256(),
            **({"metadata": metadata} if metadata else {})}


def _failure_reason(exc: BaseException) -> str:
    ename, evalue = getattr(exc, "ename", None), getattr(exc, "evalue", None)
    if ename is not None:
        if ename in ("ArticleError", "RowError", "ColumnError", "ParameterError"):
            return str(evalue)
        where = f" (notebook cell [{exc.exec_count}])" if getattr(exc, "exec_count", None) else ""
        return f"{ename}: {evalue}{where}"
    first = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {first[0] if first else ''}".rstrip(": ")


def _failed_notebook(reason: str) -> str:
    """A stand-in notebook for a run that failed before papermill wrote one (e.g. no kernel)."""
    import nbformat
    nb = nbformat.read(str(NOTEBOOK), as_version=4)
    nb.cells.insert(0, nbformat.v4.new_markdown_cell(f"**The report could not be run:** {reason}"))
    return nbformat.writes(nb)


def _kernel_manager_class(log):
    """A kernel manager for report runs.

    - The kernel runs on this interpreter (the project's environment), even when a user-level
      "python3" kernelspec (``ipykernel install --user``) points at another Python without the
      project installed.
    - Its stderr goes to ``log``, not the terminal: ipykernel logs a transport warning at start and
      an interrupt at shutdown, which would break the progress bar.
    """
    from jupyter_client.manager import AsyncKernelManager

    class QuietKernelManager(AsyncKernelManager):
        async def _async_launch_kernel(self, kernel_cmd, **kw):
            if len(kernel_cmd) > 2 and kernel_cmd[1:3] == ["-m", "ipykernel_launcher"]:
                kernel_cmd = [sys.executable, *kernel_cmd[1:]]
            kw["stderr"] = log
            return await super()._async_launch_kernel(kernel_cmd, **kw)

    return QuietKernelManager


def _last_line(log, start: int = 0) -> str:
    log.seek(start)
    lines = [ln.strip() for ln in log.read().decode("utf-8", "replace").splitlines()
             if ln.strip() and "without encryption" not in ln and "KeyboardInterrupt caught" not in ln]
    return lines[-1] if lines else ""


def _execute(nb_params: dict, ipynb: Path, notebook: Path = NOTEBOOK, kernel=None):
    """Run ``notebook`` into ``ipynb`` (written whole, also when the run fails). Returns (nb, error).
    ``kernel``: a ``kernels.WarmKernel`` to run it on (a batch), else a kernel of its own (cold).
    The notebook is written once, as ``_make_reproducible`` leaves it, and ``nb`` is what was written
    (a warm run's is kept in memory; a cold run's, or a failed one's, is read once from papermill's file)."""
    import contextlib
    import tempfile

    import nbformat
    error = nb = None
    with contextlib.ExitStack() as stack:
        tmp = stack.enter_context(atomic_path(ipynb, suffix=".ipynb"))
        if kernel is None:
            log, start = stack.enter_context(tempfile.TemporaryFile()), 0
        else:
            log, start = kernel.log, kernel.log_position()
        try:
            if kernel is None:
                import papermill as pm
                pm.execute_notebook(str(notebook), str(tmp), parameters=nb_params, progress_bar=False,
                                    request_save_on_cell_execute=False, log_output=False,
                                    execution_timeout=CELL_TIMEOUT,
                                    # every output is in when the last cell is done: stop the kernel
                                    # at once, not by a shutdown request polled for 0.1-0.5 s
                                    shutdown_kernel="immediate",
                                    kernel_manager_class=_kernel_manager_class(log))
            else:
                nb = kernel.execute_notebook(str(notebook), str(tmp), nb_params, execution_timeout=CELL_TIMEOUT)
        except Exception as e:  # the notebook's error (PapermillExecutionError) or a kernel failure
            error = e
            if getattr(e, "ename", None) is None:
                detail = _last_line(log, start)
                if detail:
                    e.args = (f"{e} (kernel: {detail})",) if e.args else (f"kernel: {detail}",)
            if not tmp.exists():
                tmp.write_text(_failed_notebook(_failure_reason(e)), encoding="utf-8")
        if nb is None:
            nb = nbformat.read(str(tmp), as_version=4)
        _make_reproducible(nb, notebook, ipynb)
        nbformat.write(nb, str(tmp))
    return nb, error


def _make_reproducible(nb, notebook: Path, final: Path) -> None:
    """Change the executed notebook ``nb`` (in place) so that identical runs give identical bytes.

    Papermill records the paths it was given (``input_path`` is kept as the notebook given,
    ``output_path`` becomes the final file, not the temporary one written first) and the time of
    each run: its start, end and duration (set to None, papermill's "not recorded") and the kernel's
    per-cell ``execution`` timestamps (dropped). The cells papermill adds (the injected parameters,
    the error notes of a failed run) get an id from their place instead of a random one.
    """
    untimed = {"start_time": None, "end_time": None, "duration": None}
    if "papermill" in nb.metadata:
        nb.metadata.papermill.update(input_path=str(notebook), output_path=str(final), **untimed)
    given_ids = {c.get("id") for c in json.loads(notebook.read_text(encoding="utf-8"))["cells"]}
    for i, cell in enumerate(nb.cells):
        cell.metadata.pop("execution", None)
        if "papermill" in cell.metadata:
            cell.metadata.papermill.update(untimed)
        if cell.get("id") not in given_ids:
            cell.id = f"papermill-{i}"

