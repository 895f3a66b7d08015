"""From the review screen: import bundles (receipt, refusals) and write reports and the day's findings."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from textual.widgets import Checkbox, Input

from inspect_tui.domain.models import Site
from inspect_tui.store import open_db, save
from inspect_tui.sync.export import export_bundle
from inspect_tui.sync.keys import ensure_signing_key
from inspect_tui.tui.app import make_app
from inspect_tui.tui.screens.import_bundles import ImportBundlesScreen, expand_paths
from inspect_tui.tui.screens.review_export import FindingsExportScreen, ReportExportScreen
from tests.helpers.review_seed import ReviewDay, build_review_day, open_review
from tests.helpers.tui_seed import enter_text, fixed_clock, read, shown, wait_for


def other_inspectors_bundle(tmp_path: Path) -> Path:
    """A bundle from another laptop with one new site."""
    path = tmp_path / "laptop2.db"
    db = open_db(path, create=True)
    try:
        save(db, Site(name="Camping Het Veld", city="Ergens"))
        out = tmp_path / "usb"
        out.mkdir()
        result = export_bundle(db, out, ensure_signing_key(db, path), now=dt.datetime(2024, 5, 14, 17, 0))
    finally:
        db.close()
    assert result is not None
    return result.path


async def test_import_bundles_shows_the_receipt_and_refuses_bad_ones(tmp_path: Path) -> None:
    day = build_review_day(tmp_path / "lead")
    bundle = other_inspectors_bundle(tmp_path)
    bad = tmp_path / "usb" / "damaged.zip"
    bad.write_bytes(b"PK\x03\x04 this is not a bundle")
    app = make_app(day.path, lang="en", clock=fixed_clock)
    async with app.run_test(size=(120, 34)) as pilot:
        await open_review(app, pilot)
        await pilot.press("I")
        await wait_for(pilot, lambda: isinstance(app.screen, ImportBundlesScreen))
        dialog = app.screen
        assert isinstance(dialog, ImportBundlesScreen)
        changes = read(day.path, "SELECT COUNT(*) FROM changes")
        await enter_text(pilot, dialog.query_one("#import-paths", Input), f"{bundle} {bad}")
        await pilot.press("enter")
        await wait_for(pilot, lambda: not dialog.running and shown(dialog, "#import-error") != "")
        assert "damaged.zip" in shown(dialog, "#import-error")
        assert "\n" not in shown(dialog, "#import-error")
        assert read(day.path, "SELECT COUNT(*) FROM changes") == changes  # all or nothing: the good one waits too
        assert read(day.path, "SELECT COUNT(*) FROM sites WHERE name = 'Camping Het Veld'") == [(0,)]
        dialog.query_one("#import-paths", Input).value = str(bundle.parent / "*.zip")
        bad.unlink()
        await pilot.press("enter")
        # A new signer: its fingerprint is shown and nothing changes until the person imports again.
        await wait_for(pilot, lambda: "New signer" in shown(dialog, "#import-error"))
        assert read(day.path, "SELECT COUNT(*) FROM changes") == changes
        await pilot.press("enter")
        await wait_for(pilot, lambda: "Imported" in shown(dialog, "#import-receipt"))
        receipt = shown(dialog, "#import-receipt")
        assert "New signer" in receipt
        assert any(line.split()[:2] == ["sites", "1"] for line in receipt.splitlines())
        assert read(day.path, "SELECT COUNT(*) FROM sites WHERE name = 'Camping Het Veld'") == [(1,)]
        assert Path(f"{day.path}.pre-import.sqlite").exists()  # snapshot taken before the merge
        assert app.focused is dialog.query_one("#close")
        dialog.query_one("#import-paths", Input).focus()
        await pilot.press("enter")  # again: already imported, nothing changes
        await wait_for(pilot, lambda: "already imported" in shown(dialog, "#import-receipt"))
        await pilot.press("escape")
        await wait_for(pilot, lambda: not isinstance(app.screen, ImportBundlesScreen))


def test_bundle_paths_typed_in_the_dialog(tmp_path: Path) -> None:
    (tmp_path / "a b").mkdir()
    first = tmp_path / "a b" / "one.zip"
    first.write_bytes(b"x")
    second = tmp_path / "two.zip"
    second.write_bytes(b"x")
    assert expand_paths(f'"{tmp_path / "a b"}" {second}') == [first, second]
    assert expand_paths(f"{tmp_path}/*.zip {second}") == [second]
    for text, message in (
        (f"{tmp_path / 'missing.zip'}", "No bundle at"),
        ('"unclosed', "quote"),
        ("", "Give one or more"),
        (f"{tmp_path}/*.none", "Nothing matches"),
    ):
        try:
            expand_paths(text)
        except ValueError as exc:
            assert message in str(exc)
        else:
            raise AssertionError(f"{text!r} was accepted")


async def test_report_and_findings_exports(tmp_path: Path) -> None:
    day: ReviewDay = build_review_day(tmp_path / "lead")
    app = make_app(day.path, lang="en", clock=fixed_clock)
    async with app.run_test(size=(120, 34)) as pilot:
        screen = await open_review(app, pilot)
        screen.inspections.move_cursor(row=screen.inspections.get_row_index(day.housing))
        await pilot.press("p")
        await wait_for(pilot, lambda: isinstance(app.screen, ReportExportScreen))
        dialog = app.screen
        path_input = dialog.query_one("#export-path", Input)
        assert path_input.value.endswith(f"inspect-tui-reports/2024-05-14-vakantiepark-de-wilgen-{day.housing[:8]}.pdf")
        path_input.value = str(tmp_path / "report.txt")
        await pilot.press("enter")
        assert "End the file name" in shown(dialog, "#export-error")
        path_input.value = str(tmp_path / "report.md")
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.screen is screen)
        report = (tmp_path / "report.md").read_text()
        assert "Vakantiepark De Wilgen" in report and "Geen blusdeken in de keuken" in report
        await pilot.press("x")
        await wait_for(pilot, lambda: isinstance(app.screen, FindingsExportScreen))
        dialog = app.screen
        assert dialog.query_one("#export-path", Input).value.endswith("inspect-tui-reports/2024-05-14-findings.csv")
        assert dialog.query_one("#export-excel", Checkbox).value is True
        dialog.query_one("#export-path", Input).value = str(tmp_path / "findings.csv")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: app.screen is screen)
        data = (tmp_path / "findings.csv").read_bytes()
        assert data.startswith("\ufeff".encode())  # Excel variant: BOM, ';', dd-mm-yyyy
        lines = data.decode("utf-8-sig").splitlines()
        assert lines[0].startswith("date;site;") and len(lines) == 1 + 5
        assert any("14-05-2024;Vakantiepark De Wilgen" in line for line in lines)
        await pilot.press("x")
        await wait_for(pilot, lambda: isinstance(app.screen, FindingsExportScreen))
        app.screen.query_one("#export-path", Input).value = str(tmp_path / "missing-folder" / "f.csv")
        await pilot.press("ctrl+s")
        dialog = app.screen
        await wait_for(pilot, lambda: "does not exist" in shown(dialog, "#export-error"))
        assert not (tmp_path / "missing-folder").exists()
