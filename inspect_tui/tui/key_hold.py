"""Keys typed while a screen or dialog opens go to it, not to the screen it opens over.

A screen asks for another by posting a message (``messages.Opens``); the app opens it when it
handles that message, which comes after every key already typed. An inspector who types
``n`` and the new site's name in one go, faster than the form opens, had the name's letters
taken as keys of the home screen: ``C`` of "Camping" opened the conflicts, the name field
stayed empty. So from the moment a screen asks for another, the keys typed are held, in their
order, and handed to the new screen once it is mounted (its first field focused). When the app
opened nothing after all (a refusal said in a notification), they go where they would have
gone. Keys are never held longer than ``HOLD_AT_MOST``.

Held are the keys that reach the app after the screen asked: every key that the focused widget
passes on. A key the focused widget takes itself before the request is made (enter in a table,
a letter in a text field) stays where it was typed.
"""

from __future__ import annotations

from typing import Any

from textual import events
from textual.app import App
from textual.message import Message
from textual.timer import Timer

from inspect_tui.tui.opening import Opens

HOLD_AT_MOST = 1.0
"""Seconds after which held keys are handed on whatever happened (a screen that never mounts)."""


class KeyHold(App[None]):
    """Mixed into the app: holds the keys typed while a screen or dialog is being opened."""

    _held_keys: list[events.Key] | None = None
    _hold_timer: Timer | None = None

    def hold_keys(self) -> None:
        """Keep the keys typed from now on, in their order, until ``release_keys``."""
        if self._held_keys is None:
            self._held_keys = []
            self._hold_timer = self.set_timer(HOLD_AT_MOST, self.release_keys)

    def release_keys(self) -> None:
        """Hand the held keys on, as typed, to what now has focus (the screen just opened)."""
        held, self._held_keys = self._held_keys, None
        if self._hold_timer is not None:
            self._hold_timer.stop()
            self._hold_timer = None
        for key in held or ():
            self.post_message(events.Key(key.key, key.character))

    async def on_event(self, event: events.Event) -> None:
        # Both a key just typed and one coming back up from the screen to be matched against
        # the key bindings pass here: held either way, and handed on afresh.
        if self._held_keys is not None and isinstance(event, events.Key):
            self._held_keys.append(event)
            return
        await super().on_event(event)

    async def _on_message(self, message: Message) -> None:
        if not isinstance(message, Opens):
            await super()._on_message(message)
            return
        before = self._current_screen()
        await super()._on_message(message)
        if self._held_keys is not None and self._current_screen() is before:
            self.release_keys()  # nothing opened (refused, or it opens later): the keys go on as typed

    def _current_screen(self) -> Any:
        return self._screen_stack[-1] if self._screen_stack else None
