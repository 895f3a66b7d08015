"""What an import keeps while it streams, and the quick forms of the store's conversions: each gives
what its plain form gives (the scratch's records and segment entries, table rows, canonical JSON,
the segments stored, a merge told what the store holds)."""

from __future__ import annotations

import gc
import hashlib
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from inspect_tui.domain.models import MODEL_BY_TABLE
from inspect_tui.store import open_db
from inspect_tui.store.batch import SqliteBatchWriter
from inspect_tui.store.codec import canonical_json, data_to_row, row_values, upsert_sql
from inspect_tui.store.import_scratch import TEXTS_KEPT, ImportScratch
from inspect_tui.store.revisions import Revision, make_rev
from inspect_tui.sync import BundleError
from inspect_tui.sync.export import export_bundle
from tests.helpers.bundles import make_device, populate, rebag
from tests.helpers.bundles import trusting_import as import_bundles

HOSTILE_TEXT = st.text(
    st.characters(codec="utf-8", exclude_categories=["Cs"]) | st.sampled_from(["\x1b", "\u202e", "\u2028", "é", "\\"])
)
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**70), 2**70) | st.floats(allow_nan=False) | HOSTILE_TEXT,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(HOSTILE_TEXT, inner, max_size=4),
    max_leaves=12,
)


@given(st.dictionaries(HOSTILE_TEXT, JSON_VALUES, max_size=6))
def test_canonical_json_is_what_json_dumps_writes(data: dict[str, Any]) -> None:
    assert canonical_json(data) == json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def test_a_revision_builds_its_canonical_json_once_and_as_canonical_json_does() -> None:
    data = {"b": [1, 2.5, None], "a": "é\u202e", "c": True}
    revision = Revision("sites", "x", "1-" + "0" * 32, 1, None, "dev", data)
    assert revision.data_json == canonical_json(data)
    assert revision.data_json is revision.data_json, "made once"
    assert Revision("sites", "x", "1-" + "0" * 32, 1, None, "dev", None, True).data_json is None


@settings(max_examples=60)
@given(
    entity=st.sampled_from(sorted(MODEL_BY_TABLE)),
    values=st.dictionaries(st.text(max_size=12), JSON_VALUES, max_size=6),
    take=st.data(),
)
def test_row_values_are_data_to_row_in_column_order(entity: str, values: dict[str, Any], take: st.DataObject) -> None:
    model = MODEL_BY_TABLE[entity]
    columns, _upsert = upsert_sql(entity)
    fields = list(model.model_fields)
    data = dict(values)
    for name in take.draw(st.lists(st.sampled_from(fields), max_size=len(fields))):
        data[name] = take.draw(JSON_VALUES)
    row = data_to_row(model, data, "2-" + "a" * 32)
    assert row_values(model, columns, data, "2-" + "a" * 32) == [row.get(c) for c in columns]


# -- the scratch ------------------------------------------------------------------------------------


def _revision(number: int, *, gen: int = 1, deleted: bool = False, entity: str = "answers") -> Revision:
    rev = f"{gen}-{hashlib.md5(f'{number}:{gen}'.encode()).hexdigest()}"
    return Revision(entity, f"r{number}", rev, gen, None, "dev", {}, deleted)


def test_newest_in_leaves_out_checked_records_and_keeps_the_batch_bounds() -> None:
    scratch = ImportScratch()
    lines = [(_revision(n, deleted=n % 7 == 0), "data/answers.jsonl", n + 1) for n in range(40)]
    checked = {r.rev for r, _m, _l in lines if r.record_id[1:] and int(r.record_id[1:]) % 3 != 0}
    scratch.track_newest(0, lines, checked=checked)
    for size in (1, 4, 5, 1000):
        plain = list(scratch.newest_in(0, deleted=False, size=size))
        left = list(scratch.newest_in(0, deleted=False, size=size, unchecked=True))
        expected = [[n for n in batch if n.rev not in checked] for batch in plain]
        assert left == [batch for batch in expected if batch], f"size {size}"
    scratch.close()


def test_a_newer_revision_brings_its_own_checked_mark_and_a_later_bundle_starts_existed_and_fresh_anew() -> None:
    scratch = ImportScratch()
    first, newer, older = _revision(1), _revision(1, gen=2), _revision(1, gen=1)
    key = ("answers", "r1")
    scratch.track_newest(0, [(first, "m", 1)], existed={key}, fresh=set(), checked={first.rev})
    scratch.track_newest(0, [(newer, "m", 2)], existed=set(), fresh={key}, checked=set())
    assert list(scratch.touched_records(0)) == [("answers", "r1", True, True)], "existed kept, fresh added"
    assert [n.rev for batch in scratch.newest_in(0, deleted=False, unchecked=True) for n in batch] == [newer.rev]
    scratch.track_newest(0, [(older, "m", 3)], checked={older.rev})
    assert [n.rev for batch in scratch.newest_in(0, deleted=False, unchecked=True) for n in batch] == [newer.rev]
    scratch.track_newest(1, [(older, "m", 1)], existed=set(), fresh=set(), checked={older.rev})
    assert list(scratch.touched_records(1)) == [("answers", "r1", False, False)]
    assert list(scratch.touched_records(0)) == []
    assert list(scratch.newest_in(1, deleted=False, unchecked=True)) == []
    scratch.close()


@given(
    segments=st.lists(st.lists(st.integers(0, 60), max_size=30), max_size=6),
    asked=st.lists(st.integers(0, 70), max_size=40),
    limit=st.integers(0, 80),
)
def test_segment_entries_in_memory_or_on_disk_list_the_same(
    segments: list[list[int]], asked: list[int], limit: int
) -> None:
    def entries(numbers: list[int], salt: int) -> list[str]:
        return sorted({f"1-{n:032x} {(n * 31 + salt) % 97:032x}" for n in numbers})

    found = []
    # In memory up to limit, on disk from the start, in memory throughout, and on disk because the
    # bundle's lines (expected) are more than memory holds; the last also looks up between segments.
    for memory, expected in ((limit, 0), (0, 0), (10**9, 0), (limit, limit + 1)):
        scratch = ImportScratch(memory_entries=memory)
        scratch.forget_entries(expected=expected)
        for index, numbers in enumerate(segments):
            scratch.add_segment(index, f"segment {index}", entries(numbers, index % 2))
            if expected:
                scratch.segments_listing(f"1-{n:032x}" for n in asked)
        found.append(scratch.segments_listing(f"1-{n:032x}" for n in asked))
        assert [scratch.segment_text(i) for i in range(len(segments))] == [f"segment {i}" for i in range(len(segments))]
        assert all(scratch.segment_text(i) is scratch.segment_text(i) for i in range(min(len(segments), TEXTS_KEPT)))
        scratch.forget_entries()
        assert scratch.segments_listing(f"1-{n:032x}" for n in asked) == {}
        scratch.close()
    assert found[0] == found[1] == found[2] == found[3]


# -- the store --------------------------------------------------------------------------------------


def test_a_segment_named_by_every_batch_is_stored_once_with_every_revision_it_vouches_for() -> None:
    db = open_db(None, create=True)
    writer = SqliteBatchWriter(db)
    text = json.dumps({"body": "x" * 5000})
    with writer.transaction():
        writer.store_segments([("dev", text, ["1-a", "1-b"])])
        writer.store_segments([("dev", text, ["1-c"]), ("dev", text + " ", ["1-d"])])
    assert db.execute("SELECT count(*) FROM segments").fetchone()[0] == 2
    rows = sorted(
        db.execute("SELECT r.rev, s.body = ? FROM segment_revs r JOIN segments s ON s.id = r.segment_id", [text])
    )
    assert rows == [("1-a", 1), ("1-b", 1), ("1-c", 1), ("1-d", 0)]
    try:
        with writer.transaction():
            writer.store_segments([("dev", "rolled back", ["1-e"])])
            raise RuntimeError
    except RuntimeError:
        pass
    with writer.transaction():  # a new transaction does not trust what a rolled back one stored
        writer.store_segments([("dev", "rolled back", ["1-f"])])
    assert db.execute("SELECT count(*) FROM segments WHERE body = 'rolled back'").fetchone()[0] == 1
    assert db.execute(
        "SELECT rev FROM segment_revs r JOIN segments s ON s.id = r.segment_id WHERE s.body = 'rolled back'"
    ).fetchall() == [("1-f",)]


def test_segment_revisions_named_by_many_batches_are_in_the_store_once_the_transaction_commits() -> None:
    db = open_db(None, create=True)
    writer = SqliteBatchWriter(db)
    revs = [f"1-{n * 7919 % 1000:032x}" for n in range(1000)]
    with writer.transaction():
        for start in range(0, 1000, 100):  # batches in no order of the key, one revision named twice
            writer.store_segments([("dev", "one", revs[start : start + 100]), ("dev", "two", revs[start : start + 1])])
        writer.store_segments([("dev", "one", revs[:1])])
    rows = db.execute("SELECT r.rev, s.body FROM segment_revs r JOIN segments s ON s.id = r.segment_id").fetchall()
    assert sorted(rows) == sorted([(r, "one") for r in revs] + [(revs[n], "two") for n in range(0, 1000, 100)])
    writer.store_segments([("dev", "three", revs[:2])])  # outside a transaction: written at once
    assert db.execute(
        "SELECT count(*) FROM segment_revs r JOIN segments s ON s.id = r.segment_id WHERE body = 'three'"
    ).fetchone() == (2,)


def test_staged_segment_revisions_wait_in_one_transaction_of_their_file() -> None:
    """Each row appended in a transaction of its own cost more the longer the file grew."""
    db = open_db(None, create=True)
    writer = SqliteBatchWriter(db)
    with writer.transaction():
        writer.store_segments([("dev", "one", ["1-b", "1-a"])])
        staged = writer._staged
        assert staged is not None and staged.in_transaction
        writer.store_segments([("dev", "one", ["1-c"])])
        assert staged.in_transaction
    assert writer._staged is None
    rows = db.execute("SELECT r.rev FROM segment_revs r JOIN segments s ON s.id = r.segment_id ORDER BY r.rev")
    assert [r[0] for r in rows] == ["1-a", "1-b", "1-c"]


def test_the_writer_repeats_an_answer_only_until_it_writes_to_the_change_log() -> None:
    db = open_db(None, create=True)
    writer = SqliteBatchWriter(db)
    data = {"id": "00000000-0000-4000-8000-00000000000a", "name": "Park", "city": "Venlo"}
    key = ("sites", data["id"])
    rev = Revision(
        "sites",
        data["id"],
        make_rev("sites", data["id"], 1, None, (), False, canonical_json(data)),
        1,
        None,
        "dev",
        data,
    )
    with writer.transaction():
        assert writer.known_revisions([rev.rev]) == {}
        assert writer.records_with_revisions([key]) == set()
        asked = writer.records_with_revisions([key])
        asked.add(("sites", "changed by the caller"))
        assert writer.records_with_revisions([key]) == set(), "a caller's change does not reach the next answer"
        writer.write_revisions([rev])
        assert writer.known_revisions([rev.rev]) == {rev.rev: key}
        assert writer.records_with_revisions([key]) == {key}
        assert writer.known_revisions([rev.rev, "1-" + "f" * 32]) == {rev.rev: key}


def test_an_import_gives_the_heap_back_to_the_collector_whether_it_succeeds_or_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = make_device(tmp_path / "source.db")
    populate(source.db)
    result = export_bundle(source.db, tmp_path / "b.zip", source.key, everything=True)
    assert result is not None
    seen: list[int] = []
    original = ImportScratch.track_newest

    def watching(self: ImportScratch, *args: Any, **kwargs: Any) -> None:
        seen.append(gc.get_freeze_count())
        original(self, *args, **kwargs)

    monkeypatch.setattr(ImportScratch, "track_newest", watching)
    import_bundles(make_device(tmp_path / "one.db").db, [result.path])
    assert seen and min(seen) > 0, "set aside while the lines are merged"
    assert gc.get_freeze_count() == 0
    forged = tmp_path / "forged.zip"
    forged.write_bytes(rebag(result.path, source.key, info={"Count-Answers": "99"}))
    with pytest.raises(BundleError, match=r"bag-info\.txt counts 99"):
        import_bundles(make_device(tmp_path / "two.db").db, [forged])
    assert gc.get_freeze_count() == 0
