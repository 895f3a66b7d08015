"""Where the user's settings file lives, told without importing platformdirs where that is plain.

Every start of the app needs this path (a remembered theme or language is applied before the
first paint), and platformdirs costs some 15 ms to import. On Linux its answer is the XDG rule
(``$XDG_CONFIG_HOME``, or ``~/.config`` when that is unset or blank, then the program's folder),
which is told here with ``os`` alone; everywhere else platformdirs answers. tests/unit/
test_settings.py compares both answers. ``$INSPECT_TUI_CONFIG`` names another folder.
"""

from __future__ import annotations

import os
import sys

APP_FOLDER = "inspect-tui"
FILE_NAME = "settings.json"


def config_folder() -> str:
    """The folder that holds settings.json ($INSPECT_TUI_CONFIG, else the user's config folder)."""
    chosen = os.environ.get("INSPECT_TUI_CONFIG")
    if chosen:
        return chosen
    if sys.platform == "linux" and "ANDROID_DATA" not in os.environ:
        base = os.environ.get("XDG_CONFIG_HOME", "")
        if not base.strip():
            base = os.path.expanduser("~/.config")
        return os.path.join(base, APP_FOLDER)
    from platformdirs import user_config_dir

    return user_config_dir(APP_FOLDER, appauthor=False)


def settings_file() -> str:
    """The settings file's path (it may not exist yet)."""
    return os.path.join(config_folder(), FILE_NAME)
