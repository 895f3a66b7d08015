"""What was signed stays signed: across two databases through real bundles, a report of a
completed inspection does not change when the site changes afterwards; a finding carried into a
re-inspection keeps its deadline."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from inspect_tui.domain.enums import Sector, Severity
from inspect_tui.domain.models import Finding, Inspection, Occupant, Site
from inspect_tui.reports import build_report, render_report
from inspect_tui.store import open_db
from inspect_tui.store.records import delete, get, save
from inspect_tui.store.workflow import add_finding, complete, confirm_finding, reopen
from tests.e2e.test_send_back_loop import export, import_into
from tests.helpers.checklist import answer_all_required, start
from tests.helpers.tui_seed import seed

SIGNED_AT = dt.datetime(2026, 11, 17, 15, 0, tzinfo=dt.UTC)


def _persons(report_units: tuple[object, ...]) -> dict[str, int]:
    return {u.label: u.persons for u in report_units}  # type: ignore[attr-defined]


def test_signed_report_unchanged_after_site_changes(tmp_path: Path) -> None:
    usb = tmp_path / "usb"
    seeded = seed(tmp_path / "inspector" / "inspect.db")
    inspector = seeded.path
    lead = tmp_path / "lead" / "inspect.db"
    open_db(lead, create=True).close()
    inspection_id = start(inspector, seeded.site_id, ["snf"])
    answer_all_required(inspector, inspection_id)
    db = open_db(inspector)
    complete(db, inspection_id, "Inspecteur Jansen", now=SIGNED_AT)
    signed = build_report(db, inspection_id)
    signed_text = render_report(db, inspection_id, "md")
    db.close()
    assert _persons(signed.units) == {"Huis 12": 3, "Kamer 1": 2, "Kamer 2": 1}
    import_into(lead, export(inspector, usb / "1"))

    # Afterwards one occupant leaves and the site's sector changes, on the inspector's laptop.
    db = open_db(inspector)
    delete(db, Occupant, seeded.occupant_ids[2])
    site = get(db, Site, seeded.site_id)
    assert site is not None
    save(db, site.model_copy(update={"sector": Sector.OTHER, "high_risk": False}))
    db.close()
    import_into(lead, export(inspector, usb / "2"))

    for path in (inspector, lead):
        db = open_db(path)
        try:
            report = build_report(db, inspection_id)
            assert _persons(report.units) == {"Huis 12": 3, "Kamer 1": 2, "Kamer 2": 1}
            assert report.site.sector == "meat_processing" and report.site.high_risk is True
            assert report.measurements == signed.measurements
            assert render_report(db, inspection_id, "md") == signed_text
            inspection = get(db, Inspection, inspection_id)
            assert inspection is not None and inspection.frozen is not None
            assert inspection.frozen.rule_versions == {"snf": inspection.frozen.rule_versions["snf"]}
            # The same figures, now read live, differ: the freeze is what kept the report.
            assert sum(u.own_persons for u in inspection.frozen.units) == 3
        finally:
            db.close()


def test_reopened_inspection_reads_today_and_is_frozen_again_when_signed(tmp_path: Path) -> None:
    seeded = seed(tmp_path / "inspect.db")
    inspection_id = start(seeded.path, seeded.site_id, ["snf"])
    answer_all_required(seeded.path, inspection_id)
    db = open_db(seeded.path)
    try:
        complete(db, inspection_id, "Inspecteur Jansen", now=SIGNED_AT)
        delete(db, Occupant, seeded.occupant_ids[2])
        assert _persons(build_report(db, inspection_id).units)["Kamer 2"] == 1
        reopen(db, inspection_id, "Teamleider Bakker", "bewoner vertrokken", now=SIGNED_AT + dt.timedelta(hours=1))
        assert _persons(build_report(db, inspection_id).units)["Kamer 2"] == 0  # a draft shows today
        complete(db, inspection_id, "Inspecteur Jansen", now=SIGNED_AT + dt.timedelta(hours=2))
        assert _persons(build_report(db, inspection_id).units)["Kamer 2"] == 0
    finally:
        db.close()


def test_carried_finding_keeps_its_deadline(tmp_path: Path) -> None:
    seeded = seed(tmp_path / "inspect.db")
    first = start(seeded.path, seeded.site_id, ["snf"])
    answer_all_required(seeded.path, first)
    db = open_db(seeded.path)
    try:
        finding = add_finding(db, first, Severity.CRITICAL, "Rookmelder ontbreekt", deadline=dt.date(2026, 11, 24))
        complete(db, first, "Inspecteur Jansen", now=SIGNED_AT)
    finally:
        db.close()
    second = start(seeded.path, seeded.site_id, ["snf"])
    db = open_db(seeded.path)
    try:
        carried = confirm_finding(db, second, finding.id, resolved=False)
        assert carried.deadline == dt.date(2026, 11, 24)
        stored = get(db, Finding, carried.id)
        assert stored is not None and stored.deadline == dt.date(2026, 11, 24) and stored.origin_id == finding.id
    finally:
        db.close()
