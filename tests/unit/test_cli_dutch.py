"""The command line in Dutch (`--lang nl`), its one-line usage errors, the default database and shell completion.

Every command a user runs is run here with `--lang nl` on a copy of the demo database; none of
its output may hold a known English text, a decimal point in a figure or an ISO date (those are
for machine formats: JSON and bundles).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from inspect_tui.cli import main
from inspect_tui.i18n import language

REPO = Path(__file__).resolve().parents[2]
SAMPLE = REPO / "sample.db"

KNOWN_ENGLISH = (
    "Error",
    "Warning",
    "Wrote",
    "Imported",
    "Dry run",
    "nothing changed",
    "already existed",
    "created",
    "bundle",
    "device",
    "changes",
    "signed by",
    "valid",
    "revisions",
    "personal data",
    "unencrypted",
    "attachment files",
    "No open conflicts",
    "open conflict",
    "Signing key",
    "Central key",
    "Roster",
    "not set",
    "none pinned",
    "items",
    "persons",
    "rows",
    "sites",
    "units",
    "occupants",
    "answers",
    "reviews",
    "Missing",
    "No such",
    "Choose from",
    "Invalid value",
    "see:",
    "is not a date",
    "no database at",
    "Inspection report",
    "Summary",
    "Findings",
    "Sign-off",
    "critical",
    "serious",
    "minor",
    "Input should",
)
"""English the Dutch command line must not print (whole words, case-sensitive)."""

_COMMAND = re.compile(r"inspect-tui(?: [^\s;)]+)*")
"""A command quoted in a message (`inspect-tui --db X findings`): its words are the command's own."""


def english_in(output: str, *allowed: str, figures: bool = True) -> set[str]:
    """Known English, figures with a decimal point (unless the output holds free text that may have
    them, such as a finding's description) and ISO dates in ``output``."""
    text = _COMMAND.sub("", output)
    for word in allowed:  # paths and ids the test itself made
        text = text.replace(word, "")
    found = {word for word in KNOWN_ENGLISH if re.search(rf"(?<![\w.-]){re.escape(word)}(?![\w-])", text)}
    if figures:
        found |= set(re.findall(r"(?<![\w./-])\d{1,3}\.\d+ ?(?:m²|m2|m³|l\b|%|kB)", text))
    found |= set(re.findall(r"(?<![/\w-])20\d\d-\d\d-\d\d(?![\w-])", text))
    return found


@pytest.fixture(autouse=True)
def _no_user_database(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Never touch the real default database or settings from a test; no Dutch from the locale."""
    monkeypatch.setenv("INSPECT_TUI_DB", str(tmp_path / "default.db"))
    monkeypatch.setenv("INSPECT_TUI_CONFIG", str(tmp_path / "config"))
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    copy = tmp_path / "demo.db"
    shutil.copy(SAMPLE, copy)
    return copy


def run(*args: str) -> Result:
    result = CliRunner().invoke(main, list(args), prog_name="inspect-tui")
    assert language() == "en", "a command leaves the interface language as it found it"
    return result


def one_line(result: Result, code: int) -> str:
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, f"expected one line, got {lines}"
    return lines[0]


@pytest.mark.parametrize(
    ("args", "lang"),
    [
        (["--lang", "nl", "stats"], "nl"),
        (["--lang=nl", "stats"], "nl"),
        (["--db", "x.db", "--lang", "nl", "stats"], "nl"),
        (["--db=x.db", "--lang", "nl"], "nl"),
        (["--db", "--lang", "stats"], None),  # --db takes "--lang" as its file: no language given
        (["stats", "--lang", "nl"], None),  # a subcommand's own --lang is its own
        (["--lang", "de", "stats"], None),
        (["--lang"], None),
        (["--lang", "nl", "--lang", "en", "delete"], "en"),  # the last, as click takes it (was the first)
        (["--lang", "en", "--db", "x.db", "--lang=nl", "delete"], "nl"),
        (["--lang", "nl", "--lang", "de", "stats"], "nl"),  # click refuses "de": said in Dutch
    ],
)
def test_the_language_is_read_ahead(args: list[str], lang: str | None) -> None:
    from inspect_tui.cli.context import language_in

    assert language_in(args) == lang


@pytest.mark.parametrize(
    "args", [["--lang", "nl", "--help"], ["--lang", "nl", "--version"], ["--lang", "nl", "list", "--help"]]
)
def test_help_and_version_leave_the_language_as_it_was(args: list[str]) -> None:
    result = run(*args)  # run() checks the language afterwards
    assert result.exit_code == 0 and result.output.strip()


def test_the_check_finds_english() -> None:
    assert english_in("Wrote /tmp/x.zip") == {"Wrote"}
    assert english_in("Fout: geen database op x; maak er een met: inspect-tui --db x init") == set()
    assert english_in("Geschreven: 2,4 kB · 12-10-2026") == set()
    assert english_in("9.6 m² · 2026-10-12") == {"9.6 m²", "2026-10-12"}
    assert english_in("lijst: inspect-tui --db x.db list findings") == set()


def _first_inspection(db: Path) -> str:
    listed = run("--db", str(db), "list", "inspections", "--json")
    assert listed.exit_code == 0, listed.output
    return str(json.loads(listed.output)[0]["id"])


def test_every_command_in_dutch(sample: Path, tmp_path: Path) -> None:
    db = str(sample)
    bundle = tmp_path / "dag.zip"
    inspection = _first_inspection(sample)
    commands = [
        ["init"],
        ["stats"],
        ["checklists", "list"],
        ["checklists", "show", "snf"],
        ["checklists", "show", "akf"],
        ["checklists", "validate", str(REPO / "inspect_tui" / "checklists" / "snf.json")],
        ["conflicts"],
        ["keys"],
        ["keys", "roster", "show"],
        ["list", "inspections"],
        ["list", "sites"],
        ["list", "findings"],
        ["findings", "--open", "--format", "md"],
        ["findings", "--from", "16-11-2026", "--to", "20-11-2026", "--format", "md"],
        ["findings", "--overdue", "--format", "csv", "--excel"],
        ["report", inspection, "--format", "md"],
        ["report", inspection, "--format", "md", "--out", str(tmp_path / "rapport.md")],
        ["export", "--all", "--out", str(bundle)],
        ["verify", str(bundle)],
        ["import", "--dry-run", str(bundle)],
    ]
    leaks = {}
    outputs = {}
    for args in commands:
        full = ["--lang", "nl", *(["--db", db] if args[0] not in ("checklists", "verify") else []), *args]
        result = run(*full)
        assert result.exit_code == 0, (args, result.output)
        assert result.output.strip(), args
        found = english_in(result.output, db, str(bundle), str(tmp_path))
        if found:
            leaks[" ".join(args)] = found
        outputs[" ".join(args[:2])] = result.output
    assert leaks == {}
    # the figures of the findings (not free text) with a decimal comma and Dutch units
    assert "| 7,9 m²/p |" in outputs["findings --open"] and "p/slaapkamer" in outputs["findings --open"]
    assert "p/bedroom" not in outputs["findings --open"]


def test_the_same_commands_in_english_are_caught(sample: Path) -> None:
    """The check sees English when there is English: the same output without --lang nl."""
    shown = run("--db", str(sample), "stats").output + run("--db", str(sample), "conflicts").output
    assert {"sites", "units", "No open conflicts"} <= english_in(shown, str(sample))


@pytest.mark.parametrize(
    ("args", "dutch"),
    [
        (["--db", "{tmp}/weg.db", "stats"], "Fout: geen database op {tmp}/weg.db; maak er een met:"),
        (["--db", "{db}", "findings", "--from", "31-02-2026"], "Fout: --from '31-02-2026' is geen datum"),
        (["--db", "{db}", "findings", "--format", "docx"], "Fout: onbekend formaat 'docx'"),
        (["--db", "{db}", "findings", "--from", "20-11-2026", "--to", "16-11-2026"], "Fout: --from 20-11-2026 ligt na"),
        (["--db", "{db}", "list", "sites", "--status", "open"], "Fout: --status 'open' past niet bij sites"),
        (["checklists", "validate", "{tmp}/weg.json"], "Fout: {tmp}/weg.json: bestand niet gevonden"),
        (["checklists", "validate", "{tmp}/dubbel.json"], "Fout: {tmp}/dubbel.json: sleutel 'id' komt twee keer voor"),
        (["--db", "{db}", "report", "abc", "--format", "md"], "Fout: geen inspectie met id 'abc'; geef het hele id"),
        (["--db", "{db}", "findings", "--open", "--site", "zzzzzzzz"], "Fout: geen locatie met een id dat begint met"),
    ],
)
def test_errors_in_dutch_are_one_line(sample: Path, tmp_path: Path, args: list[str], dutch: str) -> None:
    (tmp_path / "dubbel.json").write_text('{"id": "snf", "id": "akf"}', encoding="utf-8")
    template = json.loads((REPO / "inspect_tui" / "checklists" / "snf.json").read_text(encoding="utf-8"))
    first = template["items"][0]
    template["items"][0] = {
        **first,
        "id": "snf.x.y",
        "answer_type": "choice",
        "unit": None,
        "rule": None,
        "measure": None,
    }
    template["items"][0]["choices"] = [{"value": "a", "text_nl": "A", "text_en": "A"}]
    (tmp_path / "punt.json").write_text(json.dumps(template), encoding="utf-8")
    filled = [a.replace("{tmp}", str(tmp_path)).replace("{db}", str(sample)) for a in args]
    line = one_line(run("--lang", "nl", *filled), 1)
    assert line.startswith(dutch.replace("{tmp}", str(tmp_path))), line
    assert english_in(line, str(tmp_path), str(sample), *filled) == set(), line  # the arguments as typed


def test_a_validation_message_from_the_domain_is_dutch() -> None:
    """A rule of the domain (a bad postcode typed on import of a template …) speaks the interface language."""
    from pydantic import BaseModel, ValidationError

    from inspect_tui.domain.base import describe_error
    from inspect_tui.domain.models import Occupant, Site
    from inspect_tui.i18n import using

    cases: list[tuple[type[BaseModel], dict[str, Any], str]] = [
        (Site, {"name": "X", "postcode": "0123 AB"}, "een postcode is vier cijfers"),
        (Site, {"name": "X", "postcode": "1234 SS"}, "de postcodeletters SS worden nooit gebruikt"),
        (Site, {"name": "X", "operator_kvk": "123"}, "een KvK-nummer heeft 8 cijfers"),
        (Site, {"name": "X", "house_letter": "AB"}, "een huisletter is één letter"),
        (Site, {"name": "X\x1b[31m"}, "een stuurteken (U+001B) is niet toegestaan"),
        (
            Occupant,
            {"site_id": "0b3c9d2e-5f1a-4c7e-9a2b-3d4e5f6a7b8c", "name": "A", "bsn": "123456789"},
            "voldoet niet aan de 11-proef",
        ),
        (
            Occupant,
            {"site_id": "0b3c9d2e-5f1a-4c7e-9a2b-3d4e5f6a7b8c", "name": "A", "date_of_birth": "1850-01-01"},
            "een geboortedatum ligt tussen 01-01-1900 en vandaag",
        ),
        (Site, {"name": "X", "id": "ABC"}, "een id is een UUID"),
    ]
    for model, data, expected in cases:
        with using("nl"):
            with pytest.raises(ValidationError) as caught:
                model.model_validate(data)
            dutch = describe_error(caught.value)
        assert expected in dutch, dutch
        assert "Value error" not in dutch
        with pytest.raises(ValidationError) as again:  # the same input in English: the rule's English text
            model.model_validate(data)
        assert describe_error(again.value) != dutch


def test_answers_are_refused_in_dutch() -> None:
    from inspect_tui.checklists import load_template
    from inspect_tui.domain.answers import AnswerRejected, normalise_value
    from inspect_tui.i18n import using

    items = {item.id: item for item in load_template("snf").items}
    toilets = next(item for item in items.values() if item.unit == "toilets")
    with using("nl"), pytest.raises(AnswerRejected) as caught:
        normalise_value(toilets, "veel")
    assert "is geen getal (toiletten)" in str(caught.value)


def test_the_language_switched_in_the_app_is_the_cli_default(tmp_path: Path, sample: Path) -> None:
    """The app remembers its language (settings.json); the CLI and its reports follow it unless --lang says."""
    from inspect_tui.settings import default_settings_path, save_settings

    assert one_line(run("--db", str(sample), "conflicts"), 0) == "No open conflicts."
    save_settings(default_settings_path(), lang="nl")
    assert one_line(run("--db", str(sample), "conflicts"), 0) == "Geen open conflicten."
    report = run("--db", str(sample), "findings", "--open", "--format", "md")
    assert "| Zwaarte |" in report.output
    assert one_line(run("--lang", "en", "--db", str(sample), "conflicts"), 0) == "No open conflicts."
    english = run("--db", str(sample), "findings", "--open", "--format", "md", "--lang", "en")
    assert "| Severity |" in english.output


# --- item 6 of the issue: the default database, usage errors, shell completion ------------------


def test_stats_on_a_missing_default_database_errors_as_with_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No $INSPECT_TUI_DB: the default database in the user data folder; missing is the same one line."""
    monkeypatch.delenv("INSPECT_TUI_DB")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    from inspect_tui.cli.context import default_db_path

    default = default_db_path()
    assert str(default).startswith(str(tmp_path / "data"))
    without = one_line(run("stats"), 1)
    named = one_line(run("--db", str(default), "stats"), 1)
    assert without == named == f"Error: no database at {default}; create one with: inspect-tui --db {default} init"
    for command in (["list", "sites"], ["findings", "--open"], ["report", "12345678"]):
        assert one_line(run(*command), 1) == without, command
    assert not default.exists() and not default.parent.exists(), "reading never creates the default database"


@pytest.mark.parametrize(
    "args",
    [
        ["bogus"],
        ["stats", "--bogus"],
        ["--lang", "de", "stats"],
        ["--db"],
        ["list"],
        ["list", "everything"],
        ["checklists", "show"],
        ["checklists", "show", "snf", "akf"],
        ["findings", "--date"],
        ["import", "--keep-snapshots", "nul", "x.zip"],
        ["keys", "roster", "add"],
    ],
)
@pytest.mark.parametrize("lang", ["en", "nl"])
def test_usage_errors_are_one_line(args: list[str], lang: str) -> None:
    """As the README promises: one line naming the --help to read, exit code 2; in Dutch too."""
    result = run("--lang", lang, *args)
    line = one_line(result, 2)
    if lang == "en":
        assert line.startswith("Error: ") and re.search(r"\(see: inspect-tui[\w -]* --help\)$", line), line
    else:
        assert line.startswith("Fout: ") and re.search(r"\(zie: inspect-tui[\w -]* --help\)$", line), line
        assert english_in(line, *args, "inspections", "sites", "findings") == set(), line  # values as typed


def test_shell_completion_as_the_readme_says(tmp_path: Path) -> None:
    """The README's lines work: the script for each shell, and completions even when $INSPECT_TUI_DB is ready."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for shell in ("bash", "zsh", "fish"):
        assert f"_INSPECT_TUI_COMPLETE={shell}_source inspect-tui" in readme
    ready = tmp_path / "ready.db"
    shutil.copy(SAMPLE, ready)
    starter = "import sys; sys.argv[0] = 'inspect-tui'; from inspect_tui.launch import main; main()"
    env = {**os.environ, "INSPECT_TUI_DB": str(ready), "_INSPECT_TUI_COMPLETE": "bash_source"}
    script = subprocess.run(
        [sys.executable, "-c", starter], env=env, capture_output=True, text=True, timeout=60, check=False
    )
    assert script.returncode == 0 and "_inspect_tui_completion()" in script.stdout, script.stdout[:300]
    env |= {"_INSPECT_TUI_COMPLETE": "bash_complete", "COMP_WORDS": "inspect-tui list ", "COMP_CWORD": "2"}
    words = subprocess.run(
        [sys.executable, "-c", starter], env=env, capture_output=True, text=True, timeout=60, check=False
    )
    assert words.stdout.split() == ["plain,inspections", "plain,sites", "plain,findings"], words.stdout
