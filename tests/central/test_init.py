"""`central init` on a new database: key files checked before the schema is touched; twice is once."""

from __future__ import annotations

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


@pytest.fixture
def empty_url(pg_admin_url: str) -> Iterator[str]:
    """A database nobody has initialised."""
    name = f"central_e_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(pg_admin_url, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    yield with_database(pg_admin_url, name)
    with psycopg.connect(pg_admin_url, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _init(url: str, signing: Path, sealing: Path) -> tuple[int, str]:
    result = CliRunner().invoke(
        main, ["central", "--url", url, "init", "--signing-key", str(signing), "--sealing-key", str(sealing)]
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
