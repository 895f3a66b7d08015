"""A revision's canonical JSON and hashes are made once, on first use, without a lock that makes
one revision wait for another's (``store.revisions.made_once``)."""

from __future__ import annotations

import threading
from typing import Any

import pytest

from inspect_tui.store import revisions
from inspect_tui.store.codec import canonical_json
from inspect_tui.store.revisions import Revision, digest_of, made_once, make_rev


def _revision(name: str) -> Revision:
    data = {"id": "0b3c9d2e-5f1a-4c7e-9a2b-3d4e5f6a7b8c", "name": name}
    return Revision("sites", str(data["id"]), "1-" + "0" * 32, 1, None, "eva", data, made_at="2026-11-17T09:30:00Z")


def test_the_values_are_those_of_the_functions() -> None:
    revision = _revision("Camping Zon")
    text = canonical_json(revision.data or {})
    stamp = revisions.stamp_of(revision.made_at, revision.made_by)
    assert revision.data_json == text
    assert revision.content_rev == make_rev("sites", revision.record_id, 1, None, (), False, text, stamp)
    assert revision.content_digest == digest_of("sites", revision.record_id, revision.rev, False, (), text, stamp)
    assert isinstance(Revision.__dict__["data_json"], made_once)


def test_a_value_is_made_once(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[Any] = []

    def counted(data: dict[str, Any]) -> str:
        calls.append(data)
        return canonical_json(data)

    monkeypatch.setattr(revisions, "canonical_json", counted)
    revision = _revision("Camping Zon")
    assert revision.data_json == revision.data_json == canonical_json(revision.data or {})
    _ = revision.content_rev, revision.content_digest, revision.content_rev
    assert calls.count(revision.data) == 1  # (the stamp is made for each hash, as before)
    assert _revision("Camping Zon") == revision  # equality is by the fields alone, as before


def test_one_revision_does_not_wait_for_another(monkeypatch: pytest.MonkeyPatch) -> None:
    entered, release = threading.Event(), threading.Event()

    def slow(data: dict[str, Any]) -> str:
        if data.get("name") == "slow":
            entered.set()
            release.wait(10)
        return canonical_json(data)

    monkeypatch.setattr(revisions, "canonical_json", slow)
    first, second = _revision("slow"), _revision("quick")
    making = threading.Thread(target=lambda: first.data_json)
    making.start()
    try:
        assert entered.wait(5)
        other = threading.Thread(target=lambda: second.data_json)
        other.start()
        other.join(3)
        assert not other.is_alive(), "the second revision waited for the first one's value"
    finally:
        release.set()
        making.join()
    assert first.data_json == canonical_json({**(first.data or {})})
