"""`report` and `findings`: an inspection report as PDF, HTML or Markdown; the day's findings."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from inspect_tui.cli.context import CliContext, UserError, named, pass_context
from inspect_tui.cli.help_text import HelpCommand
from inspect_tui.domain.printable import printable
from inspect_tui.i18n import LANGUAGES, N_, _, ngettext, using
from inspect_tui.i18n.summer_time import amsterdam_today
from inspect_tui.store import StoreError

LANG_OPTION = click.option(
    "--lang",
    "report_lang",
    type=click.Choice(LANGUAGES),
    default=None,
    help="Language of the output (default: inspect-tui --lang, else the app's language, else the locale's).",
)


def _language(ctx: CliContext, given: str | None) -> str:
    """The output language: this command's --lang, else the interface language (the global --lang,
    the app's language, the locale's)."""
    from inspect_tui.i18n import language

    return given or language()


def report_format(given: str | None, out: Path | None, fallback: str) -> str:
    """A report's format: --format, else the one the --out file name implies (r.pdf), else fallback;
    a --format the file name contradicts is refused."""
    from inspect_tui.reports import REPORT_FORMATS, REPORT_SUFFIXES

    return _format(given, str(out) if out is not None else None, REPORT_SUFFIXES, REPORT_FORMATS, fallback)


def new_report_file(out: Path) -> None:
    """Refuse an --out that exists (a report never replaces a file: it replaced a signed share) or
    whose name says no report format (r.txt got Markdown); a device or a pipe is written to as it is."""
    from inspect_tui.reports import REPORT_SUFFIXES

    if out.exists() and not out.is_file():
        return  # /dev/stdout, a named pipe (a folder is refused as --out before)
    if out.suffix and out.suffix.lower() not in REPORT_SUFFIXES:
        raise UserError(
            _("--out {out} names no report format; end it in {some} or {last}").format(
                out=out, some=".md, .html", last=".pdf"
            )
        )
    if out.exists():
        raise UserError(_("{out} already exists; choose another name or remove it first").format(out=out))


def _refuse_unnamed_format(out: str | None, suffixes: dict[str, str], message: str) -> None:
    """Refuse an --out file whose suffix names none of the command's formats: x.pdf got CSV, x.docx
    a PDF (a name without a suffix, a device or a pipe is written as the format says)."""
    if not out or out == "-":
        return
    path = Path(out)
    if not path.suffix or path.suffix.lower() in suffixes or (path.exists() and not path.is_file()):
        return
    names = list(dict.fromkeys(suffixes))
    raise UserError(_(message).format(out=out, some=", ".join(names[:-1]), last=names[-1]))


def _format(
    given: str | None, out: str | None, suffixes: dict[str, str], allowed: tuple[str, ...], fallback: str
) -> str:
    """The format asked for, else the one the --out file name implies, else ``fallback``."""
    implied = suffixes.get(Path(out).suffix.lower()) if out and out != "-" else None
    if given is not None:
        fmt = given.strip().lower()
        if fmt not in allowed:
            raise UserError(
                _("unknown format {given}; use --format {some} or {last}").format(
                    given=repr(given), some=", ".join(allowed[:-1]), last=allowed[-1]
                )
            )
        if implied is not None and implied != fmt:
            raise UserError(
                _("--out {out} looks like {implied} but --format is {format}; make them agree").format(
                    out=out, implied=implied, format=fmt
                )
            )
        return fmt
    return implied or fallback


def _terminal() -> bool:
    """Standard output is a terminal (not when the process started with it closed)."""
    return sys.stdout is not None and sys.stdout.isatty()


def _emit(data: bytes, out: str, what: str) -> None:
    """Write to the --out file (atomically) or to standard output."""
    from inspect_tui.reports.output import write_atomic

    if out == "-":
        if sys.stdout is None:  # started with standard output closed: nowhere to write, as click.echo does
            return
        stream = getattr(sys.stdout, "buffer", None)
        if stream is None:  # a text-only stdout (some IDE consoles): only text formats fit
            click.echo(data.decode("utf-8"), nl=False)
            return
        sys.stdout.flush()
        stream.write(data)
        stream.flush()
        return
    try:
        write_atomic(Path(out).expanduser(), data)
    except OSError as exc:
        if exc.errno is None:  # said already (a missing folder, a folder given)
            raise UserError(str(exc)) from None
        from inspect_tui.i18n.os_errors import os_problem

        raise UserError(_("cannot write {path}: {problem}").format(path=out, problem=os_problem(exc))) from None
    from inspect_tui.i18n import format_number

    size = f"{format_number(len(data) / 1000, 1)} kB" if len(data) >= 1000 else f"{len(data)} B"
    said = _("Wrote {what} to {out} ({size}).").format(what=what, out=out, size=size)
    click.echo(said[:1].upper() + said[1:])  # Dutch puts {what} first: "het PDF-rapport …" starts the line


@click.command("report", cls=HelpCommand)
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
    callback=named,
    help="File to write, or - for standard output. Default: report-<date>-<id>.<format> here.",
)
@click.option(
    "--with-occupants", is_flag=True, help="Also list the persons found per unit (name, masked BSN, nationality, BRP)."
)
@LANG_OPTION
@pass_context
def report(
    ctx: CliContext, inspection_id: str, fmt: str | None, out: str | None, with_occupants: bool, report_lang: str | None
) -> None:
    """Write the report of one inspection: site, occupancy, answers with SNF and AKF side by side,
    findings with photos, reviews and sign-off.

    INSPECTION_ID is the inspection's id or its first 6 or more characters.
    """
    from inspect_tui.reports import REPORT_FORMATS, REPORT_SUFFIXES, build_report, load_photos, render
    from inspect_tui.reports.lookup import resolve_inspection_id

    chosen = _format(fmt, out, REPORT_SUFFIXES, REPORT_FORMATS, "pdf")
    if out == "-" and chosen == "pdf" and _terminal():
        raise UserError(_("a PDF cannot be shown in the terminal; give --out FILE.pdf or redirect the output"))
    from inspect_tui.i18n.zone import now as amsterdam_now  # here: zoneinfo only for a report

    ctx.refuse_as_output(out)
    _refuse_unnamed_format(out, REPORT_SUFFIXES, N_("--out {out} names no report format; end it in {some} or {last}"))
    db = ctx.open_existing()
    try:
        found = resolve_inspection_id(db, inspection_id, str(ctx.db_path))
        built = build_report(
            db,
            found,
            lang=_language(ctx, report_lang),
            with_occupants=with_occupants,
            generated_at=amsterdam_now(),  # the footer's moment on Amsterdam's clock
        )
        photos = load_photos(db, built) if chosen in ("pdf", "html") else None
    except StoreError as exc:
        raise UserError(str(exc)) from None
    finally:
        db.close()
    target = out or f"report-{built.started_at.date().isoformat()}-{found[:8]}.{chosen}"
    with using(built.lang):
        what = _("the {format} report of {site}").format(format=chosen.upper(), site=built.site.name)
        _emit(render(built, chosen, photos), target, what)


@click.command("findings", cls=HelpCommand)
@click.option(
    "--date",
    "day",
    default=None,
    metavar="DATE",
    help="Day the inspections started: YYYY-MM-DD, dd-mm-yyyy, today or yesterday (default today).",
)
@click.option("--from", "start", default=None, metavar="DATE", help="First day of a period (inclusive).")
@click.option("--to", "end", default=None, metavar="DATE", help="Last day of a period (inclusive; default today).")
@click.option(
    "--open", "open_only", is_flag=True, help="Only findings still open (of any day unless a period is given)."
)
@click.option(
    "--overdue",
    is_flag=True,
    help="Only findings past their deadline in signed inspections, as the central figures count them "
    "(of any day unless a period is given).",
)
@click.option("--inspector", default=None, metavar="NAME", help="Only this inspector's inspections (any case).")
@click.option("--site", "site", default=None, metavar="ID", help="Only this site (its id or first 6 characters).")
@click.option(
    "--format",
    "fmt",
    metavar="csv|json|md|xlsx",
    default=None,
    help="Export format (default: from the --out file name; md on screen, csv for a file).",
)
@click.option("--excel", is_flag=True, help="CSV for Excel with Dutch settings: ';', UTF-8 BOM, decimal comma.")
@click.option(
    "--out", metavar="FILE", default="-", callback=named, help="File to write (default: - for standard output)."
)
@LANG_OPTION
@pass_context
def findings(
    ctx: CliContext,
    day: str | None,
    start: str | None,
    end: str | None,
    open_only: bool,
    overdue: bool,
    inspector: str | None,
    site: str | None,
    fmt: str | None,
    excel: bool,
    out: str,
    report_lang: str | None,
) -> None:
    """Export findings: of one day (default today), of a period (--from/--to), or all open or overdue ones."""
    from inspect_tui.reports import FINDINGS_FORMATS, FINDINGS_SUFFIXES
    from inspect_tui.reports.days import parse_day
    from inspect_tui.reports.findings import ExportFilter, findings_xlsx, render_findings, select_findings
    from inspect_tui.reports.lookup import resolve_site_id
    from inspect_tui.reports.text import date_text

    def parsed(option: str, text: str) -> dt.date:
        try:
            return parse_day(text)
        except ValueError as exc:
            raise UserError(f"{option} {exc}") from None

    if day is not None and (start is not None or end is not None):
        raise UserError(_("--date is one day and --from/--to a period; give one or the other"))
    today = amsterdam_today()
    first = parsed("--from", start) if start is not None else None
    last = parsed("--to", end) if end is not None else None
    if day is not None:
        first = last = parsed("--date", day)
    elif first is None and last is None and not (open_only or overdue):
        first = last = today
    elif first is not None and last is None:
        last = today
    if first is not None and last is not None and first > last:
        raise UserError(
            _("--from {first} is after --to {last}; swap them").format(first=date_text(first), last=date_text(last))
        )
    lang = _language(ctx, report_lang)
    fallback = "csv" if excel or out != "-" else "md"
    chosen = _format(fmt, out, FINDINGS_SUFFIXES, FINDINGS_FORMATS, fallback)
    if excel and chosen != "csv":
        raise UserError(
            _("--excel applies to CSV only; drop it or use --format csv (not {chosen})").format(chosen=chosen)
        )
    if chosen == "xlsx" and out == "-" and _terminal():
        raise UserError(_("an Excel file cannot be shown in the terminal; give --out FILE.xlsx or redirect the output"))
    ctx.refuse_as_output(out)
    _refuse_unnamed_format(
        out, FINDINGS_SUFFIXES, N_("--out {out} names no findings format; end it in {some} or {last}")
    )
    db = ctx.open_existing()
    try:
        site_id = resolve_site_id(db, site) if site is not None else None  # "" names no site: said, not all
        wanted = ExportFilter(
            start=first,
            end=last,
            open_only=open_only,
            overdue_on=today if overdue else None,
            inspector=inspector,
            site_id=site_id,
        )
        rows = select_findings(db, wanted)
        others = _inspectors_of(db, first) if inspector and not rows and first is not None and first == last else []
    except StoreError as exc:
        raise UserError(str(exc)) from None
    finally:
        db.close()
    with using(lang):
        period = _period_text(first, last, open_only, overdue)
    if others:
        with using(lang):
            click.echo(
                _("No findings of {inspector} on {period}; inspectors that day: {others}.").format(
                    inspector=printable(" ".join((inspector or "").split())),  # as typed: never run by the terminal
                    period=period,
                    others=", ".join(others),
                ),
                err=True,
            )
    if chosen == "xlsx":
        data = findings_xlsx(rows, lang=lang)
    else:
        with using(lang):
            title = (
                None
                if first == last and first is not None and not (open_only or overdue)
                else _("Findings") + " " + period
            )
        data = render_findings(rows, chosen, first or today, excel=excel, lang=lang, title=title).encode("utf-8")
    with using(lang):
        what = ngettext("{n} finding of {period}", "{n} findings of {period}", len(rows)).format(
            n=len(rows), period=period
        )
        _emit(data, out, what)


def _period_text(first: dt.date | None, last: dt.date | None, open_only: bool, overdue: bool) -> str:
    """``12-06-2025``, ``01-06-2025 – 30-06-2025``, ``all days``, with (open) / (overdue)."""
    from inspect_tui.reports.findings import period_text

    return period_text(first, last, open_only, overdue)


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
