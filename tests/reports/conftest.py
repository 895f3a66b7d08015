"""Fixtures of the report tests: the deterministic database of ``report_fixture``, and a copy of
``sample.db`` a test may change."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlite_utils import Database

from inspect_tui.store import open_db
from tests.helpers.report_fixture import ReportDb, build_report_db

SAMPLE = Path(__file__).resolve().parents[2] / "sample.db"


@pytest.fixture(scope="session")
def report_db(tmp_path_factory: pytest.TempPathFactory) -> ReportDb:
    """The fixture database, built once per test session (tests only read it)."""
    root = tmp_path_factory.mktemp("reports")
    return build_report_db(root / "inspect.db", root / "photos")


@pytest.fixture
def sample(tmp_path: Path) -> Iterator[Database]:
    """A copy of ``sample.db``, open (changes stay in the copy)."""
    path = tmp_path / "sample.db"
    shutil.copy(SAMPLE, path)
    db = open_db(path)
    yield db
    db.close()
