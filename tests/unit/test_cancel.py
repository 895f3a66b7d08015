"""A read nobody waits for any more is stopped; others are left alone."""

from __future__ import annotations

import sqlite3
import threading
import time

import pytest

from inspect_tui.store import open_db
from inspect_tui.store.queries.cancel import Cancelled, cancel_when

SLOW = "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 50000000) SELECT COUNT(*) FROM n"


def test_a_read_that_turns_stale_is_stopped_quickly() -> None:
    conn = sqlite3.connect(":memory:", check_same_thread=False)
    stale = threading.Event()
    threading.Timer(0.05, stale.set).start()
    began = time.perf_counter()
    with pytest.raises(Cancelled), cancel_when(conn, stale.is_set):
        conn.execute(SLOW).fetchone()
    assert time.perf_counter() - began < 2.0
    # The handler is gone: the same connection runs a statement to its end afterwards.
    assert conn.execute("SELECT COUNT(*) FROM (SELECT 1 UNION ALL SELECT 2)").fetchone()[0] == 2
    assert conn.execute(SLOW.replace("50000000", "300000")).fetchone()[0] == 300000


def test_a_read_still_wanted_runs_to_its_end() -> None:
    conn = sqlite3.connect(":memory:")
    with cancel_when(conn, lambda: False):
        assert conn.execute(SLOW.replace("50000000", "200000")).fetchone()[0] == 200000


def test_a_read_already_stale_is_not_started() -> None:
    conn = sqlite3.connect(":memory:")
    ran = []
    with pytest.raises(Cancelled), cancel_when(conn, lambda: True):
        ran.append(conn.execute("SELECT 1").fetchone())
    assert ran == []


def test_an_error_that_is_not_a_cancel_is_raised_as_it_is() -> None:
    conn = sqlite3.connect(":memory:")
    with pytest.raises(sqlite3.OperationalError, match="no such table"), cancel_when(conn, lambda: False):
        conn.execute("SELECT * FROM missing")


def test_it_works_on_the_store_connection_and_leaves_its_data_alone(tmp_path: object) -> None:
    db = open_db(None)
    db.execute("CREATE TABLE t (v INTEGER)")
    db.execute("INSERT INTO t VALUES (1)")
    flag = {"stale": False}

    def stale() -> bool:
        return flag["stale"]

    with pytest.raises(Cancelled), cancel_when(db, stale):
        for _row in db.execute(SLOW.replace("SELECT COUNT(*) FROM n", "SELECT x FROM n")):
            flag["stale"] = True
    assert db.execute("SELECT v FROM t").fetchall() == [(1,)]
    db.close()
