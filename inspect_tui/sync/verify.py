"""Verifying a bundle without a database: layout, every hash, the signature, every line."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from inspect_tui.sync.importer import stage_progress
from inspect_tui.sync.keys import fingerprint
from inspect_tui.sync.reader import BundleInfo, BundleReader, ReadProgress


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
        reader.lines(stage_progress(progress, 1, 2))
        return VerifyReport(reader.label, info, reader.signer, len(reader.blob_sizes))
