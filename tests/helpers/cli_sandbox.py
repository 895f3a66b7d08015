"""A command line run in a test: no user's database, settings or locale, and a copy of the sample."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def away_from_the_user(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """The default database and the settings in tmp_path; no locale from the environment."""
    monkeypatch.setenv("INSPECT_TUI_CONFIG", str(tmp_path / "config"))
    monkeypatch.setenv("INSPECT_TUI_DB", str(tmp_path / "default.db"))
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)


def sample_copy(tmp_path: Path, name: str = "demo.db") -> Path:
    """A copy of the repository's sample.db in tmp_path."""
    path = tmp_path / name
    shutil.copy(REPO / "sample.db", path)
    return path
