"""Verifying a bundle without a database: layout, every hash, the signature, every line and its id."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from inspect_tui.i18n import _
from inspect_tui.store.codec import canonical_json
from inspect_tui.sync import layout
from inspect_tui.sync.attachments import check_attachment_media
from inspect_tui.sync.errors import BundleError
from inspect_tui.sync.importer import stage_progress
from inspect_tui.sync.keys import fingerprint
from inspect_tui.sync.personal import check_personal_label
from inspect_tui.sync.reader import BundleInfo, BundleReader, Line, ReadProgress
from inspect_tui.sync.trust import content_digest, generation_problem, id_problem, parse_segment, sealed
from inspect_tui.sync.validate_records import RecordChecks


@dataclass(frozen=True)
class VerifyReport:
    """A bundle found valid: who made it and what it carries."""

    source: str
    info: BundleInfo
    signer: bytes
    files: int
    """Attachment files carried."""

    @property
    def signer_fingerprint(self) -> str:
        """The signer's key in short, readable form."""
        return fingerprint(self.signer)

    @property
    def records(self) -> int:
        """Revisions carried, all kinds together."""
        return sum(self.info.counts.values())


def verify_bundle(path: Path, *, label: str | None = None, progress: ReadProgress | None = None) -> VerifyReport:
    """Check the bundle at path as an import would, short of the database; raises BundleError."""
    with BundleReader(path, label) as reader:
        info = reader.check(stage_progress(progress, 0, 2))
        lines = reader.lines(stage_progress(progress, 1, 2))
        RecordChecks(None).check(reader.label, lines)  # what can be checked without a database
        check_ids(reader, lines)
        check_personal_label(reader.label, info, lines)
        check_attachment_media(reader, lines)
        return VerifyReport(reader.label, info, reader.signer, len(reader.blob_sizes))


def check_ids(reader: BundleReader, lines: list[Line]) -> None:
    """Every line's generation and id recomputed from what it carries, as an import does.

    Without a database there is no roster to say whose segment counts, so a sealed line of the
    earlier release (an id over the plain data) passes when any segment of that release in the
    bundle, its signature valid, lists its exact bytes; the import then asks whose it is."""
    legacy: set[str] = set()
    raw = reader.optional_member(layout.SEGMENTS)
    for number, text in enumerate((raw or b"").split(b"\n"), start=1):
        if text.strip():
            try:
                segment = parse_segment(text)
            except ValueError as exc:  # refused by every import (whatever its roster): refused here too
                raise BundleError(
                    _("not a valid segment: {problem}").format(problem=exc),
                    source=reader.label,
                    member=layout.SEGMENTS,
                    line=number,
                ) from None
            if segment.legacy:
                legacy.update(segment.entries)
    for line in lines:
        revision = line.revision
        data_json = canonical_json(revision.data) if revision.data is not None else ""
        problem = generation_problem(revision) or id_problem(revision, data_json)
        if problem is not None and sealed(revision) and not generation_problem(revision):
            problem = None if f"{revision.rev} {content_digest(revision)}" in legacy else problem
        if problem is not None:
            raise BundleError(problem, source=reader.label, member=line.member, line=line.number)
