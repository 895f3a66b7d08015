"""`central init` on a new database: key files checked before the schema is touched; twice is once."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from click.testing import CliRunner

from inspect_tui.central.store.connect import connect
from inspect_tui.central.store.migrations import MIGRATIONS, applied
from inspect_tui.cli import main
from tests.helpers.central import with_database
from tests.helpers.unreadable import refuse_reading


@pytest.fixture
def empty_url(pg_admin_url: str) -> Iterator[str]:
    """A database nobody has initialised."""
    name = f"central_e_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(pg_admin_url, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    yield with_database(pg_admin_url, name)
    with psycopg.connect(pg_admin_url, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _init(url: str, signing: Path, sealing: Path, lang: str = "en") -> tuple[int, str]:
    result = CliRunner().invoke(
        main,
        ["--lang", lang, "central", "--url", url, "init", "--signing-key", str(signing), "--sealing-key", str(sealing)],
    )
    assert "Traceback" not in result.output
    return result.exit_code, result.output


def _tables(url: str) -> list[str]:
    db = connect(url)
    try:
        return [str(r[0]) for r in db.pg("SELECT tablename FROM pg_tables WHERE schemaname = 'public'").fetchall()]
    finally:
        db.close()


@pytest.mark.parametrize("problem", ["missing folder", "open to others", "not a key", "one file for both"])
def test_a_refused_key_file_leaves_the_database_untouched(empty_url: str, tmp_path: Path, problem: str) -> None:
    signing, sealing = tmp_path / "central.signing-key", tmp_path / "central.sealing-key"
    if problem == "missing folder":
        signing = tmp_path / "nowhere" / "central.signing-key"
    elif problem == "open to others":
        sealing.write_text("ab" * 32 + "\n")
        sealing.chmod(0o644)
    elif problem == "not a key":
        sealing.write_text("not a key\n")
        sealing.chmod(0o600)
    else:
        sealing = signing
    code, out = _init(empty_url, signing, sealing)
    assert code == 1 and out.startswith("Error: ") and len(out.strip().splitlines()) == 1, out
    assert _tables(empty_url) == []
    assert not signing.exists() or problem == "one file for both"


def test_init_makes_0600_keys_applies_every_migration_once_and_again_changes_nothing(
    empty_url: str, tmp_path: Path
) -> None:
    signing, sealing = tmp_path / "central.signing-key", tmp_path / "central.sealing-key"
    code, out = _init(empty_url, signing, sealing)
    assert code == 0, out
    assert out.startswith("Schema: applied " + ", ".join(name for name, _ in MIGRATIONS))
    assert {oct(p.stat().st_mode & 0o777) for p in (signing, sealing)} == {"0o600"}
    keys = signing.read_bytes(), sealing.read_bytes()
    code, again = _init(empty_url, signing, sealing)
    assert code == 0 and again.startswith("Schema: up to date") and "Wrote the key file" not in again
    assert (signing.read_bytes(), sealing.read_bytes()) == keys
    assert out.splitlines()[-3:] == again.splitlines()[-3:]  # the same device and public keys
    db = connect(empty_url)
    try:
        assert applied(db) == [name for name, _ in MIGRATIONS]
    finally:
        db.close()
    other = tmp_path / "other.signing-key"
    code, swapped = _init(empty_url, other, sealing)
    assert code == 1 and "already has a signing key" in swapped and not other.exists()


@pytest.mark.parametrize(
    ("url", "said"),
    [
        ("mysql://root:secret@db/inspect", "(got mysql://…)"),
        ("db.example.org", "(got db.example.o…)"),
        ("postgresql://nobody@127.0.0.1:1/inspect", "cannot reach the central database"),
    ],
)
def test_a_wrong_url_or_a_server_that_is_down_is_one_line(url: str, said: str) -> None:
    result = CliRunner().invoke(main, ["central", "--url", url, "stats"])
    assert result.exit_code == 1 and said in result.output, result.output
    assert len(result.output.strip().splitlines()) == 1 and "secret" not in result.output


def test_embedded_in_a_folder_of_other_files_is_refused_and_the_folder_left_alone(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "bundle.zip").write_bytes(b"PK")
    owner = inbox.stat().st_uid, inbox.stat().st_mode
    result = CliRunner().invoke(main, ["central", "--embedded", str(inbox), "stats"])
    assert result.exit_code == 1 and len(result.output.strip().splitlines()) == 1, result.output
    assert "holds other files and no PostgreSQL database" in result.output
    assert (inbox.stat().st_uid, inbox.stat().st_mode) == owner and sorted(inbox.iterdir()) == [inbox / "bundle.zip"]


KEY_FILE_FIXES = {
    "garbage": (
        "{path} does not hold a {what} (expected 64 hex digits); give the {what} file central init wrote for this "
        "database, or, if the database has none yet, move {path} aside and init writes a new one",
        "{path} bevat geen {what_nl} (verwacht: 64 hex-tekens); geef het bestand met de {what_nl} dat central init "
        "voor deze database schreef, of, als de database er nog geen heeft, zet {path} opzij en init schrijft een "
        "nieuwe",
    ),
    "unreadable": (
        "cannot read the {what} {path}: permission denied; make it readable to you alone: chmod 600 {path}",
        "kan de {what_nl} {path} niet lezen: geen toegang; maak het alleen voor u leesbaar: chmod 600 {path}",
    ),
    "another user's": (
        "cannot read the {what} {path}: permission denied; it belongs to another user; run central init as that user",
        "kan de {what_nl} {path} niet lezen: geen toegang; het is van een andere gebruiker; voer central init uit "
        "als die gebruiker",
    ),
    "missing folder": (
        "the folder {folder} for the {what} does not exist; make it first: mkdir -p {folder}",
        "de map {folder} voor de {what_nl} bestaat niet; maak hem eerst: mkdir -p {folder}",
    ),
}


@pytest.mark.parametrize("lang", ["en", "nl"])
@pytest.mark.parametrize("problem", sorted(KEY_FILE_FIXES))
@pytest.mark.parametrize("which", ["signing", "sealing"])
def test_an_unusable_key_file_is_one_line_naming_the_file_the_problem_and_the_fix(
    empty_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, which: str, problem: str, lang: str
) -> None:
    files = {"signing": tmp_path / "central.signing-key", "sealing": tmp_path / "central.sealing-key"}
    path = files[which]
    if problem == "garbage":
        path.write_text("-----BEGIN PRIVATE KEY-----\n")
    elif problem == "missing folder":
        path = files[which] = tmp_path / "keys" / path.name
    else:
        path.write_text("ab" * 32 + "\n")  # a key, but it cannot be read (as root too)
        refuse_reading(path, monkeypatch)
        if problem == "another user's":
            monkeypatch.setattr(os, "getuid", lambda: path.stat().st_uid + 1)
    if path.exists():
        path.chmod(0o600)
    code, out = _init(empty_url, files["signing"], files["sealing"], lang)
    english, dutch = KEY_FILE_FIXES[problem]
    said = (english if lang == "en" else dutch).format(
        path=path,
        folder=path.parent,
        what=f"{which} key",
        what_nl={"signing": "ondertekensleutel", "sealing": "versleutelsleutel"}[which],
    )
    assert code == 1 and out.strip() == ("Error: " if lang == "en" else "Fout: ") + said, out
    assert _tables(empty_url) == []
    assert not any(p.exists() for p in files.values() if p != path)  # no key made beside the refused one
    if problem == "garbage":  # the fix works: moved aside, init writes a new key there
        path.rename(tmp_path / "aside")
    elif problem == "missing folder":
        path.parent.mkdir()
    else:
        monkeypatch.undo()
    code, out = _init(empty_url, files["signing"], files["sealing"])
    assert code == 0 and path.stat().st_mode & 0o777 == 0o600, out


def test_a_garbled_key_file_of_a_database_with_keys_is_not_replaced_by_a_new_key(pg_url: str, tmp_path: Path) -> None:
    """The fix's condition holds: moved aside, init refuses to make a new key for a database that has one."""
    signing, sealing = tmp_path / "central.signing-key", tmp_path / "central.sealing-key"
    assert _init(pg_url, signing, sealing)[0] == 0
    signing.write_text("garbled\n")
    code, out = _init(pg_url, signing, sealing)
    assert code == 1 and "move" in out and len(out.strip().splitlines()) == 1, out
    signing.rename(tmp_path / "aside")
    code, out = _init(pg_url, signing, sealing)
    assert code == 1 and "already has a signing key; give its file" in out and not signing.exists(), out


@pytest.mark.parametrize("made", [True, False])
@pytest.mark.parametrize(
    "command", [["stats"], ["report"], ["team", "noord"], ["pull", "--out", "x.zip"], ["intake", "."]]
)
def test_a_command_but_init_on_a_folder_without_a_database_writes_nothing(
    tmp_path: Path, made: bool, command: list[str]
) -> None:
    folder = tmp_path / "central-pg"
    if made:
        folder.mkdir()
    result = CliRunner().invoke(main, ["central", "--embedded", str(folder), *command])
    assert result.exit_code == 1, result.output
    assert result.output.strip() == (
        f"Error: {folder} holds no central database; check the folder, or make one with: "
        f"inspect-tui central --embedded {folder} init"
    )
    assert sorted(tmp_path.iterdir()) == ([folder] if made else [])
    assert not made or list(folder.iterdir()) == []


def test_init_makes_an_embedded_database_the_other_commands_then_use(tmp_path: Path) -> None:
    folder = tmp_path / "central-pg"
    keys = ["--signing-key", str(tmp_path / "s.key"), "--sealing-key", str(tmp_path / "e.key")]
    made = CliRunner().invoke(main, ["central", "--embedded", str(folder), "init", *keys])
    assert made.exit_code == 0 and "Schema: applied" in made.output, made.output
    assert (folder / "PG_VERSION").is_file()
    stats = CliRunner().invoke(main, ["central", "--embedded", str(folder), "stats", "--json"])
    assert stats.exit_code == 0 and '"sites": 0' in stats.output, stats.output
