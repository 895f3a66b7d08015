"""What every report format says, in the same words: fact lists, table columns, sentences.

The renderers differ only in markup; keeping the wording here keeps Markdown, HTML and PDF
reports of one inspection saying the same thing.
"""

from __future__ import annotations

from inspect_tui.reports.model import InspectionReport, ReportFinding, ReportUnit
from inspect_tui.reports.text import AKF_CATEGORIES, HOUSING_TYPES, date_text, datetime_text, label, number_text, yes_no


def site_facts(report: InspectionReport) -> list[tuple[str, str]]:
    """The site's description as (label, value) pairs; empty values are left out by renderers."""
    site = report.site
    sector = label(site.sector) + (" (high-risk sector)" if site.high_risk else "")
    certification = "none" if site.certification == "none" else site.certification.upper()
    if site.certification_number:
        certification += f" {site.certification_number}"
    if site.certification_valid_until:
        certification += f", valid until {date_text(site.certification_valid_until)}"
    agency = site.agency
    if agency and site.agency_sna_certified is not None:
        agency += f"; SNA certified: {yes_no(site.agency_sna_certified)}"
    return [
        ("Kind", site.kind),
        ("Housing type (SNF)", HOUSING_TYPES.get(site.housing_type or "", "")),
        ("AKF category", AKF_CATEGORIES.get(site.akf_category or "", label(site.akf_category))),
        ("Sector", sector),
        ("Operator", site.operator),
        ("Employer", site.employer),
        ("Agency", agency),
        ("Certification", certification),
        ("Notes", site.notes or ""),
    ]


def inspection_facts(report: InspectionReport) -> list[tuple[str, str]]:
    """The inspection's identity and state as (label, value) pairs."""
    checklists = ", ".join(f"{t.title} ({t.id} v{t.version})" for t in report.templates)
    return [
        ("Inspection", report.inspection_id),
        ("Status", report.status),
        ("Inspector", report.inspector),
        ("Started", datetime_text(report.started_at)),
        ("Completed", datetime_text(report.completed_at)),
        ("Signed by", report.signed_by or ""),
        ("Checklists", checklists),
        ("Previous inspection", report.previous_id or ""),
        ("Notes", report.notes or ""),
    ]


def unit_cells(unit: ReportUnit) -> list[str]:
    """The cells of a unit row, shared by the Markdown, HTML and PDF tables."""

    def count(value: int | None) -> str:
        return "–" if value is None else str(value)

    return [
        unit.kind,
        str(unit.persons),
        count(unit.beds),
        count(unit.registered),
        number_text(unit.floor_area_m2),
        number_text(unit.area_per_person),
        number_text(unit.persons_per_bedroom),
        "; ".join(unit.flags),
    ]


UNIT_HEADER = [
    "Unit",
    "Kind",
    "Persons",
    "Beds",
    "Registered",
    "Area m²",
    "m² per person",
    "Persons per bedroom",
    "Flags",
]
"""Columns of the units and occupancy table."""

ITEM_HEADER = ["Item", "Answer", "Verdict", "Figure / SNF · AKF", "Norm"]
"""Columns of a checklist section table."""

OCCUPANT_HEADER = ["Unit", "Name", "BSN", "Nationality", "BRP registration"]
"""Columns of the occupant list (only with ``with_occupants``)."""

REVIEW_HEADER = ["Time", "Reviewer", "Decision", "Reason"]
"""Columns of the review decisions table."""


def finding_title(index: int, finding: ReportFinding) -> str:
    """``1. Critical — description`` (unescaped)."""
    return f"{index}. {finding.severity.capitalize()} — {finding.description}"


def finding_facts(finding: ReportFinding) -> list[tuple[str, str]]:
    """What a finding is about, its deadline and status, as (label, value) pairs."""
    item = ""
    if finding.item_id:
        item = f"{finding.item_id} — {finding.item_text}" if finding.item_text else finding.item_id
    status = finding.status + (" (carried over from the previous inspection)" if finding.carried_over else "")
    return [
        ("Norm", finding.norm),
        ("Item", item),
        ("Unit", finding.unit or ""),
        ("Deadline", date_text(finding.deadline)),
        ("Status", status),
        ("Shared with", finding.partner or ""),
    ]


def sign_off_text(report: InspectionReport) -> str:
    """Who signed the inspection off and when, or why nobody has yet."""
    if report.signed_by and report.completed_at:
        return f"Signed off by {report.signed_by} on {datetime_text(report.completed_at)}; status {report.status}."
    return f"Not signed off: the inspection is {report.status}."
