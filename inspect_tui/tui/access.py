"""One database connection for the app, used by worker threads one at a time."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlite_utils import Database

from inspect_tui.store import open_db


class DbAccess:
    """Opens the database lazily (in a worker, so start-up never waits for it) and serialises use.

    SQLite allows one writer at a time anyway; a lock keeps two workers from interleaving
    statements of different transactions on the shared connection.
    """

    def __init__(self, path: Path | str | None) -> None:
        self.path = path
        self._db: Database | None = None
        self._lock = threading.RLock()

    @contextmanager
    def __call__(self) -> Iterator[Database]:
        with self._lock:
            if self._db is None:
                self._db = open_db(self.path)
            yield self._db

    def close(self) -> None:
        """Close the connection (the next use opens it again)."""
        with self._lock:
            if self._db is not None:
                self._db.close()
                self._db = None
