"""`inspect-tui make-sample`: write the deterministic demo database."""

from __future__ import annotations

import errno
import sqlite3
from pathlib import Path

import click
from sqlite_utils import Database

from inspect_tui.cli.context import FilePath, UserError
from inspect_tui.cli.help_text import HelpCommand
from inspect_tui.i18n import _
from inspect_tui.i18n.counts import kind_word
from inspect_tui.i18n.os_errors import os_problem
from inspect_tui.store.stats import record_counts


@click.command("make-sample", cls=HelpCommand)
@click.argument("out", type=FilePath(path_type=Path, dir_okay=False))
@click.option("--force", is_flag=True, help="Replace OUT if it already exists.")
def make_sample(out: Path, force: bool) -> None:
    """Write the demo database to OUT: fictional sites, people and inspections, the same every time."""
    from inspect_tui.sample import build_sample

    if str(out) == "-":  # the dash that means standard output elsewhere: no file named "-"
        raise UserError(_("a database cannot be written to standard output; give a file name, e.g. demo.db"))
    _refuse_no_file(out)
    try:
        build_sample(out, overwrite=force)
    except FileExistsError as exc:
        if out.exists():
            raise UserError(_("{path} already exists; use --force to replace it").format(path=out)) from None
        # A file where a folder of the path should be (make-sample notes.txt/demo.db)
        problem = os_problem(NotADirectoryError(errno.ENOTDIR, str(exc)))
        raise UserError(_("cannot write {path}: {problem}").format(path=out, problem=problem)) from None
    except OSError as exc:
        raise UserError(_("cannot write {path}: {problem}").format(path=out, problem=os_problem(exc))) from None
    except sqlite3.Error as exc:  # said of OUT, not of the database --db names
        from inspect_tui.store.errors import database_problem

        said = database_problem(out, exc)
        raise UserError(said or _("cannot write {path}: {problem}").format(path=out, problem=exc)) from None
    # Read-only, so the file stays exactly as written (opening it for writing would switch it to WAL).
    connection = sqlite3.connect(f"{out.resolve().as_uri()}?mode=ro", uri=True)
    try:
        counts = record_counts(Database(connection))
    finally:
        connection.close()
    shown = ", ".join(
        f"{counts[kind]} {kind_word(kind)}" for kind in ("sites", "units", "occupants", "inspections", "findings")
    )
    click.echo(_("Wrote {path}: {counts}.").format(path=out, counts=shown))


def _refuse_no_file(out: Path) -> None:
    """A folder, a device or a pipe is never replaced by the sample, --force or not."""
    if out.is_dir():
        raise UserError(_("{path} is a folder; give a file name, e.g. demo.db").format(path=out))
    if out.exists() and not out.is_file():
        raise UserError(
            _("{path} is not a regular file (a device or a pipe); give a file name, e.g. demo.db").format(path=out)
        )


COMMANDS: list[click.Command] = [make_sample]

__all__ = ["COMMANDS", "make_sample"]
