"""Occupancy per unit: persons found against beds and the provider's register, with flags."""

from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import DataTable, Header, Static

from inspect_tui.domain.enums import Severity
from inspect_tui.domain.norms import shown_at_least
from inspect_tui.i18n.counts import beds_count, occupancy_counts
from inspect_tui.store import queries
from inspect_tui.store.queries import OccupancyView, UnitOccupancy
from inspect_tui.tui import messages
from inspect_tui.tui.i18n import _, format_number, ngettext
from inspect_tui.tui.screens.base import AppScreen
from inspect_tui.tui.widgets.fit_footer import FitFooter
from inspect_tui.tui.widgets.labels import unit_kind_label
from inspect_tui.tui.worker_results import deliver


def flag_text(flag: str) -> str:
    """What an occupancy flag means."""
    return {
        "overcrowded": _("more persons than beds"),
        "bedroom_shared_high_risk": _("bedroom shared in a high-risk sector (not a couple)"),
        "register_mismatch": _("persons found differ from the provider's register"),
    }.get(flag, flag)


FLAG_SEVERITY = {
    "overcrowded": Severity.MAJOR,
    "bedroom_shared_high_risk": Severity.MAJOR,
    "register_mismatch": Severity.MINOR,
}


def finding_text(unit: UnitOccupancy) -> str:
    """A finding's description for a flagged unit."""
    facts = ", ".join(
        (
            ngettext("{n} person found", "{n} persons found", unit.persons).format(n=unit.persons),
            _("? beds") if unit.beds is None else beds_count(unit.beds),
            _("{n} in the register").format(n="?" if unit.registered is None else unit.registered),
        )
    )
    return f"{unit.label}: " + "; ".join(flag_text(f) for f in unit.flags) + f" ({facts})"


class OccupancyScreen(AppScreen):
    """Flags per unit; f turns a flagged unit into a finding of the open inspection."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "Back", id="occupancy.back"),
        Binding(
            "f",
            "finding",
            "Finding",
            id="occupancy.finding",
            tooltip="Turn the flags of the selected unit into a finding",
        ),
        Binding("g", "next_flag", "Next flag", id="occupancy.next_flag", tooltip="Jump to the next flagged unit"),
    ]

    def __init__(self, site_id: str, *, inspection_id: str | None = None) -> None:
        super().__init__(id="occupancy-screen")
        self.site_id = site_id
        self.inspection_id = inspection_id
        self.units: list[UnitOccupancy] = []

    def compose(self) -> ComposeResult:
        yield Header(icon="⌂")
        yield Static("", id="occupancy-summary", classes="status-line")
        yield DataTable(id="occupancy", cursor_type="row", zebra_stripes=True)
        yield Static("", id="occupancy-detail")
        yield FitFooter()

    @property
    def table(self) -> DataTable[Any]:
        return self.query_one(DataTable)

    def on_mount(self) -> None:
        super().on_mount()
        self.table.add_columns(_("Unit"), _("Kind"), _("Found"), _("Beds"), _("Register"), _("m²/p"), _("Flags"))
        self.load()
        self.table.focus()

    @work(thread=True, group="occupancy", exclusive=True, exit_on_error=False)
    def load(self) -> None:
        with self.inspect_app.db() as db:
            view = queries.occupancy_view(db, self.site_id, self.inspection_id)
        self.inspection_id = view.inspection_id
        deliver(self.app, self._show, view.units, view)

    def _show(self, units: list[UnitOccupancy], view: OccupancyView | None = None) -> None:
        now = view.now if view is not None else {}
        limits = view.limits if view is not None else {}
        self.units = units
        palette = self.inspect_app.palette()
        depth: dict[str, int] = {}
        self.table.clear()
        recorded = queries.beds_and_register(units)  # a caravan's beds are its bedrooms', as in the report
        for unit in units:
            beds, registered = recorded[unit.unit_id]
            depth[unit.unit_id] = depth.get(unit.parent_id or "", -1) + 1 if unit.parent_id else 0
            area = unit.area_per_person
            flags = Text(", ".join(flag_text(f) for f in unit.flags), style=palette.get("text-error", ""))
            self.table.add_row(
                Text("  " * depth[unit.unit_id] + unit.label),
                unit_kind_label(unit.kind),
                str(unit.persons)
                + ("" if unit.unit_id not in now else " (" + _("now: {value}").format(value=now[unit.unit_id]) + ")"),
                "—" if beds is None else str(beds),
                "—" if registered is None else str(registered),
                "—" if area is None else format_number(shown_at_least(area, limits.get(unit.unit_id, ())), 1),
                flags,
                key=unit.unit_id,
            )
        flagged = sum(1 for u in units if u.flags)
        persons = sum(u.own_persons for u in units)  # a unit's persons include those of the units inside
        summary = occupancy_counts(persons, len(units), flagged)
        if view is not None and view.signed:
            summary = _("As signed") + ": " + summary
            if view.now_total is not None:
                summary += " (" + _("now: {value}").format(value=view.now_total) + ")"
        self.query_one("#occupancy-summary", Static).update(summary)
        self._detail()

    def selected(self) -> UnitOccupancy | None:
        if not self.units or self.table.row_count == 0:
            return None
        row = self.table.cursor_row
        return self.units[row] if 0 <= row < len(self.units) else None

    def on_data_table_row_highlighted(self) -> None:
        self._detail()
        self.refresh_bindings()

    def _detail(self) -> None:
        unit = self.selected()
        text = finding_text(unit) if unit is not None and unit.flags else ""
        if unit is not None and unit.couples_only:
            text += ("\n" if text else "") + _("A couple shares this unit; they count as one for aanbeveling 2.2.")
        self.query_one("#occupancy-detail", Static).update(text)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "finding":
            unit = self.selected()
            return unit is not None and bool(unit.flags)
        return True

    def action_next_flag(self) -> None:
        start = self.table.cursor_row
        for offset in range(1, len(self.units) + 1):
            row = (start + offset) % len(self.units)
            if self.units[row].flags:
                self.table.move_cursor(row=row)
                return

    def action_finding(self) -> None:
        unit = self.selected()
        if unit is None or not unit.flags:
            return
        if self.inspection_id is None:
            self.app.notify(_("Start an inspection of this site first (i on the site screen)."), severity="warning")
            return
        severity = min((FLAG_SEVERITY.get(f, Severity.MINOR) for f in unit.flags), key=list(Severity).index)
        self.post_message(
            messages.AddFinding(
                self.inspection_id, unit_id=unit.unit_id, description=finding_text(unit), severity=severity
            )
        )
