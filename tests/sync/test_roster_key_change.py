"""Pinning by hand a roster signed by another roster key is a change of trust anchor: refused in one
line naming both fingerprints unless the new key's fingerprint is given; an older roster never rolls back."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from nacl.signing import SigningKey

from inspect_tui.store import open_db
from inspect_tui.store.trust import pinned_roster
from inspect_tui.sync.keys import fingerprint
from inspect_tui.sync.roster import Member, Roster, parse_roster, sign_roster
from tests.helpers.bundles import run

SINCE = "2020-01-01T00:00:00+00:00"
MEMBER = Member("inspector-eva", bytes(32), "Eva", "inspector", SINCE, None)


def _write(path: Path, roster: Roster) -> Path:
    path.write_text(roster.text)
    return path


def _pinned(db: Path) -> str | None:
    handle = open_db(db)
    try:
        return pinned_roster(handle)
    finally:
        handle.close()


@pytest.fixture
def laptop(tmp_path: Path) -> tuple[CliRunner, Path, SigningKey]:
    cli = CliRunner()
    db = tmp_path / "lead.db"
    assert run(cli, "--db", str(db), "init")[0] == 0
    key = SigningKey.generate()
    first = _write(tmp_path / "first.json", sign_roster(key, 3, [MEMBER]))
    code, output = run(cli, "--db", str(db), "keys", "roster", "pin", str(first))
    assert code == 0, output
    return cli, db, key


def test_a_roster_of_another_key_is_refused_naming_both_fingerprints(
    laptop: tuple[CliRunner, Path, SigningKey], tmp_path: Path
) -> None:
    cli, db, key = laptop
    before = _pinned(db)
    other = SigningKey.generate()
    stranger = _write(tmp_path / "other.json", sign_roster(other, 9, [MEMBER]))
    code, output = run(cli, "--db", str(db), "keys", "roster", "pin", str(stranger))
    new, old = fingerprint(bytes(other.verify_key)), fingerprint(bytes(key.verify_key))
    assert code == 1 and len(output.strip().splitlines()) == 1, output
    assert new in output and old in output and "--new-roster-key" in output, output
    assert "Traceback" not in output
    assert _pinned(db) == before
    # a confirmation of another fingerprint (the old one, or a made-up one) is no confirmation
    for wrong in (old, "0000 0000 0000 0000"):
        code, output = run(cli, "--db", str(db), "keys", "roster", "pin", str(stranger), "--new-roster-key", wrong)
        assert code == 1 and len(output.strip().splitlines()) == 1 and new in output, output
        assert _pinned(db) == before
    code, output = run(
        cli, "--db", str(db), "keys", "roster", "pin", str(stranger), "--new-roster-key", new.replace(" ", "").upper()
    )
    assert code == 0 and "serial 9" in output, output
    pinned = _pinned(db)
    assert pinned is not None and parse_roster(pinned).central_key == bytes(other.verify_key)


def test_the_same_key_newer_is_taken_and_older_is_refused(
    laptop: tuple[CliRunner, Path, SigningKey], tmp_path: Path
) -> None:
    cli, db, key = laptop
    older = _write(tmp_path / "older.json", sign_roster(key, 2, [MEMBER]))
    before = _pinned(db)
    code, output = run(cli, "--db", str(db), "keys", "roster", "pin", str(older))
    assert code == 1 and "older than the pinned serial 3" in output and len(output.strip().splitlines()) == 1
    assert _pinned(db) == before
    newer = _write(tmp_path / "newer.json", sign_roster(key, 4, [MEMBER]))
    code, output = run(cli, "--db", str(db), "keys", "roster", "pin", str(newer))
    assert code == 0 and "serial 4" in output, output
    assert _pinned(db) == newer.read_text()


def test_the_refusal_in_dutch(laptop: tuple[CliRunner, Path, SigningKey], tmp_path: Path) -> None:
    cli, db, key = laptop
    other = SigningKey.generate()
    stranger = _write(tmp_path / "other.json", sign_roster(other, 1, [MEMBER]))
    code, output = run(cli, "--lang", "nl", "--db", str(db), "keys", "roster", "pin", str(stranger))
    assert code == 1 and output.startswith("Fout: ") and "ondertekend" in output, output
    assert fingerprint(bytes(other.verify_key)) in output and fingerprint(bytes(key.verify_key)) in output
