"""What an attachment's bytes are, decided from the bytes alone, and handing one to a viewer safely.

The file name a person typed (or a bundle carried) never decides how a file is treated: the
bytes are sniffed with Pillow (``Image.open`` reads the header, ``verify`` checks the structure
without decoding pixels), and only JPEG, PNG, WebP and HEIC photos are stored or opened. Pillow
cannot read HEIC without a plug-in, so a HEIC photo is recognised by hand from its ISO-BMFF
``ftyp`` box (major brand ``heic``, ``heix`` or ``mif1``).

A photo shown with the system viewer is written to a private folder (0700) in the user's cache
folder, named by its SHA-256 and the extension of its sniffed type, created exclusively without
following links, and its content hash is checked before it is handed over.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import stat
import warnings
from pathlib import Path
from typing import Final

from inspect_tui.i18n import N_, _
from inspect_tui.i18n.os_errors import os_problem
from inspect_tui.store.errors import StoreError

MEDIA_TYPES: Final[dict[str, str]] = {
    "image/jpeg": ".jpg",
    "image/png": ".png",
    "image/webp": ".webp",
    "image/heic": ".heic",
}
"""The attachment types stored and opened, with the extension a viewer gets for each."""

ALLOWED_TEXT: Final = N_("JPEG, PNG, WebP or HEIC")
"""The photo kinds in words; translate it where it is shown: ``_(ALLOWED_TEXT)``."""

_PILLOW_TYPES: Final = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp", "HEIF": "image/heic"}
_HEIC_BRANDS: Final = frozenset({b"heic", b"heix", b"mif1"})


def _heic_brand(data: bytes) -> bool:
    """The bytes start with an ISO-BMFF ftyp box whose major brand is a HEIC brand."""
    if len(data) < 16 or data[4:8] != b"ftyp":
        return False
    size = int.from_bytes(data[:4], "big")
    return 16 <= size <= len(data) and data[8:12] in _HEIC_BRANDS


def sniff_media_type(data: bytes) -> str | None:
    """The media type of a photo from its bytes (one of MEDIA_TYPES), or None for anything else."""
    from PIL import Image

    try:
        with warnings.catch_warnings():
            # verify() decodes no pixels; a big photo only warns (above 2x Pillow's limit it is refused)
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                kind = _PILLOW_TYPES.get(str(image.format))
                image.verify()
    except Exception:  # Pillow raises many kinds for hostile bytes; all mean "not a photo"
        kind = None
    if kind is not None:
        return kind
    return "image/heic" if _heic_brand(data) else None


def require_photo(data: bytes, what: str) -> str:
    """The sniffed media type, or a StoreError naming what is not a photo."""
    kind = sniff_media_type(data)
    if kind is None:
        raise StoreError(
            _("{what} is not a {allowed} photo; only photos can be attached").format(what=what, allowed=_(ALLOWED_TEXT))
        )
    return kind


# -- handing a photo to the system viewer -----------------------------------------------------------

_NOFOLLOW: Final = getattr(os, "O_NOFOLLOW", 0)


def viewer_folder(folder: Path | None = None) -> Path:
    """The private folder photos are written to for viewing (made 0700; refused when not ours).

    By default ``photos`` in the user's cache folder (platformdirs).
    """
    if folder is None:
        from platformdirs import user_cache_dir

        folder = Path(user_cache_dir("inspect-tui")) / "photos"
    folder.parent.mkdir(parents=True, exist_ok=True)
    with contextlib.suppress(FileExistsError):
        os.mkdir(folder, 0o700)
    info = os.lstat(folder)
    if not stat.S_ISDIR(info.st_mode):
        raise StoreError(
            _("{folder} is not a folder (a link or a file was put there); remove it and try again").format(
                folder=folder
            )
        )
    if hasattr(os, "getuid") and info.st_uid != os.getuid():
        raise StoreError(_("{folder} belongs to another user; remove it and try again").format(folder=folder))
    if stat.S_IMODE(info.st_mode) & 0o077:
        os.chmod(folder, 0o700)
    return folder


def _holds(path: Path, sha256: str) -> bool:
    """path is a regular file (not a link) whose bytes hash to sha256."""
    try:
        fd = os.open(path, os.O_RDONLY | _NOFOLLOW | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return False
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return False
        digest = hashlib.sha256()
        with os.fdopen(fd, "rb", closefd=False) as handle:
            while chunk := handle.read(1024 * 1024):
                digest.update(chunk)
        return digest.hexdigest() == sha256
    finally:
        os.close(fd)


def write_for_viewing(data: bytes, sha256: str, folder: Path) -> Path:
    """The file a viewer may open: data under <sha256><extension of its sniffed type> in folder.

    A file already there is used only when its bytes hash to sha256; anything else (a planted
    file of the right size, a link) is removed and the file written again, exclusively.
    """
    if hashlib.sha256(data).hexdigest() != sha256:
        raise StoreError(_("the stored photo {sha}… is damaged (its SHA-256 differs)").format(sha=sha256[:12]))
    kind = sniff_media_type(data)
    if kind is None:
        raise StoreError(
            _("the attachment {sha}… is not a {allowed} photo; it is not opened").format(
                sha=sha256[:12], allowed=_(ALLOWED_TEXT)
            )
        )
    target = folder / f"{sha256}{MEDIA_TYPES[kind]}"
    if _holds(target, sha256):
        return target
    with contextlib.suppress(FileNotFoundError):
        os.unlink(target)  # never follows a link: removes the link itself
    try:
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW, 0o600)
    except OSError as exc:
        raise StoreError(
            _("cannot write the photo to {path}: {problem}").format(path=target, problem=os_problem(exc))
        ) from None
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    if not _holds(target, sha256):
        raise StoreError(_("{path} changed while it was written; it is not opened").format(path=target))
    return target
