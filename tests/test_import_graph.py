"""The import graph of src/: no module cycle, and language tools below everything using them.

Every import counts, also those inside functions and under ``TYPE_CHECKING``: a lazy import that
closes a loop is still a loop in the design.
"""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"


def _modules() -> dict[str, Path]:
    found: dict[str, Path] = {}
    for path in SRC.rglob("*.py"):
        parts = list(path.relative_to(SRC).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def _graph() -> dict[str, set[str]]:
    """Module -> the modules of ours it imports (``from pkg import mod`` names ``pkg.mod``)."""
    modules = _modules()
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        deps: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                deps |= {node.module} & modules.keys()
                deps |= {f"{node.module}.{a.name}" for a in node.names} & modules.keys()
            elif isinstance(node, ast.Import):
                deps |= {a.name for a in node.names} & modules.keys()
        graph[name] = deps - {name}
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for dep in sorted(graph[node]):
            if dep not in index:
                visit(dep)
                low[node] = min(low[node], low[dep])
            elif dep in on_stack:
                low[node] = min(low[node], index[dep])
        if low[node] == index[node]:
            component: list[str] = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_the_cycle_finder_finds_a_cycle() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert _cycles(graph) == [["a", "b", "c"]]
    assert _cycles({"a": {"b"}, "b": set()}) == []


def test_no_module_in_src_imports_itself_round_a_loop() -> None:
    graph = _graph()
    assert "imago_coach.evaluation.runner" in graph  # the walk found the package
    assert _cycles(graph) == []


# The judge protocols: the one seam through which the partner and the reader may name a judge.
SEAMS = {"imago_coach.judges.base"}


def _package_imports(package: str, *, seams: bool = True) -> set[str]:
    """The top-level parts of imago_coach that modules of ``package`` import (``seams=False``:
    not counting the protocol modules in ``SEAMS``)."""
    prefix = f"imago_coach.{package}"
    return {
        dep.split(".")[1]
        for name, deps in _graph().items()
        if name == prefix or name.startswith(prefix + ".")
        for dep in deps
        if dep.count(".") >= 1 and (seams or dep not in SEAMS)
    } - {package}


def test_language_tools_depend_on_nothing_that_uses_them() -> None:
    assert _package_imports("language") <= {"models", "settings"}


def test_judge_partner_and_transcript_reader_do_not_import_each_other() -> None:
    readers = {"judges", "dialogue", "transcript"}
    for package in readers:
        assert "language" in _package_imports(package), package
        assert not _package_imports(package, seams=False) & (readers - {package}), package
