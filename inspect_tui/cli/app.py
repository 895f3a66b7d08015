"""Starting the terminal app from the command line."""

from __future__ import annotations

from inspect_tui.cli.context import CliContext, UserError
from inspect_tui.store import StoreError


def run_app(ctx: CliContext) -> None:
    """Open the database first (so a bad path is one clear line), then run the app."""
    try:
        ctx.open().close()
    except StoreError as exc:
        raise UserError(str(exc)) from None
    from inspect_tui.tui.app import make_app

    make_app(ctx.db_path, lang=ctx.lang).run()
