"""The central signing key that pull and share need: every problem with its file is one line naming
the file and saying how to fix it, and nothing is written."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from inspect_tui.cli import main
from inspect_tui.store.db import get_meta
from inspect_tui.sync.keys import META_SIGNING_PUBLIC, fingerprint
from tests.helpers.central import Central
from tests.helpers.unreadable import refuse_reading

ENV = "INSPECT_TUI_CENTRAL_SIGNING_KEY"
COMMANDS = {
    "pull": ["pull", "--out", "{out}"],
    "share": ["share", "--profile", "ggd", "--out", "{out}"],
}


@pytest.fixture(autouse=True)
def _no_key_from_elsewhere(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv(ENV, raising=False)
    monkeypatch.setenv("INSPECT_TUI_CONFIG", str(tmp_path / "config"))


def _run(central: Central, tmp_path: Path, command: str, *extra: str, lang: str = "en") -> str:
    out = tmp_path / "out.zip"
    args = [a.replace("{out}", str(out)) for a in COMMANDS[command]]
    result = CliRunner().invoke(main, ["--lang", lang, *central.options(), *args, *extra])
    assert result.exit_code == 1, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.output, result.output
    assert not out.exists() and not out.with_suffix(".xlsx").exists()
    return lines[0]


def _expected_fix(central: Central) -> str:
    recorded = get_meta(central.db.as_store(), META_SIGNING_PUBLIC)
    assert recorded is not None
    return (
        f"give the file with this central database's signing key ({fingerprint(bytes.fromhex(recorded))}) "
        f"with --signing-key FILE or ${ENV}"
    )


def _unreadable(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """path exists but cannot be read (as a file owned by another user is; this runs as any user, root too)."""
    path.write_text("00" * 32 + "\n")
    path.chmod(0o600)
    refuse_reading(path, monkeypatch)


@pytest.mark.parametrize("command", sorted(COMMANDS))
@pytest.mark.parametrize("problem", ["none", "missing", "missing-env", "folder-env", "unreadable", "garbage", "wrong"])
def test_a_missing_or_unusable_signing_key_is_one_line_with_the_file_and_the_fix(
    central: Central, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str, problem: str
) -> None:
    fix = _expected_fix(central)
    key = tmp_path / "keys" / "other.key"
    given: list[str] = ["--signing-key", str(key)]
    if problem == "none":
        given = []
    elif problem == "missing-env":
        monkeypatch.setenv(ENV, str(key))
        given = []
    elif problem == "folder-env":
        key = tmp_path / "keys"
        monkeypatch.setenv(ENV, str(key))
        given = []
    elif problem == "unreadable":
        _unreadable(key, monkeypatch)
    elif problem == "garbage":
        key.write_text("not a key\n")
        key.chmod(0o600)
    elif problem == "wrong":
        key = central.sealing_key  # a key file, but not this database's signing key
        given = ["--signing-key", str(key)]
    line = _run(central, tmp_path, command, *given)
    expected = {
        "none": f"Error: {fix}",
        "missing": f"Error: no signing key file at {key}; {fix}",
        "missing-env": f"Error: no signing key file at {key} (from ${ENV}); {fix}",
        "folder-env": f"Error: {key} (from ${ENV}) is a folder, not a signing key file; {fix}",
        "unreadable": f"Error: cannot read the signing key {key}: ",
        "garbage": f"Error: {key} does not hold a signing key (expected 64 hex digits); {fix}",
        "wrong": f"Error: the key in {key} (",
    }[problem]
    assert line.startswith(expected), line
    assert line.endswith(fix), line


def test_the_dutch_line_names_the_file_and_the_fix(central: Central, tmp_path: Path) -> None:
    key = tmp_path / "weg.key"
    line = _run(central, tmp_path, "pull", "--signing-key", str(key), lang="nl")
    assert line.startswith(f"Fout: geen bestand met een ondertekensleutel op {key}; geef het bestand met de ")
    assert line.endswith(f"met --signing-key BESTAND of ${ENV}")


def test_a_database_without_keys_says_the_init_command_and_that_command_works(pg_url: str, tmp_path: Path) -> None:
    key = tmp_path / "central.signing-key"
    options = ["central", "--url", pg_url]
    result = CliRunner().invoke(main, [*options, "pull", "--out", str(tmp_path / "p.zip"), "--signing-key", str(key)])
    assert result.exit_code == 1 and len(result.output.strip().splitlines()) == 1
    said = f"inspect-tui central init --signing-key {key} --sealing-key FILE"
    assert result.output.strip() == f"Error: this central database has no signing key yet; make both keys with: {said}"
    init = said.replace("FILE", str(tmp_path / "central.sealing-key")).split()[1:]
    assert CliRunner().invoke(main, [*options, *init[1:]]).exit_code == 0
    result = CliRunner().invoke(main, [*options, "pull", "--out", str(tmp_path / "p.zip"), "--signing-key", str(key)])
    assert result.exit_code == 0 and "Nothing to pull for everything." in result.output, result.output
