"""`report` and `findings`: an inspection report as PDF, HTML or Markdown; the day's findings."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from inspect_tui.cli.context import CliContext, UserError, pass_context
from inspect_tui.store import StoreError


def _format(
    given: str | None, out: str | None, suffixes: dict[str, str], allowed: tuple[str, ...], fallback: str
) -> str:
    """The format asked for, else the one the --out file name implies, else ``fallback``."""
    implied = suffixes.get(Path(out).suffix.lower()) if out and out != "-" else None
    if given is not None:
        fmt = given.strip().lower()
        if fmt not in allowed:
            raise UserError(f"unknown format {given!r}; use --format {', '.join(allowed[:-1])} or {allowed[-1]}")
        if implied is not None and implied != fmt:
            raise UserError(f"--out {out} looks like {implied} but --format is {fmt}; make them agree")
        return fmt
    return implied or fallback


def _emit(data: bytes, out: str, what: str) -> None:
    """Write to the --out file (atomically) or to standard output."""
    from inspect_tui.reports.output import write_atomic

    if out == "-":
        stream = getattr(sys.stdout, "buffer", None)
        if stream is None:  # a text-only stdout (some IDE consoles): only text formats fit
            click.echo(data.decode("utf-8"), nl=False)
            return
        sys.stdout.flush()
        stream.write(data)
        stream.flush()
        return
    write_atomic(Path(out).expanduser(), data)
    size = f"{len(data) / 1000:.1f} kB" if len(data) >= 1000 else f"{len(data)} B"
    click.echo(f"Wrote {what} to {out} ({size}).")


@click.command("report")
@click.argument("inspection_id")
@click.option(
    "--format",
    "fmt",
    metavar="pdf|html|md",
    default=None,
    help="Report format (default: from the --out file name, else pdf).",
)
@click.option(
    "--out",
    metavar="FILE",
    default=None,
    help="File to write, or - for standard output. Default: report-<date>-<id>.<format> here.",
)
@click.option(
    "--with-occupants", is_flag=True, help="Also list the persons found per unit (name, masked BSN, nationality, BRP)."
)
@pass_context
def report(ctx: CliContext, inspection_id: str, fmt: str | None, out: str | None, with_occupants: bool) -> None:
    """Write the report of one inspection: site, occupancy, answers with SNF and AKF side by side,
    findings with photos, reviews and sign-off.

    INSPECTION_ID is the inspection's id or its first 6 or more characters.
    """
    from inspect_tui.reports import REPORT_FORMATS, REPORT_SUFFIXES, build_report, load_photos, render
    from inspect_tui.reports.lookup import resolve_inspection_id

    chosen = _format(fmt, out, REPORT_SUFFIXES, REPORT_FORMATS, "pdf")
    if out == "-" and chosen == "pdf" and sys.stdout.isatty():
        raise UserError("a PDF cannot be shown in the terminal; give --out FILE.pdf or redirect the output")
    db = ctx.open()
    try:
        found = resolve_inspection_id(db, inspection_id, str(ctx.db_path))
        built = build_report(
            db,
            found,
            lang=ctx.lang or "en",
            with_occupants=with_occupants,
            generated_at=dt.datetime.now().replace(microsecond=0),
        )
        photos = load_photos(db, built) if chosen in ("pdf", "html") else None
    except StoreError as exc:
        raise UserError(str(exc)) from None
    finally:
        db.close()
    target = out or f"report-{built.started_at.date().isoformat()}-{found[:8]}.{chosen}"
    _emit(render(built, chosen, photos), target, f"the {chosen.upper()} report of {built.site.name}")


@click.command("findings")
@click.option(
    "--date",
    "day",
    default="today",
    metavar="DATE",
    help="Day the inspections started: YYYY-MM-DD, dd-mm-yyyy, today or yesterday (default today).",
)
@click.option("--inspector", default=None, metavar="NAME", help="Only this inspector's inspections (any case).")
@click.option("--site", "site", default=None, metavar="ID", help="Only this site (its id or first 6 characters).")
@click.option(
    "--format",
    "fmt",
    metavar="csv|json|md",
    default=None,
    help="Export format (default: from the --out file name; md on screen, csv for a file).",
)
@click.option("--excel", is_flag=True, help="CSV for Excel with Dutch settings: ';', UTF-8 BOM, decimal comma.")
@click.option("--out", metavar="FILE", default="-", help="File to write (default: - for standard output).")
@pass_context
def findings(
    ctx: CliContext, day: str, inspector: str | None, site: str | None, fmt: str | None, excel: bool, out: str
) -> None:
    """Export the findings of the inspections started on one day."""
    from inspect_tui.reports import FINDINGS_FORMATS, FINDINGS_SUFFIXES
    from inspect_tui.reports.findings import parse_day, query_findings, render_findings
    from inspect_tui.reports.lookup import resolve_site_id

    try:
        wanted = parse_day(day)
    except ValueError as exc:
        raise UserError(f"--date {exc}") from None
    fallback = "csv" if excel or out != "-" else "md"
    chosen = _format(fmt, out, FINDINGS_SUFFIXES, FINDINGS_FORMATS, fallback)
    if excel and chosen != "csv":
        raise UserError(f"--excel applies to CSV only; drop it or use --format csv (not {chosen})")
    db = ctx.open()
    try:
        site_id = resolve_site_id(db, site) if site else None
        rows = query_findings(db, wanted, inspector=inspector, site_id=site_id)
        others = _inspectors_of(db, wanted) if inspector and not rows else []
    except StoreError as exc:
        raise UserError(str(exc)) from None
    finally:
        db.close()
    if others:
        click.echo(
            f"No findings of {inspector} on {wanted:%d-%m-%Y}; inspectors that day: {', '.join(others)}.", err=True
        )
    text = render_findings(rows, chosen, wanted, excel=excel)
    _emit(text.encode("utf-8"), out, f"{len(rows)} findings of {wanted:%d-%m-%Y}")


def _inspectors_of(db: object, day: dt.date) -> list[str]:
    from sqlite_utils import Database

    assert isinstance(db, Database)
    rows = db.execute(
        "SELECT DISTINCT inspector FROM inspections WHERE started_at >= ? AND started_at < ? ORDER BY inspector",
        [day.isoformat(), (day + dt.timedelta(days=1)).isoformat()],
    ).fetchall()
    return [str(r[0]) for r in rows]


COMMANDS: list[click.Command] = [report, findings]
"""The commands this module adds to `inspect-tui`."""
