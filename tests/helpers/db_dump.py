"""A database as text, read without changing it: compared before and after a refused command."""

from __future__ import annotations

import sqlite3
from pathlib import Path


def dump(path: Path) -> str:
    """Every table, row, index and trigger of the SQLite file at path, as SQL text (read-only)."""
    connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return "\n".join(connection.iterdump())
    finally:
        connection.close()
