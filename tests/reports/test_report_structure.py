"""Page one carries what a reader acts on; the same content in Markdown, HTML and PDF, in Dutch and English."""

from __future__ import annotations

import dataclasses
import io
from typing import TYPE_CHECKING

import pytest
from pypdf import PdfReader

from inspect_tui.domain.enums import Severity, SnfHousingType
from inspect_tui.domain.models import Site
from inspect_tui.i18n import language
from inspect_tui.reports import build_report, load_photos, render
from inspect_tui.reports.content import actions, checklist_verdicts
from inspect_tui.store import open_db, save
from inspect_tui.store import workflow as wf
from tests.helpers.checklist import answer_required
from tests.helpers.report_fixture import ReportDb

if TYPE_CHECKING:
    from sqlite_utils import Database


def _build(report_db: ReportDb, lang: str):  # type: ignore[no-untyped-def]
    db = open_db(report_db.path)
    try:
        report = build_report(db, report_db.inspection, lang=lang)
        return report, load_photos(db, report)
    finally:
        db.close()


ORDER = {
    "en": ["Verdict per checklist", "Actions", "Units and occupancy", "Checklist answers", "Photos", "Signatures"],
    "nl": [
        "Oordeel per checklist",
        "Acties",
        "Eenheden en bewoning",
        "Antwoorden per checklist",
        "Foto",
        "Ondertekening",
    ],
}


@pytest.mark.parametrize("lang", ["en", "nl"])
@pytest.mark.parametrize("fmt", ["md", "html", "pdf"])
def test_sections_in_order_in_every_format(report_db: ReportDb, lang: str, fmt: str) -> None:
    report, photos = _build(report_db, lang)
    data = render(report, fmt, photos)
    if fmt == "pdf":
        text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    else:
        text = data.decode("utf-8")
    positions = [text.find(heading) for heading in ORDER[lang]]
    assert -1 not in positions, (fmt, lang, positions)
    assert positions == sorted(positions), (fmt, lang)
    if fmt == "pdf":
        first_page = PdfReader(io.BytesIO(data)).pages[0].extract_text()
        assert ORDER[lang][0] in first_page and ORDER[lang][1] in first_page
        assert "Geen brandblusser" in first_page  # the most urgent action is on page one
    if lang == "nl":
        assert "Inspection report" not in text and "Deadline" not in text
        if fmt == "html":
            assert '<html lang="nl">' in text
    assert language() == "en"  # rendering in Dutch leaves the session's language alone


def test_actions_are_ordered_by_deadline_with_the_failing_figure(report_db: ReportDb) -> None:
    report, _photos = _build(report_db, "en")
    ordered = actions(report)
    assert [f.deadline for f in ordered] == sorted(f.deadline for f in ordered)
    bedroom = next(f for f in ordered if f.item_id == "snf.space.bedroom_area_pp")
    assert bedroom.figure is not None and "Kamer 3: 3.1 m²/p < 3.5" in bedroom.figure  # the failing unit named


def test_verdict_per_checklist_counts(report_db: ReportDb) -> None:
    report, _photos = _build(report_db, "en")
    verdicts = checklist_verdicts(report)
    assert sum(v.answered for v in verdicts) == report.answered
    assert sum(v.failed for v in verdicts) == report.failed  # a failed recommendation is advice, not counted
    assert all(v.verdict == "does not comply" for v in verdicts if v.failed)


def test_a_recommendation_is_advice_not_a_breach(report_db: ReportDb) -> None:
    """The kind of rule decides, not the words of the source: a failed recommendation is advice."""
    report, _photos = _build(report_db, "en")
    template = report.templates[0]
    item = template.sections[0].items[0]
    advice = dataclasses.replace(item, verdict="advice", source="SNF 2021, ruimte en privacy [V]")
    breach = dataclasses.replace(item, verdict="fail", source="AKF 2024, aanbeveling 2.2 [V]")
    for rows, expected in (((advice,), (0, 1, "complies, with advice")), ((breach,), (1, 0, "does not comply"))):
        section = dataclasses.replace(template.sections[0], items=rows)
        verdict = checklist_verdicts(
            dataclasses.replace(report, templates=(dataclasses.replace(template, sections=(section,)),))
        )[0]
        assert (verdict.failed, verdict.advisory, verdict.verdict) == expected


def test_dutch_numbers_in_a_dutch_report(report_db: ReportDb) -> None:
    report, _photos = _build(report_db, "nl")
    text = render(report, "md").decode("utf-8")
    assert "| 11,1 |" in text  # area per person of Chalet 14
    assert "30,5 m²" in text
    report, _photos = _build(report_db, "en")
    assert "| 11.1 |" in render(report, "md").decode("utf-8")


def test_a_checklist_with_required_items_open_does_not_comply_yet(db: Database) -> None:
    """A draft with six of the COVID items answered said "complies"; a failure still stands."""
    site = Site(name="Pension", housing_type=SnfHousingType.HOTEL_OR_PENSION)
    save(db, site)
    inspection = wf.start_inspection(db, site.id, ["covid-2020"], "J. de Vries")
    open_now = len(wf.progress(db, inspection.id).missing_required)
    wf.answer_item(db, inspection.id, wf.progress(db, inspection.id).missing_required[0], "y")
    (verdict,) = checklist_verdicts(build_report(db, inspection.id))
    assert verdict.open_required == open_now - 1 > 0
    assert verdict.verdict == f"incomplete: {open_now - 1} required items open"
    wf.add_finding(db, inspection.id, Severity.MINOR, "Geen zeep")
    answer_required(db, inspection.id)
    (verdict,) = checklist_verdicts(build_report(db, inspection.id))
    assert (verdict.open_required, verdict.failed) == (0, 0)
    assert verdict.verdict in ("complies", "complies, with advice")
