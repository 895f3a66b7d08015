"""Keys typed faster than the app handles them go where they would go if typed one by one.

Textual hands a key to the focused widget, and the key bindings (of the widget, its screen and
the app) are tried when the key comes back up to the app, each step through a message queue of
its own. Keys that reach the app in one read (a fast typist, a paste without bracketed paste, a
remote terminal) were all handed to the focused widget before the first one's binding had run:
``/venlo`` on the home screen gave ``/`` to the list, then ``v``, ``e``, ``n``… too, and by the
time ``/`` had moved the focus to the search field the ``n`` had opened the new-site form. So the
app routes one key at a time: while a key is on its way, the keys (and pastes) typed after it
wait, in their order, and the next one goes to where the focus is once the key is handled.

A key is handled when it comes back up to the app (its binding, if any, has run there), or when
a widget on the way took it (``event.stop()``: a letter typed into a field). To know that, a
callback follows it into the queue of the widget it was handed to (one per key) and, while keys
wait behind it, on up through the queue of each parent. Before the next key goes, one more
callback passes through the same queues, from that widget up to the app, behind what the key
asked of them: the field's ``Submitted`` that puts the focus back on the list, a ``focus()``
(which sets the focus through the app's queue).

A screen that asks for another one (``messages.Opens``) holds the keys from that moment until
the new screen is mounted, and they go to it: ``n`` and the new site's name typed in one go fill
the form, rather than ``C`` of "Camping" opening the conflicts. Keys that were already on their
way when it asked, and come back up, are kept in that hold as well. When the app opened nothing
after all (a refusal said in a notification), they go where they would have gone.

Keys are never held for long: once ``HOLD_AT_MOST`` passes with none of the held keys handed on
(a screen that never mounts, a key whose handling never ends), all of them are handed on at once.
"""

from __future__ import annotations

import time
from typing import Any

from textual import events
from textual.app import App, ScreenStackError
from textual.message import Message
from textual.message_pump import MessagePump
from textual.timer import Timer

from inspect_tui.tui.opening import Opens

HOLD_AT_MOST = 1.0
"""Seconds without any held key handed on after which they all are, whatever happened."""

Typed = events.Key | events.Paste
"""What is routed one at a time: keys and pastes keep their order among each other."""


class KeyHold(App[None]):
    """Mixed into the app: routes typed keys one at a time, and holds them while a screen opens."""

    _held_keys: list[events.Key] | None = None
    """While a screen or dialog opens: the keys that came back up from the screen below."""
    _hold_timer: Timer | None = None
    _in_flight: Typed | None = None
    """The key last handed on, until it is handled."""
    _in_flight_at: MessagePump | None = None
    """The widget (or the app) the key in flight was last seen to be handed to."""
    _following = False
    """A callback that follows the key in flight is waiting in a widget's queue."""
    _routed_to: MessagePump | None = None
    """Where the key in flight was handed (the focused widget, or the screen)."""
    _settling = False
    """The key handed on last is handled; what it asked of the widgets is being waited for."""
    _sweep = 0
    _hand_on_posted = False
    _moved_at = 0.0
    """When a held key was last handed on (or the holding began)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._waiting: list[Typed] = []
        """Typed after the key in flight (or while a screen opens), not handed on yet, in order."""

    # --- the hold while a screen opens ---------------------------------------------------------

    def hold_keys(self) -> None:
        """Keep the keys typed from now on, in their order, until ``release_keys``."""
        if self._held_keys is None:
            self._held_keys = []
            self._start_timer()

    def release_keys(self) -> None:
        """Hand the held keys on, as typed, to what now has focus (the screen just opened)."""
        caught, self._held_keys = self._held_keys, None
        if caught is None:
            return
        self._moved_at = time.monotonic()
        # Those that came back up were typed before the ones still waiting; handed on afresh.
        self._waiting[:0] = [events.Key(key.key, key.character).set_sender(self) for key in caught]
        if self._waiting:
            self._hand_on_later()
        else:
            self._stop_timer()

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

    # --- one key at a time -----------------------------------------------------------------------

    async def on_event(self, event: events.Event) -> None:
        if not isinstance(event, (events.Key, events.Paste)):
            await super().on_event(event)
            return
        if event.is_forwarded:
            # Back up from the screen, to be matched against the key bindings.
            if self._held_keys is not None and isinstance(event, events.Key):
                self._held_keys.append(event)  # a screen is opening: the key goes to it
            else:
                await super().on_event(event)
            self._done(event)
            return
        if self._in_flight is not None or self._settling or self._waiting or self._held_keys is not None:
            self._wait(event)
            return
        await self._route(event)

    async def _route(self, event: Typed) -> None:
        """Hand a typed key on as Textual does (priority bindings, then the focused widget)."""
        try:
            target: MessagePump = self.focused or self.screen
        except ScreenStackError:  # no screen yet, or any more: Textual says what it does with the key
            await super().on_event(event)
            return
        self._in_flight = event
        self._routed_to = self._in_flight_at = target
        await super().on_event(event)
        if not event.is_forwarded:  # taken by the app itself (a priority binding)
            self._done(event)
            return
        self._following = True
        if not target.call_later(self._follow, event, target):
            self._done(event)

    def _wait(self, event: Typed) -> None:
        self._waiting.append(event)
        self._start_timer()
        key = self._in_flight
        if key is None or self._following:
            return
        at = self._in_flight_at or self
        self._following = True
        if not at.call_later(self._follow, key, at):
            self._done(key)

    def _follow(self, key: Typed, node: MessagePump) -> None:
        """In node's queue, after node handled key: the key is done, or goes on to node's parent."""
        if key is not self._in_flight:
            return  # came back up to the app already
        if node is self:
            self._done(key)  # not passed on to the app after all
            return
        parent = node._parent
        self._in_flight_at = parent or self
        # Textual passes a stopped key on only to the parent that sent it.
        if parent is None or (key._stop_propagation and key._sender is not parent):
            self._done(key)
            return
        if not self._waiting:
            self._following = False  # nothing waits for it: followed again when something does
            return
        if not parent.call_later(self._follow, key, parent):
            self._done(key)

    def _done(self, key: Typed) -> None:
        """The key in flight is handled: the next one waits for what it asked of the widgets it
        passed through (a message posted to the field, the focus set through the app's queue)."""
        if key is not self._in_flight:
            return
        self._in_flight = None
        self._following = False
        if self._waiting:
            self._settling = True
            self._sweep += 1
            node = self._routed_to or self
            if not node.call_later(self._settle, self._sweep, node):
                self._settled()

    async def _settle(self, sweep: int, node: MessagePump) -> None:
        """In node's queue, after what was posted to it before: the same in its parent, up to the
        app; then the next key is handed on."""
        if sweep != self._sweep:
            return
        if node is self:
            self._settling = False
            await self._hand_on()
            return
        parent = node._parent or self
        if not parent.call_later(self._settle, sweep, parent):
            self._settled()

    def _settled(self) -> None:
        self._settling = False
        self._hand_on_later()

    def _hand_on_later(self) -> None:
        if self._waiting and not self._hand_on_posted:
            self._hand_on_posted = True
            self.call_later(self._hand_on_posted_now)

    async def _hand_on_posted_now(self) -> None:
        self._hand_on_posted = False
        await self._hand_on()

    async def _hand_on(self) -> None:
        """The next waiting key, if nothing is on its way and no screen opens (in the app's queue)."""
        if self._in_flight is None and not self._settling and self._held_keys is None and self._waiting:
            self._moved_at = time.monotonic()
            await self._route(self._waiting.pop(0))
        self._stop_timer()

    # --- never held long -------------------------------------------------------------------------

    def _start_timer(self) -> None:
        if self._hold_timer is None:
            self._moved_at = time.monotonic()
            self._hold_timer = self.set_timer(HOLD_AT_MOST, self._held_too_long)

    def _stop_timer(self) -> None:
        if self._hold_timer is not None and self._held_keys is None and not self._waiting:
            self._hold_timer.stop()
            self._hold_timer = None

    def _held_too_long(self) -> None:
        left = self._moved_at + HOLD_AT_MOST - time.monotonic()
        if left > 0:  # they move on, one at a time: only the time since the last one counts
            self._hold_timer = self.set_timer(left, self._held_too_long)
            return
        self._hold_timer = None
        self.call_later(self._hand_on_all)

    async def _hand_on_all(self) -> None:
        """Every held key, at once, to what has focus now."""
        caught, self._held_keys = self._held_keys or [], None
        waiting = [events.Key(key.key, key.character).set_sender(self) for key in caught] + self._waiting
        self._waiting = []
        self._in_flight = None
        self._following = False
        self._settling = False
        self._sweep += 1
        for event in waiting:
            await self._route(event)
