"""Whether a site's occupants work in a high-risk sector: the site's override, else the sector table."""

from __future__ import annotations

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
