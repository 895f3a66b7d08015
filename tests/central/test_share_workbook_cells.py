"""The share workbook's cells for people without the app: dates as dates, a certification as the app names it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from inspect_tui.central.share import load_profile
from inspect_tui.central.share_workbook import cell_value, write_workbook
from inspect_tui.i18n import using


def test_a_certification_is_named_not_given_as_its_stored_value() -> None:
    with using("nl"):
        assert cell_value("certification", "snf_akf") == "SNF + AKF"
        assert cell_value("certification", "akf") == "AKF"
        assert cell_value("certification", "none") == "geen"


def test_the_days_of_a_share_are_dates_shown_day_first(tmp_path: Path) -> None:
    with using("nl"):
        profile = load_profile("certification-body")
        site = dict.fromkeys(profile.tables["sites"], "x") | {
            "certification": "snf_akf",
            "certification_valid_until": "2027-03-31",
        }
        finding = dict.fromkeys(profile.tables["findings"], "x") | {
            "inspection_date": "2026-10-12",
            "deadline": "2026-11-11",
        }
        answer = dict.fromkeys(profile.tables["answers"], "x") | {"inspection_date": "2026-10-12", "figure": None}
        tables: dict[str, list[dict[str, Any]]] = {"sites": [site], "findings": [finding], "answers": [answer]}
        assert write_workbook(tmp_path / "s.xlsx", profile, "alle gemeenten", tables)
    book = load_workbook(tmp_path / "s.xlsx")
    days = []
    for sheet in book.worksheets[1:]:
        headers = [c.value for c in sheet[1]]
        for label in ("Datum inspectie", "Termijn", "Certificaat geldig tot"):
            if label in headers:
                days.append(sheet.cell(row=2, column=headers.index(label) + 1))
        if "Keurmerk" in headers:
            assert sheet.cell(row=2, column=headers.index("Keurmerk") + 1).value == "SNF + AKF"
    assert len(days) == 4
    for cell in days:
        assert isinstance(cell.value, dt.datetime) and cell.number_format == "DD-MM-YYYY", (
            cell.value,
            cell.number_format,
        )
