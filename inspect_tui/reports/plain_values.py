"""Values the findings export reads and writes, worked out without loading zoneinfo or compiling a
pattern: `inspect-tui findings` and `list findings` (see ``inspect_tui.quick``) would otherwise
spend more on those than on their query. Tests check each against what it stands for."""

from __future__ import annotations

import datetime as dt

_CET_CEST = (dt.timedelta(hours=1), dt.timedelta(hours=2))
_YEARS = range(1977, dt.date.today().year + 1)
"""Years told without zoneinfo: since the EU's clock changes, up to this year (as the process
started: a later year is converted by zoneinfo, which is as right, only slower)."""


def amsterdam_day(moment: str) -> dt.date:
    """The day a stored moment falls on in Europe/Amsterdam (``i18n.zone.zoned(...).date()``).

    Worked out without loading zoneinfo when the answer does not depend on the clock change: a
    moment without a zone is Amsterdam local time, and one written at +01:00 or +02:00 (the only
    offsets Amsterdam has in those years) from 01:00 to 22:59 falls on the same Amsterdam day
    whichever of the two was in force. Anything else (another offset, around midnight, a day
    outside 1977 to this year) is converted by zoneinfo; a test checks they agree."""
    value = dt.datetime.fromisoformat(moment)
    offset = value.utcoffset()
    if offset is None or (offset in _CET_CEST and 1 <= value.hour <= 22 and value.year in _YEARS):
        return value.date()
    from inspect_tui.i18n.zone import zoned

    return zoned(value).date()


_DIGITS = frozenset("0123456789")


def is_iso_day(text: str) -> bool:
    """``text`` is written ``[0-9]{4}-[0-9]{2}-[0-9]{2}`` (checked without compiling a pattern)."""
    return len(text) == 10 and text[4] == text[7] == "-" and _DIGITS.issuperset(text[:4] + text[5:7] + text[8:])


def is_plain_figure(text: str) -> bool:
    """``text`` is written ``-?[0-9]{1,15}(\\.[0-9]{1,2})?`` (checked without compiling a pattern)."""
    whole, dot, fraction = text.removeprefix("-").partition(".")
    return (
        1 <= len(whole) <= 15
        and _DIGITS.issuperset(whole)
        and (not dot or (1 <= len(fraction) <= 2 and _DIGITS.issuperset(fraction)))
    )
