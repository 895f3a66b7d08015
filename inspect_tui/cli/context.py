"""What every subcommand shares: where the database is, and one way to report errors."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click
from pydantic import ValidationError
from sqlite_utils import Database

from inspect_tui.domain.base import describe_error
from inspect_tui.store import StoreError, open_db

ENV_DB = "INSPECT_TUI_DB"


def default_db_path() -> Path:
    """$INSPECT_TUI_DB, else inspect.db in the platform's user data folder."""
    if os.environ.get(ENV_DB):
        return Path(os.environ[ENV_DB])
    from platformdirs import user_data_dir

    return Path(user_data_dir("inspect-tui", appauthor=False)) / "inspect.db"


@dataclass
class CliContext:
    """Options given before the subcommand."""

    db_path: Path
    explicit: bool
    lang: str | None

    def open(self, *, create: bool = False) -> Database:
        """Open the database; the default one is made on first use, a named one must exist."""
        return open_db(self.db_path, create=create or not self.explicit)


class UserError(click.ClickException):
    """A one-line error for the user; exit code 1, never a traceback."""

    def show(self, file: Any = None) -> None:
        click.echo(f"Error: {self.format_message()}", err=True)


class FriendlyGroup(click.Group):
    """Turns every known failure into one clear line and exit code 1."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException):
            raise
        except ValidationError as exc:
            raise UserError(describe_error(exc)) from None
        except (StoreError, ValueError, OSError) as exc:
            raise UserError(str(exc)) from None
        except Exception as exc:  # a last guard: still one line, with what to do
            known = _known_errors()
            if isinstance(exc, known):
                raise UserError(str(exc)) from None
            raise UserError(
                f"unexpected {type(exc).__name__}: {exc} (please report this with the command you ran)"
            ) from None


def _known_errors() -> tuple[type[Exception], ...]:
    errors: list[type[Exception]] = []
    try:
        from inspect_tui.checklists import ChecklistError

        errors.append(ChecklistError)
    except ImportError:  # pragma: no cover - checklists always ship
        pass
    return tuple(errors)


pass_context = click.make_pass_decorator(CliContext)
