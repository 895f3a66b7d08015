"""The municipality share's persons found rest on signed inspections: the occupancy a completed or
approved inspection was signed with, never people a later draft or a returned inspection added."""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from pathlib import Path

import pytest

from inspect_tui.central.keys import load_signing_key
from inspect_tui.central.share import ShareScope, load_profile, write_share
from inspect_tui.domain.enums import InspectionStatus, SiteKind
from inspect_tui.domain.models import Inspection, Occupant, Site, Unit
from inspect_tui.store import save
from inspect_tui.store.signed import freeze_of
from inspect_tui.sync.export import export_bundle
from tests.helpers.bundles import Device, make_device
from tests.helpers.central import Central, trusting_intake


def _chalet_site(tmp_path: Path, registered_persons: int | None = None) -> tuple[Device, Site, Unit]:
    """An inspector's laptop with a housing site in Venlo and its Chalet 1 (4 beds)."""
    device = make_device(tmp_path / "eva.db", device_id="inspector-eva")
    site = Site(name="De Wilgen", city="Venlo", kind=SiteKind.HOUSING)
    save(device.db, site)
    chalet = Unit(site_id=site.id, label="Chalet 1", beds=4, registered_persons=registered_persons)
    save(device.db, chalet)
    return device, site, chalet


def _signed(device: Device, site: Site, day: int, draft: Inspection | None = None) -> Inspection:
    """An inspection (or the draft given) signed as the app signs it: with the occupancy of that moment frozen."""
    if draft is None:
        draft = Inspection(site_id=site.id, templates=["snf"], inspector="Eva", started_at=dt.datetime(2026, 3, day, 9))
        save(device.db, draft)
    signed = draft.model_copy(
        update={
            "status": InspectionStatus.COMPLETED,
            "signed_by": "Eva",
            "completed_at": dt.datetime(2026, 3, day, 11),
            "frozen": freeze_of(device.db, draft),
        }
    )
    save(device.db, signed)
    return signed


def _send(central: Central, device: Device, path: Path) -> None:
    result = export_bundle(device.db, path, device.key)
    assert result is not None
    assert trusting_intake(central.db, result.path).error is None


def _columns(
    central: Central,
    tmp_path: Path,
    name: str,
    fields: tuple[str, ...],
    scope: ShareScope | None = None,
    *,
    table: str = "occupancy",
    key: str = "unit_id",
) -> dict[str, tuple[str, ...]]:
    """The municipality share's rows of a table (occupancy: by unit): these fields."""
    signing = load_signing_key(central.db, central.signing_key)
    share = write_share(central.db, load_profile("municipality"), scope or ShareScope(), tmp_path / name, signing)
    with zipfile.ZipFile(share.path) as zf:
        rows = csv.DictReader(io.StringIO(zf.read(f"data/{table}.csv").decode("utf-8-sig")))
        return {r[key]: tuple(r[f] for f in fields) for r in rows}


def _persons(central: Central, tmp_path: Path, name: str, scope: ShareScope | None = None) -> dict[str, str]:
    return {unit: found for unit, (found,) in _columns(central, tmp_path, name, ("persons_found",), scope).items()}


@pytest.mark.parametrize("later", ["draft", "returned"])
def test_people_added_after_the_signed_inspection_are_not_counted(central: Central, tmp_path: Path, later: str) -> None:
    device, site, chalet = _chalet_site(tmp_path)
    for name in ("Jan Kowalski", "Anna Nowak"):
        save(device.db, Occupant(unit_id=chalet.id, name=name))
    _signed(device, site, 3)
    _send(central, device, tmp_path / "first.zip")
    # a second visit: three more people recorded, the inspection still a draft (or signed, then sent back)
    second = Inspection(site_id=site.id, templates=["snf"], inspector="Eva", started_at=dt.datetime(2026, 3, 10, 9))
    save(device.db, second)
    for name in ("Piotr Zielinski", "Ion Popescu", "Maria Ionescu"):
        save(device.db, Occupant(unit_id=chalet.id, name=name))
    if later == "returned":
        second = _signed(device, site, 10)
    _send(central, device, tmp_path / "second.zip")
    if later == "returned":
        central.db.pg("UPDATE inspections SET status = 'returned' WHERE id = %s", [second.id])
    assert central.db.pg("SELECT COUNT(*) FROM occupants").fetchone() == (5,)
    assert _persons(central, tmp_path, "a.zip") == {chalet.id: "2"}
    period = ShareScope(date_from=dt.date(2026, 3, 1), date_to=dt.date(2026, 3, 31))
    assert _persons(central, tmp_path, "b.zip", period) == {chalet.id: "2"}
    if later == "returned":  # signed again after the correction: its own snapshot counts
        central.db.pg("UPDATE inspections SET status = 'approved' WHERE id = %s", [second.id])
        assert _persons(central, tmp_path, "c.zip") == {chalet.id: "5"}
        # a share of the first visit's days only: the occupancy signed then
        early = ShareScope(date_from=dt.date(2026, 3, 1), date_to=dt.date(2026, 3, 5))
        assert _persons(central, tmp_path, "d.zip", early) == {chalet.id: "2"}


def test_a_unit_no_signed_inspection_recorded_has_no_count(central: Central, tmp_path: Path) -> None:
    device, site, chalet = _chalet_site(tmp_path)
    save(device.db, Occupant(unit_id=chalet.id, name="Jan Kowalski"))
    draft = Inspection(site_id=site.id, templates=["snf"], inspector="Eva", started_at=dt.datetime(2026, 3, 3, 9))
    save(device.db, draft)
    _send(central, device, tmp_path / "draft.zip")
    assert _persons(central, tmp_path, "a.zip") == {chalet.id: ""}  # only a draft saw anyone
    _signed(device, site, 4)
    caravan = Unit(site_id=site.id, label="Caravan 2", beds=2)  # made after the signing
    save(device.db, caravan)
    save(device.db, Occupant(unit_id=caravan.id, name="Anna Nowak"))
    _send(central, device, tmp_path / "signed.zip")
    assert _persons(central, tmp_path, "b.zip") == {chalet.id: "1", caravan.id: ""}


def _occupancy(central: Central, tmp_path: Path, name: str) -> dict[str, tuple[str, ...]]:
    return _columns(central, tmp_path, name, ("persons_found", "registered_persons"))


def test_found_and_registered_are_of_the_same_signed_moment(central: Central, tmp_path: Path) -> None:
    """A registration changed after the signing does not stand beside the persons found then: both
    figures of a row come from the snapshot the inspection was signed with."""
    device, site, chalet = _chalet_site(tmp_path, registered_persons=3)
    for name in ("Jan Kowalski", "Anna Nowak"):
        save(device.db, Occupant(unit_id=chalet.id, name=name))
    _signed(device, site, 3)
    # afterwards the registration is corrected to the two found, and a caravan is added
    save(device.db, chalet.model_copy(update={"registered_persons": 2}))
    caravan = Unit(site_id=site.id, label="Caravan 2", beds=2, registered_persons=1)
    save(device.db, caravan)
    _send(central, device, tmp_path / "bundle.zip")
    assert central.db.pg("SELECT registered_persons FROM units WHERE id = %s", [chalet.id]).fetchone() == (2,)
    # the mismatch the inspector found (2 found, 3 registered) is what the municipality sees;
    # the caravan, which no signed inspection recorded: no count, today's registration
    assert _occupancy(central, tmp_path, "a.zip") == {chalet.id: ("2", "3"), caravan.id: ("", "1")}


def test_nobody_found_outside_the_brp_where_no_signed_inspection_found_anyone(central: Central, tmp_path: Path) -> None:
    """A row said "persons found: (none), found in the RNI: 2" for people only a draft recorded."""
    from inspect_tui.domain.enums import BrpStatus

    device, site, chalet = _chalet_site(tmp_path)
    for name in ("Jan Kowalski", "Anna Nowak"):
        save(device.db, Occupant(unit_id=chalet.id, name=name, brp_status=BrpStatus.RNI))
    save(
        device.db,
        Inspection(site_id=site.id, templates=["snf"], inspector="Eva", started_at=dt.datetime(2026, 3, 3, 9)),
    )
    _send(central, device, tmp_path / "draft.zip")

    def brp(name: str) -> dict[str, tuple[str, ...]]:
        return _columns(central, tmp_path, name, ("persons_found", "found_rni", "found_not_in_brp"))

    assert brp("a.zip") == {chalet.id: ("", "", "")}
    _signed(device, site, 4)
    _send(central, device, tmp_path / "signed.zip")
    assert brp("b.zip") == {chalet.id: ("2", "2", "0")}


def test_the_brp_counts_are_those_the_inspection_was_signed_with(central: Central, tmp_path: Path) -> None:
    """After the signing Jan registers in the BRP, Anna leaves and Ion (RNI) moves in: the row still
    says what the inspection found — two persons, one in the RNI, one not in the BRP at all."""
    from inspect_tui.domain.enums import BrpStatus
    from inspect_tui.store import delete

    device, site, chalet = _chalet_site(tmp_path)
    jan = Occupant(unit_id=chalet.id, name="Jan Kowalski", brp_status=BrpStatus.RNI)
    anna = Occupant(unit_id=chalet.id, name="Anna Nowak", brp_status=BrpStatus.NOT_REGISTERED)
    for person in (jan, anna):
        save(device.db, person)
    _signed(device, site, 3)
    save(device.db, jan.model_copy(update={"brp_status": BrpStatus.INGEZETENE}))
    delete(device.db, Occupant, anna.id)
    save(device.db, Occupant(unit_id=chalet.id, name="Ion Popescu", brp_status=BrpStatus.RNI))
    _send(central, device, tmp_path / "bundle.zip")
    fields = ("persons_found", "found_rni", "found_not_in_brp")
    assert _columns(central, tmp_path, "a.zip", fields) == {chalet.id: ("2", "1", "1")}
