"""Warm kernels: one Jupyter kernel that renders many reports in turn (``framing report`` batches).

A cold run (``notebooks._execute`` without a kernel: ``papermill.execute_notebook``) starts a
kernel, imports the project and matplotlib, runs the notebook and stops the kernel, and most of a
report's time is that. A batch keeps one kernel per worker instead, and runs each article's
notebook on it with papermill's own pieces: ``parameterize_notebook`` (the injected-parameters
cell and ``metadata.papermill.parameters``), its execution manager (the run's and each cell's
papermill metadata) and its notebook client, as ``papermill.execute_notebook`` does. So the
executed notebook is an ordinary papermill output, the same bytes as a cold run's once
``notebooks._make_reproducible`` has taken the times out.

Before each article the kernel is reset, so nothing of one article reaches the next: IPython's
``reset(new_session=True)`` (the user namespace, ``In``/``Out``, ``_``, the execution count back
to 1), the warning filters and the record of warnings already shown (a warning shows again, as it
would in a new kernel), and the working folder, ``sys.path`` and the environment as they were when
the kernel started. What stays is what makes it warm: the imported modules and the caches that
hold no article (lexicons, models, fonts). A notebook that fails (the article's error) leaves the
kernel usable: the reset clears what it left. A kernel that died, or did not answer (a cell that
timed out is still running), is stopped; the next article gets a new one, and the article is
reported as failed, as in a cold run.
"""
from __future__ import annotations

import os
import tempfile

# Run in the kernel before every article (silent, not in the history). The first time it also
# notes the state a new kernel has, in a module of its own (the user namespace is what a reset clears).
_RESET = '''
def _framing_reset():
    import gc, os, sys, types, warnings
    state = sys.modules.get("_framing_warm_kernel")
    if state is None:
        state = sys.modules["_framing_warm_kernel"] = types.ModuleType("_framing_warm_kernel")
        state.filters, state.path, state.cwd = list(warnings.filters), list(sys.path), os.getcwd()
        state.environ = dict(os.environ)
    get_ipython().reset(new_session=True)      # (its gc.collect walks only what the last freeze left)
    gc.freeze()                                # what lives on (modules, lexicons, fonts) is not walked again
    warnings.simplefilter("default")           # any change to the filters voids every "already shown"
    warnings.filters[:] = state.filters
    os.chdir(state.cwd)
    sys.path[:] = state.path
    if dict(os.environ) != state.environ:
        os.environ.clear()
        os.environ.update(state.environ)
_framing_reset()
'''

RESET_TIMEOUT = 60      # seconds a reset may take before the kernel is taken for stuck and replaced
START_TIMEOUT = 60      # papermill's default start_timeout


class KernelLost(RuntimeError):
    """The kernel could not be reset (it died, or is stuck): the article's run is not attempted."""


class WarmKernel:
    """One kernel for many notebook runs; started on the first ``run``, replaced when it is lost.
    ``close()`` stops it (also a context manager)."""

    def __init__(self):
        self.log = tempfile.TemporaryFile()     # the kernel's stderr (notebooks._kernel_manager_class)
        self.km = None
        self.kc = None
        self.kernel_name = None
        self.runs = 0                           # notebooks run on the current kernel
        self.started = 0                        # kernels started

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # -- the kernel ---------------------------------------------------------------------------
    def _ensure(self, kernel_name: str) -> None:
        if self.km is not None and (self.kernel_name != kernel_name or not self._alive()):
            self.stop()
        if self.km is None:
            from .notebooks import _kernel_manager_class
            self.km = _kernel_manager_class(self.log)(kernel_name=kernel_name)
            self.kernel_name, self.runs = kernel_name, 0
            self.started += 1
            # the client starts the kernel (as papermill's does: its arguments, its wait) on the first run

    def _alive(self) -> bool:
        from jupyter_core.utils import run_sync
        try:
            return bool(self.km.has_kernel and run_sync(self.km.is_alive)())
        except Exception:
            return False

    def _reset(self) -> None:
        from jupyter_core.utils import run_sync
        try:
            reply = run_sync(self.kc.execute_interactive)(_RESET, silent=True, store_history=False,
                                                          allow_stdin=False, timeout=RESET_TIMEOUT,
                                                          output_hook=lambda msg: None)
        except Exception as e:     # TimeoutError: stuck; a dead kernel never answers either
            raise KernelLost(f"the kernel did not answer ({type(e).__name__})") from e
        if reply["content"].get("status") != "ok":
            raise KernelLost(f"the kernel could not be reset ({reply['content'].get('ename')})")

    def _ready(self, client, kernel_name: str) -> None:
        """Give ``client`` this kernel and its client, reset; a new kernel when there is none yet or
        the one there is cannot be reset (it died or hung between two articles: not their fault)."""
        if self.kc is not None:
            try:
                self._reset()
                client.kc = self.kc         # one client for every run on this kernel
                return
            except KernelLost:
                self.stop()
                self._ensure(kernel_name)
                client.km = self.km
        client.start_new_kernel()            # what the client's own setup does: its arguments, its wait
        self.kc = client.start_new_kernel_client()
        self._reset()

    def stop(self) -> None:
        """Stop the kernel now (its work is done or lost); the next ``run`` starts another."""
        from jupyter_core.utils import run_sync
        km, kc, self.km, self.kc = self.km, self.kc, None, None
        if kc is not None:
            try:
                kc.stop_channels()
            except Exception:
                pass
        if km is not None:
            try:
                if km.has_kernel:
                    run_sync(km.shutdown_kernel)(now=True)
            except Exception:
                pass
            try:
                run_sync(km.cleanup_resources)()
            except Exception:
                pass

    def close(self) -> None:
        self.stop()
        try:
            self.log.close()
        except Exception:
            pass

    def log_position(self) -> int:
        self.log.seek(0, os.SEEK_END)
        return self.log.tell()

    # -- a notebook run -----------------------------------------------------------------------
    def execute_notebook(self, input_path: str, output_path: str, parameters: dict, execution_timeout: int):
        """``papermill.execute_notebook(input_path, output_path, parameters, progress_bar=False,
        request_save_on_cell_execute=False, log_output=False, execution_timeout=...)`` on this
        kernel: the same notebook, returned on success (the caller writes it, once) and written to
        ``output_path`` on a cell's error (raising PapermillExecutionError then), as papermill does.
        Any other exception means the kernel is lost: it is stopped before the exception goes on."""
        from papermill.engines import NotebookExecutionManager, papermill_engines
        from papermill.clientwrap import PapermillNotebookClient
        from papermill.execute import prepare_notebook_metadata, raise_for_execution_errors, remove_error_markers
        from papermill.iorw import load_notebook_node
        from papermill.log import logger
        from papermill.parameterize import parameterize_notebook

        nb = load_notebook_node(input_path)
        if parameters:
            nb = parameterize_notebook(nb, parameters, False)
        nb = prepare_notebook_metadata(nb, input_path, output_path, False)
        nb = remove_error_markers(nb)
        kernel_name = papermill_engines.nb_kernel_name(engine_name=None, nb=nb, name=None)
        self._ensure(kernel_name)

        nb_man = NotebookExecutionManager(nb, output_path=None, progress_bar=False, log_output=False)
        nb_man.notebook_start()
        try:
            client = PapermillNotebookClient(nb_man, km=self.km, timeout=execution_timeout,
                                             startup_timeout=START_TIMEOUT, kernel_name=kernel_name,
                                             log=logger, log_output=False, stdout_file=None, stderr_file=None)
            try:
                self._ready(client, kernel_name)
                client.execute()
            except BaseException:
                self.stop()
                raise
        finally:
            nb_man.cleanup_pbar()
            nb_man.notebook_complete()
        self.runs += 1
        raise_for_execution_errors(nb_man.nb, output_path)
        return nb_man.nb
