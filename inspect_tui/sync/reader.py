"""Reading a bundle as hostile input: layout, limits, hashes, signature, then every line.

Nothing is extracted and nothing is trusted before it is checked:

1. the zip's directory is checked before any member is read (see ``zipguard``);
2. every member is inflated as a stream under running limits, and hashed;
3. the tag manifest, the signature, the payload manifest and bag-info.txt are checked;
4. only then is each line of ``data/<kind>.jsonl`` parsed and validated (re-hashing as it goes,
   so a file changed between the passes is noticed).
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
import re
import uuid
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

from nacl.exceptions import BadSignatureError
from nacl.signing import VerifyKey
from pydantic import ValidationError

from inspect_tui.domain.text import excerpt
from inspect_tui.i18n import _, format_number, ngettext
from inspect_tui.store.revisions import Revision
from inspect_tui.sync import layout
from inspect_tui.sync.bag import parse_bag_info_lines, parse_manifest
from inspect_tui.sync.envelope import DEVICE_PATTERN, describe, parse_line
from inspect_tui.sync.errors import BundleError
from inspect_tui.sync.zipguard import GuardedZip

MAX_SEQ = 999_999_999
"""Highest change sequence number a device reaches (as revision generations, nine digits)."""
MAX_COUNT = 10_000_000
"""Most records of one kind a bundle may count."""
FUTURE_SLACK = dt.timedelta(days=1)
"""How far in the future a bundle's creation time may lie (clocks drift, time zones differ)."""
EARLIEST_CREATED = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
_ASCII_NUMBER = re.compile(r"[0-9]{1,12}")
_NO_IDS = frozenset({str(uuid.UUID(int=0)), str(uuid.UUID(int=(1 << 128) - 1))})


def _implausible_time(when: dt.datetime, now: dt.datetime | None = None) -> str | None:
    """Why a bundle's creation time cannot be right, or None."""
    aware = when if when.tzinfo is not None else when.replace(tzinfo=dt.UTC)
    current = now or dt.datetime.now(dt.UTC)
    try:
        if aware > current + FUTURE_SLACK:
            return _("is more than a day in the future; check the clock of the device that made it")
        if aware < EARLIEST_CREATED:
            return _("is before 2000; check the clock of the device that made it")
    except OverflowError:
        return _("is out of range")
    return None


ReadProgress = Callable[[int, int], None]
"""Called with (done, total) as work proceeds, for a progress bar."""


@dataclass(frozen=True)
class BundleInfo:
    """What bag-info.txt says about the bundle (never personal data)."""

    bundle_id: str
    device_id: str
    seq_from: int
    seq_to: int
    created: str
    counts: dict[str, int]
    sealed: bool
    """Occupants' personal fields are sealed to the central key."""
    version: int = layout.FORMAT_VERSION
    agent: str = ""
    """The program that made the bundle (Bag-Software-Agent)."""


@dataclass(frozen=True)
class Line:
    """One validated line of a bundle: where it was and the revision it carries."""

    member: str
    number: int
    revision: Revision


@dataclass
class _Member:
    info: zipfile.ZipInfo
    sha256: str = ""
    data: bytes = b""
    """Kept for tag files only."""


class BundleReader:
    """An open bundle file, read in two checked passes (see the module docstring)."""

    def __init__(self, path: Path, label: str | None = None) -> None:
        self.path = path
        self.label = label or str(path)
        self._zip = GuardedZip(path, self.label)
        self._members: dict[str, _Member] = {}
        self.info: BundleInfo | None = None
        self.signer = b""
        self.tagmanifest = b""
        self.blob_sizes: dict[str, int] = {}
        self.checked = False

    # -- opening ---------------------------------------------------------------------------------

    def __enter__(self) -> BundleReader:
        self.open()
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.close()

    def _error(self, reason: str, member: str | None = None, line: int | None = None) -> BundleError:
        return BundleError(reason, source=self.label, member=member, line=line)

    def open(self) -> None:
        """Open the zip, check its directory and that every tag file is there."""
        self._zip.open()
        self._members = {name: _Member(info) for name, info in self._zip.entries.items()}
        for name in layout.TAG_FILES:
            if name not in self._members:
                self.close()
                raise self._error(_("{name} is missing; this is not a complete bundle").format(name=name))

    def close(self) -> None:
        """Release the file."""
        self._zip.close()

    def _stream(self, name: str, *, count_total: bool) -> Iterator[bytes]:
        return self._zip.stream(name, count_total=count_total)

    # -- pass 1: hashes, signature, bag-info ------------------------------------------------------------

    def check(self, progress: ReadProgress | None = None) -> BundleInfo:
        """Hash every member and check manifests, signature and bag-info.txt."""
        total = sum(m.info.file_size for m in self._members.values()) or 1
        done = 0
        # Tag files first: the signature is checked before a byte of the payload is hashed, so an
        # unsigned or forged file costs a few small reads, not a pass over the whole zip.
        tags_first = sorted(self._members.items(), key=lambda item: item[0] not in layout.TAG_FILES)
        for name, member in tags_first:
            if name not in layout.TAG_FILES and not self.signer:
                self._check_tag_files()
                self._check_signature()
            digest = hashlib.sha256()
            keep = name in layout.TAG_FILES
            parts: list[bytes] = []
            for chunk in self._stream(name, count_total=True):
                digest.update(chunk)
                if keep:
                    parts.append(chunk)
                done += len(chunk)
                if progress:
                    progress(min(done, total), total)
            member.sha256 = digest.hexdigest()
            member.data = b"".join(parts)
        if not self.signer:
            self._check_tag_files()
            self._check_signature()
        if self._members[layout.BAGIT_TXT].data != layout.BAGIT_TXT_BYTES:
            raise self._error(_("not 'BagIt-Version: 1.0' with UTF-8 tag files"), member=layout.BAGIT_TXT)
        self._check_payload_manifest()
        self.info = self._check_bag_info()
        self.checked = True
        return self.info

    def _parse_manifest(self, name: str) -> dict[str, str]:
        try:
            return parse_manifest(self._members[name].data, name)
        except BundleError as exc:
            raise exc.located(source=self.label) from None

    def _check_tag_files(self) -> None:
        listed = self._parse_manifest(layout.TAGMANIFEST)
        for name in layout.SIGNED_TAG_FILES:
            if name not in listed:
                raise self._error(_("does not list {name}").format(name=name), member=layout.TAGMANIFEST)
        for name in listed:
            if name not in layout.SIGNED_TAG_FILES:
                raise self._error(
                    _("lists {name}, which is not a signed tag file").format(name=name), member=layout.TAGMANIFEST
                )
        for name in layout.SIGNED_TAG_FILES:
            if listed[name] != self._members[name].sha256:
                raise self._error(
                    _("does not match its SHA-256 in {manifest} (changed after signing?)").format(
                        manifest=layout.TAGMANIFEST
                    ),
                    member=name,
                )

    def _check_signature(self) -> None:
        text = self._members[layout.SIGNER].data.decode("ascii", errors="replace").strip()
        try:
            signer = bytes.fromhex(text)
        except ValueError:
            signer = b""
        if len(signer) != 32:
            raise self._error(_("not a hex Ed25519 public key"), member=layout.SIGNER)
        try:
            signature = base64.b64decode(self._members[layout.SIGNATURE].data.strip(), validate=True)
        except (binascii.Error, ValueError):
            signature = b""
        if len(signature) != 64:
            raise self._error(_("not a base64 Ed25519 signature"), member=layout.SIGNATURE)
        tagmanifest = self._members[layout.TAGMANIFEST].data
        try:
            VerifyKey(signer).verify(tagmanifest, signature)
        except (BadSignatureError, ValueError):
            raise self._error(
                _(
                    "the signature does not verify with the key in {signer} "
                    "(signed by another key, or {manifest} changed after signing)"
                ).format(signer=layout.SIGNER, manifest=layout.TAGMANIFEST),
                member=layout.SIGNATURE,
            ) from None
        self.signer = signer
        self.tagmanifest = tagmanifest

    def _check_payload_manifest(self) -> None:
        listed = self._parse_manifest(layout.MANIFEST)
        payload = [name for name in self._members if name.startswith("data/")]
        for name in listed:
            if name not in self._members:
                raise self._error(_("lists {name}, which is not in the zip").format(name=name), member=layout.MANIFEST)
        for name in payload:
            if name not in listed:
                raise self._error(_("not listed in {manifest}").format(manifest=layout.MANIFEST), member=name)
            if listed[name] != self._members[name].sha256:
                raise self._error(
                    _("does not match its SHA-256 in {manifest}").format(manifest=layout.MANIFEST), member=name
                )
            sha = layout.blob_sha(name)
            if sha is not None:
                if sha != self._members[name].sha256:
                    raise self._error(_("its bytes do not have the SHA-256 it is named by"), member=name)
                self.blob_sizes[sha] = self._members[name].info.file_size

    def _check_bag_info(self) -> BundleInfo:
        try:
            fields = parse_bag_info_lines(self._members[layout.BAG_INFO].data)
        except BundleError as exc:
            raise exc.located(source=self.label) from None

        def where(label: str) -> int | None:
            return fields[label][1] if label in fields else None

        def fail(label: str, reason: str) -> BundleError:
            return self._error(reason, member=layout.BAG_INFO, line=where(label))

        def need(label: str) -> str:
            if label not in fields:
                raise self._error(_("{label} is missing").format(label=label), member=layout.BAG_INFO)
            return fields[label][0]

        def number(label: str, highest: int = MAX_SEQ) -> int:
            value = need(label)
            if not _ASCII_NUMBER.fullmatch(value):
                said = _("{label} is not a whole number written in the digits 0-9 ({value})")
                raise fail(label, said.format(label=label, value=excerpt(value, 20)))
            if int(value) > highest:
                said = _("{label} {value} is more than {highest}, more than any device makes")
                raise fail(label, said.format(label=label, value=value, highest=format_number(highest, 0)))
            return int(value)

        if need("Bundle-Format") != layout.FORMAT_NAME:
            raise fail("Bundle-Format", _("Bundle-Format is not {name}").format(name=layout.FORMAT_NAME))
        version = need("Bundle-Format-Version")
        if version not in {str(v) for v in layout.READABLE_VERSIONS}:
            readable = f" {_('and')} ".join(str(v) for v in layout.READABLE_VERSIONS)
            raise fail(
                "Bundle-Format-Version",
                _("format version {version} is not supported (this app reads versions {readable})").format(
                    version=excerpt(version, 20), readable=readable
                ),
            )
        bundle_id = need("Bundle-Id")
        try:
            canonical = str(uuid.UUID(bundle_id))
        except ValueError:
            canonical = ""
        if canonical != bundle_id:
            raise fail("Bundle-Id", _("Bundle-Id is not a UUID in lower-case canonical form"))
        if canonical in _NO_IDS:
            raise fail(
                "Bundle-Id", _("Bundle-Id {id} is the nil UUID; a bundle has an id of its own").format(id=canonical)
            )
        device = need("Device-Id")
        if not re.fullmatch(DEVICE_PATTERN, device):
            raise fail("Device-Id", _("Device-Id is not a device id"))
        created = need("Created")
        try:
            when = dt.datetime.fromisoformat(created)
        except ValueError:
            raise fail(
                "Created", _("Created is not an ISO 8601 time ({value})").format(value=excerpt(created, 40))
            ) from None
        problem = _implausible_time(when)
        if problem:
            raise fail("Created", _("Created {value} {problem}").format(value=excerpt(created, 40), problem=problem))
        seq_from, seq_to = number("Seq-From"), number("Seq-To")
        if seq_from < 1:
            raise fail("Seq-From", _("Seq-From is 0; a device numbers its changes from 1"))
        if seq_from > seq_to:
            raise fail("Seq-From", _("Seq-From is after Seq-To"))
        counts = {kind: number(f"Count-{kind.capitalize()}", MAX_COUNT) for kind in layout.KINDS}
        personal = need("Personal-Data")
        if personal not in ("sealed", "plain"):
            raise fail("Personal-Data", _("Personal-Data is neither 'sealed' nor 'plain'"))
        payload = [m for n, m in self._members.items() if n.startswith("data/")]
        oxum = f"{sum(m.info.file_size for m in payload)}.{len(payload)}"
        if need("Payload-Oxum") != oxum:
            raise fail("Payload-Oxum", _("Payload-Oxum does not match the payload ({oxum})").format(oxum=oxum))
        agent = fields["Bag-Software-Agent"][0] if "Bag-Software-Agent" in fields else _("an unknown program")
        return BundleInfo(
            bundle_id, device, seq_from, seq_to, created, counts, personal == "sealed", int(version), excerpt(agent, 40)
        )

    # -- pass 2: every line ------------------------------------------------------------------------------

    def _lines(self, name: str, max_line: int = layout.MAX_LINE_BYTES) -> Iterator[tuple[int, bytes]]:
        digest = hashlib.sha256()
        tail: list[bytes] = []  # the unfinished line, in pieces (a long line is not copied over and over)
        size = 0
        number = 0
        for chunk in self._stream(name, count_total=False):
            digest.update(chunk)
            if b"\n" not in chunk:
                tail.append(chunk)
                size += len(chunk)
            else:
                first, *complete, rest = chunk.split(b"\n")
                tail.append(first)
                number += 1
                yield number, b"".join(tail)
                for line in complete:
                    number += 1
                    yield number, line
                tail, size = [rest], len(rest)
            if size > max_line:
                said = _("longer than {limit} bytes").format(limit=format_number(max_line, 0))
                raise self._error(said, member=name, line=number + 1)
        pending = b"".join(tail)
        if pending:
            number += 1
            yield number, pending
        if digest.hexdigest() != self._members[name].sha256:
            raise self._error(_("changed while it was being read"), member=name)

    def has_member(self, name: str) -> bool:
        """The zip holds this member."""
        return name in self._members

    def optional_member(self, name: str) -> bytes | None:
        """The bytes of an optional data/ member (roster, segments), checked against the manifest, or None."""
        if not self.checked:
            raise RuntimeError("check() first")
        if name not in self._members:
            return None
        data = b"".join(self._stream(name, count_total=False))
        if hashlib.sha256(data).hexdigest() != self._members[name].sha256:
            raise self._error(_("changed while it was being read"), member=name)
        return data

    def member_lines(self, name: str, max_line: int = layout.MAX_LINE_BYTES) -> Iterator[tuple[int, bytes]]:
        """(line number, bytes) of a checked member, streamed and re-hashed as it is read."""
        if not self.checked:
            raise RuntimeError("check() first")
        return self._lines(name, max_line)

    def kind_parts(self, kind: str) -> list[str]:
        """The members carrying one kind, in order: data/<kind>.jsonl, data/<kind>-0002.jsonl …"""
        numbers = sorted(
            found[1] for name in self._members if (found := layout.part_of(name)) is not None and found[0] == kind
        )
        for position, number in enumerate(numbers, start=1):
            if number != position:
                missing = layout.kind_part(kind, position)
                raise self._error(
                    _(
                        "{missing} is missing, but {part} follows it; the parts of a kind are numbered without gaps"
                    ).format(missing=missing, part=layout.kind_part(kind, number)),
                )
        return [layout.kind_part(kind, n) for n in numbers]

    def iter_lines(self, progress: ReadProgress | None = None) -> Iterator[Line]:
        """Parse and validate every line, one at a time (kinds parents first, parts in order).

        The whole bundle is refused at the first bad line; a kind's line count is checked against
        bag-info.txt once its last part is read. Checks across lines (see ``_check_references``)
        are left to the caller: ``lines()`` makes them, the importer makes them as it streams.
        """
        if not self.checked or self.info is None:
            raise RuntimeError("check() first")
        total = sum(self.info.counts.values()) or 1
        done = 0
        for kind in layout.KINDS:
            expected = self.info.counts[kind]
            parts = self.kind_parts(kind)
            if not parts:
                if expected:
                    raise self._error(
                        _("{member} is missing but bag-info.txt counts {expected} {kind}").format(
                            member=layout.kind_member(kind), expected=expected, kind=kind
                        )
                    )
                continue
            count = 0
            for name in parts:
                for number, raw in self._lines(name):
                    if not raw.strip():
                        raise self._error(_("empty line"), member=name, line=number)
                    try:
                        envelope = parse_line(kind, raw)
                    except ValidationError as exc:
                        raise self._error(describe(exc), member=name, line=number) from None
                    count += 1
                    yield Line(name, number, envelope.to_revision(kind))
                    done += 1
                    if progress and done % 1000 == 0:
                        progress(min(done, total), total)
            if count != expected:
                together = "" if len(parts) == 1 else " " + _("(its {n} parts together)").format(n=len(parts))
                said = ngettext(
                    "holds {count} line{together} but bag-info.txt counts {expected}",
                    "holds {count} lines{together} but bag-info.txt counts {expected}",
                    count,
                )
                raise self._error(said.format(count=count, together=together, expected=expected), member=parts[-1])

    def lines(self, progress: ReadProgress | None = None) -> list[Line]:
        """Every line (see iter_lines) at once, with the checks across lines made."""
        from inspect_tui.sync.line_checks import check_references

        result = list(self.iter_lines(progress))
        check_references(self, result)
        return result

    def blob(self, sha: str) -> bytes:
        """An attachment's bytes, re-hashed (the file may have changed since it was checked)."""
        name = layout.blob_member(sha)
        data = b"".join(self._stream(name, count_total=False))
        if hashlib.sha256(data).hexdigest() != sha:
            raise self._error(_("changed while it was being read"), member=name)
        return data
