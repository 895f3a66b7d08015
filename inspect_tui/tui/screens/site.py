"""A site: its address, its units as a tree, and the occupants of the selected unit."""

from __future__ import annotations

from collections import defaultdict
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable, Header, Label, Static, Tree
from textual.widgets.tree import TreeNode

from inspect_tui.domain.identifiers import mask_bsn
from inspect_tui.domain.models import Occupant, Site, Unit
from inspect_tui.reports.words import word as sector_word
from inspect_tui.store import StoreError, queries, workflow
from inspect_tui.store.queries import InspectionRow, OccupantRow, UnitRow
from inspect_tui.tui import messages
from inspect_tui.tui.i18n import _, format_datetime, format_figure, ngettext
from inspect_tui.tui.screens.base import AppScreen
from inspect_tui.tui.widgets.fit_footer import FitFooter
from inspect_tui.tui.widgets.labels import brp_label, kind_label, status_text, unit_kind_label
from inspect_tui.tui.widgets.shown import shown_text


def unit_label(unit: UnitRow) -> Text:
    """ "Caravan 7  24 m² · 4 beds · 3 p", with a warning mark when more sleep there than there are beds."""
    text = Text(unit.label, style="bold")
    facts = []
    if unit.floor_area_m2 is not None:
        facts.append(f"{format_figure(unit.floor_area_m2)} m²")
    if unit.beds is not None:
        facts.append(ngettext("{n} bed", "{n} beds", unit.beds).format(n=unit.beds))
    facts.append(_("{n} p").format(n=unit.occupants))
    text.append("  " + unit_kind_label(unit.kind) + " · " + " · ".join(facts), style="dim")
    if unit.beds is not None and unit.occupants > unit.beds:
        text.append("  ⚠ " + _("overcrowded"))
    return text


def describe_site(site: Site) -> Text:
    """The site header: name, address and the facts that decide which norms apply."""
    text = Text(site.name, style="bold")
    address = site.address_line()
    if address:
        text.append("  " + address)
    facts = [kind_label(site.kind.value)]
    if site.housing_type:
        facts.append(_("SNF type {t}").format(t=site.housing_type.value))
    if site.akf_category:
        facts.append(_("AKF {c}").format(c=site.akf_category.value.replace("_", "-")))
    facts.append(_("sector: {s}").format(s=sector_word(site.sector.value)))
    if site.housing_type is None and site.kind.value == "housing":
        facts.append(_("no housing type: measured items stay undecided"))
    from inspect_tui.checklists.high_risk import effective_high_risk

    if effective_high_risk(site.sector.value, site.high_risk):
        facts.append(_("high-risk sector") + ("" if site.high_risk is None else " (" + _("recorded") + ")"))
    elif site.high_risk is False:
        facts.append(_("not high-risk (recorded)"))
    if site.certification.value != "none":
        facts.append(_("certified {c}").format(c=site.certification.value.upper().replace("_", " + ")))
    text.append("\n" + " · ".join(facts), style="dim")
    parties = [p for p in (site.operator_name, site.employer_name, site.agency_name) if p]
    if parties:
        text.append("\n" + " · ".join(parties), style="dim")
    return text


class SiteScreen(AppScreen):
    """Build the site's units as a tree and register who lives where; its inspections, to open."""

    DEFAULT_CSS = """
    #site-inspections-pane {
        height: auto;
        border-top: solid $panel-lighten-2;
    }
    #site-inspections {
        height: 2;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "Back", id="site.back"),
        Binding("a", "add_unit", "Add unit", id="site.add_unit", tooltip="Add a unit inside the selected unit"),
        Binding(
            "A",
            "add_top_unit",
            "Add top unit",
            id="site.add_top_unit",
            tooltip="Add a unit at the top of the site (a building or caravan)",
        ),
        Binding(
            "p",
            "add_occupant",
            "Add person",
            id="site.add_occupant",
            tooltip="Register an occupant in the selected unit",
        ),
        Binding("e", "edit", "Edit", id="site.edit", tooltip="Edit the selected unit or occupant"),
        Binding("E", "edit_site", "Edit site", id="site.edit_site", tooltip="Edit the site and its address"),
        Binding("delete", "remove", "Remove", id="site.remove", tooltip="Remove the selected unit or occupant"),
        Binding("i", "inspect", "Inspect", id="site.inspect", tooltip="Start an inspection of this site"),
        Binding(
            "D",
            "delete_site",
            "Delete site",
            id="site.delete_site",
            tooltip="Delete this site (only without inspections), with a reason",
        ),
        Binding(
            "o",
            "occupancy",
            "Occupancy",
            id="site.occupancy",
            tooltip="Persons found against beds and the register, per unit",
        ),
        Binding(
            "h",
            "history",
            "History",
            show=False,
            id="site.history",
            tooltip="Every version of the site (of the selected person when the list of persons has focus)",
        ),
    ]

    def __init__(self, site_id: str) -> None:
        super().__init__(id="site-screen")
        self.site_id = site_id
        self.site: Site | None = None
        self.deleted = False
        """This screen deleted its site (it goes back by itself)."""
        self.units: dict[str, UnitRow] = {}
        self.occupants: list[OccupantRow] = []
        self.inspections: list[InspectionRow] = []

    def compose(self) -> ComposeResult:
        yield Header(icon="⌂")
        yield Static("", id="site-header")
        with Horizontal(id="site-body"):
            with Vertical(id="units-pane"):
                yield Label(_("Units"), classes="pane-title")
                tree: Tree[str] = Tree(_("Site"), id="units")
                tree.show_root = False
                yield tree
            with Vertical(id="unit-pane"):
                yield Static("", id="unit-detail")
                yield Label(_("Occupants"), classes="pane-title")
                table: DataTable[str | Text] = DataTable(id="occupants", cursor_type="row", zebra_stripes=True)
                yield table
        with Vertical(id="site-inspections-pane"):
            yield Label(_("Inspections (enter opens)"), classes="pane-title")
            inspections: DataTable[str | Text] = DataTable(id="site-inspections", cursor_type="row")
            yield inspections
        yield FitFooter()

    @property
    def units_tree(self) -> Tree[str]:
        return self.query_one("#units", Tree)

    @property
    def table(self) -> DataTable[str | Text]:
        return self.query_one("#occupants", DataTable)

    def on_mount(self) -> None:
        super().on_mount()
        self.table.add_columns(_("Name"), _("BSN"), _("Nationality"), _("BRP"), _("Partner"), _("Employer"))
        self.query_one("#site-inspections", DataTable).add_columns(
            _("Started"), _("Status"), _("Checklists"), _("Inspector"), _("Answered"), _("Open findings")
        )
        self.load()
        self.units_tree.focus()

    def on_screen_resume(self) -> None:
        if self.site is not None:
            self.load()

    @work(thread=True, group="site", exclusive=True, exit_on_error=False)
    def load(self, select: str | None = None) -> None:
        with self.inspect_app.db() as db:
            site = queries.current(db, Site, self.site_id)
            units = queries.site_units(db, self.site_id)
            inspections = queries.site_inspections(db, self.site_id)
        self.app.call_from_thread(self._show, site, units, select)
        self.app.call_from_thread(self._show_inspections, inspections)

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

    @on(DataTable.RowSelected, "#site-inspections")
    def _inspection_chosen(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value:
            self.post_message(messages.OpenInspection(event.row_key.value))

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
        self.app.call_from_thread(self._show_occupants, unit_id, rows)

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

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("add_unit", "add_occupant"):
            return self.selected_unit() is not None
        if action in ("edit", "remove"):
            return self.selected_unit() is not None or self.selected_occupant() is not None
        return True

    def _occupant_focused(self) -> bool:
        return self.focused is self.table and self.selected_occupant() is not None

    def _after_edit(self, saved: str | None) -> None:
        if saved is not None:
            self.load(select=saved)

    def action_add_unit(self) -> None:
        parent = self.selected_unit()
        if parent is None:
            return
        kind = "bedroom" if parent.kind in ("building", "caravan", "room") else "room"
        self.post_message(messages.EditUnit(None, self.site_id, parent.id, kind, done=self._after_edit))

    def action_add_top_unit(self) -> None:
        self.post_message(messages.EditUnit(None, self.site_id, None, done=self._after_edit))

    def action_add_occupant(self) -> None:
        unit = self.selected_unit()
        if unit is not None:
            self.post_message(messages.EditOccupant(None, unit.id, done=self._after_edit))

    def action_edit(self) -> None:
        occupant = self.selected_occupant()
        unit = self.selected_unit()
        if self._occupant_focused() and occupant is not None and unit is not None:
            self.post_message(messages.EditOccupant(occupant.id, unit.id, done=self._after_edit))
        elif unit is not None:
            self.post_message(messages.EditUnit(unit.id, self.site_id, unit.parent_id, done=self._after_edit))

    @on(DataTable.RowSelected, "#occupants")
    def _occupant_chosen(self) -> None:
        self.action_edit()

    def action_edit_site(self) -> None:
        self.post_message(messages.EditSite(self.site_id, done=lambda _saved: self.load()))

    def action_remove(self) -> None:
        occupant = self.selected_occupant() if self._occupant_focused() else None
        unit = self.selected_unit()
        if occupant is not None:
            question = _("Remove occupant {name}?").format(name=occupant.name)
            target: tuple[type[Occupant] | type[Unit], str] = (Occupant, occupant.id)
        elif unit is not None:
            question = _("Remove unit {label}?").format(label=unit.label)
            target = (Unit, unit.id)
        else:
            return
        self._ask_remove(target, question)

    @work(thread=True, group="site-edit", exit_on_error=False)
    def _ask_remove(self, target: tuple[type[Occupant] | type[Unit], str], question: str) -> None:
        """A unit with people or rooms in it is refused before the question is asked, not after."""
        model, record_id = target
        if model is Unit:
            with self.inspect_app.db() as db:
                problem = workflow.removal_problem(db, "unit", record_id)
            if problem is not None:
                self.app.call_from_thread(self._refuse_unit, record_id)
                return

        def confirmed(yes: bool | None) -> None:
            if yes:
                self._remove(*target)

        self.app.call_from_thread(self.post_message, messages.Confirm(_("Remove"), question, done=confirmed))

    def _refuse_unit(self, unit_id: str) -> None:
        unit = self.selected_unit()
        label = unit.label if unit is not None and unit.id == unit_id else ""
        self.app.notify(
            _(
                "Unit {label} cannot be removed: people live in it or units lie inside it; move or remove them first."
            ).format(label=label),
            severity="error",
            markup=False,
        )

    @work(thread=True, group="site-edit", exit_on_error=False)
    def _remove(self, model: type[Occupant] | type[Unit], record_id: str) -> None:
        try:
            with self.inspect_app.db() as db:
                deletion = workflow.remove_unit_or_occupant(db, model, record_id)
        except StoreError as exc:
            self.report(exc)
            return
        self.app.call_from_thread(self.post_message, messages.Deleted(deletion))
        self.app.call_from_thread(self.load)

    def action_delete_site(self) -> None:
        self._ask_delete_site()

    @work(thread=True, group="site-edit", exit_on_error=False)
    def _ask_delete_site(self) -> None:
        with self.inspect_app.db() as db:
            problem = workflow.removal_problem(db, "site", self.site_id)
        if problem is not None:
            self.app.call_from_thread(
                self.app.notify,
                _("This site cannot be deleted: only a site without inspections and without occupants can."),
                severity="error",
            )
            return

        def done(answer: object) -> None:
            reason = getattr(answer, "reason", None)
            if reason:
                self._delete_site(reason)

        self.app.call_from_thread(
            self.post_message,
            messages.AskReason(
                _("Delete site"),
                _("The site and its empty units are deleted; the deletion and its reason travel in the next bundle."),
                _("Delete"),
                done=done,
            ),
        )

    @work(thread=True, group="site-edit", exit_on_error=False)
    def _delete_site(self, reason: str) -> None:
        self.deleted = True  # before the deletion: a load that reads the site gone leaves going back to this
        try:
            with self.inspect_app.db() as db:
                deletion = workflow.delete_site(db, self.site_id, reason)
        except StoreError as exc:
            self.deleted = False
            self.report(exc)
            return
        self.app.call_from_thread(self.post_message, messages.Deleted(deletion))
        self.app.call_from_thread(self.app.pop_screen)

    def action_inspect(self) -> None:
        self.post_message(messages.NewInspection(self.site_id))

    def action_occupancy(self) -> None:
        self.post_message(messages.OpenOccupancy(self.site_id))

    def action_history(self) -> None:
        occupant = self.selected_occupant() if self.focused is self.table else None
        if occupant is not None:
            self.post_message(
                messages.OpenHistory("occupants", occupant.id, _("occupant {name}").format(name=occupant.name))
            )
        elif self.site is not None:
            self.post_message(messages.OpenHistory("sites", self.site_id, _("site {name}").format(name=self.site.name)))
