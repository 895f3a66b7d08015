"""Two inspectors and a team lead on three databases, exchanging real bundles: histories and a conflict.

Eva (laptop-eva) records a site; her bundle reaches Joost (laptop-joost) and the lead. Both
inspectors then change the site's notes differently, at different times, and the lead imports
both bundles: the site is in conflict on the lead's database with two versions, Eva's and Joost's.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from inspect_tui.domain.models import Site, Unit
from inspect_tui.store import get, save
from inspect_tui.store.authorship import remember_person, use_clock
from inspect_tui.sync.export import export_bundle
from tests.helpers.bundles import Device, make_device, populate, trusting_import

START = dt.datetime(2026, 11, 17, 8, 0, tzinfo=dt.UTC)
EVA_EDIT = dt.datetime(2026, 11, 17, 9, 30, tzinfo=dt.UTC)
JOOST_EDIT = dt.datetime(2026, 11, 17, 10, 15, tzinfo=dt.UTC)


def ticking(start: dt.datetime, step: dt.timedelta = dt.timedelta(minutes=1)) -> Callable[[], dt.datetime]:
    """A clock that moves one step each time it is read."""
    moments = iter(start + n * step for n in range(10_000))
    return lambda: next(moments)


@dataclass
class Team:
    eva: Device
    joost: Device
    lead: Device
    ids: dict[str, str]
    folder: Path

    def send(self, source: Device, name: str, *targets: Device) -> Path:
        """Export what source has not sent yet and import it into targets."""
        path = self.folder / f"{name}.zip"
        result = export_bundle(source.db, path, source.key)
        assert result is not None, name
        for target in targets:
            trusting_import(target.db, [path])
        return path


def named(device: Device, person: str) -> None:
    with device.db.atomic():
        remember_person(device.db, person)


def build_team(folder: Path) -> Team:
    """Three databases; the site in conflict on the lead's (and, after the cross import, everywhere)."""
    eva = make_device(folder / "eva.db", "laptop-eva")
    joost = make_device(folder / "joost.db", "laptop-joost")
    lead = make_device(folder / "lead.db", "laptop-lead")
    named(eva, "Eva de Vries")
    named(joost, "Joost Bakker")
    named(lead, "Mariam El Amrani")
    with use_clock(ticking(START)):
        ids = populate(eva.db)
    team = Team(eva, joost, lead, ids, folder)
    team.send(eva, "eva-1", joost, lead)
    site = get(eva.db, Site, ids["site"])
    chalet = get(eva.db, Unit, ids["chalet"])
    assert site is not None and chalet is not None
    with use_clock(lambda: EVA_EDIT):
        save(eva.db, site.model_copy(update={"notes": "Hek bij de ingang kapot."}))
        save(eva.db, chalet.model_copy(update={"beds": 6}))
    with use_clock(lambda: JOOST_EDIT):
        save(joost.db, site.model_copy(update={"notes": "Brandtrap geblokkeerd.", "high_risk": True}))
    team.send(eva, "eva-2", lead)
    team.send(joost, "joost-1", lead)
    return team
