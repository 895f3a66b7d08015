"""Exporting a bundle: the changes since the last export (or all of them), signed, written safely.

Each line is built from the stored revision as it is (the record's canonical JSON is already in
``changes.data``, occupants' personal fields sealed when a central key is set), so a line carries exactly the
bytes its revision id hashes and exporting costs little more than reading the rows. The zip is written under a
temporary name in the target folder, fsynced and renamed: a crash never leaves a half bundle under the final
name, and the export pointer only moves once the bundle is in place.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import secrets
import sqlite3
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from nacl.signing import SigningKey
from sqlite_utils import Database

from inspect_tui import __version__
from inspect_tui.i18n import _
from inspect_tui.i18n.os_errors import os_problem
from inspect_tui.store.bundles import BundleRecord, record_bundle
from inspect_tui.store.db import device_id, get_meta, set_meta
from inspect_tui.store.erasure import erased_occupants
from inspect_tui.store.errors import database_problem
from inspect_tui.store.revisions import digest_of, stamp_of
from inspect_tui.store.sealing import META_LAST_EXPORT, has_personal_data, seal_unexported
from inspect_tui.store.trust import pinned_roster
from inspect_tui.sync.bag import BagWriter, PayloadWriter
from inspect_tui.sync.errors import BundleError
from inspect_tui.sync.keys import central_key
from inspect_tui.sync.layout import (
    FORMAT_NAME,
    FORMAT_VERSION,
    KINDS,
    PART_BYTES,
    ROSTER,
    SEGMENTS,
    blob_member,
    kind_part,
)
from inspect_tui.sync.placement import bundle_target, fsync_folder
from inspect_tui.sync.reader import ReadProgress
from inspect_tui.sync.trust import make_segment

__all__ = ["META_LAST_EXPORT", "ExportResult", "export_bundle"]

_ROWS = (
    "SELECT rev, gen, base_rev, merged, ancestors, origin, deleted, data, record_id, made_at, made_by FROM changes "
    "WHERE entity = ? AND seq > ? AND seq <= ? ORDER BY seq"
)
_BATCH = 2000
_BATCH_BYTES = 1024**2
SEGMENT_REVS = 10_000
"""Most revisions one signed segment lists: a large export signs several, each one line a reader
can take in at once."""
_BINARY = getattr(os, "O_BINARY", 0)
_RELAY_CHUNK = 500


@dataclass(frozen=True)
class ExportResult:
    """What an export wrote."""

    path: Path
    bundle_id: str
    seq_from: int
    seq_to: int
    counts: dict[str, int]
    """Revisions per kind."""
    files: int
    """Attachment files carried."""
    sealed: bool
    """Occupants' personal fields were sealed to the central key."""
    held_back: int = 0
    """Occupant versions not sent because they hold personal data in plain while a central key is set."""
    records: dict[str, int] = field(default_factory=dict)
    """Records per kind (one record may travel as several revisions)."""


def _plain_personal(data: object) -> bool:
    return isinstance(data, str) and has_personal_data(json.loads(data))


def _line(
    row: tuple[Any, ...], data: str, origins: dict[str, str], made_at: str | None = None, made_by: str | None = None
) -> str:
    """One envelope line, assembled from the stored texts (revision ids are plain ASCII).

    The stamp (made_at, made_by) is written only when the revision has one: it is part of the id."""
    rev, gen, base_rev, merged, ancestors, origin, deleted = row[:7]
    quoted = origins.get(origin)
    if quoted is None:
        quoted = origins[origin] = json.dumps(origin)
    base = "null" if base_rev is None else f'"{base_rev}"'
    stamp = "" if made_at is None else f',"at":{json.dumps(made_at)}'
    if made_by is not None:
        stamp += f',"by":{json.dumps(made_by, ensure_ascii=False)}'
    return (
        f'{{"rev":"{rev}","gen":{gen:d},"base_rev":{base},"merged":{merged},"ancestors":{ancestors},'
        f'"origin":{quoted},"deleted":{"true" if deleted else "false"}{stamp},"record":{data}}}\n'
    )


class _Parts:
    """One kind's lines, written to data/<kind>.jsonl and, past part_bytes, to further parts."""

    def __init__(self, writer: BagWriter, kind: str, part_bytes: int) -> None:
        self.writer, self.kind, self.part_bytes = writer, kind, part_bytes
        self.stack = ExitStack()
        self.part = 0
        self.written = 0
        self.member: PayloadWriter | None = None

    def _next(self) -> PayloadWriter:
        self.stack.close()
        self.part += 1
        self.written = 0
        self.member = self.stack.enter_context(self.writer.payload(kind_part(self.kind, self.part)))
        return self.member

    def __enter__(self) -> _Parts:
        self._next()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stack.close()

    def write(self, lines: list[str]) -> None:
        """Whole lines: a part ends only between them, before the line that would pass part_bytes."""
        data = "".join(lines).encode()
        if self.written + len(data) <= self.part_bytes:
            self._put(data)
            return
        run: list[bytes] = []
        size = 0
        for line in lines:
            encoded = line.encode()
            if run and self.written + size + len(encoded) > self.part_bytes:
                self._put(b"".join(run))
                run, size = [], 0
            if not run and self.written and self.written + len(encoded) > self.part_bytes:
                self._next()
            run.append(encoded)
            size += len(encoded)
        self._put(b"".join(run))

    def _put(self, data: bytes) -> None:
        member = self.member if self.member is not None else self._next()
        member.write(data)
        self.written += len(data)


class _Payload:
    """Writes the data/ members of one bundle and remembers what they carried."""

    def __init__(
        self,
        db: Database,
        writer: BagWriter,
        since: int,
        top: int,
        progress: ReadProgress | None,
        own: IO[str],
        part_bytes: int = PART_BYTES,
    ) -> None:
        self.db, self.writer, self.since, self.top = db, writer, since, top
        self.progress = progress
        self.part_bytes = part_bytes
        self.parts: dict[str, int] = {}
        """Per kind, the members it was written to (more than one when it passed part_bytes)."""
        self.central = central_key(db)
        self.counts: dict[str, int] = {}
        self.records: dict[str, int] = {}
        self.origins: dict[str, str] = {}
        self.files: set[str] = set()
        self.needed_files: set[str] = set()
        self.total = int(
            db.execute("SELECT COUNT(*) FROM changes WHERE seq > ? AND seq <= ?", [since, top]).fetchone()[0]
        )
        self.done = 0
        self.device = device_id(db)
        self.own = own
        """``<rev> <digest>`` of this device's revisions carried, a line each (its signed segments),
        kept on disk until the kinds are written: memory stays the same however many there are."""
        self.owned = 0
        self.held_back = 0
        """Occupant versions with personal data in plain that were not sent (a central key is set)."""
        self.relayed: list[str] = []
        """Revisions of other origins carried in the batch at hand (their segments travel with them)."""
        self.relaying: set[int] = set()
        """The stored segments vouching for revisions of other origins carried (their ids)."""
        self.skipped: dict[str, int] = {}
        """Per occupant, versions held back or left out as erased (for the records count)."""

    def _vouch(self, kind: str, row: tuple[Any, ...], data: str) -> None:
        if row[5] != self.device:
            self.relayed.append(str(row[0]))
            return
        digest = digest_of(
            kind, str(row[8]), str(row[0]), bool(row[6]), json.loads(row[3]), data, stamp_of(row[9], row[10])
        )
        self.own.write(f"{row[0]} {digest}\n")
        self.owned += 1

    def _relay(self) -> None:
        """Note the stored segments vouching for the relayed revisions of the batch at hand."""
        for start in range(0, len(self.relayed), _RELAY_CHUNK):
            part = self.relayed[start : start + _RELAY_CHUNK]
            self.relaying.update(
                int(row[0])
                for row in self.db.execute(
                    "SELECT DISTINCT s.id FROM segment_revs r JOIN segments s ON s.id = r.segment_id "
                    f"WHERE r.rev IN ({','.join('?' * len(part))})",
                    part,
                )
            )
        self.relayed.clear()

    def _own_segments(self) -> Iterator[list[str]]:
        """This device's entries, SEGMENT_REVS at a time, in the order they were carried."""
        self.own.seek(0)
        run: list[str] = []
        for line in self.own:
            run.append(line.rstrip("\n"))
            if len(run) >= SEGMENT_REVS:
                yield run
                run = []
        if run:
            yield run

    def write_trust(self, signing_key: SigningKey, seq: tuple[int, int]) -> None:
        """data/segments.jsonl (the relayed segments, then this device's) and data/roster.json.

        Written a segment at a time: one line lists at most SEGMENT_REVS revisions."""
        if self.relaying or self.owned:
            with self.writer.payload(SEGMENTS) as member:
                for segment_id in sorted(self.relaying):
                    row = self.db.execute("SELECT body FROM segments WHERE id = ?", [segment_id]).fetchone()
                    member.write(f"{row[0]}\n".encode())
                for entries in self._own_segments():
                    member.write(f"{make_segment(signing_key, self.device, seq, entries)}\n".encode())
        roster = pinned_roster(self.db)
        if roster is not None:
            self.writer.add_payload(ROSTER, roster.encode())

    def _data(self, kind: str, row: tuple[Any, ...]) -> str:
        data = row[7]
        if not isinstance(data, str):
            raise BundleError(_("revision {rev} has no data; the database may be damaged").format(rev=row[0]))
        if kind == "attachments":
            sha = str(json.loads(data)["sha256"])
            self.files.add(sha)
            if not row[6]:
                self.needed_files.add(sha)
        return data

    def _skip(self, record_id: str) -> None:
        self.total -= 1
        self.skipped[record_id] = self.skipped.get(record_id, 0) + 1

    def _records(self, kind: str) -> int:
        """How many records the kind's carried revisions belong to, counted by the database (a set of
        every id would grow with the export): those of which every version was left out do not count."""
        in_range = "FROM changes WHERE entity = ? AND seq > ? AND seq <= ?"
        bounds = [kind, self.since, self.top]
        total = int(self.db.execute(f"SELECT COUNT(DISTINCT record_id) {in_range}", bounds).fetchone()[0])
        for record_id, left_out in self.skipped.items():
            versions = self.db.execute(f"SELECT COUNT(*) {in_range} AND record_id = ?", [*bounds, record_id])
            if int(versions.fetchone()[0]) == left_out:
                total -= 1
        self.skipped.clear()
        return total

    def write_kinds(self) -> None:
        for kind in KINDS:
            count = 0
            with _Parts(self.writer, kind, self.part_bytes) as parts:
                batch: list[str] = []
                size = 0
                erased = erased_occupants(self.db) if kind == "occupants" else set()
                for row in self.db.execute(_ROWS, [kind, self.since, self.top]):
                    if erased and not row[6] and row[8] in erased:
                        self._skip(str(row[8]))
                        continue  # an erased version: only the removal travels (see store.erasure)
                    if kind == "occupants" and self.central is not None and _plain_personal(row[7]):
                        self._skip(str(row[8]))
                        self.held_back += 1
                        continue  # it left in plain before, or came in plain: never sent on (see store.sealing)
                    data = self._data(kind, row)
                    self._vouch(kind, row, data)
                    line = _line(row, data, self.origins, row[9], row[10])
                    batch.append(line)
                    size += len(line)
                    count += 1
                    if len(batch) >= _BATCH or size >= _BATCH_BYTES:
                        parts.write(batch)
                        self._relay()
                        self._tick(len(batch))
                        batch.clear()
                        size = 0
                parts.write(batch)
                self._relay()
                self._tick(len(batch))
            self.counts[kind] = count
            self.records[kind] = self._records(kind)
            self.parts[kind] = parts.part

    def _tick(self, rows: int) -> None:
        self.done += rows
        if self.progress:
            self.progress(min(self.done, self.total), self.total)

    def write_files(self) -> int:
        written = 0
        for sha in sorted(self.files):
            row = self.db.execute("SELECT data FROM blobs WHERE sha256 = ?", [sha]).fetchone()
            if row is None:
                if sha in self.needed_files:
                    raise BundleError(_("attachment file {sha}… is missing from this database").format(sha=sha[:12]))
                continue
            data = bytes(row[0])
            if hashlib.sha256(data).hexdigest() != sha:
                said = _("the stored attachment file {sha}… is damaged (its SHA-256 differs)")
                raise BundleError(said.format(sha=sha[:12]))
            self.writer.add_payload(blob_member(sha), data, compress=False)
            written += 1
        return written


def export_bundle(
    db: Database,
    out: Path,
    signing_key: SigningKey,
    *,
    everything: bool = False,
    progress: ReadProgress | None = None,
    now: dt.datetime | None = None,
    part_bytes: int = PART_BYTES,
) -> ExportResult | None:
    """Write one bundle to out (a file name, or a folder to make a name in).

    Carries every change after the last export, or all of them with everything=True; returns
    None when there is nothing to carry. A kind whose lines pass part_bytes goes on in
    data/<kind>-0002.jsonl and so on (see ``layout.kind_part``).
    """
    exported = int(get_meta(db, META_LAST_EXPORT) or 0)
    with db.atomic():  # made before the central key was set, never exported: sealed now (see store.sealing)
        seal_unexported(db, exported)
    since = 0 if everything else exported
    top = int(db.execute("SELECT COALESCE(MAX(seq), 0) FROM changes").fetchone()[0])
    if top <= since:
        return None
    first = int(db.execute("SELECT MIN(seq) FROM changes WHERE seq > ?", [since]).fetchone()[0])
    when = (now or dt.datetime.now(dt.UTC)).replace(microsecond=0)
    bundle_id = str(uuid.uuid4())
    target = bundle_target(out, bundle_id, when)
    if target.exists():
        raise BundleError(_("{path} already exists; choose another name or remove it first").format(path=target))
    partial = target.with_name(f".{target.name}.{secrets.token_hex(4)}.part")
    try:
        # Created owner-only (0600) from the start: a bundle may carry personal data.
        with os.fdopen(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _BINARY, 0o600), "wb") as handle:
            writer = BagWriter(handle, when=when)
            try:
                # Next to the bundle (which needs the room anyway), not in a /tmp that may be memory.
                with tempfile.TemporaryFile("w+", encoding="utf-8", newline="\n", dir=target.parent) as own:
                    payload = _Payload(db, writer, since, top, progress, own, part_bytes)
                    payload.write_kinds()
                    files = payload.write_files()
                    payload.write_trust(signing_key, (first, top))
                sealed = payload.central is not None
                info = [
                    ("Bag-Software-Agent", f"inspect-tui {__version__}"),
                    ("Bundle-Format", FORMAT_NAME),
                    ("Bundle-Format-Version", str(FORMAT_VERSION)),
                    ("Bundle-Id", bundle_id),
                    ("Device-Id", device_id(db)),
                    ("Seq-From", str(first)),
                    ("Seq-To", str(top)),
                    ("Created", when.isoformat()),
                    *[(f"Count-{kind.capitalize()}", str(payload.counts[kind])) for kind in KINDS],
                    ("Personal-Data", "sealed" if sealed else "plain"),
                ]
                tagmanifest = writer.finish(info, signing_key)
            except BaseException:
                writer.abort()
                raise
            handle.flush()
            os.fsync(handle.fileno())
        if target.exists():
            said = _("{path} appeared while the bundle was written; choose another name")
            raise BundleError(said.format(path=target))
        os.replace(partial, target)
    except OSError as exc:
        raise BundleError(_("cannot write {path}: {problem}").format(path=target, problem=os_problem(exc))) from None
    except sqlite3.Error as exc:
        problem = database_problem(_("the database"), exc)  # damaged, in use: what is wrong and what to do
        raise BundleError(problem or _("cannot read the database: {problem}").format(problem=exc)) from None
    finally:
        if partial.exists():  # never made on a read-only disk, where removing it would fail and hide why
            partial.unlink()
    fsync_folder(target.parent)
    with db.atomic():
        previous = int(get_meta(db, META_LAST_EXPORT) or 0)
        set_meta(db, META_LAST_EXPORT, str(max(previous, top)))
        record_bundle(
            db,
            BundleRecord(
                id=bundle_id,
                sha256=hashlib.sha256(tagmanifest).hexdigest(),
                signer=bytes(signing_key.verify_key).hex(),
                device_id=device_id(db),
                direction="out",
                created_at=when.isoformat(),
                seq_from=first,
                seq_to=top,
                receipt=json.dumps({"counts": payload.counts, "files": files, "path": target.name}, sort_keys=True),
            ),
        )
    return ExportResult(
        target,
        bundle_id,
        first,
        top,
        payload.counts,
        files,
        sealed,
        held_back=payload.held_back,
        records=payload.records,
    )
