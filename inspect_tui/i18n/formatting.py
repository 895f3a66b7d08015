"""Numbers, dates and times as people read them (machine formats stay ISO / RFC 3339).

Dutch numbers take a decimal comma and a dot between thousands (``9,6``, ``1.250``); English
the other way round. Dates are ``dd-mm-yyyy`` (``dd-mm-jjjj`` in Dutch) in both languages,
times are shown in Europe/Amsterdam whatever zone they were stored in.
"""

from __future__ import annotations

import datetime as dt
from functools import cache

TYPE_CHECKING = False
"""``typing.TYPE_CHECKING`` without importing typing (type checkers read the name as it)."""
if TYPE_CHECKING:
    import re
    from decimal import Decimal

_LOCALES = {"nl": "nl_NL", "en": "en_GB"}


def _lang(lang: str | None) -> str:
    if lang is None:
        from inspect_tui.i18n import language

        return language()
    return lang


def format_number(value: float | int | Decimal, decimals: int | None = None, *, lang: str | None = None) -> str:
    """A number for people: ``9,6`` in Dutch, ``9.6`` in English.

    ``decimals`` fixes the number of decimals; None shows up to two and drops trailing zeros.
    """
    if decimals is None:
        pattern = "#,##0.##"
    elif decimals == 0:
        pattern = "#,##0"
    else:
        pattern = "#,##0." + "0" * decimals
    from babel.numbers import format_decimal  # on first use: a command that shows no number never loads babel

    chosen = _lang(lang)
    return str(format_decimal(value, format=pattern, locale=_LOCALES.get(chosen, chosen)))  # babel knows "de" …


def format_date(value: dt.date | str | None, *, lang: str | None = None) -> str:
    """A date as ``dd-mm-yyyy`` (empty for None); a datetime is first put in Europe/Amsterdam."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value) if "T" in value else dt.date.fromisoformat(value)
    if isinstance(value, dt.datetime):
        value = on_amsterdam_clock(value).date()
    return day_text(value)


def day_text(value: dt.date) -> str:
    """``value.strftime("%d-%m-%Y")`` (the year unpadded below 1000, as strftime writes it; a test
    checks every day), at a third of strftime's cost: a findings table writes one per row."""
    return f"{value.day:02d}-{value.month:02d}-{value.year}"


def format_time(value: dt.datetime | str | None, *, lang: str | None = None) -> str:
    """The clock time ``HH:MM`` in Europe/Amsterdam."""
    if value is None or value == "":
        return ""
    moment = on_amsterdam_clock(value)
    return moment.strftime("%H:%M")


def format_datetime(value: dt.datetime | str | None, *, lang: str | None = None) -> str:
    """A moment as ``dd-mm-yyyy HH:MM`` in Europe/Amsterdam (empty for None)."""
    if value is None or value == "":
        return ""
    moment = on_amsterdam_clock(value)
    return f"{day_text(moment)} {moment.hour:02d}:{moment.minute:02d}"


def to_amsterdam(value: dt.datetime | str) -> dt.datetime:
    """A moment in Europe/Amsterdam; a time without a zone is read as Amsterdam local time."""
    from inspect_tui.i18n.zone import zoned  # on first use: zoneinfo costs a command that shows no time

    return zoned(dt.datetime.fromisoformat(value) if isinstance(value, str) else value)


def on_amsterdam_clock(value: dt.datetime | str) -> dt.datetime:
    """The moment with the date and clock time Amsterdam shows (as ``to_amsterdam``), without loading
    zoneinfo for a moment stored with Amsterdam's offset (``i18n.summer_time``): a list writes one per row."""
    from inspect_tui.i18n.summer_time import in_amsterdam

    return in_amsterdam(dt.datetime.fromisoformat(value) if isinstance(value, str) else value)


def rfc3339(value: dt.datetime | str) -> str:
    """A moment as RFC 3339 with its offset (``2026-10-12T08:30:00+02:00``); naive means Amsterdam."""
    return to_amsterdam(value).isoformat(timespec="seconds")


@cache
def _decimal_number() -> re.Pattern[str]:
    """A number with a decimal point, not part of a word or an id (made on first use)."""
    import re  # here: a command that writes no Dutch figure never loads it (see ``inspect_tui.quick``)

    return re.compile(r"(?<![\w.])(\d+)\.(\d+)(?![\w.])")


@cache
def _after_a_word() -> re.Pattern[str]:
    """Text ending in a word and one space: what comes next is part of a name (``Kamer 3.10``)."""
    import re

    return re.compile(r"[^\W\d_] $")


_FIGURE_UNITS = (" m²", " m3", " m³", " l", " p/", " p ", " burners", " sockets")
"""What follows a figure (``Caravan 7 24.5 m²``), so a number after a word is still a figure."""


def _decimal_comma(match: re.Match[str]) -> str:
    """A figure with a decimal comma; a number in a unit's label (``Kamer 3.10``, ``Chalet 1.5``) as written."""
    text = match.string
    after = text[match.end() : match.end() + 9]
    if _after_a_word().search(text, max(0, match.start() - 2), match.start()) and not after.startswith(_FIGURE_UNITS):
        return match[0]
    return f"{match[1]},{match[2]}"


def localise_figures(text: str, *, lang: str | None = None) -> str:
    """A norm text with figures (``9.6 m²/p — SNF ≥ 10 ✗ · AKF n/a``) in the language's notation.

    Dutch: decimal commas (``9,6``) and ``n.v.t.`` for "no threshold applies". Only for texts made
    of figures and norms, never for ids or versions (``v2021.1``). A number right after a word is
    part of a unit's label (``Kamer 3.10: 3.4 m²/p < 3.5`` → ``Kamer 3.10: 3,4 m²/p < 3,5``) and
    stays as written, unless a unit of measure follows it.
    """
    if _lang(lang) != "nl" or not text:
        return text
    text = _decimal_number().sub(_decimal_comma, text).replace("n/a", "n.v.t.").replace("p/bedroom", "p/slaapkamer")
    if any(unit in text for unit in _WORD_UNITS):  # ``2 burners < 4`` → ``2 kookpitten < 4``
        from inspect_tui.i18n import UNIT_WORDS, translations

        dutch = translations("nl")
        text = _unit_after_figure().sub(lambda m: " " + dutch.gettext(UNIT_WORDS[m[1]]), text)
    return text


_WORD_UNITS = ("burners", "p/toilet", "p/shower", "sockets/p")
"""The units of a rule's figure that are words (``m²/p`` and ``l/p`` read the same in every language)."""


@cache
def _unit_after_figure() -> re.Pattern[str]:
    """One of _WORD_UNITS right after a figure (made on first use)."""
    import re

    return re.compile(r"(?<=\d) (" + "|".join(re.escape(u) for u in _WORD_UNITS) + r")(?![\w/])")


def plain_figure(value: float) -> str:
    """A figure with every digit it was typed with, up to seven decimals (past those lies only the
    float noise of a sum: 12.1 + 9.2 is 21.3), no trailing zeros, no exponent: ``35.9999999``, ``100``.
    Never rounded to fewer digits: a recorded 35.9999999 m² shown as 36 reads as 12 m² for three
    persons, where the verdict (rightly) says 11.9 < 12."""
    text = f"{value:.7f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def format_figure(value: float, *, lang: str | None = None) -> str:
    """A measured or recorded figure as ``plain_figure`` writes it, in the language: ``9,6``, ``10``."""
    return localise_figures(plain_figure(value), lang=lang)


def _date_parts(cleaned: str) -> tuple[int, int, int] | None:
    """(year, month, day) of a text written ``dd-mm-yyyy`` or ``yyyy-mm-dd``, a day of the calendar
    or not; None for a text written otherwise."""
    import re

    found = re.fullmatch(r"(\d{1,2})-(\d{1,2})-(\d{4})", cleaned)
    if found:
        return int(found[3]), int(found[2]), int(found[1])
    iso = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", cleaned)
    return (int(iso[1]), int(iso[2]), int(iso[3])) if iso else None


def parse_date(text: str) -> dt.date:
    """A date as people type it: ``dd-mm-yyyy`` (as shown) or ISO ``yyyy-mm-dd``; ValueError otherwise."""
    cleaned = text.strip()
    parts = _date_parts(cleaned)
    if parts is None:
        raise ValueError(f"{cleaned!r} is not a date")
    return dt.date(*parts)


def no_such_day(text: str) -> str | None:
    """What is wrong with a date typed as dd-mm-yyyy or yyyy-mm-dd that is no day of the calendar
    (31-02-2026: "month 2 of 2026 has 28 days"); None for any other text, a real day among them."""
    import calendar

    from inspect_tui.i18n import _

    cleaned = text.strip()
    parts = _date_parts(cleaned)
    if parts is None:
        return None
    year, month, day = parts
    if not 1 <= month <= 12:
        return _("{text} does not exist: there is no month {month}").format(text=cleaned, month=month)
    if year < 1:
        return _("{text} does not exist: there is no year 0").format(text=cleaned)
    days = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        return _("{text} does not exist: month {month} of {year} has {days} days").format(
            text=cleaned, month=month, year=year, days=days
        )
    return None


def date_input(value: dt.date | str | None) -> str:
    """A date for an input field: ``dd-mm-yyyy`` (``parse_date`` reads it back); empty for None."""
    return format_date(value)
