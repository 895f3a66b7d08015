"""What one record of a bundle may point at, and what the checks know of the records pointed at.

The references mirror what the app's own forms and stores allow:

- a *parent* reference (a unit's site, an occupant's unit, an answer's inspection …) must name a
  record of the right kind that this database or bundle knows; one removed elsewhere meanwhile
  is no refusal: the merge keeps that removal held while records stand under it (``store.held``);
- a *link* (a finding's unit, its origin finding, an inspection's previous inspection, a
  partner, a review's inspection) may also name a record that was removed since, as the app's
  own edits allow, but it must name a record of the right kind that this database or bundle
  knows;
- a deletion that leaves records under the record is no refusal either: it is held the same way.

Lookups go to the database in batches: one query per kind per 500 ids, never one per record.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from sqlite_utils import Database

from inspect_tui.domain.models import MODEL_BY_TABLE
from inspect_tui.i18n import N_, _
from inspect_tui.sync.fixed_fields import FIXED, fixed_of

Key = tuple[str, str]
"""(kind, record id)."""


@dataclass(frozen=True)
class Ref:
    """One field of a record kind that names another record."""

    field: str
    target: str
    """The kind of record it names."""
    parent: bool
    """The record cannot exist without it (it must be live)."""
    same_site: bool = False
    """It must name a record on the same site."""


REFERENCES: dict[str, tuple[Ref, ...]] = {
    "units": (Ref("site_id", "sites", True), Ref("parent_id", "units", True, same_site=True)),
    "occupants": (Ref("unit_id", "units", True), Ref("couple_with", "occupants", False)),
    "inspections": (Ref("site_id", "sites", True), Ref("previous_id", "inspections", False, same_site=True)),
    "answers": (Ref("inspection_id", "inspections", True),),
    "findings": (
        Ref("inspection_id", "inspections", True),
        Ref("unit_id", "units", False, same_site=True),
        Ref("origin_id", "findings", False, same_site=True),
    ),
    "attachments": (Ref("finding_id", "findings", True), Ref("answer_id", "answers", True)),
    "reviews": (Ref("inspection_id", "inspections", False),),
}
"""Per kind, the fields that name other records."""

CHAINS: dict[str, str] = {"units": "parent_id", "inspections": "previous_id", "findings": "origin_id"}
"""Kinds whose records point at records of their own kind: these may never form a cycle."""


def a_noun(kind: str) -> str:
    """ "a site", "an inspection", "an occupant" … (in the interface language: "een locatie")"""
    noun = NOUNS.get(kind, kind)
    return (_("an {noun}") if noun[0] in "aeiou" else _("a {noun}")).format(noun=_(noun))


NOUNS: dict[str, str] = {
    "sites": N_("site"),
    "units": N_("unit"),
    "occupants": N_("occupant"),
    "inspections": N_("inspection"),
    "answers": N_("answer"),
    "findings": N_("finding"),
    "attachments": N_("attachment"),
    "reviews": N_("review"),
}

_CHUNK = 500


def _chunks(values: Sequence[str]) -> Iterator[Sequence[str]]:
    for start in range(0, len(values), _CHUNK):
        yield values[start : start + _CHUNK]


_JSON_FIELDS = {"templates"}


def _row_data(columns: Sequence[str], row: Sequence[Any]) -> dict[str, Any]:
    data = dict(zip(columns, row, strict=True))
    for name in _JSON_FIELDS & data.keys():
        if isinstance(data[name], str):
            try:
                data[name] = json.loads(data[name])
            except ValueError:
                data[name] = []
    return data


class Carried(Protocol):
    """Where a streaming import keeps the records its bundles carry (instead of ``bundled``)."""

    def lookup(self, keys: Sequence[Key]) -> dict[Key, dict[str, Any] | None]:
        """The data of the newest revision carried of each of keys (None: it removes the record);
        keys the import does not carry are absent."""
        ...

    def kind_of(self, record_id: str) -> str | None:
        """The kind of a carried record, by id alone."""
        ...


class RecordIndex:
    """The records an import's checks look at: this import's bundles first, then the database.

    ``bundled`` holds, per record a bundle of this import carries, the data of its newest
    revision there (None when that revision removes it). Database rows are fetched in batches
    and kept. A streaming import passes ``carried`` instead: ``bundled`` is then only a cache of
    what was looked up there, emptied with ``clear()`` so that memory stays bounded.
    """

    def __init__(self, db: Database | None, carried: Carried | None = None) -> None:
        self.db = db
        """None when checking a bundle on its own (verify): only what the bundle holds is known."""
        self.carried = carried
        self.bundled: dict[Key, dict[str, Any] | None] = {}
        self._looked_up: set[Key] = set()
        self._live: dict[Key, dict[str, Any] | None] = {}
        self._known: dict[Key, bool] = {}
        self.queries = 0
        """Database queries made (for tests that hold the checks to batching)."""

    def clear(self) -> None:
        """Forget what was fetched (a streaming import's checks, between batches)."""
        if self.carried is not None:
            self.bundled.clear()
            self._looked_up.clear()
        self._live.clear()
        self._known.clear()

    def load_carried(self, keys: Iterable[Key]) -> None:
        """Look keys up among the records a streaming import carries (nothing to do otherwise)."""
        if self.carried is None:
            return
        wanted = sorted({k for k in keys if k not in self._looked_up})
        if wanted:
            self.bundled.update(self.carried.lookup(wanted))
            self._looked_up.update(wanted)

    def load(self, keys: Iterable[Key]) -> None:
        """Fetch the live database rows of keys not fetched yet: one query per kind per 500 ids.

        Records this import carries are not fetched: what the checks see of them is in ``bundled``."""
        wanted: dict[str, list[str]] = {}
        keys = list(keys)
        self.load_carried(keys)
        if self.db is None:
            return
        for kind, record_id in keys:
            if (kind, record_id) not in self._live and (kind, record_id) not in self.bundled:
                wanted.setdefault(kind, []).append(record_id)
        for kind, ids in wanted.items():
            for part in _chunks(sorted(set(ids))):
                for record_id in part:
                    self._live[(kind, record_id)] = None
                cursor = self.db.execute(f"SELECT * FROM [{kind}] WHERE id IN ({','.join('?' * len(part))})", part)
                self.queries += 1
                columns = [d[0] for d in cursor.description]
                for row in cursor.fetchall():
                    data = _row_data(columns, row)
                    self._live[(kind, str(data["id"]))] = data

    def load_history(self, keys: Iterable[Key]) -> None:
        """Find out which of keys the database has ever held (removed ones included)."""
        wanted: dict[str, list[str]] = {}
        if self.db is None:
            return
        for kind, record_id in keys:
            if (kind, record_id) not in self._known:
                wanted.setdefault(kind, []).append(record_id)
        for kind, ids in wanted.items():
            for part in _chunks(sorted(set(ids))):
                for record_id in part:
                    self._known[(kind, record_id)] = False
                rows = self.db.execute(
                    f"SELECT DISTINCT record_id FROM changes WHERE entity = ? AND record_id IN ({','.join('?' * len(part))})",
                    [kind, *part],
                ).fetchall()
                self.queries += 1
                for (record_id,) in rows:
                    self._known[(kind, str(record_id))] = True

    def live(self, key: Key) -> dict[str, Any] | None:
        """The record's current data, or None when it is removed or unknown (load first)."""
        if self.carried is not None and key not in self._looked_up:
            self.load_carried([key])
        if key in self.bundled:
            return self.bundled[key]
        return self._live.get(key)

    def known(self, key: Key) -> bool:
        """The record exists or existed (load and load_history first)."""
        self.load_carried([key])
        return key in self.bundled or self._live.get(key) is not None or self._known.get(key, False)

    def removed_here(self, key: Key) -> bool:
        """This import removes the record."""
        self.load_carried([key])
        return key in self.bundled and self.bundled[key] is None

    def held_versions(self, kind: str, ids: Sequence[str]) -> dict[str, list[dict[str, Any]]]:
        """Per id, the fixed fields (``fixed_fields.FIXED``) of its first version the database holds (of
        a streaming import: also one it merged so far). Every version taken in agreed with it, so an
        edit that agrees with it agrees with them all; reading one version, not every one, keeps the
        check from growing with a record's history."""
        found: dict[str, list[dict[str, Any]]] = {}
        if self.db is None or kind not in FIXED:
            return found
        probe = getattr(self.db, "first_versions", None)  # the central store's writer: index probes
        for part in _chunks(sorted(set(ids))):
            if probe is not None:
                rows = probe(kind, list(part))
            else:
                rows = self.db.execute(
                    f"SELECT record_id, data FROM changes WHERE entity = ? AND base_rev IS NULL AND deleted = 0 "
                    f"AND record_id IN ({','.join('?' * len(part))})",
                    [kind, *part],
                ).fetchall()
            self.queries += 1
            for record_id, text in rows:
                fixed = fixed_of(text, kind)
                if fixed is not None:
                    found.setdefault(str(record_id), []).append(fixed)
        return found

    def kind_of(self, record_id: str) -> str | None:
        """Which kind of record an id names, whatever kind was expected (for a clear message)."""
        for key, _data in self.bundled.items():
            if key[1] == record_id:
                return key[0]
        carried = self.carried.kind_of(record_id) if self.carried is not None else None
        if carried is not None:
            return carried
        if self.db is None:
            return None
        for kind in MODEL_BY_TABLE:
            if self.db.execute(f"SELECT 1 FROM [{kind}] WHERE id = ?", [record_id]).fetchone() is not None:
                return kind
        row = self.db.execute("SELECT entity FROM changes WHERE record_id = ? LIMIT 1", [record_id]).fetchone()
        return None if row is None else str(row[0])
