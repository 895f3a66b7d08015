"""Display helpers shared by every report format: dates, numbers, sizes and labels.

Dates are written the Dutch way (dd-mm-yyyy) because the readers are Dutch inspectors,
team leads and partner regulators; numbers keep the decimal point the norm texts on screen
use (``11.1 m²/p``), except in the Excel export, which converts them itself.
"""

from __future__ import annotations

import datetime as dt

SEVERITY_ORDER = ("critical", "major", "minor")
"""Severities from most to least serious; findings are listed in this order."""

NORM_BY_TEMPLATE = {"snf": "SNF", "akf": "AKF", "rie": "RI&E", "covid-2020": "COVID"}
"""Short norm name shown for the checklist template an item id starts with."""

HOUSING_TYPES = {
    "a": "a — regular dwelling",
    "b": "b — hotel or pension",
    "c": "c — units in a building complex",
    "d": "d — housing units",
    "e": "e — housing on a holiday park",
}
"""SNF housing types (woonvormen) as shown in a report."""

AKF_CATEGORIES = {"year_round": "year-round", "seasonal": "seasonal"}
"""AKF categories as shown in a report."""

DECISIONS = {
    "approve": "approved",
    "send_back": "sent back",
    "comment": "comment",
    "reopen": "reopened",
}
"""Review decisions as a reader says them."""


def norm_of(item_id: str | None) -> str:
    """The norm an item belongs to, from its id prefix: ``snf.space.x`` → ``SNF``; "" for none."""
    if not item_id:
        return ""
    prefix = item_id.split(".", 1)[0]
    return NORM_BY_TEMPLATE.get(prefix, prefix.upper())


def severity_rank(severity: str) -> int:
    """Sort key: critical first; an unknown severity last."""
    return SEVERITY_ORDER.index(severity) if severity in SEVERITY_ORDER else len(SEVERITY_ORDER)


def date_text(value: dt.date | None) -> str:
    """``14-05-2025``; "" for no date."""
    return "" if value is None else value.strftime("%d-%m-%Y")


def datetime_text(value: dt.datetime | None) -> str:
    """``14-05-2025 09:30``; "" for no time."""
    return "" if value is None else value.strftime("%d-%m-%Y %H:%M")


def number_text(value: float | None, places: int = 1) -> str:
    """A figure with at most ``places`` decimals and no trailing zeros: 11.1, 100, 3.5; "–" for none."""
    if value is None:
        return "–"
    text = f"{value:.{places}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def size_text(size: int) -> str:
    """A file size for people: ``812 B``, ``4.2 kB``, ``1.3 MB``."""
    if size < 1000:
        return f"{size} B"
    if size < 1_000_000:
        return f"{size / 1000:.1f} kB"
    return f"{size / 1_000_000:.1f} MB"


def label(value: str | None) -> str:
    """An enum value as words: ``meat_processing`` → ``meat processing``."""
    return "" if value is None else value.replace("_", " ")


def yes_no(value: bool | None) -> str:
    """``yes`` / ``no`` / "" for unknown."""
    return "" if value is None else ("yes" if value else "no")


def one_line(text: str | None) -> str:
    """Text with its line breaks turned into " / " (for a table cell or a CSV export)."""
    if not text:
        return ""
    return " / ".join(part.strip() for part in text.splitlines() if part.strip())
