"""The click entry point; each group of subcommands lives in its own module."""

from __future__ import annotations

import importlib
import os
from pathlib import Path

import click

from inspect_tui.cli.context import ENV_DB, CliContext, FilePath, FriendlyGroup, default_db_path
from inspect_tui.cli.help_text import version_option
from inspect_tui.i18n import LANGUAGES

SUBCOMMANDS: dict[str, tuple[str, str]] = {
    "init": ("inspect_tui.cli.core", "init"),
    "stats": ("inspect_tui.cli.core", "stats"),
    "checklists": ("inspect_tui.cli.core", "checklists"),
    "export": ("inspect_tui.cli.sync", "export_command"),
    "verify": ("inspect_tui.cli.sync", "verify_command"),
    "import": ("inspect_tui.cli.sync", "import_command"),
    "keys": ("inspect_tui.cli.sync", "keys_group"),
    "conflicts": ("inspect_tui.cli.sync", "conflicts_command"),
    "report": ("inspect_tui.cli.reports", "report"),
    "findings": ("inspect_tui.cli.reports", "findings"),
    "list": ("inspect_tui.cli.listing", "list_command"),
    "make-sample": ("inspect_tui.cli.sample", "make_sample"),
    "central": ("inspect_tui.cli.central", "central_group"),
    "delete": ("inspect_tui.cli.records", "delete_command"),
}
"""Each subcommand and where it lives; a module is imported only when its command runs."""


class LazyGroup(FriendlyGroup):
    """Loads a subcommand's module on first use, so opening the app does not import them all."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(SUBCOMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        where = SUBCOMMANDS.get(cmd_name)
        if where is None:
            return None
        command = getattr(importlib.import_module(where[0]), where[1])
        assert isinstance(command, click.Command)
        return command


@click.group(cls=LazyGroup, invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--db",
    "db_path",
    type=FilePath(path_type=Path, dir_okay=False),
    default=None,
    help="Database file (default: $INSPECT_TUI_DB or inspect.db in your user data folder).",
)
@click.option("--lang", type=click.Choice(LANGUAGES), default=None, help="Interface language.")
@version_option
@click.pass_context
def main(ctx: click.Context, db_path: Path | None, lang: str | None) -> None:
    """Inspect labour-migrant housing and workplaces, offline.

    Without a subcommand it opens the terminal app on the database.
    """
    # A file named by --db or $INSPECT_TUI_DB must exist (a typo is said, not made a new database with
    # a new signing key); only the default in the user data folder is made on first use.
    named = db_path is not None or bool(os.environ.get(ENV_DB))
    ctx.obj = CliContext(db_path=db_path or default_db_path(), explicit=named, lang=lang)
    if ctx.invoked_subcommand is None:
        from inspect_tui.cli.app import run_app

        run_app(ctx.obj)
