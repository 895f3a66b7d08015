"""Days as the commands and the review screen read them: ``YYYY-MM-DD``, ``dd-mm-yyyy``, today or
yesterday (in English or Dutch). Apart from the findings export, so that `list inspections` and
`list sites` read their ``--from``/``--to`` without loading it (see ``inspect_tui.quick``)."""

from __future__ import annotations

import datetime as dt

from inspect_tui.i18n.summer_time import amsterdam_today
from inspect_tui.reports.plain_values import is_iso_day


def parse_day(text: str, today: dt.date | None = None) -> dt.date:
    """A day written YYYY-MM-DD or dd-mm-yyyy, or today / yesterday (vandaag / gisteren).

    The calendar's last day is refused: a day is looked up as the period before the day after it."""
    day = _read_day(text, today)
    if day == dt.date.max:
        from inspect_tui.i18n import _

        raise ValueError(
            _("{text} is too far ahead; give a day before {last}").format(text=repr(text.strip()), last="31-12-9999")
        )
    return day


def _read_day(text: str, today: dt.date | None) -> dt.date:
    base = today or amsterdam_today()
    word = text.strip().lower()
    if word in ("today", "vandaag"):
        return base
    if word in ("yesterday", "gisteren"):
        return base - dt.timedelta(days=1)
    if is_iso_day(word):  # the usual form, read without loading strptime (same result)
        try:
            return dt.date.fromisoformat(word)
        except ValueError:
            pass
    for pattern in ("%Y-%m-%d", "%d-%m-%Y"):
        try:
            return dt.datetime.strptime(word, pattern).date()
        except ValueError:
            continue
    from inspect_tui.i18n import _

    raise ValueError(
        _("{text} is not a date; write YYYY-MM-DD, dd-mm-yyyy, today or yesterday").format(text=repr(text.strip()))
    )
