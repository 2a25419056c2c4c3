"""The house rules, checked with every test run: ruff clean and formatted, mypy --strict clean."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _tool(name: str) -> list[str]:
    beside = Path(sys.executable).with_name(name)
    if beside.exists():
        return [str(beside)]
    found = shutil.which(name)
    if found is None:
        pytest.skip(f"{name} is not installed (pip install '.[test]')")
    return [found]


def test_ruff_check_is_clean() -> None:
    done = subprocess.run([*_tool("ruff"), "check", "."], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def test_ruff_format_leaves_nothing_to_change() -> None:
    done = subprocess.run(
        [*_tool("ruff"), "format", "--check", "."], cwd=ROOT, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_mypy_strict_is_clean_on_the_package() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "mypy", "--no-incremental", "warroom"],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]


def test_import_contracts_hold() -> None:
    """The layers' arrows (pyproject's ``[tool.importlinter]``), checked on the source tree."""
    import os

    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [*_tool("lint-imports"), "--no-cache"], cwd=ROOT, capture_output=True, text=True, env=env
    )
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    assert "0 broken" in done.stdout


def _imports_of(path: Path, module: str) -> set[str]:
    """The warroom modules a file imports, at any depth of the file (lazy imports count)."""
    import ast

    found: set[str] = set()
    package = module.rsplit(".", 1)[0]
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                base = ".".join(parts[: len(parts) - node.level + 1] + ([base] if base else []))
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return found


def ui_import_graph() -> dict[str, set[str]]:
    """Module → the ``warroom.ui`` modules it imports, built with the standard library's ast."""
    root = ROOT / "warroom" / "ui"
    modules = {
        ".".join(("warroom", *p.relative_to(ROOT / "warroom").with_suffix("").parts)): p
        for p in root.rglob("*.py")
    }
    names = {m.removesuffix(".__init__") for m in modules}
    graph: dict[str, set[str]] = {}
    for module, path in modules.items():
        name = module.removesuffix(".__init__")
        graph[name] = {m for m in _imports_of(path, module) if m in names and m != name}
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str]:
    """One import cycle in the graph (empty: none), by depth-first search."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str]:
        state[node] = 1
        stack.append(node)
        for target in sorted(graph.get(node, ())):
            if state.get(target) == 1:
                return stack[stack.index(target) :] + [target]
            if target not in state and (cycle := visit(target)):
                return cycle
        stack.pop()
        state[node] = 2
        return []

    for node in sorted(graph):
        if node not in state and (cycle := visit(node)):
            return cycle
    return []


def test_find_cycle_sees_a_cycle() -> None:
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) == []


def test_the_ui_has_no_import_cycle() -> None:
    """Screens post messages instead of importing each other to refresh (lazy imports count)."""
    graph = ui_import_graph()
    assert "warroom.ui.screens.dashboard" in graph and graph["warroom.ui.app"]
    assert find_cycle(graph) == []
