"""An unexpected error: a log file without personal data, and one sentence that says where it is.

The log holds where the program was (files, lines, functions, the source lines) and the kind of
error, never the error's message nor any local variable: those can quote the record being
saved (a name, a BSN). Textual's own crash screen prints the locals of every frame; the app
uses this instead.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import tempfile
import traceback
from pathlib import Path

LOG_DIR_ENV = "INSPECT_TUI_LOG_DIR"
"""Set to write crash logs somewhere else than the user's log folder."""


def crash_log_dir() -> Path:
    """Where crash logs go: the platform's user log folder for inspect-tui."""
    chosen = os.environ.get(LOG_DIR_ENV)
    if chosen:
        return Path(chosen)
    import platformdirs

    return platformdirs.user_log_path("inspect-tui", appauthor=False)


def crash_report(error: BaseException) -> str:
    """The text of the log: versions, the kinds of the errors and where they happened; no messages, no values."""
    import textual

    from inspect_tui import __version__

    lines = [
        f"inspect-tui {__version__} stopped after an unexpected error at {dt.datetime.now(dt.UTC).isoformat()}",
        f"Python {sys.version.split()[0]} · Textual {textual.__version__} · {sys.platform}",
        "The error's message and all values are left out on purpose (they can hold personal data).",
        "",
    ]
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        kind = type(current)
        lines.append(f"{kind.__module__}.{kind.__qualname__}")
        for frame in traceback.extract_tb(current.__traceback__):
            lines.append(f'  File "{frame.filename}", line {frame.lineno}, in {frame.name}')
            if frame.line:
                lines.append(f"    {frame.line.strip()}")
        current = current.__cause__ or current.__context__
        if current is not None:
            lines.append("raised while handling:")
    return "\n".join(lines) + "\n"


def write_crash_log(error: BaseException) -> Path | None:
    """Write the crash report to a new file in the log folder (or the temp folder); its path, or None."""
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    text = crash_report(error)
    for folder in (crash_log_dir(), Path(tempfile.gettempdir())):
        try:
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / f"crash-{stamp}-{os.getpid()}.log"
            path.write_text(text, encoding="utf-8")
            return path
        except OSError:
            continue
    return None
