"""Merging one bundle as a stream: a batch of lines checked, then merged, then the next.

``import_bundles`` calls ``merge_streamed`` inside its one transaction, once per bundle. Memory
stays bounded whatever the bundle's size: lines are read one at a time, checked and merged
``BATCH_LINES`` at a time, and what the checks need across batches is kept in the import's
``ImportScratch`` (on disk) or in the store itself (what earlier batches merged). The checks are
the ones a whole-bundle import makes (``BundleReader.lines``, the trust gate, the records'
references, content, cycles and orphans, photos, personal data). A record's references and
content are checked as its batch is merged (``RecordChecks.check_early``); what needs the whole
bundle runs once its last line is merged: those records again whose check looked at a record of
their own kind that a later line changed (``ImportScratch.recheck_changed``), any that did not
pass early, cycles (over links kept in the scratch) and removals. Any refusal raises
``BundleError`` and the caller's transaction rolls back everything, so a refused bundle still
leaves the store as it was.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from inspect_tui.i18n import _
from inspect_tui.store.batch import BatchWriter, RecordKey
from inspect_tui.store.import_scratch import ImportScratch, Newest
from inspect_tui.store.revisions import Revision
from inspect_tui.sync import layout
from inspect_tui.sync.attachments import check_attachment_media
from inspect_tui.sync.errors import BundleError
from inspect_tui.sync.gate import TrustGate
from inspect_tui.sync.line_checks import check_files, check_files_referenced
from inspect_tui.sync.merge import CONFLICT, NEW, OUTCOMES, UNCHANGED, UPDATED, apply_revisions
from inspect_tui.sync.parse_ahead import ParsedLines
from inspect_tui.sync.personal import check_personal_label
from inspect_tui.sync.reader import BundleInfo, BundleReader, Line, ReadProgress
from inspect_tui.sync.references import CHAINS
from inspect_tui.sync.trust import Segment, parse_segment
from inspect_tui.sync.validate_records import EARLY_KINDS, RecordChecks, same_kind_targets

BATCH_LINES = 2000
"""Lines checked and merged at a time."""
STORE_CACHE_KIB = 96 * 1024
"""SQLite's page cache for the store while an import runs (its default is 2 MB). A large import
inserts at random places of every index and reads every record back for the checks: with the
default, a bundle of 2.4 million revisions made about 280,000 page reads a second from the file
and spent a third of its time in the kernel. Memory stays bounded: this much more, whatever
the bundle's size (64 MB before; 128 MB with a 32 MB scratch cache took a 30,000-inspection
import's statements on the store about 6 µs less per revision but its peak to 288 MB, too close
to 300 MB; with 96 MB an import of 2.45 million revisions peaks at 229 MB)."""
CHECK_BATCH = 1000
"""Records whose newest revision the record checks look at a time, once the bundle is merged."""
CHAIN_BATCH = 200
"""The same for the cycle check, which also holds every record on their chains."""


@dataclass
class Streamed:
    """What merging one bundle did."""

    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    revisions: dict[str, int] = field(default_factory=dict)
    plain: int = 0
    """Occupant lines that carried personal data unencrypted."""
    occupants: list[str] = field(default_factory=list)
    """Occupants the bundle touched (their removals may ask for erasure)."""
    held: set[RecordKey] = field(default_factory=set)
    """Records the bundle does not carry whose removal it held, by putting records under them."""


class _Carried:
    """The records this import carries, for the record checks: the newest revision's data,
    read back from the store (earlier batches merged it)."""

    def __init__(self, scratch: ImportScratch, writer: BatchWriter) -> None:
        self.scratch = scratch
        self.writer = writer

    def lookup(self, keys: Sequence[RecordKey]) -> dict[RecordKey, dict[str, Any] | None]:
        newest = self.scratch.newest_of(keys)
        data = self.writer.revision_data(sorted({n.rev for n in newest.values() if not n.deleted}))
        return {key: None if n.deleted else data.get(n.rev) for key, n in newest.items()}

    def kind_of(self, record_id: str) -> str | None:
        return self.scratch.kind_of(record_id)


class _Links:
    """The records this import carries with only their chain field (``CHAINS``), from the scratch:
    all the cycle check looks at, without reading their revisions back from the store."""

    def __init__(self, scratch: ImportScratch) -> None:
        self.scratch = scratch

    def lookup(self, keys: Sequence[RecordKey]) -> dict[RecordKey, dict[str, Any] | None]:
        return {key: {CHAINS[key[0]]: link} for key, link in self.scratch.links_of(keys).items() if key[0] in CHAINS}

    def kind_of(self, record_id: str) -> str | None:
        return self.scratch.kind_of(record_id)


def record_checks(db: Any, scratch: ImportScratch, writer: BatchWriter) -> RecordChecks:
    """The record checks of a streaming import (records of earlier bundles count as present)."""
    return RecordChecks(db, _Carried(scratch, writer), _Links(scratch))


class _Bundle:
    def __init__(
        self,
        writer: BatchWriter,
        gate: TrustGate,
        scratch: ImportScratch,
        records: RecordChecks,
        reader: BundleReader,
        info: BundleInfo,
        number: int,
    ) -> None:
        self.writer, self.gate, self.scratch, self.records = writer, gate, scratch, records
        self.reader, self.info, self.number = reader, info, number
        self.label = reader.label
        self.segments: list[Segment] = []
        self.referenced: set[str] = set()
        self.result = Streamed(revisions=dict.fromkeys(layout.KINDS, 0))

    def _error(self, reason: str, line: Line) -> BundleError:
        return BundleError(reason, source=self.label, member=line.member, line=line.number)

    # -- segments --------------------------------------------------------------------------------

    def load_segments(self) -> None:
        """Check every segment line; keep their entries in the scratch, the rest here."""
        self.scratch.forget_entries(expected=sum(self.info.counts.values()))
        if not self.reader.has_member(layout.SEGMENTS):
            return
        by_device: dict[str, list[Segment]] = {}
        for number, raw in self.reader.member_lines(layout.SEGMENTS, layout.MAX_JSONL_BYTES):
            if not raw.strip():
                continue
            try:
                segment = parse_segment(raw)
            except ValueError as exc:
                raise BundleError(
                    _("not a valid segment: {problem}").format(problem=exc),
                    source=self.label,
                    member=layout.SEGMENTS,
                    line=number,
                ) from None
            # Entries and text (a segment line lists up to 10,000 revisions) wait in the scratch.
            self.scratch.add_segment(len(self.segments), segment.text, segment.entries)
            bare = dataclasses.replace(segment, entries=frozenset(), text="")
            self.segments.append(bare)
            by_device.setdefault(segment.device, []).append(bare)
        self.gate.segment_origins(self.reader, by_device)

    def _segments_for(self, lines: list[Line]) -> dict[str, list[Segment]]:
        """The segments listing any of these lines' revisions, with just those entries."""
        if not self.segments:
            return {}
        found: dict[str, list[Segment]] = {}
        for index, listed in sorted(self.scratch.segments_listing(line.revision.rev for line in lines).items()):
            segment = dataclasses.replace(
                self.segments[index], entries=frozenset(listed), text=self.scratch.segment_text(index)
            )
            found.setdefault(segment.device, []).append(segment)
        return found

    # -- a batch ---------------------------------------------------------------------------------

    def _check_ids(self, lines: list[Line]) -> None:
        """A revision id once per bundle; parents of the same record (as BundleReader.lines checks)."""
        parents = {
            p for line in lines for p in (line.revision.base_rev, *line.revision.merged, *line.revision.ancestors) if p
        }
        seen = self.scratch.owners({line.revision.rev for line in lines} | parents, self.number)
        here: dict[str, Line] = {}
        for line in lines:
            rev = line.revision
            first = here.get(rev.rev)
            earlier = seen.get(rev.rev)
            if first is None and earlier is not None and earlier.bundle == self.number:
                raise self._error(
                    _("revision {rev} appears twice (first on {place})").format(
                        rev=rev.rev, place=_("{member} line {line}").format(member=earlier.member, line=earlier.line)
                    ),
                    line,
                )
            if first is not None:
                raise self._error(
                    _("revision {rev} appears twice (first on {place})").format(
                        rev=rev.rev, place=_("{member} line {line}").format(member=first.member, line=first.number)
                    ),
                    line,
                )
            here[rev.rev] = line
        for line in lines:
            rev = line.revision
            for parent in (rev.base_rev, *rev.merged, *rev.ancestors):
                if not parent:
                    continue
                local = here.get(parent)
                if local is not None:
                    if (local.revision.entity, local.revision.record_id) != (rev.entity, rev.record_id):
                        raise self._error(_("refers to revision {rev} of another record").format(rev=parent), line)
                    continue
                other = seen.get(parent)
                if (
                    other is not None
                    and other.bundle == self.number
                    and (other.entity, other.record_id)
                    != (
                        rev.entity,
                        rev.record_id,
                    )
                ):
                    raise self._error(_("refers to revision {rev} of another record").format(rev=parent), line)
        check_files(self.reader, lines, self.referenced)
        for line in lines:  # revisions of earlier bundles of this import (as _check_against_store)
            rev = line.revision
            for ref in (rev.rev, rev.base_rev, *rev.merged, *rev.ancestors):
                other = seen.get(ref) if ref else None
                if (
                    other is not None
                    and other.bundle != self.number
                    and (other.entity, other.record_id)
                    != (
                        rev.entity,
                        rev.record_id,
                    )
                ):
                    said = (
                        _("is revision {rev}, which an earlier bundle of this import holds for another record")
                        if ref == rev.rev
                        else _(
                            "refers to revision {rev}, which an earlier bundle of this import holds for another record"
                        )
                    )
                    raise self._error(said.format(rev=ref), line)
        self.scratch.add_revisions(self.number, ((line.revision, line.member, line.number) for line in lines))

    def _check_store(self, lines: list[Line]) -> None:
        """A revision id the store holds for another record means a forged tree.

        Revisions this import merged already are in the scratch too and were checked there, so
        what is found here was in the store before the import."""
        wanted: set[str] = set()
        for line in lines:
            rev = line.revision
            wanted.update(p for p in (rev.rev, rev.base_rev, *rev.merged, *rev.ancestors) if p)
        owners = self.writer.known_revisions(sorted(wanted))
        for line in lines:
            rev = line.revision
            for ref in (rev.rev, rev.base_rev, *rev.merged, *rev.ancestors):
                owner = owners.get(ref) if ref else None
                if owner is not None and owner != (rev.entity, rev.record_id):
                    said = (
                        _("is revision {rev}, which this database holds for another record")
                        if ref == rev.rev
                        else _("refers to revision {rev}, which this database holds for another record")
                    )
                    raise self._error(said.format(rev=ref), line)

    def batch(self, lines: list[Line]) -> None:
        """Check a batch of lines, then merge it."""
        self._check_ids(lines)
        self.gate.check_chunk(self.reader, self.info, lines, self._segments_for(lines))
        self._check_store(lines)
        check_attachment_media(self.reader, lines)
        self.result.plain += len(check_personal_label(self.label, self.info, lines))
        # Records the store holds before this batch: for those met first here, held before the bundle.
        carried = {(line.revision.entity, line.revision.record_id) for line in lines}
        existed = self.writer.records_with_revisions(carried)
        outcomes = apply_revisions(self.writer, (line.revision for line in lines))
        fresh = {key for key, outcome in outcomes.items() if outcome != UNCHANGED and key in carried}
        self.result.held.update(key for key, outcome in outcomes.items() if key not in carried)
        self.scratch.track_newest(self.number, _placed(lines), existed, fresh, chains=CHAINS)
        # The record checks of what is merged and carried now; what they pass is left out at the end.
        early = [line for line in lines if line.revision.entity in EARLY_KINDS]
        passed = self.records.check_early(self.label, early) if early else set()
        if passed:
            marked = [line.revision for line in early if line.revision.rev in passed]
            self.scratch.mark_checked(
                self.number,
                [(r.entity, r.record_id, r.rev) for r in marked],
                [
                    (line.revision.entity, line.revision.record_id, line.revision.rev, *target)
                    for line in early
                    if line.revision.rev in passed
                    for target in same_kind_targets(line)
                ],
            )
        for line in lines:
            self.result.revisions[line.revision.entity] += 1
        # Merged: what the gate remembered of these lines is in the store now, where it looks next.
        self.gate.batch_data.clear()
        self.gate.batch_owners.clear()
        if self.gate.segments:
            self.writer.store_segments(self.gate.segments)
            self.gate.segments.clear()

    # -- once the bundle is read -----------------------------------------------------------------

    def _newest_batches(
        self, kinds: tuple[str, ...] | None, deleted: bool | None
    ) -> Iterator[list[tuple[RecordKey, Line]]]:
        # Following chains (kinds given: the cycle check) caches every record on them: smaller batches.
        size = CHAIN_BATCH if kinds is not None else CHECK_BATCH
        unchecked = deleted is False  # records that passed check_early as they were merged are left out
        for batch in self.scratch.newest_in(self.number, kinds=kinds, deleted=deleted, size=size, unchecked=unchecked):
            # Only the first pass (references, content) reads the data; cycles and orphans look it up.
            wanted = sorted({n.rev for n in batch if not n.deleted}) if unchecked else []
            data = self.writer.revision_data(wanted) if wanted else {}
            yield [((n.entity, n.record_id), _line_of(n, None if n.deleted else data.get(n.rev))) for n in batch]

    def finish(self, records: RecordChecks) -> Streamed:
        clash = self.scratch.parent_of_another_record(self.number)
        if clash is not None:
            raise BundleError(
                _("refers to revision {rev} of another record").format(rev=clash[0]),
                source=self.label,
                member=clash[1],
                line=clash[2],
            )
        check_files_referenced(self.reader, self.referenced)
        self.scratch.recheck_changed()
        records.check_carried(self.label, self._newest_batches)
        conflicted = self.writer.conflicted()
        counts = {kind: dict.fromkeys(OUTCOMES, 0) for kind in layout.KINDS}
        for entity, record_id, existed, fresh in self.scratch.touched_records(self.number):
            if not fresh:
                outcome = UNCHANGED
            elif (entity, record_id) in conflicted:
                outcome = CONFLICT
            else:
                outcome = UPDATED if existed else NEW
            counts[entity][outcome] += 1
        self.result.counts = counts
        self.result.held = {k for k in self.result.held if k in conflicted and not self.scratch.touches(self.number, k)}
        self.result.occupants = self.scratch.touched_ids(self.number, "occupants")
        return self.result


def _placed(lines: list[Line]) -> list[tuple[Revision, str, int]]:
    return [(line.revision, line.member, line.number) for line in lines]


def _line_of(newest: Newest, data: dict[str, Any] | None) -> Line:
    """A Line standing for a record's newest revision in the bundle (for the record checks' messages)."""
    revision = Revision(newest.entity, newest.record_id, newest.rev, 0, None, "", data, newest.deleted)
    return Line(newest.member, newest.line, revision)


@contextmanager
def store_cache(db: Any, kib: int = STORE_CACHE_KIB) -> Iterator[None]:
    """The store's page cache at kib KiB for as long as an import runs, then as it was."""
    before = int(db.execute("PRAGMA cache_size").fetchone()[0])
    db.execute(f"PRAGMA cache_size = -{int(kib)}")
    try:
        yield
    finally:
        db.execute(f"PRAGMA cache_size = {before}")


def merge_streamed(
    writer: BatchWriter,
    gate: TrustGate,
    scratch: ImportScratch,
    records: RecordChecks,
    reader: BundleReader,
    info: BundleInfo,
    number: int,
    progress: ReadProgress | None = None,
    ahead: ParsedLines | None = None,
) -> Streamed:
    """Check and merge one bundle, a batch at a time (inside the caller's transaction).

    ahead: the bundle's lines parsed before the transaction (``sync.parse_ahead``), replayed
    instead of reading them here."""
    bundle = _Bundle(writer, gate, scratch, records, reader, info, number)
    bundle.load_segments()
    lines: list[Line] = []
    for line in reader.iter_lines(progress) if ahead is None else ahead.replay(progress):
        lines.append(line)
        if len(lines) >= BATCH_LINES:
            bundle.batch(lines)
            lines = []
    if lines:
        bundle.batch(lines)
    return bundle.finish(records)


def scaled_progress(progress: ReadProgress | None, first: int, width: int, stages: int) -> ReadProgress | None:
    """Map (done, total) onto stages first … first + width of a 0–1000 bar shared by all stages."""
    if progress is None:
        return None
    report: Callable[[int, int], None] = progress

    def scaled(done: int, total: int) -> None:
        report(int(1000 * (first + width * done / max(total, 1)) / stages), 1000)

    return scaled
