"""An import receipt counts records as the user thinks of them, and says how many revisions they had."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from textual.widgets import Input

from inspect_tui.domain.models import Site
from inspect_tui.store import open_db, save
from inspect_tui.sync.export import export_bundle
from inspect_tui.sync.keys import ensure_signing_key
from inspect_tui.tui import messages as msg
from inspect_tui.tui.app import make_app
from inspect_tui.tui.i18n import set_language
from inspect_tui.tui.screens.import_bundles import ImportBundlesScreen, receipt_text
from tests.helpers.tui_seed import enter_text, fixed_clock, read, shown, wait_for


def bundle_with_one_site_changed_twice(tmp_path: Path) -> Path:
    path = tmp_path / "laptop.db"
    db = open_db(path, create=True)
    try:
        site = Site(name="Camping Het Veld", city="Ergens")
        save(db, site)
        save(db, site.model_copy(update={"city": "Elders"}))
        save(db, site.model_copy(update={"city": "Nergens"}))
        save(db, Site(name="Pension Twee", city="Ergens"))
        out = tmp_path / "usb"
        out.mkdir()
        result = export_bundle(db, out, ensure_signing_key(db, path), now=dt.datetime(2024, 5, 14, 17, 0))
    finally:
        db.close()
    assert result is not None
    return result.path


async def test_receipt_says_records_and_revisions(tmp_path: Path) -> None:
    bundle = bundle_with_one_site_changed_twice(tmp_path)
    lead = tmp_path / "lead.db"
    open_db(lead, create=True).close()
    app = make_app(lead, lang="en", clock=fixed_clock)
    async with app.run_test(size=(120, 34)) as pilot:
        await wait_for(pilot, lambda: app.screen.id == "home")
        app.screen.post_message(msg.ImportBundles())  # what the command palette's "Import bundles" sends
        await wait_for(pilot, lambda: isinstance(app.screen, ImportBundlesScreen))
        dialog = app.screen
        assert isinstance(dialog, ImportBundlesScreen)
        await enter_text(pilot, dialog.query_one("#import-paths", Input), str(bundle))
        await pilot.press("enter")
        # The laptop's key is new here: its fingerprint is shown, and nothing is imported until
        # the person checks it and imports again.
        await wait_for(pilot, lambda: not dialog.running and "New signer" in shown(dialog, "#import-error"))
        assert read(lead, "SELECT COUNT(*) FROM sites") == [(0,)]
        await pilot.press("enter")
        await wait_for(pilot, lambda: not dialog.running and "Imported" in shown(dialog, "#import-receipt"))
        text = shown(dialog, "#import-receipt")
        assert "2 sites (4 revisions)" in text
        assert dialog.receipts is not None
        [receipt] = dialog.receipts
    assert sum(receipt.counts["sites"].values()) == 2
    assert receipt.revisions["sites"] == 4
    assert receipt.new_signer
    assert read(lead, "SELECT COUNT(*) FROM sites") == [(2,)]
    set_language("nl")
    try:
        assert "2 locaties (4 revisies)" in receipt_text([receipt], open_conflicts=0)
        assert "1 open conflict wacht" in receipt_text([receipt], open_conflicts=1)
    finally:
        set_language("en")
    assert "1 open conflict waits" in receipt_text([receipt], open_conflicts=1)


def test_receipt_table_speaks_dutch_with_dutch_thousands(tmp_path: Path) -> None:
    from inspect_tui.sync.importer import Receipt

    receipt = Receipt(source=str(tmp_path / "b.zip"), bundle_id="b" * 64, device_id="d" * 32, signer=bytes(32))
    receipt.counts["answers"] = {"new": 12_500, "updated": 1_000, "unchanged": 3, "conflict": 0}
    receipt.revisions["answers"] = 13_503
    receipt.files = 1_200
    set_language("nl")
    try:
        text = receipt_text([receipt], open_conflicts=0)
    finally:
        set_language("en")
    row = next(line for line in text.splitlines() if "12.500" in line)
    assert row.split() == ["antwoorden", "12.500", "1.000", "3", "0"]
    assert "1.200" in text and "12,500" not in text and "1,200" not in text


def test_receipt_table_columns_line_up_whatever_the_longest_kind_word() -> None:
    from inspect_tui.sync.importer import Receipt

    receipt = Receipt(source="b.zip", bundle_id="b" * 64, device_id="d" * 32, signer=bytes(32))
    receipt.counts["sites"] = {"new": 1, "updated": 0, "unchanged": 8, "conflict": 0}
    receipt.counts["reviews"] = {"new": 0, "updated": 0, "unchanged": 5, "conflict": 0}
    for lang in ("nl", "en"):
        set_language(lang)
        try:
            lines = receipt_text([receipt], open_conflicts=0).splitlines()
        finally:
            set_language("en")
        head = next(i for i, line in enumerate(lines) if line.rstrip().endswith(("conflicten", "conflicts")))
        table = lines[head : head + 3]
        assert len({len(line.rstrip()) for line in table}) == 1, table
