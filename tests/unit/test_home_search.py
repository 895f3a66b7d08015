"""The home list's planned search returns exactly what the plain join returns, page by page."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from inspect_tui.store import queries
from inspect_tui.store.queries import home_search

BENCH = Path(__file__).resolve().parents[2] / "bench"


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("search") / "small.db"
    made = subprocess.run(
        [
            sys.executable,
            str(BENCH / "generate.py"),
            "--sites",
            "30",
            "--inspections",
            "400",
            "--answers-per",
            "3",
            "--out",
            str(path),
            "--quiet",
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert made.returncode == 0, made.stderr
    return path


def _all_pages(fetch: object, conn: sqlite3.Connection, search: str, limit: int) -> list[str]:
    ids: list[str] = []
    after = None
    while True:
        page = fetch(conn, search=search, after=after, limit=limit)  # type: ignore[operator]
        ids += [row.id for row in page.rows]
        if page.next_key is None:
            return ids
        after = page.next_key


def _connect(path: Path) -> Any:  # a plain read-only connection: the queries only call execute()
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)


WORDS = ["", "v", "ven", "venlo", "VENLO", "a", "de", " de ", "5911", "zzz", "%", "_", "\\", "o_o", "100%", "ë"]


@pytest.mark.parametrize("search", WORDS)
def test_the_same_rows_in_the_same_order_as_the_plain_join(generated: Path, search: str) -> None:
    conn = _connect(generated)
    try:
        plain = _all_pages(queries.inspections_page, conn, search, 37)
        planned = _all_pages(home_search.inspections_page, conn, search, 37)
        assert planned == plain
        assert home_search.count_inspections(conn, search=search) == queries.count_inspections(conn, search=search)
        assert len(plain) == queries.count_inspections(conn, search=search)
    finally:
        conn.close()


def test_the_rows_carry_the_same_fields(generated: Path) -> None:
    conn = _connect(generated)
    try:
        plain = queries.inspections_page(conn, search="a", limit=50)
        planned = home_search.inspections_page(conn, search="a", limit=50)
        assert planned == plain and len(planned.rows) == 50
    finally:
        conn.close()


def test_a_search_matches_the_inspector_as_well_as_the_site(generated: Path) -> None:
    conn = _connect(generated)
    try:
        inspector = conn.execute("SELECT inspector FROM inspections LIMIT 1").fetchone()[0]
        word = inspector.split()[-1]
        found = _all_pages(home_search.inspections_page, conn, word, 100)
        assert found and len(found) == home_search.count_inspections(conn, search=word)
        assert len(found) == queries.count_inspections(conn, search=word)
    finally:
        conn.close()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(alphabet="aeiounlrstvdkgh %_\\-'0123456789ë", max_size=5))
def test_any_typed_text_gives_the_plain_result(generated: Path, search: str) -> None:
    conn = _connect(generated)
    try:
        assert _all_pages(home_search.inspections_page, conn, search, 60) == _all_pages(
            queries.inspections_page, conn, search, 60
        )
        assert home_search.count_inspections(conn, search=search) == queries.count_inspections(conn, search=search)
    finally:
        conn.close()


def test_inspectors_without_a_name_or_differing_in_case_match_as_in_the_plain_join(
    generated: Path, tmp_path: Path
) -> None:
    # The inspector names are listed by stepping through the inspector index from one name to
    # the next: a NULL name, names that differ only in case and a name with a LIKE wildcard.
    copy = tmp_path / "names.db"
    copy.write_bytes(generated.read_bytes())
    conn: Any = sqlite3.connect(copy)  # the queries only call execute()
    try:
        ids = [row[0] for row in conn.execute("SELECT id FROM inspections ORDER BY id LIMIT 40")]
        for n, inspector in enumerate([None, "venlo BOS", "Venlo bos", "a_b%", "", "zzz"] * 6):
            conn.execute("UPDATE inspections SET inspector = ? WHERE id = ?", (inspector, ids[n]))
        conn.commit()
        for search in ["bos", "BOS", "venlo", "_", "%", "a_b", "zz", "", "o b"]:
            assert _all_pages(home_search.inspections_page, conn, search, 25) == _all_pages(
                queries.inspections_page, conn, search, 25
            ), search
            assert home_search.count_inspections(conn, search=search) == queries.count_inspections(conn, search=search)
    finally:
        conn.close()
