"""Showing a finding's photos with the system viewer, when this machine has one."""

from __future__ import annotations

import mimetypes
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from inspect_tui.store import queries

if TYPE_CHECKING:
    from sqlite_utils import Database

    from inspect_tui.store.queries import AttachmentRow

PHOTO_FOLDER = "inspect-tui-photos"
"""Folder under the system's temporary folder where photos are written to be opened."""


def extract_attachment(db: Database, attachment: AttachmentRow, folder: Path | None = None) -> Path | None:
    """Write the attachment's bytes to a file named by its SHA-256 and extension; None when the bytes are missing.

    The same photo is written once: a file already there with that name holds the same bytes.
    """
    target_folder = folder or Path(tempfile.gettempdir()) / PHOTO_FOLDER
    suffix = Path(attachment.file_name).suffix.lower() or mimetypes.guess_extension(attachment.media_type) or ""
    target = target_folder / f"{attachment.sha256}{suffix}"
    if target.exists() and target.stat().st_size == attachment.size:
        return target
    data = queries.attachment_bytes(db, attachment.sha256)
    if data is None:
        return None
    target_folder.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.part")
    partial.write_bytes(data)
    os.replace(partial, target)
    return target


def system_viewer() -> list[str] | None:
    """The command that opens a file with the desktop's default program, if there is one."""
    if sys.platform == "win32":
        return ["start"] if hasattr(os, "startfile") else None
    name = "open" if sys.platform == "darwin" else "xdg-open"
    found = shutil.which(name)
    return [found] if found else None


def open_with_system_viewer(path: Path) -> bool:
    """Open path with the system viewer; False when this machine has none (then say where the file is)."""
    command = system_viewer()
    if command is None:
        return False
    if command == ["start"]:
        os.startfile(path)  # type: ignore[attr-defined,unused-ignore]
        return True
    subprocess.Popen(  # the viewer outlives this call; its output must not scribble over the screen
        [*command, str(path)],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    return True
