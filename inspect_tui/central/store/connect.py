"""Reaching the central PostgreSQL: a URL, $INSPECT_TUI_CENTRAL_URL, or a private embedded server.

``CentralDb`` wraps one psycopg connection with the small part of the ``sqlite_utils.Database``
interface the sync core uses (``execute``, ``conn.executemany``, ``atomic``), translating the
SQLite dialect of those statements (``?`` placeholders, ``[name]`` quoting, ``INSERT OR IGNORE``)
to PostgreSQL. That lets the central system run the very import and merge code the laptops run:
one merge core, two storage back ends, so every rule of the import applies to both.
"""

from __future__ import annotations

import logging
import os
import re
import shlex
import warnings
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from inspect_tui.central.errors import CentralError
from inspect_tui.i18n import _

if TYPE_CHECKING:
    import psycopg
    from sqlite_utils import Database

ENV_URL = "INSPECT_TUI_CENTRAL_URL"

INTAKE_LOCK = 0x1A5C_7001
"""The advisory lock every merging transaction holds: merges run one at a time, reads never wait."""

_QUOTED = re.compile(r"\[([A-Za-z_][A-Za-z0-9_]*)\]")
_OR_IGNORE = re.compile(r"^\s*INSERT OR IGNORE INTO (.*)$", re.IGNORECASE | re.DOTALL)


@lru_cache(maxsize=512)
def translate(sql: str) -> str:
    """The PostgreSQL form of one statement of the store's SQLite dialect."""
    text = _QUOTED.sub(r'"\1"', sql).replace("%", "%%").replace("?", "%s")
    ignore = _OR_IGNORE.match(text)
    if ignore:
        text = f"INSERT INTO {ignore.group(1)} ON CONFLICT DO NOTHING"
    return text


def _psycopg() -> Any:
    try:
        import psycopg
    except ImportError:
        raise CentralError(
            _("the central system needs PostgreSQL support; install it with: pip install 'inspect-tui[central]'")
        ) from None
    return psycopg


class _Conn:
    """What ``db.conn`` offers the sync core: executemany."""

    def __init__(self, raw: psycopg.Connection[Any]) -> None:
        self.raw = raw

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        rows = list(rows)
        if rows:
            with self.raw.cursor() as cursor:
                cursor.executemany(translate(sql), rows)


class CentralDb:
    """One connection to the central database (see the module docstring)."""

    def __init__(self, raw: psycopg.Connection[Any], url: str) -> None:
        self.raw = raw
        self.url = url
        self.conn = _Conn(raw)
        self.lock_merges = False
        """Set by intake: every transaction takes the merge lock (see ``merging``)."""
        self.merge_turn: Callable[[], None] | None = None
        """Set by a pipelined intake: waits until the bundles before this one are merged."""
        self.column_types: dict[str, dict[str, str]] = {}
        """Per table, its columns' types, read once per connection (the writer casts head rows to them)."""

    def execute(self, sql: str, params: Sequence[Any] = ()) -> psycopg.Cursor[Any]:
        """Run one statement (SQLite dialect or plain PostgreSQL with %s) and return its cursor."""
        return self.raw.execute(translate(sql), list(params))

    def pg(
        self, sql: str, params: Sequence[Any] | dict[str, Any] = (), *, prepare: bool | None = None
    ) -> psycopg.Cursor[Any]:
        """Run one statement written for PostgreSQL (``%s`` placeholders).

        prepare=False plans the statement afresh each time: for lookups by an array of keys,
        whose best plan depends on the array, a cached generic plan can scan a whole table.
        """
        return self.raw.execute(cast(Any, sql), params, prepare=prepare)

    @contextmanager
    def atomic(self, *, lock: bool = True) -> Iterator[None]:
        """A transaction, or a savepoint inside one (as ``sqlite_utils.Database.atomic``).

        With ``lock_merges`` set the transaction first takes the merge lock, so merges run one
        at a time while the reading and checking before them run in parallel; a pipelined
        intake's ``merge_turn`` first waits until the bundles before this one are done.
        lock=False: the caller takes the merge lock itself, as the transaction's first statement
        (sent together with its first reads).
        """
        outermost = self.raw.info.transaction_status == _idle()
        if outermost and self.lock_merges and self.merge_turn is not None:
            self.merge_turn()
        with self.raw.transaction():
            if outermost and self.lock_merges and lock:
                self.raw.execute("SELECT pg_advisory_xact_lock(%s)", [INTAKE_LOCK], prepare=True)
            yield

    @contextmanager
    def merging(self) -> Iterator[None]:
        """While inside: every transaction on this connection holds the merge lock."""
        previous = self.lock_merges
        self.lock_merges = True
        try:
            yield
        finally:
            self.lock_merges = previous

    def as_store(self) -> Database:
        """This connection where the sync core expects a store database."""
        return cast("Database", self)

    def close(self) -> None:
        self.raw.close()


def _idle() -> Any:
    from psycopg.pq import TransactionStatus

    return TransactionStatus.IDLE


def embedded_url(folder: Path, *, create: bool = True) -> str:
    """Start (or join) a private PostgreSQL kept in folder and return its URL; create=False: only one
    already made there (nothing is written in a folder that holds none)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # platformdirs warns when XDG_RUNTIME_DIR is unset; harmless here
            import pgserver
    except ImportError:
        raise CentralError(
            _("--embedded needs the pgserver package; install it with: pip install 'inspect-tui[central]'")
        ) from None
    folder = folder.expanduser().resolve()
    if folder.exists() and not folder.is_dir():
        raise CentralError(_("{folder} is a file; --embedded needs a folder for the database").format(folder=folder))
    if folder.is_dir() and not (folder / "PG_VERSION").exists() and any(folder.iterdir()):
        raise CentralError(
            _("{folder} holds other files and no PostgreSQL database; give --embedded a new or empty folder").format(
                folder=folder
            )
        )
    if not create and not (folder / "PG_VERSION").exists():  # a typo in the folder's name made a new server there
        raise CentralError(
            _("{folder} holds no central database; check the folder, or make one with: {command}").format(
                folder=folder, command=f"inspect-tui central --embedded {shlex.quote(str(folder))} init"
            )
        )
    if not folder.parent.is_dir():
        raise CentralError(_("the folder {folder} does not exist; make it first").format(folder=folder.parent))
    quiet = logging.getLogger("pgserver")
    level = quiet.level
    quiet.setLevel(logging.CRITICAL)  # its log of a failure is pages long; the error below says it in a line
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # platformdirs warns when XDG_RUNTIME_DIR is unset; harmless here
            server = pgserver.get_server(folder, cleanup_mode="stop")  # type: ignore[attr-defined]
    except OSError as exc:  # the folder cannot be made or written: the reason in the user's words
        from inspect_tui.i18n.os_errors import os_problem

        raise CentralError(
            _(
                "cannot start the embedded PostgreSQL in {folder}: {reason}; give --embedded a folder you can write in"
            ).format(folder=folder, reason=os_problem(exc))
        ) from None
    except Exception as exc:
        reason = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        raise CentralError(
            _("cannot start the embedded PostgreSQL in {folder}: {reason}").format(folder=folder, reason=reason)
        ) from None
    finally:
        quiet.setLevel(level)
    return str(server.get_uri())


def resolve_url(url: str | None, embedded: Path | None, *, create: bool = True) -> str:
    """The server's URL from the options, else from the environment; a clear error when none
    (create=False: an embedded server only where one was made, see ``embedded_url``)."""
    if url and embedded:
        raise CentralError(_("give either --url or --embedded, not both"))
    if embedded is not None:
        return embedded_url(embedded, create=create)
    chosen = url or os.environ.get(ENV_URL)
    if not chosen:
        raise CentralError(
            _(
                "no central database: give --url postgresql://…, set {env}, or start a private one with --embedded DIR"
            ).format(env=ENV_URL)
        )
    return chosen


def _check_url(url: str) -> None:
    """A URL that is neither postgresql://… nor key=value settings, said plainly (no password echoed)."""
    scheme, found, _rest = url.partition("://")
    if (found and scheme.lower() not in ("postgresql", "postgres")) or (not found and "=" not in url):
        raise CentralError(
            _("the central database's address must look like postgresql://user@host/inspect (got {start}…)").format(
                start=(scheme + found)[:20] if found else re.split("[:@]", url)[0][:12]
            )
        )


_URL_PASSWORD = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://[^/?#@]*?:([^/?#@]+)@")
_SETTING_PASSWORD = re.compile(r"\bpassword\s*=\s*('(?:[^'\\]|\\.)*'|[^\s]+)", re.IGNORECASE)


def without_password(text: str, url: str) -> str:
    """text with the URL's password (user:PASSWORD@ or password=…, as given or %-decoded) blanked out:
    the driver quotes a URL it cannot parse, password and all, in its error."""
    from urllib.parse import unquote

    found = [m.group(1) for m in (_URL_PASSWORD.search(url), *_SETTING_PASSWORD.finditer(url)) if m]
    for password in found:
        for form in {password, unquote(password), password.strip("'")}:
            if form:
                text = text.replace(form, "***")
    return text


def connect(url: str) -> CentralDb:
    """Open a connection; a statement outside `atomic` or `merging` commits by itself."""
    _check_url(url)
    psycopg = _psycopg()
    # When the server goes away, psycopg logs a warning for each pipeline it could not close, lines
    # the error raised to the caller already says once.
    logging.getLogger("psycopg").setLevel(logging.ERROR)
    try:
        raw = psycopg.connect(url, autocommit=True)
    except psycopg.Error as exc:
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise CentralError(
            _(
                "cannot reach the central database: {reason}; check the address (--url or ${env}) "
                "and that the server runs and accepts you"
            ).format(reason=without_password(reason, url), env=ENV_URL)
        ) from None
    return CentralDb(raw, url)
