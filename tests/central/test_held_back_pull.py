"""`central pull` says how many occupant versions it held back: one version, or several, in English and Dutch."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from inspect_tui.cli import main
from inspect_tui.domain.models import Site, Unit
from inspect_tui.store import save
from inspect_tui.sync.export import export_bundle
from tests.helpers.bundles import make_device
from tests.helpers.central import Central, trusting_intake
from tests.sync.test_held_back_words import occupants

WORDS = {
    ("en", 1): "Held back 1 occupant version whose personal data a device without the central key sent unencrypted; "
    "set the key on that device (keys set-central) and it seals its next edits.",
    ("en", 2): "Held back 2 occupant versions whose personal data devices without the central key sent unencrypted; "
    "set the key on those devices (keys set-central) and they seal their next edits.",
    ("nl", 1): "1 bewonersversie achtergehouden waarvan een apparaat zonder de centrale sleutel",
    ("nl", 2): "2 bewonersversies achtergehouden waarvan apparaten zonder de centrale sleutel",
}


@pytest.mark.parametrize(("lang", "count"), sorted(WORDS))
def test_a_pull_says_one_held_back_version_or_several(central: Central, tmp_path: Path, lang: str, count: int) -> None:
    device = make_device(tmp_path / "keyless.db", device_id="inspector-piet")  # no central key: plain BSNs
    site = Site(name="De Wilgen", city="Venlo")
    save(device.db, site)
    unit = Unit(site_id=site.id, label="Chalet 1", beds=4)
    save(device.db, unit)
    occupants(device.db, unit, count)
    bundle = export_bundle(device.db, tmp_path / "piet.zip", device.key, everything=True)
    assert bundle is not None and trusting_intake(central.db, bundle.path).error is None
    out = tmp_path / "lead.zip"
    args = ["--lang", lang, *central.options(), "pull", "--out", str(out), "--signing-key", str(central.signing_key)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0 and WORDS[(lang, count)] in result.output, result.output
    assert "(s)" not in result.output and out.exists()
