"""The `inspect-tui` command: opens the app, or runs a subcommand headless."""

from inspect_tui.cli.main import main

__all__ = ["main"]
