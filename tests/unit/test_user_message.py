"""The one sentence a screen shows for an error: capitalised, but a file name is shown as it is spelt."""

from __future__ import annotations

import pytest

from inspect_tui.store import StoreError
from inspect_tui.tui.screens.base import user_message


@pytest.mark.parametrize(
    ("error", "shown"),
    [
        ("the finding is locked; reopen it first", "The finding is locked; reopen it first"),
        ("schimmel.jpg is not a JPEG, PNG, WebP or HEIC photo", "schimmel.jpg is not a JPEG, PNG, WebP or HEIC photo"),
        ("/media/usb/foto is not a folder", "/media/usb/foto is not a folder"),
        ("nothing to save.", "Nothing to save."),
        ("", "StoreError"),
    ],
)
def test_a_message_is_capitalised_unless_it_starts_with_a_file_name(error: str, shown: str) -> None:
    assert user_message(StoreError(error)) == shown
