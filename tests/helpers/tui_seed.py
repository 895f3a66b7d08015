"""Small databases for the TUI tests, built through the store (never from sample.db), and waits that drive the app."""

from __future__ import annotations

import asyncio
import datetime as dt
import time
from collections.abc import Callable, Collection
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from textual.app import App
from textual.dom import DOMNode
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Static
from textual.worker import Worker

from inspect_tui.domain.enums import Certification, Sector, SiteKind, SnfHousingType, UnitKind
from inspect_tui.domain.models import Occupant, Site, Unit
from inspect_tui.store import open_db, save

FIXED_NOW = dt.datetime(2024, 5, 14, 10, 30)
"""The clock every TUI test runs on."""

VALID_BSN = "111222333"
"""Passes the 11-proef."""
INVALID_BSN = "123456789"
"""Fails the 11-proef."""


def fixed_clock() -> dt.datetime:
    return FIXED_NOW


@dataclass
class Seeded:
    path: Path
    site_id: str
    house_id: str
    bedroom_ids: list[str]
    occupant_ids: list[str]
    workplace_id: str


def seed(path: Path) -> Seeded:
    """A house with two bedrooms and three occupants, and a workplace; stable names, fresh ids."""
    db = open_db(path, create=True)
    site = Site(
        name="Vakantiepark De Wilgen",
        kind=SiteKind.HOUSING,
        housing_type=SnfHousingType.REGULAR_DWELLING,
        sector=Sector.MEAT_PROCESSING,
        high_risk=True,
        street="Dorpsstraat",
        house_number=12,
        postcode="1234 AB",
        city="Wilgendam",
        certification=Certification.SNF,
        operator_name="Huisvester BV",
    )
    save(db, site)
    house = Unit(
        site_id=site.id,
        label="Huis 12",
        kind=UnitKind.BUILDING,
        floor_area_m2=40,
        beds=4,
        registered_persons=3,
        toilets=1,
        showers=1,
    )
    save(db, house)
    bedrooms = []
    for label, area, beds in (("Kamer 1", 12.0, 2), ("Kamer 2", 9.5, 2)):
        bedroom = Unit(
            site_id=site.id, label=label, kind=UnitKind.BEDROOM, parent_id=house.id, floor_area_m2=area, beds=beds
        )
        save(db, bedroom)
        bedrooms.append(bedroom.id)
    occupants = []
    for name, room, bsn in (
        ("Jan Kowalski", bedrooms[0], VALID_BSN),
        ("Piotr Nowak", bedrooms[0], None),
        ("Ana Popescu", bedrooms[1], None),
    ):
        person = Occupant(unit_id=room, name=name, bsn=bsn, nationality="PL")
        save(db, person)
        occupants.append(person.id)
    workplace = Site(
        name="Slachterij Oost",
        kind=SiteKind.WORKPLACE,
        sector=Sector.MEAT_PROCESSING,
        street="Industrieweg",
        house_number=3,
        postcode="5678 CD",
        city="Oosterburg",
    )
    save(db, workplace)
    db.close()
    return Seeded(path, site.id, house.id, bedrooms, occupants, workplace.id)


PERSISTENT_GROUPS = frozenset({"checklist-reader", "_loader"})
"""Worker groups that live as long as their screen (a queue consumer): never waited for to finish.

"_loader" is Textual's DirectoryTree (the photo picker): it waits on a queue of folders to read
for as long as the tree is shown; each folder is read in a worker of its own, which is waited for.
"""


def _running(app: App[Any], background: Collection[str] = ()) -> list[Worker[Any]]:
    return [
        w for w in app.workers if not w.is_finished and w.group not in PERSISTENT_GROUPS and w.group not in background
    ]


def pending_work(app: App[Any]) -> list[str]:
    """What the app still has queued, though no worker runs: messages and callbacks not yet
    handled, a screen to lay out or paint again, a table whose column widths wait for its idle
    pass. Empty when what is on screen is what the app means to show.

    ``pilot.pause()`` alone does not tell: it ends when the process used little CPU for a moment,
    which on a loaded machine also happens while the process merely waits for a core.
    """
    found: list[str] = []
    for screen in app.screen_stack:
        nodes: list[Any] = [app, screen, *screen.walk_children()] if screen is app.screen else [screen]
        for node in nodes:
            if not node._message_queue.empty() or node._next_callbacks:
                found.append(f"messages of {node!r}")
            if isinstance(node, DataTable) and (node._updated_cells or node._require_update_dimensions):
                found.append(f"column widths of {node!r}")
        if screen._callbacks:
            found.append(f"callbacks after the refresh of {screen!r}")
        if screen is app.screen and (
            screen._layout_required
            or screen._scroll_required
            or screen._repaint_required
            or screen._recompose_required
            or screen._dirty_widgets
        ):
            found.append(f"layout or paint of {screen!r}")
    return found


async def settle(pilot: Pilot[Any], rounds: int = 50, *, background: Collection[str] = ()) -> None:
    """Wait until the app has nothing left to do: every worker finished, every message handled,
    the screen laid out and painted (`pending_work`).

    A finished worker may have started another (a save reads the list again), so this repeats
    until no worker runs after the screens' queues are empty. Workers of the groups named in
    background are not waited for (a test that holds one of them up on purpose). Work that never
    ends by itself (a timer that keeps firing) is waited for at most ``rounds`` times.
    """
    app = pilot.app
    for _ in range(rounds):
        busy = _running(app, background)
        if busy:
            # Failures are the test's business (it checks what the screen shows), not the wait's.
            await asyncio.gather(*(w.wait() for w in busy), return_exceptions=True)
        await pilot.pause()
        if not _running(app, background):
            # Once more: what the handlers changed is laid out when the widgets are next idle
            # (a table sizes its columns then).
            await pilot.pause()
            if not _running(app, background) and not pending_work(app):
                return
    if _running(app, background):
        raise AssertionError(f"workers still running after {rounds} rounds: {[w.name for w in _running(app)]}")


async def still(pilot: Pilot[Any]) -> None:
    """Settled, and every scheduled animation (a scroll into view) run to its end: what a test
    that reads positions and sizes waits for, instead of sleeping."""
    await settle(pilot)
    await pilot.wait_for_scheduled_animations()
    await settle(pilot)


async def wait_for(
    pilot: Pilot[Any],
    condition: Callable[[], object],
    timeout: float = 30.0,
    *,
    background: Collection[str] = (),
) -> None:
    """Let the app work until condition() holds; fail with the condition's name after timeout.

    Waits on the app's workers and message queues (`settle`), not on the clock; only work of a
    screen's long-lived writer thread, which no worker's end announces, is given a short turn.
    The timeout is a safety net against a hang, not a pace: on a busy machine it is never reached
    by a test that passes. Workers of the groups in background are not waited for: a test that
    holds a worker up on purpose (a slow count) names its group, and waits for its own signal.
    """
    deadline = time.monotonic() + timeout
    while True:
        # Settled first, so that what the test reads next is not still being worked on.
        await settle(pilot, background=background)
        if condition():
            return
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {getattr(condition, '__name__', condition)}")
        await pilot.pause(0.01)


async def enter_text(pilot: Pilot[Any], field: Input, text: str) -> None:
    """Put text into an input field and let the app handle it (typing it key by key is slow)."""
    field.focus()
    await settle(pilot)  # the focus moves on the next turn of the app (and a field may react to it)
    field.value = text
    await settle(pilot)


def shown(node: DOMNode, selector: str) -> str:
    """The text a label or static widget shows (found by selector under node)."""
    return str(node.query_one(selector, Static).content)


def read(path: Path, sql: str, params: tuple[object, ...] = ()) -> list[tuple[Any, ...]]:
    """Rows from the database file, through a fresh connection (what a restart would see)."""
    import sqlite3

    with sqlite3.connect(path) as conn:
        return list(conn.execute(sql, params).fetchall())
