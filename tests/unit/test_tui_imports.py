"""The modules of ``inspect_tui.tui`` import each other without a cycle, counting every import.

Imports inside functions and under ``TYPE_CHECKING`` count too: a cycle through a function-level
import is still a cycle a maintainer has to keep in their head. Screens reach each other only
through the app (``tui.messages``), never by importing one another.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Mapping
from pathlib import Path

import pytest

import inspect_tui.tui

PACKAGE = "inspect_tui.tui"
ROOT = Path(inspect_tui.tui.__file__).parent

SCREEN_IMPORTS_ALLOWED: dict[str, set[str]] = {
    # A dialog may build on the shared editor dialog; the conflict editors are those editors saving differently.
    "conflict_editors": {"occupant_editor", "record_editor", "site_editor", "unit_editor"},
    "occupant_editor": {"record_editor"},
    "site_editor": {"record_editor"},
    "unit_editor": {"record_editor"},
    # Helpers that live beside the review screen (not screens).
    "review": {"review_detail", "review_photos", "review_tables"},
    "review_detail": {"review_tables"},
    # The site screen's parts: its panes and the wording of its header and unit lines.
    "site": {"site_labels", "site_tree"},
    "site_tree": {"site_labels"},
    # The checklist screen's parts: its table, its workers and its other actions.
    "checklist": {"checklist_actions", "checklist_view", "checklist_workers"},
    "checklist_actions": {"checklist_view"},
    "checklist_workers": {"checklist_view"},
}
"""Which other modules of ``tui.screens`` a screen module may import (besides ``base``)."""


def module_names(root: Path, package: str) -> dict[str, Path]:
    """Every module of the package under root, by dotted name (a package by its own name)."""
    found: dict[str, Path] = {}
    for path in sorted(root.rglob("*.py")):
        parts = list(path.relative_to(root).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join([package, *parts])] = path
    return found


def _is_package(name: str, modules: Mapping[str, Path]) -> bool:
    return modules[name].name == "__init__.py"


def imported_names(path: Path, name: str, is_package: bool) -> set[str]:
    """Every module name imported anywhere in a file: top level, functions, TYPE_CHECKING, import_module("...")."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    base = name if is_package else name.rpartition(".")[0]
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                anchor = base.split(".")
                anchor = anchor[: len(anchor) - (node.level - 1)]
                module = ".".join([*anchor, node.module] if node.module else anchor)
            else:
                module = node.module or ""
            names.add(module)
            names.update(f"{module}.{alias.name}" for alias in node.names)  # `from pkg import module`
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute | ast.Name)
            and (node.func.attr if isinstance(node.func, ast.Attribute) else node.func.id) == "import_module"
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            names.add(node.args[0].value)
    return names


def import_graph(root: Path, package: str) -> dict[str, set[str]]:
    """Module -> the modules of the same package it imports (and the packages those sit in)."""
    modules = module_names(root, package)
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        targets: set[str] = set()
        for imported in imported_names(path, name, _is_package(name, modules)):
            # Importing a.b.c runs a.b's __init__ first: those packages are imported too.
            parts = imported.split(".")
            for end in range(len(parts), 0, -1):
                candidate = ".".join(parts[:end])
                if candidate in modules and candidate != name:
                    targets.add(candidate)
        graph[name] = targets
    return graph


def find_cycle(graph: Mapping[str, Iterable[str]]) -> list[str] | None:
    """One import cycle as a path that starts and ends at the same module, or None."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for target in sorted(graph.get(node, ())):
            if state.get(target) == 1:
                return [*path[path.index(target) :], target]
            if target not in state:
                found = visit(target)
                if found:
                    return found
        path.pop()
        state[node] = 2
        return None

    for start in sorted(graph):
        if start not in state:
            found = visit(start)
            if found:
                return found
    return None


# --- the rule on the real package ---------------------------------------------------------


def test_tui_modules_import_each_other_without_a_cycle() -> None:
    graph = import_graph(ROOT, PACKAGE)
    assert len(graph) > 30  # the walk found the package
    cycle = find_cycle(graph)
    assert cycle is None, "import cycle: " + " -> ".join(cycle or [])


def test_no_screen_or_widget_imports_the_app() -> None:
    graph = import_graph(ROOT, PACKAGE)
    importers = sorted(m for m, targets in graph.items() if f"{PACKAGE}.app" in targets)
    assert importers == [], f"these import the app; use tui.context / tui.messages instead: {importers}"


def test_screens_open_each_other_through_the_app_only() -> None:
    graph = import_graph(ROOT, PACKAGE)
    prefix = f"{PACKAGE}.screens."
    wrong: list[str] = []
    for module, targets in graph.items():
        if not module.startswith(prefix):
            continue
        short = module.removeprefix(prefix)
        allowed = {"base", *SCREEN_IMPORTS_ALLOWED.get(short, set())}
        for target in targets:
            if target.startswith(prefix) and target.removeprefix(prefix) not in allowed:
                wrong.append(f"{short} -> {target.removeprefix(prefix)}")
    assert wrong == [], f"screens importing screens (post a tui.messages message instead): {wrong}"


def test_the_conflict_editors_are_the_ones_the_conflicts_screen_offers() -> None:
    from inspect_tui.tui.messages import RESOLVED_BY_EDITING
    from inspect_tui.tui.screens.conflict_editors import EDITORS

    assert set(EDITORS) == RESOLVED_BY_EDITING


# --- the checker itself finds what it must -------------------------------------------------


def _package(tmp_path: Path, files: dict[str, str]) -> Path:
    root = tmp_path / "pkg"
    for relative, text in {"__init__.py": "", **files}.items():
        target = root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return root


def test_a_cycle_through_an_import_inside_a_function_is_found(tmp_path: Path) -> None:
    root = _package(
        tmp_path,
        {
            "a.py": "from pkg.b import thing\n",
            "b.py": "def thing():\n    from pkg import a\n    return a\n",
        },
    )
    cycle = find_cycle(import_graph(root, "pkg"))
    assert cycle is not None and set(cycle) == {"pkg.a", "pkg.b"}


def test_a_cycle_under_type_checking_and_relative_imports_is_found(tmp_path: Path) -> None:
    root = _package(
        tmp_path,
        {
            "sub/__init__.py": "",
            "sub/x.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from ..y import Y\n",
            "y.py": "from .sub import x\n",
        },
    )
    cycle = find_cycle(import_graph(root, "pkg"))
    assert cycle is not None and {"pkg.sub.x", "pkg.y"} <= set(cycle)


def test_import_module_with_a_literal_name_counts(tmp_path: Path) -> None:
    root = _package(
        tmp_path,
        {
            "a.py": "import importlib\nimportlib.import_module('pkg.b')\n",
            "b.py": "import pkg.a\n",
        },
    )
    assert find_cycle(import_graph(root, "pkg")) is not None


def test_a_chain_without_a_cycle_passes(tmp_path: Path) -> None:
    root = _package(
        tmp_path,
        {
            "a.py": "from pkg.b import f\n",
            "b.py": "def f():\n    from pkg import c\n",
            "c.py": "import os\n",
        },
    )
    graph = import_graph(root, "pkg")
    assert graph["pkg.a"] == {"pkg", "pkg.b"} and "pkg.c" in graph["pkg.b"]
    assert find_cycle(graph) is None


@pytest.mark.parametrize("name", ["inspect_tui.tui.screens.checklist", "inspect_tui.tui.app"])
def test_function_level_imports_are_in_the_graph(name: str) -> None:
    graph = import_graph(ROOT, PACKAGE)
    assert graph[name], f"{name} should import other tui modules"
    if name.endswith(".app"):
        # The app opens the checklist from inside a method: that edge is seen.
        assert f"{PACKAGE}.screens.checklist" in graph[name]
