"""With a roster pinned centrally, intake takes in only its devices, each in its role, whatever the
command line says: --trust-new cannot let an unknown signer in, nor make an inspector a lead; a
bundle from a device a newer roster revoked is refused; the database stays exactly as it was."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from nacl.signing import SigningKey

from inspect_tui.central.intake import intake_one
from inspect_tui.central.keys import central_device, load_signing_key
from inspect_tui.central.roster import pin_central_roster
from inspect_tui.domain.enums import ReviewDecision
from inspect_tui.domain.models import Inspection, Review, Site
from inspect_tui.store import save
from inspect_tui.sync.roster import Member, sign_roster
from tests.central.test_trust import SINCE, _export, _member, _team
from tests.helpers.bundles import make_device
from tests.helpers.central import Central, state

SINCE_END = "2021-01-01T00:00:00+00:00"
"""Eva's device is valid until then on the newer roster: revoked."""


def _site_bundle(device_path: Path, device_id: str, out: Path) -> Path:
    device = make_device(device_path, device_id=device_id)
    save(device.db, Site(name="Locatie buiten het rooster", city="Venlo"))
    return _export(device, out)


def test_an_unknown_signer_stays_out_even_when_new_signers_are_trusted(central: Central, tmp_path: Path) -> None:
    _team(central, tmp_path)
    stranger = _site_bundle(tmp_path / "stranger.db", "stranger", tmp_path / "stranger.zip")
    before = state(central.db)
    for role in ("inspector", "lead"):
        result = intake_one(central.db, stranger, trust_new=True, trust_role=role)
        assert result.error is not None and result.receipt is None
        assert "\n" not in result.error and "roster" in result.error, result.error
        assert state(central.db) == before


def test_an_inspector_cannot_be_made_a_lead_on_the_command_line(central: Central, tmp_path: Path) -> None:
    eva, _lead, _roster, _signing = _team(central, tmp_path)
    site = Site(name="Vakantiepark De Wilgen", city="Venlo")
    save(eva.db, site)
    inspection = Inspection(site_id=site.id, templates=["snf"], inspector="Eva", started_at=dt.datetime(2026, 3, 3))
    save(eva.db, inspection)
    assert intake_one(central.db, _export(eva, tmp_path / "first.zip")).error is None
    save(
        eva.db,
        Review(
            inspection_id=inspection.id,
            reviewer="Eva",
            decision=ReviewDecision.APPROVE,
            created_at=dt.datetime(2026, 3, 4, 9, 0),
        ),
    )
    before = state(central.db)
    result = intake_one(central.db, _export(eva, tmp_path / "review.zip"), trust_new=True, trust_role="lead")
    assert result.error is not None and "inspector" in result.error and "review" in result.error, result.error
    assert state(central.db) == before


def test_a_device_revoked_by_a_newer_roster_is_refused(central: Central, tmp_path: Path) -> None:
    eva = make_device(tmp_path / "eva.db", device_id="inspector-eva")
    signing = load_signing_key(central.db, central.signing_key)
    roster_key = SigningKey.generate()
    centre = Member(central_device(central.db), bytes(signing.verify_key), "Centraal", "central", SINCE, None)
    first = sign_roster(roster_key, 1, [_member(eva, "inspector-eva", "Eva", "inspector"), centre])
    (tmp_path / "first.json").write_text(first.text)
    assert pin_central_roster(central.db, tmp_path / "first.json") == 1
    save(eva.db, Site(name="Vakantiepark De Wilgen", city="Venlo"))
    assert intake_one(central.db, _export(eva, tmp_path / "before.zip")).error is None

    revoked = Member("inspector-eva", bytes(eva.key.verify_key), "Eva", "inspector", SINCE, SINCE_END)
    second = sign_roster(roster_key, 2, [revoked, centre])
    (tmp_path / "second.json").write_text(second.text)
    assert pin_central_roster(central.db, tmp_path / "second.json") == 2
    save(eva.db, Site(name="Tweede locatie", city="Venlo"))
    late = _export(eva, tmp_path / "late.zip")
    before = state(central.db)
    result = intake_one(central.db, late)
    assert result.error is not None and result.receipt is None and "\n" not in result.error, result.error
    assert state(central.db) == before
