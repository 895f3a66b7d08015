"""Two inspectors and a team lead on three databases, exchanging real bundles: histories and a conflict.

Eva (laptop-eva) records a site; her bundle reaches Joost (laptop-joost) and the lead. Both
inspectors then change the site's notes differently, at different times, and the lead imports
both bundles: the site is in conflict on the lead's database with two versions, Eva's and Joost's.
"""

from __future__ import annotations

import datetime as dt
import json
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
        save(eva.db, site.model_copy(update={"notes": "Hek bij de ingang kapot.", "zoned_residential": False}))
        save(eva.db, chalet.model_copy(update={"beds": 6}))
    with use_clock(lambda: JOOST_EDIT):
        save(joost.db, site.model_copy(update={"notes": "Brandtrap geblokkeerd.", "high_risk": True}))
    team.send(eva, "eva-2", lead)
    team.send(joost, "joost-1", lead)
    return team


def fork(
    device: Device, entity: str, record_id: str, versions: list[tuple[str, str, dt.datetime, dict[str, object]]]
) -> list[str]:
    """Make a conflict the way bundles do: sibling revisions of the head from other devices.

    versions: (origin device, person, moment, changed fields) per sibling; returns their revision ids.
    """
    from inspect_tui.store.codec import canonical_json
    from inspect_tui.store.revisions import Revision, ancestors_of, apply_revision, head, make_rev, stamp_of

    db = device.db
    current = head(db, entity, record_id)
    assert current is not None
    base = current[0]
    row = db.execute("SELECT data FROM changes WHERE rev = ?", [base]).fetchone()
    revs = []
    with db.atomic():
        for origin, person, moment, changes in versions:
            data = {**json.loads(row[0]), **changes}
            at = moment.strftime("%Y-%m-%dT%H:%M:%SZ")
            rev = make_rev(
                entity, record_id, current[1] + 1, base, (), False, canonical_json(data), stamp_of(at, person)
            )
            revision = Revision(
                entity=entity,
                record_id=record_id,
                rev=rev,
                gen=current[1] + 1,
                base_rev=base,
                origin=origin,
                data=data,
                ancestors=ancestors_of(db, base),
                made_at=at,
                made_by=person,
            )
            apply_revision(db, revision)
            revs.append(rev)
    return revs
