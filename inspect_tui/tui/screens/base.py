"""What every screen of the app shares: translated key bindings, error reporting, no blink."""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar, cast

from textual import events, on
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.screen import ModalScreen, Screen
from textual.widgets import Input
from textual.worker import Worker, WorkerState

from inspect_tui.tui.i18n import _, localise_bindings
from inspect_tui.tui.opening import Opens
from inspect_tui.tui.widgets.fit_footer import FitFooter

if TYPE_CHECKING:
    from inspect_tui.tui.context import AppContext

T = TypeVar("T")


def user_message(exc: BaseException) -> str:
    """One sentence for the user from an exception (never a traceback)."""
    from inspect_tui.store.queries import is_busy, is_write_refused

    if is_busy(exc):
        return _(
            "Another program (an import?) is writing to this database: this was not saved. "
            "Try again when it has finished."
        )
    if is_write_refused(exc):
        if "full" in str(exc).lower():
            return _("The disk is full: nothing was saved. Free some space, then try again.")
        return _("This database is open read-only: nothing was changed.")
    if type(exc).__name__ == "ValidationError" and type(exc).__module__.startswith("pydantic"):
        from pydantic import ValidationError

        from inspect_tui.domain.base import describe_error

        assert isinstance(exc, ValidationError)
        return describe_error(exc)
    text = str(exc).strip() or type(exc).__name__
    first = text.split(maxsplit=1)[0]
    if any(mark in first.rstrip(".,;:") for mark in "./\\"):  # a file name or path: shown as it is spelt
        return text
    return text[:1].upper() + text[1:]


class _Common:
    """Mixed into Screen and ModalScreen."""

    app: Any

    @property
    def inspect_app(self) -> AppContext:
        return cast("AppContext", self.app)

    def _setup(self) -> None:
        localise_bindings(cast(Screen[Any], self))

    def post_message(self, message: Message) -> bool:
        if isinstance(message, Opens) and threading.get_ident() == self.app._thread_id:
            # Keys typed from now on go to what this opens (see tui.key_hold).
            hold = getattr(self.app, "hold_keys", None)
            if hold is not None:
                hold()
        return cast(bool, super().post_message(message))  # type: ignore[misc]

    def _hand_on_held_keys(self) -> None:
        """Once this screen is mounted and its first field focused: the keys typed meanwhile."""
        release = getattr(self.app, "release_keys", None)
        if release is not None:
            cast(Screen[Any], self).call_later(release)

    def _no_blink(self) -> None:
        # Snapshot tests need a still cursor; a headless app has nobody to blink for.
        if self.app.is_headless:
            for widget in cast(Screen[Any], self).query(Input):
                widget.cursor_blink = False

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state is WorkerState.ERROR and event.worker.error is not None:
            self.app.notify(
                user_message(event.worker.error), title=_("Something went wrong"), severity="error", markup=False
            )

    def report(self, exc: BaseException) -> None:
        """Show an expected error as a notification (notify is safe to call from a worker thread)."""
        self.app.notify(user_message(exc), severity="error", markup=False)


class AppScreen(_Common, Screen[None]):
    """A full screen of the app."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._setup()
        self._css_at_mount: object = None
        self._shown_before = False

    @on(events.Mount)
    def _remember_css(self) -> None:
        self._css_at_mount = getattr(self.app, "_css_update_count", None)

    @on(events.ScreenResume)
    def _styled_when_mounted(self, event: events.ScreenResume) -> None:
        """The first showing does not style every widget again: they were styled as they were
        mounted, just before, and every change since (focus, classes) restyled what it touched.
        Textual's second pass over the home screen's widgets delayed its first frame by 10-25 ms.
        Later showings, and a first one after the stylesheet changed (a new theme), are styled
        again as Textual asks."""
        first, self._shown_before = not self._shown_before, True
        unchanged = self._css_at_mount is not None and self._css_at_mount == getattr(self.app, "_css_update_count", 0)
        if first and unchanged:
            event.refresh_styles = False

    def on_mount(self) -> None:
        self._no_blink()
        self._hand_on_held_keys()

    def on_screen_suspend(self) -> None:
        self._left = True

    def on_screen_resume(self) -> None:
        # Not on the first showing (on_mount reads then); only when coming back to it.
        if getattr(self, "_left", False):
            self._left = False
            self.on_return()

    def on_return(self) -> None:
        """Called when the screen is shown again after another screen or a dialog."""


class AppModal(_Common, ModalScreen[T]):
    """A dialog that returns a value with dismiss(); it shows its own keys in its own footer.

    F1 shows the key map here too: a dialog is modal, so the app's own F1 does not reach it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f1", "app.keymap", "Keys", id="dialog.keymap", tooltip="Show every key of this dialog"),
    ]

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._setup()

    def on_mount(self) -> None:
        self._no_blink()
        self._hand_on_held_keys()
        if not self.query(FitFooter):
            # Without it the screen underneath keeps showing its own footer, with keys that do
            # nothing in the dialog.
            self.mount(FitFooter(classes="dialog-footer"))
