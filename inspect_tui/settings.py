"""The user's choices that outlive a run (theme, interface language), in a small JSON file.

The file lives in the user's config folder (platformdirs), is written atomically (a temporary
file in the same folder, then a rename) with mode 0600, and a missing, unreadable or damaged
file counts as "no choices yet" — settings never stop the app from starting.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from dataclasses import asdict, dataclass, replace
from pathlib import Path

from inspect_tui.config_place import settings_file
from inspect_tui.i18n import LANGUAGES


@dataclass(frozen=True)
class Settings:
    """What the user chose last time (None: nothing chosen)."""

    theme: str | None = None
    lang: str | None = None


def default_settings_path() -> Path:
    """settings.json in the user's config folder ($INSPECT_TUI_CONFIG overrides the folder)."""
    return Path(settings_file())


def _clean_theme(value: object) -> str | None:
    if isinstance(value, str) and 0 < len(value) <= 64 and value.isprintable():
        return value
    return None


def load_settings(path: Path) -> Settings:
    """The stored choices; anything missing or not understood is left unset."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return Settings()
    if not isinstance(data, dict):
        return Settings()
    lang = data.get("lang")
    return Settings(theme=_clean_theme(data.get("theme")), lang=lang if lang in LANGUAGES else None)


def save_settings(path: Path, **changes: str | None) -> Settings:
    """Store changed choices atomically (0600); returns what is stored. OSError if it cannot be written."""
    settings = replace(load_settings(path), **changes)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(prefix=".settings-", suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(asdict(settings), f, indent=2, sort_keys=True)
            f.write("\n")
            f.flush()
            os.fsync(f.fileno())
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
    return settings
