"""The command palette (ctrl+p): the app's actions and every key binding of the current screen."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any, cast

from textual.command import DiscoveryHit, Hit, Hits, Provider

from inspect_tui.tui.i18n import _

if TYPE_CHECKING:
    from inspect_tui.tui.app import InspectApp


@dataclass(frozen=True)
class Command:
    """One palette entry."""

    name: str
    help: str
    run: Callable[[], Any]


def open_review(app: InspectApp) -> None:
    """Show the team lead's review of today."""
    from inspect_tui.tui.screens.review import ReviewScreen

    app.push_screen(ReviewScreen())


def open_conflicts(app: InspectApp) -> None:
    """Show the open conflicts."""
    from inspect_tui.tui.screens.conflicts import ConflictsScreen

    app.push_screen(ConflictsScreen())


def open_import(app: InspectApp) -> None:
    """Ask for bundles to import; the screen underneath reads its data again afterwards."""
    from inspect_tui.tui.screens.import_bundles import ImportBundlesScreen

    def imported(_receipts: object) -> None:
        refresh = getattr(app.screen, "action_refresh", None)
        if callable(refresh):
            refresh()

    app.push_screen(ImportBundlesScreen(), imported)


class InspectCommands(Provider):
    """App-wide commands first, then the current screen's keys (so the palette lists every action)."""

    def commands(self) -> list[Command]:
        app = cast("InspectApp", self.app)
        found = [
            Command(_("New site"), _("Create a site with its address"), app.action_new_site),
            Command(_("New inspection"), _("Start an inspection of a site"), app.action_new_inspection),
            Command(_("Export bundle"), _("Write the changes to an export bundle"), app.action_export_bundle),
            Command(_("Key map"), _("Show every key of this screen and the app"), app.action_keymap),
            Command(
                _("Review day"), _("Review the day's inspections and findings (team lead)"), partial(open_review, app)
            ),
            Command(_("Conflicts"), _("Records whose versions diverged, to resolve"), partial(open_conflicts, app)),
            Command(_("Import bundles"), _("Import the inspectors' bundles"), partial(open_import, app)),
        ]
        seen = {c.name for c in found}
        for active in self.screen.active_bindings.values():
            binding = active.binding
            if not binding.description or binding.description in seen or not active.enabled:
                continue
            seen.add(binding.description)
            key = app.get_key_display(binding)
            found.append(
                Command(
                    f"{binding.description}",
                    f"{binding.tooltip or binding.description} ({key})",
                    partial(app.run_action, binding.action, active.node),
                )
            )
        return found

    async def discover(self) -> Hits:
        for command in self.commands():
            yield DiscoveryHit(command.name, command.run, help=command.help)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for command in self.commands():
            score = matcher.match(command.name)
            if score > 0:
                yield Hit(score, matcher.highlight(command.name), command.run, help=command.help)
