"""The project's notebooks: where they are, and the parameters the report notebook takes.

Read both inside the report's kernel (checking the parameters papermill injected) and outside it
(rendering reports), so this module imports nothing of the analysis.
"""
from __future__ import annotations

import ast
import hashlib
import json
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "notebooks" / "article_report.ipynb"
VALIDATION_NOTEBOOK = ROOT / "notebooks" / "validation.ipynb"


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

