"""Stop a read that nobody waits for any more (no Textual here).

A list read for a search the user has already typed past is of no use: a progress handler
on the connection asks `stale()` now and then while SQLite works, and aborts the statement
as soon as it says yes. Only the statements run inside the block are affected.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

CHECK_EVERY = 20_000
"""SQLite virtual-machine steps between two checks (well under a millisecond of work)."""


class Cancelled(Exception):
    """The read was stopped because its result was no longer wanted."""


def _connection(db: Any) -> sqlite3.Connection | None:
    """The sqlite3 connection behind db (a sqlite3.Connection, or a sqlite-utils Database)."""
    if isinstance(db, sqlite3.Connection):
        return db
    conn = getattr(db, "conn", None)
    return conn if isinstance(conn, sqlite3.Connection) else None


@contextmanager
def cancel_when(db: Any, stale: Callable[[], bool], every: int = CHECK_EVERY) -> Iterator[None]:
    """Run the block's statements; raise Cancelled if stale() turns true before they end."""
    if stale():
        raise Cancelled
    connection = _connection(db)
    if connection is None:
        yield
        return
    connection.set_progress_handler(lambda: 1 if stale() else 0, every)
    try:
        yield
    except sqlite3.OperationalError as exc:
        if "interrupted" in str(exc) and stale():
            raise Cancelled from None
        raise
    finally:
        connection.set_progress_handler(None, every)
