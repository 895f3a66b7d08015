"""A site: its address, its units as a tree, and the occupants of the selected unit.

The screen holds its keys, its layout and its actions; beside it ``site_tree`` (reading and
showing the site's panes) and ``site_labels`` (the site header and unit lines).
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable, Header, Label, Static, Tree

from inspect_tui.domain.models import Occupant, Site, Unit
from inspect_tui.store import StoreError, workflow
from inspect_tui.store.queries import InspectionRow, OccupantRow, UnitRow
from inspect_tui.tui import messages
from inspect_tui.tui.i18n import _
from inspect_tui.tui.screens.site_tree import SiteTree
from inspect_tui.tui.widgets.fit_footer import FitFooter


class SiteScreen(SiteTree):
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

    @on(DataTable.RowSelected, "#site-inspections")
    def _inspection_chosen(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value:
            self.post_message(messages.OpenInspection(event.row_key.value))

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
