"""The demo database: realistic, Dutch and entirely fictional, the same on every run.

`build_sample` writes a week of inspection work (Mon 2026-11-16 – Fri 2026-11-20, plus the
October visit a re-inspection follows up) through the store's own functions, so every
record has real revisions and change-log rows. Everything is reproducible: a fixed device
id, seeded record ids (`seeded_ids`), a seeded random generator and fixed timestamps.

Nothing in it is real. Every person's name starts with "Test", "Demo" or "Proef"; BSNs come
from the 99999xxxx block that the BRP test environments use and pass the 11-proef; company
names say "Voorbeeld", "Demo" or "Proef"; e-mail addresses are at example.nl.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import itertools
import os
import secrets
import tempfile
from collections.abc import Callable
from pathlib import Path

from sqlite_utils import Database

from inspect_tui.domain.base import seeded_ids
from inspect_tui.sample.ingredients import DEVICE_ID, SEED, TEAM_LEAD, WEEK, png_bytes, sample_bsns
from inspect_tui.sample.visits import SampleBuilder
from inspect_tui.store.authorship import use_clock
from inspect_tui.store.db import open_db

__all__ = ["DEVICE_ID", "SEED", "TEAM_LEAD", "WEEK", "build_sample", "png_bytes", "sample_bsns"]


# --- building the file ---------------------------------------------------------------------


def build_sample(path: Path, *, overwrite: bool = False) -> None:
    """Write the sample database to path; refuses to replace an existing file unless overwrite.

    The database is built under a temporary name beside path, checkpointed into one
    self-contained file (kept in WAL mode, as the app opens it, so opening it does not change it),
    fsynced and only then renamed, so path never holds a half-built database.
    """
    target = Path(path)
    if target.is_dir():
        raise IsADirectoryError(f"{target} is a folder; give a file name such as sample.db")
    if target.exists() and not overwrite:
        raise FileExistsError(f"{target} already exists; use --force to replace it")
    target.parent.mkdir(parents=True, exist_ok=True)
    # SQLite creates the file (with the usual permissions); the random part keeps two builds apart.
    temporary = target.with_name(f".{target.name}.{os.getpid()}-{secrets.token_hex(4)}.tmp")
    try:
        db = open_db(temporary, create=True, device_id=DEVICE_ID)
        try:
            # The temporary file only counts once it is renamed, after one fsync below;
            # syncing each of its several hundred commits would only make it slow.
            db.execute("PRAGMA synchronous = OFF")
            with (
                seeded_ids(SEED),
                use_clock(_sample_clock()),
                tempfile.TemporaryDirectory(prefix="inspect-tui-photos-") as photos,
            ):
                SampleBuilder(db, Path(photos)).build()
            _self_contained(db)
        finally:
            db.close()
        _fsync(temporary)
        _publish(temporary, target, overwrite=overwrite)
    finally:
        for leftover in (temporary, *_sidecars(temporary)):
            with contextlib.suppress(OSError):  # a read-only disk refuses even this: the error above says why
                leftover.unlink(missing_ok=True)


def _sample_clock() -> Callable[[], dt.datetime]:
    """Revisions of the sample are stamped from the sample week's Monday on, ten seconds apart,
    so the same build gives the same revision ids whenever it runs."""
    moments = itertools.count()
    start = dt.datetime.combine(WEEK, dt.time(7, 0), tzinfo=dt.UTC)
    return lambda: start + dt.timedelta(seconds=10 * next(moments))


def _self_contained(db: Database) -> None:
    """Fold the WAL into the main file, so the file alone is complete.

    The file stays in WAL mode: the app sets WAL on every open, and a file already in WAL
    mode is not rewritten by merely opening and reading it.
    """
    # fetchall() finishes each statement: an unfinished one keeps a read lock.
    busy = db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()[0][0]
    mode = db.execute("PRAGMA journal_mode").fetchall()[0][0]
    if busy or str(mode).lower() != "wal":
        raise OSError("could not fold the write-ahead log into the sample database; try again")


def _sidecars(path: Path) -> tuple[Path, Path]:
    return path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")


def _fsync(path: Path) -> None:
    with open(path, "rb+") as handle:
        os.fsync(handle.fileno())


def _publish(temporary: Path, target: Path, *, overwrite: bool) -> None:
    if overwrite:
        # A WAL left by an earlier session belongs to the old file; replayed onto the new
        # one it would corrupt it. Drop it first: the old content is being replaced anyway.
        for stale in _sidecars(target):
            stale.unlink(missing_ok=True)
        os.replace(temporary, target)
    else:
        try:
            os.link(temporary, target)  # fails if the name appeared meanwhile: never clobber
        except FileExistsError:
            raise FileExistsError(f"{target} already exists; use --force to replace it") from None
        except OSError:  # a file system without hard links
            if target.exists():
                raise FileExistsError(f"{target} already exists; use --force to replace it") from None
            os.replace(temporary, target)
    if hasattr(os, "O_DIRECTORY"):
        directory = os.open(target.parent, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(directory)
        finally:
            os.close(directory)
