"""Read-only commands answered without the command-line framework, when that is all they ask.

`inspect-tui --db FILE stats [--json]` on a ready database is a handful of COUNT(*) queries;
loading click and the subcommand modules would cost more than the queries on a large
database. ``launch.main`` asks ``quick_command`` first: it returns a runner only for exactly
that form (global ``--db``/``--lang`` as ``launch.app_only`` reads them, then ``stats``, then
at most ``--json``) on a database that needs no migration; anything else, help and every
error included, goes through the full command line, which prints the same output.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import sqlite3

ENV_DB = "INSPECT_TUI_DB"
LANGUAGES = ("en", "nl")


def _globals(args: list[str]) -> tuple[str | None, list[str], str | None] | None:
    """(--db value, the rest, --lang value) when args start with only --db/--lang options, else None."""
    db: str | None = None
    lang: str | None = None
    rest = list(args)
    while rest and rest[0].startswith("--"):
        name, sep, value = rest[0].partition("=")
        if name not in ("--db", "--lang"):
            return None
        rest.pop(0)
        if not sep:
            if not rest or rest[0].startswith("-"):
                return None
            value = rest.pop(0)
        if not value:
            return None
        if name == "--db":
            if db is not None:
                return None
            db = value
        else:
            if lang is not None or value not in LANGUAGES:
                return None
            lang = value
    return db, rest, lang


def language_of(lang: str | None, environ: dict[str, str] | os._Environ[str]) -> str:
    """The language the full command line would speak: ``--lang``, else the one last chosen in the
    app (settings.json), else the locale's; read without loading the translations."""
    if lang:
        return lang
    folder = environ.get("INSPECT_TUI_CONFIG")
    if not folder:
        from platformdirs import user_config_dir

        folder = user_config_dir("inspect-tui", appauthor=False)
    try:
        remembered = json.loads((Path(folder) / "settings.json").read_text(encoding="utf-8")).get("lang")
    except (OSError, ValueError, AttributeError):
        remembered = None
    if remembered in LANGUAGES:
        return str(remembered)
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        code = environ.get(name, "")[:2].lower()
        if code:
            return code if code in LANGUAGES else "en"
    return "en"


def quick_command(args: list[str], environ: dict[str, str] | None = None) -> Callable[[], bool] | None:
    """A runner for a read-only command the full command line would answer the same way, or None.

    The runner returns False when it could not answer after all (the database turned busy or
    damaged): the full command line then runs and reports it in its one-line way."""
    found = _globals(args)
    if found is None:
        return None
    db, rest, lang = found
    env = os.environ if environ is None else environ
    if not rest or rest[0] != "stats" or rest[1:] not in ([], ["--json"]):
        return None
    db = db or env.get(ENV_DB) or None
    if db is None:
        return None
    path = Path(db)
    connection = _ready(path)
    if connection is None:
        return None
    as_json = rest[1:] == ["--json"]
    spoken = "en" if as_json else language_of(lang, env)

    def run() -> bool:
        import sqlite3

        from inspect_tui.store.stats import record_counts

        try:
            counts = record_counts(cast_db(connection))
        except sqlite3.Error:
            return False
        finally:
            connection.close()
        if as_json:
            lines = [json.dumps(counts, indent=2)]
        elif spoken == "en":
            width = max(len(k) for k in counts)
            lines = [str(path), *(f"  {kind:<{width}}  {count:>9,}" for kind, count in counts.items())]
        else:  # the labels and figures of the interface language, as the full command line shows them
            from inspect_tui.i18n import using
            from inspect_tui.i18n.counts import count_text, kind_word

            with using(spoken):
                width = max(len(kind_word(k)) for k in counts)
                lines = [str(path), *(f"  {kind_word(k):<{width}}  {count_text(n):>9}" for k, n in counts.items())]
        sys.stdout.write("\n".join(lines) + "\n")
        sys.stdout.flush()
        return True

    return run


def cast_db(connection: sqlite3.Connection) -> Any:
    """A plain connection where the store's read functions take a database (they only execute)."""
    return connection


def _ready(path: Path) -> sqlite3.Connection | None:
    """A read-only connection to an up-to-date database, or None (the full command line decides)."""
    import sqlite3

    from inspect_tui.store.fileformat import is_current, is_sqlite_file

    if not path.is_file() or not is_sqlite_file(path):
        return None
    try:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        connection.execute("PRAGMA busy_timeout = 5000")
        if is_current(connection):
            return connection
        connection.close()
    except sqlite3.Error:
        return None
    return None
