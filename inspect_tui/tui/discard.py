"""Closing a form or dialog with what was typed in it: asked first, never lost by one key."""

from __future__ import annotations

from typing import Any

from textual.screen import Screen

from inspect_tui.tui import messages
from inspect_tui.tui.i18n import _


def close_asking(screen: Screen[Any], changed: bool) -> None:
    """Close screen (dismissed with None) at once when nothing was typed in it; otherwise once the
    person confirms that what they typed may be lost."""
    if not changed:
        screen.dismiss(None)
        return

    def answered(discard: bool | None) -> None:
        if discard:
            screen.dismiss(None)

    screen.post_message(
        messages.Confirm(_("Discard changes"), _("Close this form and lose what you changed?"), done=answered)
    )
