"""The report model: occupancy figures, side-by-side verdicts, finding order, personal data."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

import pytest

from inspect_tui.reports import build_report, load_photos, render
from inspect_tui.reports.text import norm_of
from inspect_tui.store import open_db
from tests.helpers.report_fixture import ReportDb


@pytest.fixture()
def report(report_db: ReportDb):  # type: ignore[no-untyped-def]
    db = open_db(report_db.path)
    try:
        yield build_report(db, report_db.inspection, with_occupants=True)
    finally:
        db.close()


def test_units_count_persons_in_their_rooms(report) -> None:  # type: ignore[no-untyped-def]
    rows = {u.label: u for u in report.units}
    chalet, room3 = rows["Chalet 14"], rows["Kamer 3"]
    assert (chalet.depth, room3.depth) == (0, 1)
    assert chalet.persons == 9 and chalet.beds == 8  # beds of its three rooms
    assert chalet.area_per_person == pytest.approx(100 / 9)
    assert chalet.persons_per_bedroom == pytest.approx(4.0)  # Kamer 3, the fullest (the average 3 hid it)
    assert room3.persons == 4 and room3.area_per_person == pytest.approx(12.5 / 4)
    assert "more persons than beds" in room3.flags
    assert rows["Caravan 7"].persons_per_bedroom is None


def test_measured_criterion_shows_snf_and_akf_side_by_side(report) -> None:  # type: ignore[no-untyped-def]
    items = {i.item_id: i for t in report.templates for s in t.sections for i in s.items}
    living = items["snf.space.living_area_pp"]
    # Per dwelling: Chalet 14 100 m² for 9 persons (11.1 m²/p), Caravan 7 12 m² for 1: both pass SNF ≥ 10
    # on a holiday park; year-round AKF housing needs 13 in 2025, so the chalet fails AKF.
    assert living.comparison == "all 2 dwellings pass (closest: Chalet 14: 11.1 m²/p ≥ 10)"
    assert living.verdict == "pass" and items["akf.space.living_area_pp"].verdict == "fail"
    akf = items["akf.space.living_area_pp"]
    assert akf.comparison == "2 of 2 dwellings fail: Caravan 7: 12 m²/p < 13; Chalet 14: 11.1 m²/p < 13"
    assert akf.source == "certification norm · akf 2024.2: AKF 2024, woonruimte [S]"
    assert items["snf.space.persons"].from_site and items["snf.space.persons"].answer == "10 persons"
    bedrooms = items["snf.space.bedroom_area_pp"]
    assert bedrooms.source == "certification norm · snf 2021.2: SNF, ruimte en privacy [V]"
    # The person in Caravan 7, which has no bedroom recorded, is named, never left out.
    assert bedrooms.comparison == (
        "2 of 3 bedrooms fail; 1 person in no recorded bedroom: Kamer 2: 2.7 m²/p < 3.5; Kamer 3: 3.1 m²/p < 3.5; "
        "Caravan 7: undecided — record the bedrooms of Caravan 7"
    )
    assert report.failed == sum(1 for i in items.values() if i.verdict == "fail")


def test_findings_are_ordered_by_severity_with_their_photos(report) -> None:  # type: ignore[no-untyped-def]
    assert [f.severity for f in report.findings] == ["critical", "major", "major", "minor", "minor"]
    bedroom = report.findings[1]
    assert bedroom.unit == "Kamer 3" and bedroom.norm == "SNF"
    assert [p.file_name for p in bedroom.photos] == ["kamer-3.png", "keuken-detail.png"]
    assert report.findings[-1].photos[0].is_image is False  # notitie.txt is listed, not embedded
    assert [r.decision for r in report.reviews] == ["sent back", "comment", "approved"]


def test_occupants_carry_only_a_masked_or_encrypted_bsn(report) -> None:  # type: ignore[no-untyped-def]
    bsns = {o.name: o.bsn for o in report.occupants}
    assert bsns["Ioana Mureșan"] == "●●●●●●333"
    assert bsns["Andrei Popescu"] == "encrypted"
    assert bsns["Jan Kowalski"] == ""


@pytest.mark.parametrize("fmt", ["md", "html", "pdf"])
def test_no_format_ever_contains_a_full_bsn(report_db: ReportDb, fmt: str) -> None:
    db = open_db(report_db.path)
    built = build_report(db, report_db.inspection, with_occupants=True)
    data = render(built, fmt, load_photos(db, built))
    db.close()
    text = data.decode("utf-8", errors="replace") if fmt != "pdf" else _pdf_text(data)
    for bsn in ("111222333", "123456782"):
        assert bsn not in text
    assert "333" in text  # the masked form is there


def _pdf_text(data: bytes) -> str:
    import io

    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_load_photos_reads_each_distinct_picture_once(report_db: ReportDb, report) -> None:  # type: ignore[no-untyped-def]
    db = open_db(report_db.path)
    photos = load_photos(db, report)
    db.close()
    shown = [p for f in report.findings for p in f.photos if p.is_image]
    assert len(shown) == 3 and len(photos) == 2  # keuken.png and keuken-detail.png are the same bytes


def test_unknown_inspection_is_a_store_error(report_db: ReportDb) -> None:
    from inspect_tui.store import StoreError

    db = open_db(report_db.path)
    with pytest.raises(StoreError, match="does not exist"):
        build_report(db, "00000000-0000-4000-8000-000000000000")
    db.close()


def test_generated_at_is_printed_only_when_given(report_db: ReportDb) -> None:
    db = open_db(report_db.path)
    plain = render(build_report(db, report_db.inspection), "md").decode()
    stamped = render(build_report(db, report_db.inspection, generated_at=dt.datetime(2025, 6, 14, 8, 0)), "md")
    db.close()
    assert "Generated" not in plain
    assert "Generated 14-06-2025 08:00 by inspect-tui." in stamped.decode()


def test_norm_comes_from_the_item_prefix() -> None:
    assert [norm_of(i) for i in ("snf.a.b", "akf.a.b", "rie.a.b", "covid-2020.a.b", None)] == [
        "SNF",
        "AKF",
        "RI&E",
        "COVID",
        "",
    ]


def test_reports_never_import_textual() -> None:
    code = (
        "import sys, inspect_tui.reports, inspect_tui.reports.pdf, inspect_tui.reports.html, "
        "inspect_tui.reports.markdown, inspect_tui.reports.findings, inspect_tui.cli.reports; "
        "sys.exit('textual' in sys.modules)"
    )
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


def test_a_draft_without_reviews_says_so(report_db: ReportDb) -> None:
    db = open_db(report_db.path)
    text = render(build_report(db, report_db.workplace_inspection), "md").decode()
    db.close()
    assert "Not signed off: the inspection is draft." in text
    assert "No review decisions yet." in text
    assert "### 1. Major — RI&E ontbreekt" in text


def test_render_report_is_what_the_tui_calls(report_db: ReportDb) -> None:
    from inspect_tui.reports import render_report
    from inspect_tui.reports.markdown import render_markdown

    db = open_db(report_db.path)
    try:
        assert render_report(db, report_db.inspection, "md") == render_markdown(
            build_report(db, report_db.inspection)
        ).encode("utf-8")
        assert render_report(db, report_db.inspection, "html").startswith(b"<!DOCTYPE html>")
        with pytest.raises(ValueError, match="unknown report format 'docx'"):
            render_report(db, report_db.inspection, "docx")
    finally:
        db.close()
