"""Lists the central writer sends as one text each (``text_arrays.compact``) reach the server as the
very arrays they were: every text, empty texts, nulls, separators inside a value, integers."""

from __future__ import annotations

import random
from collections.abc import Iterator
from typing import Any

import pytest

from inspect_tui.central.store.connect import CentralDb, connect
from inspect_tui.central.store.text_arrays import compact

ALPHABET = ["a", "é", '"', "\\", ",", "{", "}", " ", "NULL", "\x1f", "\x1e", "\n", "\t", "'", "€", "𝄞", ""]


@pytest.fixture
def db(pg_url: str) -> Iterator[CentralDb]:
    opened = connect(pg_url)
    try:
        yield opened
    finally:
        opened.close()


def _lists() -> list[list[Any]]:
    rng = random.Random(14)
    found: list[list[Any]] = [[""], [None], ["NULL"], ["\x1e"], ["\x1f"], ["a\x1fb", None], [None, None], ["", ""]]
    for _ in range(400):
        size = rng.randint(1, 6)
        found.append(
            [
                None if rng.random() < 0.2 else "".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 5)))
                for _ in range(size)
            ]
        )
    return found


def _back(db: CentralDb, sql: str, params: list[Any]) -> Any:
    sent, values = compact(sql, params)
    return db.raw.execute(sent, values, prepare=False).fetchall(), sent


def test_every_list_of_texts_comes_back_as_it_was(db: CentralDb) -> None:
    split = 0
    for values in _lists():
        rows, sent = _back(db, "SELECT x FROM unnest(%b::text[]) WITH ORDINALITY AS r(x, o) ORDER BY o", [values])
        assert [r[0] for r in rows] == values
        split += "string_to_array" in sent
    assert split > 100  # most go as one text; those holding a separator as before


def test_lists_beside_other_parameters_keep_their_places(db: CentralDb) -> None:
    sql = "SELECT %s::text, a, b, %s::int FROM unnest(%b::text[], %b::bigint[]) AS r(a, b)"
    rows, sent = _back(db, sql, ["x%", 7, ["p", None, ""], [1, 2**40, 3]])
    assert sent.count("string_to_array") == 1
    assert rows == [("x%", "p", 1, 7), ("x%", None, 2**40, 7), ("x%", "", 3, 7)]


def test_empty_lists_and_lookups(db: CentralDb) -> None:
    rows, _ = _back(db, "SELECT cardinality(%b::text[])", [[]])
    assert rows == [(0,)]
    rows, sent = _back(db, "SELECT 'b' = ANY(%b), 'z' = ANY(%b)", [["a", "b"], ["a", "b"]])
    assert rows == [(True, False)]
    assert sent.count("string_to_array") == 2


def test_a_statement_it_cannot_read_is_sent_as_it_is() -> None:
    assert compact("SELECT %b, 'a%%'", [["a"]]) == ("SELECT %b, 'a%%'", [["a"]])
    assert compact("SELECT %s", ["a"]) == ("SELECT %s", ["a"])
    mixed = [1, "a"]
    assert compact("SELECT %b::text[]", [mixed]) == ("SELECT %b::text[]", [mixed])
