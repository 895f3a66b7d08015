"""Record counts per kind."""

from __future__ import annotations

from inspect_tui.domain.named_tuple import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database

COUNTED = ("sites", "units", "occupants", "inspections", "answers", "findings", "attachments", "reviews")


def record_counts(db: Database) -> dict[str, int]:
    """How many current records of each kind the database holds, plus open conflicts."""
    counts = {t: int(db.execute(f"SELECT COUNT(*) FROM [{t}]").fetchone()[0]) for t in COUNTED}
    counts["open conflicts"] = int(db.execute("SELECT COUNT(*) FROM conflicts").fetchone()[0])
    counts["revisions"] = int(db.execute("SELECT COUNT(*) FROM changes").fetchone()[0])
    return counts
