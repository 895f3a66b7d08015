"""A second reference for start-up: the smallest Textual app that shows what a list app shows.

A Header, a DataTable of the home list's first page shape (its 8 columns, as many rows as the
terminal shows and two more, texts of the same lengths) and a Footer with the home screen's
keys; nothing read from a database. bench/screen.py times it beside the one-line app
(minimal_app.py). Painted when its title and first three rows are on screen (TABLE_MARKER, terminal.py).
"""

from __future__ import annotations

import shutil
from typing import ClassVar

from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import DataTable, Footer, Header

COLUMNS = [
    ("Started", 11),
    ("Site", None),
    ("City", None),
    ("Status", 10),
    ("Checklists", None),
    ("Inspector", None),
    ("Answers", 7),
    ("Open", 4),
]
SITES = ["Logiesgebouw De Brink Ede", "Woonunits De Kolk Breda", "Kwekerij Verhoeven-Dam", "Chaletpark De Kievit"]
CITIES = ["Ede", "Breda", "Zwolle", "Veghel", "Lelystad", "Roermond"]
STATUSES = ["completed", "draft", "returned"]
CHECKLISTS = ["snf, covid-2020", "rie", "snf", "snf, akf"]
INSPECTORS = ["Quinten Bos", "Chantal Mulder", "Karin Willems", "Tessa Kok", "Eva de Wit"]
FIRST_PAGE_MARGIN = 2
"""Rows beyond those the terminal shows, as the app's first page reads."""


def row(n: int) -> tuple[str, ...]:
    return (
        f"{(n % 28) + 1:02d}-10-2026",
        f"{SITES[n % len(SITES)]} {n}",
        CITIES[n % len(CITIES)],
        STATUSES[n % len(STATUSES)],
        CHECKLISTS[n % len(CHECKLISTS)],
        INSPECTORS[n % len(INSPECTORS)],
        str(15 + n % 6),
        str(n % 3) if n % 3 else "",
    )


class MinimalTable(App[None]):
    TITLE = "minimal table app"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "nothing('new site')", "New site"),
        Binding("i", "nothing('inspect')", "Inspect"),
        Binding("r", "nothing('review')", "Review day"),
        Binding("slash", "nothing('search')", "Search"),
        Binding("t", "nothing('switch')", "Switch list"),
        Binding("q", "quit", "Quit"),
        Binding("f1", "nothing('keys')", "Keys"),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        yield DataTable(cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        for label, width in COLUMNS:
            table.add_column(label, width=width)
        rows = shutil.get_terminal_size().lines + FIRST_PAGE_MARGIN
        table.add_rows(row(n) for n in range(rows))
        table.focus()

    def action_nothing(self, what: str) -> None:
        """The home screen's keys, shown in the footer; here they do nothing."""


if __name__ == "__main__":
    MinimalTable().run()
