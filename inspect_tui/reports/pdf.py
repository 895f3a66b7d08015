"""The inspection report as PDF (fpdf2), A4 portrait.

DejaVu Sans is embedded (subset), so ë, ï, €, m², ≥ and ✓ print everywhere. The fonts are
loaded once per document; each distinct photo is scaled once and embedded once, however
many findings show it. A header repeats the site name, a footer numbers the pages.
"""

from __future__ import annotations

import datetime as dt
import io
import os
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from importlib.resources import as_file, files

from fpdf import FPDF
from fpdf.enums import TableBordersLayout, XPos, YPos
from fpdf.fonts import FontFace

from inspect_tui.i18n import _, using
from inspect_tui.reports import content as c
from inspect_tui.reports.content import PhotoEntry
from inspect_tui.reports.images import PreparedImage, prepare_image
from inspect_tui.reports.model import InspectionReport, ReportFinding
from inspect_tui.reports.text import datetime_text, label, size_text

FONT = "DejaVu"
ACCENT = (31, 78, 121)
MUTED = (91, 107, 124)
LINE = (205, 213, 222)
BAND = (236, 241, 246)
SEVERITY_COLOURS = {"critical": (180, 35, 24), "major": (196, 50, 10), "minor": (138, 109, 0)}
FAIL = FontFace(color=(180, 35, 24), emphasis="BOLD")
PASS = FontFace(color=(26, 127, 55))
HEADINGS = FontFace(emphasis="BOLD", fill_color=BAND)

PHOTO_WIDTH = 56.0
"""Width of a photo on the page in mm (three side by side)."""
PHOTO_MAX_HEIGHT = 42.0


class _ReportPdf(FPDF):
    """A4 page with the site name in the header and page numbers in the footer."""

    def __init__(self, report: InspectionReport) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.report = report
        self.set_margins(15, 16, 15)
        self.set_auto_page_break(True, margin=16)
        with ExitStack() as stack:
            folder = files("inspect_tui.reports").joinpath("fonts")
            regular = stack.enter_context(as_file(folder.joinpath("DejaVuSans.ttf")))
            bold = stack.enter_context(as_file(folder.joinpath("DejaVuSans-Bold.ttf")))
            self.add_font(FONT, "", str(regular))
            self.add_font(FONT, "B", str(bold))
        self.set_draw_color(*LINE)
        self.set_line_width(0.2)

    def header(self) -> None:
        if self.page_no() == 1:
            return
        self.set_font(FONT, "", 7.5)
        self.set_text_color(*MUTED)
        self.cell(0, 4, f"{c.report_title()} — {self.report.site.name}", align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.line(self.l_margin, self.get_y() + 1, self.w - self.r_margin, self.get_y() + 1)
        self.set_y(self.get_y() + 4)
        self.set_text_color(0)

    def footer(self) -> None:
        self.set_y(-11)
        self.set_font(FONT, "", 7.5)
        self.set_text_color(*MUTED)
        left = f"{_('Inspection')} {self.report.inspection_id}"
        if self.report.generated_at is not None:
            left += " · " + c.generated_text(self.report)
        self.cell(0, 4, left, align="L")
        self.set_x(self.l_margin)
        self.cell(0, 4, _("Page {page} of {total}").format(page=self.page_no(), total="{nb}"), align="R")
        self.set_text_color(0)

    # --- building blocks -----------------------------------------------------------------

    def heading(self, text: str, size: float = 13, space: float = 30) -> None:
        """A section heading that never sits alone at the bottom of a page."""
        if self.will_page_break(space):
            self.add_page()
        self.ln(3)
        self.set_font(FONT, "B", size)
        self.set_text_color(*ACCENT)
        self.multi_cell(0, size * 0.5, text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        if size >= 12:
            self.set_draw_color(*ACCENT)
            self.set_line_width(0.5)
            self.line(self.l_margin, self.get_y() + 0.8, self.w - self.r_margin, self.get_y() + 0.8)
            self.set_draw_color(*LINE)
            self.set_line_width(0.2)
            self.ln(2.5)
        self.ln(1)
        self.set_text_color(0)
        self.set_font(FONT, "", 9)

    def paragraph(self, text: str, size: float = 9, colour: tuple[int, int, int] | None = None) -> None:
        self.set_font(FONT, "", size)
        if colour:
            self.set_text_color(*colour)
        self.multi_cell(0, size * 0.48, text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_text_color(0)
        self.ln(1)

    def facts(self, pairs: Sequence[tuple[str, str]]) -> None:
        """Label / value rows separated by thin lines (plain cells: much faster than a table)."""
        shown = [(k, v) for k, v in pairs if v]
        for name, value in shown:
            if self.will_page_break(5):
                self.add_page()
            top = self.get_y()
            self.set_font(FONT, "B", 8.5)
            self.set_text_color(*MUTED)
            self.set_xy(self.l_margin, top + 0.9)
            self.cell(38, 4.2, name)
            self.set_font(FONT, "", 8.5)
            self.set_text_color(0)
            self.set_xy(self.l_margin + 38, top + 0.9)
            self.multi_cell(142, 4.2, value, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            bottom = self.get_y() + 0.9
            self.line(self.l_margin, bottom, self.w - self.r_margin, bottom)
            self.set_y(bottom)
        if shown:
            self.ln(2)

    def grid(
        self,
        header: Sequence[str],
        rows: Sequence[Sequence[str]],
        widths: Sequence[float],
        align: str = "",
        styles: Sequence[Sequence[FontFace | None]] | None = None,
        size: float = 7.5,
    ) -> None:
        """A table with a repeated heading row; ``align`` has one letter per column (l or r)."""
        self.set_font(FONT, "", size)
        aligns = tuple("RIGHT" if a == "r" else "LEFT" for a in align.ljust(len(header), "l"))
        with self.table(
            col_widths=tuple(widths),
            text_align=aligns,
            headings_style=HEADINGS,
            line_height=size * 0.5,
            padding=(0.8, 1.1),
            borders_layout=TableBordersLayout.HORIZONTAL_LINES,
            width=sum(widths),
            align="LEFT",
            repeat_headings=1,
        ) as table:
            table.row(list(header))
            for index, cells in enumerate(rows):
                row = table.row()
                for col, cell in enumerate(cells):
                    style = styles[index][col] if styles is not None else None
                    row.cell(cell, style=style)
        self.ln(2)


def render_pdf(report: InspectionReport, photos: Mapping[str, bytes] | None = None) -> bytes:
    """The whole report as PDF bytes; ``photos`` maps SHA-256 to the bytes to embed."""
    with using(report.lang):
        return _render(report, photos or {})


def _render(report: InspectionReport, photos: Mapping[str, bytes]) -> bytes:
    pdf = _ReportPdf(report)
    pdf.set_title(f"{c.report_title()} — {report.site.name}")
    pdf.set_author(report.inspector)
    pdf.set_creator("inspect-tui")
    # A fixed creation date keeps the file the same for the same data.
    pdf.set_creation_date((report.generated_at or report.started_at).replace(tzinfo=dt.UTC))
    pdf.add_page()
    _front(pdf, report)
    _occupancy(pdf, report)
    _checklists(pdf, report)
    _findings(pdf, report)
    _photos(pdf, report, photos)
    _closing(pdf, report)
    return bytes(pdf.output())


def _front(pdf: _ReportPdf, report: InspectionReport) -> None:
    pdf.set_font(FONT, "B", 8.5)
    pdf.set_text_color(*MUTED)
    pdf.cell(0, 5, c.report_title().upper(), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(FONT, "B", 18)
    pdf.set_text_color(*ACCENT)
    pdf.multi_cell(0, 8, report.site.name, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(1)
    pdf.facts(c.inspection_facts(report))
    pdf.heading(_("Verdict per checklist"), space=20)
    verdicts = c.checklist_verdicts(report)
    styles = [[None, None, FAIL if v.failed else None, None, FAIL if v.failed else PASS] for v in verdicts]
    pdf.grid(c.verdict_header(), [c.verdict_cells(v) for v in verdicts], (80, 20, 18, 20, 42), "lrrrl", styles)
    pdf.paragraph(c.summary_line(report))
    pdf.heading(_("Actions"), space=20)
    if report.findings:
        rows = [c.action_cells(f) for f in c.actions(report)]
        severity = [
            [None, FAIL if f.severity == "critical" else None, None, None, None, None] for f in c.actions(report)
        ]
        pdf.grid(c.action_header(), rows, (20, 17, 58, 34, 34, 17), styles=severity)
    else:
        pdf.paragraph(_("No findings."))
    for title, rows in c.follow_up_groups(report):
        pdf.heading(title, space=20)
        pdf.grid(c.follow_up_header(), rows, (20, 62, 34, 32, 32))
    pdf.heading(_("Site"))
    pdf.facts(c.site_facts(report))


def _occupancy(pdf: _ReportPdf, report: InspectionReport) -> None:
    pdf.heading(_("Units and occupancy"))
    if not report.units:
        pdf.paragraph(_("No units recorded."))
    else:
        rows = [["   " * u.depth + u.label, *c.unit_cells(u)] for u in report.units]
        pdf.grid(c.unit_header(), rows, (26, 15, 15, 10, 19, 14, 15, 17, 49), "llrrrrrrl")
    if report.measurements:
        pdf.heading(_("Figures of the site as a whole"), size=10, space=20)
        pdf.grid(
            c.measurement_header(),
            [[m.name, m.value, m.source] for m in report.measurements],
            (60, 30, 50),
            "lrl",
        )
    if report.occupants is not None:
        pdf.heading(c.occupants_heading(report.occupants_as_signed), size=10, space=20)
        if report.occupants:
            pdf.grid(
                c.occupant_header(),
                [[o.unit, o.name, o.bsn, o.nationality, label(o.registration)] for o in report.occupants],
                (30, 60, 30, 25, 35),
            )
        else:
            pdf.paragraph(_("No occupants recorded."))


def _checklists(pdf: _ReportPdf, report: InspectionReport) -> None:
    pdf.heading(_("Checklist answers"))
    for template in report.templates:
        pdf.heading(f"{template.title} ({template.id} v{template.version})", size=11, space=30)
        if not template.sections:
            pdf.paragraph(_("No answers yet."))
        for section in template.sections:
            pdf.heading(section.title, size=9.5, space=22)
            rows, styles = [], []
            for item in section.items:
                text = f"{item.text}\n{item.item_id}" + (f"\n{_('Note')}: {item.note}" if item.note else "")
                answer = item.answer + (" " + c.from_units() if item.from_site else "")
                rows.append([text, answer, c.verdict_text(item.verdict, item.mark), item.comparison or "", item.source])
                verdict_style = {"fail": FAIL, "pass": PASS}.get(item.verdict)
                styles.append([None, None, verdict_style, FAIL if "✗" in (item.comparison or "") else None, None])
            pdf.grid(c.item_header(), rows, (66, 24, 17, 43, 30), styles=styles)


def _prepare_all(report: InspectionReport, photos: Mapping[str, bytes]) -> dict[str, PreparedImage | None]:
    """Every distinct picture of the report (on findings and on checklist items) made ready once,
    decoded in parallel (Pillow frees the GIL)."""
    shown = [e.photo for e in c.photo_entries(report)]
    wanted = sorted({p.sha256 for p in shown if p.is_image and p.sha256 in photos})
    if len(wanted) <= 1:
        return {sha: prepare_image(photos[sha]) for sha in wanted}
    with ThreadPoolExecutor(max_workers=min(len(wanted), os.cpu_count() or 2, 8)) as pool:
        return dict(zip(wanted, pool.map(lambda sha: prepare_image(photos[sha]), wanted), strict=True))


def _findings(pdf: _ReportPdf, report: InspectionReport) -> None:
    pdf.heading(_("Findings"))
    if not report.findings:
        pdf.paragraph(_("No findings."))
    for index, finding in enumerate(c.actions(report), 1):
        if pdf.will_page_break(24):
            pdf.add_page()
        _finding_title(pdf, index, finding)
        _finding_facts(pdf, finding)


def _finding_title(pdf: _ReportPdf, index: int, finding: ReportFinding) -> None:
    colour = SEVERITY_COLOURS.get(finding.severity, MUTED)
    pdf.ln(1)
    pdf.set_font(FONT, "B", 8)
    pdf.set_fill_color(*colour)
    pdf.set_text_color(255)
    tag = f" {index}. {c.severity_word(finding.severity).upper()} "
    pdf.cell(pdf.get_string_width(tag) + 2, 5.5, tag, fill=True, align="C")
    pdf.set_fill_color(255)  # tables drawn next would otherwise fill their cells with it
    pdf.set_text_color(0)
    pdf.set_font(FONT, "B", 10)
    pdf.set_x(pdf.get_x() + 2)
    pdf.multi_cell(0, 5.5, finding.description, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(1)


def _finding_facts(pdf: _ReportPdf, finding: ReportFinding) -> None:
    """Deadline, status and unit on one line, the item under it, then each deadline extension and
    the withdrawal with its reason (text, not a table: 20 findings as tables would double the
    rendering time of a report)."""
    facts = dict(c.finding_facts(finding))
    first = " · ".join(
        f"{name} {facts[name]}" for name in (_("Deadline"), _("Status"), _("Unit"), _("Shared with")) if facts.get(name)
    )
    pdf.paragraph(first, size=8.5)
    about = " · ".join(v for v in (facts.get(_("Norm")), facts.get(_("Item")), facts.get(_("Figure"))) if v)
    if about:
        pdf.paragraph(about, size=7.5, colour=MUTED)
    for name, value in c.finding_life(finding):  # each extension and the withdrawal, with its reason
        pdf.paragraph(f"{name}: {value}", size=8.5)


def _photos(pdf: _ReportPdf, report: InspectionReport, photos: Mapping[str, bytes]) -> None:
    """Every photo with its caption, time taken and item, three to a row."""
    entries = c.photo_entries(report)
    if not entries:
        return
    pdf.heading(_("Photos"), space=PHOTO_MAX_HEIGHT + 24)
    prepared = _prepare_all(report, photos)
    gap, per_row = 6.0, 3
    column, row_height, top = 0, 0.0, pdf.get_y()
    listed: list[PhotoEntry] = []
    for entry in entries:
        photo = entry.photo
        image = prepared.get(photo.sha256) if photo.is_image else None
        if image is None:
            listed.append(entry)
            continue
        width = PHOTO_WIDTH
        height = width * image.aspect
        if height > PHOTO_MAX_HEIGHT:
            height, width = PHOTO_MAX_HEIGHT, PHOTO_MAX_HEIGHT / image.aspect
        if column == per_row:
            column, top = 0, top + row_height
            row_height = 0.0
        if column == 0 and top + height + 14 > pdf.page_break_trigger:
            pdf.add_page()
            top = pdf.get_y()
        x = pdf.l_margin + column * (PHOTO_WIDTH + gap)
        # fpdf2 keys embedded images by content hash, so a repeated photo is stored once.
        pdf.image(io.BytesIO(image.data), x=x, y=top, w=width, h=height)
        pdf.set_xy(x, top + height + 0.5)
        pdf.set_font(FONT, "B", 7)
        pdf.multi_cell(PHOTO_WIDTH, 3, entry.caption, align="L", new_x=XPos.LEFT, new_y=YPos.NEXT)
        pdf.set_font(FONT, "", 6.5)
        pdf.set_text_color(*MUTED)
        pdf.multi_cell(PHOTO_WIDTH, 2.8, f"{entry.details()}\nsha256 {photo.sha256}", align="L")
        pdf.set_text_color(0)
        row_height = max(row_height, pdf.get_y() - top + 3)
        column += 1
    if column:
        pdf.set_xy(pdf.l_margin, top + row_height)
    for entry in listed:
        photo = entry.photo
        why = photo.media_type
        if photo.is_image:
            why = _("cannot be shown") if photo.sha256 in photos else _("not in this database")
        pdf.paragraph(
            f"{entry.caption} — {entry.details()} ({why}, {size_text(photo.size)}) · sha256 {photo.sha256}",
            size=7,
            colour=MUTED,
        )
    pdf.ln(2)


def _closing(pdf: _ReportPdf, report: InspectionReport) -> None:
    pdf.heading(_("Review decisions"))
    if report.reviews:
        pdf.grid(
            c.review_header(),
            [[datetime_text(r.created_at), r.reviewer, r.decision, r.reason or ""] for r in report.reviews],
            (30, 40, 25, 85),
        )
    else:
        pdf.paragraph(_("No review decisions yet."))
    pdf.heading(_("Signatures"), space=60)
    pdf.paragraph(c.sign_off_text(report), size=9)
    labels = c.signature_labels()
    for role, name in c.signature_roles(report):
        pdf.ln(2)
        pdf.set_font(FONT, "B", 9)
        pdf.cell(0, 5, role, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.set_font(FONT, "", 8.5)
        for index, caption in enumerate(labels):
            value = name if index == 0 else ""
            top = pdf.get_y()
            pdf.set_text_color(*MUTED)
            pdf.cell(25, 8, caption)
            pdf.set_text_color(0)
            pdf.cell(90, 8, value)
            pdf.line(pdf.l_margin + 25, top + 7, pdf.l_margin + 115, top + 7)
            pdf.set_xy(pdf.l_margin, top + (16 if index == 2 else 9))
