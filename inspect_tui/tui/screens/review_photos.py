"""Showing a finding's photos with the system viewer, when this machine has one."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database

    from inspect_tui.store.queries import AttachmentRow


def extract_attachment(db: Database, attachment: AttachmentRow, folder: Path | None = None) -> Path | None:
    """The checked file the viewer opens for an attachment (see ``workflow.photo_for_viewing``)."""
    from inspect_tui.store.workflow import photo_for_viewing

    return photo_for_viewing(db, attachment.sha256, folder)


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
