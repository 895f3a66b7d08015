"""Every command-line test runs away from the user's own database and settings, on a copy of
``sample.db`` where it asks for one."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers.cli_sandbox import away_from_the_user, sample_copy


@pytest.fixture(autouse=True)
def _no_user_database(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    away_from_the_user(monkeypatch, tmp_path)


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    """A copy of the repository's sample.db (changes stay in the copy)."""
    return sample_copy(tmp_path)
