"""Fixtures shared by every test folder: fresh databases, built through the store."""

from __future__ import annotations

import datetime as dt
import gc
import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlite_utils import Database

from inspect_tui.domain.enums import Sector, SiteKind, SnfHousingType, UnitKind
from inspect_tui.domain.models import Occupant, Site, Unit
from inspect_tui.store import open_db, save
from tests.helpers import migrated

NOW = dt.datetime(2026, 11, 16, 9, 0)
"""A fixed moment for tests that start inspections or write reviews."""

GC_THRESHOLDS = (10_000, 50, 100)
"""The garbage collector's thresholds in a test process (Python's are 700, 10, 10).

A TUI test allocates millions of short-lived objects (styles, strips, segments) and leaves the
heap larger (Textual's caches): at Python's thresholds a third of a TUI test's CPU time went to
full collections of that heap. Collections of the young objects, still frequent, free an app's
cycles soon after its test; the memory a test process holds stays about the same."""


MEMORY_FOLDER = Path("/dev/shm")
"""A folder in memory (Linux's tmpfs), where the tests' scratch files go when there is one."""

MEMORY_FOLDER_FREE = 2 * 1024**3
"""Bytes the memory folder must have free to be used (a whole run writes a few hundred MB)."""


def _scratch_files_in_memory() -> None:
    """The tests' scratch files (``tmp_path``, ``tempfile``, the test PostgreSQL) go to a folder in
    memory, unless ``$TMPDIR`` says where they go.

    The app commits with ``synchronous=FULL``: every commit waits for the disk. The tests commit tens
    of thousands of times into databases thrown away after them, and on a disk those flushes were
    idle waits of milliseconds each (the sync and end-to-end tests at ``-n 0``: 136–139 s of wall
    time on disk, 77 s in memory, at load average 9). In memory a flush returns at once; what is written and read
    back is the same, and so is what survives a killed process (the kill -9 tests), which is what
    the kernel holds, not the disk. Set by the first test process, it is inherited by the xdist
    workers and by the programs the tests start. The folder itself, not one inside it: a refusal
    names its bundle's path within 300 characters, and tests read the end of some of them (a
    longer temporary path cuts their middle elsewhere).
    """
    if os.environ.get("TMPDIR") or not MEMORY_FOLDER.is_dir() or not os.access(MEMORY_FOLDER, os.W_OK):
        return
    if shutil.disk_usage(MEMORY_FOLDER).free < MEMORY_FOLDER_FREE:
        return
    os.environ["TMPDIR"] = str(MEMORY_FOLDER)
    tempfile.tempdir = None  # read again from $TMPDIR


def pytest_configure(config: pytest.Config) -> None:
    gc.set_threshold(*GC_THRESHOLDS)
    _scratch_files_in_memory()
    config.addinivalue_line("markers", "real_migrations: new databases run the migrations, not a copy of their result")
    config.addinivalue_line("markers", "every_frame_drawn: a test app draws every refresh, as on a terminal")


@pytest.hookimpl(trylast=True)
def pytest_collection_finish(session: pytest.Session) -> None:
    """What every test shares (the modules and the collected tests) is moved out of the collector's
    way once, so that no collection walks it again."""
    gc.collect()
    gc.freeze()


@pytest.fixture(scope="session", autouse=True)
def copied_migrations() -> Iterator[None]:
    """A new database is a copy of one migrated once per test process (`tests.helpers.migrated`)."""
    with migrated.copied_migrations():
        yield


@pytest.fixture(autouse=True)
def _real_migrations_when_marked(request: pytest.FixtureRequest) -> Iterator[None]:
    if request.node.get_closest_marker("real_migrations") is None:
        yield
        return
    migrated.copying = False
    try:
        yield
    finally:
        migrated.copying = True


@pytest.fixture(autouse=True)
def revision_clock() -> Iterator[None]:
    """Revisions are stamped with a fixed moment, so their ids do not depend on when a test runs
    (a test that needs times of its own sets them with ``store.authorship.use_clock``)."""
    from inspect_tui.store.authorship import use_clock

    with use_clock(lambda: NOW.replace(tzinfo=dt.UTC)):
        yield


@pytest.fixture(autouse=True)
def _no_user_settings(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    """No test reads the user's real settings (a language switched in the app changes the CLI's)."""
    monkeypatch.setenv("INSPECT_TUI_CONFIG", str(tmp_path_factory.mktemp("config")))


@pytest.fixture(autouse=True)
def _work_in_a_scratch_folder(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    """Files a screen or command writes to the current folder (a report, an export) land in a
    scratch folder, never in the repository."""
    monkeypatch.chdir(tmp_path_factory.mktemp("cwd"))


@pytest.fixture(autouse=True)
def _english_after_each_test() -> Iterator[None]:
    """A test that opens the app in Dutch leaves the process's interface language Dutch (the app
    sets it for good, as it should in its own process): the tests after it on the same worker
    start in English again, in whatever order they are given out."""
    yield
    from inspect_tui import i18n

    if i18n.language() != "en":
        i18n.set_language("en")
        textual_side = sys.modules.get("inspect_tui.tui.i18n")
        if textual_side is not None:
            textual_side.localise_textual()


@pytest.fixture
def db() -> Iterator[Database]:
    """An empty, migrated in-memory database."""
    database = open_db(None)
    yield database
    database.close()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """Path of an empty, migrated database file (closed again, so a test can open it its own way)."""
    path = tmp_path / "inspect.db"
    open_db(path, create=True).close()
    return path


@dataclass
class Populated:
    """What `populated_db` holds."""

    db: Database
    site: Site
    """A regular dwelling (SNF type a), 100 m² living area."""
    house: Unit
    """The house: the top-level unit with the living area, one toilet and one shower."""
    bedrooms: list[Unit]
    """Two bedrooms in the house, 12 m² and 9 m², two beds each."""
    occupants: list[Occupant]
    """Three people: a couple in the first bedroom, one person in the second."""
    workplace: Site
    """A distribution centre without units."""


@pytest.fixture
def populated_db(db: Database) -> Populated:
    """A small housing site with a unit tree and occupants, plus a workplace."""
    site = Site(
        name="Testwoning Voorbeeldstraat",
        housing_type=SnfHousingType.REGULAR_DWELLING,
        sector=Sector.AGRICULTURE,
        street="Voorbeeldstraat",
        house_number=12,
        postcode="1234 AB",
        city="Teststad",
    )
    save(db, site)
    house = Unit(site_id=site.id, label="Woning", kind=UnitKind.BUILDING, floor_area_m2=100.0, toilets=1, showers=1)
    save(db, house)
    bedrooms = []
    for label, area in (("Slaapkamer 1", 12.0), ("Slaapkamer 2", 9.0)):
        bedroom = Unit(
            site_id=site.id,
            label=label,
            kind=UnitKind.BEDROOM,
            parent_id=house.id,
            floor_area_m2=area,
            beds=2,
            registered_persons=2 if label.endswith("1") else 1,
        )
        save(db, bedroom)
        bedrooms.append(bedroom)
    first = Occupant(unit_id=bedrooms[0].id, name="Test Persoon Een", bsn="111222333", nationality="PL")
    save(db, first)
    second = Occupant(unit_id=bedrooms[0].id, name="Test Persoon Twee", nationality="PL", couple_with=first.id)
    save(db, second)
    first = first.model_copy(update={"couple_with": second.id})
    save(db, first)
    third = Occupant(unit_id=bedrooms[1].id, name="Test Persoon Drie", bsn="123456782", nationality="RO")
    save(db, third)
    workplace = Site(name="Testmagazijn", kind=SiteKind.WORKPLACE, sector=Sector.DISTRIBUTION, city="Teststad")
    save(db, workplace)
    return Populated(db, site, house, bedrooms, [first, second, third], workplace)
