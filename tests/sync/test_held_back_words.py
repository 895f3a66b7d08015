"""What export and `keys set-central` say about occupant versions: one version, or several, in English and Dutch."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from nacl.public import PrivateKey
from sqlite_utils import Database

from inspect_tui.domain.models import Occupant, Site, Unit
from inspect_tui.store import save
from inspect_tui.sync.export import export_bundle
from tests.helpers.bundles import BSNS, make_device, run

WORDS = {
    ("en", 1): ("1 version not yet exported was sealed now.", "Held back 1 occupant version that holds personal"),
    ("en", 2): ("2 versions not yet exported were sealed now.", "Held back 2 occupant versions that hold personal"),
    ("nl", 1): (
        "1 nog niet geëxporteerde versie is nu versleuteld.",
        "1 bewonersversie met onversleutelde persoonsgegevens achtergehouden",
    ),
    ("nl", 2): (
        "2 nog niet geëxporteerde versies zijn nu versleuteld.",
        "2 bewonersversies met onversleutelde persoonsgegevens achtergehouden",
    ),
}


def occupants(db: Database, unit: Unit, count: int, first: int = 0) -> None:
    """count occupants with a BSN, saved the way the app saves them."""
    for number in range(first, first + count):
        save(db, Occupant(unit_id=unit.id, name=f"Bewoner {number}", bsn=BSNS[number % 2], nationality="PL"))


@pytest.mark.parametrize(("lang", "count"), sorted(WORDS))
def test_sealed_now_and_held_back_say_one_version_or_several(tmp_path: Path, lang: str, count: int) -> None:
    device = make_device(tmp_path / "eva.db", device_id="inspector-eva")
    site = Site(name="De Wilgen", city="Venlo")
    save(device.db, site)
    unit = Unit(site_id=site.id, label="Chalet 1", beds=4)
    save(device.db, unit)
    occupants(device.db, unit, count)
    assert export_bundle(device.db, tmp_path / "early.zip", device.key, everything=True) is not None  # plain
    occupants(device.db, unit, count, first=count)  # made before the key, not exported yet
    cli = CliRunner()
    key = bytes(PrivateKey.generate().public_key).hex()
    sealed_now, held_back = WORDS[(lang, count)]
    code, output = run(cli, "--lang", lang, "--db", str(device.db_path), "keys", "set-central", key)
    assert code == 0 and sealed_now in output, output
    code, output = run(
        cli, "--lang", lang, "--db", str(device.db_path), "export", "--all", "--out", str(tmp_path / "a.zip")
    )
    assert code == 0 and held_back in output, output
    assert "(s)" not in output
