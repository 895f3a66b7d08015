"""What a Dutch report or findings export prints: no stored value, no English, one status per finding."""

from __future__ import annotations

from dataclasses import replace

from inspect_tui.i18n import using
from inspect_tui.reports import build_report
from inspect_tui.reports.content import site_facts
from inspect_tui.store import open_db
from tests.helpers.report_fixture import ReportDb


def test_a_site_certified_under_both_norms_names_both_not_the_stored_value(report_db: ReportDb) -> None:
    db = open_db(report_db.path)
    try:
        report = build_report(db, report_db.inspection)
    finally:
        db.close()
    both = replace(report, site=replace(report.site, certification="snf_akf"))
    with using("nl"):
        facts = dict(site_facts(both))
    assert facts["Keurmerk"] == "SNF + AKF SNF-4711, geldig tot 31-03-2026"
