"""Where code lives: the store is the one writer, merge decisions hold no SQL, names mean one thing."""

from __future__ import annotations

import ast
import re
from collections import defaultdict
from pathlib import Path

import pytest

import inspect_tui

PACKAGE = Path(inspect_tui.__file__).parent
WRITES = re.compile(
    r"\b(INSERT\s+(OR\s+\w+\s+)?INTO|UPDATE\s+\[?\w+\]?\s+SET|DELETE\s+FROM|REPLACE\s+INTO|VACUUM)\b", re.I
)


def _modules(*under: str) -> list[Path]:
    return sorted(p for folder in under for p in (PACKAGE / folder).rglob("*.py"))


def _strings(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [(n.lineno, n.value) for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)]


def test_only_the_store_writes_to_the_database() -> None:
    outside = [p for p in PACKAGE.rglob("*.py") if "store" not in p.relative_to(PACKAGE).parts]
    found = [
        f"{p.relative_to(PACKAGE)}:{line}: {text.strip()[:60]}"
        for p in outside
        for line, text in _strings(p)
        if WRITES.search(text)
    ]
    assert found == []


def test_the_write_scan_does_see_a_write() -> None:
    assert WRITES.search("INSERT INTO blobs(sha256) VALUES (?)")
    assert WRITES.search("INSERT OR IGNORE INTO superseded(rev) VALUES (?)")
    assert WRITES.search("UPDATE changes SET leaf = 0")
    assert WRITES.search("VACUUM INTO ?")
    assert not WRITES.search("SELECT rev FROM changes")


def test_the_merge_core_decides_and_runs_no_sql() -> None:
    source = (PACKAGE / "sync" / "merge.py").read_text(encoding="utf-8")
    assert ".execute" not in source and "executemany" not in source and ".conn" not in source


@pytest.mark.parametrize("folder", ["domain"])
def test_pure_rules_touch_no_database(folder: str) -> None:
    for path in _modules(folder):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        imported = {n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
        imported |= {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
        bad = {m for m in imported if m.startswith(("inspect_tui.store", "sqlite", "inspect_tui.checklists"))}
        assert not bad, f"{path.name} imports {bad}"


def test_no_two_classes_share_a_name() -> None:
    where: dict[str, list[str]] = defaultdict(list)
    for path in PACKAGE.rglob("*.py"):
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.ClassDef):
                where[node.name].append(str(path.relative_to(PACKAGE)))
    assert {name: paths for name, paths in where.items() if len(paths) > 1} == {}


def test_schema_means_a_json_schema() -> None:
    named = sorted(str(p.relative_to(PACKAGE)) for p in PACKAGE.rglob("*schema*.py"))
    assert named == ["checklists/template_schema.py", "sync/line_schemas.py"]


MAX_LINES = 460
"""No module of the package is longer: a bigger one is split along its concerns into modules beside it."""


def test_every_module_stays_small() -> None:
    sizes = {
        str(p.relative_to(PACKAGE)): len(p.read_text(encoding="utf-8").splitlines()) for p in PACKAGE.rglob("*.py")
    }
    assert {"tui/app.py", "central/store/writer.py", "store/batch.py"} <= sizes.keys()  # every folder is walked
    assert {name: lines for name, lines in sizes.items() if lines > MAX_LINES} == {}
