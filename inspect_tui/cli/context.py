"""What every subcommand shares: where the database is, and one way to report errors."""

from __future__ import annotations

import errno
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from inspect_tui.cli.help_text import HelpGroup
from inspect_tui.store.errors import StoreError

if TYPE_CHECKING:
    from sqlite_utils import Database

ENV_DB = "INSPECT_TUI_DB"

WAIT_FOR_WRITER_S = 30 * 60.0
"""How long a command waits for another program's write (a full-size import takes minutes)."""


def default_db_path() -> Path:
    """$INSPECT_TUI_DB, else inspect.db in the platform's user data folder."""
    if os.environ.get(ENV_DB):
        return Path(os.environ[ENV_DB])
    from platformdirs import user_data_dir

    return Path(user_data_dir("inspect-tui", appauthor=False)) / "inspect.db"


@dataclass
class CliContext:
    """Options given before the subcommand."""

    db_path: Path
    explicit: bool
    lang: str | None

    def open(self, *, create: bool = False) -> Database:
        """Open the database; the default one is made on first use, a named one must exist and
        not be an empty file (only `init`, with create, makes a database of that)."""
        from inspect_tui.store.db import open_db

        if self.explicit and not create:
            self._refuse_empty()
        return self._patient(open_db(self.db_path, create=create or not self.explicit))

    def open_existing(self) -> Database:
        """Open a database only to read it: missing is an error, also for the default one, and so is
        an empty file (opening it would make a database of it)."""
        from inspect_tui.store.db import open_db

        self._refuse_empty()
        return self._patient(open_db(self.db_path))

    def _patient(self, db: Database) -> Database:
        """A command waits for another writer (a long import) instead of failing after the busy
        timeout, and says once that it waits (README: two imports at once, the second waits)."""
        from inspect_tui.i18n import _
        from inspect_tui.store.db import StoreDatabase

        if isinstance(db, StoreDatabase):
            path = self.db_path

            def waiting() -> None:
                click.echo(
                    _(
                        "{path} is in use: another program (the app, or another inspect-tui command) is "
                        "writing to it; waiting for it to finish (ctrl+c stops)…"
                    ).format(path=path),
                    err=True,
                )

            db.waiting, db.patience = waiting, WAIT_FOR_WRITER_S
        return db

    def refuse_as_output(self, out: str | None) -> None:
        """An --out naming this database, or a file kept beside it (its journal, its signing key, its
        copies from before imports),
        would replace it with the output: refused before anything is read."""
        if not out or out == "-":
            return
        target = Path(out).expanduser()
        kept = [self.db_path, *(Path(f"{self.db_path}{end}") for end in ("-wal", "-shm", "-journal", ".signing-key"))]
        if any(_same_file(target, path) for path in kept) or _is_snapshot_of(target, self.db_path):
            from inspect_tui.i18n import _

            raise UserError(
                _("--out {out} is the database {db} or a file kept beside it; give another --out").format(
                    out=out, db=self.db_path
                )
            )

    def _refuse_empty(self) -> None:
        """An empty file is no database yet: opening it would make one, with a new signing key."""
        if self.db_path.is_file() and self.db_path.stat().st_size == 0:
            from inspect_tui.i18n import _

            raise StoreError(
                _("{path} is an empty file, not a database yet; make one with: inspect-tui --db {path} init").format(
                    path=self.db_path
                )
            )

    def open_to_read(self) -> Any:
        """A connection for a command that only reads (it has `execute` and `close`).

        An up-to-date database is read through a plain read-only SQLite connection, without
        loading sqlite-utils; one that needs a migration is opened as the store (which migrates
        it), and a missing one is an error, as for `open_existing`.
        """
        import sqlite3

        from inspect_tui.store.fileformat import is_current, is_sqlite_file

        path = self.db_path
        if path.is_file() and is_sqlite_file(path):
            try:
                conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
                conn.execute("PRAGMA busy_timeout = 5000")
                if is_current(conn):
                    return conn
                conn.close()
            except sqlite3.Error:
                pass
        return self.open_existing()


def _is_snapshot_of(target: Path, db_path: Path) -> bool:
    """target is one of the database's copies from before an import (<db>.pre-import[.N].sqlite)."""
    try:
        beside = target.resolve().parent == db_path.resolve().parent
    except OSError:
        return False
    return beside and target.name.startswith(f"{db_path.name}.pre-import") and target.name.endswith(".sqlite")


def _same_file(one: Path, other: Path) -> bool:
    """Both name the same file (through a link too); False when either is missing."""
    try:
        return os.path.samefile(one, other)
    except OSError:
        return False


def language_in(args: list[str]) -> str | None:
    """The ``--lang`` given before the subcommand, read ahead (so even a usage error is in it); the
    last known one when it is given twice, as click takes the last."""
    from inspect_tui.i18n import LANGUAGES

    found: str | None = None
    skip = False
    for index, token in enumerate(args):
        if skip:  # the value of the option before (--db FILE, --lang nl)
            skip = False
            continue
        if not token.startswith("-"):
            break  # the subcommand: its own --lang is its own business
        name, sep, value = token.partition("=")
        if token in ("--db", "--lang"):
            skip = True
        if name == "--lang":
            value = value if sep else (args[index + 1] if index + 1 < len(args) else "")
            if value in LANGUAGES:  # one click refuses (--lang de) is said in the one before it
                found = value
    return found


def remembered_language() -> str | None:
    """The interface language the app was last switched to (settings.json), if any."""
    try:
        from inspect_tui.settings import default_settings_path, load_settings

        return load_settings(default_settings_path()).lang
    except Exception:  # settings never stop a command
        return None


class UserError(click.ClickException):
    """A one-line error for the user; exit code 1, never a traceback.

    The message is in the language of the command (made where it is raised); the ``Error:``
    before it too, though the language is set back before click shows the error.
    """

    def __init__(self, message: str) -> None:
        from inspect_tui.i18n import language

        super().__init__(message)
        self.lang = language()

    def show(self, file: Any = None) -> None:
        from inspect_tui.domain.text import printable  # only on an error: it loads pydantic
        from inspect_tui.i18n import _, using

        with using(self.lang):
            line = _("Error: {message}").format(message=printable(self.format_message()))
        click.echo(line, err=True)  # one line, nothing a terminal runs


class OneLineUsageError(click.UsageError):
    """A usage error as one line (what is wrong, where the help is); exit code 2."""

    def __init__(self, message: str, ctx: click.Context | None = None) -> None:
        from inspect_tui.cli.usage_words import usage_message
        from inspect_tui.i18n import language

        super().__init__(usage_message(message), ctx)
        self.lang = language()

    def show(self, file: Any = None) -> None:
        from inspect_tui.i18n import _, using

        where = self.ctx.command_path if self.ctx is not None else "inspect-tui"
        with using(self.lang):
            line = _("Error: {message} (see: {command} --help)").format(message=self.format_message(), command=where)
        click.echo(line, err=True)


def refuse_undecodable(args: list[str]) -> None:
    """A usage error naming the first argument that is not UTF-8 text (its bad bytes shown as �)."""
    from inspect_tui.launch import undecodable  # the entry point's own check, before click is loaded

    bad = undecodable(args)
    if bad is not None:
        from inspect_tui.i18n import _

        shown = bad.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
        raise click.UsageError(
            _("{arg} is not UTF-8 text; type it again (a file name: rename the file)").format(arg=repr(shown))
        )


def _one_line_usage(exc: click.UsageError) -> OneLineUsageError:
    if isinstance(exc, OneLineUsageError):
        return exc
    group = exc.ctx.command if exc.ctx is not None else None
    if isinstance(exc, click.exceptions.NoArgsIsHelpError) and isinstance(group, click.Group):
        # a group without its command: which commands there are, not its whole help in one line
        assert exc.ctx is not None
        commands = ", ".join(group.list_commands(exc.ctx))
        return OneLineUsageError(f"Missing command. Choose from: {commands}", exc.ctx)
    return OneLineUsageError(exc.format_message(), exc.ctx)


class FriendlyGroup(HelpGroup):
    """Turns every known failure into one clear line and exit code 1 (usage errors: one line, exit 2).

    The top-level group sets the interface language for as long as the command runs, and sets it
    back afterwards: ``--lang``, else the app's language (as last switched in the app), else the
    locale's.
    """

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if ctx.parent is None:
            from inspect_tui.i18n import using

            ctx.with_resource(using(language_in(args) or remembered_language()))  # type: ignore[arg-type]
        try:
            if ctx.parent is None:
                refuse_undecodable(args)
            return super().parse_args(ctx, args)
        except click.UsageError as exc:
            error = _one_line_usage(exc)
            if ctx.parent is None:
                ctx.close()  # the context never runs: set the language back now
            raise error from None
        except BaseException:  # --help, --version: shown, and the language set back
            if ctx.parent is None:
                ctx.close()
            raise

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except click.UsageError as exc:
            raise _one_line_usage(exc) from None
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException):
            raise
        except BrokenPipeError:  # `… | head` stopped reading: click ends quietly, as other tools do
            raise
        except Exception as exc:
            found = ctx.find_object(CliContext)
            raise UserError(one_line(exc, found.db_path if found is not None else None)) from None


def one_line(exc: Exception, db_path: Path | None = None) -> str:
    """The user's sentence for an error; an unexpected one still gets one line and what to do.

    An SQLite error (the database busy, read-only, damaged, its disk full) is said of db_path,
    the command's database, with what to do."""
    import sqlite3

    from pydantic import ValidationError

    from inspect_tui.checklists import ChecklistError
    from inspect_tui.domain.base import describe_error

    if isinstance(exc, ValidationError):
        return describe_error(exc)
    if isinstance(exc, sqlite3.Error):
        from inspect_tui.i18n import _
        from inspect_tui.store.errors import database_problem

        said = database_problem(db_path if db_path is not None else _("the database"), exc)
        if said is not None:
            return said
    from inspect_tui.sync.errors import BundleError

    if isinstance(exc, OSError) and exc.errno is not None and exc.filename is not None:
        return _system_problem(exc)
    if isinstance(exc, OSError) and exc.errno in _OUTPUT_ERRORS:  # writing the command's output
        from inspect_tui.i18n import _
        from inspect_tui.i18n.os_errors import os_problem

        return _("cannot write the output: {problem}").format(problem=os_problem(exc))
    if isinstance(exc, StoreError | ChecklistError | BundleError | ValueError | OSError):
        return str(exc)
    from inspect_tui.i18n import _

    return _("unexpected {kind}: {problem} (please report this with the command you ran)").format(
        kind=type(exc).__name__, problem=exc
    )


_OUTPUT_ERRORS = frozenset({errno.ENOSPC, errno.EIO, errno.EFBIG, errno.EROFS, errno.EBADF})
"""Error numbers of a failed write with no file named: the command's output (standard output full)."""


def _system_problem(exc: OSError) -> str:
    """A file the system refused as it was named (too long, say), in the interface language."""
    from inspect_tui.i18n import _
    from inspect_tui.i18n.os_errors import os_problem

    return _("cannot use {path}: {problem}").format(path=exc.filename, problem=os_problem(exc))


pass_context = click.make_pass_decorator(CliContext)


def refuse_dash(out: Path, said: str) -> None:
    """A dash means standard output elsewhere: never write a file named "-" (said: what to give instead)."""
    if str(out) == "-":
        raise UserError(said)


def folder_by_slash(value: Any, file_fix: str, *, missing_fix: bool = True) -> str | None:
    """What is wrong with a name ending in a slash, which names a folder: a file of that name (file_fix
    says what to do), or nothing of that name (refused with the mkdir to run unless missing_fix is
    False). None when the name names a folder, or does not end in a slash."""
    from inspect_tui.i18n import _

    if not (isinstance(value, str) and value.endswith(("/", os.sep))) or Path(value).is_dir():
        return None
    if Path(value).exists():
        bare = value.rstrip("/" + os.sep)
        return _("{path} is a file, not a folder; {fix}").format(path=value, fix=file_fix.format(path=bare))
    if missing_fix:
        return _("the folder {path} does not exist; make it first: mkdir -p {path}").format(path=value)
    return None


class FilePath(click.Path):
    """A file or folder named on the command line; an empty name is refused (click would take it
    for the current folder: `import ''` merged every bundle there, `export --out ''` wrote there)."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, str) and not value.strip():
            from inspect_tui.i18n import _

            self.fail(_("an empty name names no file; give the file's or folder's name"), param, ctx)
        return super().convert(value, param, ctx)


def named(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
    """An --out given as text (``-`` for standard output allowed): an empty name is refused, as
    ``FilePath`` refuses it, instead of writing under a name made up for it."""
    if isinstance(value, str) and not value.strip():
        from inspect_tui.i18n import _

        raise click.BadParameter(_("an empty name names no file; give the file's or folder's name"), ctx, param)
    return value


class BundleOut(FilePath):
    """``--out`` of a bundle: a file, or a folder to write it in. A name ending in a slash means a
    folder, so one that does not exist, or is a file, is refused (a file of that name would be written);
    so is a dash (standard output elsewhere), before anything is read or written."""

    def __init__(self) -> None:
        super().__init__(path_type=Path)

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        from inspect_tui.i18n import _

        refuse_dash(
            Path(value),
            _("a bundle cannot be written to standard output; give a file name or a folder, e.g. --out day.zip"),
        )
        problem = folder_by_slash(value, _("give a folder that exists, or a new file name without the slash"))
        if problem:
            self.fail(problem, param, ctx)
        return super().convert(value, param, ctx)


class BundlesIn(FilePath):
    """A bundle to take in, or a folder of them. A name ending in a slash means a folder, so a file of
    that name is refused rather than taken as the whole folder."""

    def __init__(self) -> None:
        super().__init__(path_type=Path)

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        from inspect_tui.i18n import _

        problem = folder_by_slash(
            value, _("to take it in as a bundle, give it without the slash: {path}"), missing_fix=False
        )
        if problem:
            self.fail(problem, param, ctx)
        return super().convert(value, param, ctx)
