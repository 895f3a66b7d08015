"""Where a bundle is written: its final name (a file given, or one made in a folder given), and
the folder flushed to disk once the bundle is renamed into it."""

from __future__ import annotations

import errno
import os
from typing import TYPE_CHECKING

from inspect_tui.i18n import _
from inspect_tui.i18n.os_errors import os_problem, under_a_file
from inspect_tui.sync.errors import BundleError

if TYPE_CHECKING:
    import datetime as dt
    from pathlib import Path


def bundle_target(out: Path, bundle_id: str, when: dt.datetime) -> Path:
    """The final file name: out itself, or a name made in the folder out (never personal data)."""
    if out.is_dir():
        return out / f"inspect-{when:%Y%m%d-%H%M%S}-{bundle_id[:8]}.zip"
    check_place(out)
    return out


def check_place(out: Path) -> None:
    """Refuse an out that cannot take a bundle (its folder missing or a file, a file of that name
    already there, a folder this user may not write in), so that a command can say so before it
    reads or writes anything."""
    if out.is_dir():
        _writable(out, out)
        return
    if not out.parent.is_dir():
        if under_a_file(out.parent):
            problem = os_problem(NotADirectoryError(errno.ENOTDIR, str(out.parent)))
            raise BundleError(_("cannot write {path}: {problem}").format(path=out, problem=problem))
        raise BundleError(_("the folder {path} does not exist; make it first: mkdir -p {path}").format(path=out.parent))
    if out.exists():
        raise BundleError(_("{path} already exists; choose another name or remove it first").format(path=out))
    _writable(out.parent, out)


def _writable(folder: Path, out: Path) -> None:
    """Refuse a folder this user may not create a file in (the export would fail at its very end)."""
    if not os.access(folder, os.W_OK | os.X_OK):
        problem = os_problem(PermissionError(errno.EACCES, str(folder)))
        raise BundleError(_("cannot write {path}: {problem}").format(path=out, problem=problem))


def fsync_folder(folder: Path) -> None:
    """Flush the folder's entries to disk (a bundle just renamed into it), where the platform can."""
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:  # some platforms cannot open folders; the rename is still atomic
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
