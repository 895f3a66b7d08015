"""Is a database file ready to read, without loading sqlite-utils? (for a fast first screen)"""

from __future__ import annotations

import os
import sqlite3

MIGRATIONS = (
    "m001_core",
    "m002_list_indexes",
    "m003_times_with_zone",
    "m004_verdicts_per_unit",
    "m005_trust",
    "m006_signed_freeze",
    "m007_item_photos",
    "m008_unit_appliances",
    "m009_revision_authors",
    "m010_finding_extensions_withdrawn",
    "m011_deletion_conflicts",
    "m012_held_removals",
)
"""Names of the database migrations, in order; `migrations.py` checks it registers exactly these."""

SQLITE_HEADER = b"SQLite format 3\x00"


def is_sqlite_file(path: str | os.PathLike[str]) -> bool:
    """The file starts with SQLite's header (an empty file is not a database yet)."""
    try:
        with open(path, "rb") as handle:
            return handle.read(len(SQLITE_HEADER)) == SQLITE_HEADER
    except OSError:
        return False


def is_current(conn: sqlite3.Connection) -> bool:
    """Every migration has been applied, so the tables have the shape this version reads."""
    try:
        rows = conn.execute("SELECT name FROM _sqlite_migrations WHERE migration_set = 'inspect_tui'").fetchall()
    except sqlite3.DatabaseError:
        return False
    return {str(r[0]) for r in rows} == set(MIGRATIONS)
