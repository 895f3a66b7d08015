"""Plausible values: the ranges every record keeps to, whether typed in a form or read from a bundle."""

from __future__ import annotations

import datetime as dt
import math
import re
import uuid
from typing import Annotated

from pydantic import AfterValidator, BeforeValidator, Field, ValidationInfo

from inspect_tui.domain.text import is_stored
from inspect_tui.i18n import N_, _, format_date, format_number

FIRST_DAY = dt.date(2000, 1, 1)
"""The earliest day the app records an inspection, finding, deadline or review on."""
LAST_DAY = dt.date(2100, 12, 31)
"""The latest such day (a deadline far ahead is still plausible; 9999-12-31 is not)."""
MAX_FIGURE = 1e9
"""Largest figure (m², persons, m² per person …) an answer may carry, either sign."""
MAX_ID_LENGTH = 36
"""A record id is a UUID written in its canonical 36-character form."""
MAX_TEMPLATE_ID = 40
"""Longest checklist template id."""


_CANONICAL_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
"""Exactly what ``str(uuid.UUID(...))`` writes: the quick test every id of a large bundle takes."""
_NIL_UUID = "00000000-0000-0000-0000-000000000000"


def check_record_id(value: str) -> str:
    """A record id: a UUID in lower-case canonical form (``xxxxxxxx-xxxx-…``), nothing else."""
    if _CANONICAL_UUID.fullmatch(value) and value != _NIL_UUID:
        return value
    if len(value) != MAX_ID_LENGTH:
        raise ValueError(_("an id is a UUID such as {example}").format(example="0b3c9d2e-5f1a-4c7e-9a2b-3d4e5f6a7b8c"))
    try:
        canonical = str(uuid.UUID(value))
    except ValueError:
        raise ValueError(_("an id is a UUID written as 8-4-4-4-12 hex digits")) from None
    if canonical != value:
        raise ValueError(_("an id is a UUID in lower-case canonical form"))
    if canonical == str(uuid.UUID(int=0)):
        raise ValueError(_("an id cannot be the nil UUID"))
    return value


def _strip(value: object) -> object:
    return value.strip() if isinstance(value, str) else value


def _record_id(value: str, info: ValidationInfo) -> str:
    if is_stored(info):
        return value
    return check_record_id(value)


RecordId = Annotated[
    str,
    BeforeValidator(_strip),
    AfterValidator(_record_id),
    Field(json_schema_extra={"format": "uuid", "maxLength": MAX_ID_LENGTH}),
]
"""The id of a record (its own, or one it refers to)."""


def _day_in_range(day: dt.date, what: str) -> None:
    if not FIRST_DAY <= day <= LAST_DAY:
        raise ValueError(
            _("{what} lies between {first} and {last}").format(
                what=_(what), first=format_date(FIRST_DAY), last=format_date(LAST_DAY)
            )
        )


def check_day(value: dt.date) -> dt.date:
    """A date within the app's range."""
    _day_in_range(value, N_("a date"))
    return value


def check_moment(value: dt.datetime) -> dt.datetime:
    """A time within the app's range."""
    _day_in_range(value.date(), N_("a time"))
    return value


def check_figure(value: float) -> float:
    """A finite figure of plausible size (NaN, infinity and 1e308 are refused)."""
    if not math.isfinite(value):
        raise ValueError(_("a figure is a finite number"))
    if abs(value) > MAX_FIGURE:
        raise ValueError(_("a figure is at most {most} either way").format(most=format_number(MAX_FIGURE, 0)))
    return value


def _day(value: dt.date, info: ValidationInfo) -> dt.date:
    return value if is_stored(info) else check_day(value)


def _moment(value: dt.datetime, info: ValidationInfo) -> dt.datetime:
    return value if is_stored(info) else check_moment(value)


def _figure(value: float, info: ValidationInfo) -> float:
    return value if is_stored(info) else check_figure(value)


Day = Annotated[dt.date, AfterValidator(_day)]
"""A date between 2000-01-01 and 2100-12-31."""
Moment = Annotated[dt.datetime, AfterValidator(_moment)]
"""A time on a day between 2000-01-01 and 2100-12-31."""
Figure = Annotated[float, AfterValidator(_figure)]
"""A finite figure of at most a billion either way."""
