"""What a printed report or an export says must be what the database holds, in every format: each
test is a record that printed wrongly (a reason left out of the PDF, a description run as a
formula, an English word in a Dutch report, a figure rounded onto its limit, a row broken in two)."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlite_utils import Database

from inspect_tui.domain.enums import Severity
from inspect_tui.i18n import using
from inspect_tui.reports import build_report, load_photos, render
from inspect_tui.reports.findings import ExportFilter, findings_xlsx, render_findings, select_findings
from inspect_tui.reports.listing import ListFilter, list_findings, table_lines
from inspect_tui.reports.unit_figure import worst_figure
from inspect_tui.store import workflow as wf
from tests.helpers.report_fixture import png_bytes

PENSION = "8ce71065-2229-4985-9b2b-92342632f0e5"
"""Pension De Zwaluw, 17-11-2026, signed: findings may be extended and withdrawn."""
WITHDRAWN, EXTENDED = "2b921187-a5ba-46fe-8f25-81e7d1d13bc6", "bb33f097-b18b-4a40-a812-60d2985e65e4"
DRAFT, DRAFT_DAY = "04900747-68b0-490a-89c6-0fe8fb2211e6", dt.date(2026, 11, 18)
"""Logiesgebouw Havenkwartier, a draft: findings may be added."""
NOW = dt.datetime(2026, 11, 20, 10, 0, tzinfo=dt.UTC)


def _pdf_text(data: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages).replace("\n", " ")


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_pdf_gives_each_extension_and_the_withdrawal_with_its_reason(sample: Database, lang: str) -> None:
    wf.withdraw_finding(sample, WITHDRAWN, "Onterecht: het stel bleek gehuwd", by="M. Bakker", now=NOW)
    wf.extend_deadline(
        sample, EXTENDED, dt.date(2027, 3, 1), "Aannemer pas in december beschikbaar", by="M. Bakker", now=NOW
    )
    report = build_report(sample, PENSION, lang=lang)
    for fmt in ("pdf", "html", "md"):
        with using(lang):
            shown = render(report, fmt, {})
        text = _pdf_text(shown) if fmt == "pdf" else shown.decode()
        assert "Onterecht: het stel bleek gehuwd" in text, fmt
        assert "Aannemer pas in december beschikbaar" in text, fmt
        assert ("01-03-2027" if lang == "nl" else "1 Mar 2027") in text or "2027" in text, fmt


def test_a_description_typed_as_a_formula_stays_text_in_the_workbook(sample: Database) -> None:
    typed = '=HYPERLINK("http://example.invalid","klik")'
    wf.add_finding(sample, DRAFT, Severity.MINOR, typed)
    rows = select_findings(sample, ExportFilter(start=DRAFT_DAY, end=DRAFT_DAY))
    sheet = load_workbook(io.BytesIO(findings_xlsx(rows, lang="nl"))).active
    assert sheet is not None
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value == typed]
    assert cells and all(cell.data_type == "s" for cell in cells)
    assert not [cell for row in sheet.iter_rows() for cell in row if cell.data_type == "f"]


def test_a_sealed_bsn_reads_encrypted_in_the_reports_language(sample: Database) -> None:
    sample.execute(
        "UPDATE occupants SET sealed = ?, bsn = NULL WHERE id = (SELECT id FROM occupants WHERE bsn IS NOT NULL LIMIT 1)",
        ['{"bsn": "c2VhbGVkIGJ5dGVz"}'],
    )
    site = sample.execute(
        "SELECT u.site_id FROM occupants o JOIN units u ON u.id = o.unit_id WHERE o.bsn IS NULL AND o.sealed IS NOT NULL"
    ).fetchone()[0]
    inspection = sample.execute("SELECT id FROM inspections WHERE site_id = ? LIMIT 1", [site]).fetchone()[0]
    report = build_report(sample, inspection, lang="nl", with_occupants=True)
    assert report.occupants is not None
    bsns = {person.bsn for person in report.occupants}
    assert "versleuteld" in bsns and "encrypted" not in bsns


def test_a_figure_on_no_unit_is_exported_as_its_line_shows_it_never_rounded_onto_the_limit() -> None:
    # 10.49 m² for 3 persons = 3.4967 m²/p, a fail beside 3.5; two decimals made it "3.5".
    stored = "the one bedroom fails\nSlaapkamer 1: 3.4 m²/p < 3.5"
    assert worst_figure(stored, 10.49 / 3) == 3.4
    assert worst_figure("1 of 2 dwellings fail\nBlok A: 9.9 m²/p < 10", 9.99625) == 9.9
    assert worst_figure("all 4 bedrooms pass (closest: Kamer 3: 5 m²/p ≥ 3.5)", 5.0) == 5.0
    assert worst_figure(None, 12.25) == 12.25  # a figure typed for the site: no line to read
    assert worst_figure(stored, None) is None


def test_an_exported_finding_carries_the_figure_its_verdict_shows(sample: Database) -> None:
    sample.execute(
        "UPDATE answers SET figure = ?, units = ? WHERE inspection_id = ? AND item_id = ?",
        [10.49 / 3, "the one bedroom fails\nKamer 9: 3.4 m²/p < 3.5", DRAFT, "snf.space.bedroom_area_pp"],
    )
    wf.add_finding(sample, DRAFT, Severity.MAJOR, "Slaapkamer te klein", item_id="snf.space.bedroom_area_pp")
    rows = select_findings(sample, ExportFilter(start=DRAFT_DAY, end=DRAFT_DAY))
    small = [r for r in rows if r.description == "Slaapkamer te klein"]
    assert [r.figure for r in small] == [3.4]
    csv = render_findings(small, "csv", DRAFT_DAY)
    assert ",3.4,m²/p," in csv and ",3.5," not in csv


def test_a_description_of_several_lines_is_one_row_of_the_findings_list(sample: Database) -> None:
    wf.add_finding(sample, DRAFT, Severity.MINOR, "Eerste regel\nTweede regel\n| a | b |")
    rows = list_findings(sample, ListFilter(start=DRAFT_DAY, end=DRAFT_DAY), today=DRAFT_DAY)
    lines = table_lines("findings", rows)
    assert any("Eerste regel / Tweede regel / | a | b |" in line for line in lines)
    assert not any(line.lstrip().startswith("Tweede regel") for line in lines)
    assert len(lines) == len(rows) + 2  # the header, a line per finding, the count


def test_a_photo_on_a_checklist_item_is_shown_in_the_pdf_as_in_the_html(sample: Database, tmp_path: Path) -> None:
    picture = tmp_path / "kaart.png"
    picture.write_bytes(png_bytes(40, 30, (200, 30, 30)))
    answered = sample.execute(
        "SELECT item_id FROM answers WHERE inspection_id = ? AND value = 'yes' ORDER BY item_id LIMIT 1", [DRAFT]
    ).fetchone()[0]
    wf.attach_item_photo(sample, DRAFT, answered, picture)
    report = build_report(sample, DRAFT, lang="nl")
    photos = load_photos(sample, report)
    assert len(photos) == 1
    reader = PdfReader(io.BytesIO(render(report, "pdf", photos)))
    images = [image for page in reader.pages for image in page.images]
    assert len(images) == 1
    assert "kan niet worden getoond" not in _pdf_text(render(report, "pdf", photos))


def test_a_confirmed_finding_whose_carried_finding_was_withdrawn_is_not_still_open(sample: Database) -> None:
    # The 12 October occupancy finding, confirmed as still open on 16 November and carried on by that
    # inspection's own finding; withdrawing that one left the report saying "still open, 5 days overdue".
    carried = "b940d118-5be0-4339-a865-cbcc095e1e36"
    wf.withdraw_finding(sample, carried, "Onterecht: registerfout", by="M. Bakker", now=NOW)
    report = build_report(sample, "7ff16a13-678d-407a-99a0-0c10fc44d380", lang="nl")
    rows = [r for r in report.follow_up if r.description.startswith("In caravan 03")]
    assert [(r.withdrawn, r.resolved, r.overdue_days) for r in rows] == [(True, False, 0)]


def test_an_entity_typed_into_a_description_reads_as_typed_in_markdown() -> None:
    from inspect_tui.reports.md_table import md_escape

    # "&amp;" typed was shown as "&" by every Markdown viewer; a plain "&" stays as it is.
    assert md_escape("Bakker &amp; Zn") == "Bakker \\&amp; Zn"
    assert md_escape("Bakker & Zn") == "Bakker & Zn"


def test_a_bsn_typed_into_a_description_is_printed_masked_as_in_the_occupant_list(sample: Database) -> None:
    # The occupant list prints ●●●●●●333; the same number typed into a finding was printed whole in
    # every report and export.
    wf.add_finding(sample, DRAFT, Severity.MAJOR, "Bewoner met BSN 111222333 heeft geen contract")
    report = build_report(sample, DRAFT, lang="nl")
    for fmt in ("md", "html", "pdf"):
        shown = render(report, fmt, {})
        text = _pdf_text(shown) if fmt == "pdf" else shown.decode()
        assert "111222333" not in text and "333 heeft geen contract" in text, fmt
    rows = select_findings(sample, ExportFilter(start=DRAFT_DAY, end=DRAFT_DAY))
    described = [r.description for r in rows if "geen contract" in r.description]
    assert described == ["Bewoner met BSN ●●●●●●333 heeft geen contract"]
    listed = list_findings(sample, ListFilter(start=DRAFT_DAY, end=DRAFT_DAY), today=DRAFT_DAY)
    assert not any("111222333" in str(row) for row in listed)
