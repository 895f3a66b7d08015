"""The day's findings as CSV, JSON or Markdown, for the team lead's overview.

One query joins findings to their inspection, site, unit, answer and photo count; the
sites' address lines are built from one more query. Nothing here loads pydantic or the
checklists (figure units come from ``reports.figure_units``), so `inspect-tui findings` and
`list findings` answer as quickly as the query allows (see ``inspect_tui.quick``). ``excel=True`` writes CSV the way Excel
with Dutch settings opens it directly: UTF-8 BOM, ``;`` between fields, a decimal comma and
dates as dd-mm-yyyy. Headers and values (severity, status) of CSV and Markdown follow the
chosen language; JSON is a machine format and keeps its English keys and stored values.
"""

from __future__ import annotations

import datetime as dt

from inspect_tui.domain.bsn_text import masked_bsns
from inspect_tui.domain.named_tuple import TYPE_CHECKING, NamedTuple
from inspect_tui.domain.printable import MULTI_LINE_FIELDS, all_printable, printable
from inspect_tui.i18n import N_, _, language, unit_word, using
from inspect_tui.reports.addresses import site_addresses
from inspect_tui.reports.days import parse_day as parse_day  # where the export's callers read it before
from inspect_tui.reports.figure_units import figure_unit
from inspect_tui.reports.findings_totals import totals_line
from inspect_tui.reports.md_table import md_escape, md_table
from inspect_tui.reports.plain_values import amsterdam_day, is_plain_figure
from inspect_tui.reports.text import date_text, norm_of, number_text, one_line, severity_rank
from inspect_tui.reports.unit_figure import unit_figure, unit_names, worst_figure
from inspect_tui.reports.words import word
from inspect_tui.store.open_findings import OPEN_ON_SIGNED_RECORD, STILL_OPEN, TAKEN_OVER, shown_status

if TYPE_CHECKING:  # typing is not loaded at run time (see ``domain.named_tuple``)
    from collections.abc import Iterator, Sequence
    from typing import Any

    from sqlite_utils import Database

COLUMNS = (
    N_("date"),
    N_("site"),
    N_("address"),
    N_("unit"),
    N_("inspector"),
    N_("inspection id"),
    N_("item id"),
    N_("norm"),
    N_("figure"),
    N_("figure unit"),
    N_("severity"),
    N_("description"),
    N_("deadline"),
    N_("status"),
    N_("photos"),
)
"""Header of the CSV export, in order (in English; :func:`columns` gives them in the current language)."""


def columns() -> list[str]:
    """The CSV header in the current language."""
    return [_(name) for name in COLUMNS]


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class FindingExportRow(NamedTuple):
    """One finding of the export (a named tuple: the module loads without ``dataclasses``, whose
    import costs `inspect-tui findings` more than rendering its rows)."""

    date: dt.date
    """Day the inspection started."""
    site: str
    address: str
    unit: str
    """Label of the unit concerned; "" for the whole site."""
    inspector: str
    inspection_id: str
    item_id: str
    norm: str
    """SNF, AKF, RI&E or COVID, from the item id; "" for a free finding."""
    figure: float | None
    """The computed figure of the item's answer, e.g. 11.2 (m² per person)."""
    figure_unit: str
    """Unit of the figure, e.g. ``m²/p``; "" without a figure."""
    severity: str
    description: str
    deadline: dt.date
    status: str
    photos: int
    """Number of files attached."""
    taken_over: bool = False
    """Open, but carried into a later inspection: the finding that took it over carries the defect
    on (``store.open_findings``); shown as "taken over", as the report shows it."""

    def shown_status(self) -> str:
        """The status a document shows: ``taken_over`` for an open finding a later inspection took over."""
        return shown_status(self.status, self.taken_over)


class ExportFilter(NamedTuple):
    """Which findings an export holds: a period of inspection days, open or overdue ones, whose, where."""

    start: dt.date | None = None
    """First day the inspections started (inclusive); None: from the first."""
    end: dt.date | None = None
    """Last day (inclusive); None: up to now."""
    open_only: bool = False
    """Only findings still open (not carried into a later inspection: the one that took it over counts)."""
    overdue_on: dt.date | None = None
    """Only findings open on the signed record (``OPEN_ON_SIGNED_RECORD``: of a completed or approved
    inspection) whose deadline is before this day; shown "open"."""
    inspector: str | None = None
    site_id: str | None = None


def query_findings(
    db: Database,
    day: dt.date,
    *,
    inspector: str | None = None,
    site_id: str | None = None,
) -> list[FindingExportRow]:
    """Findings of inspections started on ``day``, optionally of one inspector (any case) or site."""
    return select_findings(db, ExportFilter(start=day, end=day, inspector=inspector, site_id=site_id))


def select_findings(db: Database, wanted: ExportFilter, *, addresses: bool = True) -> list[FindingExportRow]:
    """Findings matching ``wanted``, sorted by site, inspection, severity and deadline; without
    ``addresses`` their ``address`` is left empty (one query less, for a list that shows none)."""
    where: list[str] = []
    params: list[object] = []
    if wanted.start is not None:
        where.append("i.started_at >= ?")
        params.append(wanted.start.isoformat())
    if wanted.end is not None:
        where.append("i.started_at < ?")
        params.append((wanted.end + dt.timedelta(days=1)).isoformat())
    status, taken_over = "f.status", TAKEN_OVER
    if wanted.overdue_on is not None:
        # Past its deadline as the signed record has it (the central figures' rule): a deadline
        # runs from a signed report, so a draft's or a returned inspection's finding is not
        # overdue yet, and such a finding is open there whatever the working state says.
        where.append(OPEN_ON_SIGNED_RECORD)
        where.append("f.deadline < ?")
        params.append(wanted.overdue_on.isoformat())
        status, taken_over = "'open'", "0"
    elif wanted.open_only:
        # Open, and not carried into a later inspection: one defect is one open finding, the one
        # that took it over (the earlier keeps its stored status; the re-inspection's rule).
        # Resolving the carry closes the defect.
        where.append(STILL_OPEN)
    if wanted.inspector:
        where.append("i.inspector = ? COLLATE NOCASE")
        params.append(wanted.inspector.strip())
    if wanted.site_id:
        where.append("i.site_id = ?")
        params.append(wanted.site_id)
    rows = db.execute(
        f"""
        SELECT i.started_at, i.site_id, s.name, u.label, i.inspector, i.id, f.item_id, a.figure,
               f.severity, f.description, f.deadline, {status},
               (SELECT COUNT(*) FROM attachments t WHERE t.finding_id = f.id), a.units,
               {taken_over}, f.unit_id
        FROM findings f
        JOIN inspections i ON i.id = f.inspection_id
        JOIN sites s ON s.id = i.site_id
        LEFT JOIN units u ON u.id = f.unit_id
        LEFT JOIN answers a ON a.inspection_id = f.inspection_id AND a.item_id = f.item_id
        WHERE {" AND ".join(where) or "1"}
        """,
        params,
    ).fetchall()
    lines = site_addresses(db, sorted({r[1] for r in rows})) if addresses else {}
    # Text from older databases may hold control characters: shown escaped (one search tells
    # whether any does; most results hold none, and then no row needs a second look).
    plain = all_printable(v for r in rows for v in (r[2], r[3], r[4])) and all_printable(
        (r[9] for r in rows), multiline=True
    )
    # Many findings share an inspection, an item or a deadline: each is read once.
    days = {moment: amsterdam_day(moment) for moment in {r[0] for r in rows}}
    deadlines = {text: dt.date.fromisoformat(text) for text in {r[10] for r in rows}}
    items = {item: (item or "", norm_of(item), figure_unit(item)) for item in {r[6] for r in rows}}
    named = unit_names(db, {r[1] for r in rows if r[15]})  # "Caravan B / Slaapkamer 1", as the lines say
    result = []
    for r in rows:
        item_id, norm, unit = items[r[6]]
        label = named.get(r[15], r[3]) if r[15] else r[3]
        figure = _figure_of(r[7], r[13], label, r[3])
        row = FindingExportRow(
            days[r[0]],
            r[2],
            lines.get(r[1], ""),
            label or "",
            r[4],
            r[5],
            item_id,
            norm,
            figure,
            unit if figure is not None else "",
            r[8],
            masked_bsns(r[9]),
            deadlines[r[10]],
            r[11],
            int(r[12]),
            bool(r[14]),
        )
        result.append(row if plain else _shown_row(row, "site", "unit", "inspector", "description"))
    result.sort(
        key=lambda f: (f.site.casefold(), f.inspection_id, severity_rank(f.severity), f.deadline, f.description)
    )
    return result


def _figure_of(figure: float | None, units: str | None, label: str | None, plain: str | None) -> float | None:
    """The figure of the finding's unit as its verdict line shows it; the answer's (the worst unit's)
    for a finding on no unit or on a unit the lines do not name. Kamer 3's finding never carries the
    figure of Kamer 2. Lines judged before a unit of the same label joined the site (signed ones) name
    it by its plain label."""
    named, shown = unit_figure(units, label) if label else (False, None)
    if not named and plain and plain != label:
        named, shown = unit_figure(units, plain)
    return shown if named else worst_figure(units, figure)


def _shown_row(row: FindingExportRow, *names: str) -> FindingExportRow:
    """The row with the named text fields escaped by ``printable`` (as ``shown_fields`` does)."""
    changed: dict[str, Any] = {}
    for name in names:
        value = getattr(row, name)
        if isinstance(value, str):
            escaped = printable(value, multiline=name in MULTI_LINE_FIELDS)
            if escaped != value:
                changed[name] = escaped
    return row._replace(**changed) if changed else row


def _cells(row: FindingExportRow, excel: bool) -> list[str]:
    def text(value: str) -> str:
        value = one_line(value)
        # Excel runs a cell starting with = + - @ as a formula; a leading ' keeps it text.
        return f"'{value}" if excel and value.startswith(_FORMULA_START) else value

    day = date_text if excel else dt.date.isoformat
    figure = "" if row.figure is None else f"{row.figure:.2f}".rstrip("0").rstrip(".")
    if excel:
        figure = figure.replace(".", ",")
    return [
        day(row.date),
        text(row.site),
        text(row.address),
        text(row.unit),
        text(row.inspector),
        row.inspection_id,
        row.item_id,
        row.norm,
        figure,
        unit_word(row.figure_unit),
        word(row.severity),
        text(row.description),
        day(row.deadline),
        word(row.shown_status()),
        str(row.photos),
    ]


def findings_csv(rows: Sequence[FindingExportRow], *, excel: bool = False) -> str:
    """CSV with a header row; ``excel`` for Excel with Dutch settings (BOM, ``;``, decimal comma)."""
    import csv
    import io

    out = io.StringIO()
    if excel:
        out.write("\ufeff")
    writer = csv.writer(out, delimiter=";" if excel else ",", lineterminator="\r\n")
    writer.writerow(columns())
    writer.writerows(_cells(row, excel) for row in rows)
    return out.getvalue()


def findings_json(rows: Sequence[FindingExportRow]) -> str:
    """A JSON array of findings; dates as ISO strings, figures as numbers."""
    import json

    data = []
    for row in rows:
        item = row._asdict()
        item["date"] = row.date.isoformat()
        item["deadline"] = row.deadline.isoformat()
        data.append(item)
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def findings_markdown(rows: Sequence[FindingExportRow], day: dt.date, title: str | None = None) -> str:
    """A Markdown table of the day's (or ``title``'s) findings, sorted by site, then severity."""
    lines = [f"# {title or _('Findings of {day}').format(day=date_text(day))}", ""]
    if not rows:
        return "\n".join([*lines, _("No findings."), ""])
    lines += md_table(
        [
            _("Site"),
            _("Unit"),
            _("Inspector"),
            _("Inspection"),
            _("Item"),
            _("Norm"),
            _("Figure"),
            _("Severity"),
            _("Description"),
            _("Deadline"),
            _("Status"),
            _("Photos"),
        ],
        _markdown_cells(rows),
        "llllllrllllr",
    )
    return "\n".join([*lines, "", totals_line(rows), ""])


def _markdown_cells(rows: Sequence[FindingExportRow]) -> Iterator[list[str]]:
    """The cells of each row of the Markdown table (a word or day many rows share is written once)."""
    words: dict[str, str] = {}
    days: dict[dt.date, str] = {}
    for r in rows:
        shown = r.shown_status()
        severity, status = words.get(r.severity), words.get(shown)
        if severity is None:
            severity = words[r.severity] = word(r.severity)
        if status is None:
            status = words[shown] = word(shown)
        deadline = days.get(r.deadline)
        if deadline is None:
            deadline = days[r.deadline] = date_text(r.deadline)
        yield [
            md_escape(r.site) + (f"<br>{md_escape(r.address)}" if r.address else ""),
            md_escape(r.unit),
            md_escape(r.inspector),
            f"`{r.inspection_id[:8]}`",
            f"`{r.item_id}`" if r.item_id else "",
            md_escape(r.norm),
            f"{figure_text(r.figure)} {unit_word(r.figure_unit, r.figure)}".strip() if r.figure is not None else "",
            severity,
            md_escape(r.description),
            deadline,
            status,
            str(r.photos),
        ]


def figure_text(value: float) -> str:
    """``reports.text.number_text(value, 2)``: at most two decimals, no trailing zeros, the
    language's separators (``1,234.5`` / ``1.234,5``); worked out here for an ordinary figure
    (babel, which number_text asks, costs the command more than its query; a test checks
    they agree), by number_text for anything else."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    if not is_plain_figure(text) or float(text) == 0 or language() not in ("en", "nl"):
        return number_text(value, 2)
    sign, digits = ("-", text[1:]) if text.startswith("-") else ("", text)
    whole, _dot, fraction = digits.partition(".")
    dutch = language() == "nl"
    grouped = f"{int(whole):,}".replace(",", "." if dutch else ",")
    return f"{sign}{grouped}{',' if dutch else '.'}{fraction}" if fraction else f"{sign}{grouped}"


def render_findings(
    rows: Sequence[FindingExportRow],
    fmt: str,
    day: dt.date,
    *,
    excel: bool = False,
    lang: str = "en",
    title: str | None = None,
) -> str:
    """The export in ``fmt`` (csv, json or md), headers and values in ``lang``."""
    with using(lang):
        return _render_findings(rows, fmt, day, excel=excel, title=title)


def findings_xlsx(rows: Sequence[FindingExportRow], *, lang: str = "en") -> bytes:
    """An Excel workbook: typed cells (dates as dates, figures as numbers), a frozen header, an autofilter."""
    import io

    from openpyxl import Workbook
    from openpyxl.styles import Font

    from inspect_tui.reports.workbook_cells import keep_text

    with using(lang):
        book = Workbook()
        sheet = book.active
        assert sheet is not None
        sheet.title = _("Findings")[:31]
        sheet.append(columns())
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows:
            sheet.append(
                [
                    row.date,
                    row.site,
                    row.address,
                    row.unit,
                    row.inspector,
                    row.inspection_id,
                    row.item_id,
                    row.norm,
                    row.figure,
                    unit_word(row.figure_unit),
                    word(row.severity),
                    one_line(row.description),
                    row.deadline,
                    word(row.shown_status()),
                    row.photos,
                ]
            )
            keep_text(sheet[sheet.max_row])  # a description typed as =HYPERLINK(…) stays text
        for column in ("A", "M"):
            for cell in sheet[column][1:]:
                cell.number_format = "DD-MM-YYYY"
        widths = {"A": 12, "B": 28, "C": 34, "D": 14, "E": 18, "F": 12, "G": 30, "L": 60, "M": 12}
        for column, width in widths.items():
            sheet.column_dimensions[column].width = width
        sheet.freeze_panes = "A2"
        sheet.auto_filter.ref = sheet.dimensions
        out = io.BytesIO()
        book.save(out)
        return out.getvalue()


def _render_findings(
    rows: Sequence[FindingExportRow], fmt: str, day: dt.date, *, excel: bool, title: str | None
) -> str:
    if fmt == "csv":
        return findings_csv(rows, excel=excel)
    if fmt == "json":
        return findings_json(rows)
    if fmt == "md":
        return findings_markdown(rows, day, title)
    raise ValueError(f"unknown findings format {fmt!r}; use csv, json or md (xlsx: findings_xlsx)")


def period_text(first: dt.date | None, last: dt.date | None, open_only: bool, overdue: bool) -> str:
    """``12-06-2025``, ``01-06-2025 – 30-06-2025``, ``all days``, with (open) / (overdue)."""
    if first is None and last is None:
        text = _("all days")
    elif first == last and first is not None:
        text = date_text(first)
    else:
        text = f"{date_text(first) if first else '…'} – {date_text(last) if last else '…'}"
    if overdue:
        text += " (" + _("overdue") + ")"
    elif open_only:
        text += " (" + _("open") + ")"
    return text
