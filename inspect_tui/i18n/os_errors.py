"""What went wrong with a file, in the interface language.

The system's own text (``No such file or directory``) is English whatever the user speaks;
the usual reasons are given here as words of the catalog, anything rarer as the system says it.
"""

from __future__ import annotations

import errno
from typing import TYPE_CHECKING

from inspect_tui.i18n import N_, _

if TYPE_CHECKING:
    from pathlib import Path

REASONS: dict[int, str] = {
    errno.ENOENT: N_("no such file or folder"),
    errno.EACCES: N_("permission denied"),
    errno.EPERM: N_("not permitted"),
    errno.EISDIR: N_("it is a folder"),
    errno.ENOTDIR: N_("a part of the path is not a folder"),
    errno.EEXIST: N_("it already exists"),
    errno.ENOSPC: N_("no space left on the disk"),
    errno.EROFS: N_("the disk is read-only"),
    errno.ENAMETOOLONG: N_("the name is too long"),
    errno.ELOOP: N_("too many symbolic links"),
    errno.EIO: N_("the disk reported an input/output error"),
    errno.EMFILE: N_("too many open files"),
}
"""The reasons a user meets, by error number."""


def os_problem(error: BaseException) -> str:
    """The reason of an OSError in the interface language (other errors as they read)."""
    if isinstance(error, UnicodeDecodeError):
        return _("it is not UTF-8 text (byte {at})").format(at=error.start + 1)
    number = getattr(error, "errno", None)
    english = REASONS.get(number) if isinstance(number, int) else None
    if english is not None:
        return _(english)
    return str(getattr(error, "strerror", None) or error)


def under_a_file(folder: Path) -> bool:
    """A file (not a folder) stands where folder, or one of the folders above it, should be."""
    return any(part.exists() and not part.is_dir() for part in (folder, *folder.parents))
