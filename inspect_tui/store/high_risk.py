"""Whether a site's occupants work in a high-risk sector, read from the site (rules in ``checklists.high_risk``)."""

from __future__ import annotations

from sqlite_utils import Database

from inspect_tui.checklists.high_risk import effective_high_risk, high_risk_sectors

__all__ = ["effective_high_risk", "high_risk_sectors", "site_high_risk"]


def site_high_risk(db: Database, site_id: str) -> bool:
    """Whether the site's occupants work in a high-risk sector (override, else sector default)."""
    row = db.execute("SELECT sector, high_risk FROM sites WHERE id = ?", [site_id]).fetchone()
    if row is None:
        return False
    return effective_high_risk(row[0], None if row[1] is None else bool(row[1]))
