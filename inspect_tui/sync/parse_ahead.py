"""Parsing a bundle's lines before the merge's transaction, to replay them inside it unchanged.

A streaming import (``sync.streaming``) parses and validates each line inside the transaction
that merges it. The central intake holds the merge lock for that whole transaction, so the
parsing of every line (a third of an intake's work) would run one bundle at a time whatever the
number of intake processes. ``parse_ahead`` does that work before the transaction instead, for
a bundle small enough to keep in memory: it reads every line through ``BundleReader.iter_lines``
(the same parsing, validation and re-hashing) and also makes each revision's canonical JSON (what
the checks hash and the store keeps) and the two hashes the checks compare it by (its id, its
digest). ``ParsedLines.replay`` then hands the merge the very same lines in the same order, and
raises the very same refusal at the same place, so the checks around them (trust gate,
references, records) see exactly what they saw before: every refusal keeps its message and its
order. Nothing here reads or writes a database.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from inspect_tui.sync.reader import BundleInfo, BundleReader, Line, ReadProgress

LinesAhead = Callable[[BundleReader, BundleInfo], "ParsedLines | None"]
"""What ``import_bundles(ahead=…)`` calls for each checked bundle: its lines parsed, or None to stream them."""

PARSE_AHEAD_LINES = 10_000
"""Bundles with at most this many lines are parsed before the central intake's transaction (a
few tens of MB at most per bundle in flight); larger ones stream inside it as on a laptop."""


@dataclass
class ParsedLines:
    """A bundle's lines parsed ahead, up to the first refusal (kept to be raised in its place)."""

    lines: list[Line]
    refusal: Exception | None
    total: int

    def replay(self, progress: ReadProgress | None = None) -> Iterator[Line]:
        """The lines as ``BundleReader.iter_lines`` yielded them, then its refusal, if it raised one."""
        for done, line in enumerate(self.lines, start=1):
            yield line
            if progress and done % 1000 == 0:
                progress(min(done, self.total), self.total)
        if self.refusal is not None:
            raise self.refusal


def parse_ahead(reader: BundleReader, info: BundleInfo, limit: int = PARSE_AHEAD_LINES) -> ParsedLines | None:
    """Every line of a checked bundle of at most limit lines, parsed now; None for a larger one.

    A bundle that counts at most limit lines in bag-info.txt but carries more is left to the
    stream too (memory stays bounded whatever a hostile bundle holds)."""
    total = sum(info.counts.values())
    if limit <= 0 or total > limit:
        return None
    lines: list[Line] = []
    try:
        for line in reader.iter_lines():
            if len(lines) >= limit:
                return None
            # Made once here, outside the merge lock: the checks and the writer read them.
            _ = line.revision.data_json, line.revision.content_rev, line.revision.content_digest
            lines.append(line)
    except Exception as exc:  # a refusal (or a read error): raised again where the stream would raise it
        return ParsedLines(lines, exc, max(total, 1))
    return ParsedLines(lines, None, max(total, 1))
