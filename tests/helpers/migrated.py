"""A migrated empty database made once per test process and copied into each new one.

Most tests start from a new database (`open_db(None)`, `open_db(path, create=True)`): running
the migrations costs about 13 ms of CPU each time, and the suite makes over a thousand. Here the
migrations run once, into an in-memory template, and a new database gets a copy of its pages
(SQLite's backup: the same schema, the same rows). A database that already holds tables is
migrated as before, and a test marked ``real_migrations`` runs the migrations themselves.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from sqlite_utils import Database

from inspect_tui.store import db as store_db
from inspect_tui.store.migrations import migrations

_lock = threading.Lock()
_template: sqlite3.Connection | None = None
copying = True
"""Off while a test marked ``real_migrations`` runs."""


def _migrated(apply: Callable[[Database], None]) -> sqlite3.Connection:
    """The template: an in-memory database configured and migrated as `open_db` does."""
    global _template
    if _template is None:
        conn = sqlite3.connect(":memory:", check_same_thread=False)
        database = store_db.StoreDatabase(conn, execute_plugins=False)
        store_db.configure(database)
        apply(database)
        conn.commit()
        _template = conn
    return _template


@contextmanager
def copied_migrations() -> Iterator[None]:
    """While active, a new, empty database is migrated by copying the template."""
    original = migrations.apply

    def apply(database: Database) -> None:
        if not copying or database.conn.in_transaction or database.table_names():
            original(database)
            return
        with _lock:
            _migrated(original).backup(database.conn)

    migrations.apply = apply  # type: ignore[method-assign, assignment]
    try:
        yield
    finally:
        migrations.apply = original  # type: ignore[method-assign, assignment]
