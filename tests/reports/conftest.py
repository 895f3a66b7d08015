"""Fixtures of the report tests: the deterministic database of ``report_fixture``."""

from __future__ import annotations

import pytest

from tests.helpers.report_fixture import ReportDb, build_report_db


@pytest.fixture(scope="session")
def report_db(tmp_path_factory: pytest.TempPathFactory) -> ReportDb:
    """The fixture database, built once per test session (tests only read it)."""
    root = tmp_path_factory.mktemp("reports")
    return build_report_db(root / "inspect.db", root / "photos")
