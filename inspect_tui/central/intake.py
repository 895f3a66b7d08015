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
single process would reach. When another process took the same bundle in between the check
and the merge, the bundles table's key refuses the second copy and the bundle is checked
again, now reported as already taken in.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from inspect_tui.central.errors import CentralError
from inspect_tui.central.store.connect import CentralDb
from inspect_tui.central.store.writer import PgBatchWriter
from inspect_tui.sync.errors import BundleError
from inspect_tui.sync.importer import Receipt, import_bundles


@dataclass(frozen=True)
class IntakeResult:
    """What happened to one bundle: its receipt, or why it was refused."""

    path: Path
    receipt: Receipt | None
    error: str | None = None


def bundle_paths(arguments: Iterable[Path]) -> list[Path]:
    """The bundle files named, with each folder standing for the *.zip files in it (sorted)."""
    found: list[Path] = []
    for argument in arguments:
        if argument.is_dir():
            found.extend(sorted(p for p in argument.iterdir() if p.suffix == ".zip" and p.is_file()))
        elif argument.is_file():
            found.append(argument)
        else:
            raise CentralError(f"{argument} is neither a bundle file nor a folder of bundles")
    return found


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

    try:
        for attempt in (1, 2):
            try:
                with db.merging():
                    receipts = import_bundles(
                        PgBatchWriter(db).as_store(),
                        [path],
                        dry_run=dry_run,
                        trusted_keys=trusted_keys,
                        trusted_source=trusted_source,
                        trust_new=trust_new,
                        trust_role=trust_role,
                    )
                break
            except psycopg.errors.UniqueViolation:
                if attempt == 2:
                    raise
    except BundleError as exc:
        return IntakeResult(path, None, str(exc))
    except psycopg.Error as exc:
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        return IntakeResult(path, None, f"{path}: nothing was merged, the central database is as it was: {reason}")
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
) -> Iterator[IntakeResult]:
    """Intake each bundle in turn (a refused one does not stop the others).

    The trust rules of the laptops hold: with a pinned roster (``central roster-pin``) only its
    devices are taken in, each writing what its role allows; without one, a new signer needs
    trust_new (recorded, in trust_role).
    """
    for path in paths:
        yield intake_one(
            db,
            path,
            dry_run=dry_run,
            trusted_keys=trusted_keys,
            trusted_source=trusted_source,
            trust_new=trust_new,
            trust_role=trust_role,
        )
