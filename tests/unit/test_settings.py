"""The remembered theme and language: atomic, private, and never in the way of starting."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest

from inspect_tui.settings import Settings, default_settings_path, load_settings, save_settings


def test_missing_file_means_nothing_chosen(tmp_path: Path) -> None:
    assert load_settings(tmp_path / "nope" / "settings.json") == Settings()


@pytest.mark.parametrize(
    "text",
    [
        "",
        "{",
        "[1, 2]",
        '"nl"',
        '{"lang": "fr", "theme": 5}',
        '{"theme": "x\\u001b[31m"}',
        b"\xff\xfe".decode("latin-1"),
    ],
)
def test_damaged_or_foreign_content_is_ignored(tmp_path: Path, text: str) -> None:
    path = tmp_path / "settings.json"
    path.write_text(text, encoding="utf-8")
    assert load_settings(path) == Settings()


def test_save_is_private_and_keeps_other_choices(tmp_path: Path) -> None:
    path = tmp_path / "cfg" / "settings.json"
    save_settings(path, theme="nord")
    save_settings(path, lang="nl")
    assert load_settings(path) == Settings(theme="nord", lang="nl")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert json.loads(path.read_text()) == {"lang": "nl", "theme": "nord"}
    assert [p.name for p in path.parent.iterdir()] == ["settings.json"]  # no temporary file left


def test_unwritable_place_raises_and_leaves_no_file(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    with pytest.raises(OSError):
        save_settings(blocker / "settings.json", theme="nord")
    assert blocker.read_text() == "x"


def test_config_folder_can_be_overridden(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INSPECT_TUI_CONFIG", str(tmp_path))
    assert default_settings_path() == tmp_path / "settings.json"


@pytest.mark.parametrize("xdg", [None, "", "   ", "/somewhere/config"])
def test_the_config_folder_is_the_one_platformdirs_names(xdg: str | None, monkeypatch: pytest.MonkeyPatch) -> None:
    from platformdirs import user_config_dir

    from inspect_tui.config_place import config_folder

    monkeypatch.delenv("INSPECT_TUI_CONFIG", raising=False)
    if xdg is None:
        monkeypatch.delenv("XDG_CONFIG_HOME", raising=False)
    else:
        monkeypatch.setenv("XDG_CONFIG_HOME", xdg)
    assert config_folder() == user_config_dir("inspect-tui", appauthor=False)
    assert default_settings_path() == Path(user_config_dir("inspect-tui", appauthor=False)) / "settings.json"
