"""`delete inspection|site`: deleting a draft or a site from the command line, as the TUI does (with a reason)."""

from __future__ import annotations

import click

from inspect_tui.cli.context import CliContext, UserError, pass_context
from inspect_tui.cli.help_text import HelpCommand
from inspect_tui.i18n import _
from inspect_tui.store import StoreError


@click.command("delete", cls=HelpCommand)
@click.argument("what", type=click.Choice(["inspection", "site"]))
@click.argument("record_id")
@click.option("--reason", required=True, help="Why it is deleted (kept with the deletion; it travels in bundles).")
@pass_context
def delete_command(ctx: CliContext, what: str, record_id: str, reason: str) -> None:
    """Delete a draft inspection that was never signed (with its answers, findings and photos), or a
    site without inspections (with its empty units). The deletion travels in the next bundle.

    RECORD_ID is the id or its first 6 or more characters.
    """
    from inspect_tui.reports.lookup import resolve_inspection_id, resolve_site_id
    from inspect_tui.store.workflow import delete_inspection, delete_site

    db = ctx.open_existing()
    try:
        if what == "inspection":
            found = resolve_inspection_id(db, record_id, str(ctx.db_path))
            delete_inspection(db, found, reason)
        else:
            found = resolve_site_id(db, record_id)
            delete_site(db, found, reason)
    except StoreError as exc:
        raise UserError(str(exc)) from None
    finally:
        db.close()
    # in the language the command runs in (--lang, else the app's, else the locale's), as its errors
    click.echo((_("Deleted inspection {id}.") if what == "inspection" else _("Deleted site {id}.")).format(id=found))
