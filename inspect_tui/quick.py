"""Read-only commands answered without the command-line framework, when that is all they ask.

`stats`, `findings` and `list` only read: on a large database loading click, sqlite-utils,
pydantic and the checklists would cost more than the queries. ``launch.main`` asks
``quick_command`` first: it returns a runner only for forms it answers exactly as the full
command line does (global ``--db``/``--lang`` as ``launch.global_options`` reads them, then the
subcommand with options it knows, see ``inspect_tui.quick_lists``), on a database that needs no
migration; anything else, help and every error included, goes through the full command line,
which prints the same output. The output is made by the same functions (``store.stats``,
``reports.findings``, ``reports.listing``) in the same interface language: the global
``--lang``, else the app's language (settings.json), else the locale's.
"""

from __future__ import annotations

import os
import sys

from inspect_tui.launch import ENV_COMPLETE, ENV_DB, LANGUAGES, TYPE_CHECKING, global_options

if TYPE_CHECKING:  # no typing, pathlib or collections.abc at run time: each costs a command more than its query
    import sqlite3
    from collections.abc import Callable
    from typing import Any

    Runner = Callable[[], bool]
    """Answers the command; False when it could not after all (nothing written): the full command line runs."""

    Answer = Callable[[Any], str | bytes | None]
    """Makes the output from a read-only connection: text as click.echo prints it, bytes as they
    are written, or None when only the full command line answers right (nothing is written then)."""

ENV_CONFIG = "INSPECT_TUI_CONFIG"
COMMANDS = ("stats", "findings", "list")


def quick_command(args: list[str], environ: dict[str, str] | None = None) -> Runner | None:
    """A runner for a read-only command the full command line would answer the same way, or None.

    The runner returns False when it could not answer after all (the database turned busy or
    damaged, or the answer needs what only the full command line does): the full command line
    then runs and answers, or reports the problem in its one-line way."""
    env = os.environ if environ is None else environ
    found = global_options(args)
    if found is None or env.get(ENV_COMPLETE):
        return None
    db, lang, rest = found
    if not rest or rest[0] not in COMMANDS:
        return None
    db = db or env.get(ENV_DB) or None
    if db is None:
        return None
    command, options = rest[0], rest[1:]
    if command == "stats":
        if options not in ([], ["--json"]):
            return None
        answer: Answer | None = _stats(db, as_json=bool(options))
    else:
        from inspect_tui.quick_lists import findings_answer, list_answer

        answer = (findings_answer if command == "findings" else list_answer)(options)
    if answer is None:
        return None
    connection = _ready(db)
    if connection is None:
        return None
    return _runner(connection, answer, lang, env)


def _runner(connection: sqlite3.Connection, answer: Answer, lang: str | None, env: Any) -> Runner:
    def run() -> bool:
        import sqlite3

        from inspect_tui.i18n import using

        try:
            with using(language_of(lang, env)):
                text = answer(connection)
        except sqlite3.Error:
            return False
        finally:
            connection.close()
        if text is None:
            return False
        try:
            return _write(text)
        except BrokenPipeError:  # `… | head` stopped reading: end quietly, as the full command line does
            _drop_output()
            raise SystemExit(1) from None
        except OSError:  # the output cannot be written (a full disk): the full command line says so
            return False

    return run


def _stats(db: str, *, as_json: bool) -> Callable[[Any], str]:
    def answer(connection: Any) -> str:
        from inspect_tui.store.stats import record_counts

        counts = record_counts(connection)
        if as_json:
            import json

            return json.dumps(counts, indent=2) + "\n"
        from inspect_tui.i18n import language
        from inspect_tui.i18n.counts import kind_word

        lang = language()
        width = max(len(kind_word(k)) for k in counts)
        lines = [path_text(db), *(f"  {kind_word(k):<{width}}  {count_text(n, lang):>9}" for k, n in counts.items())]
        return "\n".join(lines) + "\n"

    return answer


def path_text(db: str) -> str:
    """``str(Path(db))`` as the full command line prints the database's name; pathlib is loaded
    only for a name it would write otherwise (``./x.db``, ``a//b.db``, a trailing ``/``)."""
    parts = db.split("/")
    if parts[0] != "." and "" not in parts[1:] and "." not in parts:
        return db
    from pathlib import Path

    return str(Path(db))


def count_text(n: int, lang: str) -> str:
    """``i18n.counts.count_text`` without loading babel: a whole number with the language's
    thousands separator (``1,250`` in English, ``1.250`` in Dutch; a test checks they agree)."""
    text = f"{n:,}"
    return text.replace(",", ".") if lang == "nl" else text


def language_of(lang: str | None, environ: Any) -> str:
    """The language the full command line would speak: ``--lang``, else the one last chosen in the
    app (settings.json), else the locale's in ``environ``."""
    from inspect_tui.i18n import detect_language

    return lang or remembered_language(environ) or detect_language(environ)


def remembered_language(environ: Any = None) -> str | None:
    """The interface language the app was last switched to, as ``cli.context.remembered_language``
    reads it (settings.json in $INSPECT_TUI_CONFIG or the user's config folder), without loading
    the settings module."""
    env = os.environ if environ is None else environ
    try:
        folder = env.get(ENV_CONFIG) or config_folder(env)
        with open(os.path.join(folder, "settings.json"), encoding="utf-8") as handle:
            text = handle.read()
        import json  # only when there are settings to read

        data = json.loads(text)
    except (OSError, ValueError):
        return None
    except Exception:  # settings never stop a command
        return None
    lang = data.get("lang") if isinstance(data, dict) else None
    return lang if lang in LANGUAGES else None


def config_folder(environ: Any) -> str:
    """platformdirs' ``user_config_dir("inspect-tui", appauthor=False)``; on Linux worked out as it
    does (``$XDG_CONFIG_HOME`` when absolute, else ``$HOME/.config``) without importing it, which
    costs a command more than its query (a test checks they agree)."""
    home = environ.get("HOME", "")
    if sys.platform.startswith("linux") and home.startswith("/"):
        xdg = environ.get("XDG_CONFIG_HOME", "")
        base = xdg if xdg.startswith("/") else os.path.join(home.rstrip("/") or "/", ".config")
        return os.path.join(base, "inspect-tui")
    from platformdirs import user_config_dir

    return user_config_dir("inspect-tui", appauthor=False)


def _write(text: str | bytes) -> bool:
    """Print text as click.echo would, bytes as they are; False (nothing written) when click would
    print the text otherwise: with an escape character (click strips ANSI codes from output that
    is not a terminal), or characters the output's encoding cannot hold, or no output at all (the
    process started with its standard output closed: click then prints nothing)."""
    stream = sys.stdout
    if stream is None:
        return False
    if isinstance(text, bytes):
        binary = getattr(stream, "buffer", None)
        if binary is None:
            return False
        stream.flush()
        binary.write(text)
        binary.flush()
        return True
    if "\x1b" in text:
        return False
    try:
        text.encode(stream.encoding or "utf-8")
    except (UnicodeEncodeError, LookupError):
        return False
    stream.write(text)
    stream.flush()
    return True


def _drop_output() -> None:
    """Nothing more reaches the closed pipe: the interpreter's last flush would complain of it."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


def cast_db(connection: sqlite3.Connection) -> Any:
    """A plain connection where the store's read functions take a database (they only execute)."""
    return connection


def _ready(db: str) -> sqlite3.Connection | None:
    """A read-only connection to an up-to-date database, or None (the full command line decides)."""
    import sqlite3

    from inspect_tui.store.fileformat import is_current, is_sqlite_file

    if not os.path.isfile(db) or not is_sqlite_file(db):
        return None
    try:
        connection = sqlite3.connect(read_only_uri(db), uri=True)
        connection.execute("PRAGMA busy_timeout = 5000")
        if is_current(connection):
            return connection
        connection.close()
    except sqlite3.Error:
        return None
    return None


def read_only_uri(db: str) -> str:
    """SQLite's URI opening the file read-only, naming it as ``Path(db).resolve().as_uri()`` does
    (the same bytes once SQLite decodes it), without pathlib and urllib: the bytes SQLite's URI
    reading gives a meaning (``%``, ``?``, ``#``) and those outside ASCII are written as ``%XX``."""
    name = os.fsencode(os.path.realpath(db))
    text = "".join(f"%{b:02X}" if b > 0x7E or b in b"%?#" else chr(b) for b in name)
    return f"file://{text}?mode=ro"
