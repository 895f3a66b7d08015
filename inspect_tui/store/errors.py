"""The store's error type, importable without loading SQLite helpers."""

from __future__ import annotations


class StoreError(Exception):
    """A storage problem explained in one sentence for the user."""


def is_busy(exc: BaseException) -> bool:
    """Whether SQLite's error ``exc`` means another connection held the write lock past the busy
    timeout (an import of a large bundle holds it for its whole transaction)."""
    name = getattr(exc, "sqlite_errorname", None)
    if isinstance(name, str):
        return name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED"))
    return type(exc).__name__ == "OperationalError" and "database is locked" in str(exc).lower()


def database_problem(path: object, exc: BaseException) -> str | None:
    """The user's sentence for SQLite's error ``exc`` on the database at path: what is wrong and
    what to do, in the interface language; None for an error this does not know (or no SQLite error).

    SQLite's own text (``attempt to write a readonly database``) is English and says nothing of
    what to do; its error code says which problem it is.
    """
    from inspect_tui.i18n import _

    name = getattr(exc, "sqlite_errorname", None)
    if not isinstance(name, str):
        return None
    primary = "_".join(name.split("_")[:2])  # SQLITE_READONLY_DIRECTORY: SQLITE_READONLY
    if primary in ("SQLITE_BUSY", "SQLITE_LOCKED"):
        said = _(
            "{path} is in use: another program (the app, or another inspect-tui command) is writing to it; "
            "let it finish or close it, then try again"
        )
    elif primary == "SQLITE_READONLY":
        said = _(
            "{path} cannot be written: the file, its -wal or -shm file beside it, its folder or its disk is read-only; make it writable, "
            "or copy it to a folder you can write in"
        )
    elif primary == "SQLITE_CANTOPEN":
        said = _(
            "{path} cannot be opened: check that you may read it and write in its folder (a read-only disk "
            "cannot hold the files SQLite writes next to it)"
        )
    elif primary == "SQLITE_NOTADB":
        said = _("{path} is not an inspect-tui database (it is not an SQLite file)")
    elif primary == "SQLITE_CORRUPT":
        said = _("{path} is damaged (SQLite cannot read all of it); restore it from a backup")
    elif primary == "SQLITE_FULL":
        said = _("the disk that holds {path} is full; make room on it, then try again")
    elif primary == "SQLITE_IOERR":
        said = _("{path} could not be read or written (the disk reported an error); check the disk, then try again")
    else:
        return None
    return said.format(path=path)
