"""The project's notebooks: where they are, the parameters the report notebook takes, and where a
relative path a user gives is found (the one path resolver).

The folder ``notebooks/`` is installed as the package ``analysis._notebooks`` (``pyproject.toml``
maps it), so it is found through ``importlib.resources`` wherever the project is installed: in a
clone with ``pip install -e .`` it is the repository's ``notebooks/``, from a wheel the copy in
``site-packages/analysis/_notebooks/``.

Read both inside the report's kernel (checking the parameters papermill injected) and outside it
(rendering reports), so this module imports nothing of the analysis.
"""
from __future__ import annotations

import ast
import hashlib
import json
import os
from functools import lru_cache
from importlib import resources
from pathlib import Path

from . import _notebooks

NOTEBOOKS = Path(resources.files(_notebooks))
NOTEBOOK = NOTEBOOKS / "article_report.ipynb"
VALIDATION_NOTEBOOK = NOTEBOOKS / "validation.ipynb"
COMPARISON_NOTEBOOK = NOTEBOOKS / "corpus_comparison.ipynb"
# The repository's root when the project runs from a clone (its notebooks are the repository's
# folder notebooks/, beside pyproject.toml); None when it is installed from a wheel.
REPOSITORY = NOTEBOOKS.parent if (NOTEBOOKS.parent / "pyproject.toml").is_file() else None


def from_repository(path) -> Path | None:
    """Where a relative path that is not found from the current folder is found from the
    repository's root (in a clone: papermill may run a notebook with ``notebooks/`` as current
    folder, and ``seeds`` or ``../shared/data`` are the repository's); None otherwise, and always
    for an installed package, whose relative paths are the current folder's only."""
    p = Path(os.fspath(path)).expanduser()
    if p.is_absolute() or p.exists() or REPOSITORY is None:
        return None
    candidate = REPOSITORY / p
    return candidate if candidate.exists() else None


def _parameters_cell() -> str:
    nb = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    return next(("".join(c["source"]) for c in nb["cells"] if "parameters" in c.get("metadata", {}).get("tags", [])), "")


@lru_cache(maxsize=1)
def _parameters_cell_names() -> frozenset:
    """Every name the parameters cell binds: the parameters and what it imports (DEFAULT_THRESHOLD)."""
    names = set()
    for node in ast.walk(ast.parse(_parameters_cell())):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
        elif isinstance(node, ast.alias):
            names.add((node.asname or node.name).split(".")[0])
    return frozenset(names)


@lru_cache(maxsize=1)
def notebook_defaults() -> dict:
    """The parameters cell's values of the report notebook (the cell is run: imports and assignments)."""
    source = _parameters_cell()
    names = []
    for node in ast.parse(source).body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            names.append(node.targets[0].id)
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.append(node.target.id)
    namespace: dict = {}
    exec(compile(source, f"{NOTEBOOK} (parameters cell)", "exec"), namespace)
    return {n: namespace[n] for n in names}


@lru_cache(maxsize=1)
def notebook_sha256() -> str:
    return hashlib.sha256(NOTEBOOK.read_bytes()).hexdigest()

