"""A team lead's day for the review tests: inspections of two inspectors with findings, built through the store.

Ids are seeded, so the same database comes out every time (the snapshots rely on it).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlite_utils import Database
from textual.pilot import Pilot

from inspect_tui.domain.base import Record, seeded_ids
from inspect_tui.domain.enums import Severity
from inspect_tui.domain.models import Inspection, Site, Unit
from inspect_tui.store import get, open_db, save
from inspect_tui.store.codec import canonical_json
from inspect_tui.store.revisions import Revision, ancestors_of, apply_revision, head, make_rev
from inspect_tui.store.workflow import add_finding, attach_file, complete, confirm_finding, start_inspection
from inspect_tui.tui.app import InspectApp
from inspect_tui.tui.screens.review import ReviewScreen
from tests.helpers.checklist import answer_all_required
from tests.helpers.photo_bytes import jpeg_bytes
from tests.helpers.tui_seed import FIXED_NOW, Seeded, seed, wait_for

DAY = FIXED_NOW.date()
PHOTO = jpeg_bytes(48, 36, seed=8)
OTHER_DEVICE = "bbbbbbbb-0000-4000-8000-00000000000b"


@dataclass
class ReviewDay:
    """What the review tests look at."""

    seeded: Seeded
    housing: str
    """Inspecteur Jansen's completed SNF inspection of the housing site (3 findings, one with a photo)."""
    workplace: str
    """Inspecteur de Boer's completed RI&E inspection of the workplace (1 minor finding)."""
    draft: str
    """Inspecteur de Boer's AKF draft of the housing site, later that day (1 minor finding)."""
    yesterday: str
    """An inspection of the day before (not on the review of DAY)."""
    findings: dict[str, str]
    """Finding ids by a short name."""

    @property
    def path(self) -> Path:
        return self.seeded.path


def _at(hour: int, minute: int = 0, day: dt.date = DAY) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute))


def _finding(
    db: Database, inspection_id: str, severity: Severity, text: str, item: str | None = None, unit: str | None = None
) -> str:
    # Found on the day the inspection started: the deadlines the snapshots show.
    started = get(db, Inspection, inspection_id).started_at.date()  # type: ignore[union-attr]
    return add_finding(db, inspection_id, severity, text, item_id=item, unit_id=unit, found_on=started).id


def copy_review_day(day: ReviewDay, folder: Path) -> ReviewDay:
    """The same day in another folder (the database and the photo copied, the same ids): cheaper
    than building it again, for tests that each need a day of their own to change."""
    folder.mkdir(parents=True, exist_ok=True)
    for file in day.path.parent.iterdir():
        if file.is_file():
            shutil.copyfile(file, folder / file.name)
    return dataclasses.replace(day, seeded=dataclasses.replace(day.seeded, path=folder / day.path.name))


def build_review_day(tmp_path: Path) -> ReviewDay:
    """Two inspectors, three inspections on DAY (two completed, one draft), one the day before."""
    tmp_path.mkdir(parents=True, exist_ok=True)
    photo = tmp_path / "blusdeken.jpg"
    photo.write_bytes(PHOTO)
    with seeded_ids(20240514):
        seeded = seed(tmp_path / "inspect.db")
        db = open_db(seeded.path)
        yesterday = start_inspection(
            db, seeded.workplace_id, ["rie"], "Inspecteur Jansen", now=_at(9, day=DAY - dt.timedelta(days=1))
        ).id
        _finding(db, yesterday, Severity.CRITICAL, "Nooduitgang geblokkeerd", "rie.rie.present")
        housing = start_inspection(db, seeded.site_id, ["snf"], "Inspecteur Jansen", now=_at(8, 30)).id
        workplace = start_inspection(db, seeded.workplace_id, ["rie"], "Inspecteur de Boer", now=_at(9, 15)).id
        findings = {
            "blanket": _finding(db, housing, Severity.CRITICAL, "Geen blusdeken in de keuken", "snf.fire.blanket"),
            "area": _finding(
                db, housing, Severity.MAJOR, "Te weinig woonoppervlak per persoon", "snf.space.living_area_pp"
            ),
            "crowded": _finding(
                db, housing, Severity.MAJOR, "Kamer 1 gedeeld door twee collega's", unit=seeded.bedroom_ids[0]
            ),
            "rie": _finding(db, workplace, Severity.MINOR, "RI&E niet actueel", "rie.rie.current"),
        }
        attach_file(db, findings["blanket"], photo)
        earlier = db.execute("SELECT id FROM findings WHERE inspection_id = ?", [yesterday]).fetchone()[0]
        confirm_finding(db, workplace, earlier, resolved=True, now=dt.datetime.combine(DAY, dt.time(10)))
        db.close()
        answer_all_required(seeded.path, housing)
        answer_all_required(seeded.path, workplace)
        answer_all_required(seeded.path, yesterday)
        db = open_db(seeded.path)
        complete(db, yesterday, "Inspecteur Jansen", now=_at(11, day=DAY - dt.timedelta(days=1)))
        complete(db, housing, "Inspecteur Jansen", now=_at(10))
        complete(db, workplace, "Inspecteur de Boer", now=_at(10, 30))
        draft = start_inspection(db, seeded.site_id, ["akf"], "Inspecteur de Boer", now=_at(13)).id
        findings["akf"] = _finding(db, draft, Severity.MINOR, "AKF-categorie niet vastgesteld", "akf.space.category")
        db.close()
    return ReviewDay(seeded, housing, workplace, draft, yesterday, findings)


def diverge(path: Path, record: Record, changes: dict[str, Any], origin: str = OTHER_DEVICE) -> str:
    """Make a conflict: another device edited record from the version before its current head.

    The record's current head must itself be an edit (generation 2 or more) so the two versions are siblings.
    """
    db = open_db(path)
    try:
        current = head(db, record.table, record.id)
        assert current is not None and current[1] >= 2, "edit the record once here first"
        base = db.execute("SELECT base_rev FROM changes WHERE rev = ?", [current[0]]).fetchone()[0]
        data = {**db_data(db, base), **changes}
        data_json = canonical_json(data)
        rev = make_rev(record.table, record.id, current[1], base, (), False, data_json)
        with db.atomic():
            outcome = apply_revision(
                db,
                Revision(
                    entity=record.table,
                    record_id=record.id,
                    rev=rev,
                    gen=current[1],
                    base_rev=base,
                    origin=origin,
                    data=data,
                    ancestors=ancestors_of(db, base),
                ),
            )
        assert outcome == "conflict", outcome
        return rev
    finally:
        db.close()


def db_data(db: Database, rev: str) -> dict[str, Any]:
    import json

    row = db.execute("SELECT data FROM changes WHERE rev = ?", [rev]).fetchone()
    return dict(json.loads(row[0]))


def make_conflicts(seeded: Seeded) -> tuple[Site, Unit]:
    """The site and the house each edited here and, differently, on another device."""
    db = open_db(seeded.path)
    site = get(db, Site, seeded.site_id)
    house = get(db, Unit, seeded.house_id)
    assert site is not None and house is not None
    save(db, site.model_copy(update={"notes": "Tweede bezoek nodig."}))
    save(db, house.model_copy(update={"floor_area_m2": 42.0}))
    db.close()
    diverge(seeded.path, site, {"name": "Vakantiepark De Wilgen-Zuid", "operator_name": "Andere Huisvester BV"})
    diverge(seeded.path, house, {"floor_area_m2": 38.5})
    return site, house


__all__ = ["DAY", "OTHER_DEVICE", "PHOTO", "ReviewDay", "build_review_day", "diverge", "make_conflicts"]


async def open_review(app: InspectApp, pilot: Pilot[Any]) -> ReviewScreen:
    """From the home screen with its key, as the team lead does."""
    await wait_for(pilot, lambda: app.screen.id == "home")
    await pilot.press("r")
    await wait_for(pilot, lambda: isinstance(app.screen, ReviewScreen) and app.screen.summary is not None)
    screen = app.screen
    assert isinstance(screen, ReviewScreen)
    await wait_for(pilot, lambda: screen.findings.loaded_once and not screen.findings._loading)
    return screen
