"""The site screen's panes: the units as a tree, the selected unit's occupants, the site's inspections.

``SiteTree`` is the base of ``screens.site.SiteScreen``: it reads the site in worker threads and
shows it; the keys and actions live in ``screens.site``, the wording in ``site_labels``.
"""

from __future__ import annotations

from collections import defaultdict

from rich.text import Text
from textual import on, work
from textual.widgets import DataTable, Static, Tree
from textual.widgets.tree import TreeNode

from inspect_tui.domain.identifiers import mask_bsn
from inspect_tui.domain.models import Site
from inspect_tui.store import queries
from inspect_tui.store.queries import InspectionRow, OccupantRow, UnitRow
from inspect_tui.tui.i18n import _, format_datetime, format_figure
from inspect_tui.tui.screens.base import AppScreen
from inspect_tui.tui.screens.site_labels import describe_site, unit_label
from inspect_tui.tui.widgets.labels import brp_label, status_text, unit_kind_label
from inspect_tui.tui.widgets.shown import shown_text
from inspect_tui.tui.worker_results import deliver


class SiteTree(AppScreen):
    """Shows a site: its header, its units as a tree, the selected unit's occupants, its inspections."""

    site_id: str
    site: Site | None
    deleted: bool
    units: dict[str, UnitRow]
    occupants: list[OccupantRow]
    inspections: list[InspectionRow]

    @property
    def units_tree(self) -> Tree[str]:
        return self.query_one("#units", Tree)

    @property
    def table(self) -> DataTable[str | Text]:
        return self.query_one("#occupants", DataTable)

    @work(thread=True, group="site", exclusive=True, exit_on_error=False)
    def load(self, select: str | None = None) -> None:
        with self.inspect_app.db() as db:
            site = queries.current(db, Site, self.site_id)
            units = queries.site_units(db, self.site_id)
            inspections = queries.site_inspections(db, self.site_id)
        deliver(self.app, self._show, site, units, select)
        deliver(self.app, self._show_inspections, inspections)

    def _show_inspections(self, rows: list[InspectionRow]) -> None:
        table = self.query_one("#site-inspections", DataTable)
        cursor = table.cursor_row
        self.inspections = rows
        table.clear()
        palette = self.inspect_app.palette()
        for row in rows:
            table.add_row(
                format_datetime(row.started_at),
                status_text(row.status, palette),
                ", ".join(row.templates),
                shown_text(row.inspector),
                str(row.answered),
                str(row.open_findings),
                key=row.id,
            )
        # As tall as its rows (at most 4 shown; the rest scroll), so the units keep the room:
        table.styles.height = 2 + min(max(len(rows), 1), 4)  # header, rows, a scroll bar when narrow
        if not rows:
            table.add_row(_("No inspections yet: press i to start one."), "", "", "", "", "", key="")
        elif cursor > 0:
            table.move_cursor(row=min(cursor, len(rows) - 1))

    def _show(self, site: Site | None, units: list[UnitRow], select: str | None) -> None:
        if site is None:
            if self.deleted:  # deleted here on purpose: the app says so (and how to undo it) and goes back
                return
            self.app.notify(_("That site no longer exists."), severity="warning")
            self.app.pop_screen()
            return
        self.site = site
        self.query_one("#site-header", Static).update(describe_site(site))
        current = self.selected_unit()
        self.units = {u.id: u for u in units}
        wanted = select if select in self.units else (current.id if current else None)
        children: dict[str | None, list[UnitRow]] = defaultdict(list)
        for unit in units:
            children[unit.parent_id if unit.parent_id in self.units else None].append(unit)
        tree = self.units_tree
        tree.clear()
        # The line of the wanted unit, counted here: a new node's own line is known only after the
        # tree is drawn, so moving the cursor to the node itself put it on the first unit.
        target: int | None = None
        lines = 0

        def add(node: TreeNode[str], parent: str | None) -> None:
            nonlocal target, lines
            for unit in children.get(parent, []):
                kids = children.get(unit.id)
                child = node.add(unit_label(unit), data=unit.id, expand=True, allow_expand=bool(kids))
                if unit.id == wanted:
                    target = lines
                lines += 1
                add(child, unit.id)

        add(tree.root, None)
        if not units:
            self.query_one("#unit-detail", Static).update(
                _("No units yet. Press A to add a building or caravan, then a to add rooms inside it.")
            )
            self.table.clear()
        if target is not None:
            tree.move_cursor_to_line(target)
        elif units:
            tree.move_cursor_to_line(0)
        self._load_occupants()

    def selected_unit(self) -> UnitRow | None:
        node = self.units_tree.cursor_node
        if node is None or node.data is None:
            return None
        return self.units.get(node.data)

    def selected_occupant(self) -> OccupantRow | None:
        if self.table.row_count == 0 or not self.occupants:
            return None
        row = self.table.cursor_row
        return self.occupants[row] if 0 <= row < len(self.occupants) else None

    @on(Tree.NodeHighlighted)
    def _highlighted(self) -> None:
        self._load_occupants()
        self.refresh_bindings()

    def _load_occupants(self) -> None:
        unit = self.selected_unit()
        if unit is None:
            return
        detail = Text(unit.label, style="bold")
        detail.append(f"  {unit_kind_label(unit.kind)}")
        facts = []
        if unit.floor_area_m2 is not None:
            facts.append(f"{format_figure(unit.floor_area_m2)} m²")
        facts.append(_("beds: {n}").format(n="—" if unit.beds is None else unit.beds))
        facts.append(_("register: {n}").format(n="—" if unit.registered_persons is None else unit.registered_persons))
        facts.append(_("found: {n}").format(n=unit.occupants))
        detail.append("\n" + " · ".join(facts), style="dim")
        self.query_one("#unit-detail", Static).update(detail)
        self._read_occupants(unit.id)

    @work(thread=True, group="occupants", exclusive=True, exit_on_error=False)
    def _read_occupants(self, unit_id: str) -> None:
        with self.inspect_app.db() as db:
            rows = queries.unit_occupants(db, unit_id)
        deliver(self.app, self._show_occupants, unit_id, rows)

    def _show_occupants(self, unit_id: str, rows: list[OccupantRow]) -> None:
        unit = self.selected_unit()
        if unit is None or unit.id != unit_id:
            return
        names = {r.id: r.name for r in rows}
        cursor = self.table.cursor_row
        self.occupants = rows
        self.table.clear()
        for r in rows:
            self.table.add_row(
                shown_text(r.name),
                mask_bsn(r.bsn),
                r.nationality or "",
                brp_label(r.brp_status),
                shown_text(names.get(r.couple_with or "", "")),
                shown_text(r.employer),
                key=r.id,
            )
        if rows:
            self.table.move_cursor(row=min(cursor, len(rows) - 1))
