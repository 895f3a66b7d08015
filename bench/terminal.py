"""A program run in a pseudo-terminal, its output drawn on an emulated screen (pyte), as a user sees it.

Timings are taken at the moment the bytes that complete a marker are read from the terminal:
that is when a real terminal would show them. The emulator's own parsing happens after that
moment and is not counted, neither in the time nor in the program's CPU, which is sampled as
the bytes are read, before the emulator parses them. A marker already complete when a wait
begins (its bytes came in the read that completed an earlier one) is timed at that read.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import select
import signal
import struct
import subprocess
import sys
import termios
import time
from collections.abc import Callable, Sequence
from pathlib import Path

try:
    import pyte
except ImportError:  # pragma: no cover
    raise SystemExit("the screen timings need pyte: pip install -e '.[bench]'") from None

COLUMNS, LINES = 120, 40
HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


class Timeout(Exception):
    """A marker did not appear in time."""


def environment() -> dict[str, str]:
    env = dict(os.environ)
    env.update(TERM="xterm-256color", COLUMNS=str(COLUMNS), LINES=str(LINES), COLORTERM="truecolor")
    for name in ("TEXTUAL", "TEXTUAL_DEBUG", "TEXTUAL_DEVTOOLS_PORT", "NO_COLOR"):
        env.pop(name, None)
    # An installed program starts from its compiled bytecode (pip compiles it; Textual's is):
    # with PYTHONDONTWRITEBYTECODE set, an editable install would compile every module of the
    # app from source at every start, and the minimal app (all Textual) would not. The first
    # (warm-up) run writes the bytecode; the timed runs read it, as a user's would.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


class Terminal:
    """One process in a pseudo-terminal of COLUMNS × LINES, with an emulated screen."""

    def __init__(self, argv: Sequence[str], *, cwd: Path | None = None) -> None:
        self.screen = pyte.Screen(COLUMNS, LINES)
        self.stream = pyte.ByteStream(self.screen)
        # Answer the terminal's queries (device attributes, cursor position) like a terminal does.
        self.screen.write_process_input = self._answer  # type: ignore[method-assign]
        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", LINES, COLUMNS, 0, 0))
        self.master = master
        self.started = time.perf_counter()
        self.process = subprocess.Popen(
            list(argv),
            stdin=slave,
            stdout=slave,
            stderr=slave,
            cwd=cwd,
            env=environment(),
            start_new_session=True,
            close_fds=True,
        )
        os.close(slave)
        self.output = bytearray()
        self.read_at = self.started
        """The moment of the last read that brought bytes."""
        self.read_cpu: float | None = 0.0
        """The program's CPU seconds, sampled at that read (before the emulator parsed its bytes)."""
        self.seen_cpu: float | None = None
        """The program's CPU seconds at the read that completed the marker wait_for last returned."""

    def _answer(self, data: str) -> None:
        with contextlib.suppress(OSError):
            os.write(self.master, data.encode())

    def text(self) -> list[str]:
        return list(self.screen.display)

    def press(self, keys: str | bytes) -> float:
        """Write keys as typed; returns the moment they were written."""
        os.write(self.master, keys.encode() if isinstance(keys, str) else keys)
        return time.perf_counter()

    def pump(self, timeout: float) -> float | None:
        """Read what the program wrote within timeout; returns the moment it was read (None if nothing)."""
        ready, _w, _x = select.select([self.master], [], [], max(0.0, timeout))
        if not ready:
            return None
        moment = time.perf_counter()
        try:
            data = os.read(self.master, 1 << 20)
        except OSError:  # the program closed the terminal
            data = b""
        if not data:
            if self.process.poll() is not None:
                raise Timeout(f"the program ended (exit {self.process.returncode}):\n" + "\n".join(self.text()))
            return None
        # A frame can take more than one read: take what else is already there, at the same moment.
        while True:
            more, _w, _x = select.select([self.master], [], [], 0)
            if not more:
                break
            try:
                chunk = os.read(self.master, 1 << 20)
            except OSError:
                break
            if not chunk:
                break
            data += chunk
        self.output += data
        self.read_at = moment
        self.read_cpu = self.cpu_seconds()  # before the emulator's parsing, which is not the program's
        self.stream.feed(data)
        return moment

    def wait_for(self, shown: Callable[[list[str]], bool], what: str, timeout: float = 30.0) -> float:
        """The moment (perf_counter) of the read that made shown(screen lines) true; the program's
        CPU seconds at that read in seen_cpu."""
        return self.wait_for_each([(shown, what)], timeout)[0]

    def wait_for_each(
        self, markers: Sequence[tuple[Callable[[list[str]], bool], str]], timeout: float = 30.0
    ) -> list[float]:
        """For each marker, the moment of the read that first made it true (several may come in one
        read, and then share its moment); seen_cpu is the CPU at the read that completed the last.

        A marker already true when the wait begins is timed at the last read: the one that
        completed the marker an earlier wait returned for, when the two came in the same bytes."""
        moments: list[float | None] = [None] * len(markers)
        cpu: list[float | None] = [None] * len(markers)
        lines = self.text()
        for n, (shown, _what) in enumerate(markers):
            if shown(lines):
                moments[n], cpu[n] = self.read_at, self.read_cpu
        deadline = time.perf_counter() + timeout
        while any(moment is None for moment in moments):
            left = deadline - time.perf_counter()
            if left <= 0:
                what = next(w for (_s, w), m in zip(markers, moments, strict=True) if m is None)
                raise Timeout(f"timed out waiting for {what}; the screen shows:\n" + "\n".join(self.text()))
            moment = self.pump(left)
            if moment is None:
                continue
            lines = self.text()
            for n, (shown, _what) in enumerate(markers):
                if moments[n] is None and shown(lines):
                    moments[n], cpu[n] = moment, self.read_cpu
        last = max(range(len(markers)), key=lambda n: moments[n] or 0.0)
        self.seen_cpu = cpu[last]
        return [moment or 0.0 for moment in moments]

    def cpu_seconds(self) -> float | None:
        """CPU time the program has used so far (user + system; None where /proc is missing)."""
        try:
            with open(f"/proc/{self.process.pid}/stat", encoding="ascii") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
        except OSError:
            return None
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def wait_idle(self, quiet: float = 0.3, timeout: float = 5.0) -> None:
        """Wait (reading the screen meanwhile) until the program has used almost no CPU for `quiet`
        seconds: the moment a user who reads the screen first would press the next key."""
        deadline = time.perf_counter() + timeout
        last = self.cpu_seconds()
        if last is None:
            time.sleep(1.0)
            return
        calm_since = time.perf_counter()
        while time.perf_counter() < deadline:
            self.pump(0.05)
            now = self.cpu_seconds() or 0.0
            if now - last > 0.005:
                calm_since = time.perf_counter()
            last = now
            if time.perf_counter() - calm_since >= quiet:
                return

    def close(self) -> None:
        if self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
        try:
            self.process.wait(timeout=10)
        finally:
            os.close(self.master)

    def __enter__(self) -> Terminal:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def contains(pattern: str) -> Callable[[list[str]], bool]:
    """A marker: some line of the screen matches the regular expression."""
    compiled = re.compile(pattern)
    return lambda lines: any(compiled.search(line) for line in lines)


COMMAND: list[str] = []
"""The command to time instead of the installed one (set by --command, e.g. to compare versions)."""


def app_command() -> list[str]:
    """The installed `inspect-tui` command beside this interpreter, as a user runs it."""
    if COMMAND:
        return list(COMMAND)
    script = Path(sys.executable).parent / "inspect-tui"
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "from inspect_tui.cli import main; main()"]


def app_argv(db: Path, *extra: str) -> list[str]:
    return [*app_command(), "--db", str(db), "--lang", "en", *extra]


def minimal_argv() -> list[str]:
    return [sys.executable, str(HERE / "minimal_app.py")]


MINIMAL_MARKER = contains(r"minimal app painted")


def minimal_table_argv() -> list[str]:
    return [sys.executable, str(HERE / "minimal_table_app.py")]


def _table_painted(lines: list[str]) -> bool:
    """The reference list app's header and its first three rows are on screen (minimal_table_app.py)."""
    text = "\n".join(lines)
    return "minimal table app" in text and all(
        name in text
        for name in ("Logiesgebouw De Brink Ede 0", "Woonunits De Kolk Breda 1", "Kwekerij Verhoeven-Dam 2")
    )


TABLE_MARKER = _table_painted
