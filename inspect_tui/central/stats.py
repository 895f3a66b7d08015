"""Figures across the whole programme: per municipality and per norm.

``gather`` reads them in one consistent snapshot; the renderers (text, JSON, Markdown, HTML,
PDF) only format what it returns. Markdown tables and atomic writing come from ``reports``.

Every figure comes from signed inspections only (completed or approved): a draft still being
worked on, or an inspection sent back for correction, counts nowhere, and every output says so.
An item's failures stand beside its judged answers (passed or failed): "not applicable" and plain
measurements (recorded, judged by the rules that use them) are counted apart, so a failure rate
is failures over judged answers, never over every answer.

A finding carried over into a signed re-inspection lives on as the finding that took it over: the
earlier one is not counted open again (one defect, one open finding), and it is closed when the
finding that took it over is resolved or withdrawn.

A municipality is its sites' place in any case and spacing ("Venlo", "VENLO", "Den  Bosch"), as a
share's ``--municipality`` matches it (``places``), shown as most of its sites write it.
"""

from __future__ import annotations

import datetime as dt
import html
import json
from dataclasses import asdict, dataclass
from importlib.resources import as_file, files
from typing import Any

from inspect_tui.central.errors import CentralError
from inspect_tui.central.places import place_key, place_name, stored_places
from inspect_tui.central.signed import NOT_TAKEN_OVER, SIGNED, STILL_OPEN
from inspect_tui.central.store.connect import CentralDb
from inspect_tui.i18n import N_, _, format_date, language, ngettext, pick
from inspect_tui.i18n.counts import count_text, kind_count
from inspect_tui.i18n.zone import today as amsterdam_today
from inspect_tui.reports.markdown import md_escape, md_table

TOP_FAILURES = 10
"""Items listed per norm in the failures table."""

BASIS = "signed inspections only (completed or approved); drafts and inspections sent back do not count"
"""What the figures count, as JSON says it (the reports say it in the command's language)."""

VERDICT_COUNTS = (
    "COUNT(*) FILTER (WHERE a.verdict = 'fail' AND NOT a.item_id = ANY(%s)) AS failures, "
    "COUNT(*) FILTER (WHERE a.verdict = 'fail' AND a.item_id = ANY(%s)) AS advice, "
    "COUNT(*) FILTER (WHERE a.verdict IN ('pass', 'fail')) AS judged, "
    "COUNT(*) FILTER (WHERE a.verdict = 'n.a.') AS not_applicable, "
    "COUNT(*) FILTER (WHERE a.verdict = 'recorded') AS recorded"
)
"""An answer's verdict as counted: failures of the judged (pass or fail), apart from n.a. and
measurements; a failed recommendation is advice, not a failure (as the inspection's report counts
it). Takes the recommendations' item ids twice (``advice_items``)."""


def advice_items() -> list[str]:
    """The items whose failure is advice: recommendations (the items' own kind, else their checklist's)."""
    from inspect_tui.checklists import load_template, template_ids
    from inspect_tui.checklists.rule_kind import rule_kind

    return sorted(i.id for t in template_ids() for i in load_template(t).items if not rule_kind(i).binding)


@dataclass(frozen=True)
class CentralStats:
    """What ``central stats`` and ``central report`` show."""

    date_from: str | None
    date_to: str | None
    today: str
    totals: dict[str, int]
    """Records held (heads), revisions, bundles taken in, open conflicts."""
    municipalities: list[dict[str, Any]]
    """Per municipality: sites, sites inspected, inspections, open findings, critical past deadline, re-inspections due."""
    norms: list[dict[str, Any]]
    """Per norm: inspections, failures, judged, not applicable, recorded, open findings, critical past deadline."""
    failures: list[dict[str, Any]]
    """Per norm the items failed most often: norm, item, failures, judged, not applicable, recorded."""
    basis: str = BASIS
    """Which inspections the figures count: signed ones only."""

    def as_json(self) -> str:
        return json.dumps(asdict(self), indent=2, sort_keys=True, ensure_ascii=False)


def _rows(db: CentralDb, sql: str, params: list[Any]) -> list[dict[str, Any]]:
    cursor = db.pg(sql, params)
    names = [c.name for c in cursor.description or []]
    return [dict(zip(names, (int(v) if isinstance(v, int) else v for v in row), strict=True)) for row in cursor]


def _spellings(db: CentralDb) -> tuple[list[str], list[str], list[str | None]]:
    """The places the sites hold as stored, the municipality each belongs to, and how it is shown
    (None for a place of white space only: no municipality), as three arrays for ``unnest``."""
    stored = stored_places(db)
    return stored, [place_key(city) for city in stored], [place_name(city) or None for city in stored]


def gather(
    db: CentralDb, date_from: dt.date | None = None, date_to: dt.date | None = None, today: dt.date | None = None
) -> CentralStats:
    """Read every figure at one moment.

    The period limits inspections (by the day they started), answers and failures; open
    findings, overdue criticals and re-inspections due are the state as of today (in
    Europe/Amsterdam unless ``today`` is given). Only signed inspections count (``SIGNED``), with
    their answers and findings.
    """
    if date_from and date_to and date_from > date_to:
        raise CentralError(
            _("--from {first} is after --to {last}; swap them").format(
                first=format_date(date_from), last=format_date(date_to)
            )
        )
    day = (today or amsterdam_today()).isoformat()  # deadlines are Dutch days, whatever the server's zone
    period = [(date_from or dt.date(1, 1, 1)).isoformat(), (date_to or dt.date(9999, 12, 31)).isoformat()]
    in_period = "substr(i.started_at, 1, 10) BETWEEN %s AND %s AND i.status = ANY(%s)"
    signed = "i.status = ANY(%s)"
    statuses = list(SIGNED)
    advice = advice_items()
    with db.atomic():
        db.pg("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        totals = _rows(
            db,
            "SELECT (SELECT COUNT(*) FROM sites) AS sites, (SELECT COUNT(*) FROM inspections) AS inspections, "
            "(SELECT COUNT(*) FROM findings) AS findings, (SELECT COUNT(*) FROM changes) AS revisions, "
            "(SELECT COUNT(*) FROM bundles WHERE direction = 'in') AS bundles_in, "
            "(SELECT COUNT(DISTINCT origin) FROM changes) AS devices, "
            "(SELECT COUNT(*) FROM conflicts) AS open_conflicts",
            [],
        )[0]
        municipalities = _rows(
            db,
            f"""
            WITH spelled AS (SELECT * FROM unnest(%s::text[], %s::text[], %s::text[]) AS p(city, place, shown)),
                 site AS (SELECT s.id, COALESCE(p.place, '') AS place, p.shown AS city
                          FROM sites s LEFT JOIN spelled p ON p.city = s.city),
                 named AS (SELECT place, COALESCE(mode() WITHIN GROUP (ORDER BY city COLLATE "C"),
                                  '(no municipality)') AS municipality FROM site GROUP BY place),
                 insp AS (SELECT i.id, i.site_id FROM inspections i WHERE {in_period}),
                 open_f AS (SELECT f.severity, f.deadline, i.site_id FROM findings f
                            JOIN inspections i ON i.id = f.inspection_id
                            WHERE {STILL_OPEN} AND {signed} AND {NOT_TAKEN_OVER})
            SELECT m.municipality,
                   (SELECT COUNT(*) FROM site WHERE site.place = m.place) AS sites,
                   (SELECT COUNT(DISTINCT insp.site_id) FROM insp JOIN site ON site.id = insp.site_id
                     WHERE site.place = m.place) AS sites_inspected,
                   (SELECT COUNT(*) FROM insp JOIN site ON site.id = insp.site_id
                     WHERE site.place = m.place) AS inspections,
                   (SELECT COUNT(*) FROM open_f JOIN site ON site.id = open_f.site_id
                     WHERE site.place = m.place) AS open_findings,
                   (SELECT COUNT(*) FROM open_f JOIN site ON site.id = open_f.site_id
                     WHERE site.place = m.place AND open_f.severity = 'critical'
                       AND open_f.deadline < %s) AS critical_past_deadline,
                   (SELECT COUNT(DISTINCT open_f.site_id) FROM open_f JOIN site ON site.id = open_f.site_id
                     WHERE site.place = m.place AND open_f.deadline <= %s) AS reinspections_due
            FROM named m ORDER BY 1
            """,
            [*_spellings(db), *period, statuses, statuses, statuses, statuses, day, day],
        )
        norms = _rows(
            db,
            f"""
            WITH insp AS (SELECT i.* FROM inspections i WHERE {in_period}),
                 a AS (SELECT split_part(a.item_id, '.', 1) AS norm, a.item_id, a.verdict, a.inspection_id FROM answers a
                       JOIN insp ON insp.id = a.inspection_id),
                 f AS (SELECT split_part(COALESCE(f.item_id, 'other'), '.', 1) AS norm, f.severity, f.deadline,
                              {STILL_OPEN} AS still_open FROM findings f
                       JOIN inspections i ON i.id = f.inspection_id WHERE {signed} AND {NOT_TAKEN_OVER}),
                 counted AS (SELECT a.norm, COUNT(DISTINCT a.inspection_id) AS inspections, {VERDICT_COUNTS}
                             FROM a GROUP BY a.norm)
            SELECT n.norm,
                   COALESCE(c.inspections, 0) AS inspections, COALESCE(c.failures, 0) AS failures,
                   COALESCE(c.advice, 0) AS advice,
                   COALESCE(c.judged, 0) AS judged, COALESCE(c.not_applicable, 0) AS not_applicable,
                   COALESCE(c.recorded, 0) AS recorded,
                   (SELECT COUNT(*) FROM f WHERE f.norm = n.norm AND f.still_open) AS open_findings,
                   (SELECT COUNT(*) FROM f WHERE f.norm = n.norm AND f.still_open AND f.severity = 'critical'
                     AND f.deadline < %s) AS critical_past_deadline
            FROM (SELECT norm FROM a UNION SELECT norm FROM f) n LEFT JOIN counted c ON c.norm = n.norm
            ORDER BY n.norm
            """,
            [*period, statuses, statuses, statuses, statuses, advice, advice, day],
        )
        failures = _rows(
            db,
            f"""
            SELECT norm, item_id, failures, judged, not_applicable, recorded FROM (
              SELECT split_part(a.item_id, '.', 1) AS norm, a.item_id, {VERDICT_COUNTS},
                     row_number() OVER (PARTITION BY split_part(a.item_id, '.', 1)
                                        ORDER BY COUNT(*) FILTER (WHERE a.verdict = 'fail' AND NOT a.item_id = ANY(%s))
                                        DESC, a.item_id) AS place
              FROM answers a JOIN inspections i ON i.id = a.inspection_id
              WHERE {in_period}
              GROUP BY a.item_id
            ) ranked WHERE failures > 0 AND place <= %s ORDER BY norm, failures DESC, item_id
            """,
            [advice, advice, advice, *period, statuses, TOP_FAILURES],
        )
    return CentralStats(
        date_from.isoformat() if date_from else None,
        date_to.isoformat() if date_to else None,
        day,
        totals,
        municipalities,
        norms,
        failures,
    )


MUNICIPALITY_COLUMNS = (
    ("municipality", N_("Municipality")),
    ("sites", N_("Sites")),
    ("sites_inspected", N_("Inspected")),
    ("inspections", N_("Inspections")),
    ("open_findings", N_("Open findings")),
    ("critical_past_deadline", N_("Critical past deadline")),
    ("reinspections_due", N_("Re-inspections due")),
)
NORM_COLUMNS = (
    ("norm", N_("Norm")),
    ("inspections", N_("Inspections")),
    ("failures", N_("Failures")),
    ("advice", N_("Advice")),
    ("judged", N_("Judged")),
    ("not_applicable", N_("Not applicable")),
    ("recorded", N_("Measurements")),
    ("open_findings", N_("Open findings")),
    ("critical_past_deadline", N_("Critical past deadline")),
)
FAILURE_COLUMNS = (
    ("norm", N_("Norm")),
    ("item_id", N_("Item")),
    ("failures", N_("Failures")),
    ("judged", N_("Judged")),
    ("not_applicable", N_("Not applicable")),
    ("recorded", N_("Measurements")),
)


def _title(stats: CentralStats) -> str:
    start = format_date(stats.date_from) if stats.date_from else _("the start")
    return _("Central report, {start} to {end}").format(start=start, end=format_date(stats.date_to or stats.today))


def _sections(stats: CentralStats) -> list[tuple[str, tuple[tuple[str, str], ...], list[dict[str, Any]]]]:
    def shown(columns: tuple[tuple[str, str], ...]) -> tuple[tuple[str, str], ...]:
        return tuple((key, _(name)) for key, name in columns)

    unnamed = N_("(no municipality)")  # sites without a city, as gather groups them
    municipalities = [
        row | {"municipality": _(unnamed)} if row["municipality"] == unnamed else row for row in stats.municipalities
    ]
    norms = [row | {"norm": _(NO_ITEM_NORM)} if row["norm"] == NO_ITEM_NORM else row for row in stats.norms]
    texts = item_texts()
    failures = [row | {"item_id": texts.get(row["item_id"], row["item_id"])} for row in stats.failures]
    return [
        (_("Per municipality"), shown(MUNICIPALITY_COLUMNS), municipalities),
        (_("Per norm"), shown(NORM_COLUMNS), norms),
        (
            _("Items failed most often (top {n} per norm)").format(n=TOP_FAILURES),
            shown(FAILURE_COLUMNS),
            failures,
        ),
    ]


NO_ITEM_NORM = N_("other")
"""The norm gather gives findings on no checklist item (JSON keeps the word; reports translate it)."""


def item_texts() -> dict[str, str]:
    """Each shipped checklist item's text in the interface language, by item id."""
    from inspect_tui.checklists import list_templates

    return {item.id: pick(item.text_en, item.text_nl) for t in list_templates() for item in t.items}


def _totals_line(stats: CentralStats) -> str:
    t = stats.totals
    records = ", ".join(kind_count(kind, t[kind]) for kind in ("sites", "inspections", "findings"))
    where = _("{revisions} from {devices} in {bundles}").format(
        revisions=ngettext("{n} revision", "{n} revisions", t["revisions"]).format(n=count_text(t["revisions"])),
        devices=ngettext("{n} device", "{n} devices", t["devices"]).format(n=count_text(t["devices"])),
        bundles=ngettext("{n} bundle", "{n} bundles", t["bundles_in"]).format(n=count_text(t["bundles_in"])),
    )
    conflicts = ngettext("{n} open conflict.", "{n} open conflicts.", t["open_conflicts"]).format(
        n=count_text(t["open_conflicts"])
    )
    deadlines = _("Deadlines as of {today}.").format(today=format_date(stats.today))
    held = _("Held centrally, drafts included: {records}").format(records=records)
    return f"{held}; {where}; {conflicts} {deadlines}"


def _basis_lines(stats: CentralStats) -> list[str]:
    """What the figures count, how a failure rate is read, and which figures a period limits."""
    lines = [
        _(
            "Figures from signed inspections only (completed or approved); drafts and inspections sent back do not count."
        ),
        _(
            "Judged: answers passed or failed; a failure rate is failures over judged answers. "
            "Not applicable and measurements are counted apart."
        ),
    ]
    if stats.date_from or stats.date_to:
        lines.append(
            _(
                "The period limits sites inspected, inspections, answers and failures; open findings, critical "
                "findings past their deadline and re-inspections due are those of every signed inspection, "
                "as of {today}."
            ).format(today=format_date(stats.today))
        )
    return lines


def _cell(value: Any) -> str:
    """A table's cell: a count with the language's thousands separator (``1,234`` / ``1.234``)."""
    return count_text(value) if isinstance(value, int) else str(value)


def render_text(stats: CentralStats) -> str:
    """Plain text tables for the terminal."""
    lines = [_title(stats), _totals_line(stats), *_basis_lines(stats), ""]
    for heading, columns, rows in _sections(stats):
        lines.append(heading)
        cells = [[_cell(row[key]) for key, _ in columns] for row in rows]
        widths = [max([len(name), *(len(c[i]) for c in cells)]) for i, (_, name) in enumerate(columns)]
        lines.append("  ".join(name.ljust(w) for (_, name), w in zip(columns, widths, strict=True)))
        for c in cells:
            lines.append(
                "  ".join(v.ljust(w) if i == 0 else v.rjust(w) for i, (v, w) in enumerate(zip(c, widths, strict=True)))
            )
        if not rows:
            lines.append("  " + _("(none)"))
        lines.append("")
    return "\n".join(lines)


def render_markdown(stats: CentralStats) -> str:
    """A Markdown report (GFM tables, as the inspection reports)."""
    lines = [f"# {_title(stats)}", "", md_escape(_totals_line(stats)), ""]
    for line in _basis_lines(stats):
        lines += [md_escape(line), ""]
    for heading, columns, rows in _sections(stats):
        lines += [f"## {heading}", ""]
        align = "ll" + "r" * (len(columns) - 2) if columns[1][0] == "item_id" else "l" + "r" * (len(columns) - 1)
        lines += md_table([n for _, n in columns], ([md_escape(_cell(r[k])) for k, _ in columns] for r in rows), align)
        lines.append("")
    return "\n".join(lines)


def render_html(stats: CentralStats) -> str:
    """A standalone HTML page."""
    parts = [
        f"<!doctype html><html lang='{language()}'><head><meta charset='utf-8'>",
        f"<title>{html.escape(_title(stats))}</title>",
        "<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse;margin-bottom:1.5em}"
        "td,th{border:1px solid #ccd;padding:.25em .6em}td.n{text-align:right}th{background:#ecf1f6}</style>",
        f"</head><body><h1>{html.escape(_title(stats))}</h1><p>{html.escape(_totals_line(stats))}</p>",
        *(f"<p>{html.escape(line)}</p>" for line in _basis_lines(stats)),
    ]
    for heading, columns, rows in _sections(stats):
        parts.append(f"<h2>{html.escape(heading)}</h2><table><tr>")
        parts.extend(f"<th>{html.escape(name)}</th>" for _, name in columns)
        parts.append("</tr>")
        for row in rows:
            cells = "".join(
                f"<td class='n'>{_cell(row[k])}</td>"
                if isinstance(row[k], int)
                else f"<td>{html.escape(str(row[k]))}</td>"
                for k, _ in columns
            )
            parts.append(f"<tr>{cells}</tr>")
        parts.append("</table>")
    parts.append("</body></html>\n")
    return "".join(parts)


def render_pdf(stats: CentralStats) -> bytes:
    """An A4 PDF with the same tables (the DejaVu font of the inspection reports)."""
    from fpdf import FPDF

    pdf = FPDF(orientation="L", unit="mm", format="A4")
    pdf.set_margins(15, 15, 15)
    pdf.set_auto_page_break(True, margin=15)
    folder = files("inspect_tui.reports").joinpath("fonts")
    with as_file(folder.joinpath("DejaVuSans.ttf")) as regular, as_file(folder.joinpath("DejaVuSans-Bold.ttf")) as bold:
        pdf.add_font("DejaVu", "", str(regular))
        pdf.add_font("DejaVu", "B", str(bold))
    pdf.add_page()
    pdf.set_font("DejaVu", "B", 15)
    pdf.multi_cell(0, 8, _title(stats), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 9)
    for line in (_totals_line(stats), *_basis_lines(stats)):
        pdf.multi_cell(0, 5, line, new_x="LMARGIN", new_y="NEXT")
    for heading, columns, rows in _sections(stats):
        pdf.ln(3)
        pdf.set_font("DejaVu", "B", 11)
        pdf.cell(0, 7, heading, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("DejaVu", "", 8)
        with pdf.table(text_align="LEFT") as table:
            table.row([name for _, name in columns])
            for row in rows:
                table.row([_cell(row[k]) for k, _ in columns])
    return bytes(pdf.output())


def render(stats: CentralStats, fmt: str) -> bytes:
    """The report in one of md, html, pdf, json, text."""
    if fmt == "pdf":
        return render_pdf(stats)
    text = {"md": render_markdown, "html": render_html, "json": CentralStats.as_json, "text": render_text}[fmt](stats)
    return text.encode()
