"""Streaming import and split bundles: the same database whatever the batch size, parts read in
order and refused when one is missing, a refusal after batches were merged still changes nothing."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest

from inspect_tui.domain.models import Finding, Inspection, Site
from inspect_tui.store import get, open_db, save
from inspect_tui.store.workflow.findings import confirm_finding
from inspect_tui.sync import BundleError, export, merge, streaming
from inspect_tui.sync.export import export_bundle
from inspect_tui.sync.verify import verify_bundle
from tests.helpers.bundles import (
    Device,
    bag_info,
    edit_line,
    file_hash,
    full_dump,
    make_device,
    members,
    populate,
    rebag,
    settle,
    shared_dump,
)
from tests.helpers.bundles import trusting_import as import_bundles


def _source(tmp_path: Path) -> Device:
    device = make_device(tmp_path / "source.db")
    device.ids = populate(device.db)
    return device


def _export(device: Device, out: Path, **options: Any) -> Path:
    result = export_bundle(device.db, out, device.key, everything=True, **options)
    assert result is not None
    return result.path


def _unchanged_after(db_path: Path, attempt: Any) -> BundleError:
    """Run attempt on the database at db_path: it must raise BundleError and change nothing."""
    settle(db_path)
    before_file = file_hash(db_path)
    db = open_db(db_path)
    before_rows = full_dump(db)
    with pytest.raises(BundleError) as caught:
        attempt(db)
    assert full_dump(db) == before_rows, "a row changed"
    db.conn.close()
    settle(db_path)
    assert file_hash(db_path) == before_file, "the database file changed"
    return caught.value


# -- parts -------------------------------------------------------------------------------------------


def test_a_kind_larger_than_a_part_goes_on_in_numbered_parts_that_import_accepts(tmp_path: Path) -> None:
    source = _source(tmp_path)
    whole = _export(source, tmp_path / "whole.zip")
    split = _export(source, tmp_path / "split.zip", part_bytes=400)
    names = list(members(split))
    assert "data/answers.jsonl" in names and "data/answers-0002.jsonl" in names
    assert "data/answers-0001.jsonl" not in names, "part 1 keeps the plain name older readers know"
    for body in (m for n, m in members(split).items() if n.startswith("data/answers")):
        assert len(body) <= 400 or body.count(b"\n") == 1, "a part ends between lines, past the limit only by one"
    assert bag_info(split)["Count-Answers"] == bag_info(whole)["Count-Answers"] == "3"
    report = verify_bundle(split)
    assert report.records == sum(int(v) for k, v in bag_info(whole).items() if k.startswith("Count-"))
    one, two = make_device(tmp_path / "one.db"), make_device(tmp_path / "two.db")
    (got_whole,) = import_bundles(one.db, [whole])
    (got_split,) = import_bundles(two.db, [split])
    assert got_split.counts == got_whole.counts and got_split.revisions == got_whole.revisions
    assert shared_dump(two.db) == shared_dump(one.db) == shared_dump(source.db)


def _without(name: str) -> Any:
    def drop(data: dict[str, bytes]) -> dict[str, bytes]:
        return {k: v for k, v in data.items() if k != name}

    return drop


def test_a_missing_part_is_refused_and_nothing_changes(tmp_path: Path) -> None:
    source = _source(tmp_path)
    split = _export(source, tmp_path / "split.zip", part_bytes=400)
    assert "data/answers-0003.jsonl" in members(split)
    forged = tmp_path / "gap.zip"
    forged.write_bytes(rebag(split, source.key, payload=_without("data/answers-0002.jsonl")))
    target = make_device(tmp_path / "target.db")
    target.db.conn.close()
    error = _unchanged_after(target.db_path, lambda db: import_bundles(db, [forged]))
    assert "data/answers-0002.jsonl is missing, but data/answers-0003.jsonl follows it" in str(error)


def test_a_part_numbered_0001_is_no_part_of_the_layout(tmp_path: Path) -> None:
    source = _source(tmp_path)
    bundle = _export(source, tmp_path / "b.zip")

    def renamed(data: dict[str, bytes]) -> dict[str, bytes]:
        return {("data/sites-0001.jsonl" if k == "data/sites.jsonl" else k): v for k, v in data.items()}

    forged = tmp_path / "one.zip"
    forged.write_bytes(rebag(bundle, source.key, payload=renamed))
    target = make_device(tmp_path / "target.db")
    target.db.conn.close()
    error = _unchanged_after(target.db_path, lambda db: import_bundles(db, [forged]))
    assert "data/sites-0001.jsonl: not part of the bundle layout" in str(error)


def test_lines_of_a_split_kind_are_counted_over_all_its_parts(tmp_path: Path) -> None:
    source = _source(tmp_path)
    split = _export(source, tmp_path / "split.zip", part_bytes=400)
    parts = [n for n in members(split) if n.startswith("data/answers")]
    forged = tmp_path / "count.zip"
    forged.write_bytes(rebag(split, source.key, info={"Count-Answers": "4"}))
    target = make_device(tmp_path / "target.db")
    target.db.conn.close()
    error = _unchanged_after(target.db_path, lambda db: import_bundles(db, [forged]))
    assert f"{parts[-1]}: holds 3 lines (its {len(parts)} parts together) but bag-info.txt counts 4" in str(error)


def test_a_large_export_signs_its_revisions_in_several_segments_that_vouch_when_relayed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(export, "SEGMENT_REVS", 4)
    monkeypatch.setattr(streaming, "BATCH_LINES", 3)
    source = _source(tmp_path)
    bundle = _export(source, tmp_path / "a.zip")
    revisions = sum(int(v) for k, v in bag_info(bundle).items() if k.startswith("Count-"))
    segments = members(bundle)["data/segments.jsonl"].splitlines()
    assert len(segments) == -(-revisions // 4) > 1
    relay = make_device(tmp_path / "relay.db")
    import_bundles(relay.db, [bundle])
    relayed = _export(relay, tmp_path / "relayed.zip")  # signed by the relay; the source's segments vouch
    assert members(relayed)["data/segments.jsonl"].count(b"\n") == len(segments)
    target = make_device(tmp_path / "target.db")
    (receipt,) = import_bundles(target.db, [relayed])
    assert receipt.total("new") > 0
    assert shared_dump(target.db) == shared_dump(source.db)

    def dropped(data: dict[str, bytes]) -> dict[str, bytes]:
        kept = data["data/segments.jsonl"].splitlines(keepends=True)[1:]
        return {**data, "data/segments.jsonl": b"".join(kept)}

    forged = tmp_path / "unvouched.zip"
    forged.write_bytes(rebag(relayed, relay.key, payload=dropped, info={"Bundle-Id": str(uuid.uuid4())}))
    fresh = make_device(tmp_path / "fresh.db")
    fresh.db.conn.close()
    error = _unchanged_after(fresh.db_path, lambda db: import_bundles(db, [forged]))
    assert "nor does a segment signed by its key list this revision" in str(error)


# -- batches -----------------------------------------------------------------------------------------


def _conflicting_bundles(tmp_path: Path) -> list[Path]:
    """A base bundle and two edits of the same site made on two devices (a conflict), plus an edit."""
    a = _source(tmp_path)
    base = _export(a, tmp_path / "base.zip")
    b = make_device(tmp_path / "b.db")
    import_bundles(b.db, [base])
    site = get(b.db, Site, a.ids["site"])
    assert site is not None
    save(b.db, site.model_copy(update={"notes": "B says so"}))
    from_b = export_bundle(b.db, tmp_path / "from-b.zip", b.key)
    mine = get(a.db, Site, a.ids["site"])
    assert mine is not None and from_b is not None
    save(a.db, mine.model_copy(update={"notes": "A says so", "city": "Tegelen"}))
    from_a = export_bundle(a.db, tmp_path / "from-a.zip", a.key)
    assert from_a is not None
    return [base, from_a.path, from_b.path]


@pytest.mark.parametrize("batch", [1, 3])
def test_the_database_and_receipts_do_not_depend_on_the_batch_size(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, batch: int
) -> None:
    bundles = _conflicting_bundles(tmp_path)
    whole = make_device(tmp_path / "whole.db")
    expected = import_bundles(whole.db, bundles)
    monkeypatch.setattr(streaming, "BATCH_LINES", batch)
    sizes: list[int] = []
    apply = merge.apply_revisions

    def counting(writer: Any, revisions: Iterable[Any]) -> Any:
        revisions = list(revisions)
        sizes.append(len(revisions))
        return apply(writer, revisions)

    monkeypatch.setattr(streaming, "apply_revisions", counting)
    batched = make_device(tmp_path / "batched.db")
    got = import_bundles(batched.db, bundles)
    assert max(sizes) == batch and len(sizes) > 3, "merged a batch at a time"
    assert [r.counts for r in got] == [r.counts for r in expected]
    assert any(r.total("conflict") for r in got), "the two edits of the site meet as a conflict"
    assert shared_dump(batched.db) == shared_dump(whole.db)


def test_a_refusal_after_batches_were_merged_leaves_the_database_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(streaming, "BATCH_LINES", 1)
    source = _source(tmp_path)
    bundle = _export(source, tmp_path / "b.zip")
    last = members(bundle)["data/reviews.jsonl"].count(b"\n")

    def spoil(data: dict[str, bytes]) -> dict[str, bytes]:
        def change(envelope: dict[str, Any]) -> None:
            envelope["record"]["inspection_id"] = str(uuid.uuid4())

        return {**data, "data/reviews.jsonl": edit_line(data["data/reviews.jsonl"], last, change)}

    forged = tmp_path / "late.zip"
    forged.write_bytes(rebag(bundle, source.key, payload=spoil, info={"Bundle-Id": str(uuid.uuid4())}, rehash=True))
    target = make_device(tmp_path / "target.db")
    populate(target.db)  # a database with data of its own
    target.db.conn.close()
    error = _unchanged_after(target.db_path, lambda db: import_bundles(db, [forged]))
    assert f"data/reviews.jsonl line {last}: inspection_id: no inspection" in str(error)


def test_a_revision_twice_in_different_batches_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(streaming, "BATCH_LINES", 1)
    source = _source(tmp_path)
    bundle = _export(source, tmp_path / "b.zip")

    def twice(data: dict[str, bytes]) -> dict[str, bytes]:
        first = data["data/sites.jsonl"].splitlines(keepends=True)[0]
        return {**data, "data/sites.jsonl": data["data/sites.jsonl"] + first}

    forged = tmp_path / "twice.zip"
    lines = members(bundle)["data/sites.jsonl"].count(b"\n")
    forged.write_bytes(rebag(bundle, source.key, payload=twice, info={"Count-Sites": str(lines + 1)}))
    target = make_device(tmp_path / "target.db")
    target.db.conn.close()
    error = _unchanged_after(target.db_path, lambda db: import_bundles(db, [forged]))
    assert f"data/sites.jsonl line {lines + 1}: revision" in str(error)
    assert "appears twice (first on data/sites.jsonl line 1)" in str(error)


# -- a carried-over finding ----------------------------------------------------------------------------


def test_a_finding_carried_into_a_re_inspection_keeps_its_item_though_the_checklist_lacks_it(tmp_path: Path) -> None:
    source = _source(tmp_path)
    first = get(source.db, Finding, source.ids["finding"])
    assert first is not None
    again = Inspection(
        site_id=source.ids["site"],
        templates=["akf"],
        inspector="Eva de Vries",
        started_at=dt.datetime(2025, 5, 3, 9, 30),
        previous_id=source.ids["inspection"],
    )
    save(source.db, again)
    carried = confirm_finding(source.db, again.id, first.id, resolved=False, now=dt.datetime(2025, 5, 3, 10, 0))
    assert carried.item_id == first.item_id and carried.origin_id == first.id
    bundle = _export(source, tmp_path / "b.zip")
    target = make_device(tmp_path / "target.db")
    import_bundles(target.db, [bundle])
    assert get(target.db, Finding, carried.id) is not None

    def elsewhere(data: dict[str, bytes]) -> dict[str, bytes]:
        text = data["data/findings.jsonl"]
        number = next(i for i, line in enumerate(text.splitlines(), 1) if carried.id.encode() in line)

        def change(envelope: dict[str, Any]) -> None:
            envelope["record"]["item_id"] = "akf.fire.none_such"

        return {**data, "data/findings.jsonl": edit_line(text, number, change)}

    forged = tmp_path / "other-item.zip"
    forged.write_bytes(rebag(bundle, source.key, payload=elsewhere, info={"Bundle-Id": str(uuid.uuid4())}, rehash=True))
    fresh = make_device(tmp_path / "fresh.db")
    fresh.db.conn.close()
    error = _unchanged_after(fresh.db_path, lambda db: import_bundles(db, [forged]))
    assert "is no item of the inspection's checklists (akf)" in str(error), "only the item it was carried with"


def test_a_revision_twice_in_a_bundle_is_refused_though_an_earlier_bundle_carried_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(streaming, "BATCH_LINES", 2)
    source = _source(tmp_path)
    bundle = _export(source, tmp_path / "b.zip")
    lines = members(bundle)["data/sites.jsonl"].count(b"\n")

    def twice(data: dict[str, bytes]) -> dict[str, bytes]:
        first = data["data/sites.jsonl"].splitlines(keepends=True)[0]
        return {**data, "data/sites.jsonl": data["data/sites.jsonl"] + first}

    forged = tmp_path / "twice.zip"
    info = {"Count-Sites": str(lines + 1), "Bundle-Id": str(uuid.uuid4())}
    forged.write_bytes(rebag(bundle, source.key, payload=twice, info=info))
    target = make_device(tmp_path / "target.db")
    target.db.conn.close()
    error = _unchanged_after(target.db_path, lambda db: import_bundles(db, [bundle, forged]))
    assert str(error).startswith(f"{forged}: data/sites.jsonl line {lines + 1}: revision")
    assert "appears twice (first on data/sites.jsonl line 1)" in str(error)
