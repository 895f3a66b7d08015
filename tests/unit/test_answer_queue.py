"""The checklist's answer queue without the screen: writes in order with the resume point, read-back requests."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from inspect_tui.domain.enums import InspectionStatus
from inspect_tui.domain.models import Inspection, Site
from inspect_tui.store import StoreError, get, open_db, save, workflow
from inspect_tui.store.db import get_meta
from inspect_tui.store.queries import ResumePoint, resumable
from inspect_tui.store.queries.resume import RESUME_KEY
from inspect_tui.store.workflow import start_inspection
from inspect_tui.tui import answer_queue
from inspect_tui.tui.access import DbAccess
from inspect_tui.tui.answer_queue import AnswerQueue

ITEM = "snf.space.bed"


@pytest.fixture
def started(db_path: Path) -> str:
    db = open_db(db_path)
    site = Site(name="Testwoning")
    save(db, site)
    inspection = start_inspection(db, site.id, ["snf"], "Inspecteur Jansen")
    db.close()
    return inspection.id


@pytest.fixture
def access(db_path: Path) -> Iterator[DbAccess]:
    shared = DbAccess(db_path)
    yield shared
    shared.close()


def read(path: Path, sql: str, params: list[object]) -> list[tuple[object, ...]]:
    db = open_db(path)
    try:
        return [tuple(r) for r in db.execute(sql, params).fetchall()]
    finally:
        db.close()


def test_an_answer_is_committed_with_the_place(db_path: Path, access: DbAccess, started: str) -> None:
    queue = AnswerQueue(started, access)
    saved = queue.save("answer", ITEM, "yes")
    assert saved.value == "yes"
    # Another connection sees both: they were committed together, before save returned.
    assert read(db_path, "SELECT value FROM answers WHERE inspection_id = ? AND item_id = ?", [started, ITEM]) == [
        ("yes",)
    ]
    assert read(db_path, "SELECT value FROM meta WHERE key = ?", [RESUME_KEY]) == [(f"{started} {ITEM}",)]
    db = open_db(db_path)
    assert resumable(db) == ResumePoint(started, ITEM)
    db.close()


def test_a_note_keeps_the_answer(db_path: Path, access: DbAccess, started: str) -> None:
    queue = AnswerQueue(started, access)
    queue.save("answer", ITEM, "no")
    saved = queue.save("note", ITEM, "bed broken")
    assert (saved.value, saved.note) == ("no", "bed broken")


def test_the_place_is_written_only_when_it_changes(
    access: DbAccess, started: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    writes: list[tuple[str | None, str | None]] = []
    real_set = workflow.set_resume_point
    real_answer = workflow.answer_at

    def set_point(db: object, inspection_id: str | None, item_id: str | None = None) -> None:
        writes.append((inspection_id, item_id))
        real_set(db, inspection_id, item_id)  # type: ignore[arg-type]

    def answer(db: object, inspection_id: str, item_id: str, value: str | None, *, remember: bool) -> object:
        if remember:
            writes.append((inspection_id, item_id))
        return real_answer(db, inspection_id, item_id, value, remember=remember)  # type: ignore[arg-type]

    monkeypatch.setattr(answer_queue, "set_resume_point", set_point)
    monkeypatch.setattr(answer_queue, "answer_at", answer)
    queue = AnswerQueue(started, access)
    queue.remember(ITEM)
    queue.remember(ITEM)
    queue.save("answer", ITEM, "yes")  # same place: only the answer is written
    queue.save("answer", "snf.space.wardrobe", "yes")  # a new place, with the answer
    queue.remember("snf.space.chair")
    queue.forget()
    queue.forget()
    assert writes == [
        (started, ITEM),
        (started, "snf.space.wardrobe"),
        (started, "snf.space.chair"),
        (None, None),
    ]


def test_forget_means_the_next_start_opens_home(db_path: Path, access: DbAccess, started: str) -> None:
    queue = AnswerQueue(started, access)
    queue.remember(None)
    db = open_db(db_path)
    assert resumable(db) == ResumePoint(started, None)
    db.close()
    queue.forget()
    db = open_db(db_path)
    assert get_meta(db, RESUME_KEY) is None and resumable(db) is None
    db.close()


def test_a_refused_answer_leaves_the_database_as_it_was(db_path: Path, access: DbAccess, started: str) -> None:
    queue = AnswerQueue(started, access)
    # Starting may already have judged computed items (e.g. "undecided — set the housing type").
    before = read(db_path, "SELECT item_id, value, verdict FROM answers WHERE inspection_id = ? ORDER BY 1", [started])
    with pytest.raises((StoreError, ValueError)):
        queue.save("answer", "snf.no.such.item", "yes")
    after = read(db_path, "SELECT item_id, value, verdict FROM answers WHERE inspection_id = ? ORDER BY 1", [started])
    assert after == before and not [r for r in after if r[0] == "snf.no.such.item"]
    assert read(db_path, "SELECT count(*) FROM meta WHERE key = ?", [RESUME_KEY]) == [(0,)]


def test_a_locked_inspection_refuses_the_answer_and_the_place(db_path: Path, access: DbAccess, started: str) -> None:
    db = open_db(db_path)
    inspection = get(db, Inspection, started)
    assert inspection is not None
    save(db, inspection.model_copy(update={"status": InspectionStatus.COMPLETED}))
    db.close()
    queue = AnswerQueue(started, access)
    with pytest.raises(StoreError):
        queue.save("answer", ITEM, "yes")
    assert read(db_path, "SELECT count(*) FROM meta WHERE key = ?", [RESUME_KEY]) == [(0,)]


def test_read_back_requests_are_served_in_order_until_closed(access: DbAccess, started: str) -> None:
    queue = AnswerQueue(started, access)
    for figures in (False, True, False):
        queue.ask_refresh(figures)
    queue.close()
    queue.ask_refresh(True)  # after close: never read
    served: list[bool] = []
    queue.serve(served.append, lambda: False)
    assert served == [False, True, False]


def test_serving_stops_when_cancelled(access: DbAccess, started: str) -> None:
    queue = AnswerQueue(started, access)
    cancelled = threading.Event()
    served: list[bool] = []
    worker = threading.Thread(target=queue.serve, args=(served.append, cancelled.is_set))
    worker.start()
    queue.ask_refresh(True)
    cancelled.set()
    worker.join(timeout=5)
    assert not worker.is_alive()
    assert served == [True]
