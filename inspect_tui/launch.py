"""The `inspect-tui` command's entry point: opens the app at once when that is all it is asked.

Starting the app on a database that is ready needs neither the command-line framework nor
the subcommands, so `inspect-tui --db FILE [--lang en|nl]` goes straight to the app; anything
else (a subcommand, help, a database to create, migrate or complain about) goes through the
full command line, which checks it and reports any problem in one line. The read-only
commands go to ``inspect_tui.quick``. Nothing here is imported before it is needed (not even
``pathlib`` or ``typing``): this module is loaded by every run of the command.
"""

from __future__ import annotations

import os
import sys

TYPE_CHECKING = False
"""``typing.TYPE_CHECKING`` without importing typing (type checkers read the name as it)."""
if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

ENV_DB = "INSPECT_TUI_DB"
ENV_COMPLETE = "_INSPECT_TUI_COMPLETE"
"""Set by the shell when it asks for completions (README: shell completion): never open the app then."""
LANGUAGES = ("en", "nl")
"""The same as ``inspect_tui.i18n.LANGUAGES`` (not imported here, to start the app sooner; a test checks)."""


def global_options(args: list[str]) -> tuple[str | None, str | None, list[str]] | None:
    """(--db value, --lang value, the rest) when args start with only the global --db/--lang
    options (each at most once, a known language), else None; the rest starts at the first
    argument that is not an option."""
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
    return db, lang, rest


def app_only(args: list[str], environ: dict[str, str] | None = None) -> tuple[Path, str | None] | None:
    """(database, language) when args only open the app on a named database, else None."""
    from pathlib import Path

    env = os.environ if environ is None else environ
    if env.get(ENV_COMPLETE):
        return None  # the shell asks for completions: the command line answers them
    found = global_options(args)
    if found is None or found[2]:
        return None
    db = found[0] or env.get(ENV_DB) or None
    return None if db is None else (Path(db), found[1])


def ready(path: Path) -> bool:
    """An existing inspect-tui database with every migration applied (checked without sqlite-utils)."""
    import sqlite3

    from inspect_tui.store.fileformat import is_current, is_sqlite_file

    try:
        if not path.is_file() or not is_sqlite_file(path):
            return False
    except OSError:  # a name too long, say: the command line says what is wrong
        return False
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error:
        return False
    try:
        return bool(is_current(conn))
    finally:
        conn.close()


def answered(answer: Callable[[], bool]) -> bool:
    """Run a read-only command's answer as the last thing the process does (see ``quick``).

    Its rows live until the process ends, so the garbage collector is paused while they are
    made (its passes would only walk them), and once the answer is written they are frozen
    (``gc.freeze``), so that the collection at the interpreter's exit does not walk them either:
    some 2 ms of a `findings` run. The collector runs again afterwards, as before."""
    import gc

    gc.disable()
    try:
        done = answer()
    finally:
        gc.enable()
    if done:
        gc.freeze()
    return done


def run_app(db: Path, lang: str | None, settings: Path | None) -> None:
    """Run the terminal app, with the garbage collector paused while it starts.

    Until the home lists are painted nearly every object made (Textual's modules and classes,
    the stylesheets, the screen's widgets) lives as long as the app, and the collector's passes
    over them were some 40-70 ms of the start-up. The app enables it again once they are
    painted (``InspectApp._collector_back``); here it is enabled again whatever happens."""
    import gc

    gc.disable()
    try:
        from inspect_tui.tui.app import make_app

        make_app(db, lang=lang, settings_path=settings, collector_paused=True).run()
    finally:
        gc.enable()


def undecodable(args: list[str]) -> str | None:
    """The first argument holding bytes that are not UTF-8 (the shell passed them as they were typed
    or named), or None. Python keeps such bytes as surrogates, which no message can print; the full
    command line says so in one line (``cli.context.refuse_undecodable``)."""
    for arg in args:
        try:
            arg.encode("utf-8")
        except UnicodeEncodeError:
            return arg
    return None


def main() -> None:
    """Run `inspect-tui` with the process's arguments.

    Ctrl-C ends it as the full command line does (click's Abort): an empty line and "Aborted!" on
    stderr, exit code 1, never a traceback, also while a read-only command is answered here."""
    try:
        _main()
    except KeyboardInterrupt:
        from gettext import gettext  # click's own words for it, as click says them

        sys.stderr.write("\n" + gettext("Aborted!") + "\n")
        sys.stderr.flush()
        raise SystemExit(1) from None


def _main() -> None:
    args = sys.argv[1:]
    found = None if undecodable(args) is not None else global_options(args)  # the command line says what is wrong
    if found is not None and not found[2]:  # only global options: the app, when its database is ready
        app = app_only(args)
        if app is not None and ready(app[0]):
            from pathlib import Path

            from inspect_tui.config_place import settings_file

            run_app(app[0], app[1], Path(settings_file()))
            return
    elif found is not None:  # a subcommand: a read-only one is answered without the command line
        from inspect_tui.quick import quick_command

        answer = quick_command(args)
        if answer is not None and answered(answer):
            return
    from inspect_tui.cli import main as command_line

    command_line()
