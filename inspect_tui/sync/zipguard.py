"""A zip opened as hostile input: its directory checked before any member is read, members
inflated as streams under running limits.

The end of the file is read first, so a zip announcing 100,000 entries is refused before its
central directory is parsed; every entry's name, type, flags and declared sizes are checked
before a byte is inflated; and while inflating, the bytes produced are counted against the
member's limit, the total limit and the compression ratio, whatever the headers claim.
"""

from __future__ import annotations

import os
import stat
import struct
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from inspect_tui.domain.text import excerpt
from inspect_tui.i18n import _, format_number
from inspect_tui.i18n.os_errors import os_problem
from inspect_tui.sync import layout
from inspect_tui.sync.errors import BundleError
from inspect_tui.sync.limits import check_totals

_EOCD = b"PK\x05\x06"
_ZIP64_LOCATOR = b"PK\x06\x07"
_ZIP64_EOCD = b"PK\x06\x06"
_ZIP_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, ValueError, OSError)


def check_entry_count(handle: BinaryIO, size: int, label: str) -> None:
    """Refuse a zip whose end record announces too many entries, before zipfile parses them."""
    tail_size = min(size, 65_535 + 22 + 20 + 56)
    handle.seek(size - tail_size)
    tail = handle.read(tail_size)
    at = tail.rfind(_EOCD)
    if at < 0 or len(tail) - at < 22:
        raise BundleError(_("not a zip file (damaged or truncated)"), source=label)
    entries, cd_size = struct.unpack("<xxxxxxxxxxHI", tail[at : at + 16])
    if (entries == 0xFFFF or cd_size == 0xFFFFFFFF) and at >= 20 and tail[at - 20 : at - 16] == _ZIP64_LOCATOR:
        (offset,) = struct.unpack("<Q", tail[at - 12 : at - 4])
        if offset + 56 > size:
            raise BundleError(_("not a zip file (damaged zip64 end record)"), source=label)
        handle.seek(offset)
        record = handle.read(56)
        if record[:4] != _ZIP64_EOCD:
            raise BundleError(_("not a zip file (damaged zip64 end record)"), source=label)
        entries, cd_size = struct.unpack("<QQ", record[32:48])
    if entries > layout.MAX_ENTRIES:
        raise BundleError(
            _("the zip holds {n} entries; a bundle holds at most {limit}").format(
                n=format_number(entries, 0), limit=format_number(layout.MAX_ENTRIES, 0)
            ),
            source=label,
        )
    if cd_size > layout.MAX_CENTRAL_DIRECTORY_BYTES:
        raise BundleError(
            _("the zip's directory is {size} bytes, more than a bundle needs").format(size=format_number(cd_size, 0)),
            source=label,
        )


def check_entry(info: zipfile.ZipInfo) -> str | None:
    """Why one entry of the central directory is refused, or None."""
    reason = layout.check_member_name(info.orig_filename)
    if reason:
        return reason
    mode = info.external_attr >> 16
    if stat.S_ISLNK(mode):
        return _("a symbolic link")
    if stat.S_IFMT(mode) not in (0, stat.S_IFREG, stat.S_IFDIR):  # 0: the zip tool wrote no file type
        return _("not a regular file")
    if info.flag_bits & 0x1:
        return _("encrypted")
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        return _("compressed with method {method}; only stored and deflated are read").format(method=info.compress_type)
    if info.filename in layout.DIRECTORY_ENTRIES:
        return None if info.file_size == 0 else _("a directory entry with content")
    if info.is_dir():
        return _("a directory entry")
    limit = layout.member_limit(info.filename)
    if info.file_size > limit:
        return _("declares {size} bytes; at most {limit} are accepted").format(
            size=format_number(info.file_size, 0), limit=format_number(limit, 0)
        )
    if info.file_size > layout.RATIO_FLOOR_BYTES and info.file_size > layout.MAX_RATIO * max(info.compress_size, 1):
        return _("expands more than {ratio} times (a zip bomb?)").format(ratio=layout.MAX_RATIO)
    return None


class GuardedZip:
    """An open zip whose directory passed the checks; members are read with stream()."""

    def __init__(self, path: Path, label: str) -> None:
        self.path = path
        self.label = label
        self.entries: dict[str, zipfile.ZipInfo] = {}
        """Every file entry (directory entries left out), by name, in zip order."""
        self._handle: BinaryIO | None = None
        self._zip: zipfile.ZipFile | None = None
        self._inflated = 0

    def _error(self, reason: str, member: str | None = None) -> BundleError:
        return BundleError(reason, source=self.label, member=member)

    def open(self) -> None:
        """Open the file and check the zip's directory (no member is read yet)."""
        try:  # non-blocking: opening a FIFO must not wait for a writer
            fd = os.open(self.path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
        except OSError as exc:
            raise self._error(_("cannot open it ({problem})").format(problem=os_problem(exc))) from None
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            os.close(fd)
            raise self._error(_("not a regular file (a pipe, device or folder); give the bundle's .zip file"))
        handle: BinaryIO = os.fdopen(fd, "rb")
        self._handle = handle
        try:
            size = os.fstat(fd).st_size
            if size == 0:
                raise self._error(_("the file is empty"))
            if size > layout.MAX_BUNDLE_BYTES:
                raise self._error(
                    _("the file is {size} bytes; a bundle is at most {limit}").format(
                        size=format_number(size, 0), limit=format_number(layout.MAX_BUNDLE_BYTES, 0)
                    )
                )
            check_entry_count(handle, size, self.label)
            handle.seek(0)
            try:
                self._zip = zipfile.ZipFile(handle)
            except _ZIP_ERRORS as exc:
                raise self._error(
                    _("not a zip file (damaged or truncated: {problem})").format(problem=excerpt(str(exc), 80))
                ) from None
            self._check_directory(self._zip.infolist())
        except BaseException:
            self.close()
            raise

    def _check_directory(self, entries: list[zipfile.ZipInfo]) -> None:
        if len(entries) > layout.MAX_ENTRIES:
            raise self._error(
                _("the zip holds {n} entries; a bundle holds at most {limit}").format(
                    n=format_number(len(entries), 0), limit=format_number(layout.MAX_ENTRIES, 0)
                )
            )
        declared = 0
        directories: set[str] = set()
        for info in entries:
            name = info.orig_filename
            reason = check_entry(info)
            if reason:
                raise self._error(reason, member=name)
            if name in self.entries or name in directories:
                raise self._error(_("appears twice in the zip"), member=name)
            if name in layout.DIRECTORY_ENTRIES:
                directories.add(name)
                continue
            declared += info.file_size
            if declared > layout.MAX_TOTAL_BYTES:
                raise self._error(
                    _("the members declare more than {limit} bytes together").format(
                        limit=format_number(layout.MAX_TOTAL_BYTES, 0)
                    )
                )
            self.entries[name] = info
        reason = check_totals(self.entries.values())
        if reason:
            raise self._error(reason)

    def close(self) -> None:
        """Release the file."""
        if self._zip is not None:
            self._zip.close()
            self._zip = None
        if self._handle is not None:
            self._handle.close()
            self._handle = None

    def stream(self, name: str, *, count_total: bool) -> Iterator[bytes]:
        """The member's bytes in chunks, refused as soon as a running limit is passed."""
        if self._zip is None:
            raise RuntimeError("open() first")
        info = self.entries[name]
        limit = layout.member_limit(name)
        ratio_cap = layout.MAX_RATIO * max(info.compress_size, 1)
        produced = 0
        try:
            with self._zip.open(info) as stream:
                while chunk := stream.read(layout.CHUNK_BYTES):
                    produced += len(chunk)
                    if produced > limit:
                        raise self._error(
                            _("inflates to more than {limit} bytes").format(limit=format_number(limit, 0)), member=name
                        )
                    if produced > layout.RATIO_FLOOR_BYTES and produced > ratio_cap:
                        raise self._error(
                            _("expands more than {ratio} times (a zip bomb?)").format(ratio=layout.MAX_RATIO),
                            member=name,
                        )
                    if count_total:
                        self._inflated += len(chunk)
                        if self._inflated > layout.MAX_TOTAL_BYTES:
                            raise self._error(
                                _("the members inflate to more than {limit} bytes").format(
                                    limit=format_number(layout.MAX_TOTAL_BYTES, 0)
                                )
                            )
                    yield chunk
        except _ZIP_ERRORS as exc:
            raise self._error(
                _("damaged in the zip ({problem})").format(problem=excerpt(str(exc), 80)), member=name
            ) from None
