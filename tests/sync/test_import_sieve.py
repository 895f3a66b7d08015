"""An import into a store that holds nothing yet looks up only what a sieve of what it wrote lets
through, and answers exactly as it would by asking the store: a sieve never misses what was added,
and once more was added than expected, everything is asked again. (The refusals of a revision id
twice in an import into a new database: tests/sync/test_bundle_stream.py.)"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from inspect_tui.store import open_db
from inspect_tui.store.batch import SqliteBatchWriter
from inspect_tui.store.codec import canonical_json
from inspect_tui.store.import_scratch import ImportScratch
from inspect_tui.store.revisions import Revision, make_rev
from inspect_tui.store.sieve import Sieve


@settings(max_examples=50)
@given(st.lists(st.text() | st.tuples(st.text(), st.text()), max_size=300), st.integers(1, 400))
def test_a_sieve_never_misses_what_was_added(keys: list[Any], capacity: int) -> None:
    sieve = Sieve(capacity)
    sieve.add_all(keys)
    assert all(key in sieve for key in keys) and sieve.among(keys) == keys
    assert sieve.full == (len(keys) > capacity)


def test_a_sieve_lets_few_through_of_what_was_never_added() -> None:
    sieve = Sieve(10_000)
    sieve.add_all(f"1-{number:032x}" for number in range(10_000))
    through = sum(f"2-{number:032x}" in sieve for number in range(10_000))
    assert through < 400  # about 1.5 % expected


def _site(number: int, name: str = "Park") -> Revision:
    data = {"id": f"00000000-0000-4000-8000-{number:012x}", "name": name, "city": "Venlo"}
    rev = make_rev("sites", data["id"], 1, None, (), False, canonical_json(data))
    return Revision("sites", data["id"], rev, 1, None, "dev", data)


def _watched(db: Any) -> list[str]:
    said: list[str] = []
    db.conn.set_trace_callback(said.append)
    return said


@pytest.mark.parametrize("expected", [0, 2, 1000])
def test_the_writer_answers_alike_with_sieves_without_them_and_when_they_overflow(expected: int) -> None:
    db = open_db(None, create=True)
    writer = SqliteBatchWriter(db)
    first, second, third = _site(1), _site(2), _site(3)
    writer.expect(expected)
    with writer.transaction():
        assert writer.known_revisions([first.rev]) == {}
        writer.write_revisions([first])
        writer.show_heads("sites", {first.record_id: [(1, 1, first.rev)]}, {first.rev: first})
        assert writer.known_revisions([first.rev, second.rev]) == {first.rev: ("sites", first.record_id)}
        writer.write_revisions([second, third])  # past what was expected when expected is 2
        writer.show_heads(
            "sites",
            {second.record_id: [(1, 1, second.rev)], third.record_id: [(1, 1, third.rev)]},
            {second.rev: second, third.rev: third},
        )
        keys = [("sites", r.record_id) for r in (first, second, third)] + [("sites", "unknown")]
        assert writer.records_with_revisions(keys) == set(keys[:3])
        assert writer.known_revisions([r.rev for r in (first, second, third)] + ["1-" + "f" * 32]) == {
            r.rev: ("sites", r.record_id) for r in (first, second, third)
        }
        assert writer.record_owners(keys) == dict.fromkeys(keys[:3], "dev")
    assert db.execute("SELECT count(*) FROM sites").fetchone() == (3,)


def test_a_store_that_holds_nothing_is_not_asked_about_what_the_import_did_not_write() -> None:
    db = open_db(None, create=True)
    writer = SqliteBatchWriter(db)
    sites = [_site(n) for n in range(1, 51)]
    said = _watched(db)
    writer.expect(len(sites))
    with writer.transaction():
        writer.known_revisions([s.rev for s in sites])
        writer.records_with_revisions([("sites", s.record_id) for s in sites])
        writer.write_revisions(sites)
        writer.show_heads("sites", {s.record_id: [(1, 1, s.rev)] for s in sites}, {s.rev: s for s in sites})
    looked_up = [s for s in said if "FROM changes WHERE" in s or "SELECT id, rev FROM [sites]" in s]
    assert looked_up == []
    assert db.execute("SELECT count(*) FROM sites").fetchone() == (50,)


@pytest.mark.parametrize("held", ["a revision", "a record's row"])
def test_a_store_holding_anything_is_asked_as_before(held: str) -> None:
    db = open_db(None, create=True)
    writer = SqliteBatchWriter(db)
    site = _site(1)
    if held == "a revision":
        with writer.transaction():
            writer.write_revisions([_site(2)])
    else:  # a row without a revision (not made by the app, but then the sieves cannot know it)
        db.execute("INSERT INTO sites(id, name, rev) VALUES (?, 'Old', '1-x')", [site.record_id])
    said = _watched(db)
    writer.expect(10)
    with writer.transaction():
        writer.write_revisions([site])
        writer.show_heads("sites", {site.record_id: [(1, 1, site.rev)]}, {site.rev: site})
    assert any("SELECT id, rev FROM [sites]" in s for s in said)
    assert db.execute("SELECT name FROM sites WHERE id = ?", [site.record_id]).fetchone() == ("Park",)


@pytest.mark.parametrize("expected", [0, 3, 10_000])
def test_the_scratch_finds_every_revision_it_was_given_whatever_it_expected(expected: int) -> None:
    scratch = ImportScratch()
    scratch.expect(expected)
    sites = [_site(n) for n in range(1, 11)]
    scratch.add_revisions(0, [(s, "data/sites.jsonl", n) for n, s in enumerate(sites[:5], 1)])
    scratch.add_revisions(1, [(s, "data/sites.jsonl", n) for n, s in enumerate(sites[5:], 1)])
    found = scratch.owners([s.rev for s in sites] + ["1-" + "e" * 32], 1)
    assert set(found) == {s.rev for s in sites}
    assert found[sites[0].rev].bundle == 0 and found[sites[9].rev].line == 5
    scratch.close()


def test_the_scratch_looks_up_only_what_its_sieve_lets_through() -> None:
    scratch = ImportScratch()
    scratch.expect(100)
    sites = [_site(n) for n in range(1, 21)]
    scratch.add_revisions(0, [(s, "data/sites.jsonl", n) for n, s in enumerate(sites[:10], 1)])
    said: list[str] = []
    scratch.conn.set_trace_callback(said.append)
    assert scratch.owners([s.rev for s in sites[10:]], 0) == {}
    assert not any("FROM revs" in s for s in said)
    scratch.close()
