"""Importing bundles: check, then merge all of it in one transaction, all or nothing.

Layout, limits, hashes, signature, trusted keys and the bundle id of every bundle are checked
before the snapshot is taken and the transaction opened. The lines are then streamed inside the
transaction (see ``sync.streaming``): a batch checked, then merged, then the next, so memory
stays bounded however large the bundle; any refusal rolls the whole transaction back, and the
database is as it was. Merging follows the store's revision rules, never wall-clock time: a
known revision is skipped, one built on the current head moves the head, anything else keeps
both versions and records a conflict.
"""

from __future__ import annotations

import datetime as dt
import gc
import hashlib
import json
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from sqlite_utils import Database

from inspect_tui.i18n import N_, _, ngettext
from inspect_tui.i18n.os_errors import os_problem
from inspect_tui.store.batch import BatchWriter, SqliteBatchWriter
from inspect_tui.store.bundles import KEEP_SNAPSHOTS, BundleRecord, SnapshotCopy
from inspect_tui.store.db import device_id
from inspect_tui.store.errors import database_problem
from inspect_tui.store.import_scratch import ImportScratch
from inspect_tui.store.sieve import SIEVE_MOST
from inspect_tui.sync.errors import BundleError, KeyProblem
from inspect_tui.sync.gate import TrustGate
from inspect_tui.sync.keys import central_key, fingerprint, signing_public_key
from inspect_tui.sync.merge import writer_of
from inspect_tui.sync.parse_ahead import LinesAhead, ParsedLines
from inspect_tui.sync.reader import BundleInfo, BundleReader, ReadProgress
from inspect_tui.sync.streaming import Streamed, merge_streamed, record_checks, scaled_progress, store_cache


@dataclass
class Receipt:
    """What importing one bundle did (or, in a dry run, would do)."""

    source: str
    bundle_id: str
    device_id: str
    signer: bytes
    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    """Per kind, records new / updated / unchanged / conflict."""
    revisions: dict[str, int] = field(default_factory=dict)
    """Per kind, the revisions the bundle carried (a record changed three times: three)."""
    files: int = 0
    """Attachment files stored that were not here yet."""
    already: str | None = None
    """Why nothing was done: the bundle was imported (or exported) here before."""
    new_signer: bool = False
    notes: list[str] = field(default_factory=list)
    dry_run: bool = False

    @property
    def signer_fingerprint(self) -> str:
        """The signer's key in short, readable form."""
        return fingerprint(self.signer)

    def total(self, outcome: str) -> int:
        """How many records of every kind had this outcome."""
        return sum(c.get(outcome, 0) for c in self.counts.values())

    def as_json(self) -> str:
        """What the bundles table keeps about the import."""
        return json.dumps(
            {
                "imported_at": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
                "counts": self.counts,
                "files": self.files,
            },
            sort_keys=True,
        )


@dataclass
class _Pending:
    reader: BundleReader
    receipt: Receipt
    info: BundleInfo
    index: int
    """The bundle's place on the command line (for the progress bar)."""
    ahead: ParsedLines | None = None
    """Its lines, parsed before the transaction (see ``parse_ahead``)."""


class _DryRun(Exception):
    """Raised inside the transaction of a dry run so that everything is rolled back."""


def stage_progress(progress: ReadProgress | None, index: int, stages: int) -> ReadProgress | None:
    """Map one stage's (done, total) onto a 0–1000 bar shared by all stages."""
    if progress is None:
        return None
    report = progress

    def scaled(done: int, total: int) -> None:
        report(int(1000 * (index + done / max(total, 1)) / stages), 1000)

    return scaled


def import_bundles(
    db: Database,
    paths: Sequence[Path],
    *,
    dry_run: bool = False,
    trusted_keys: frozenset[bytes] | None = None,
    trusted_source: str = N_("the trusted keys"),
    snapshot: Path | None = None,
    keep_snapshots: int = KEEP_SNAPSHOTS,
    progress: ReadProgress | None = None,
    labels: Sequence[str] | None = None,
    trust_new: bool = False,
    trust_role: str = "inspector",
    ahead: LinesAhead | None = None,
) -> list[Receipt]:
    """Check and merge bundles, all or nothing; returns one receipt per bundle, in order.

    Raises BundleError (and changes nothing) when any bundle is refused; NewSigner when a signer
    needs a person's decision (no roster pinned) and trust_new is False; trust_new accepts such
    signers in trust_role (inspector or lead), recorded. snapshot, when given, is where the
    database is copied before a real import changes anything (owner-only; the keep_snapshots
    newest copies are kept, older ones numbered <name>.1.sqlite, …). ahead, when given, parses
    each checked bundle's lines before the transaction is opened (``sync.parse_ahead``: the same
    checks, refusals and order; the central intake uses it so that this work runs outside its
    merge lock); where it returns None the lines are streamed inside the transaction.
    """
    own_key = signing_public_key(db)
    central = central_key(db)
    writer = writer_of(db)
    try:
        gate = TrustGate.open(writer, own_key, device_id(db), trust_new, trust_role)
    except KeyProblem as exc:
        raise BundleError(_("nothing was imported: {problem}").format(problem=exc)) from None
    seen = writer.signers_seen()
    receipts: list[Receipt] = []
    pending: list[_Pending] = []
    in_run: dict[str, str] = {}
    stages = 3 * max(len(paths), 1)
    with ExitStack() as stack:
        for index, path in enumerate(paths):
            label = labels[index] if labels else str(path)
            reader = stack.enter_context(BundleReader(path, label))
            info = reader.check(stage_progress(progress, 3 * index, stages))
            signer = reader.signer
            if trusted_keys is not None and signer not in trusted_keys:
                raise BundleError(
                    _("signer {signer} is not in {trusted}").format(
                        signer=fingerprint(signer), trusted=_(trusted_source)
                    ),
                    source=label,
                )
            receipt = Receipt(label, info.bundle_id, info.device_id, signer, dry_run=dry_run)
            receipts.append(receipt)
            receipt.new_signer = gate.admit(reader, info)
            digest = _sha256(reader.tagmanifest)
            row = writer.bundle_seen(info.bundle_id, signer.hex())
            scoped = f"{signer.hex()}:{info.bundle_id}"
            earlier = in_run.get(scoped)
            if (row is not None and row[0] != digest) or (earlier is not None and earlier != digest):
                raise BundleError(
                    _("bundle {id} was imported before with different content; refusing it as tampered").format(
                        id=info.bundle_id
                    ),
                    source=label,
                )
            if row is not None or earlier is not None:
                receipt.already = _already(row)
                continue
            in_run[scoped] = digest
            for other, devices in seen.items():
                if other != signer and info.device_id in devices:
                    receipt.notes.append(
                        _("device {device} signed earlier bundles with another key").format(device=info.device_id)
                    )
                    break
            seen.setdefault(signer, set()).add(info.device_id)
            pending.append(_Pending(reader, receipt, info, index, ahead(reader, info) if ahead else None))
        if not pending and not gate.roster_changed:
            gate.decide()
            return receipts
        copy = None
        if snapshot is not None and not dry_run:
            try:
                copy = writer.snapshot(snapshot, keep_snapshots)
            except sqlite3.Error as exc:  # damaged, in use: what is wrong and what to do
                problem = database_problem(_("the database"), exc) or exc
                raise BundleError(_("nothing was imported: {problem}").format(problem=problem)) from None
            except OSError as exc:
                raise BundleError(
                    _("nothing was imported: cannot copy the database to {path} ({problem})").format(
                        path=snapshot, problem=os_problem(exc)
                    )
                ) from None
            if copy is not None:
                stack.callback(copy.discard)  # refused: the copies from before earlier imports stay
        scratch = ImportScratch()
        stack.callback(scratch.close)
        expected = sum(sum(item.info.counts.values()) for item in pending)  # refused unless each count is right
        scratch.expect(min(expected, SIEVE_MOST))
        if isinstance(writer, SqliteBatchWriter):
            writer.expect(expected)
        if isinstance(db, Database):  # a SQLite store (the central store is PostgreSQL)
            stack.enter_context(store_cache(db))
        records = record_checks(db, scratch, writer)
        stack.enter_context(_heap_set_aside())
        try:
            with writer.transaction():
                gate.record()
                for number, item in enumerate(pending):
                    row = writer.bundle_seen(item.receipt.bundle_id, item.receipt.signer.hex())
                    if row is not None:  # another import committed it while this one waited for the lock
                        if row[0] != _sha256(item.reader.tagmanifest):
                            raise BundleError(
                                _(
                                    "bundle {id} was imported meanwhile with different content; refusing it as tampered"
                                ).format(id=item.receipt.bundle_id),
                                source=item.receipt.source,
                            )
                        item.receipt.already = _already(row)
                        continue
                    lines_progress = scaled_progress(progress, 3 * item.index + 1, 2, stages)
                    merged = merge_streamed(
                        writer, gate, scratch, records, item.reader, item.info, number, lines_progress, item.ahead
                    )
                    _finish(writer, item, merged, warn_plain=central is not None)
                    if progress:
                        progress(int(1000 * (3 * item.index + 3) / stages), 1000)
                gate.decide()  # a signer a person must decide on: only now, once everything else passed
                if dry_run:
                    raise _DryRun
        except _DryRun:
            pass
        except sqlite3.Error as exc:
            problem = database_problem(_("the database"), exc) or exc  # read-only, busy, its disk full
            raise BundleError(
                _("nothing was imported, the database is as it was: {problem}").format(problem=problem)
            ) from None
        if copy is not None:
            _keep(copy, receipts)
    return receipts


def _keep(copy: SnapshotCopy, receipts: list[Receipt]) -> None:
    """The copy from before this import becomes the newest snapshot; the import stands either way."""
    try:
        copy.keep()
    except OSError as exc:
        said = _("the copy of the database from before this import could not be kept at {path} ({problem})")
        receipts[0].notes.append(said.format(path=copy.target, problem=exc.strerror or exc))


@contextmanager
def _heap_set_aside() -> Iterator[None]:
    """While the lines are merged, the objects alive before (the whole program) stay out of the
    collector's passes (``gc.freeze``): an import makes millions of short-lived objects, and each
    full pass would walk the program's heap again. What the import makes is collected as usual."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _already(row: tuple[str, str, str] | None) -> str:
    from inspect_tui.i18n import format_date

    if row is None:
        return _("named twice on the command line; imported once")
    if row[1] == "out":
        return _("it was exported from this database")
    when = json.loads(row[2] or "{}").get("imported_at", "")
    return _("already imported on {date}").format(date=format_date(when[:10])) if when else _("already imported")


def _finish(writer: BatchWriter, item: _Pending, merged: Streamed, *, warn_plain: bool) -> None:
    """After a bundle's lines are merged: erasures, files, the receipt and the bundle's record."""
    receipt = item.receipt
    receipt.counts = merged.counts
    receipt.revisions = merged.revisions
    if merged.plain and warn_plain:
        receipt.notes.append(
            ngettext(
                "WARNING: {n} occupant version arrived with BSN, date of birth, phone or e-mail "
                "UNENCRYPTED, although this database has a central key; ask the sender to set it",
                "WARNING: {n} occupant versions arrived with BSN, date of birth, phone or e-mail "
                "UNENCRYPTED, although this database has a central key; ask the sender to set it",
                merged.plain,
            ).format(n=merged.plain)
        )
    if merged.held:
        receipt.notes.append(
            ngettext(
                "{n} record removed elsewhere stays, as records in this bundle stand under it: a conflict "
                "a team lead resolves (inspect-tui conflicts)",
                "{n} records removed elsewhere stay, as records in this bundle stand under them: conflicts "
                "a team lead resolves (inspect-tui conflicts)",
                len(merged.held),
            ).format(n=len(merged.held))
        )
    if writer.erase_deleted(merged.occupants):
        receipt.notes.append(_("personal data of removed occupants was erased from their history, as the removal asks"))
    for sha in sorted(item.reader.blob_sizes):
        if not writer.has_blob(sha):
            writer.put_blob(item.reader.blob(sha))
            receipt.files += 1
    writer.record_bundle(
        BundleRecord(
            id=receipt.bundle_id,
            sha256=_sha256(item.reader.tagmanifest),
            signer=receipt.signer.hex(),
            device_id=receipt.device_id,
            direction="in",
            created_at=item.info.created,
            seq_from=item.info.seq_from,
            seq_to=item.info.seq_to,
            receipt=receipt.as_json(),
        )
    )
