"""Writing a bundle zip as a signed BagIt bag, and reading its tag files back.

The writer streams payload members into the zip while hashing them, then adds the tag files:
``manifest-sha256.txt`` over the payload, ``bag-info.txt``, ``signer.pub``, the tag manifest
over those and ``bagit.txt``, and last the Ed25519 signature over the tag manifest's bytes.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import stat
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from typing import BinaryIO

from nacl.signing import SigningKey

from inspect_tui.domain.text import describe_char, excerpt, unsafe_char
from inspect_tui.i18n import _
from inspect_tui.sync.errors import BundleError
from inspect_tui.sync.layout import (
    BAG_INFO,
    BAGIT_TXT,
    BAGIT_TXT_BYTES,
    MANIFEST,
    SIGNATURE,
    SIGNED_TAG_FILES,
    SIGNER,
    TAGMANIFEST,
)


class PayloadWriter:
    """Writes one payload member, hashing and counting what passes through."""

    def __init__(self, stream: BinaryIO) -> None:
        self._stream = stream
        self._hash = hashlib.sha256()
        self.size = 0

    def write(self, data: bytes) -> None:
        """Append data to the member."""
        self._hash.update(data)
        self.size += len(data)
        self._stream.write(data)

    @property
    def sha256(self) -> str:
        """Hex SHA-256 of everything written so far."""
        return self._hash.hexdigest()


def _zip_info(name: str, when: dt.datetime, compress: bool) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=when.timetuple()[:6])
    info.compress_type = zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED
    info.external_attr = (stat.S_IFREG | 0o644) << 16
    return info


def manifest_text(digests: dict[str, str]) -> bytes:
    """A BagIt manifest: ``<sha256>  <path>`` per file, sorted by path."""
    return "".join(f"{digests[name]}  {name}\n" for name in sorted(digests)).encode()


class BagWriter:
    """Builds a signed bundle zip on an open binary file."""

    def __init__(self, fileobj: BinaryIO, *, when: dt.datetime | None = None) -> None:
        self._zip = zipfile.ZipFile(fileobj, "w", compression=zipfile.ZIP_DEFLATED)
        self._when = (when or dt.datetime.now()).replace(microsecond=0)
        self._digests: dict[str, str] = {}
        self._bytes = 0

    @contextmanager
    def payload(self, name: str, *, compress: bool = True) -> Iterator[PayloadWriter]:
        """Stream one payload member (a name under data/)."""
        if not name.startswith("data/") or name in self._digests:
            raise BundleError(_("{name} cannot be added to the payload").format(name=name))
        with self._zip.open(_zip_info(name, self._when, compress), "w") as stream:
            writer = PayloadWriter(stream)  # type: ignore[arg-type]
            yield writer
        self._digests[name] = writer.sha256
        self._bytes += writer.size

    def add_payload(self, name: str, data: bytes, *, compress: bool = True) -> None:
        """Add a payload member whose bytes are at hand."""
        with self.payload(name, compress=compress) as writer:
            writer.write(data)

    def _tag(self, name: str, data: bytes) -> None:
        self._zip.writestr(_zip_info(name, self._when, True), data)

    def finish(self, info: list[tuple[str, str]], signing_key: SigningKey) -> bytes:
        """Write the tag files and the signature, close the zip; returns the tag manifest's bytes.

        info is bag-info.txt without Payload-Oxum and Bagging-Date, which are added here.
        """
        manifest = manifest_text(self._digests)
        fields = [
            *info,
            ("Bagging-Date", self._when.date().isoformat()),
            ("Payload-Oxum", f"{self._bytes}.{len(self._digests)}"),
        ]
        tags = {
            BAGIT_TXT: BAGIT_TXT_BYTES,
            BAG_INFO: format_bag_info(fields),
            MANIFEST: manifest,
            SIGNER: bytes(signing_key.verify_key).hex().encode() + b"\n",
        }
        tagmanifest = manifest_text({name: hashlib.sha256(tags[name]).hexdigest() for name in SIGNED_TAG_FILES})
        signature = base64.b64encode(signing_key.sign(tagmanifest).signature) + b"\n"
        for name in SIGNED_TAG_FILES:
            self._tag(name, tags[name])
        self._tag(TAGMANIFEST, tagmanifest)
        self._tag(SIGNATURE, signature)
        self._zip.close()
        return tagmanifest

    def abort(self) -> None:
        """Close the zip without finishing it (the caller removes the file)."""
        self._zip.close()


def format_bag_info(fields: list[tuple[str, str]]) -> bytes:
    """bag-info.txt: one ``Label: value`` per line."""
    for label, value in fields:
        if not label or ":" in label or "\n" in label or "\n" in value:
            raise BundleError(_("bag-info.txt cannot hold {label}").format(label=repr(label)))
    return "".join(f"{label}: {value}\n" for label, value in fields).encode()


_OTHER_BREAKS = frozenset("\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")
"""Characters some readers take for a line break; a tag file breaks lines with LF or CRLF only."""


def tag_lines(data: bytes, member: str) -> list[tuple[int, str]]:
    """The lines of a tag file as (number, text): UTF-8, broken at LF or CRLF and nowhere else.

    Any other character that some reader would take for a line break (CR alone, U+0085, U+2028 …)
    and any other control character is refused, so that every reader sees the same lines.
    """
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BundleError(
            _("not UTF-8 text (byte {position}: {bytes})").format(
                position=exc.start + 1, bytes=excerpt(data[exc.start : exc.start + 8])
            ),
            member=member,
        ) from None
    result: list[tuple[int, str]] = []
    for number, line in enumerate(text.split("\n"), start=1):
        line = line.removesuffix("\r")
        bad = next((c for c in line if c in _OTHER_BREAKS), None)
        if bad is not None:
            raise BundleError(
                _("holds a line break other than LF or CRLF ({char}) inside a line").format(char=describe_char(bad)),
                member=member,
                line=number,
            )
        bad = unsafe_char(line.replace("\t", " "))
        if bad is not None:
            raise BundleError(
                _("holds a control character ({char})").format(char=describe_char(bad)), member=member, line=number
            )
        result.append((number, line))
    return result


def parse_bag_info_lines(data: bytes) -> dict[str, tuple[str, int]]:
    """The labels of bag-info.txt with their values and the line each starts on.

    A label given twice or a line without a label is refused.
    """
    fields: dict[str, tuple[str, int]] = {}
    last: str | None = None
    for number, line in tag_lines(data, BAG_INFO):
        if not line.strip():
            continue
        if line[0] in " \t" and last is not None:  # a folded continuation line (RFC 8493 2.2.2)
            value, first = fields[last]
            fields[last] = (f"{value} {line.strip()}", first)
            continue
        label, sep, value = line.partition(":")
        if not sep or not label.strip():
            raise BundleError(
                _("not a 'Label: value' line ({line})").format(line=excerpt(line)), member=BAG_INFO, line=number
            )
        label = label.strip()
        if label in fields:
            raise BundleError(_("{label} is given twice").format(label=excerpt(label)), member=BAG_INFO, line=number)
        fields[label] = (value.strip(), number)
        last = label
    return fields


def parse_bag_info(data: bytes) -> dict[str, str]:
    """The labels of bag-info.txt and their values (see parse_bag_info_lines)."""
    return {label: value for label, (value, _) in parse_bag_info_lines(data).items()}


_HEX = frozenset("0123456789abcdef")


def parse_manifest(data: bytes, member: str) -> dict[str, str]:
    """A manifest's entries, path → hex SHA-256; malformed or repeated lines are refused."""
    entries: dict[str, str] = {}
    for number, line in tag_lines(data, member):
        if not line.strip():
            continue
        digest, _sep, path = line.partition("  ")
        if len(digest) != 64 or not set(digest) <= _HEX or not path:
            raise BundleError(
                _(
                    "not a manifest line: 64 lower-case hex digits of the SHA-256, two spaces, then the path ({line})"
                ).format(line=excerpt(line)),
                member=member,
                line=number,
            )
        if path in entries:
            raise BundleError(_("{path} is listed twice").format(path=excerpt(path)), member=member, line=number)
        entries[path] = digest
    return entries
