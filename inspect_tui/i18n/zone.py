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
    """The moment in Europe/Amsterdam; a naive time is read as Amsterdam local time.

    The same moment zoned again is written the same way: a naive time in the hour the spring
    clock change skips (02:00–03:00 on the last Sunday of March) keeps the offset before the
    change (``02:30+01:00``, which is 03:30 summer time), and zoning that again keeps it as it is.
    Records are stored and hashed in their zoned form and zoned again when a bundle is read, so
    any other answer would change a record's bytes on the way and fail its revision id.
    """
    if value.tzinfo is None:
        return value.replace(tzinfo=AMSTERDAM)
    local = value.replace(tzinfo=AMSTERDAM)
    if local.utcoffset() == value.utcoffset():  # already Amsterdam's way of writing this moment
        return local
    return value.astimezone(AMSTERDAM)


def now() -> dt.datetime:
    """This moment in Europe/Amsterdam, to the second."""
    return dt.datetime.now(AMSTERDAM).replace(microsecond=0)


def today() -> dt.date:
    """Today in Europe/Amsterdam, whatever zone the machine's clock is set to: the day a deadline
    (a Dutch calendar day) is compared with. A server on UTC is an hour or two behind it around
    midnight, and a day behind for that while."""
    return dt.datetime.now(AMSTERDAM).date()


def zoned_text(text: str) -> str:
    """An ISO time text as RFC 3339 with its Amsterdam offset (a text with an offset is converted)."""
    return zoned(dt.datetime.fromisoformat(text)).isoformat()
