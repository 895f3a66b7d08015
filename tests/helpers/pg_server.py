"""The private PostgreSQL of the central tests: one server per test run, shared by its processes.

The xdist workers of one run (and a run without xdist) find the server by the run's id: the first
process that needs it starts it with pgserver in a folder named after the run, the others use the
same one; each process makes its own databases in it (a template, then one per test, all with
unique names), so no test sees another's data. A process registers in the folder while it uses
the server; the last one to leave stops it and deletes the folder. All of this happens under a
lock file in that folder, so a process that starts late never finds a server stopped under it.

The server keeps nothing across a crash (``fsync``, ``synchronous_commit`` and
``full_page_writes`` off): its data is thrown away after the run, and without the flushes to disk
a test's commits, CREATE DATABASE and DROP DATABASE wait on no disk (a DROP took about 210 ms with
them, 25 ms without). What is stored and read is the same. It is stopped the immediate way, for
the same reason: a shutdown checkpoint would write out what is deleted right after.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import signal
import tempfile
import time
import uuid
import warnings
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import psycopg

NO_DURABILITY = ("fsync = off", "synchronous_commit = off", "full_page_writes = off")
"""Settings of a server whose data is thrown away (all take effect on a reload)."""

STOP_WAIT = 60.0
"""Seconds to wait for the server to stop (an immediate stop takes well under one)."""

STOP_POLL = 0.01
"""Seconds between two looks at whether the server has stopped."""


def run_folder() -> Path:
    """Where this run's server lives: named after the xdist run id, shared by its workers."""
    run = os.environ.get("PYTEST_XDIST_TESTRUNUID") or f"solo-{os.getpid()}-{uuid.uuid4().hex[:8]}"
    return Path(tempfile.gettempdir()) / f"inspect-central-pg-{run}"


@contextmanager
def _locked(folder: Path) -> Iterator[None]:
    """Holds the folder's lock; makes the folder when it is missing (the last user deletes it, so a
    lock taken on a file already deleted is given up and taken again on the new one)."""
    while True:
        folder.mkdir(mode=0o755, exist_ok=True)
        lock = folder / "lock"
        try:
            fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o644)
        except FileNotFoundError:  # deleted between mkdir and open
            continue
        fcntl.flock(fd, fcntl.LOCK_EX)
        try:
            current = os.stat(lock).st_ino == os.fstat(fd).st_ino
        except FileNotFoundError:
            current = False
        if current:
            break
        os.close(fd)
    try:
        yield
    finally:
        os.close(fd)  # closing releases the lock


def _users(folder: Path) -> Path:
    users = folder / "users"
    users.mkdir(exist_ok=True)
    return users


@contextmanager
def shared_server() -> Iterator[str]:
    """The URL of the run's server (its maintenance database), started when no process of the run
    has started it yet; stopped and deleted when the last process of the run is done with it."""
    folder = run_folder()
    with _locked(folder):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            import pgserver

            pgdata = folder / "pgdata"
            pgdata.mkdir(exist_ok=True)
            # cleanup_mode None: pgserver leaves the server alone at exit; the last user stops it here.
            server = pgserver.get_server(pgdata, cleanup_mode=None)  # type: ignore[attr-defined]
        url = str(server.get_uri())
        with psycopg.connect(url, autocommit=True) as admin:
            for setting in NO_DURABILITY:
                admin.execute(f"ALTER SYSTEM SET {setting}")  # type: ignore[arg-type]
            admin.execute("SELECT pg_reload_conf()")
        (_users(folder) / str(os.getpid())).touch()
    try:
        yield url
    finally:
        with _locked(folder):
            users = _users(folder)
            (users / str(os.getpid())).unlink(missing_ok=True)
            if not any(users.iterdir()):
                _stop(server.get_pid())
                shutil.rmtree(pgdata, ignore_errors=True)
                shutil.rmtree(users, ignore_errors=True)
                (folder / "lock").unlink(missing_ok=True)
                with suppress(OSError):  # a process of the run came meanwhile and is making its own server
                    folder.rmdir()


def _stop(pid: int | None) -> None:
    """Stops the server the immediate way (SIGQUIT to the postmaster) and waits until it is gone."""
    if pid is None:
        return
    try:
        os.kill(pid, signal.SIGQUIT)
    except ProcessLookupError:
        return
    deadline = time.monotonic() + STOP_WAIT
    while time.monotonic() < deadline and _running(pid):
        time.sleep(STOP_POLL)


def _running(pid: int) -> bool:
    """Whether the process is there and not a zombie (its parent is the system's init, which reaps it)."""
    try:
        status = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return False
    except OSError:  # no /proc: ask the kernel
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        return True
    return status.rsplit(")", 1)[1].split()[0] != "Z"
