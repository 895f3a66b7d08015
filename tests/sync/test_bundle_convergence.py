"""Property: devices editing at random and swapping bundles in any order, with duplicates, converge.

Two or three devices edit sites and answers (answers of one item meet on every device, since
their ids derive from inspection and item), delete answers, export now and then and import
whatever bundle is around. At the end each device exports everything and every device imports
every bundle in its own random order, some twice. Then all databases hold the same revisions,
heads and conflicts, and the conflicts are exactly the records whose revision tree has more
than one live leaf: concurrent edits are never silently dropped.

Every device signs with its own key and pins the same roster: device-0 is the inspector who
made the inspection, device-1 the team lead, device-2 another inspector (who edits sites but
whose answers on device-0's inspection are left to device-0). Bundles travel through any device
(relayed revisions are vouched for by their origin's segment), and a stranger now and then
re-signs a bundle from the pool with changed content: every such bundle is refused everywhere
and changes nothing. Every device has the central key, so an occupant edited on any of them is
sealed when saved: its revision ids hash the sealed bytes and are recomputed on every import.
"""

from __future__ import annotations

import datetime as dt
import json
import tempfile
import uuid
from pathlib import Path

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from nacl.public import PrivateKey
from nacl.signing import SigningKey

from inspect_tui.domain.models import Answer, Inspection, Occupant, Site, Unit, answer_id
from inspect_tui.store import delete, get, save
from inspect_tui.store.conflicts import open_conflicts
from inspect_tui.store.trust import pin_roster
from inspect_tui.sync import BundleError
from inspect_tui.sync.export import export_bundle
from inspect_tui.sync.importer import import_bundles
from inspect_tui.sync.keys import set_central_key
from inspect_tui.sync.roster import Member, sign_roster
from tests.helpers.bundles import Device, edit_line, full_dump, make_device, rebag, shared_dump

ITEMS = ("snf.space.bed", "snf.fire.blanket")
"""Items answered yes, no or n.a."""
device_index = st.integers(0, 2)
STEPS = {
    "edit site": st.tuples(
        st.just("edit site"), device_index, st.integers(0, 3), st.sampled_from(["", "kachel", "lek"])
    ),
    "answer": st.tuples(
        st.just("answer"), device_index, st.sampled_from(ITEMS), st.sampled_from(["yes", "no", "n.a."])
    ),
    "new site": st.tuples(st.just("new site"), device_index),
    "remove answer": st.tuples(st.just("remove answer"), device_index, st.sampled_from(ITEMS)),
    "occupant": st.tuples(st.just("occupant"), device_index, st.sampled_from(["+31 6 1111 2222", "+31 6 3333 4444"])),
    "export": st.tuples(st.just("export"), device_index, st.booleans()),
    "import": st.tuples(st.just("import"), device_index, st.integers(0, 1000)),
    "forge": st.tuples(st.just("forge"), device_index, st.integers(0, 1000)),
}
WEIGHTS = ["edit site"] * 3 + ["answer"] * 3 + ["new site", "remove answer", "export", "export", "import", "import"]
WEIGHTS += ["forge", "occupant", "occupant"]
"""Edits weigh most: concurrent edits are what this test is about."""
operations = st.lists(st.sampled_from(WEIGHTS).flatmap(STEPS.__getitem__), min_size=6, max_size=30)


class World:
    """The devices, the bundles made so far and the shared inspection."""

    def __init__(self, count: int, folder: Path) -> None:
        self.folder = folder
        self.devices = [make_device(None, device_id=f"device-{n}") for n in range(count)]
        self.central = PrivateKey.generate()
        for device in self.devices:  # occupants' personal fields are sealed when saved, ids hash the sealed form
            set_central_key(device.db, bytes(self.central.public_key).hex())
        self.stranger = SigningKey.generate()
        roles = ["inspector", "lead", "inspector"]
        roster = sign_roster(
            SigningKey.generate(),
            1,
            [
                Member(f"device-{n}", bytes(d.key.verify_key), f"P{n}", roles[n], "2020-01-01T00:00:00+00:00", None)
                for n, d in enumerate(self.devices)
            ],
        )
        for device in self.devices:
            with device.db.atomic():
                pin_roster(device.db, roster.text)
        self.pool: list[Path] = []
        self.made = 0
        first = self.devices[0].db
        site = Site(name="Vakantiepark De Wilgen")
        save(first, site)
        self.inspection = Inspection(
            site_id=site.id, templates=["snf"], inspector="Eva", started_at=dt.datetime(2025, 3, 3, 9, 0)
        )
        save(first, self.inspection)
        unit = Unit(site_id=site.id, label="Chalet 1")
        save(first, unit)
        self.occupant = Occupant(unit_id=unit.id, name="Jan", bsn="111222333", phone="+31 6 0000 0000")
        save(first, self.occupant)
        self.export(self.devices[0], everything=True)
        for device in self.devices[1:]:
            import_bundles(device.db, self.pool)

    def export(self, device: Device, everything: bool) -> None:
        self.made += 1
        result = export_bundle(device.db, self.folder / f"{self.made}.zip", device.key, everything=everything)
        if result is not None:
            self.pool.append(result.path)

    def run(self, operation: tuple[object, ...]) -> None:
        name, index, *args = operation
        number = int(str(index)) % len(self.devices)
        if name in ("answer", "remove answer") and number == 2:
            number = 0  # the other inspector may not write device-0's inspection; its maker does
        device = self.devices[number]
        db = device.db
        if name == "edit site":
            ids = [str(r[0]) for r in db.execute("SELECT id FROM sites ORDER BY id")]
            site = get(db, Site, ids[int(str(args[0])) % len(ids)])
            assert site is not None
            save(db, site.model_copy(update={"notes": args[1] or None}))
        elif name == "new site":
            self.made += 1
            save(db, Site(name=f"Locatie {self.made}"))
        elif name == "answer":
            item = str(args[0])
            save(
                db,
                Answer(
                    id=answer_id(self.inspection.id, item),
                    inspection_id=self.inspection.id,
                    item_id=item,
                    value=str(args[1]),
                ),
            )
        elif name == "remove answer":
            record_id = answer_id(self.inspection.id, str(args[0]))
            if get(db, Answer, record_id) is not None:
                delete(db, Answer, record_id)
        elif name == "occupant":
            current = get(db, Occupant, self.occupant.id)
            assert current is not None
            save(db, current.model_copy(update={"phone": str(args[0])}))
        elif name == "export":
            self.export(device, everything=bool(args[0]))
        elif name == "import" and self.pool:
            import_bundles(db, [self.pool[int(str(args[0])) % len(self.pool)]])
        elif name == "forge" and self.pool:
            self.forge(device, self.pool[int(str(args[0])) % len(self.pool)])

    def forge(self, device: Device, genuine: Path) -> None:
        """A stranger's copy of a bundle with a site renamed under its genuine id: refused, nothing changes."""

        def rename(data: dict[str, bytes]) -> dict[str, bytes]:
            if data.get("data/sites.jsonl"):
                data["data/sites.jsonl"] = edit_line(
                    data["data/sites.jsonl"], 1, lambda e: e["record"].update(name="Vervalst")
                )
            return data

        self.made += 1
        forged = self.folder / f"forged-{self.made}.zip"
        forged.write_bytes(rebag(genuine, self.stranger, payload=rename, info={"Bundle-Id": str(uuid.uuid4())}))
        before = full_dump(device.db)
        try:
            import_bundles(device.db, [forged])
        except BundleError:
            pass
        else:
            raise AssertionError("a stranger's bundle was imported")
        assert full_dump(device.db) == before


def expected_conflicts(device: Device) -> set[tuple[str, str]]:
    """Records whose revision tree, read from the revisions alone, has more than one live leaf, or a
    live leaf beside a deleted one (an edit that did not see a deletion)."""
    revisions = device.db.execute("SELECT entity, record_id, rev, base_rev, merged, ancestors, deleted FROM changes")
    by_record: dict[tuple[str, str], dict[str, bool]] = {}
    referenced: set[str] = set()
    for entity, record_id, rev, base, merged, ancestors, deleted in revisions:
        by_record.setdefault((entity, record_id), {})[rev] = bool(deleted)
        referenced.update(p for p in (base, *json.loads(merged), *json.loads(ancestors)) if p)
    found = set()
    for key, revs in by_record.items():
        leaves = [deleted for rev, deleted in revs.items() if rev not in referenced]
        live = leaves.count(False)
        if live > 1 or (live == 1 and len(leaves) > 1):
            found.add(key)
    return found


def forks(device: Device) -> set[tuple[str, str]]:
    """Records edited concurrently (two revisions on one base) and never deleted."""
    seen: dict[tuple[str, str, str | None], set[str]] = {}
    deleted: set[tuple[str, str]] = set()
    for entity, record_id, rev, base, gone in device.db.execute(
        "SELECT entity, record_id, rev, base_rev, deleted FROM changes"
    ):
        seen.setdefault((entity, record_id, base), set()).add(rev)
        if gone:
            deleted.add((entity, record_id))
    return {(e, r) for (e, r, _), revs in seen.items() if len(revs) > 1 and (e, r) not in deleted}


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(count=st.integers(2, 3), steps=operations, data=st.data())
def test_devices_converge_whatever_the_order(count: int, steps: list[tuple[object, ...]], data: st.DataObject) -> None:
    with tempfile.TemporaryDirectory() as folder:
        world = World(count, Path(folder))
        for step in steps:
            world.run(step)
        for device in world.devices:
            world.export(device, everything=True)
        for device in world.devices:
            order = data.draw(st.permutations(world.pool))
            again = data.draw(st.lists(st.sampled_from(world.pool), max_size=3))
            for bundle in [*order, *again]:
                import_bundles(device.db, [bundle])
        dumps = {shared_dump(device.db, personal=False) for device in world.devices}
        assert len(dumps) == 1, "the devices did not converge"
        for device in world.devices:
            found = {(c.entity, c.record_id) for c in open_conflicts(device.db)}
            assert found == expected_conflicts(device)
            assert forks(device) <= found, "a concurrent edit was not surfaced as a conflict"
            stored = [str(r[0]) for r in device.db.execute("SELECT data FROM changes WHERE entity = 'occupants'")]
            assert stored and not any("111222333" in text or "+31 6" in text for text in stored)
        event(f"devices ended with {'some' if found else 'no'} conflicts")
        versions = world.devices[0].db.execute("SELECT COUNT(*) FROM changes WHERE entity = 'occupants'").fetchone()
        event(f"occupant versions: {'several' if versions[0] > 1 else 'one'}")
