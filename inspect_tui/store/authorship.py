"""Who made a revision and when: the stamp every new local revision carries.

A revision names the person working on this device (from the pinned roster, else the name last
used to start, sign or review an inspection here) and the moment it was made (UTC). Both travel
in bundles and are part of what the revision id hashes, so nobody can change them on the way.
Revisions made before this existed carry neither; screens show them as "unknown time".
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import json
from collections.abc import Callable, Iterator

from sqlite_utils import Database

from inspect_tui.store.db import get_meta, set_meta

META_PERSON = "person"
MAX_PERSON = 100

_clocks: list[Callable[[], dt.datetime]] = []
"""Clocks set by use_clock, innermost last (process-wide: the app saves from worker threads)."""


def now() -> dt.datetime:
    """The moment a revision made now is stamped with (UTC, whole seconds)."""
    moment = _clocks[-1]() if _clocks else dt.datetime.now(dt.UTC)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC).replace(microsecond=0)


@contextlib.contextmanager
def use_clock(clock: Callable[[], dt.datetime]) -> Iterator[None]:
    """Stamp revisions made inside the block with clock's time (sample data, tests)."""
    _clocks.append(clock)
    try:
        yield
    finally:
        _clocks.remove(clock)


def roster_people(db: Database) -> dict[str, str]:
    """Per device id, the person the pinned roster names (the roster was checked when pinned)."""
    text = get_meta(db, "roster")
    return dict(_people_of(text)) if text else {}


@functools.lru_cache(maxsize=4)
def _people_of(text: str) -> tuple[tuple[str, str], ...]:
    """The roster document's (device id, person) pairs; parsed once per roster, not once per save."""
    try:
        devices = json.loads(text)["body"]["devices"]
        return tuple((str(d["device_id"]), str(d["person"])) for d in devices)
    except (ValueError, KeyError, TypeError):
        return ()


def current_person(db: Database, device: str) -> str | None:
    """The person working on this device: the roster's name for it, else the name last used here."""
    named = roster_people(db).get(device)
    if named:
        return named[:MAX_PERSON]
    remembered = get_meta(db, META_PERSON)
    return remembered[:MAX_PERSON] if remembered else None


def remember_person(db: Database, name: str | None) -> None:
    """The name someone started, signed or reviewed with here names their next revisions (in a transaction)."""
    cleaned = " ".join((name or "").split())[:MAX_PERSON]
    if cleaned and cleaned != get_meta(db, META_PERSON):
        set_meta(db, META_PERSON, cleaned)
