"""Opening a database: pragmas for durability, migrations, the device identity."""

from __future__ import annotations

import errno
import sqlite3
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlite_utils import Database

from inspect_tui.store.errors import StoreError, database_problem, is_busy
from inspect_tui.store.fileformat import MIGRATIONS
from inspect_tui.store.migrations import migrations

__all__ = [
    "StoreDatabase",
    "StoreError",
    "configure",
    "device_id",
    "ensure_device_id",
    "get_meta",
    "open_db",
    "set_meta",
]


BUSY_TIMEOUT_MS = 10_000
"""How long a write waits for another connection's write to finish before it fails."""


class StoreDatabase(Database):
    """A database whose every write transaction takes the write lock at its start.

    ``Database.atomic`` begins with a plain (deferred) ``BEGIN``: such a transaction reads
    first and asks for the write lock at its first write. In WAL mode, when another connection
    has committed in between, that upgrade fails at once with "database is locked" (its read
    snapshot is stale, and the busy timeout cannot help). ``BEGIN IMMEDIATE`` takes the lock
    up front, so a second writer waits on the busy timeout instead, and nothing fails.
    """

    waiting: Callable[[], None] | None = None
    """Called once when a write finds the database locked past the busy timeout, before waiting on
    for up to ``patience`` seconds (a command says so; the app, whose saves must not freeze the
    screen, sets none and tells the user nothing was saved)."""
    patience: float = 0.0

    @contextmanager
    def atomic(self) -> Iterator[Database]:
        if self.conn.in_transaction:
            with super().atomic():  # a savepoint inside the open transaction
                yield self
            return
        self._begin()
        try:
            yield self
        except BaseException:
            self.conn.rollback()
            raise
        try:
            self.conn.execute("COMMIT")
        except BaseException:
            self.conn.rollback()
            raise

    def _begin(self) -> None:
        """``BEGIN IMMEDIATE``; when another writer holds the lock past the busy timeout (a long
        import), tell ``waiting`` and try again until ``patience`` runs out."""
        try:
            self.conn.execute("BEGIN IMMEDIATE")
            return
        except sqlite3.OperationalError as exc:
            if self.waiting is None or not is_busy(exc):
                raise
        self.waiting()
        until = time.monotonic() + self.patience
        while True:
            try:
                self.conn.execute("BEGIN IMMEDIATE")  # each try waits the busy timeout itself
                return
            except sqlite3.OperationalError as exc:
                if not is_busy(exc) or time.monotonic() >= until:
                    raise


def configure(db: Database) -> None:
    """Durability settings for every connection (WAL, FULL sync, foreign keys, immediate writes)."""
    db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    if not db.memory:
        db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA synchronous = FULL")
    db.execute("PRAGMA foreign_keys = ON")
    if not db.conn.in_transaction:
        # A statement that writes outside ``atomic`` (sqlite-utils' own inserts) begins its
        # implicit transaction with BEGIN IMMEDIATE too.
        db.conn.isolation_level = "IMMEDIATE"


def open_db(
    path: str | Path | None,
    *,
    create: bool = False,
    device_id: str | None = None,
) -> Database:
    """Open (and migrate) the database at path; None opens an in-memory database.

    A missing file is an error unless create is set, so a typo in --db never makes
    an empty database silently.
    """
    if path is None:
        db = StoreDatabase(memory=True, execute_plugins=False)
    else:
        target = Path(path)
        if not target.exists() and not create:
            from inspect_tui.i18n import _

            raise StoreError(
                _("no database at {path}; create one with: inspect-tui --db {path} init").format(path=target)
            )
        if target.is_dir():
            from inspect_tui.i18n import _

            raise StoreError(_("{path} is a folder, not a database file").format(path=target))
        if target.exists() and not target.is_file():
            from inspect_tui.i18n import _

            raise StoreError(
                _("{path} is not a database file (it is a device or a pipe); give the database's file").format(
                    path=target
                )
            )
        if create:
            try:
                target.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:  # a file where a folder should be, a read-only disk
                from inspect_tui.i18n import _
                from inspect_tui.i18n.os_errors import os_problem

                problem = os_problem(NotADirectoryError(errno.ENOTDIR, "") if target.parent.exists() else exc)
                raise StoreError(
                    _("cannot make the folder {folder} for {path}: {problem}").format(
                        folder=target.parent, path=target, problem=problem
                    )
                ) from None
        try:
            db = StoreDatabase(sqlite3.connect(str(target), check_same_thread=False), execute_plugins=False)
            db.execute("PRAGMA schema_version").fetchone()
        except sqlite3.DatabaseError as exc:
            from inspect_tui.i18n import _

            raise StoreError(
                database_problem(target, exc)
                or _("{path} is not an inspect-tui database ({problem})").format(path=target, problem=exc)
            ) from None
    if path is not None:
        _refuse_foreign_or_newer(db, path)
        if not create:
            _refuse_blank(db, path)
    try:
        configure(db)
        migrations.apply(db)
    except sqlite3.DatabaseError as exc:
        from inspect_tui.i18n import _

        where = path or _("the database")
        said = database_problem(where, exc) or _("cannot open {path}: {problem}").format(path=where, problem=exc)
        db.close()
        raise StoreError(said) from None
    ensure_device_id(db, device_id)
    if get_meta(db, "rejudge_open_inspections") == "1":  # set once by migration m004
        from inspect_tui.store.verdicts import rejudge_open_inspections  # heavy: only when needed

        rejudge_open_inspections(db)
    return db


def _refuse_foreign_or_newer(db: Database, path: str | Path) -> None:
    """Refuse (closing it) a database of another program, or one a newer version of inspect-tui
    changed: this version would misread its tables, or write what the newer one misreads. Checked
    before anything is written to the file (even the journal mode)."""
    from inspect_tui.i18n import _

    try:
        if _foreign(db):
            raise StoreError(_("{path} is an SQLite database of another program, not of inspect-tui").format(path=path))
        newer = _newer_migrations(db)
        if newer:
            raise StoreError(
                _(
                    "{path} was changed by a newer version of inspect-tui (it has migration {migration}); "
                    "update inspect-tui to open it"
                ).format(path=path, migration=newer[0])
            )
    except sqlite3.DatabaseError as exc:
        db.close()
        raise StoreError(database_problem(path, exc) or str(exc)) from None
    except StoreError:
        db.close()
        raise


def _refuse_blank(db: Database, path: str | Path) -> None:
    """Refuse (closing it) an SQLite file with no tables at all: only ``init`` makes a database of
    it (a command that only reads never makes one, README), and nothing is written to it."""
    from inspect_tui.i18n import _

    try:
        blank = db.execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchone() is None
    except sqlite3.DatabaseError as exc:
        db.close()
        raise StoreError(database_problem(path, exc) or str(exc)) from None
    if blank:
        db.close()
        raise StoreError(
            _("{path} is an empty SQLite file, not an inspect-tui database yet; make one with: {command}").format(
                path=path, command=f"inspect-tui --db {path} init"
            )
        )


def _newer_migrations(db: Database) -> list[str]:
    """Migrations recorded in the database that this version does not know (a newer one applied them)."""
    if not db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_sqlite_migrations'").fetchone():
        return []
    rows = db.execute("SELECT name FROM _sqlite_migrations WHERE migration_set = 'inspect_tui' ORDER BY id").fetchall()
    return [str(r[0]) for r in rows if str(r[0]) not in MIGRATIONS]


def _foreign(db: Database) -> bool:
    """The file holds tables but was never an inspect-tui database: never add ours to it."""
    names = {str(r[0]) for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()}
    if not names:
        return False
    if "_sqlite_migrations" not in names:
        return True
    ours = db.execute("SELECT COUNT(*) FROM _sqlite_migrations WHERE migration_set = 'inspect_tui'").fetchone()[0]
    return not ours


def ensure_device_id(db: Database, wanted: str | None = None) -> str:
    """The database's own device id, made once when the database is created."""
    row = db.execute("SELECT value FROM meta WHERE key = 'device_id'").fetchone()
    if row:
        return str(row[0])
    value = wanted or str(uuid.uuid4())
    with db.atomic():
        db.execute("INSERT INTO meta(key, value) VALUES ('device_id', ?)", [value])
    return value


def device_id(db: Database) -> str:
    """This database's device id."""
    return ensure_device_id(db)


def get_meta(db: Database, key: str) -> str | None:
    row = db.execute("SELECT value FROM meta WHERE key = ?", [key]).fetchone()
    return None if row is None else str(row[0])


def set_meta(db: Database, key: str, value: str | None) -> None:
    """Set (or with None remove) a meta value; call inside a transaction."""
    if value is None:
        db.execute("DELETE FROM meta WHERE key = ?", [key])
    else:
        db.execute(
            "INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            [key, value],
        )


@contextmanager
def immediate_transaction(db: Database) -> Iterator[Database]:
    """A transaction that takes the write lock at BEGIN (``BEGIN IMMEDIATE``).

    A second writer (another import, an editor) then waits on the busy timeout for the first
    to finish, instead of failing when its read snapshot turns stale at its first write.
    Inside a transaction already, a savepoint as ``Database.atomic`` makes.
    """
    if db.conn.in_transaction or isinstance(db, StoreDatabase):
        with db.atomic():  # StoreDatabase: BEGIN IMMEDIATE, waiting as its ``waiting`` says
            yield db
        return
    db.conn.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        db.conn.rollback()
        raise
    try:
        db.conn.execute("COMMIT")
    except BaseException:
        db.conn.rollback()
        raise
