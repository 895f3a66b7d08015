"""Times with their zone: every stored moment carries its UTC offset (RFC 3339).

Inspections happen in the Netherlands, so a time without a zone (typed in, from an older
database, from a bundle of format version 1) is read as Europe/Amsterdam local time. At the
autumn clock change 02:00–03:00 happens twice; a local time in that hour is read as the first
of the two (summer time, ``+02:00``), which is what a device clock showed first.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
"""The zone stored times are given in and shown in."""


def zoned(value: dt.datetime) -> dt.datetime:
    """The moment in Europe/Amsterdam; a naive time is read as Amsterdam local time."""
    if value.tzinfo is None:
        return value.replace(tzinfo=AMSTERDAM)
    return value.astimezone(AMSTERDAM)


def now() -> dt.datetime:
    """This moment in Europe/Amsterdam, to the second."""
    return dt.datetime.now(AMSTERDAM).replace(microsecond=0)


def zoned_text(text: str) -> str:
    """An ISO time text as RFC 3339 with its Amsterdam offset (a text with an offset is converted)."""
    return zoned(dt.datetime.fromisoformat(text)).isoformat()
