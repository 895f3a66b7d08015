"""An export's memory does not grow with the revisions it carries, and what it writes is what it
wrote when it held everything in memory: the records count per kind, data/segments.jsonl (the
relayed segments as stored, then this device's, SEGMENT_REVS entries each, signed), and a bundle
a receiver accepts."""

from __future__ import annotations

import json
import tracemalloc
from pathlib import Path

import pytest
from nacl.public import PrivateKey

from inspect_tui.domain.models import Occupant, Site
from inspect_tui.store import get, save
from inspect_tui.store.db import device_id
from inspect_tui.store.trust import segments_for
from inspect_tui.sync import export
from inspect_tui.sync.export import export_bundle
from inspect_tui.sync.keys import set_central_key
from inspect_tui.sync.layout import KINDS
from inspect_tui.sync.trust import parse_segment
from tests.helpers.bundles import PHONE, Device, make_device, members, populate, shared_dump
from tests.helpers.bundles import trusting_import as import_bundles


def _lines(bundle: Path, kind: str) -> list[dict[str, object]]:
    data = members(bundle)
    names = sorted(n for n in data if n == f"data/{kind}.jsonl" or n.startswith(f"data/{kind}-"))
    return [json.loads(raw) for name in names for raw in data[name].decode().splitlines() if raw]


def _record_id(line: dict[str, object]) -> str:
    record = line["record"]
    assert isinstance(record, dict)
    return str(record["id"])


def test_records_are_counted_per_kind_without_those_whose_every_version_was_held_back(tmp_path: Path) -> None:
    central = PrivateKey.generate()
    eva = make_device(tmp_path / "eva.db", device_id="inspector-eva")
    ids = populate(eva.db)
    early = export_bundle(eva.db, tmp_path / "early.zip", eva.key)  # jan and anna leave in plain
    assert early is not None
    set_central_key(eva.db, bytes(central.public_key).hex())
    anna = get(eva.db, Occupant, ids["anna"])
    assert anna is not None
    save(eva.db, anna.model_copy(update={"phone": PHONE}))  # a sealed version of anna, after a plain one
    site = get(eva.db, Site, ids["site"])
    assert site is not None
    save(eva.db, site.model_copy(update={"notes": "Derde bezoek."}))  # a record with three versions
    result = export_bundle(eva.db, tmp_path / "all.zip", eva.key, everything=True)
    assert result is not None and result.held_back == 2  # jan's version and anna's first
    for kind in KINDS:
        carried = _lines(result.path, kind)
        assert result.counts[kind] == len(carried), kind
        assert result.records[kind] == len({_record_id(line) for line in carried}), kind
    occupants = {_record_id(line) for line in _lines(result.path, "occupants")}
    assert ids["anna"] in occupants, "one of anna's versions was sent: anna counts"
    assert ids["jan"] not in occupants, "every version of jan was held back: jan does not count"
    assert result.records["sites"] == 1 and result.counts["sites"] >= 3


def _relay(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Device, Device, Path]:
    monkeypatch.setattr(export, "SEGMENT_REVS", 3)
    source = make_device(tmp_path / "source.db")
    source.ids = populate(source.db)
    first = export_bundle(source.db, tmp_path / "first.zip", source.key, everything=True)
    assert first is not None
    relay = make_device(tmp_path / "relay.db")
    import_bundles(relay.db, [first.path])
    site = get(relay.db, Site, source.ids["site"])
    assert site is not None
    for note in ("Eén", "Twee", "Drie", "Vier"):  # the relay's own revisions: two segments of its own
        site = site.model_copy(update={"notes": note})
        save(relay.db, site)
    relayed = export_bundle(relay.db, tmp_path / "relayed.zip", relay.key, everything=True)
    assert relayed is not None
    return source, relay, relayed.path


def test_segments_are_the_stored_relayed_ones_then_this_devices_own_in_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _source, relay, bundle = _relay(tmp_path, monkeypatch)
    lines = members(bundle)["data/segments.jsonl"].decode().splitlines()
    carried = [line for kind in KINDS for line in _lines(bundle, kind)]
    others = [str(line["rev"]) for line in carried if line["origin"] != device_id(relay.db)]
    stored = segments_for(relay.db, others)
    assert stored and lines[: len(stored)] == stored, "the relayed segments first, as stored, by id"
    own = [parse_segment(line) for line in lines[len(stored) :]]
    mine = [str(line["rev"]) for line in carried if line["origin"] == device_id(relay.db)]
    assert len(mine) == 4 and [len(s.entries) for s in own] == [3, 1]
    assert all(s.device == device_id(relay.db) and s.key == bytes(relay.key.verify_key) for s in own)
    listed = [sorted(e.split(" ")[0] for e in s.entries) for s in own]
    assert listed == [sorted(mine[:3]), sorted(mine[3:])], "SEGMENT_REVS entries each, in the order carried"
    target = make_device(tmp_path / "target.db")
    (receipt,) = import_bundles(target.db, [bundle])
    assert receipt.total("new") > 0
    assert shared_dump(target.db) == shared_dump(relay.db)


def _grow(device: Device, copies: int) -> None:
    """copies more answer revisions (copies of one, each with its own record and revision id):
    an export reads them as they are stored, so they need not pass the import's checks."""
    device.db.execute(
        """
        WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
        INSERT INTO changes (entity, record_id, rev, gen, base_rev, merged, ancestors, origin, deleted, leaf,
                             data, made_at, made_by)
        SELECT c.entity, printf('%08x-0000-4000-8000-%012x', n.i, n.i), printf('1-%032x', n.i), 1, NULL, '[]', '[]',
               c.origin, 0, 1, c.data, c.made_at, c.made_by
        FROM n, (SELECT * FROM changes WHERE entity = 'answers' LIMIT 1) c
        """,
        [copies],
    )
    device.db.conn.commit()


def _export_peak(tmp_path: Path, name: str, copies: int) -> tuple[int, int]:
    device = make_device(tmp_path / f"{name}.db")
    populate(device.db)
    _grow(device, copies)
    tracemalloc.start()
    try:
        result = export_bundle(device.db, tmp_path / f"{name}.zip", device.key, everything=True)
        _size, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert result is not None
    return peak, result.counts["answers"]


def test_an_exports_memory_does_not_grow_with_its_revisions(tmp_path: Path) -> None:
    small, small_count = _export_peak(tmp_path, "small", 3_000)
    large, large_count = _export_peak(tmp_path, "large", 30_000)
    assert large_count - small_count == 27_000
    # Holding an entry, a revision id and a record id per revision costs over 250 bytes each:
    # 27,000 more would add about 7 MB. Streamed, the difference is the page of lines at hand.
    assert large - small < 1_500_000, f"{small:,} → {large:,} bytes"


def test_the_entries_wait_next_to_the_bundle_not_in_the_temporary_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tempfile

    device = make_device(tmp_path / "device.db")
    populate(device.db)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "no-such-folder"))  # /tmp full, missing or in memory
    out = tmp_path / "out"
    out.mkdir()
    result = export_bundle(device.db, out, device.key, everything=True)
    assert result is not None and result.path.parent == out
    assert [p.name for p in out.iterdir()] == [result.path.name], "nothing else is left behind"
