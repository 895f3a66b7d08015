"""Display helpers shared by every report format: dates, numbers, sizes and labels.

Dates are written the Dutch way (dd-mm-yyyy) because the readers are Dutch inspectors,
team leads and partner regulators; times are shown in Europe/Amsterdam; numbers follow the
report's language (``11,1 m²/p`` in Dutch, ``11.1 m²/p`` in English). Machine formats (JSON,
the plain CSV) do not use these helpers.
"""

from __future__ import annotations

import datetime as dt

from inspect_tui.i18n import N_, _, format_date, format_datetime, format_number
from inspect_tui.i18n.formatting import plain_figure
from inspect_tui.reports.words import word

SEVERITY_ORDER = ("critical", "major", "minor")
"""Severities from most to least serious; findings are listed in this order."""

NORM_BY_TEMPLATE = {"snf": "SNF", "akf": "AKF", "rie": "RI&E", "covid-2020": "COVID"}
"""Short norm name shown for the checklist template an item id starts with."""

HOUSING_TYPES = {
    "a": N_("a — regular dwelling"),
    "b": N_("b — hotel or pension"),
    "c": N_("c — units in a building complex"),
    "d": N_("d — housing units"),
    "e": N_("e — housing on a holiday park"),
}
"""SNF housing types (woonvormen) as shown in a report."""

AKF_CATEGORIES = {"year_round": N_("year-round"), "seasonal": N_("seasonal")}
"""AKF categories as shown in a report."""

DECISIONS = {
    "approve": N_("approved"),
    "send_back": N_("sent back"),
    "comment": N_("comment"),
    "reopen": N_("reopened"),
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
    return format_date(value)


def datetime_text(value: dt.datetime | None) -> str:
    """``14-05-2025 09:30`` in Europe/Amsterdam; "" for no time."""
    return format_datetime(value)


def number_text(value: float | None, places: int = 1) -> str:
    """A figure with at most ``places`` decimals and no trailing zeros: 11.1 (11,1 in Dutch), 100; "–" for none."""
    if value is None:
        return "–"
    text = f"{value:.{places}f}"
    text = text.rstrip("0").rstrip(".") if "." in text else text
    return format_number(float(text)).replace("\N{NO-BREAK SPACE}", " ")


def measured_text(value: float | None) -> str:
    """A recorded figure (an area, a count, litres) with every digit typed (``i18n.plain_figure``),
    in the language's separators: 35,9999999 m² is never shown as 36; "–" for none."""
    if value is None:
        return "–"
    plain = plain_figure(value)
    _whole, _dot, decimals = plain.partition(".")
    return format_number(float(plain), len(decimals)).replace("\N{NO-BREAK SPACE}", " ")


def size_text(size: int) -> str:
    """A file size for people: ``812 B``, ``4.2 kB``, ``1.3 MB``."""
    if size < 1000:
        return f"{size} B"
    if size < 1_000_000:
        return f"{format_number(size / 1000, 1)} kB"
    return f"{format_number(size / 1_000_000, 1)} MB"


def label(value: str | None) -> str:
    """An enum value as words in the report's language: ``meat_processing`` → ``meat processing``."""
    return word(value)


def yes_no(value: bool | None) -> str:
    """``yes`` / ``no`` / "" for unknown."""
    return "" if value is None else (_("yes") if value else _("no"))


def one_line(text: str | None) -> str:
    """Text with its line breaks turned into " / " (for a table cell or a CSV export)."""
    if not text:
        return ""
    return " / ".join(part.strip() for part in text.splitlines() if part.strip())
