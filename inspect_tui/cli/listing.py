"""`list inspections|sites|findings`: find ids and key columns from the command line."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import click

from inspect_tui.cli.context import CliContext, UserError, pass_context
from inspect_tui.cli.help_text import HelpCommand
from inspect_tui.i18n import N_, _
from inspect_tui.store import StoreError

STATUSES = {
    "inspections": ("draft", "completed", "returned", "approved"),
    "sites": ("draft", "completed", "returned", "approved"),
    "findings": ("open", "resolved", "withdrawn", "overdue"),
}

COLUMNS: dict[str, tuple[tuple[str, str], ...]] = {
    "inspections": (
        ("id", N_("Id")),
        ("started_at", N_("Started")),
        ("status", N_("Status")),
        ("inspector", N_("Inspector")),
        ("site", N_("Site")),
        ("city", N_("City")),
        ("open_findings", N_("Open")),
    ),
    "sites": (
        ("id", N_("Id")),
        ("name", N_("Name")),
        ("city", N_("City")),
        ("kind", N_("Kind")),
        ("last_inspected", N_("Last inspected")),
        ("inspections", N_("Inspections")),
    ),
    "findings": (
        ("inspection_id", N_("Inspection")),
        ("deadline", N_("Deadline")),
        ("severity", N_("Severity")),
        ("status", N_("Status")),
        ("site", N_("Site")),
        ("item_id", N_("Item")),
        ("description", N_("Finding")),
    ),
}


@click.command("list", cls=HelpCommand)
@click.argument("what", type=click.Choice(["inspections", "sites", "findings"]))
@click.option("--from", "start", default=None, metavar="DATE", help="Inspections started on or after this day.")
@click.option("--to", "end", default=None, metavar="DATE", help="Inspections started on or before this day.")
@click.option(
    "--status",
    default=None,
    metavar="STATUS",
    help="inspections/sites: draft, completed, returned, approved; findings: open, resolved, overdue.",
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
    from inspect_tui.reports.findings import parse_day
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
            rows = list_findings(db, wanted, today=dt.date.today())
    except StoreError as exc:
        raise UserError(str(exc)) from None
    finally:
        db.close()
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    _print_table(what, rows)  # in the interface language (see FriendlyGroup)


def _print_table(what: str, rows: list[dict[str, Any]]) -> None:
    from inspect_tui.i18n import _, format_datetime, ngettext
    from inspect_tui.reports.words import word

    def shown(key: str, value: Any) -> str:
        if value is None:
            return "—"
        if key in ("started_at", "last_inspected"):
            return format_datetime(value)
        if key in ("deadline", "date"):
            return dt.date.fromisoformat(value).strftime("%d-%m-%Y")
        if key in ("status", "severity", "kind"):
            return word(value)
        return str(value)

    columns = COLUMNS[what]
    table = [[_(title) for _key, title in columns]]
    table += [[shown(key, row[key]) for key, _title in columns] for row in rows]
    widths = [min(max(len(line[i]) for line in table), 60) for i in range(len(columns))]
    for line in table:
        click.echo("  ".join(cell[:60].ljust(widths[i]) for i, cell in enumerate(line)).rstrip())
    click.echo(ngettext("{n} row", "{n} rows", len(rows)).format(n=len(rows)))
