"""Whether a site's occupants work in a high-risk sector: the site's override, else the sector table."""

from __future__ import annotations

from sqlite_utils import Database

from inspect_tui.checklists import load_template
from inspect_tui.domain.enums import Sector


def high_risk_sectors() -> frozenset[str]:
    """Sectors whose occupants count as high-risk by default (table in ``covid-2020.json``)."""
    return frozenset(entry.sector.value for entry in load_template("covid-2020").high_risk_sectors)


def effective_high_risk(sector: str | None, override: bool | None) -> bool:
    """The site's override where recorded, otherwise what the sector table says."""
    if override is not None:
        return override
    return (sector or Sector.OTHER.value) in high_risk_sectors()


def site_high_risk(db: Database, site_id: str) -> bool:
    """Whether the site's occupants work in a high-risk sector (override, else sector default)."""
    row = db.execute("SELECT sector, high_risk FROM sites WHERE id = ?", [site_id]).fetchone()
    if row is None:
        return False
    return effective_high_risk(row[0], None if row[1] is None else bool(row[1]))
