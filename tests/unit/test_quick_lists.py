"""`stats`, `findings` and `list` answered without click, pydantic or the checklists: the same
bytes as the full command line, in English and Dutch, in every format, on the sample database
and on a generated one; every form the quick path does not answer exactly is left to the
command line; the light helpers it uses agree with the ones the full command uses."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlite_utils import Database

from inspect_tui.cli import main as cli
from inspect_tui.i18n import using
from inspect_tui.quick import config_folder, count_text, quick_command, remembered_language
from inspect_tui.store import open_db

ROOT = Path(__file__).resolve().parents[2]
GENERATE = ROOT / "bench" / "generate.py"


def _ready(path: Path) -> Path:
    db = open_db(path)  # brought up to date, as the app would
    db.close()
    return path


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("quick") / "sample.db"
    shutil.copy(ROOT / "sample.db", path)
    return _ready(path)


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("quick") / "generated.db"
    size = ("--sites", "12", "--inspections", "120", "--answers-per", "12", "--seed", "5")
    subprocess.run(
        [sys.executable, str(GENERATE), *size, "--out", str(path), "--quiet"],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return _ready(path)


def _facts(path: Path) -> tuple[str, str, str, str]:
    """(busiest day, first day, last day, its busiest inspector) of a database."""
    connection = sqlite3.connect(path)
    try:
        day, first, last = connection.execute(
            "SELECT (SELECT substr(started_at, 1, 10) AS d FROM inspections GROUP BY d ORDER BY COUNT(*) DESC LIMIT 1),"
            " MIN(substr(started_at, 1, 10)), MAX(substr(started_at, 1, 10)) FROM inspections"
        ).fetchone()
        (inspector,) = connection.execute(
            "SELECT inspector FROM inspections WHERE substr(started_at, 1, 10) = ? GROUP BY inspector "
            "ORDER BY COUNT(*) DESC LIMIT 1",
            [day],
        ).fetchone()
    finally:
        connection.close()
    return str(day), str(first), str(last), str(inspector)


def _forms(path: Path) -> Iterator[list[str]]:
    day, first, last, inspector = _facts(path)
    dutch_day = dt.date.fromisoformat(day).strftime("%d-%m-%Y")
    yield ["stats"]
    yield ["stats", "--json"]
    yield ["findings"]
    yield ["findings", "--date", day]
    yield ["findings", "--date", day, "--format", "csv"]
    yield ["findings", "--date", day, "--format", "json"]
    yield ["findings", "--date", day, "--excel"]
    yield ["findings", f"--date={dutch_day}", "--format=MD"]
    yield ["findings", "--date", day, "--lang", "nl"]
    yield ["findings", "--date", day, "--lang", "en", "--out", "-"]
    yield ["findings", "--open"]
    yield ["findings", "--overdue", "--format", "csv"]
    yield ["findings", "--from", first]
    yield ["findings", "--from", first, "--to", last, "--inspector", inspector.upper(), "--format", "json"]
    yield ["findings", "--to", day, "--open", "--excel", "--format", "csv"]
    yield ["list", "inspections"]
    yield ["list", "sites"]
    yield ["list", "findings"]
    yield ["list", "--json", "inspections"]
    yield ["list", "sites", "--site", "a", "--json"]
    yield ["list", "sites", "--from", day, "--to", day, "--inspector", inspector]
    yield ["list", "findings", "--status", "overdue"]
    yield ["list", "findings", "--status", "Open", "--json"]
    yield ["list", "inspections", "--from", first, "--to", last, "--status", "approved"]
    yield ["list", "findings", "--from", day, "--to", day, "--inspector", inspector, "--json"]


def _full(args: list[str]) -> bytes:
    result = CliRunner().invoke(cli, args, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout_bytes


def _quick(args: list[str], capsysbinary: pytest.CaptureFixture[bytes]) -> bytes:
    runner = quick_command(args, environ=dict(os.environ))
    assert runner is not None, f"the quick path does not answer {args}"
    capsysbinary.readouterr()
    assert runner(), f"the quick path gave {args} back to the command line"
    return capsysbinary.readouterr().out


@pytest.mark.parametrize("which", ["sample", "generated"])
@pytest.mark.parametrize("lang", ["en", "nl"])
def test_the_quick_path_prints_what_the_command_line_prints(
    which: str, lang: str, request: pytest.FixtureRequest, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    path: Path = request.getfixturevalue(which)
    forms = list(_forms(path))
    for form in forms:
        args = ["--db", str(path), "--lang", lang, *form]
        full = _full(args)
        assert _quick(args, capsysbinary) == full, f"{form} differs"
    assert any(b"|" in _full(["--db", str(path), "--lang", lang, *f]) for f in forms if f[0] == "findings")


def test_the_language_comes_from_the_app_settings_then_the_locale(
    sample: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    monkeypatch.setenv("INSPECT_TUI_CONFIG", str(tmp_path))
    day = _facts(sample)[0]
    cases = (
        (None, "nl_NL.UTF-8", "nl"),
        ({"lang": "nl"}, "C.UTF-8", "nl"),
        ({"lang": "en"}, "nl_NL.UTF-8", "en"),
        ({"lang": "xx"}, "nl_BE", "nl"),
        ({"lang": "xx"}, "de_DE", "en"),
    )
    for settings, locale, expected in cases:
        monkeypatch.setenv("LC_ALL", locale)
        if settings is not None:
            (tmp_path / "settings.json").write_text(json.dumps(settings), encoding="utf-8")
        for form, dutch, english in (
            (["findings", "--date", day], b"# Bevindingen", b"# Findings"),
            (["list", "sites"], b"Naam", b"Name"),
            (["stats"], b"locaties", b"sites"),
        ):
            args = ["--db", str(sample), *form]
            quick = _quick(args, capsysbinary)
            assert quick == _full(args)
            assert (dutch if expected == "nl" else english) in quick, (settings, locale, form)


def test_no_heavy_module_is_loaded(sample: Path) -> None:
    day = _facts(sample)[0]
    probe = (
        "import sys; from inspect_tui import launch; sys.argv = ['inspect-tui', *sys.argv[1:]]; launch.main(); "
        "heavy = ('click', 'pydantic', 'sqlite_utils', 'babel', 'platformdirs', 'inspect_tui.checklists', "
        "'inspect_tui.reports.collect', 'inspect_tui.domain.models'); "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in heavy or m in heavy), file=sys.stderr)"
    )
    env = {k: v for k, v in os.environ.items() if k != "INSPECT_TUI_CONFIG"}
    env["HOME"] = str(sample.parent)
    for form in (["findings", "--date", day], ["list", "findings", "--json"], ["list", "inspections"], ["stats"]):
        done = subprocess.run(
            [sys.executable, "-c", probe, "--db", str(sample), "--lang", "nl", *form],
            capture_output=True,
            text=True,
            timeout=60,
            env=env,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        assert done.stdout.strip()
        assert done.stderr.strip() == "[]", f"{form} loaded {done.stderr}"


@pytest.mark.parametrize(
    "form",
    [
        ["findings", "--help"],
        ["findings", "--site", "abc123"],
        ["findings", "--out", "x.csv"],
        ["findings", "--format", "xlsx"],
        ["findings", "--format", "pdf"],
        ["findings", "--date", "today", "--from", "2025-01-01"],
        ["findings", "--date", "31-02-2025"],
        ["findings", "--date", "2025-02-31"],
        ["findings", "--from", "2025-02-01", "--to", "2025-01-01"],
        ["findings", "--excel", "--format", "json"],
        ["findings", "--lang", "de"],
        ["findings", "--open", "--open"],
        ["findings", "--open=yes"],
        ["findings", "--inspector", "-x"],
        ["findings", "--inspector"],
        ["findings", "extra"],
        ["findings", "--"],
        ["findings", "-h"],
        ["list"],
        ["list", "rooms"],
        ["list", "sites", "findings"],
        ["list", "sites", "--status", "overdue"],
        ["list", "findings", "--status", "nope"],
        ["list", "sites", "--from", "morgen"],
        ["list", "sites", "--json", "--json"],
        ["list", "sites", "--lang", "nl"],
        ["list", "sites", "--help"],
        ["stats", "--help"],
        ["report", "abc123"],
    ],
)
def test_forms_the_quick_path_does_not_answer_go_to_the_command_line(sample: Path, form: list[str]) -> None:
    assert quick_command(["--db", str(sample), *form], environ={}) is None


def test_nothing_is_answered_while_the_shell_asks_for_completions(sample: Path) -> None:
    assert quick_command(["--db", str(sample), "stats"], environ={"_INSPECT_TUI_COMPLETE": "bash_complete"}) is None


def test_an_inspector_without_findings_that_day_is_left_to_the_command_line(
    sample: Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    day = _facts(sample)[0]
    runner = quick_command(["--db", str(sample), "findings", "--date", day, "--inspector", "Nobody"], environ={})
    assert runner is not None
    capsysbinary.readouterr()
    assert runner() is False, "the full command names that day's inspectors"
    assert capsysbinary.readouterr().out == b""


def test_text_with_control_characters_is_shown_as_the_command_line_shows_it(
    sample: Path, tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    path = tmp_path / "odd.db"
    shutil.copy(sample, path)
    connection = sqlite3.connect(path)
    with connection:
        site_id = connection.execute(
            "SELECT s.id FROM sites s JOIN inspections i ON i.site_id = s.id JOIN findings f ON f.inspection_id = i.id "
            "LIMIT 1"
        ).fetchone()[0]
        connection.execute(
            "UPDATE sites SET name = name || ?, house_letter = 'b', postcode = lower(replace(postcode, ' ', '')) "
            "WHERE id = ?",
            ["\x1b[31m\u202e", site_id],
        )
        day = connection.execute(
            "SELECT substr(started_at, 1, 10) FROM inspections WHERE site_id = ? "
            "AND id IN (SELECT inspection_id FROM findings) LIMIT 1",
            [site_id],
        ).fetchone()[0]
    connection.close()
    for form in (["findings", "--date", day], ["findings", "--date", day, "--format", "csv"], ["list", "findings"]):
        args = ["--db", str(path), *form]
        assert _quick(args, capsysbinary) == _full(args)
        assert b"\\x1b" in _full(args) and b"\x1b" not in _full(args)
    runner = quick_command(["--db", str(path), "list", "sites"], environ={})
    assert runner is not None
    capsysbinary.readouterr()
    assert runner() is False, "click strips escape codes from a table; the command line prints it"
    assert capsysbinary.readouterr().out == b""


def test_addresses_read_from_the_columns_are_the_validated_sites_addresses(sample: Path, tmp_path: Path) -> None:
    from inspect_tui.domain.models import Site
    from inspect_tui.reports.addresses import site_addresses
    from inspect_tui.reports.collect import records

    path = tmp_path / "addresses.db"
    shutil.copy(sample, path)
    connection = sqlite3.connect(path)
    ids = [r[0] for r in connection.execute("SELECT id FROM sites ORDER BY id")]
    odd = [
        "house_letter = 'a'",
        "house_addition = 'bis2'",
        "postcode = '1234ab'",
        "country = 'DE', postcode = '10115'",
        "street = ' ', city = 'Venlo\x1b'",
        "house_number = NULL, house_letter = NULL",
        "city = NULL",
    ]
    with connection:
        for site_id, change in zip(ids, odd, strict=False):
            connection.execute(f"UPDATE sites SET {change} WHERE id = ?", [site_id])
    db = Database(connection)
    light = site_addresses(db, ids)
    validated = {s.id: s.address_line() for s in records(db, Site, "SELECT * FROM sites", [])}
    connection.close()
    assert light == validated and len(light) == len(ids)


def test_counts_are_written_as_babel_writes_them() -> None:
    from inspect_tui.i18n.counts import count_text as babel_count

    for lang in ("en", "nl"):
        with using(lang):
            for n in (0, 7, 999, 1000, 12_345, 999_999, 2_453_270, 10**12, -1, -1234567):
                assert count_text(n, lang) == babel_count(n), (lang, n)


def test_figures_are_written_as_number_text_writes_them() -> None:
    import random

    from inspect_tui.reports.findings import figure_text
    from inspect_tui.reports.text import number_text

    rng = random.Random(3)
    values = [0.0, -0.0, 0.004, 0.005, 0.015, 1.0, 9.6, 10.005, 11.125, 999.995, 1234.5, 1e6, 1e15, 1e16, -2.5]
    values += [float("inf"), rng.uniform(-5, 5)] + [
        round(rng.uniform(0, 10 ** rng.randint(0, 9)), rng.randint(0, 4)) for _ in range(400)
    ]
    for lang in ("en", "nl"):
        with using(lang):
            for value in values:
                assert figure_text(value) == number_text(value, 2), (lang, value)


def test_the_config_folder_is_where_platformdirs_puts_it(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from platformdirs import user_config_dir

    for home, xdg in (("/home/eva", None), ("/home/eva/", ""), ("/root", "/srv/config"), ("/home/eva", "relative")):
        monkeypatch.setenv("HOME", home)
        if xdg is None:
            monkeypatch.delenv("XDG_CONFIG_HOME", raising=False)
        else:
            monkeypatch.setenv("XDG_CONFIG_HOME", xdg)
        assert config_folder(dict(os.environ)) == user_config_dir("inspect-tui", appauthor=False), (home, xdg)


def test_the_remembered_language_is_the_one_the_command_line_reads(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from inspect_tui.cli.context import remembered_language as cli_remembered

    monkeypatch.setenv("INSPECT_TUI_CONFIG", str(tmp_path))
    settings = tmp_path / "settings.json"
    for text in (None, '{"lang": "nl"}', '{"lang": "en", "theme": "x"}', '{"lang": "de"}', "[1]", "{", '"nl"'):
        if text is None:
            settings.unlink(missing_ok=True)
        else:
            settings.write_text(text, encoding="utf-8")
        assert remembered_language(dict(os.environ)) == cli_remembered(), text


def test_days_are_read_as_strptime_reads_them() -> None:
    from inspect_tui.reports.days import parse_day

    for text in (
        "2025-04-18",
        "2024-02-29",
        "18-04-2025",
        "1-4-2025",
        "2025-4-18",
        " 2025-04-18 ",
        "today",
        "gisteren",
    ):
        expected = None
        word = text.strip().lower()
        for pattern in ("%Y-%m-%d", "%d-%m-%Y"):
            try:
                expected = dt.datetime.strptime(word, pattern).date()
                break
            except ValueError:
                continue
        if word in ("today", "gisteren"):
            continue
        assert parse_day(text) == expected, text
    for bad in ("2025-02-30", "2025-13-01", "0000-01-01", "2025-04-18x", "18/04/2025", ""):
        with pytest.raises(ValueError):
            parse_day(bad)


def test_the_figure_units_table_is_what_the_checklists_make() -> None:
    from inspect_tui.checklists import ChecklistError, list_templates, load_template
    from inspect_tui.domain.norms import metric_unit
    from inspect_tui.reports.figure_units import FIGURE_UNITS, computed, figure_unit

    assert computed() == FIGURE_UNITS, "a template changed: paste `python -m inspect_tui.reports.figure_units` in"

    def from_template(item_id: str | None) -> str:  # what the findings export asked before
        if not item_id:
            return ""
        try:
            item = load_template(item_id.split(".", 1)[0]).item(item_id)
        except (ChecklistError, KeyError):
            return ""
        return metric_unit(item.rule.metric) if item.rule is not None else item.unit or ""

    ids = [item.id for template in list_templates() for item in template.items]
    for item_id in [*ids, None, "", "snf.no_such_item", "nowhere.x", "free"]:
        assert figure_unit(item_id) == from_template(item_id), item_id


def test_a_markdown_cell_without_specials_or_line_breaks_is_escaped_as_before() -> None:
    import random
    import re

    from inspect_tui.reports.md_table import md_escape

    special = re.compile(r"([\\`*_\[\]<>|#])")

    def before(text: str) -> str:
        lines = [special.sub(r"\\\1", line.strip()) for line in text.splitlines() if line.strip()]
        return "<br>".join(lines)

    rng = random.Random(11)
    alphabet = "ab Zé1 \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85\u2028\u2029\xa0\\`*_[]<>|#"
    texts = ["", " ", "Kamer 2", " Dorpsstraat 12 ", "a_b", "x\ny", "\u2028", "\x1f"]
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 12))) for _ in range(3000)]
    for text in texts:
        assert md_escape(text) == before(text), repr(text)
