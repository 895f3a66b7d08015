"""The dialogs the app opens when a screen asks for one (a ``tui.messages`` message), and their replies.

``AppDialogs`` is a part of ``tui.app.InspectApp``: each handler (found by name, as there) pushes
the dialog asked for and hands its result to whoever asked. Dialogs are imported where they are
shown.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from textual.app import App

if TYPE_CHECKING:
    from inspect_tui.tui import messages as msg


class AppDialogs(App[None]):
    """Opens the dialogs the screens ask for: editors, questions, exports, imports, the key map."""

    def action_keymap(self) -> None:
        from inspect_tui.tui.screens.keymap import KeymapScreen

        if not isinstance(self.screen, KeymapScreen):
            self.push_screen(KeymapScreen(self.screen))

    def action_export_bundle(self) -> None:
        from inspect_tui.tui.screens.export import ExportScreen

        self.push_screen(ExportScreen())

    def action_import_bundles(self) -> None:
        """Ask for bundles to import; the screen underneath reads its data again afterwards."""
        from inspect_tui.tui.screens.import_bundles import ImportBundlesScreen

        def imported(_receipts: object) -> None:
            refresh = getattr(self.screen, "action_refresh", None)
            if callable(refresh):
                refresh()

        self.push_screen(ImportBundlesScreen(), imported)

    def on_import_bundles(self) -> None:
        self.action_import_bundles()

    def on_export_bundle(self) -> None:
        self.action_export_bundle()

    def on_show_keymap(self) -> None:
        self.action_keymap()

    def on_edit_site(self, message: msg.EditSite) -> None:
        from inspect_tui.tui.screens.site_editor import SiteEditor

        self.push_screen(SiteEditor(message.site_id), _reply(message.done))

    def on_edit_unit(self, message: msg.EditUnit) -> None:
        from inspect_tui.tui.screens.unit_editor import UnitEditor

        fixed: dict[str, Any] = {"site_id": message.site_id, "parent_id": message.parent_id}
        if message.kind is not None:
            fixed["kind"] = message.kind
        self.push_screen(UnitEditor(message.unit_id, **fixed), _reply(message.done))

    def on_edit_occupant(self, message: msg.EditOccupant) -> None:
        from inspect_tui.tui.screens.occupant_editor import OccupantEditor

        self.push_screen(OccupantEditor(message.occupant_id, unit_id=message.unit_id), _reply(message.done))

    def on_edit_conflicted(self, message: msg.EditConflicted) -> None:
        from inspect_tui.tui.screens.conflict_editors import editor_for

        editor = editor_for(message.entity, message.record_id, message.data)
        if editor is not None:
            self.push_screen(editor, _reply(message.done))

    def on_ask_reason(self, message: msg.AskReason) -> None:
        from inspect_tui.tui.screens.reason import ReasonScreen

        dialog = ReasonScreen(message.title, message.text, action=message.action, name=message.name, date=message.date)
        self.push_screen(dialog, _reply(message.done))

    def on_confirm(self, message: msg.Confirm) -> None:
        from inspect_tui.tui.screens.confirm import ConfirmScreen

        self.push_screen(
            ConfirmScreen(message.title, message.question, default_yes=message.default_yes), _reply(message.done)
        )

    def on_add_finding(self, message: msg.AddFinding) -> None:
        from inspect_tui.tui.screens.finding_editor import FindingEditor

        self.push_screen(
            FindingEditor(
                message.inspection_id,
                item=message.item,
                unit_id=message.unit_id,
                description=message.description,
                severity=message.severity,
            )
        )

    def on_pick_photo(self, message: msg.PickPhoto) -> None:
        from inspect_tui.tui.screens.photo_picker import PhotoPicker

        self.push_screen(PhotoPicker(), _reply(message.done))

    def on_edit_finding(self, message: msg.EditFinding) -> None:
        from inspect_tui.tui.screens.finding_editor import FindingEditor

        self.push_screen(FindingEditor(message.inspection_id, finding_id=message.finding_id))

    def on_complete_inspection(self, message: msg.CompleteInspection) -> None:
        from inspect_tui.tui.screens.complete import CompleteScreen

        self.push_screen(CompleteScreen(message.inspection_id), _reply(message.done))

    def on_reopen_inspection(self, message: msg.ReopenInspection) -> None:
        from inspect_tui.tui.screens.reopen import ReopenScreen

        self.push_screen(ReopenScreen(message.inspection_id))

    def on_decide(self, message: msg.Decide) -> None:
        from inspect_tui.tui.screens.decision import DecisionScreen

        self.push_screen(DecisionScreen(message.decision, message.targets), _reply(message.done))

    def on_choose_day(self, message: msg.ChooseDay) -> None:
        from inspect_tui.tui.screens.review_day import DayScreen

        self.push_screen(DayScreen(message.current, message.today), _reply(message.done))

    def on_write_report(self, message: msg.WriteReport) -> None:
        from inspect_tui.tui.screens.review_export import ReportExportScreen, default_report_path

        default = default_report_path(message.day, message.site_name, message.inspection_id)
        self.push_screen(ReportExportScreen(message.inspection_id, default, message.about))

    def on_export_findings(self, message: msg.ExportFindings) -> None:
        from inspect_tui.tui.screens.review_export import FindingsExportScreen, default_findings_path

        self.push_screen(
            FindingsExportScreen(
                message.day,
                default_findings_path(message.day),
                message.about,
                inspector=message.inspector,
                site_id=message.site_id,
            )
        )


def _reply(done: msg.Done) -> Callable[[Any], None] | None:
    """The dialog's callback: hands its result to whoever asked (its return value is of no interest)."""
    if done is None:
        return None

    def reply(result: Any) -> None:
        done(result)

    return reply
