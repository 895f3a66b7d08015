"""A serial names one roster: the pinned serial of the same roster key with other content is refused,
by a pin by hand and in a bundle alike, in one line that says a change needs a higher serial; the
same roster again is accepted, and a refusal changes nothing."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from nacl.signing import SigningKey

from inspect_tui.domain.models import Site
from inspect_tui.store import open_db, save
from inspect_tui.store.trust import pin_roster, pinned_roster
from inspect_tui.sync import BundleError, export_bundle
from inspect_tui.sync.errors import KeyProblem
from inspect_tui.sync.importer import import_bundles
from inspect_tui.sync.roster import Member, Roster, check_pin, parse_roster, sign_roster
from tests.helpers.bundles import Device, full_dump, make_device, run

SINCE = "2020-01-01T00:00:00+00:00"
EVA = Member("inspector-eva", bytes(32), "Eva", "inspector", SINCE, None)
BAS = Member("inspector-bas", bytes(range(32)), "Bas", "lead", SINCE, None)


def _write(path: Path, text: str) -> Path:
    path.write_text(text)
    return path


def _state(db: Path) -> tuple[str, str | None]:
    handle = open_db(db)
    try:
        return full_dump(handle), pinned_roster(handle)
    finally:
        handle.close()


@pytest.fixture
def laptop(tmp_path: Path) -> tuple[CliRunner, Path, SigningKey, Roster]:
    cli = CliRunner()
    db = tmp_path / "lead.db"
    assert run(cli, "--db", str(db), "init")[0] == 0
    key = SigningKey.generate()
    roster = sign_roster(key, 5, [EVA])
    code, output = run(cli, "--db", str(db), "keys", "roster", "pin", str(_write(tmp_path / "five.json", roster.text)))
    assert code == 0, output
    return cli, db, key, roster


@pytest.mark.parametrize(
    "other",
    [
        pytest.param(lambda key: sign_roster(key, 5, [EVA, BAS]), id="a device added"),
        pytest.param(
            lambda key: sign_roster(key, 5, [Member(EVA.device_id, EVA.public_key, "Eva", "lead", SINCE, None)]),
            id="a role changed",
        ),
        pytest.param(lambda key: sign_roster(key, 5, []), id="every device removed"),
    ],
)
def test_the_pinned_serial_with_other_content_is_refused(
    laptop: tuple[CliRunner, Path, SigningKey, Roster], tmp_path: Path, other: object
) -> None:
    cli, db, key, _ = laptop
    before = _state(db)
    forged = _write(tmp_path / "forged.json", other(key).text)  # type: ignore[operator]
    code, output = run(cli, "--db", str(db), "keys", "roster", "pin", str(forged))
    assert code == 1 and len(output.strip().splitlines()) == 1 and "Traceback" not in output, output
    assert "serial 5" in output and "already pinned with other content" in output, output
    assert "higher serial" in output and "keys roster add" in output, output
    assert _state(db) == before
    code, output = run(cli, "--lang", "nl", "--db", str(db), "keys", "roster", "pin", str(forged))
    assert code == 1 and output.startswith("Fout: ") and len(output.strip().splitlines()) == 1, output
    assert "volgnummer 5" in output and "andere inhoud" in output and "keys roster add" in output, output
    assert _state(db) == before


def test_the_same_roster_again_is_accepted_and_a_higher_serial_takes_the_change(
    laptop: tuple[CliRunner, Path, SigningKey, Roster], tmp_path: Path
) -> None:
    cli, db, key, roster = laptop
    code, output = run(cli, "--db", str(db), "keys", "roster", "pin", str(_write(tmp_path / "again.json", roster.text)))
    assert code == 0 and "serial 5" in output, output
    # the same signed document laid out otherwise is the same roster
    relaid = json.dumps(json.loads(roster.text), indent=4)
    code, output = run(cli, "--db", str(db), "keys", "roster", "pin", str(_write(tmp_path / "relaid.json", relaid)))
    assert code == 0 and "serial 5" in output, output
    assert _state(db)[1] == relaid
    changed = sign_roster(key, 6, [EVA, BAS])
    code, output = run(cli, "--db", str(db), "keys", "roster", "pin", str(_write(tmp_path / "six.json", changed.text)))
    assert code == 0 and "serial 6" in output, output
    assert _state(db)[1] == changed.text


def test_check_pin_alone() -> None:
    key = SigningKey.generate()
    pinned = sign_roster(key, 2, [EVA])
    check_pin(pinned.text, parse_roster(pinned.text), "again.json")
    with pytest.raises(KeyProblem, match="already pinned with other content"):
        check_pin(pinned.text, sign_roster(key, 2, [BAS]), "other.json")
    # the same members, signed again at another moment: another roster under the same serial
    later = sign_roster(key, 2, [EVA], now=dt.datetime(2030, 1, 1, tzinfo=dt.UTC))
    with pytest.raises(KeyProblem, match="already pinned with other content"):
        check_pin(pinned.text, later, "later.json")


def _device_member(device: Device, person: str, role: str) -> Member:
    device_id = device.db.execute("SELECT value FROM meta WHERE key = 'device_id'").fetchone()[0]
    return Member(device_id, bytes(device.key.verify_key), person, role, SINCE, None)


def test_a_bundle_carrying_the_pinned_serial_with_other_content_is_refused(tmp_path: Path) -> None:
    eva = make_device(tmp_path / "eva.db", device_id="inspector-eva")
    receiver = make_device(tmp_path / "r.db", device_id="central-r")
    key = SigningKey.generate()
    team = [_device_member(eva, "Eva", "inspector"), _device_member(receiver, "Centraal", "central")]
    genuine = sign_roster(key, 3, team)
    with receiver.db.atomic():
        pin_roster(receiver.db, genuine.text)
    # the same serial with Eva made a lead: signed by the roster key, but not the roster pinned here
    other = sign_roster(key, 3, [_device_member(eva, "Eva", "lead"), team[1]])
    with eva.db.atomic():
        pin_roster(eva.db, other.text)
    save(eva.db, Site(name="Vakantiepark De Wilgen"))
    out = tmp_path / "out"
    out.mkdir()
    result = export_bundle(eva.db, out, eva.key)
    assert result is not None
    before = full_dump(receiver.db)
    with pytest.raises(BundleError) as caught:
        import_bundles(receiver.db, [result.path])
    assert "serial 3" in caught.value.reason and "already pinned with other content" in caught.value.reason
    assert full_dump(receiver.db) == before and pinned_roster(receiver.db) == genuine.text
    # Eva cannot go back to the genuine serial 3 either; the roster key signs serial 4 and that travels
    with pytest.raises(KeyProblem, match="already pinned with other content"):
        check_pin(pinned_roster(eva.db), genuine, "genuine.json")
    fixed = sign_roster(key, 4, team)
    with eva.db.atomic():
        check_pin(pinned_roster(eva.db), fixed, "fixed.json")
        pin_roster(eva.db, fixed.text)
    save(eva.db, Site(name="Pension Zeezicht"))
    again = tmp_path / "again"
    again.mkdir()
    result = export_bundle(eva.db, again, eva.key)
    assert result is not None
    import_bundles(receiver.db, [result.path])
    assert receiver.db.execute("SELECT count(*) FROM sites").fetchone()[0] == 1
    assert pinned_roster(receiver.db) == fixed.text
    # the same roster carried again (as every bundle of the team does) is no problem
    save(eva.db, Site(name="Camping Het Bos"))
    third = tmp_path / "third"
    third.mkdir()
    result = export_bundle(eva.db, third, eva.key)
    assert result is not None
    import_bundles(receiver.db, [result.path])
    assert receiver.db.execute("SELECT count(*) FROM sites").fetchone()[0] == 2
