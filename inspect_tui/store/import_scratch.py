"""What an import remembers across the lines it streams, kept on disk instead of in memory.

An import reads its bundles line by line and merges them in batches inside one transaction;
checks that span lines (a revision id used twice, a parent of another record, the newest
revision of every record for the record checks, which records it touched and how, the entries
of the signed segments) need more than the batch at hand. They are kept here, in a private
temporary SQLite database (deleted when closed, never the store itself, whatever the store is),
so memory stays bounded however large the bundle is: only the page cache is held, and the
segment entries of a bundle while they number at most ``MEMORY_ENTRIES`` (looked up every batch).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from inspect_tui.store.revisions import Revision
from inspect_tui.store.sieve import Sieve

_CHUNK = 500
_CACHE_KIB = 8 * 1024
MEMORY_ENTRIES = 150_000
"""Segment entries kept in memory (about 60 MB at most); a bundle whose segments list more, or
whose lines number more, keeps them in the scratch database."""

TEXTS_KEPT = 16
"""Segment texts kept at hand (a segment lists up to 10,000 revisions: about 700 kB of text)."""

_SCHEMA = (
    "CREATE TABLE revs (rev TEXT, bundle INTEGER, entity TEXT, record_id TEXT, member TEXT, line INTEGER, "
    "PRIMARY KEY (rev, bundle)) WITHOUT ROWID",
    "CREATE TABLE parents (parent TEXT, bundle INTEGER, entity TEXT, record_id TEXT, member TEXT, line INTEGER)",
    # One row per record the import carries: its newest revision (and the bundle that carried it last),
    # whether the store had the record before that bundle, whether the bundle wrote new revisions of it,
    # and whether its newest revision passed the record checks while the batch was merged.
    # link: where the newest revision's chain field points (a unit's parent …), for the cycle check.
    "CREATE TABLE newest (entity TEXT, record_id TEXT, bundle INTEGER, gen INTEGER, rev TEXT, deleted INTEGER, "
    "member TEXT, line INTEGER, existed INTEGER, fresh INTEGER, checked INTEGER, link TEXT, "
    "PRIMARY KEY (entity, record_id))",
    # A revision that passed the record checks early, and the revision carried then of a record of
    # its own kind that those checks looked at (NULL: none was carried; the store's row was looked at).
    "CREATE TABLE depends (entity TEXT, record_id TEXT, rev TEXT, target_entity TEXT, target_id TEXT, seen TEXT)",
    # An entry is kept as its revision and the rest of its text (``rev + rest`` gives it back), in
    # one B-tree keyed by the revision: a table and an index on it made two random inserts each.
    "CREATE TABLE entries (rev TEXT, segment INTEGER, rest TEXT, PRIMARY KEY (rev, segment, rest)) WITHOUT ROWID",
    # Entries as they are read, appended; moved into ``entries`` in key order, in one sorted pass,
    # before they are first looked up (one at a time, they went to random places of its B-tree).
    "CREATE TABLE entries_in (rev TEXT, segment INTEGER, rest TEXT)",
    "CREATE TABLE segments (segment INTEGER PRIMARY KEY, text TEXT)",
)


_NEWER = "(newest.bundle != excluded.bundle OR (excluded.gen, excluded.rev) > (newest.gen, newest.rev))"
_FIRST = "newest.bundle != excluded.bundle"
_UPSERT_NEWEST = (
    "INSERT INTO newest VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (entity, record_id) DO UPDATE SET "
    + ", ".join(
        f"{c} = CASE WHEN {_NEWER} THEN excluded.{c} ELSE newest.{c} END"
        for c in ("gen", "rev", "deleted", "member", "line", "checked", "link")
    )
    + f", existed = CASE WHEN {_FIRST} THEN excluded.existed ELSE newest.existed END"
    + f", fresh = CASE WHEN {_FIRST} THEN excluded.fresh ELSE max(newest.fresh, excluded.fresh) END"
    + ", bundle = excluded.bundle"
)
"""Keep a record's newest revision; a bundle meeting the record first starts its existed and fresh anew."""


def _chunks(values: Sequence[Any]) -> Iterator[Sequence[Any]]:
    for start in range(0, len(values), _CHUNK):
        yield values[start : start + _CHUNK]


def _marks(values: Sequence[Any]) -> str:
    return ",".join("?" * len(values))


@dataclass(frozen=True)
class Clash:
    """A revision id seen before in this import: where, and for which record."""

    rev: str
    bundle: int
    entity: str
    record_id: str
    member: str
    line: int


@dataclass(frozen=True)
class Newest:
    """The newest revision of one record in a bundle, and where it was."""

    entity: str
    record_id: str
    rev: str
    deleted: bool
    member: str
    line: int


class ImportScratch:
    """The scratch database of one import (see the module docstring); close() deletes it."""

    def __init__(self, memory_entries: int = MEMORY_ENTRIES) -> None:
        self.memory_entries = memory_entries
        self._entries: dict[str, list[tuple[str, int]]] | None = {}
        """Segment entries by revision while the bundle's segments list at most memory_entries."""
        self._listed = 0
        self._staged = False
        """Entries wait in ``entries_in`` (see ``_settle_entries``)."""
        self._texts: dict[int, str] = {}
        self._revs: Sieve | None = None
        """The revision ids in ``revs`` (see ``expect``): those it lets through are looked up."""
        self.conn = sqlite3.connect("", isolation_level=None)  # "": private, on disk, deleted on close
        self.conn.execute("PRAGMA journal_mode = OFF")
        self.conn.execute("PRAGMA synchronous = OFF")
        self.conn.execute(f"PRAGMA cache_size = -{_CACHE_KIB}")
        self.conn.execute("BEGIN")
        for statement in _SCHEMA:
            self.conn.execute(statement)

    def close(self) -> None:
        """Drop everything (the file goes with the connection)."""
        self.conn.close()

    # -- revision ids ------------------------------------------------------------------------------

    def expect(self, revisions: int) -> None:
        """The import will add about this many revisions: until it adds more, ``owners`` looks up
        only the ids a sieve of those added lets through (about 1.5 % of the new ones), instead of
        every id at a random place of a B-tree that grows with the import."""
        self._revs = Sieve(revisions) if revisions > 0 else None
        if self._revs is not None:
            self._revs.add_all(rev for (rev,) in self.conn.execute("SELECT rev FROM revs"))

    def owners(self, revs: Iterable[str], bundle: int) -> dict[str, Clash]:
        """The revisions of revs this import has seen, with where and for which record (where
        bundle carried it when it did, else where an earlier bundle did)."""
        found: dict[str, Clash] = {}
        sieve = self._revs
        asked = set(revs) if sieve is None else set(sieve.among(revs))
        for part in _chunks(sorted(asked)):
            for row in self.conn.execute(
                "SELECT rev, bundle, entity, record_id, member, line FROM revs "
                f"WHERE rev IN ({_marks(part)}) ORDER BY bundle = ? DESC, bundle",
                [*part, bundle],
            ):
                found.setdefault(row[0], Clash(*row))
        return found

    def add_revisions(self, bundle: int, lines: Iterable[tuple[Revision, str, int]]) -> None:
        """Remember revisions (and their parents, for checks once the bundle is read)."""
        revs, parents = [], []
        for rev, member, line in lines:
            revs.append((rev.rev, bundle, rev.entity, rev.record_id, member, line))
            for parent in (rev.base_rev, *rev.merged, *rev.ancestors):
                if parent:
                    parents.append((parent, bundle, rev.entity, rev.record_id, member, line))
        revs.sort()  # in key order: the ids are hashes, at random places of the key
        self.conn.executemany("INSERT OR IGNORE INTO revs VALUES (?, ?, ?, ?, ?, ?)", revs)
        sieve = self._revs
        if sieve is not None:
            sieve.add_all(row[0] for row in revs)
            if sieve.full:  # more than expected: it would let ever more through; look every id up
                self._revs = None
        self.conn.executemany("INSERT INTO parents VALUES (?, ?, ?, ?, ?, ?)", parents)

    def parent_of_another_record(self, bundle: int) -> tuple[str, str, int] | None:
        """(parent, member, line) of the first line of bundle naming a parent that the same bundle
        carries for another record (the parent may come later in the bundle than the line)."""
        row = self.conn.execute(
            "SELECT p.parent, p.member, p.line FROM parents p JOIN revs r ON r.rev = p.parent "
            "WHERE p.bundle = ? AND r.bundle = ? AND (r.entity != p.entity OR r.record_id != p.record_id) "
            "ORDER BY p.rowid LIMIT 1",
            [bundle, bundle],
        ).fetchone()
        self.conn.execute("DELETE FROM parents WHERE bundle = ?", [bundle])
        return None if row is None else (str(row[0]), str(row[1]), int(row[2]))

    # -- the newest revision of every record -----------------------------------------------------

    def track_newest(
        self,
        bundle: int,
        lines: Iterable[tuple[Revision, str, int]],
        existed: Collection[tuple[str, str]] = (),
        fresh: Collection[tuple[str, str]] = (),
        checked: Collection[str] = (),
        chains: Mapping[str, str] | None = None,
    ) -> None:
        """Keep, per record, the bundle's newest revision (highest generation, then id), and what
        the bundle did to it. existed: records the store held before this batch was merged (taken
        for the records the bundle meets first in this batch: the store held them before the
        bundle); fresh: records the batch wrote new revisions of; checked: revisions whose record
        checks passed as their batch was merged (see ``newest_in``); chains: per kind, the field
        whose value is kept as the record's link (see ``links_of``)."""
        chains = chains or {}
        self.conn.executemany(
            _UPSERT_NEWEST,
            [
                (
                    r.entity,
                    r.record_id,
                    bundle,
                    r.gen,
                    r.rev,
                    int(r.deleted),
                    member,
                    line,
                    int((r.entity, r.record_id) in existed),
                    int((r.entity, r.record_id) in fresh),
                    int(r.rev in checked),
                    _link(r, chains.get(r.entity)),
                )
                for r, member, line in lines
            ],
        )

    def newest_of(self, keys: Iterable[tuple[str, str]]) -> dict[tuple[str, str], Newest]:
        """The newest revision this import carries of each of keys (records it does not carry: absent)."""
        grouped: dict[str, list[str]] = {}
        for entity, record_id in keys:
            grouped.setdefault(entity, []).append(record_id)
        found: dict[tuple[str, str], Newest] = {}
        for entity, ids in grouped.items():
            for part in _chunks(sorted(set(ids))):
                for row in self.conn.execute(
                    "SELECT entity, record_id, rev, deleted, member, line FROM newest "
                    f"WHERE entity = ? AND record_id IN ({_marks(part)})",
                    [entity, *part],
                ):
                    found[(row[0], row[1])] = Newest(row[0], row[1], row[2], bool(row[3]), row[4], row[5])
        return found

    def links_of(self, keys: Iterable[tuple[str, str]]) -> dict[tuple[str, str], str | None]:
        """Per record of keys this import carries, where its newest revision's chain field points
        (None: nowhere, or the revision removes it); records it does not carry: absent."""
        grouped: dict[str, list[str]] = {}
        for entity, record_id in keys:
            grouped.setdefault(entity, []).append(record_id)
        found: dict[tuple[str, str], str | None] = {}
        for entity, ids in grouped.items():
            for part in _chunks(sorted(set(ids))):
                for record_id, link in self.conn.execute(
                    f"SELECT record_id, link FROM newest WHERE entity = ? AND record_id IN ({_marks(part)})",
                    [entity, *part],
                ):
                    found[(entity, str(record_id))] = None if link is None else str(link)
        return found

    def mark_checked(
        self, bundle: int, passed: Iterable[tuple[str, str, str]], looked_at: Iterable[tuple[str, str, str, str, str]]
    ) -> None:
        """Revisions (entity, record id, rev) whose record checks passed as their batch was merged;
        looked_at: (entity, record id, rev, target kind, target id) of the records of their own kind
        those checks looked at, remembered with the revision of each carried now (see ``recheck_changed``)."""
        self.conn.executemany(
            "UPDATE newest SET checked = 1 WHERE entity = ? AND record_id = ? AND rev = ? AND bundle = ?",
            [(*p, bundle) for p in passed],
        )
        self.conn.executemany(
            "INSERT INTO depends SELECT ?, ?, ?, ?, ?, (SELECT rev FROM newest WHERE entity = ? AND record_id = ?)",
            [(*d, d[3], d[4]) for d in looked_at],
        )

    def recheck_changed(self) -> int:
        """Once a bundle is merged: records checked early whose checks looked at a record of their own
        kind that a later line changed are checked again at the end; returns how many."""
        changed = self.conn.execute(
            "UPDATE newest SET checked = 0 WHERE checked = 1 AND (entity, record_id, rev) IN ("
            "SELECT d.entity, d.record_id, d.rev FROM depends d LEFT JOIN newest t "
            "ON t.entity = d.target_entity AND t.record_id = d.target_id WHERE t.rev IS NOT d.seen)"
        ).rowcount
        self.conn.execute("DELETE FROM depends")
        return int(changed)

    def kind_of(self, record_id: str) -> str | None:
        """The kind of a record this import carries, by its id alone (for a refusal's message: a scan)."""
        row = self.conn.execute("SELECT entity FROM newest WHERE record_id = ? LIMIT 1", [record_id]).fetchone()
        return None if row is None else str(row[0])

    def newest_in(
        self,
        bundle: int,
        *,
        kinds: Sequence[str] | None = None,
        deleted: bool | None = None,
        size: int = 1000,
        unchecked: bool = False,
    ) -> Iterator[list[Newest]]:
        """The bundle's records (their newest revision), in batches, in the order they first appeared.

        unchecked: leave out records whose newest revision passed the record checks as it was merged
        (``track_newest``'s checked). The batches keep the bounds they have without it (size records
        each, before leaving out), so checks that run a batch at a time meet records in the same groups.
        """
        where = "FROM newest WHERE bundle = ?"
        params: list[Any] = [bundle]
        if kinds is not None:
            # "+entity": walk the table in rowid order (each batch goes on where the last ended); with
            # the key's index SQLite would read every record of these kinds and sort them, per batch.
            where += f" AND +entity IN ({_marks(kinds)})"
            params.extend(kinds)
        if deleted is not None:
            where += " AND deleted = ?"
            params.append(int(deleted))
        columns = "SELECT rowid, entity, record_id, rev, deleted, member, line"
        last = 0
        while True:
            if not unchecked:
                rows = self.conn.execute(
                    f"{columns} {where} AND rowid > ? ORDER BY rowid LIMIT {size}", [*params, last]
                ).fetchall()
                if not rows:
                    return
                last = rows[-1][0]
            else:
                bound = self.conn.execute(
                    f"SELECT rowid {where} AND rowid > ? ORDER BY rowid LIMIT 1 OFFSET {size - 1}", [*params, last]
                ).fetchone()
                upper = "" if bound is None else f" AND rowid <= {int(bound[0])}"
                rows = self.conn.execute(
                    f"{columns} {where} AND rowid > ?{upper} AND checked = 0 ORDER BY rowid", [*params, last]
                ).fetchall()
                if rows:
                    yield [Newest(r[1], r[2], r[3], bool(r[4]), r[5], r[6]) for r in rows]
                if bound is None:
                    return
                last = int(bound[0])
                continue
            yield [Newest(r[1], r[2], r[3], bool(r[4]), r[5], r[6]) for r in rows]

    # -- what the merge did to each record -------------------------------------------------------

    def touched_records(self, bundle: int) -> Iterator[tuple[str, str, bool, bool]]:
        """(entity, record id, existed before the bundle, got new revisions) of every record bundle touched."""
        for entity, record_id, existed, fresh in self.conn.execute(
            "SELECT entity, record_id, existed, fresh FROM newest WHERE bundle = ?", [bundle]
        ):
            yield str(entity), str(record_id), bool(existed), bool(fresh)

    def touches(self, bundle: int, key: tuple[str, str]) -> bool:
        """Whether bundle carries a revision of the record."""
        row = self.conn.execute(
            "SELECT 1 FROM newest WHERE bundle = ? AND entity = ? AND record_id = ? LIMIT 1", [bundle, *key]
        ).fetchone()
        return row is not None

    def touched_ids(self, bundle: int, entity: str) -> list[str]:
        """The ids of the records of one kind the bundle touched."""
        return [
            str(r[0])
            for r in self.conn.execute(
                "SELECT record_id FROM newest WHERE bundle = ? AND entity = ? ORDER BY record_id", [bundle, entity]
            )
        ]

    # -- segment entries -------------------------------------------------------------------------

    def add_segment(self, segment: int, text: str, entries: Iterable[str]) -> None:
        """Remember one signed segment: its text (relayed as is) and the ``<rev> <digest>`` entries it lists.

        The entries of a bundle's first ``memory_entries`` revisions are kept in memory (a lookup per
        batch then costs no query); past that, all of them move to the scratch database."""
        self.conn.execute("INSERT INTO segments VALUES (?, ?)", [segment, text])
        rows = [(e.split(" ", 1)[0], e, segment) for e in entries]
        if self._entries is not None and self._listed + len(rows) <= self.memory_entries:
            self._listed += len(rows)
            for rev, entry, number in rows:
                self._entries.setdefault(rev, []).append((entry, number))
            return
        if self._entries is not None:
            kept = [(rev, entry, number) for rev, listed in self._entries.items() for entry, number in listed]
            self._insert_entries(kept)
            self._entries = None
        self._insert_entries(rows)

    def _insert_entries(self, rows: list[tuple[str, str, int]]) -> None:
        """(rev, entry, segment) rows into the scratch: appended to ``entries_in`` as they come (a
        segment's entries come in the order of its change log, at random places of the key)."""
        self.conn.executemany(
            "INSERT INTO entries_in VALUES (?, ?, ?)", [(rev, number, entry[len(rev) :]) for rev, entry, number in rows]
        )
        self._staged = True

    def _settle_entries(self) -> None:
        """Move the appended entries into the keyed table in key order: SQLite sorts them (in
        bounded memory) and the B-tree is written from left to right, page after page."""
        if self._staged:
            self.conn.execute(
                "INSERT OR IGNORE INTO entries SELECT rev, segment, rest FROM entries_in ORDER BY rev, segment, rest"
            )
            self.conn.execute("DELETE FROM entries_in")
            self._staged = False

    def segments_listing(self, revs: Iterable[str]) -> dict[int, set[str]]:
        """Per segment, its entries for any of revs."""
        found: dict[int, set[str]] = {}
        if self._entries is not None:
            for rev in set(revs):
                for entry, segment in self._entries.get(rev, ()):
                    found.setdefault(segment, set()).add(entry)
            return found
        self._settle_entries()
        for part in _chunks(sorted(set(revs))):
            for rev, segment, rest in self.conn.execute(
                f"SELECT rev, segment, rest FROM entries WHERE rev IN ({_marks(part)})", part
            ):
                found.setdefault(int(segment), set()).add(str(rev) + str(rest))
        return found

    def segment_text(self, segment: int) -> str:
        """The signed text of a segment remembered with add_segment (the same text object each time
        for the first ``TEXTS_KEPT`` segments asked: every batch asks again)."""
        text = self._texts.get(segment)
        if text is None:
            text = str(self.conn.execute("SELECT text FROM segments WHERE segment = ?", [segment]).fetchone()[0])
            if len(self._texts) < TEXTS_KEPT:
                self._texts[segment] = text
        return text

    def forget_entries(self, expected: int = 0) -> None:
        """A new bundle begins (its segments are its own). expected: how many entries its segments
        are likely to list (its lines); more than ``memory_entries``, and none are kept in memory
        (a dict of that size that moves to the scratch later would leave its memory to the process)."""
        self.conn.execute("DELETE FROM entries")
        self.conn.execute("DELETE FROM entries_in")
        self.conn.execute("DELETE FROM segments")
        self._entries = {} if expected <= self.memory_entries else None
        self._listed, self._staged = 0, False
        self._texts.clear()


def _link(revision: Revision, field: str | None) -> str | None:
    """Where a revision's chain field points (None: no chain kind, no such value, or removed)."""
    if field is None or revision.deleted or not revision.data:
        return None
    value = revision.data.get(field)
    return value if isinstance(value, str) else None
