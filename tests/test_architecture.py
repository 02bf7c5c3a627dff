"""The library's shape, guarded (docs/architecture.md describes it).

- No import cycle anywhere in ``analysis/``: every module's imports are read with ``ast`` (those
  inside functions too, relative ones resolved; not those under ``if TYPE_CHECKING:``, which never
  run), and a cycle is named module by module.
- Data flows one way: what reads the article (``text``, ``lexicons``) and the detectors import
  nothing of what consumes their results (the pipeline, scores, record, views, run, corpus).
- No module over 500 lines unless its docstring says why (a line "Longer than 500 lines because …").
"""
from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "analysis"
MAX_LINES = 500
REASON = "Longer than 500 lines because"


def _modules() -> dict[str, Path]:
    """Every module of the library by its dotted name (a package by its ``__init__.py``); the folder
    notebooks/ is the package analysis._notebooks (pyproject.toml maps it)."""
    out = {"analysis._notebooks": ROOT / "notebooks" / "__init__.py"}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(ROOT).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        out[".".join(parts)] = path
    return out


def _runtime_nodes(tree: ast.AST):
    """Every node of ``tree`` except what stands under ``if TYPE_CHECKING:`` (its ``else`` is kept)."""
    todo = [tree]
    while todo:
        node = todo.pop()
        yield node
        if isinstance(node, ast.If) and "TYPE_CHECKING" in {getattr(node.test, "id", None), getattr(node.test, "attr", None)}:
            todo.extend(node.orelse)
        else:
            todo.extend(ast.iter_child_nodes(node))


def _imports(name: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """The library's modules that module ``name`` imports, wherever in it the import stands."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in _runtime_nodes(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[:len(base) - (node.level - 1)]
                source = ".".join(base + ([node.module] if node.module else []))
            else:
                source = node.module
            # ``from X import y`` imports the module X.y when there is one, else the name y of X
            targets = [f"{source}.{a.name}" if f"{source}.{a.name}" in modules else source for a in node.names]
        else:
            continue
        for target in targets:
            while target and target not in modules:          # ``import analysis.x.f`` names a function f
                target = target.rpartition(".")[0]
            if target and target != name:
                found.add(target)
    return found


def import_graph() -> dict[str, set[str]]:
    modules = _modules()
    return {name: _imports(name, path, modules) for name, path in modules.items()}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One cycle through each strongly connected group of modules (Tarjan), as a path back to its start."""
    index, low, stack, on_stack, groups = {}, {}, [], set(), []

    def visit(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = set()
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.add(w)
                if w == v:
                    break
            if len(group) > 1:
                groups.append(group)

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return [_cycle_in(graph, group) for group in groups]


def _cycle_in(graph, group: set[str]) -> list[str]:
    """A shortest path from the group's first module back to itself, inside the group."""
    start = min(group)
    paths = {start: [start]}
    frontier = [start]
    while frontier:
        nxt = []
        for v in frontier:
            for w in sorted(graph[v] & group):
                if w == start:
                    return paths[v] + [start]
                if w not in paths:
                    paths[w] = paths[v] + [w]
                    nxt.append(w)
        frontier = nxt
    raise AssertionError(f"no cycle in {group}")


def test_the_import_graph_is_read():
    graph = import_graph()
    assert "analysis.pipeline" in graph and "analysis.cli" in graph
    assert "analysis.pipeline" in graph["analysis"]                       # analysis/__init__.py
    assert "analysis.notebooks" in graph["analysis.run.notebooks"]        # a relative import, two dots
    assert "analysis.run.render" in graph["analysis.cli"]                 # an import inside a function
    assert "analysis._notebooks" in graph["analysis.notebooks"]           # the folder notebooks/
    assert "analysis.pipeline" not in graph["analysis.scores"]            # only under TYPE_CHECKING


def test_cycles_are_found_and_named():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a", "d"}, "d": set(), "e": {"e2"}, "e2": {"e"}}
    assert cycles(graph) == [["a", "b", "c", "a"], ["e", "e2", "e"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_no_import_cycle():
    found = cycles(import_graph())
    assert not found, "import cycles in analysis/ (each module imports the next):\n" + "\n".join(
        "  " + " -> ".join(c) for c in found)


CONSUMERS = ("analysis.pipeline", "analysis.scores", "analysis.record", "analysis.notebook_record",
             "analysis.views", "analysis.run", "analysis.corpus", "analysis.cli")
NOT_IMPORTING = {"analysis.text": ("analysis.detectors",) + CONSUMERS,
                 "analysis.lexicons": ("analysis.detectors",) + CONSUMERS,
                 "analysis.detectors": CONSUMERS}


def _within(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


def test_data_flows_one_way():
    wrong = [f"{m} imports {t}" for m, targets in sorted(import_graph().items()) for t in sorted(targets)
             for layer, forbidden in NOT_IMPORTING.items()
             if _within(m, layer) and any(_within(t, f) for f in forbidden)]
    assert not wrong, "imports against the data flow (docs/architecture.md):\n  " + "\n  ".join(wrong)


def test_no_long_module_without_a_reason():
    long = []
    for name, path in _modules().items():
        source = path.read_text(encoding="utf-8")
        lines = source.count("\n")
        if lines > MAX_LINES and REASON not in (ast.get_docstring(ast.parse(source)) or ""):
            long.append(f"{path.relative_to(ROOT)}: {lines} lines")
    assert not long, (f"modules over {MAX_LINES} lines without a reason at their top (say it in the docstring: "
                      f"'{REASON} …'), or split them:\n  " + "\n  ".join(long))
