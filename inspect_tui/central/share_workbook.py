"""The workbook beside a share, for people without the app, in the interface language.

The signed bundle keeps machine names (``site_id``, ``critical``) and the profile as its data
file states it; the workbook a municipality or an inspectorate opens says the same in words:
a sheet about the share (profile, recipient, purpose, legal basis, scope), then one sheet per
table with labelled columns, stored values as words, dates as dates, a frozen header and an
autofilter.

What people typed reaches another organisation's spreadsheet: a text that starts like a formula
(``=HYPERLINK(…)``, ``+cmd|…``) stays text, in the workbook as a text cell holding exactly what was
typed, in the CSV files with a leading ``'`` (``inert``), as spreadsheet programs read them; so does
each part after a ``;``, where Excel with Dutch settings starts a new cell.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from inspect_tui.i18n import N_, _
from inspect_tui.reports.words import certification_text, word
from inspect_tui.reports.workbook_cells import keep_text

if TYPE_CHECKING:
    from inspect_tui.central.share_profile import Profile

FIELD_LABELS: dict[str, str] = {
    "site_id": N_("Site id"),
    "name": N_("Name"),
    "kind": N_("Kind"),
    "street": N_("Street"),
    "house_number": N_("House number"),
    "house_letter": N_("House letter"),
    "house_addition": N_("House number addition"),
    "postcode": N_("Postcode"),
    "city": N_("City"),
    "housing_type": N_("Housing type"),
    "akf_category": N_("AKF category"),
    "sector": N_("Sector"),
    "high_risk": N_("High-risk sector"),
    "operator_name": N_("Operator"),
    "operator_kvk": N_("Operator KvK"),
    "employer_name": N_("Employer"),
    "employer_kvk": N_("Employer KvK"),
    "agency_name": N_("Agency"),
    "agency_kvk": N_("Agency KvK"),
    "agency_sna_certified": N_("Agency SNA certified"),
    "certification": N_("Certification"),
    "certification_number": N_("Certificate number"),
    "certification_valid_until": N_("Certificate valid until"),
    "unit_id": N_("Unit id"),
    "label": N_("Unit"),
    "parent_id": N_("Part of unit"),
    "beds": N_("Beds"),
    "floor_area_m2": N_("Floor area (m²)"),
    "registered_persons": N_("Persons registered"),
    "persons_found": N_("Persons found"),
    "found_not_in_brp": N_("Found, not in the BRP"),
    "found_rni": N_("Found, registered in the RNI"),
    "finding_id": N_("Finding id"),
    "inspection_date": N_("Inspection date"),
    "norm": N_("Norm"),
    "item_id": N_("Item"),
    "severity": N_("Severity"),
    "description": N_("Finding"),
    "deadline": N_("Deadline"),
    "status": N_("Status"),
    "inspector": N_("Inspector"),
    "verdict": N_("Verdict"),
    "figure": N_("Figure judged"),
    "value": N_("Answer"),
}
"""Every field a share table can give, as a column label (a test checks none is missing)."""

TABLE_LABELS: dict[str, str] = {
    "sites": N_("Sites"),
    "units": N_("Units"),
    "occupancy": N_("Occupancy"),
    "findings": N_("Findings"),
    "answers": N_("Answers given"),
}

WORD_FIELDS = frozenset({"kind", "housing_type", "sector", "severity", "status", "verdict"})
"""Fields that hold a stored value shown as a word (``critical`` → "kritiek")."""

YES_NO_FIELDS = frozenset({"high_risk", "agency_sna_certified"})

DATE_FIELDS = frozenset({"inspection_date", "deadline", "certification_valid_until"})
"""Fields that hold a day (ISO text in the share's rows): a date cell in the workbook."""

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
"""How a cell a spreadsheet program runs as a formula starts."""


def _number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def inert(text: str) -> str:
    """text as a spreadsheet program keeps it as text: one that starts like a formula (after spaces)
    gets a leading ``'`` (a plain number such as ``-3`` is left as it is), and so does each part of it
    after a ``;``: Excel with Dutch settings splits a CSV line on ``;``, so ``x;=cmd|…`` would give a
    cell ``=cmd|…`` of its own."""
    return ";".join(_inert_part(part) for part in text.split(";"))


def _inert_part(part: str) -> str:
    start = part.lstrip(" ")
    return f"'{part}" if start.startswith(FORMULA_START) and not _number(start) else part


def field_label(name: str) -> str:
    """A share field as a column label in the interface language."""
    english = FIELD_LABELS.get(name)
    return _(english) if english else name


def cell_value(name: str, value: Any) -> Any:
    """What a cell shows: words for stored values, yes/no for flags, dates and numbers typed."""
    if value is None:
        return None
    if name in YES_NO_FIELDS and (isinstance(value, bool) or value in (0, 1)):  # PostgreSQL: a 0/1 integer
        return _("yes") if value else _("no")
    if name in WORD_FIELDS and isinstance(value, str):
        return word(value)
    if name == "certification" and isinstance(value, str):
        return certification_text(value)
    if name in DATE_FIELDS and isinstance(value, str):
        return _day(value)
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=None)  # Excel has no zones; the bundle keeps the offset
    return value


def _day(text: str) -> dt.date | str:
    """An ISO day as a date; anything else as it is."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return text


def write_workbook(
    path: Path,
    profile: Profile,
    scope_text: str,
    tables: dict[str, list[dict[str, Any]]],
) -> bool:
    """Write the workbook to path (a temporary name: the caller renames it); False when openpyxl is
    not installed."""
    try:
        from openpyxl import Workbook
        from openpyxl.styles import Font
    except ImportError:
        return False
    book = Workbook()
    about = book.active
    assert about is not None
    about.title = _("About this share")[:31]
    for label, text in (
        (_("Profile"), profile.text("title")),
        (_("Recipient"), profile.text("recipient")),
        (_("Purpose"), profile.text("purpose")),
        (_("Legal basis"), profile.text("legal_basis")),
        (_("Confidence"), word_of_confidence(profile.confidence)),
        (_("Note"), profile.text("note")),
        (_("Scope"), scope_text),
    ):
        about.append([label, text])
        keep_text(about[about.max_row])
    about.column_dimensions["A"].width = 16
    about.column_dimensions["B"].width = 100
    for table, rows in tables.items():
        fields: Sequence[str] = profile.tables[table]
        sheet = book.create_sheet(_(TABLE_LABELS.get(table, table))[:31])
        sheet.append([field_label(name) for name in fields])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        cells = [[cell_value(name, row[name]) for name in fields] for row in rows]
        for values in cells:
            sheet.append(values)
            keep_text(sheet[sheet.max_row])
        for column, name in enumerate(fields, start=1):
            letter = sheet.cell(row=1, column=column).column_letter
            sheet.column_dimensions[letter].width = max(12, min(60, len(field_label(name)) + 4))
            if any(isinstance(values[column - 1], dt.date) for values in cells[:50]):
                for cell in sheet[letter][1:]:
                    cell.number_format = "DD-MM-YYYY"
        sheet.freeze_panes = "A2"
        sheet.auto_filter.ref = sheet.dimensions
    book.save(path)
    return True


CONFIDENCE_WORDS = {"high": N_("high"), "medium": N_("medium"), "low": N_("low")}
"""How sure a share profile's legal basis is, as a word."""


def word_of_confidence(confidence: str) -> str:
    english = CONFIDENCE_WORDS.get(confidence)
    return _(english) if english else confidence
