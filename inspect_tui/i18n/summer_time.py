"""A stored moment in Europe/Amsterdam told by the EU's summer-time rule, without loading zoneinfo.

Since 1996 Amsterdam keeps summer time (+02:00) from 01:00 UTC on the last Sunday of March to
01:00 UTC on the last Sunday of October, and +01:00 otherwise. The app stores every moment with
that offset, so showing it in Amsterdam changes nothing; ``in_amsterdam`` tells that from the
rule, and only a moment written otherwise (another offset, no offset, a year before 1996 or after
this one, as the process started: a change of the rule reaches the tz database first) is
converted by ``i18n.zone`` and zoneinfo, whose import costs `list inspections` and `list sites`
more than their query. A test checks every answer against zoneinfo's.
"""

from __future__ import annotations

import datetime as dt

WINTER = dt.timedelta(hours=1)
SUMMER = dt.timedelta(hours=2)
_YEARS = range(1996, dt.date.today().year + 1)
_SWITCHES: dict[int, tuple[dt.datetime, dt.datetime]] = {}


def _last_sunday_one_utc(year: int, month: int) -> dt.datetime:
    """01:00 UTC (as a naive time) on the last Sunday of a month of 31 days."""
    last = dt.date(year, month, 31)
    sunday = last - dt.timedelta(days=(last.weekday() + 1) % 7)
    return dt.datetime(sunday.year, sunday.month, sunday.day, 1)


def summer_time(year: int) -> tuple[dt.datetime, dt.datetime]:
    """When summer time starts and ends in a year, as naive UTC times."""
    found = _SWITCHES.get(year)
    if found is None:
        found = _SWITCHES[year] = (_last_sunday_one_utc(year, 3), _last_sunday_one_utc(year, 10))
    return found


def offset_at(utc: dt.datetime) -> dt.timedelta | None:
    """Amsterdam's UTC offset at a naive UTC time; None outside the years told here."""
    if utc.year not in _YEARS:
        return None
    start, end = summer_time(utc.year)
    return SUMMER if start <= utc < end else WINTER


def amsterdam_now() -> dt.datetime:
    """This moment on Amsterdam's clock with its offset, to the second, whatever zone the machine's
    clock is set to; told by the rule (zoneinfo only outside the years it tells)."""
    utc = dt.datetime.now(dt.UTC).replace(microsecond=0)
    offset = offset_at(utc.replace(tzinfo=None))
    if offset is None:
        from inspect_tui.i18n.zone import now

        return now()
    return utc.astimezone(dt.timezone(offset))


def amsterdam_today() -> dt.date:
    """Today on Amsterdam's calendar, whatever zone the machine's clock is set to: the day a
    deadline, "today" and a day's export are read against."""
    return amsterdam_now().date()


def in_amsterdam(value: dt.datetime) -> dt.datetime:
    """The moment as Amsterdam's clock shows it: ``value`` itself when it is written with
    Amsterdam's offset at that moment (``i18n.zone.zoned`` then gives the same date, time and
    offset), else ``zoned(value)``."""
    offset = value.utcoffset()
    if offset in (WINTER, SUMMER) and offset_at((value - offset).replace(tzinfo=None)) == offset:
        return value
    from inspect_tui.i18n.zone import zoned

    return zoned(value)


def amsterdam_text(moment: str) -> str:
    """``zoned(datetime.fromisoformat(moment)).isoformat()``, without zoneinfo for a stored moment."""
    return in_amsterdam(dt.datetime.fromisoformat(moment)).isoformat()
