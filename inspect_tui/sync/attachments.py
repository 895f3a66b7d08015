"""Attachments arriving in a bundle: only photos, and of the type their bytes show.

Checked before anything is written: every attachment record that is not a deletion must name
a photo type (JPEG, PNG, WebP, HEIC), and every file the bundle carries must be such a photo,
sniffed from its bytes (the viewer goes by the sniffed type, never the record's). The bundle is
refused naming the record.
"""

from __future__ import annotations

from inspect_tui.i18n import _
from inspect_tui.store.attachments_media import ALLOWED_TEXT, MEDIA_TYPES, sniff_media_type
from inspect_tui.sync.errors import BundleError
from inspect_tui.sync.layout import blob_member
from inspect_tui.sync.reader import BundleReader, Line


def check_attachment_media(reader: BundleReader, lines: list[Line]) -> None:
    """Refuse the bundle when an attachment record or its file is not a photo."""
    sniffed: dict[str, str | None] = {}
    for line in lines:
        rev = line.revision
        if rev.entity != "attachments" or rev.data is None or rev.deleted:
            continue
        claimed = str(rev.data.get("media_type") or "")
        if claimed not in MEDIA_TYPES:
            raise BundleError(
                _("attachment {id} has media type {type}; only {allowed} photos are accepted").format(
                    id=rev.record_id, type=repr(claimed[:40]), allowed=_(ALLOWED_TEXT)
                ),
                source=reader.label,
                member=line.member,
                line=line.number,
            )
        sha = str(rev.data["sha256"])
        if sha not in sniffed:
            sniffed[sha] = sniff_media_type(reader.blob(sha))
        actual = sniffed[sha]
        if actual is None:
            raise BundleError(
                _("attachment {id}: its file is not a {allowed} photo ({member})").format(
                    id=rev.record_id, allowed=_(ALLOWED_TEXT), member=blob_member(sha)
                ),
                source=reader.label,
                member=line.member,
                line=line.number,
            )
