"""Photos are chosen from a folder tree that lists folders and images only; typing a path still works."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, ListView, Static

from inspect_tui.tui.app import InspectApp
from inspect_tui.tui.screens.finding_editor import FindingEditor
from inspect_tui.tui.screens.photo_picker import ImageTree, PhotoPicker, is_image
from tests.helpers.checklist import goto, open_checklist, start
from tests.helpers.photo_bytes import jpeg_bytes, png_bytes
from tests.helpers.tui_seed import Seeded, read, wait_for


def test_only_images_count_as_photos() -> None:
    assert is_image(Path("IMG_0001.JPG")) and is_image(Path("a.jpeg")) and is_image(Path("b.heic"))
    assert not is_image(Path("report.pdf")) and not is_image(Path("notes.txt")) and not is_image(Path("jpg"))


def photos(tmp_path: Path) -> Path:
    folder = tmp_path / "Fotos"
    (folder / "Dag 1").mkdir(parents=True)
    (folder / "blusdeken.jpg").write_bytes(jpeg_bytes(seed=2))  # attachments are sniffed: real photo bytes
    (folder / "lijst.txt").write_text("not a photo")
    (folder / ".verborgen.jpg").write_bytes(b"\xff\xd8\xff hidden")
    (folder / "Dag 1" / "keuken.PNG").write_bytes(png_bytes(seed=3))
    return folder


async def test_a_photo_chosen_in_the_picker_is_attached(
    app: InspectApp, seeded: Seeded, tmp_path: Path, monkeypatch: object
) -> None:
    folder = photos(tmp_path)
    monkeypatch.setattr("inspect_tui.tui.screens.photo_picker.start_folder", lambda: folder)  # type: ignore[attr-defined]
    inspection_id = start(seeded.path, seeded.site_id, ["snf"])
    async with app.run_test(size=(100, 34)) as pilot:
        screen = await open_checklist(app, pilot, inspection_id)
        await goto(pilot, screen, "snf.fire.blanket")
        await pilot.press("f")
        await wait_for(pilot, lambda: isinstance(app.screen, FindingEditor))
        editor = app.screen
        await pilot.press("ctrl+o")
        await wait_for(pilot, lambda: isinstance(app.screen, PhotoPicker))
        picker = app.screen
        tree = picker.query_one(ImageTree)
        await wait_for(pilot, lambda: len(tree.root.children) == 2)
        shown = sorted(str(node.label) for node in tree.root.children)
        assert shown == ["Dag 1", "blusdeken.jpg"]  # no text file, no hidden file
        node = next(n for n in tree.root.children if str(n.label) == "blusdeken.jpg")
        tree.move_cursor(node)
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.screen is editor)
        files = editor.query_one("#finding-files", ListView)
        assert len(files) == 1
        # Typing a path still works next to the picker.
        path_input = editor.query_one("#finding-path", Input)
        path_input.focus()
        path_input.value = str(folder / "Dag 1" / "keuken.PNG")
        await pilot.press("enter")
        assert len(files) == 2
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: app.screen is screen)
    names = sorted(r[0] for r in read(seeded.path, "SELECT file_name FROM attachments"))
    assert names == ["blusdeken.jpg", "keuken.PNG"]


async def test_a_typed_folder_opens_and_escape_chooses_nothing(app: InspectApp, seeded: Seeded, tmp_path: Path) -> None:
    folder = photos(tmp_path)
    async with app.run_test(size=(100, 34)) as pilot:
        await wait_for(pilot, lambda: app.screen.id == "home")
        chosen: list[object] = []
        app.push_screen(PhotoPicker(tmp_path), chosen.append)
        await wait_for(pilot, lambda: isinstance(app.screen, PhotoPicker))
        picker = app.screen
        await wait_for(pilot, lambda: bool(picker.query("#picker-folder")))
        field = picker.query_one("#picker-folder", Input)
        field.focus()
        field.value = str(folder / "Dag 1")
        await pilot.press("enter")
        tree = picker.query_one(ImageTree)
        await wait_for(pilot, lambda: [str(n.label) for n in tree.root.children] == ["keuken.PNG"])
        field.focus()
        field.value = str(tmp_path / "nergens")
        await pilot.press("enter")
        assert "No folder at" in str(picker.query_one("#picker-error", Static).content)
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is not picker)
        assert chosen == [None]
