"""Intake: bundles from devices and leads merged into the central database, one transaction each.

Every bundle goes through the laptops' own importer and merge core (``sync.importer``,
``sync.merge``): the same checks of layout, hashes, signature and every line, the same refusal
of tampered or forged bundles and the same merge decisions. Only the writing differs: the merge
core talks to ``central.store.writer.PgBatchWriter`` here, to the SQLite batch writer on a laptop.
Whatever rule the sync core gains (record validation, who may write what) therefore holds for
the central system too.

Each bundle is merged in its own transaction that holds the merge lock, so intake processes
running at once on overlapping bundles serialise their writes (while reading and checking
bundles in parallel): nothing is merged twice, nothing is lost and the result is the one a
single process would reach. A bundle's lines are parsed and validated before that transaction
(``sync.parse_ahead``: the same checks, refusals and order), so this third of the work runs
outside the lock and concurrent intakes overlap it. When another process took the same bundle
in between the check and the merge, the bundles table's key refuses the second copy and the
bundle is checked again, now reported as already taken in.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from inspect_tui.central.errors import CentralError
from inspect_tui.central.store.connect import INTAKE_LOCK, CentralDb, connect
from inspect_tui.central.store.writer import PgBatchWriter
from inspect_tui.central.store.writer_reads import Recheck
from inspect_tui.i18n import _
from inspect_tui.sync.bundle_files import bundle_files
from inspect_tui.sync.errors import BundleError, NewSigner
from inspect_tui.sync.importer import Receipt, import_bundles
from inspect_tui.sync.keys import fingerprint
from inspect_tui.sync.parse_ahead import ParsedLines, parse_ahead
from inspect_tui.sync.reader import BundleInfo, BundleReader


@dataclass(frozen=True)
class IntakeResult:
    """What happened to one bundle: its receipt, or why it was refused."""

    path: Path
    receipt: Receipt | None
    error: str | None = None


def bundle_paths(arguments: Iterable[Path]) -> list[Path]:
    """The bundle files named, with each folder standing for the *.zip files in it (sorted; .ZIP too);
    a file named twice (itself and through its folder) is taken once (``sync.bundle_files``)."""
    named = list(arguments)
    for argument in named:
        if not (argument.is_dir() or argument.is_file()):
            raise CentralError(_("{path} is neither a bundle file nor a folder of bundles").format(path=argument))
    return bundle_files(named)


ATTEMPTS = 3
"""Tries per bundle; the last one checks and merges holding the merge lock, so nothing changes between."""


class _ParsedOnce:
    """``parse_ahead`` for the attempts at one bundle: a clean parse is made once and handed to
    the next attempt while the bundle's signed tag manifest is the same bytes.

    A bundle is checked again (``Recheck``) whenever a bundle merged before it changed the trust
    decisions or something its checks read; parsing its lines again gave the same lines (they
    depend on the bundle's bytes alone, which its tag manifest pins through the hashes that
    attempt checks again) and cost a third of the attempt. A parse that stopped at a refusal or
    a read error is not kept: the next attempt reads the lines again, as before."""

    def __init__(self) -> None:
        self._key: tuple[str, bytes] | None = None
        self._parsed: ParsedLines | None = None

    def __call__(self, reader: BundleReader, info: BundleInfo) -> ParsedLines | None:
        key = (reader.label, reader.tagmanifest)
        if self._key == key:
            return self._parsed
        parsed = parse_ahead(reader, info)
        self._key, self._parsed = (key, parsed) if parsed is not None and parsed.refusal is None else (None, None)
        return parsed


def _import(
    db: CentralDb, path: Path, options: dict[str, Any], *, under_lock: bool, ahead: _ParsedOnce
) -> list[Receipt]:
    if under_lock:
        if db.merge_turn is not None:
            db.merge_turn()  # the bundles before this one first, or they would wait for this lock
        db.pg("SELECT pg_advisory_lock(%s)", [INTAKE_LOCK])
    try:
        with db.merging():
            return import_bundles(PgBatchWriter(db).as_store(), [path], ahead=ahead, **options)
    finally:
        if under_lock:
            db.pg("SELECT pg_advisory_unlock(%s)", [INTAKE_LOCK])


def intake_one(
    db: CentralDb,
    path: Path,
    *,
    dry_run: bool = False,
    trusted_keys: frozenset[bytes] | None = None,
    trusted_source: str = "the trusted keys",
    trust_new: bool = False,
    trust_role: str = "inspector",
) -> IntakeResult:
    """Check and merge one bundle in its own transaction; a refusal changes nothing."""
    import psycopg

    options: dict[str, Any] = {
        "dry_run": dry_run,
        "trusted_keys": trusted_keys,
        "trusted_source": trusted_source,
        "trust_new": trust_new,
        "trust_role": trust_role,
    }
    ahead = _ParsedOnce()
    try:
        for attempt in range(1, ATTEMPTS + 1):
            try:
                receipts = _import(db, path, options, under_lock=attempt == ATTEMPTS, ahead=ahead)
                break
            except (psycopg.errors.UniqueViolation, Recheck):
                # Another process merged this bundle, or something its checks relied on, meanwhile.
                if attempt == ATTEMPTS:
                    raise
    except NewSigner as exc:  # what to do, said for the central system
        said = _(
            "signer {signer} (device {device}) is new here; check the fingerprint with its owner, then take it in "
            "again with --trust-new (or pin a team roster: inspect-tui central roster-pin FILE)"
        ).format(signer=fingerprint(exc.key), device=exc.device)
        return IntakeResult(path, None, str(BundleError(said, source=exc.source)))
    except BundleError as exc:
        return IntakeResult(path, None, str(exc))
    except psycopg.Error as exc:
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        if db.raw.closed or db.raw.broken:  # the server went away: no bundle after this one can come in
            raise CentralError(
                _(
                    "lost the connection to the central database at {path} ({reason}); the bundles before it "
                    "are in. Run the same intake again once the server is up: what came in is skipped"
                ).format(path=path, reason=reason)
            ) from None
        said = _("{path}: nothing was merged, the central database is as it was: {reason}")
        return IntakeResult(path, None, said.format(path=path, reason=reason))
    return IntakeResult(path, receipts[0])


def intake(
    db: CentralDb,
    paths: Iterable[Path],
    *,
    dry_run: bool = False,
    trusted_keys: frozenset[bytes] | None = None,
    trusted_source: str = "the trusted keys",
    trust_new: bool = False,
    trust_role: str = "inspector",
    jobs: int = 2,
) -> Iterator[IntakeResult]:
    """Intake each bundle in turn (a refused one does not stop the others), results in order.

    The trust rules of the laptops hold: with a pinned roster (``central roster-pin``) only its
    devices are taken in, each writing what its role allows; without one, a new signer needs
    trust_new (recorded, in trust_role).

    With jobs > 1 the bundles are pipelined over that many connections: while one bundle is
    merged (the database working), the next ones are read and checked (Python working), so the
    two halves of the machine work at once. Merges still happen one at a time and in the order
    given (each waits for the bundle before it), so receipts and the final state are those of
    one bundle after another.
    """
    options = {
        "dry_run": dry_run,
        "trusted_keys": trusted_keys,
        "trusted_source": trusted_source,
        "trust_new": trust_new,
        "trust_role": trust_role,
    }
    paths = list(paths)
    if jobs <= 1 or len(paths) < 2:
        for path in paths:
            yield intake_one(db, path, **options)  # type: ignore[arg-type]
        return
    yield from _pipelined(db, paths, min(jobs, len(paths)), options)


class _Stopped(Exception):
    """A pipelined intake was stopped (an error before this bundle, or the caller went away)."""


def _pipelined(db: CentralDb, paths: list[Path], jobs: int, options: dict[str, Any]) -> Iterator[IntakeResult]:
    """intake_one over jobs connections (db and jobs - 1 more), merging in the order of paths."""
    merged = [threading.Event() for _ in paths]
    """Set once a bundle and every bundle before it are done (merged, refused or stopped)."""
    results: list[IntakeResult | BaseException | None] = [None] * len(paths)
    stop = threading.Event()
    connections = [db]
    try:
        connections.extend(connect(db.url) for _ in range(jobs - 1))
    except CentralError:
        for extra in connections[1:]:
            extra.close()
        connections = [db]
        jobs = 1

    def turn_after(before: threading.Event | None) -> Callable[[], None]:
        def wait() -> None:
            if before is not None:
                before.wait()
            if stop.is_set():
                raise _Stopped  # before the transaction: nothing of this bundle is written

        return wait

    def work(worker: int, conn: CentralDb) -> None:
        for index in range(worker, len(paths), jobs):
            if stop.is_set():
                merged[index].set()
                continue
            before = merged[index - 1] if index else None
            conn.merge_turn = turn_after(before)
            try:
                early = before is not None and not before.is_set()
                result = intake_one(conn, paths[index], **options)
                if result.error is not None and early:
                    # Refused while the bundles before it were not all merged: what they bring (an
                    # inspection's status, a parent record) may change the verdict, so check it again.
                    conn.merge_turn()
                    result = intake_one(conn, paths[index], **options)
                results[index] = result
            except BaseException as exc:  # handed to the caller, in order; later bundles stop
                results[index] = exc
                stop.set()
            finally:
                conn.merge_turn = None
                if before is not None:
                    before.wait()  # done in order: merged[i] set means every bundle up to i is done
                merged[index].set()

    threads = [
        threading.Thread(target=work, args=(n, conn), name=f"intake-{n}", daemon=True)
        for n, conn in enumerate(connections)
    ]
    for thread in threads:
        thread.start()
    try:
        for index in range(len(paths)):
            merged[index].wait()
            result = results[index]
            if isinstance(result, BaseException):
                raise result
            assert result is not None
            yield result
    finally:
        stop.set()
        for event in merged:
            event.set()  # a worker waiting for its turn goes on, and finds stop set
        for thread in threads:
            thread.join()
        for extra in connections[1:]:
            extra.close()
