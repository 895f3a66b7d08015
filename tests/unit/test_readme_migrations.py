"""README: every migration it names is one the code runs, in the order it says, and its list of the
central system's migrations is the whole list."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from inspect_tui.store.fileformat import MIGRATIONS

REPO = Path(__file__).resolve().parents[2]
README = (REPO / "README.md").read_text(encoding="utf-8")


def test_laptop_migrations_named_in_the_readme_exist() -> None:
    named = set(re.findall(r"\bm\d{3}_[a-z_]+[a-z]", README))
    assert named, "the README names no laptop migration"
    assert named - set(MIGRATIONS) == set()


def test_laptop_migrations_said_to_follow_one_another_do() -> None:
    pairs = re.findall(r"`(m\d{3}_\w+)`,? (?:which runs )?after\s+`(m\d{3}_\w+)`", README)
    assert pairs, "the README says of no migration which one it follows"
    for later, earlier in pairs:
        assert MIGRATIONS.index(later) == MIGRATIONS.index(earlier) + 1, (later, earlier)


def test_the_central_migrations_list_is_complete() -> None:
    pytest.importorskip("psycopg")
    from inspect_tui.central.store.migrations import MIGRATIONS as CENTRAL

    section = README.split("## Central system", 1)[1].split("\n## ", 1)[0]
    listed = re.split(r"Migrations\s+\(", section, maxsplit=1)[1].split("\n\n", 1)[0]
    assert re.findall(r"`(\d{3}_[a-z_]+)`", listed) == [name for name, _ in CENTRAL]
