"""When a photo was taken, read from its EXIF data (never from the file's dates).

``DateTimeOriginal`` (0x9003 in the Exif IFD 0x8769) gives the camera's local time;
``OffsetTimeOriginal`` (0x9011) its offset from UTC when the camera wrote one, else the time is
read as Europe/Amsterdam local time. A missing, malformed or out-of-range value gives None: a
photo with a bogus date is still attached, only without a time.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import warnings

from inspect_tui.domain.limits import check_moment
from inspect_tui.i18n.zone import zoned

EXIF_IFD = 0x8769
DATE_TIME_ORIGINAL = 0x9003
OFFSET_TIME_ORIGINAL = 0x9011

_DATE_TIME = re.compile(r"^(\d{4}):(\d{2}):(\d{2}) (\d{2}):(\d{2}):(\d{2})$")
_OFFSET = re.compile(r"^([+-])(\d{2}):(\d{2})$")


def parse_exif_time(text: object, offset: object = None) -> dt.datetime | None:
    """An EXIF "YYYY:MM:DD HH:MM:SS" time with its offset ("+01:00"), zoned; None when not valid."""
    if isinstance(text, bytes):
        text = text.decode("ascii", "replace")
    if not isinstance(text, str):
        return None
    match = _DATE_TIME.match(text.strip().strip("\x00").strip())
    if match is None:
        return None
    try:
        year, month, day, hour, minute, second = (int(part) for part in match.groups())
        moment = dt.datetime(year, month, day, hour, minute, second)
    except ValueError:
        return None
    if isinstance(offset, bytes):
        offset = offset.decode("ascii", "replace")
    zone_match = _OFFSET.match(offset.strip().strip("\x00").strip()) if isinstance(offset, str) else None
    if zone_match is not None:
        sign, hours, minutes = zone_match.groups()
        delta = dt.timedelta(hours=int(hours), minutes=int(minutes))
        if delta <= dt.timedelta(hours=14) and int(minutes) < 60:
            moment = moment.replace(tzinfo=dt.timezone(-delta if sign == "-" else delta))
    try:
        return check_moment(zoned(moment))
    except ValueError:
        return None


def taken_at(data: bytes) -> dt.datetime | None:
    """When the photo in data was taken, from its EXIF DateTimeOriginal; None when it does not say."""
    from PIL import Image

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with Image.open(io.BytesIO(data)) as image:
                exif = image.getexif().get_ifd(EXIF_IFD)
                return parse_exif_time(exif.get(DATE_TIME_ORIGINAL), exif.get(OFFSET_TIME_ORIGINAL))
    except Exception:  # hostile or unusual EXIF data only means "no time recorded"
        return None
