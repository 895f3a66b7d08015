"""Choose a photo from the disk: a folder tree that shows folders and image files only."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import DirectoryTree, Input, Label, Static

from inspect_tui.tui.i18n import _
from inspect_tui.tui.screens.base import AppModal

IMAGE_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".heic", ".heif", ".webp", ".gif", ".tif", ".tiff", ".bmp"})
"""What the picker lists besides folders (case does not matter)."""


def is_image(path: Path) -> bool:
    """A file whose name says it is a photo or picture."""
    return path.suffix.lower() in IMAGE_SUFFIXES


def start_folder() -> Path:
    """Where the picker opens: the user's Pictures folder when there is one, else the home folder."""
    home = Path.home()
    for name in ("Pictures", "Afbeeldingen", "Foto's"):
        if (home / name).is_dir():
            return home / name
    return home


class ImageTree(DirectoryTree):
    """Folders and image files; hidden ones are left out."""

    def filter_paths(self, paths: Iterable[Path]) -> Iterable[Path]:
        shown = []
        for path in paths:
            if path.name.startswith("."):
                continue
            try:
                if path.is_dir() or (path.is_file() and is_image(path)):
                    shown.append(path)
            except OSError:  # unreadable: leave it out
                continue
        return shown


class PhotoPicker(AppModal[Path | None]):
    """Dismisses with the chosen image file, or None."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="photos.cancel"),
        Binding("backspace", "up", "Parent folder", id="photos.up", tooltip="Show the folder above"),
    ]

    def __init__(self, folder: Path | None = None) -> None:
        super().__init__(classes="picker")
        self.folder = folder or start_folder()

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(_("Choose a photo"), classes="dialog-title")
            yield Static(_("enter opens a folder or chooses a photo · backspace: folder above"), classes="dialog-text")
            yield Input(str(self.folder), id="picker-folder", placeholder=_("folder"))
            yield ImageTree(self.folder, id="picker-tree")
            yield Static("", id="picker-error", classes="form-error")

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one(ImageTree).focus()

    @property
    def folders(self) -> ImageTree:
        return self.query_one(ImageTree)

    def show_folder(self, folder: Path) -> None:
        error = self.query_one("#picker-error", Static)
        if not folder.is_dir():
            error.update(_("No folder at {path}; check the path.").format(path=folder))
            return
        error.update("")
        self.folder = folder
        self.folders.path = folder
        self.query_one("#picker-folder", Input).value = str(folder)
        self.folders.focus()

    @on(Input.Submitted, "#picker-folder")
    def _typed(self, event: Input.Submitted) -> None:
        path = Path(event.value.strip()).expanduser()
        if path.is_file() and is_image(path):
            self.dismiss(path)
        else:
            self.show_folder(path)

    @on(DirectoryTree.FileSelected)
    def _chosen(self, event: DirectoryTree.FileSelected) -> None:
        event.stop()
        self.dismiss(Path(event.path))

    def action_up(self) -> None:
        if self.focused is self.folders:
            self.show_folder(self.folder.parent)

    def action_cancel(self) -> None:
        self.dismiss(None)
