"""How many records wait for a conflict to be resolved: one count, for the home screen's line.

Apart from ``queries.conflicts`` (which loads sqlite-utils and the record models to describe
each conflict), so that the home screen can show the count while the app starts.
"""

from __future__ import annotations

from typing import Any


def open_conflict_count(db: Any) -> int:
    """How many records have diverged versions waiting to be resolved (every row of conflicts is open)."""
    return int(db.execute("SELECT COUNT(*) FROM conflicts").fetchone()[0])
