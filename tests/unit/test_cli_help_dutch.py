"""`--help` in the interface language: every text of the command tree has a Dutch entry, and the
Dutch help of every command holds no known English (click's own words included)."""

from __future__ import annotations

import inspect
import re
from collections.abc import Iterator
from pathlib import Path

import click
import pytest
from babel.messages.pofile import read_po
from click.testing import CliRunner

from inspect_tui.cli import main
from inspect_tui.cli.help_text import CLICK_WORDS, METAVARS, HelpCommand, metavars, param_help, short_help
from inspect_tui.i18n import LOCALE_DIR, language, using
from inspect_tui.i18n.extract import messages_in

PO = LOCALE_DIR / "nl" / "LC_MESSAGES" / "inspect_tui.po"

HELP_ENGLISH = (
    "Usage",
    "Options",
    "Commands",
    "Positional arguments",
    "Show this message",
    "Show the version",
    "default",
    "required",
    "env var",
    "the",
    "The",
    "and",
    "with",
    "this",
    "for",
    "Only",
    "Write",
    "Show",
    "List",
    "File",
    "file",
    "OPTIONS",
    "COMMAND",
    "ARGS",
    "TEXT",
    "FILE",
    "PATH",
    "INTEGER",
    "DIRECTORY",
    "DATE",
    "NAME",
    "BUNDLES",
    "TEMPLATE_ID",
)
"""English that Dutch help must not show (whole words; options such as --from are not words)."""


def english_in_help(text: str) -> set[str]:
    return {w for w in HELP_ENGLISH if re.search(rf"(?<![\w$<./-]){re.escape(w)}(?![\w-])", text)}


def dutch_catalog() -> dict[str, str]:
    with PO.open("rb") as f:
        return {m.id: str(m.string) for m in read_po(f) if m.id and isinstance(m.id, str)}


def command_tree() -> Iterator[tuple[list[str], click.Command, click.Context]]:
    """Every command and group of `inspect-tui`, with a context to render its help in."""

    def walk(
        command: click.Command, path: list[str], parent: click.Context | None
    ) -> Iterator[tuple[list[str], click.Command, click.Context]]:
        ctx = click.Context(command, info_name=path[-1], parent=parent)
        yield path, command, ctx
        if isinstance(command, click.Group):
            for name in command.list_commands(ctx):
                sub = command.get_command(ctx, name)
                assert sub is not None, name
                yield from walk(sub, [*path, name], ctx)

    yield from walk(main, ["inspect-tui"], None)


ALL_COMMANDS = [path[1:] for path, _c, _x in command_tree()]


def test_the_walk_sees_every_command() -> None:
    names = {" ".join(path) for path in ALL_COMMANDS}
    assert len(names) > 30
    assert {"central intake", "keys roster add", "list", "findings", "report", "checklists validate"} <= names


def test_every_help_text_has_a_dutch_entry() -> None:
    """Each command's help and short help, each option's help and each placeholder is in the catalog."""
    catalog = dutch_catalog()
    missing: dict[str, str] = {}
    for path, command, ctx in command_tree():
        where = " ".join(path)
        assert isinstance(command, HelpCommand), f"{where}: give it cls=HelpCommand (or HelpGroup)"
        texts = [command.help, command.short_help, command.epilog]
        for param in command.get_params(ctx):
            texts.append(getattr(param, "help", None))
            record = param.get_help_record(ctx)
            if record is not None:
                texts += re.findall(r"(?<![\w-])[A-Z][A-Z_]*(?: RANGE)?(?![\w-])", record[0])
        texts += re.findall(r"(?<![\w-])[A-Z][A-Z_]*(?: RANGE)?(?![\w-])", " ".join(command.collect_usage_pieces(ctx)))
        for text in texts:
            if text:
                clean = inspect.cleandoc(text)
                if not catalog.get(clean):
                    missing[clean] = where
    for word in (*CLICK_WORDS, *METAVARS):
        if not catalog.get(word):
            missing[word] = "click"
    assert missing == {}


def test_the_check_finds_a_help_text_without_dutch() -> None:
    """A command whose help has no catalog entry: the walk's check would name it."""
    catalog = dutch_catalog()
    command = HelpCommand("x", help="Frobnicate the widgets.", params=[click.Option(["--n"], help="How many.")])
    assert not catalog.get("Frobnicate the widgets.") and not catalog.get("How many.")
    with using("nl"):
        shown = command.get_help(click.Context(command, info_name="x"))
    assert "Frobnicate the widgets." in shown  # untranslated text stays English (and the test above fails)
    assert "Gebruik:" in shown and "Opties:" in shown and "--n TEKST" in shown


@pytest.mark.parametrize("path", ALL_COMMANDS, ids=lambda p: " ".join(p) or "inspect-tui")
def test_dutch_help_of_every_command(path: list[str]) -> None:
    result = CliRunner().invoke(main, ["--lang", "nl", *path, "--help"], prog_name="inspect-tui")
    assert language() == "en"
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Gebruik: inspect-tui"), result.output
    assert "Opties:" in result.output
    assert english_in_help(result.output) == set(), result.output
    english = CliRunner().invoke(main, ["--lang", "en", *path, "--help"], prog_name="inspect-tui")
    assert english.output.startswith("Usage: inspect-tui")
    assert {"Usage", "Options", "Show this message"} <= english_in_help(english.output)  # the check sees English


def test_help_is_english_by_default_and_follows_the_locale_and_the_app(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("INSPECT_TUI_CONFIG", str(tmp_path / "config"))
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    runner = CliRunner()
    assert runner.invoke(main, ["export", "--help"]).output.startswith("Usage: ")
    monkeypatch.setenv("LANG", "nl_NL.UTF-8")
    shown = runner.invoke(main, ["export", "--help"]).output
    assert shown.startswith("Gebruik: ") and "Een ondertekende bundel schrijven" in shown
    monkeypatch.delenv("LANG")
    from inspect_tui.settings import default_settings_path, save_settings

    save_settings(default_settings_path(), lang="nl")
    assert "[verplicht]" in runner.invoke(main, ["export", "--help"]).output
    assert runner.invoke(main, ["--lang", "en", "export", "--help"]).output.startswith("Usage: ")


def test_version_in_dutch() -> None:
    from inspect_tui import __version__

    dutch = CliRunner().invoke(main, ["--lang", "nl", "--version"])
    assert dutch.output.strip() == f"inspect-tui, versie {__version__}"
    assert (
        CliRunner().invoke(main, ["--lang", "en", "--version"]).output.strip() == f"inspect-tui, version {__version__}"
    )


def test_click_extras_and_placeholders_in_dutch() -> None:
    option = click.Option(["--jobs"], type=click.IntRange(1, 8), default=2, show_default=True, help="How many.")
    required = click.Option(["--out"], type=click.Path(), required=True, help="Bundle file to write (or a folder).")
    command = HelpCommand("x", params=[option, required])
    ctx = click.Context(command, info_name="x")
    with using("nl"):
        assert param_help(option, ctx) == ("--jobs GETAL", "How many.  [standaard: 2; 1<=x<=8]")
        assert param_help(required, ctx) == ("--out PAD", "Bundelbestand om te schrijven (of een map).  [verplicht]")
        assert metavars("[OPTIONS] TEMPLATE_ID FILES...") == "[OPTIES] SJABLOON_ID BESTANDEN..."
        assert metavars("UNKNOWN_WORD") == "UNKNOWN_WORD"
    assert param_help(option, ctx) == ("--jobs INTEGER RANGE", "How many.  [default: 2; 1<=x<=8]")


def test_short_help_cuts_at_a_word() -> None:
    assert short_help("One sentence. Another one.", 45) == "One sentence."
    assert (
        short_help("A rather long first line that goes on and on, past the limit", 30) == "A rather long first line..."
    )
    assert len(short_help("word " * 40, 45)) <= 45


def test_a_missing_argument_is_named_as_the_dutch_help_names_it() -> None:
    result = CliRunner().invoke(main, ["--lang", "nl", "checklists", "show"])
    assert result.exit_code == 2
    assert "Ontbrekend argument 'SJABLOON_ID'" in result.output, result.output
    english = CliRunner().invoke(main, ["--lang", "en", "checklists", "show"])
    assert "Missing argument 'TEMPLATE_ID'" in english.output


def test_the_extractor_finds_the_help_texts() -> None:
    source = '''
@click.command("x")
@click.argument("roster_file")
@click.option("--when", metavar="DATE", help="The day.")
def x() -> None:
    """Do x.

    Then more."""

@group.command(short_help="Short.")
def y() -> None:
    """Why."""

def not_a_command() -> None:
    """Not help."""
'''
    found = {m for _l, _k, m in messages_in(source)}
    assert found == {"ROSTER_FILE", "DATE", "The day.", "Do x.\n\nThen more.", "Short.", "Why."}
