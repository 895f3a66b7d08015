"""One database connection for the app, used by worker threads one at a time."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from inspect_tui.store.queries import open_reader

if TYPE_CHECKING:
    from sqlite_utils import Database


class DbAccess:
    """Opens the database lazily (in a worker, so start-up never waits for it) and serialises use.

    SQLite allows one writer at a time anyway; a lock keeps two workers from interleaving
    statements of different transactions on the shared connection.
    """

    def __init__(self, path: Path | str | None, *, read_only: bool = False) -> None:
        self.path = path
        self.read_only = read_only
        """Opened for reading only: every write fails (the file, its folder or its disk cannot be written)."""
        self._db: Database | None = None
        self._quick: Database | None = None
        self._reader: sqlite3.Connection | None = None
        self._lock = threading.RLock()
        self._quick_lock = threading.RLock()
        """Held while the quick connection is in use: a connection is never used by two threads at once."""

    @contextmanager
    def __call__(self) -> Iterator[Database]:
        with self._lock:
            if self._db is None:
                self._db = self._open()
            yield self._db

    def _open(self) -> Database:
        if self.read_only and self.path is not None:
            from inspect_tui.store.queries import open_read_only

            return open_read_only(self.path)
        from inspect_tui.store import open_db

        return open_db(self.path)

    @contextmanager
    def reading(self) -> Iterator[Any]:
        """A connection for read-only list queries (it has `execute`, like a Database).

        Until the full store has been opened (which loads sqlite-utils and checks the
        migrations), lists are read through a plain read-only SQLite connection, so the
        first screen paints without waiting for that.
        """
        with self._lock:
            if self._db is not None or self.path is None or self.read_only:
                with self() as db:
                    yield db
                return
            if self._reader is None:
                reader = open_reader(self.path)
                if reader is None:
                    # An older schema: open the store properly, which migrates it first.
                    with self() as db:
                        yield db
                    return
                self._reader = reader
            yield self._reader

    @contextmanager
    def quick(self) -> Iterator[Database]:
        """A second connection, for the UI thread only: a confirmed answer is committed at the key.

        Such a commit takes about a millisecond; doing it on the UI thread keeps the key-to-disk
        time from waiting behind screen updates for the interpreter lock. WAL mode lets the
        workers keep reading on their own connection meanwhile. An in-memory database has only
        one connection, so there it is the shared one.
        """
        if self.path is None:
            with self() as db:
                yield db
            return
        with self._quick_lock:
            if self._quick is None:
                self._quick = self._open()
            yield self._quick

    def close(self) -> None:
        """Close the connections (the next use opens them again)."""
        with self._lock, self._quick_lock:
            for db in (self._db, self._quick, self._reader):
                if db is not None:
                    db.close()
            self._db = self._quick = self._reader = None
