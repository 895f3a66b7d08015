"""Two connections writing at once (an answer at the key, the place saved by a worker): no write fails."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from inspect_tui.domain.models import Answer, Site, answer_id
from inspect_tui.store import get, open_db, save
from inspect_tui.store.db import get_meta, set_meta
from inspect_tui.store.workflow import answer_at, set_resume_point, start_inspection
from inspect_tui.tui.access import DbAccess

ITEM = "snf.space.bed"


@pytest.fixture
def started(db_path: Path) -> str:
    db = open_db(db_path)
    site = Site(name="Testwoning")
    save(db, site)
    inspection = start_inspection(db, site.id, ["snf"], "Inspecteur Jansen")
    db.close()
    return inspection.id


def test_a_transaction_that_reads_before_it_writes_waits_for_another_writer(db_path: Path) -> None:
    """The order that failed with "database is locked": read, another connection commits, then write.

    With a deferred BEGIN the first connection's read snapshot is stale by the time it writes,
    and SQLite refuses the write at once (the busy timeout does not apply). With BEGIN IMMEDIATE
    the other writer waits for the first transaction to end instead.
    """
    first, second = open_db(db_path), open_db(db_path)
    read, other_done = threading.Event(), threading.Event()
    errors: list[BaseException] = []

    def other_writer() -> None:
        read.wait()
        try:
            with second.atomic():
                set_meta(second, "written_by", "second")
        except BaseException as exc:  # pragma: no cover - only when the bug is back
            errors.append(exc)
        other_done.set()

    thread = threading.Thread(target=other_writer)
    thread.start()
    try:
        with first.atomic():
            assert get_meta(first, "device_id")  # the transaction has read: it holds a snapshot
            read.set()
            # Deferred: the other writer commits meanwhile. Immediate: it waits for us (the full second).
            other_done.wait(timeout=1.0)
            set_meta(first, "written_by", "first")  # failed with "database is locked" before the fix
    finally:
        read.set()
        thread.join(timeout=30)
    assert not errors
    assert get_meta(first, "written_by") == "second"  # the other writer ran after this one, not into it
    first.close()
    second.close()


def test_nested_atomic_blocks_are_savepoints_of_one_immediate_transaction(db_path: Path) -> None:
    db = open_db(db_path)
    with db.atomic():
        set_meta(db, "outer", "1")
        with pytest.raises(RuntimeError), db.atomic():
            set_meta(db, "inner", "1")
            raise RuntimeError("undo the inner block only")
    assert get_meta(db, "outer") == "1"
    assert get_meta(db, "inner") is None
    assert db.conn.isolation_level == "IMMEDIATE"  # implicit transactions of sqlite-utils take the lock too
    db.close()


def test_answers_at_the_key_never_fail_while_another_connection_saves_the_place(db_path: Path, started: str) -> None:
    """The checklist's pattern under stress: answers on one connection, the place on another."""
    rounds = 150
    answers, worker = open_db(db_path), open_db(db_path)
    errors: list[BaseException] = []
    go = threading.Barrier(2)

    def save_places() -> None:
        go.wait()
        try:
            for n in range(rounds):
                set_resume_point(worker, started, ITEM if n % 2 else None)
        except BaseException as exc:
            errors.append(exc)

    thread = threading.Thread(target=save_places)
    thread.start()
    go.wait()
    values = ["yes", "no"]
    try:
        for n in range(rounds):
            answer_at(answers, started, ITEM, values[n % 2], remember=bool(n % 3))
    except BaseException as exc:
        errors.append(exc)
    thread.join(timeout=60)
    assert not errors, errors
    stored = get(answers, Answer, answer_id(started, ITEM))
    assert stored is not None and stored.value == values[(rounds - 1) % 2]
    answers.close()
    worker.close()


@pytest.fixture
def access(db_path: Path, started: str) -> Iterator[DbAccess]:
    shared = DbAccess(db_path)
    yield shared
    shared.close()


def test_the_quick_connection_is_used_by_one_thread_at_a_time(access: DbAccess) -> None:
    inside, release, second_inside = threading.Event(), threading.Event(), threading.Event()

    def hold() -> None:
        with access.quick():
            inside.set()
            release.wait(timeout=10)

    def use() -> None:
        with access.quick():
            second_inside.set()

    holder, user = threading.Thread(target=hold), threading.Thread(target=use)
    holder.start()
    assert inside.wait(timeout=10)
    user.start()
    assert not second_inside.wait(timeout=0.3)  # waits while the other thread uses the connection
    release.set()
    assert second_inside.wait(timeout=10)
    holder.join()
    user.join()
