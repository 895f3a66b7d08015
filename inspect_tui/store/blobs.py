"""Attachment bytes, stored once by SHA-256 however often they are attached."""

from __future__ import annotations

import hashlib
from pathlib import Path

from sqlite_utils import Database

from inspect_tui.i18n import _
from inspect_tui.store.attachments_media import require_photo
from inspect_tui.store.db import StoreError

MAX_ATTACHMENT_BYTES = 50 * 1024 * 1024
"""Largest file that can be attached (a photo or a scanned document)."""


def read_attachment(path: Path) -> tuple[bytes, str, str]:
    """(bytes, sha256, media type) of a photo to attach, or a StoreError saying what is wrong.

    The media type is sniffed from the bytes (never the name); only JPEG, PNG, WebP and HEIC pass.
    """
    if not path.exists():
        raise StoreError(_("no file at {path}; check the path").format(path=path))
    if not path.is_file():
        raise StoreError(_("{path} is not a file").format(path=path))
    size = path.stat().st_size
    if size > MAX_ATTACHMENT_BYTES:
        raise StoreError(
            _("{name} is {size} MB; attach files up to 50 MB").format(name=path.name, size=size // (1024 * 1024))
        )
    data = path.read_bytes()
    media_type = require_photo(data, path.name)
    return data, hashlib.sha256(data).hexdigest(), media_type


def store_blob(db: Database, data: bytes) -> str:
    """Store bytes under their SHA-256 (a no-op when they are already there)."""
    digest = hashlib.sha256(data).hexdigest()
    db.execute("INSERT OR IGNORE INTO blobs(sha256, size, data) VALUES (?, ?, ?)", [digest, len(data), data])
    return digest


def load_blob(db: Database, sha256: str) -> bytes | None:
    """The stored bytes, or None."""
    row = db.execute("SELECT data FROM blobs WHERE sha256 = ?", [sha256]).fetchone()
    return None if row is None else bytes(row[0])
