"""`central roster-pin`: a roster signed by another roster key is a change of trust anchor, refused in
one line naming both fingerprints until the new key's fingerprint confirms it; an older one never rolls back."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from nacl.signing import SigningKey

from inspect_tui.central.keys import central_device, load_signing_key
from inspect_tui.cli import main
from inspect_tui.sync.keys import fingerprint
from inspect_tui.sync.roster import Member, parse_roster, sign_roster
from tests.helpers.central import Central

SINCE = "2020-01-01T00:00:00+00:00"


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.output


def _roster(central: Central, key: SigningKey, serial: int, path: Path) -> Path:
    signing = load_signing_key(central.db, central.signing_key)
    own = Member(central_device(central.db), bytes(signing.verify_key), "Centraal", "central", SINCE, None)
    path.write_text(sign_roster(key, serial, [own]).text)
    return path


def _pinned(central: Central) -> str | None:
    row = central.db.pg("SELECT value FROM meta WHERE key = 'roster'").fetchone()
    return None if row is None else str(row[0])


def test_another_roster_key_is_refused_until_its_fingerprint_is_given(central: Central, tmp_path: Path) -> None:
    key, other = SigningKey.generate(), SigningKey.generate()
    code, out = _run(*central.options(), "roster-pin", str(_roster(central, key, 5, tmp_path / "team.json")))
    assert code == 0, out
    before = _pinned(central)
    stranger = _roster(central, other, 7, tmp_path / "other.json")
    new, old = fingerprint(bytes(other.verify_key)), fingerprint(bytes(key.verify_key))
    code, out = _run(*central.options(), "roster-pin", str(stranger))
    assert code == 1 and len(out.strip().splitlines()) == 1, out
    assert new in out and old in out and "--new-roster-key" in out and "Traceback" not in out, out
    assert _pinned(central) == before
    code, out = _run(*central.options(), "roster-pin", str(stranger), "--new-roster-key", old)
    assert code == 1 and len(out.strip().splitlines()) == 1 and new in out, out
    assert _pinned(central) == before
    code, out = _run("--lang", "nl", *central.options(), "roster-pin", str(stranger))
    assert code == 1 and out.startswith("Fout: ") and "ondertekend met roostersleutel" in out, out
    assert _pinned(central) == before
    code, out = _run(*central.options(), "roster-pin", str(stranger), "--new-roster-key", new)
    assert code == 0 and "serial 7" in out, out
    pinned = _pinned(central)
    assert pinned is not None and parse_roster(pinned).central_key == bytes(other.verify_key)


def test_the_same_key_newer_is_taken_older_refused(central: Central, tmp_path: Path) -> None:
    key = SigningKey.generate()
    assert _run(*central.options(), "roster-pin", str(_roster(central, key, 5, tmp_path / "five.json")))[0] == 0
    before = _pinned(central)
    code, out = _run(*central.options(), "roster-pin", str(_roster(central, key, 4, tmp_path / "four.json")))
    assert code == 1 and "older than the pinned serial 5" in out, out
    assert _pinned(central) == before
    newer = _roster(central, key, 6, tmp_path / "six.json")
    code, out = _run(*central.options(), "roster-pin", str(newer))
    assert code == 0 and "serial 6" in out, out
    assert _pinned(central) == newer.read_text()
