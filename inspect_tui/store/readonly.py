"""A database that cannot be written: say why before the first edit, and open it for reading only."""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from inspect_tui.i18n import _
from inspect_tui.store.errors import StoreError
from inspect_tui.store.errors import is_busy as is_busy  # the TUI reads it with is_write_refused
from inspect_tui.store.fileformat import is_current

if TYPE_CHECKING:
    from sqlite_utils import Database

MIN_FREE_BYTES = 1024 * 1024
"""Less free space than this on the database's disk and it is treated as full."""

READ_ONLY_MARKERS = ("readonly", "read-only", "disk is full", "disk i/o error")
"""Words of SQLite's errors when a write cannot be done on this file or disk."""


def why_read_only(path: str | Path | None) -> str | None:
    """Why the database file at path cannot be written now, in a few words; None when it can.

    Checks the file (read-only, immutable), its folder (SQLite writes its journal next to the
    file) and the free space of the disk. Nothing is written.
    """
    if path is None:
        return None
    target = Path(path)
    if not target.is_file():
        return None  # opening it says what is wrong
    folder = target.resolve().parent
    if not os.access(target, os.W_OK):
        return "the file is read-only"
    try:
        with target.open("r+b"):
            pass
    except OSError:
        return "the file cannot be written"
    if not os.access(folder, os.W_OK | os.X_OK):
        return "its folder cannot be written"
    try:
        if shutil.disk_usage(folder).free < MIN_FREE_BYTES:
            return "the disk is full"
    except OSError:
        pass
    return None


def open_read_only(path: str | Path) -> Database:
    """The database opened for reading only (every write fails); its schema must be current."""
    target = Path(path).resolve()
    if not target.is_file():
        raise StoreError(_("no database at {path}").format(path=target))
    conn: sqlite3.Connection | None = None
    # A folder that cannot be written has no room for SQLite's shared-memory file: then the
    # file is read as it is on disk (immutable).
    for options in ("mode=ro", "mode=ro&immutable=1"):
        try:
            conn = sqlite3.connect(f"{target.as_uri()}?{options}", uri=True, check_same_thread=False)
            conn.execute("PRAGMA busy_timeout = 5000")
            conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
            break
        except sqlite3.Error:
            if conn is not None:
                conn.close()
            conn = None
    if conn is None:
        raise StoreError(_("cannot read {path}").format(path=target))
    from sqlite_utils import Database

    if not is_current(conn):
        conn.close()
        raise StoreError(
            _("{path} needs an upgrade, which cannot be written; open it where it can be written once").format(
                path=target
            )
        )
    return Database(conn, execute_plugins=False)


def is_write_refused(exc: BaseException) -> bool:
    """Whether an error means the database or its disk cannot take a write."""
    return isinstance(exc, sqlite3.Error) and any(m in str(exc).lower() for m in READ_ONLY_MARKERS)
