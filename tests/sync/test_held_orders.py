"""Held removals in every arrival order, in one import and one revision at a time: the same rows and conflicts."""

from __future__ import annotations

import itertools
import json
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlite_utils import Database

from inspect_tui.domain.base import Record
from inspect_tui.domain.models import Occupant, Site, Unit
from inspect_tui.store import delete, get, open_db, save
from inspect_tui.store.revisions import apply_revision
from inspect_tui.store.workflow.findings import attach_file
from inspect_tui.sync.envelope import envelope_model
from inspect_tui.sync.export import export_bundle
from tests.helpers.bundles import Device, make_device
from tests.helpers.bundles import trusting_import as import_bundles
from tests.helpers.central import ENTITY_TABLES, state
from tests.helpers.photo_bytes import jpeg_bytes
from tests.sync.test_trust import _inspection as made_with_a_finding

Bundles = list[tuple[str, Path]]


class Maker:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.paths: Bundles = []
        self.devices: dict[str, Device] = {}

    def device(self, name: str) -> Device:
        if name not in self.devices:
            self.devices[name] = make_device(self.folder / f"{name}.db", device_id=f"dev-{name}")
        return self.devices[name]

    def export(self, name: str, who: str) -> Path:
        out = self.folder / name
        out.mkdir()
        made = export_bundle(self.device(who).db, out, self.device(who).key)
        assert made is not None, name
        self.paths.append((name, made.path))
        return made.path

    def take(self, who: str, path: Path) -> None:
        import_bundles(self.device(who).db, [path])

    def removed_by_the_lead(self, *records: Record) -> None:
        """A's first bundle taken in by the lead, who removes the records (children first) and exports."""
        lead = self.device("lead")
        self.take("lead", self.export("first", "a"))
        for record in records:
            delete(lead.db, type(record), record.id)
        self.export("lead-del", "lead")


def s_chain(m: Maker) -> dict[str, str]:
    """site→unit→sub-unit; the lead removes all three; A puts a person in the sub-unit; later A erases her."""
    a = m.device("a")
    site = Site(name="Camping De Berk")
    save(a.db, site)
    unit = Unit(site_id=site.id, label="Chalet 1", beds=4)
    save(a.db, unit)
    sub = Unit(site_id=site.id, label="Kamer 1", beds=2, parent_id=unit.id)
    save(a.db, sub)
    m.removed_by_the_lead(sub, unit, site)
    person = Occupant(unit_id=sub.id, name="Piotr Zielinski")
    save(a.db, person)
    m.export("a-add", "a")
    delete(a.db, Occupant, person.id)
    m.export("a-erase", "a")
    return {"site": site.id, "unit": unit.id, "sub": sub.id}


def s_inspection(m: Maker) -> dict[str, str]:
    """site→inspection→finding; the lead removes them; A attaches a photo to the finding."""
    a = m.device("a")
    site, inspection, finding = made_with_a_finding(a)
    m.removed_by_the_lead(finding, inspection, site)
    photo = m.folder / "p.jpg"
    photo.write_bytes(jpeg_bytes())
    attach_file(a.db, finding.id, photo)
    m.export("a-add", "a")
    return {"site": site.id, "inspection": inspection.id, "finding": finding.id}


def s_move(m: Maker) -> dict[str, str]:
    """The lead removes an empty site; A adds a unit to it, then moves the unit to another site."""
    a, lead = m.device("a"), m.device("lead")
    site, other = Site(name="Camping De Berk"), Site(name="Camping De Eik")
    save(a.db, site)
    save(a.db, other)
    m.take("lead", m.export("first", "a"))
    delete(lead.db, Site, site.id)
    m.export("lead-del", "lead")
    unit = Unit(site_id=site.id, label="Chalet 1", beds=4)
    save(a.db, unit)
    m.export("a-add", "a")
    save(a.db, unit.model_copy(update={"site_id": other.id}))
    m.export("a-move", "a")
    return {"site": site.id, "unit": unit.id}


def s_two_deleters(m: Maker) -> dict[str, str]:
    """The lead and B both remove the empty site; A adds a unit to it."""
    a, lead, b = m.device("a"), m.device("lead"), m.device("b")
    site = Site(name="Camping De Berk")
    save(a.db, site)
    first = m.export("first", "a")
    m.take("lead", first)
    m.take("b", first)
    delete(lead.db, Site, site.id)
    m.export("lead-del", "lead")
    delete(b.db, Site, site.id)
    m.export("b-del", "b")
    save(a.db, Unit(site_id=site.id, label="Chalet 1", beds=4))
    m.export("a-add", "a")
    return {"site": site.id}


def s_sub_unit_moved_up(m: Maker) -> dict[str, str]:
    """The lead removes unit U (empty there) and the site stays; A adds a sub-unit to U, then
    removes the sub-unit again (the hold must be released)."""
    a, lead = m.device("a"), m.device("lead")
    site = Site(name="Camping De Berk")
    save(a.db, site)
    unit = Unit(site_id=site.id, label="Chalet 1", beds=4)
    save(a.db, unit)
    m.take("lead", m.export("first", "a"))
    delete(lead.db, Unit, unit.id)
    delete(lead.db, Site, site.id)
    m.export("lead-del", "lead")
    sub = Unit(site_id=site.id, label="Kamer 1", beds=2, parent_id=unit.id)
    save(a.db, sub)
    m.export("a-add", "a")
    delete(a.db, Unit, sub.id)
    m.export("a-del", "a")
    return {"site": site.id, "unit": unit.id}


SCENARIOS: dict[str, Callable[[Maker], dict[str, str]]] = {
    "chain": s_chain,
    "inspection": s_inspection,
    "move": s_move,
    "two-deleters": s_two_deleters,
    "sub-unit": s_sub_unit_moved_up,
}


def shown(db: Database) -> str:
    """Rows shown and conflicts (what a user sees)."""
    out: dict[str, object] = {}
    for t in ENTITY_TABLES:
        out[t] = sorted(json.dumps(list(r), default=str) for r in db.execute(f"SELECT * FROM [{t}]").fetchall())
    out["conflicts"] = sorted(
        json.dumps(list(r))
        for r in db.execute("SELECT entity, record_id, leaves, fields, kind FROM conflicts").fetchall()
    )
    return json.dumps(out, sort_keys=True)


def invariants(db: Database) -> None:
    """Nothing shown under a record not shown; every shown record whose leaves are all deletions is a conflict."""
    from inspect_tui.store.held import PARENTS

    for child, fields in PARENTS.items():
        for field, parent in fields:
            rows = db.execute(
                f"SELECT id FROM [{child}] WHERE [{field}] IS NOT NULL AND [{field}] NOT IN (SELECT id FROM [{parent}])"
            ).fetchall()
            assert rows == [], (child, field, rows)
    for t in ("sites", "units", "inspections", "findings", "answers"):
        rows = db.execute(
            f"SELECT t.id FROM [{t}] t WHERE NOT EXISTS (SELECT 1 FROM changes c WHERE c.entity = ? AND "
            "c.record_id = t.id AND c.leaf = 1 AND c.deleted = 0) AND NOT EXISTS "
            "(SELECT 1 FROM conflicts k WHERE k.entity = ? AND k.record_id = t.id)",
            [t, t],
        ).fetchall()
        assert rows == [], (t, rows)
    from inspect_tui.store.held import has_children

    for t in ("sites", "units", "inspections", "findings", "answers"):
        for (rid,) in db.execute(
            f"SELECT t.id FROM [{t}] t WHERE NOT EXISTS (SELECT 1 FROM changes c WHERE c.entity = ? AND "
            "c.record_id = t.id AND c.leaf = 1 AND c.deleted = 0)",
            [t],
        ).fetchall():
            assert has_children(db, t, rid), ("held with nothing under it", t, rid)


def revisions_of(path: Path) -> list[object]:
    with zipfile.ZipFile(path) as zf:
        found: list[object] = []
        for kind in ENTITY_TABLES:
            try:
                text = zf.read(f"data/{kind}.jsonl").decode()
            except KeyError:
                continue
            model = envelope_model(kind)
            found.extend(model.model_validate_json(line).to_revision(kind) for line in text.splitlines() if line)
        return found


def one_at_a_time(order: tuple[str, ...], by_name: dict[str, Path]) -> str:
    """The bundles' revisions applied one by one (the path of local edits), the rows shown after."""
    db = open_db(None)
    with db.atomic():
        for n in order:
            for revision in revisions_of(by_name[n]):
                apply_revision(db, revision)  # type: ignore[arg-type]
    invariants(db)
    return shown(db)


def _orders(names: list[str]) -> list[tuple[str, ...]]:
    first, rest = names[0], names[1:]
    return [(first, *p) for p in itertools.permutations(rest)]


@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_every_order_and_path_agrees(tmp_path: Path, name: str) -> None:
    m = Maker(tmp_path)
    SCENARIOS[name](m)
    by_name = dict(m.paths)
    names = [n for n, _ in m.paths]
    results: dict[str, tuple[str, str]] = {}
    for order in _orders(names):
        db = open_db(None)
        for n in order:
            import_bundles(db, [by_name[n]])
        invariants(db)
        results["+".join(order)] = (state(db), shown(db))
        db = open_db(None)
        import_bundles(db, [by_name[n] for n in order])
        invariants(db)
        results["one:" + "+".join(order)] = (state(db), shown(db))
        results["rev:" + "+".join(order)] = ("", one_at_a_time(order, by_name))
    states = {v[0] for k, v in results.items() if not k.startswith("rev:")}
    views = {v[1] for v in results.values()}
    if len(views) > 1:
        groups: dict[str, list[str]] = {}
        for k, v in results.items():
            groups.setdefault(v[1], []).append(k)
        pytest.fail("shown rows differ: " + json.dumps(list(groups.values()), indent=1))
    assert len(states) == 1


def test_all_subsets_agree(tmp_path: Path) -> None:
    """Prefixes too: the state after any subset of bundles does not depend on the order."""
    for name, build in SCENARIOS.items():
        folder = tmp_path / name
        folder.mkdir()
        m = Maker(folder)
        build(m)
        names = [n for n, _ in m.paths]
        by_name = dict(m.paths)
        for size in range(2, len(names)):
            for subset in itertools.combinations(names[1:], size - 1):
                seen: dict[str, list[str]] = {}
                for p in itertools.permutations(subset):
                    order = (names[0], *p)
                    db = open_db(None)
                    for n in order:
                        import_bundles(db, [by_name[n]])
                    invariants(db)
                    seen.setdefault(shown(db), []).append("+".join(order))
                    seen.setdefault(one_at_a_time(order, by_name), []).append("rev:" + "+".join(order))
                assert len(seen) == 1, (name, list(seen.values()))


# -- minimal reproductions -------------------------------------------------------------------------


def _chain_bundles(tmp_path: Path) -> tuple[Maker, dict[str, str]]:
    m = Maker(tmp_path)
    ids = s_chain(m)
    return m, ids


def _heads(db: Any) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    rows = sorted(
        (t, str(r[0])) for t in ("sites", "units", "occupants") for r in db.execute(f"SELECT id FROM [{t}]").fetchall()
    )
    conflicts = sorted((str(e), str(i)) for e, i in db.execute("SELECT entity, record_id FROM conflicts").fetchall())
    return rows, conflicts


def test_releasing_a_chain_releases_every_level(tmp_path: Path) -> None:
    """Lead removed sub-unit, unit and site; A put a person in the sub-unit (all three held), then
    erased her: nothing stands under any of them now, so all three deletions stand (as they do
    when the erasure arrives first, or when applied one revision at a time)."""
    m, ids = _chain_bundles(tmp_path)
    by = dict(m.paths)
    db = open_db(None)
    for n in ("first", "lead-del", "a-add"):
        import_bundles(db, [by[n]])
    assert _heads(db)[1] == sorted([("sites", ids["site"]), ("units", ids["unit"]), ("units", ids["sub"])])
    import_bundles(db, [by["a-erase"]])
    assert _heads(db) == ([], [])


def test_a_held_sub_unit_holds_its_unit(tmp_path: Path) -> None:
    """A's person in the sub-unit arrives before the lead's removal of sub-unit, unit and site:
    the sub-unit is held, so its unit (and the site) must be held too, never a sub-unit shown
    under a unit that is not."""
    m, ids = _chain_bundles(tmp_path)
    by = dict(m.paths)
    db = open_db(None)
    for n in ("first", "a-add", "lead-del"):
        import_bundles(db, [by[n]])
    orphans = db.execute(
        "SELECT id FROM units WHERE parent_id IS NOT NULL AND parent_id NOT IN (SELECT id FROM units)"
    ).fetchall()
    assert orphans == []
    _rows, conflicts = _heads(db)
    assert conflicts == sorted([("sites", ids["site"]), ("units", ids["unit"]), ("units", ids["sub"])])


def test_export_all_of_a_receiver_with_a_held_chain_gives_the_same_state(tmp_path: Path) -> None:
    """A receiver holding sub-unit, unit and site (lead's removal, then A's person in the sub-unit)
    exports --all; a fresh receiver imports that one bundle and must show what the sender shows."""
    m, _ids = _chain_bundles(tmp_path)
    by = dict(m.paths)
    sender = make_device(tmp_path / "sender.db", device_id="dev-sender")
    for n in ("first", "lead-del", "a-add"):
        import_bundles(sender.db, [by[n]])
    out = tmp_path / "all"
    out.mkdir()
    made = export_bundle(sender.db, out, sender.key, everything=True)
    assert made is not None
    fresh = open_db(None)
    import_bundles(fresh, [made.path])
    assert _heads(fresh) == _heads(sender.db)


from tests.sync.test_trust import Team, team  # noqa: E402

__all__ = ["team"]


def test_an_inspectors_plain_edit_does_not_resolve_a_held_removal(team: Team) -> None:
    """Only a team lead resolves a conflict (keep_version is refused on an inspector's laptop).
    A held removal is such a conflict; an inspector's ordinary edit of the held site must leave
    it open, as it does for a deletion beside an edit."""
    from inspect_tui.store import StoreError
    from inspect_tui.store.conflicts import open_conflicts
    from inspect_tui.store.workflow import keep_version, save_site_record

    site = Site(name="Camping De Berk")
    save(team.a.db, site)
    first = team.bundle(team.a, "a-1")
    for device in (team.lead, team.b):
        import_bundles(device.db, [first])
    delete(team.lead.db, Site, site.id)
    deletion = team.bundle(team.lead, "lead-1")
    save(team.a.db, Unit(site_id=site.id, label="Stacaravan 9", beds=2))
    addition = team.bundle(team.a, "a-2")
    import_bundles(team.b.db, [deletion, addition])
    import_bundles(team.lead.db, [addition])
    assert [c.record_id for c in open_conflicts(team.b.db)] == [site.id]
    shown_site = get(team.b.db, Site, site.id)
    assert shown_site is not None
    with pytest.raises(StoreError, match="only a team lead resolves"):
        keep_version(team.b.db, "sites", shown_site.model_dump(mode="json"))
    save_site_record(team.b.db, shown_site.model_copy(update={"notes": "hek kapot"}))
    import_bundles(team.lead.db, [team.bundle(team.b, "b-1")])
    assert [c.record_id for c in open_conflicts(team.lead.db)] == [site.id]
