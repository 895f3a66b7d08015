"""Bad input to the Dutch command line: one Dutch line (keys, bundle files, databases, output folders),
and `stats` answered without the command-line framework in the language the full command line speaks."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from inspect_tui.cli import main
from inspect_tui.i18n import language
from inspect_tui.quick import language_of, quick_command
from inspect_tui.store import open_db
from tests.unit.test_cli_dutch import english_in

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def _no_language_from_elsewhere(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("INSPECT_TUI_CONFIG", str(tmp_path / "config"))
    monkeypatch.setenv("INSPECT_TUI_DB", str(tmp_path / "default.db"))
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    path = tmp_path / "demo.db"
    shutil.copy(REPO / "sample.db", path)
    return path


@pytest.mark.parametrize(
    ("args", "dutch"),
    [
        (["--db", "{db}", "keys", "set-central", "zzz"], "Fout: de centrale sleutel is geen publieke sleutel"),
        (["--db", "{db}", "keys", "set-central", "0" * 64], "Fout: de centrale sleutel bestaat alleen uit nullen"),
        (["make-sample", "{db}"], "Fout: {db} bestaat al; gebruik --force om het te vervangen"),
        (
            ["--db", "{db}", "import", "{tmp}/junk.zip"],
            "Fout: {tmp}/junk.zip: geen zipbestand (beschadigd of afgebroken)",
        ),
        (["verify", "{tmp}/leeg.zip"], "Fout: {tmp}/leeg.zip: het bestand is leeg"),
        (["verify", "{tmp}/weg.zip"], "Fout: {tmp}/weg.zip: kan het niet openen ("),
        (["--db", "{tmp}/junk.zip", "stats"], "Fout: {tmp}/junk.zip is geen inspect-tui-database"),
        (["--db", "{tmp}/ander.db", "stats"], "Fout: {tmp}/ander.db is een SQLite-database van een ander programma"),
        (
            ["--db", "{db}", "import", "--trusted-keys", "{tmp}/junk.zip", "x.zip"],
            "Fout: {tmp}/junk.zip regel 1 is geen",
        ),
        (
            ["--db", "{db}", "import", "--trusted-keys", "{tmp}/leeg.zip", "x.zip"],
            "Fout: {tmp}/leeg.zip bevat geen sleutels",
        ),
        (
            ["--db", "{db}", "keys", "new-central", "--out", "{db}"],
            "Fout: {db} bestaat al; kies een andere bestandsnaam",
        ),
        (
            ["--db", "{db}", "keys", "roster", "pin", "{tmp}/weg.json"],
            "Fout: kan het rooster {tmp}/weg.json niet lezen",
        ),
        (["--db", "{db}", "keys", "roster", "pin", "{tmp}/junk.zip"], "Fout: {tmp}/junk.zip is geen geldig rooster"),
        (["--db", "{db}", "findings", "--open", "--out", "{tmp}/weg/f.csv"], "Fout: map {tmp}/weg bestaat niet; maak"),
        (["--db", "{db}", "findings", "--open", "--out", "{tmp}"], "Fout: {tmp} is een map; geef een bestandsnaam"),
    ],
)
def test_bad_input_in_dutch_is_one_line(sample: Path, tmp_path: Path, args: list[str], dutch: str) -> None:
    (tmp_path / "junk.zip").write_text("geen zip\n", encoding="utf-8")
    (tmp_path / "leeg.zip").write_bytes(b"")
    import sqlite3

    sqlite3.connect(tmp_path / "ander.db").execute("CREATE TABLE recepten (naam TEXT)").connection.close()

    def filled(text: str) -> str:
        return text.replace("{db}", str(sample)).replace("{tmp}", str(tmp_path))

    before = sample.read_bytes()
    result = CliRunner().invoke(main, ["--lang", "nl", *map(filled, args)])
    assert language() == "en"
    assert result.exit_code == 1, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(filled(dutch)), result.output
    # the system's own words (strerror, sqlite's reason) may be English; the sentence around them is not
    shown = lines[0].split(" (")[0].split(": Expecting")[0].replace("No such file or directory", "")
    assert english_in(shown, str(tmp_path), str(sample)) == set(), lines[0]
    assert sample.read_bytes() == before, "the database is left exactly as it was"


def _ready(path: Path) -> Path:
    db = open_db(path)  # brought up to date, as the app would: the quick path answers only then
    db.close()
    return path


@pytest.mark.parametrize("how", ["--lang", "settings", "locale"])
def test_quick_stats_speak_the_language_of_the_command_line(
    sample: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    _ready(sample)
    env = {"INSPECT_TUI_CONFIG": str(tmp_path / "config")}
    args = ["--db", str(sample), "stats"]
    if how == "--lang":
        args = ["--lang", "nl", *args]
    elif how == "settings":
        (tmp_path / "config").mkdir()
        (tmp_path / "config" / "settings.json").write_text(json.dumps({"lang": "nl"}), encoding="utf-8")
    else:
        env["LANG"] = "nl_NL.UTF-8"
    assert language_of("nl" if how == "--lang" else None, env) == "nl"
    assert quick_command(args, environ=env) is not None
    probe = "import sys; from inspect_tui import launch; sys.argv = ['inspect-tui', *sys.argv[1:]]; launch.main()"
    full_env = {k: v for k, v in os.environ.items() if k not in ("LANG", "LC_ALL", "LC_MESSAGES")}
    quick = subprocess.run(
        [sys.executable, "-c", probe, *args],
        env=full_env | env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    full = CliRunner().invoke(main, args, env=env)
    assert quick.returncode == 0 and quick.stdout == full.output, (quick.stdout, full.output)
    assert "locaties" in quick.stdout and "sites" not in quick.stdout


def test_quick_stats_stay_english_and_json_stays_json(sample: Path, tmp_path: Path) -> None:
    _ready(sample)
    assert language_of(None, {"INSPECT_TUI_CONFIG": str(tmp_path / "none")}) == "en"
    assert language_of(None, {"INSPECT_TUI_CONFIG": str(tmp_path / "none"), "LANG": "de_DE.UTF-8"}) == "en"
    assert language_of("en", {"INSPECT_TUI_CONFIG": str(tmp_path / "none"), "LANG": "nl_NL.UTF-8"}) == "en"
    (tmp_path / "bad").mkdir()
    (tmp_path / "bad" / "settings.json").write_text("[1, 2", encoding="utf-8")  # damaged: no choice made
    assert language_of(None, {"INSPECT_TUI_CONFIG": str(tmp_path / "bad"), "LANG": "nl_NL"}) == "nl"


def test_roster_refusals_in_dutch(sample: Path, tmp_path: Path) -> None:
    roster, key, other = tmp_path / "rooster.json", tmp_path / "centraal.key", tmp_path / "ander.key"
    runner = CliRunner()
    for central, out in ((key, roster), (other, tmp_path / "b.json")):
        made = runner.invoke(
            main, ["--db", str(sample), "keys", "roster", "new", "--central-key", str(central), "--out", str(out)]
        )
        assert made.exit_code == 0, made.output
    revoke = ["keys", "roster", "revoke", str(roster), "--device", "weg", "--central-key"]
    cases = [
        ([*revoke, str(key)], "Fout: apparaat weg staat niet op het rooster"),
        ([*revoke, str(other)], "Fout: dit rooster is ondertekend met centrale sleutel"),
    ]
    for args, dutch in cases:
        result = runner.invoke(main, ["--lang", "nl", "--db", str(sample), *args])
        assert result.exit_code == 1 and result.output.startswith(dutch), result.output
        assert english_in(result.output, str(tmp_path), str(sample), "weg") == set(), result.output


def test_a_bundle_line_is_a_regel_in_dutch() -> None:
    from inspect_tui.i18n import using
    from inspect_tui.sync.errors import BundleError

    error = BundleError("bad", source="dag.zip", member="data/sites.jsonl", line=3)
    assert str(error) == "dag.zip: data/sites.jsonl line 3: bad"
    with using("nl"):
        assert str(error) == "dag.zip: data/sites.jsonl regel 3: bad"


def test_a_new_signer_is_refused_in_dutch(sample: Path, tmp_path: Path) -> None:
    from inspect_tui.domain.models import Site
    from inspect_tui.store import save
    from inspect_tui.sync.export import export_bundle
    from tests.helpers.bundles import make_device

    device = make_device(tmp_path / "laptop.db", device_id="laptop-eva")
    save(device.db, Site(name="Vakantiepark De Wilgen", city="Venlo"))
    bundle = export_bundle(device.db, tmp_path / "eva.zip", device.key, everything=True)
    assert bundle is not None
    before = sample.read_bytes()
    result = CliRunner().invoke(main, ["--lang", "nl", "--db", str(sample), "import", str(bundle.path)])
    assert result.exit_code == 1 and len(result.output.strip().splitlines()) == 1, result.output
    assert result.output.startswith(f"Fout: {bundle.path}: ondertekenaar "), result.output
    assert "(apparaat laptop-eva) is hier nieuw" in result.output and "--trust-new" in result.output
    assert english_in(result.output, str(tmp_path), "laptop-eva") == set(), result.output
    assert sample.read_bytes() == before
    english = CliRunner().invoke(main, ["--db", str(sample), "import", str(bundle.path)])
    assert "(device laptop-eva) is new here; check the fingerprint with its owner" in english.output
