"""The click entry point; each group of subcommands lives in its own module."""

from __future__ import annotations

from pathlib import Path

import click

from inspect_tui import __version__
from inspect_tui.cli.context import CliContext, FriendlyGroup, default_db_path


@click.group(cls=FriendlyGroup, invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--db",
    "db_path",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Database file (default: $INSPECT_TUI_DB or inspect.db in your user data folder).",
)
@click.option("--lang", type=click.Choice(["en", "nl"]), default=None, help="Interface language.")
@click.version_option(__version__, prog_name="inspect-tui")
@click.pass_context
def main(ctx: click.Context, db_path: Path | None, lang: str | None) -> None:
    """Inspect labour-migrant housing and workplaces, offline.

    Without a subcommand it opens the terminal app on the database.
    """
    ctx.obj = CliContext(db_path=db_path or default_db_path(), explicit=db_path is not None, lang=lang)
    if ctx.invoked_subcommand is None:
        from inspect_tui.cli.app import run_app

        run_app(ctx.obj)


def _register() -> None:
    from inspect_tui.cli import core

    for command in core.COMMANDS:
        main.add_command(command)
    from inspect_tui.cli import sample

    for command in sample.COMMANDS:
        main.add_command(command)
    try:
        from inspect_tui.cli import sync
    except ImportError:
        pass
    else:
        for command in sync.COMMANDS:
            main.add_command(command)
    try:
        from inspect_tui.cli import reports
    except ImportError:
        pass
    else:
        for command in reports.COMMANDS:
            main.add_command(command)


_register()
