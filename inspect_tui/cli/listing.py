"""`list inspections|sites|findings`: find ids and key columns from the command line."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import click

from inspect_tui.cli.context import CliContext, UserError, pass_context
from inspect_tui.cli.help_text import HelpCommand
from inspect_tui.i18n import _
from inspect_tui.i18n.summer_time import amsterdam_today
from inspect_tui.reports.listing import COLUMNS as COLUMNS
from inspect_tui.reports.listing import STATUSES, table_lines
from inspect_tui.store import StoreError


@click.command("list", cls=HelpCommand)
@click.argument("what", type=click.Choice(["inspections", "sites", "findings"]))
@click.option("--from", "start", default=None, metavar="DATE", help="Inspections started on or after this day.")
@click.option("--to", "end", default=None, metavar="DATE", help="Inspections started on or before this day.")
@click.option(
    "--status",
    default=None,
    metavar="STATUS",
    help="inspections/sites: draft, completed, returned, approved; findings: open, resolved, withdrawn, overdue.",
)
@click.option("--inspector", default=None, metavar="NAME", help="Only this inspector (any case).")
@click.option(
    "--site", "site_text", default=None, metavar="TEXT", help="Site name, city, street or postcode contains TEXT."
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON (times RFC 3339, dates ISO).")
@pass_context
def list_command(
    ctx: CliContext,
    what: str,
    start: str | None,
    end: str | None,
    status: str | None,
    inspector: str | None,
    site_text: str | None,
    as_json: bool,
) -> None:
    """List inspections, sites or findings with their ids (ids may be shortened to 6+ characters elsewhere)."""
    from inspect_tui.reports.days import parse_day
    from inspect_tui.reports.listing import ListFilter, list_findings, list_inspections, list_sites

    def day(option: str, text: str | None) -> dt.date | None:
        if text is None:
            return None
        try:
            return parse_day(text)
        except ValueError as exc:
            raise UserError(f"{option} {exc}") from None

    first, last = day("--from", start), day("--to", end)
    if first and last and first > last:
        raise UserError(
            _("--from {first} is after --to {last}; swap them").format(
                first=f"{first:%d-%m-%Y}", last=f"{last:%d-%m-%Y}"
            )
        )
    if status is not None and status.strip().lower() not in STATUSES[what]:
        raise UserError(
            _("--status {status} does not apply to {what}; use one of {choices}").format(
                status=repr(status), what=what, choices=", ".join(STATUSES[what])
            )
        )
    wanted = ListFilter(
        first, last, status.strip().lower() if status else None, inspector, site_text.strip() if site_text else None
    )
    db = ctx.open_existing()
    try:
        if what == "inspections":
            rows = list_inspections(db, wanted)
        elif what == "sites":
            rows = list_sites(db, wanted)
        else:
            rows = list_findings(db, wanted, today=amsterdam_today())
    except StoreError as exc:
        raise UserError(str(exc)) from None
    finally:
        db.close()
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    _print_table(what, rows)  # in the interface language (see FriendlyGroup)


def _print_table(what: str, rows: list[dict[str, Any]]) -> None:
    for line in table_lines(what, rows):
        click.echo(line)
