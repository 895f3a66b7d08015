"""The merge's statements are prepared (planned once per connection), and the plan a prepared
statement may settle on without its values (its generic plan) still looks records up by index:
never a scan of the revisions, the superseded revisions or a head table."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import psycopg
import pytest

from inspect_tui.domain.models import MODEL_BY_TABLE, Site
from inspect_tui.store import save
from inspect_tui.sync.export import export_bundle
from tests.helpers.bundles import make_device, populate
from tests.helpers.central import Central, trusting_intake

_LARGE = ("changes", "superseded", *MODEL_BY_TABLE)


def _as_dollars(query: str) -> str:
    count = 0

    def numbered(_: re.Match[str]) -> str:
        nonlocal count
        count += 1
        return f"${count}"

    return re.sub(r"%[sb]", numbered, query)


def test_the_merges_lookups_are_prepared_and_probe_indexes(
    central: Central, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    device = make_device(tmp_path / "eva.db", device_id="eva")
    populate(device.db)
    first = export_bundle(device.db, tmp_path / "1.zip", device.key, everything=True)
    save(device.db, Site(name="Camping Maan"))
    second = export_bundle(device.db, tmp_path / "2.zip", device.key, everything=True)  # known revisions too
    assert first is not None and second is not None
    prepared: set[str] = set()
    original = psycopg.Connection.execute

    def watched(self: psycopg.Connection[Any], query: Any, params: Any = None, **options: Any) -> Any:
        if options.get("prepare"):
            prepared.add(query if isinstance(query, str) else query.as_string(self))
        return original(self, query, params, **options)

    monkeypatch.setattr(psycopg.Connection, "execute", watched)
    for bundle in (first, second):
        done = trusting_intake(central.db, bundle.path)
        assert done.error is None and done.receipt is not None
    monkeypatch.undo()
    assert any("CROSS JOIN LATERAL (SELECT rev, gen, deleted FROM changes" in q for q in prepared), "leaves"
    assert any('CROSS JOIN LATERAL (SELECT id, rev FROM "sites"' in q for q in prepared), "head rows"
    assert any(q.startswith("INSERT INTO changes") for q in prepared), "the revisions' insert is prepared"
    for query in sorted(prepared):
        plan = "\n".join(str(r[0]) for r in central.db.pg("EXPLAIN (GENERIC_PLAN) " + _as_dollars(query)).fetchall())
        scanned = re.findall(r"Seq Scan on (\w+)", plan)
        assert not [t for t in scanned if t in _LARGE], f"{query}\n{plan}"
