"""Limits on a bundle as a whole, so that many small members cannot add up to what one may not.

``zipguard`` holds each member to its own size and compression ratio (members under
``layout.RATIO_FLOOR_BYTES`` are not held to the ratio: tiny files compress oddly). These limits
count every member, small ones too, from the sizes the zip's directory declares (inflating
never yields more than a member declares: ``zipfile`` stops there and checks the CRC):

- all members together may not expand more than ``layout.MAX_RATIO`` times;
- attachment files together may not expand more than ``MAX_BLOB_RATIO`` times (photos hardly
  compress; the export stores them uncompressed) nor exceed ``MAX_TOTAL_BLOB_BYTES``.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterable
from typing import Final

from inspect_tui.i18n import _, format_number
from inspect_tui.sync import layout

MAX_TOTAL_BLOB_BYTES: Final = 2 * 1024**3
"""Most attachment bytes one bundle may carry, all files together."""
MAX_BLOB_RATIO: Final = 20
"""Highest compression ratio of all attachment files together (JPEG, PNG, WebP, HEIC are compressed already)."""


def check_totals(entries: Iterable[zipfile.ZipInfo]) -> str | None:
    """Why the zip's members are refused together, or None."""
    total = packed = blobs = blobs_packed = 0
    for info in entries:
        total += info.file_size
        packed += info.compress_size
        if layout.blob_sha(info.filename) is not None:
            blobs += info.file_size
            blobs_packed += info.compress_size
    if blobs > MAX_TOTAL_BLOB_BYTES:
        return _("the attachment files declare {size} bytes together; a bundle carries at most {limit}").format(
            size=format_number(blobs, 0), limit=format_number(MAX_TOTAL_BLOB_BYTES, 0)
        )
    if blobs > layout.RATIO_FLOOR_BYTES and blobs > MAX_BLOB_RATIO * max(blobs_packed, 1):
        return _(
            "the attachment files expand {ratio} times together; "
            "photos expand at most {limit} times (a zip bomb of small files?)"
        ).format(ratio=format_number(blobs / max(blobs_packed, 1), 0), limit=MAX_BLOB_RATIO)
    if total > layout.RATIO_FLOOR_BYTES and total > layout.MAX_RATIO * max(packed, 1):
        return _(
            "the members expand {ratio} times together; at most {limit} is accepted (a zip bomb of small files?)"
        ).format(ratio=format_number(total / max(packed, 1), 0), limit=layout.MAX_RATIO)
    return None
