"""Writing an export so that a crash or a full disk never leaves half a file behind."""

from __future__ import annotations

import errno
import os
import secrets
import stat
from pathlib import Path

from inspect_tui.i18n import _
from inspect_tui.i18n.os_errors import os_problem, under_a_file


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to a temporary file next to ``path``, flush it to disk, then rename it over ``path``."""
    target = Path(path)
    folder = target.parent
    if not folder.is_dir():
        if under_a_file(folder):
            reason = os_problem(NotADirectoryError(errno.ENOTDIR, str(folder)))
            raise OSError(_("cannot write {path}: {reason}; choose another --out").format(path=target, reason=reason))
        raise OSError(_("folder {folder} does not exist; create it or choose another --out").format(folder=folder))
    if target.is_dir():
        raise OSError(_("{path} is a folder; give a file name for --out").format(path=target))
    temp = folder / f".{target.name}.{secrets.token_hex(4)}.tmp"
    try:
        if target.exists() and not stat.S_ISREG(target.stat().st_mode):
            # A device or a pipe (/dev/stdout, a named pipe): written to as it is; renaming a file over
            # it would replace it, not write to it.
            with open(target, "wb") as handle:
                handle.write(data)
                handle.flush()
            return
        # os.open with 0o666 lets the umask decide the permissions, as for any file the user saves.
        descriptor = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        try:
            with os.fdopen(descriptor, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temp, target)
        except BaseException:
            temp.unlink(missing_ok=True)
            raise
    except OSError as exc:  # said of the file asked for, not of the temporary one beside it
        raise OSError(
            _("cannot write {path}: {reason}; choose another --out").format(path=target, reason=os_problem(exc))
        ) from None
