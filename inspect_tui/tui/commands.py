"""The command palette (ctrl+p): the app's actions and every key binding of the current screen."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.message import Message

from inspect_tui.tui import messages
from inspect_tui.tui.i18n import _


@dataclass(frozen=True)
class Command:
    """One palette entry."""

    name: str
    help: str
    run: Callable[[], Any]


class InspectCommands(Provider):
    """App-wide commands first, then the current screen's keys (so the palette lists every action)."""

    def _ask(self, make: Callable[[], Message]) -> Callable[[], Any]:
        """A command that asks the app for something (a new message each time it is chosen)."""
        return lambda: self.app.post_message(make())

    def commands(self) -> list[Command]:
        app = self.app
        found = [
            Command(_("New site"), _("Create a site with its address"), self._ask(messages.NewSite)),
            Command(_("New inspection"), _("Start an inspection of a site"), self._ask(messages.NewInspection)),
            Command(_("Export bundle"), _("Write the changes to an export bundle"), self._ask(messages.ExportBundle)),
            Command(_("Key map"), _("Show every key of this screen and the app"), self._ask(messages.ShowKeymap)),
            Command(
                _("Review day"),
                _("Review the day's inspections and findings (team lead)"),
                self._ask(messages.OpenReview),
            ),
            Command(
                _("Conflicts"), _("Records whose versions diverged, to resolve"), self._ask(messages.OpenConflicts)
            ),
            Command(_("Import bundles"), _("Import the inspectors' bundles"), self._ask(messages.ImportBundles)),
            Command(
                _("Nederlands / English"),
                _("Switch the interface language from the next start"),
                partial(app.run_action, "switch_language"),
            ),
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
