"""A real PostgreSQL for the central tests: one server per test run, one database per test.

The server is ``$INSPECT_TUI_TEST_PG_URL`` when set, else a private one started with pgserver,
shared by the run's xdist workers (`tests.helpers.pg_server`). Each test gets a fresh database
cloned from a migrated template of its own process (CREATE DATABASE … TEMPLATE is fast), so tests
never see each other's data and run under xdist.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

psycopg = pytest.importorskip("psycopg")

from inspect_tui.central.keys import init_keys  # noqa: E402
from inspect_tui.central.store.connect import connect  # noqa: E402
from inspect_tui.central.store.migrations import migrate  # noqa: E402
from tests.helpers.central import Central, with_database  # noqa: E402
from tests.helpers.pg_server import shared_server  # noqa: E402


@pytest.fixture(scope="session")
def pg_admin_url() -> Iterator[str]:
    """A URL of the server's maintenance database."""
    given = os.environ.get("INSPECT_TUI_TEST_PG_URL")
    if given:
        yield given
        return
    with shared_server() as url:
        yield url


@pytest.fixture(scope="session")
def pg_template(pg_admin_url: str) -> Iterator[str]:
    """A migrated template database (named per test process)."""
    name = f"central_tpl_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(pg_admin_url, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    db = connect(with_database(pg_admin_url, name))
    migrate(db)
    db.close()
    yield name
    with psycopg.connect(pg_admin_url, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def pg_url(pg_admin_url: str, pg_template: str) -> Iterator[str]:
    """A fresh, migrated, empty central database for one test (dropped afterwards)."""
    name = f"central_t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(pg_admin_url, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{pg_template}"')
    yield with_database(pg_admin_url, name)
    with psycopg.connect(pg_admin_url, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def central(pg_url: str, tmp_path: Path) -> Iterator[Central]:
    db = connect(pg_url)
    keys = tmp_path / "keys"
    keys.mkdir()
    init_keys(db, keys / "central.signing-key", keys / "central.sealing-key")
    yield Central(db, pg_url, keys / "central.signing-key", keys / "central.sealing-key")
    db.close()
