"""Checks across the lines of one bundle: revision ids, parents, attachment files.

``BundleReader.lines`` makes them over a whole bundle in memory; a streaming import makes the
same checks batch by batch (``sync.streaming``), with ``check_files`` and
``check_files_referenced`` as they are here.
"""

from __future__ import annotations

from collections.abc import Iterable

from inspect_tui.i18n import _
from inspect_tui.sync import layout
from inspect_tui.sync.errors import BundleError
from inspect_tui.sync.reader import BundleReader, Line


def _error(reader: BundleReader, reason: str, member: str | None = None, line: int | None = None) -> BundleError:
    return BundleError(reason, source=reader.label, member=member, line=line)


def check_references(reader: BundleReader, lines: list[Line]) -> None:
    """Within the bundle: revisions unique, trees within one record, attachments with their files."""
    owner: dict[str, tuple[str, str, Line]] = {}
    for line in lines:
        rev = line.revision
        first = owner.get(rev.rev)
        if first is not None:
            raise _error(
                reader,
                _("revision {rev} appears twice (first on {place})").format(
                    rev=rev.rev, place=_("{member} line {line}").format(member=first[2].member, line=first[2].number)
                ),
                member=line.member,
                line=line.number,
            )
        owner[rev.rev] = (rev.entity, rev.record_id, line)
    for line in lines:
        rev = line.revision
        for parent in (rev.base_rev, *rev.merged, *rev.ancestors):
            other = owner.get(parent) if parent else None
            if other is not None and other[:2] != (rev.entity, rev.record_id):
                raise _error(
                    reader,
                    _("refers to revision {rev} of another record").format(rev=parent),
                    member=line.member,
                    line=line.number,
                )
    referenced: set[str] = set()
    check_files(reader, lines, referenced)
    check_files_referenced(reader, referenced)


def check_files(reader: BundleReader, lines: Iterable[Line], referenced: set[str]) -> None:
    """Every attachment line names a file the bundle carries, of its size; adds the files named
    to referenced (only files the bundle carries, so the set stays as small as the zip)."""
    for line in lines:
        rev = line.revision
        if rev.entity != "attachments" or rev.data is None:
            continue
        sha, size = str(rev.data["sha256"]), int(rev.data["size"])
        if sha in reader.blob_sizes:
            referenced.add(sha)
        if rev.deleted:
            continue
        if sha not in reader.blob_sizes:
            raise _error(
                reader,
                _("its file {sha}… is not in the bundle").format(sha=sha[:12]),
                member=line.member,
                line=line.number,
            )
        if reader.blob_sizes[sha] != size:
            raise _error(
                reader,
                _("size {size} does not match its file ({actual} bytes)").format(
                    size=size, actual=reader.blob_sizes[sha]
                ),
                member=line.member,
                line=line.number,
            )


def check_files_referenced(reader: BundleReader, referenced: set[str]) -> None:
    """Every file the bundle carries is named by an attachment line (see check_files)."""
    for sha in reader.blob_sizes:
        if sha not in referenced:
            raise _error(reader, _("no attachment in the bundle refers to it"), member=layout.blob_member(sha))
