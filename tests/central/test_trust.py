"""The trust rules on the central system: a pinned roster decides who may write what at intake,
and relayed work leaves the central system in a form the laptops accept (segments and roster)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from nacl.signing import SigningKey

from inspect_tui.central.errors import CentralError
from inspect_tui.central.intake import intake_one
from inspect_tui.central.keys import central_device, load_signing_key
from inspect_tui.central.pull import Selection, pull
from inspect_tui.central.roster import pin_central_roster
from inspect_tui.domain.enums import InspectionStatus, ReviewDecision
from inspect_tui.domain.models import Inspection, Review, Site
from inspect_tui.store import get, save
from inspect_tui.store.trust import pin_roster
from inspect_tui.sync import import_bundles
from inspect_tui.sync.export import export_bundle
from inspect_tui.sync.layout import ROSTER, SEGMENTS
from inspect_tui.sync.roster import Member, Roster, sign_roster
from tests.helpers.bundles import Device, make_device, members
from tests.helpers.central import Central, state

SINCE = "2020-01-01T00:00:00+00:00"


def _member(device: Device, device_id: str, person: str, role: str) -> Member:
    return Member(device_id, bytes(device.key.verify_key), person, role, SINCE, None)


def _team(central: Central, tmp_path: Path) -> tuple[Device, Device, Roster, SigningKey]:
    eva = make_device(tmp_path / "eva.db", device_id="inspector-eva")
    lead = make_device(tmp_path / "lead.db", device_id="lead-1")
    signing = load_signing_key(central.db, central.signing_key)
    roster_key = SigningKey.generate()
    roster = sign_roster(
        roster_key,
        1,
        [
            _member(eva, "inspector-eva", "Eva", "inspector"),
            _member(lead, "lead-1", "Lotte", "lead"),
            Member(central_device(central.db), bytes(signing.verify_key), "Centraal", "central", SINCE, None),
        ],
    )
    for device in (eva, lead):
        with device.db.atomic():
            pin_roster(device.db, roster.text)
    (tmp_path / "roster.json").write_text(roster.text)
    assert pin_central_roster(central.db, tmp_path / "roster.json") == 1
    return eva, lead, roster, signing


def _export(device: Device, path: Path) -> Path:
    result = export_bundle(device.db, path, device.key)
    assert result is not None
    return result.path


def test_intake_refuses_an_inspector_approving_their_own_inspection(central: Central, tmp_path: Path) -> None:
    eva, _lead, _roster, _signing = _team(central, tmp_path)
    site = Site(name="Vakantiepark De Wilgen")
    save(eva.db, site)
    inspection = Inspection(site_id=site.id, templates=["snf"], inspector="Eva", started_at=dt.datetime(2026, 3, 3))
    save(eva.db, inspection)
    assert intake_one(central.db, _export(eva, tmp_path / "first.zip")).error is None
    save(eva.db, inspection.model_copy(update={"status": InspectionStatus.APPROVED}))
    before = state(central.db)
    result = intake_one(central.db, _export(eva, tmp_path / "approve.zip"))
    assert result.error is not None and "inspector" in result.error and "approved" in result.error, result.error
    assert state(central.db) == before
    assert central.db.pg("SELECT status FROM inspections WHERE id = %s", [inspection.id]).fetchone() != ("approved",)


def test_a_leads_decision_relayed_by_central_pull_is_accepted_by_the_inspectors_laptop(
    central: Central, tmp_path: Path
) -> None:
    eva, lead, _roster, signing = _team(central, tmp_path)
    site = Site(name="Vakantiepark De Wilgen")
    save(eva.db, site)
    inspection = Inspection(
        site_id=site.id,
        templates=["snf"],
        inspector="Eva",
        started_at=dt.datetime(2026, 3, 3),
        status=InspectionStatus.COMPLETED,
    )
    save(eva.db, inspection)
    assert intake_one(central.db, _export(eva, tmp_path / "eva.zip")).error is None
    first = pull(central.db, tmp_path / "to-lead.zip", signing, Selection())
    assert first is not None
    carried = members(first.path)
    assert SEGMENTS in carried and ROSTER in carried and b"inspector-eva" in carried[SEGMENTS]
    (receipt,) = import_bundles(lead.db, [first.path])  # no --trust-new: the roster decides
    assert receipt.total("new") >= 2
    review = Review(
        inspection_id=inspection.id,
        reviewer="Lotte",
        decision=ReviewDecision.SEND_BACK,
        reason="Foto ontbreekt",
        created_at=dt.datetime(2026, 3, 4, 10, 0),
    )
    save(lead.db, review)
    at_lead = get(lead.db, Inspection, inspection.id)
    assert at_lead is not None
    save(lead.db, at_lead.model_copy(update={"status": InspectionStatus.RETURNED}))
    assert intake_one(central.db, _export(lead, tmp_path / "lead.zip")).error is None
    second = pull(central.db, tmp_path / "to-eva.zip", signing, Selection(since_seq=first.seq_to))
    assert second is not None
    (got,) = import_bundles(eva.db, [second.path])
    assert got.counts["reviews"]["new"] == 1
    assert eva.db.execute("SELECT reason FROM reviews WHERE id = ?", [review.id]).fetchone() == ("Foto ontbreekt",)
    at_eva = get(eva.db, Inspection, inspection.id)
    assert at_eva is not None and at_eva.status is InspectionStatus.RETURNED


def test_a_roster_without_the_central_system_is_not_pinned(central: Central, tmp_path: Path) -> None:
    eva = make_device(tmp_path / "eva.db", device_id="inspector-eva")
    roster = sign_roster(SigningKey.generate(), 1, [_member(eva, "inspector-eva", "Eva", "inspector")])
    (tmp_path / "roster.json").write_text(roster.text)
    with pytest.raises(CentralError, match="in the role central"):
        pin_central_roster(central.db, tmp_path / "roster.json")
    assert central.db.pg("SELECT value FROM meta WHERE key = 'roster'").fetchone() is None


def test_a_new_signer_is_told_the_central_way_to_accept_it(central: Central, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from inspect_tui.cli import main
    from inspect_tui.domain.models import Site
    from inspect_tui.store import save
    from inspect_tui.sync.export import export_bundle
    from tests.helpers.bundles import make_device

    device = make_device(tmp_path / "stranger.db", device_id="stranger")
    save(device.db, Site(name="Onbekend", city="Venlo"))
    bundle = export_bundle(device.db, tmp_path / "stranger.zip", device.key, everything=True)
    assert bundle is not None
    result = CliRunner().invoke(main, [*central.options(), "intake", str(bundle.path)])
    assert result.exit_code == 1
    assert "take it in again with --trust-new (or pin a team roster: inspect-tui central roster-pin FILE)" in (
        result.output
    )
    assert "keys roster pin" not in result.output
    assert central.db.pg("SELECT COUNT(*) FROM sites").fetchone() == (0,)
