"""What was signed stays signed: across two databases through real bundles, a report of a
completed inspection does not change when the site changes afterwards; a finding carried into a
re-inspection keeps its deadline."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from inspect_tui.domain.enums import Sector, Severity
from inspect_tui.domain.models import Finding, Inspection, Occupant, Site
from inspect_tui.reports import build_report, render_report
from inspect_tui.store import open_db
from inspect_tui.store.conflicts import open_conflicts
from inspect_tui.store.db import StoreError
from inspect_tui.store.records import delete, get, save
from inspect_tui.store.workflow import add_finding, complete, confirm_finding, reopen, start_inspection
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
    import_into(lead, export(inspector, usb / "1"), trust_new=True, trust_role="lead")

    # Afterwards one occupant leaves and the site's sector changes, on the inspector's laptop.
    db = open_db(inspector)
    delete(db, Occupant, seeded.occupant_ids[2])
    site = get(db, Site, seeded.site_id)
    assert site is not None
    save(db, site.model_copy(update={"sector": Sector.OTHER, "high_risk": False}))
    db.close()
    import_into(lead, export(inspector, usb / "2"), trust_new=True, trust_role="lead")

    for path in (inspector, lead):
        db = open_db(path)
        try:
            report = build_report(db, inspection_id)
            assert _persons(report.units) == {"Huis 12": 3, "Kamer 1": 2, "Kamer 2": 1}
            assert report.site.sector == "meat_processing" and report.site.high_risk is True
            # The signed figures, with today's beside those that differ (one person left).
            shown = [(m.name, re.sub(r" \(now: [^)]*\)", "", m.value)) for m in report.measurements]
            assert shown == [(m.name, m.value) for m in signed.measurements]
            assert ("Persons", "3 (now: 2)") in [(m.name, m.value) for m in report.measurements]
            # What was signed is unchanged; today's state stands beside it where it differs, never instead.
            now_text = render_report(db, inspection_id, "md")
            assert b"| 1 (now: 0) |" in now_text and b"| 3 (now: 2) |" in now_text
            assert re.sub(rb" \(now: [^)]*\)", b"", now_text) == signed_text
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


def _first_inspection_with_findings(tmp_path: Path) -> tuple[Path, str, str, str]:
    seeded = seed(tmp_path / "a" / "inspect.db")
    first = start(seeded.path, seeded.site_id, ["snf"])
    answer_all_required(seeded.path, first)
    db = open_db(seeded.path)
    try:
        critical = add_finding(db, first, Severity.CRITICAL, "Rookmelder ontbreekt", deadline=dt.date(2026, 11, 24))
        minor = add_finding(db, first, Severity.MINOR, "Blusdeken verlopen", deadline=dt.date(2026, 12, 20))
        complete(db, first, "Inspecteur Jansen", now=SIGNED_AT)
    finally:
        db.close()
    return seeded.path, seeded.site_id, critical.id, minor.id


def _reinspect(path: Path, site_id: str, inspector: str, resolved: dict[str, bool], on: dt.datetime) -> str:
    db = open_db(path)
    try:
        again = start_inspection(db, site_id, ["snf"], inspector, now=on)
        for finding_id, done in resolved.items():
            confirm_finding(db, again.id, finding_id, resolved=done, now=on + dt.timedelta(minutes=5))
        return again.id
    finally:
        db.close()


def test_contradictory_confirmations_from_two_laptops_are_a_conflict(tmp_path: Path) -> None:
    usb = tmp_path / "usb"
    laptop_a, site_id, critical, minor = _first_inspection_with_findings(tmp_path)
    laptop_b = tmp_path / "b" / "inspect.db"
    lead = tmp_path / "lead" / "inspect.db"
    first_bundle = export(laptop_a, usb / "start")
    for path in (laptop_b, lead):
        open_db(path, create=True).close()
        import_into(path, first_bundle, trust_new=True, trust_role="lead")
    on = dt.datetime(2026, 12, 2, 9, 0, tzinfo=dt.UTC)
    re_a = _reinspect(laptop_a, site_id, "Inspecteur Jansen", {critical: True, minor: False}, on)
    re_b = _reinspect(laptop_b, site_id, "Inspecteur De Vries", {critical: False, minor: True}, on)
    from_a, from_b = export(laptop_a, usb / "a"), export(laptop_b, usb / "b")
    import_into(laptop_a, from_b, trust_new=True, trust_role="lead")
    import_into(laptop_b, from_a, trust_new=True, trust_role="lead")
    import_into(lead, from_a, trust_new=True, trust_role="lead")
    import_into(lead, from_b, trust_new=True, trust_role="lead")
    for path in (laptop_a, laptop_b, lead):
        db = open_db(path)
        try:
            conflicted = {c.record_id: c for c in open_conflicts(db, "findings")}
            assert set(conflicted) == {critical, minor}, path
            assert {"status", "confirmed_by", "confirmed_in"} <= set(conflicted[critical].fields)
        finally:
            db.close()
    # Until the lead decides, one version of each finding is in effect, and the report of the
    # re-inspection it came from lists it with the inspector who confirmed it.
    db = open_db(lead)
    try:
        rows = [
            (r.description, r.resolved, r.confirmed_by)
            for inspection_id in (re_a, re_b)
            for r in build_report(db, inspection_id).follow_up
        ]
    finally:
        db.close()
    assert set(rows) <= {
        ("Rookmelder ontbreekt", True, "Inspecteur Jansen"),
        ("Rookmelder ontbreekt", False, "Inspecteur De Vries"),
        ("Blusdeken verlopen", False, "Inspecteur Jansen"),
        ("Blusdeken verlopen", True, "Inspecteur De Vries"),
    }
    assert len(rows) == 2 and {r[0] for r in rows} == {"Rookmelder ontbreekt", "Blusdeken verlopen"}


def test_reinspection_report_lists_resolved_and_still_open_with_days_overdue(tmp_path: Path) -> None:
    laptop_a, site_id, critical, minor = _first_inspection_with_findings(tmp_path)
    on = dt.datetime(2026, 12, 2, 9, 0, tzinfo=dt.UTC)
    again = _reinspect(laptop_a, site_id, "Inspecteur Jansen", {critical: False, minor: True}, on)
    db = open_db(laptop_a)
    try:
        report = build_report(db, again)
        text = render_report(db, again, "md").decode()
        dutch = render_report(db, again, "md", lang="nl").decode()
        for fmt in ("html", "pdf"):
            assert render_report(db, again, fmt)
        carried = [f for f in report.findings if f.carried_over]
    finally:
        db.close()
    assert [(r.description, r.resolved, r.overdue_days) for r in report.follow_up] == [
        ("Rookmelder ontbreekt", False, 8),
        ("Blusdeken verlopen", True, 0),
    ]
    assert [(f.description, f.deadline) for f in carried] == [("Rookmelder ontbreekt", dt.date(2026, 11, 24))]
    assert "## Resolved since the last inspection" in text and "## Still open" in text
    assert "8 days overdue" in text and "Inspecteur Jansen" in text
    assert "Opgelost sinds de vorige inspectie" in dutch and "8 dagen te laat" in dutch
    assert report.previous is not None and "Inspecteur Jansen" in report.previous


def test_a_finding_is_not_confirmed_at_the_inspection_that_found_it(tmp_path: Path) -> None:
    seeded = seed(tmp_path / "inspect.db")
    first = start(seeded.path, seeded.site_id, ["snf"])
    db = open_db(seeded.path)
    try:
        finding = add_finding(db, first, Severity.MINOR, "Blusdeken verlopen")
        before = get(db, Finding, finding.id)
        with pytest.raises(StoreError, match="later inspection"):
            confirm_finding(db, first, finding.id, resolved=True)
        assert get(db, Finding, finding.id) == before
    finally:
        db.close()
