"""Starting the terminal app from the command line."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from inspect_tui.cli.context import CliContext, UserError
from inspect_tui.i18n import _
from inspect_tui.store.errors import StoreError
from inspect_tui.store.fileformat import is_current, is_sqlite_file


def _ready(path: Path) -> bool:
    """An inspect-tui database with every migration applied (checked without sqlite-utils)."""
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error:
        return False
    try:
        return is_current(conn)
    finally:
        conn.close()


def run_app(ctx: CliContext) -> None:
    """Check the database first (so a bad path is one clear line), then run the app.

    An existing database file is only checked by its header here; the app opens the store
    (and applies any migration) in the background, so the first screen paints sooner.
    """
    path = ctx.db_path
    if path.is_dir():
        raise UserError(_("{path} is a folder, not a database file").format(path=path))
    if path.exists() and path.stat().st_size > 0 and not is_sqlite_file(path):
        raise UserError(_("{path} is not an inspect-tui database (it is not an SQLite file)").format(path=path))
    if not path.exists() or not _ready(path):
        try:
            ctx.open().close()
        except StoreError as exc:
            raise UserError(str(exc)) from None
    from inspect_tui.launch import run_app
    from inspect_tui.settings import default_settings_path

    run_app(path, ctx.lang, default_settings_path())
