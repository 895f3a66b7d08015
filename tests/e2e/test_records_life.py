"""Deleting, extending and withdrawing across two databases through real bundles: an inspector's
laptop and a team lead's. Deletions travel with their reasons and undo travels too; a withdrawn
finding is shown as withdrawn and not counted open; an extension keeps its reason."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from inspect_tui.cli import main
from inspect_tui.domain.enums import FindingStatus, Severity
from inspect_tui.domain.models import Finding, Inspection, Site, Unit
from inspect_tui.reports import build_report, render_report
from inspect_tui.store import StoreError, open_db
from inspect_tui.store.records import get, save
from inspect_tui.store.workflow import (
    add_finding,
    complete,
    delete_inspection,
    delete_site,
    extend_deadline,
    undo_deletion,
    withdraw_finding,
)
from tests.e2e.test_send_back_loop import export, import_into
from tests.helpers.checklist import answer_all_required, start
from tests.helpers.tui_seed import seed

SIGNED_AT = dt.datetime(2026, 11, 17, 15, 0, tzinfo=dt.UTC)
LATER = dt.datetime(2026, 11, 20, 10, 0, tzinfo=dt.UTC)


def _deleted_note(path: Path, entity: str, record_id: str) -> str:
    db = open_db(path)
    try:
        row = db.execute(
            "SELECT data FROM changes WHERE entity = ? AND record_id = ? AND deleted = 1", [entity, record_id]
        ).fetchone()
        return str(json.loads(row[0])["notes"]) if row else ""
    finally:
        db.close()


def test_deletions_travel_with_their_reason_and_undo_travels_too(tmp_path: Path) -> None:
    usb = tmp_path / "usb"
    seeded = seed(tmp_path / "inspector" / "inspect.db")
    laptop = seeded.path
    lead = tmp_path / "lead" / "inspect.db"
    open_db(lead, create=True).close()
    draft_id = start(laptop, seeded.site_id, ["snf"])
    db = open_db(laptop)
    finding = add_finding(db, draft_id, Severity.MINOR, "Schimmel in de badkamer")
    spare = Site(name="Dubbel ingevoerd", city="Venlo")
    save(db, spare)
    hall = Unit(site_id=spare.id, label="Hal")
    save(db, hall)
    db.close()
    import_into(lead, export(laptop, usb / "1"), trust_new=True)
    db = open_db(lead)
    assert get(db, Inspection, draft_id) is not None and get(db, Site, spare.id) is not None
    db.close()

    db = open_db(laptop)
    delete_inspection(db, draft_id, "verkeerd adres")
    site_gone = delete_site(db, spare.id, "dubbel ingevoerd")
    db.close()
    import_into(lead, export(laptop, usb / "2"), trust_new=True)
    db = open_db(lead)
    try:
        assert get(db, Inspection, draft_id) is None and get(db, Finding, finding.id) is None
        assert get(db, Site, spare.id) is None and get(db, Unit, hall.id) is None
    finally:
        db.close()
    assert _deleted_note(lead, "inspections", draft_id) == "Deleted: verkeerd adres"
    assert _deleted_note(lead, "sites", spare.id) == "Deleted: dubbel ingevoerd"

    db = open_db(laptop)
    undo_deletion(db, site_gone)
    db.close()
    import_into(lead, export(laptop, usb / "3"), trust_new=True)
    db = open_db(lead)
    try:
        back = get(db, Site, spare.id)
        assert back is not None and back.notes is None and get(db, Unit, hall.id) is not None
    finally:
        db.close()


def test_signed_work_is_refused_and_nothing_changes(tmp_path: Path) -> None:
    seeded = seed(tmp_path / "inspect.db")
    inspection_id = start(seeded.path, seeded.site_id, ["snf"])
    answer_all_required(seeded.path, inspection_id)
    db = open_db(seeded.path)
    try:
        complete(db, inspection_id, "Inspecteur Jansen", now=SIGNED_AT)
        before = db.execute("SELECT COUNT(*), MAX(seq) FROM changes").fetchone()
        with pytest.raises(StoreError, match="never signed"):
            delete_inspection(db, inspection_id, "weg ermee")
        with pytest.raises(StoreError, match="only a site without inspections"):
            delete_site(db, seeded.site_id, "weg ermee")
        assert db.execute("SELECT COUNT(*), MAX(seq) FROM changes").fetchone() == before
    finally:
        db.close()


def test_extension_and_withdrawal_travel_and_show_in_the_leads_report(tmp_path: Path) -> None:
    usb = tmp_path / "usb"
    seeded = seed(tmp_path / "inspector" / "inspect.db")
    laptop = seeded.path
    lead = tmp_path / "lead" / "inspect.db"
    open_db(lead, create=True).close()
    inspection_id = start(laptop, seeded.site_id, ["snf"])
    answer_all_required(laptop, inspection_id)
    db = open_db(laptop)
    late = add_finding(db, inspection_id, Severity.CRITICAL, "Rookmelder ontbreekt", deadline=dt.date(2026, 11, 24))
    wrong = add_finding(db, inspection_id, Severity.MAJOR, "Brandblusser verlopen", deadline=dt.date(2026, 12, 17))
    complete(db, inspection_id, "Inspecteur Jansen", now=SIGNED_AT)
    db.close()
    import_into(lead, export(laptop, usb / "1"), trust_new=True)

    db = open_db(laptop)
    extend_deadline(db, late.id, dt.date(2026, 12, 8), "Onderdeel besteld, levering week 49", now=LATER)
    withdraw_finding(db, wrong.id, "Keuringsdatum verkeerd gelezen", now=LATER)
    db.close()
    import_into(lead, export(laptop, usb / "2"), trust_new=True)

    db = open_db(lead)
    try:
        extended = get(db, Finding, late.id)
        assert extended is not None and extended.deadline == dt.date(2026, 12, 8)
        assert [(e.previous, e.reason) for e in extended.extensions or []] == [
            (dt.date(2026, 11, 24), "Onderdeel besteld, levering week 49")
        ]
        withdrawn = get(db, Finding, wrong.id)
        assert withdrawn is not None and withdrawn.status is FindingStatus.WITHDRAWN
        report = build_report(db, inspection_id)
        assert report.open_findings == 1
        assert {f.description: f.status for f in report.findings} == {
            "Rookmelder ontbreekt": "open",
            "Brandblusser verlopen": "withdrawn",
        }
        text = render_report(db, inspection_id, "md").decode()
        assert "Keuringsdatum verkeerd gelezen" in text and "withdrawn" in text
        assert "from 24-11-2026 to 08-12-2026" in text and "Onderdeel besteld, levering week 49" in text
        dutch = render_report(db, inspection_id, "md", lang="nl").decode()
        assert "ingetrokken" in dutch and "Termijn verlengd" in dutch
    finally:
        db.close()
    listed = CliRunner().invoke(
        main, ["--db", str(lead), "list", "findings", "--from", "2000-01-01", "--status", "withdrawn", "--json"]
    )
    assert listed.exit_code == 0, listed.output
    assert [f["description"] for f in json.loads(listed.output)] == ["Brandblusser verlopen"]


def test_a_forged_deletion_of_a_signed_inspection_is_refused_on_import(tmp_path: Path) -> None:
    """The store refuses it; a bundle made around the store is refused by the lead's import."""
    from inspect_tui.store.db import device_id
    from inspect_tui.store.revisions import record_local_revision
    from inspect_tui.sync.errors import BundleError

    usb = tmp_path / "usb"
    seeded = seed(tmp_path / "inspector" / "inspect.db")
    laptop = seeded.path
    lead = tmp_path / "lead" / "inspect.db"
    open_db(lead, create=True).close()
    inspection_id = start(laptop, seeded.site_id, ["snf"])
    answer_all_required(laptop, inspection_id)
    db = open_db(laptop)
    complete(db, inspection_id, "Inspecteur Jansen", now=SIGNED_AT)
    db.close()
    import_into(lead, export(laptop, usb / "1"), trust_new=True)

    db = open_db(laptop)
    with db.atomic():
        origin = device_id(db)
        for (answer_id,) in db.execute("SELECT id FROM answers WHERE inspection_id = ?", [inspection_id]).fetchall():
            from inspect_tui.domain.models import Answer

            answer = get(db, Answer, answer_id)
            assert answer is not None
            record_local_revision(db, answer, origin, deleted=True)
        signed = get(db, Inspection, inspection_id)
        assert signed is not None
        record_local_revision(db, signed, origin, deleted=True)
    db.close()
    forged = export(laptop, usb / "2")
    before = open_db(lead)
    count = before.execute("SELECT COUNT(*) FROM changes").fetchone()[0]
    before.close()
    with pytest.raises(BundleError, match="deletes a signed inspection"):
        import_into(lead, forged, trust_new=True)
    db = open_db(lead)
    try:
        assert db.execute("SELECT COUNT(*) FROM changes").fetchone()[0] == count
        assert get(db, Inspection, inspection_id) is not None
    finally:
        db.close()
