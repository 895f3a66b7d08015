"""Amsterdam's clock told by the EU's summer-time rule (``i18n.summer_time``) agrees with zoneinfo
(``i18n.zone.zoned``) for every kind of moment: around each clock change of the years it tells,
outside them, with and without an offset; the lists and the shown times built on it are unchanged."""

from __future__ import annotations

import datetime as dt
import random

from inspect_tui.i18n.formatting import format_date, format_datetime, format_time, to_amsterdam
from inspect_tui.i18n.summer_time import amsterdam_text, in_amsterdam, summer_time
from inspect_tui.i18n.zone import zoned

ZONES = ("", "Z", "+00:00", "+01:00", "+02:00", "+03:00", "-05:00")
YEARS = range(1990, dt.date.today().year + 3)


def _agrees(text: str) -> None:
    value = dt.datetime.fromisoformat(text)
    mine, theirs = in_amsterdam(value), zoned(value)
    assert mine.isoformat() == theirs.isoformat(), text
    assert mine.utcoffset() == theirs.utcoffset(), text
    assert (mine.date(), mine.hour, mine.minute) == (theirs.date(), theirs.hour, theirs.minute), text
    assert amsterdam_text(text) == theirs.isoformat(), text


def test_every_quarter_hour_around_the_clock_changes_is_zoneinfos_answer() -> None:
    for year in YEARS:
        for month in (3, 10):
            last = dt.date(year, month, 31)
            sunday = last - dt.timedelta(days=(last.weekday() + 1) % 7)
            moment = dt.datetime(sunday.year, sunday.month, sunday.day) - dt.timedelta(days=1)
            while moment < dt.datetime(sunday.year, sunday.month, sunday.day) + dt.timedelta(days=2):
                for zone in ZONES:
                    _agrees(moment.isoformat() + zone)
                moment += dt.timedelta(minutes=15)


def test_moments_all_through_the_years_are_zoneinfos_answer() -> None:
    rng = random.Random(1996)
    for _ in range(20_000):
        moment = dt.datetime(rng.choice(YEARS), 1, 1) + dt.timedelta(seconds=rng.randrange(366 * 86400))
        moment = moment.replace(microsecond=rng.choice((0, 0, 123456)))
        _agrees(moment.isoformat() + rng.choice(ZONES))


def test_the_switches_are_the_last_sundays_at_one_utc() -> None:
    start, end = summer_time(2025)
    assert (start, end) == (dt.datetime(2025, 3, 30, 1), dt.datetime(2025, 10, 26, 1))
    assert start.weekday() == end.weekday() == 6


def test_shown_times_are_what_zoneinfo_shows() -> None:
    rng = random.Random(15)
    for _ in range(2_000):
        moment = dt.datetime(rng.choice(YEARS), 1, 1) + dt.timedelta(minutes=rng.randrange(366 * 1440))
        text = moment.isoformat() + rng.choice(ZONES)
        zoned_moment = to_amsterdam(text)
        assert format_datetime(text) == f"{zoned_moment:%d-%m-%Y %H:%M}", text
        assert format_time(text) == f"{zoned_moment:%H:%M}", text
        assert format_date(text) == f"{zoned_moment:%d-%m-%Y}", text
