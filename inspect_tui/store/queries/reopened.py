"""Reopened inspections for the lead's review: who reopened them, why, and what changed since the first signing.

The first signing is the inspection's first revision with status ``completed``; its moment is when
that revision was made (or, for revisions made before times were recorded, the completion time it
carries). An answer's or finding's state at that moment is its newest revision made no later
(revisions without a time count as made before: they predate stamps). What changed is that state
against today's: fields changed, records added, records removed.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from inspect_tui.store.queries.history import FieldChange, diff

if TYPE_CHECKING:
    from sqlite_utils import Database

NOISE = frozenset({"status", "completed_at", "frozen", "signed_by", "computed", "judged_by", "units"})
"""Fields that change with every signing or re-judgement by themselves: not listed as changes."""


@dataclass(frozen=True)
class RecordChange:
    """One answer or finding that differs from the first signing."""

    entity: str
    """"answers" or "findings"."""
    label: str
    """The item id of an answer, the description of a finding."""
    how: str
    """"added", "removed" or "changed"."""
    fields: tuple[FieldChange, ...] = ()


@dataclass(frozen=True)
class Reopening:
    """An inspection reopened after it was signed."""

    inspection_id: str
    by: str
    at: str
    reason: str | None
    first_signed_by: str | None
    first_signed_at: str | None
    times: int
    """How often it was reopened."""
    changes: tuple[RecordChange, ...]


def _moment(text: str | None) -> dt.datetime | None:
    if not text:
        return None
    try:
        moment = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def _label(entity: str, data: dict[str, Any]) -> str:
    if entity == "answers":
        return str(data.get("item_id", ""))
    return str(data.get("description", ""))[:60]


def reopenings(db: Database, inspection_ids: list[str]) -> dict[str, Reopening]:
    """Per inspection that was ever reopened: the latest reopening and what changed since the first signing."""
    if not inspection_ids:
        return {}
    marks = ",".join("?" * len(inspection_ids))
    found: dict[str, list[tuple[str, str, str | None]]] = {}
    for inspection_id, reviewer, created_at, reason in db.execute(
        f"SELECT inspection_id, reviewer, created_at, reason FROM reviews WHERE decision = 'reopen' "
        f"AND inspection_id IN ({marks}) ORDER BY created_at, id",
        inspection_ids,
    ).fetchall():
        found.setdefault(str(inspection_id), []).append((str(reviewer), str(created_at), reason))
    return {i: _reopening(db, i, events) for i, events in found.items()}


def _reopening(db: Database, inspection_id: str, events: list[tuple[str, str, str | None]]) -> Reopening:
    by, at, reason = events[-1]
    signed = _first_signing(db, inspection_id)
    signed_data = signed[0] if signed else None
    moment = signed[1] if signed else None
    changes: list[RecordChange] = []
    if signed_data is not None:
        row = db.execute(
            "SELECT data FROM changes WHERE entity = 'inspections' AND record_id = ? AND leaf = 1 AND deleted = 0 "
            "ORDER BY gen DESC, rev DESC LIMIT 1",
            [inspection_id],
        ).fetchone()
        now = json.loads(row[0]) if row and row[0] else {}
        fields = tuple(c for c in diff(signed_data, now) if c.field not in NOISE)
        if fields:
            changes.append(RecordChange("inspections", "", "changed", fields))
    if moment is not None:
        for entity in ("answers", "findings"):
            changes.extend(_children(db, entity, inspection_id, moment))
    return Reopening(
        inspection_id=inspection_id,
        by=by,
        at=at,
        reason=reason,
        first_signed_by=str(signed_data.get("signed_by")) if signed_data and signed_data.get("signed_by") else None,
        first_signed_at=str(signed_data.get("completed_at"))
        if signed_data and signed_data.get("completed_at")
        else None,
        times=len(events),
        changes=tuple(changes),
    )


def _first_signing(db: Database, inspection_id: str) -> tuple[dict[str, Any], dt.datetime | None] | None:
    rows = db.execute(
        "SELECT data, made_at FROM changes WHERE entity = 'inspections' AND record_id = ? AND data IS NOT NULL "
        "ORDER BY gen, made_at, rev",
        [inspection_id],
    ).fetchall()
    for data, made_at in rows:
        parsed = json.loads(data)
        if parsed.get("status") == "completed":
            return parsed, _moment(made_at) or _moment(parsed.get("completed_at"))
    return None


def _children(db: Database, entity: str, inspection_id: str, moment: dt.datetime) -> list[RecordChange]:
    """Answers or findings of the inspection whose state now differs from their state at moment."""
    ids = [
        str(r[0])
        for r in db.execute(
            "SELECT DISTINCT record_id FROM changes WHERE entity = ? AND json_extract(data, '$.inspection_id') = ?",
            [entity, inspection_id],
        ).fetchall()
    ]
    changed: list[RecordChange] = []
    for record_id in sorted(ids):
        revisions = db.execute(
            "SELECT gen, rev, made_at, deleted, data, leaf FROM changes WHERE entity = ? AND record_id = ? "
            "ORDER BY gen, made_at, rev",
            [entity, record_id],
        ).fetchall()
        before = None
        for _gen, _rev, made_at, deleted, data, _leaf in revisions:
            when = _moment(made_at)
            if when is None or when <= moment:
                before = None if deleted or not data else json.loads(data)
        live = [r for r in revisions if r[5] and not r[3]]
        now = json.loads(live[-1][4]) if live and live[-1][4] else None
        if before is None and now is None:
            continue
        if before is None:
            assert now is not None
            changed.append(RecordChange(entity, _label(entity, now), "added"))
        elif now is None:
            changed.append(RecordChange(entity, _label(entity, before), "removed"))
        else:
            fields = tuple(c for c in diff(before, now) if c.field not in NOISE)
            if fields:
                changed.append(RecordChange(entity, _label(entity, now), "changed", fields))
    return changed
