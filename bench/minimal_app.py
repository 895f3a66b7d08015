"""The floor for start-up: the smallest Textual app that paints one line (run by bench/screen.py)."""

from textual.app import App, ComposeResult
from textual.widgets import Static


class Minimal(App[None]):
    def compose(self) -> ComposeResult:
        yield Static("minimal app painted")


if __name__ == "__main__":
    Minimal().run()
