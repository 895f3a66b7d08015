"""Photos on checklist items: a photo documents the answer to one item of an open inspection.

Only an answered item takes a photo (an empty answer would count as progress and change what
the checklist shows); the inspector answers the item first. Identical bytes on one answer are
stored once; the time the photo was taken is read from its EXIF data.
"""

from __future__ import annotations

from pathlib import Path

from sqlite_utils import Database

from inspect_tui.domain.models import Answer, Attachment, answer_id
from inspect_tui.i18n import _
from inspect_tui.store.blobs import read_attachment, store_blob
from inspect_tui.store.db import StoreError
from inspect_tui.store.photo_time import taken_at
from inspect_tui.store.records import get, save
from inspect_tui.store.workflow._common import find_item, load_inspection, require_editable


def attach_item_photo(db: Database, inspection_id: str, item_id: str, path: Path) -> Attachment:
    """Attach a photo to the answer of one checklist item; refused for an unanswered item."""
    data, digest, media_type = read_attachment(Path(path).expanduser())
    with db.atomic():
        inspection = load_inspection(db, inspection_id)
        require_editable(inspection)
        find_item(inspection, item_id)
        answer = get(db, Answer, answer_id(inspection_id, item_id))
        if answer is None:
            raise StoreError(
                _("item {item} is not answered yet; answer it first, then add its photo").format(item=item_id)
            )
        store_blob(db, data)
        existing = db.execute(
            "SELECT id FROM attachments WHERE answer_id = ? AND sha256 = ?", [answer.id, digest]
        ).fetchone()
        if existing:
            attached = get(db, Attachment, existing[0])
            assert attached is not None
            return attached
        attachment = Attachment(
            answer_id=answer.id,
            sha256=digest,
            file_name=Path(path).name,
            media_type=media_type,
            size=len(data),
            taken_at=taken_at(data),
        )
        save(db, attachment)
        return attachment


def item_photos(db: Database, inspection_id: str, item_id: str) -> list[Attachment]:
    """The photos on one item's answer, oldest first."""
    rows = db.execute(
        "SELECT id FROM attachments WHERE answer_id = ? ORDER BY taken_at IS NULL, taken_at, file_name, id",
        [answer_id(inspection_id, item_id)],
    ).fetchall()
    photos = [get(db, Attachment, r[0]) for r in rows]
    return [p for p in photos if p is not None]
