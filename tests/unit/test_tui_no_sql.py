"""The TUI holds no SQL: it reads through ``store.queries`` and writes through ``store.workflow``.

Checked on the source: no call of ``execute``/``executemany``/``executescript`` or sqlite-utils'
``db.query``, no SQL in any string, and from the store only the package root (``open_db``,
``StoreError``), ``store.queries`` and ``store.workflow`` are imported.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

import inspect_tui.tui

ROOT = Path(inspect_tui.tui.__file__).parent

SQL = re.compile(
    r"\bSELECT\b[\s\S]+\bFROM\b|\bINSERT\s+(OR\s+\w+\s+)?INTO\b|\bUPDATE\s+\[?\w+\]?\s+SET\b|\bDELETE\s+FROM\b"
    r"|\bREPLACE\s+INTO\b|\bPRAGMA\s+\w+|\bCREATE\s+(TABLE|INDEX|VIEW)\b|\bDROP\s+TABLE\b|\bWHERE\s+\w+\s*(=|IN\b)"
)
"""SQL in a string (upper-case keywords, as the code base writes them)."""

RUNS_SQL = {"execute", "executemany", "executescript"}
DB_NAMES = {"db", "conn", "connection", "reader", "database"}
STORE_ROOT_NAMES = {"open_db", "StoreError", "queries", "workflow"}
STORE_MODULES = {"inspect_tui.store", "inspect_tui.store.queries", "inspect_tui.store.workflow"}


def problems(source: str) -> list[str]:
    """What in one module's source breaks the rule, one line each."""
    tree = ast.parse(source)
    found: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            name, owner = node.func.attr, node.func.value
            if name in RUNS_SQL:
                found.append(f"line {node.lineno}: calls {name}()")
            elif name == "query" and isinstance(owner, ast.Name) and owner.id in DB_NAMES:
                found.append(f"line {node.lineno}: calls {owner.id}.query()")
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and SQL.search(node.value):
            found.append(f"line {node.lineno}: SQL in a string: {node.value.strip()[:50]!r}")
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("inspect_tui.store"):
            module = node.module or ""
            if module not in STORE_MODULES:
                found.append(f"line {node.lineno}: imports {module}; use store.queries or store.workflow")
            elif module == "inspect_tui.store":
                extra = {a.name for a in node.names} - STORE_ROOT_NAMES
                if extra:
                    found.append(f"line {node.lineno}: imports {sorted(extra)} from the store's root")
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("inspect_tui.store") and alias.name not in STORE_MODULES:
                    found.append(f"line {node.lineno}: imports {alias.name}")
    return found


def tui_modules() -> list[Path]:
    return sorted(ROOT.rglob("*.py"))


@pytest.mark.parametrize("path", tui_modules(), ids=lambda p: str(p.relative_to(ROOT)))
def test_tui_module_holds_no_sql(path: Path) -> None:
    assert problems(path.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize(
    "source",
    [
        'db.execute("SELECT 1")',
        "rows = conn.executemany(sql, params)",
        'rows = db.query("select 1")',
        'x = "SELECT id FROM inspections WHERE site_id = ?"',
        'x = "UPDATE inspections SET status = ?"',
        "x = 'DELETE FROM meta'",
        'x = "PRAGMA busy_timeout = 5000"',
        'x = "SELECT id, name FROM occupants\\n WHERE unit_id = ?"',
        "from inspect_tui.store.db import get_meta",
        "from inspect_tui.store.records import save",
        "from inspect_tui.store import get",
        "import inspect_tui.store.blobs",
        "def f():\n    from inspect_tui.store.conflicts import open_conflicts\n",
    ],
)
def test_the_check_sees_sql_and_store_internals(source: str) -> None:
    assert problems(source) != []


@pytest.mark.parametrize(
    "source",
    [
        'label = _("Select a site")',
        "self.query(Input)",
        "from inspect_tui.store import StoreError, open_db, queries",
        "from inspect_tui.store.queries import Page",
        "from inspect_tui.store.workflow import review_many",
        'x = "Where the inspector was working"',
    ],
)
def test_the_check_lets_ui_code_be(source: str) -> None:
    assert problems(source) == []
