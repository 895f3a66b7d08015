"""`central roster-pin` and central intake: the pinned serial of the same roster key with other
content is refused in one line saying a change needs a higher serial; the same roster again is
accepted; a refusal leaves the database as it was."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from nacl.signing import SigningKey

from inspect_tui.central.intake import intake_one
from inspect_tui.central.keys import central_device, load_signing_key
from inspect_tui.cli import main
from inspect_tui.domain.models import Site
from inspect_tui.store import save
from inspect_tui.store.trust import pin_roster
from inspect_tui.sync.roster import Member, sign_roster
from tests.central.test_trust import _export, _member
from tests.helpers.bundles import make_device
from tests.helpers.central import Central, state

SINCE = "2020-01-01T00:00:00+00:00"
EXTRA = Member("inspector-bas", bytes(range(32)), "Bas", "lead", SINCE, None)


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.output


def _centre(central: Central) -> Member:
    signing = load_signing_key(central.db, central.signing_key)
    return Member(central_device(central.db), bytes(signing.verify_key), "Centraal", "central", SINCE, None)


def _snapshot(central: Central) -> tuple[str, list[tuple[str, str]]]:
    meta = central.db.pg("SELECT key, value FROM meta ORDER BY key").fetchall()
    return state(central.db), [(str(k), str(v)) for k, v in meta]


def test_the_pinned_serial_with_other_content_is_refused(central: Central, tmp_path: Path) -> None:
    key = SigningKey.generate()
    team = tmp_path / "team.json"
    team.write_text(sign_roster(key, 5, [_centre(central)]).text)
    code, out = _run(*central.options(), "roster-pin", str(team))
    assert code == 0 and "serial 5" in out, out
    before = _snapshot(central)
    forged = tmp_path / "forged.json"
    forged.write_text(sign_roster(key, 5, [_centre(central), EXTRA]).text)
    code, out = _run(*central.options(), "roster-pin", str(forged))
    assert code == 1 and len(out.strip().splitlines()) == 1 and "Traceback" not in out, out
    assert "serial 5" in out and "already pinned with other content" in out and "keys roster add" in out, out
    assert _snapshot(central) == before
    code, out = _run("--lang", "nl", *central.options(), "roster-pin", str(forged))
    assert code == 1 and out.startswith("Fout: ") and len(out.strip().splitlines()) == 1, out
    assert "volgnummer 5" in out and "andere inhoud" in out, out
    assert _snapshot(central) == before
    # the same roster again: accepted, as before
    code, out = _run(*central.options(), "roster-pin", str(team))
    assert code == 0 and "serial 5" in out, out
    assert _snapshot(central) == before


def test_intake_refuses_a_bundle_carrying_the_pinned_serial_with_other_content(
    central: Central, tmp_path: Path
) -> None:
    eva = make_device(tmp_path / "eva.db", device_id="inspector-eva")
    key = SigningKey.generate()
    genuine = sign_roster(key, 2, [_member(eva, "inspector-eva", "Eva", "inspector"), _centre(central)])
    (tmp_path / "team.json").write_text(genuine.text)
    assert _run(*central.options(), "roster-pin", str(tmp_path / "team.json"))[0] == 0
    other = sign_roster(key, 2, [_member(eva, "inspector-eva", "Eva", "lead"), _centre(central)])
    with eva.db.atomic():
        pin_roster(eva.db, other.text)
    save(eva.db, Site(name="Vakantiepark De Wilgen", city="Venlo"))
    before = _snapshot(central)
    result = intake_one(central.db, _export(eva, tmp_path / "eva.zip"))
    assert result.error is not None and result.receipt is None and "\n" not in result.error
    assert "serial 2" in result.error and "already pinned with other content" in result.error, result.error
    assert _snapshot(central) == before
    # with the genuine roster on the laptop (set directly: a pin by hand refuses it there too), work comes in
    with eva.db.atomic():
        pin_roster(eva.db, genuine.text)
    save(eva.db, Site(name="Camping Het Bos", city="Venlo"))
    assert intake_one(central.db, _export(eva, tmp_path / "again.zip")).error is None
    assert "Camping Het Bos" in state(central.db)
