"""The Markdown report of the fixture inspection, compared with the stored expected file.

Regenerate deliberately (after checking the difference) with:
    INSPECT_TUI_REGENERATE=1 python -m pytest tests/reports/test_report_markdown.py
"""

from __future__ import annotations

import os
from pathlib import Path

from inspect_tui.reports import build_report
from inspect_tui.reports.markdown import md_escape, render_markdown
from inspect_tui.store import open_db
from tests.helpers.report_fixture import ReportDb

EXPECTED = Path(__file__).parent / "expected" / "report.md"


def _render(report_db: ReportDb) -> str:
    db = open_db(report_db.path)
    try:
        return render_markdown(build_report(db, report_db.inspection))
    finally:
        db.close()


def test_markdown_report_matches_the_expected_file(report_db: ReportDb) -> None:
    text = _render(report_db)
    if os.environ.get("INSPECT_TUI_REGENERATE"):
        EXPECTED.write_text(text, encoding="utf-8")
    assert text == EXPECTED.read_text(encoding="utf-8")


def test_markdown_report_is_deterministic(report_db: ReportDb) -> None:
    assert _render(report_db) == _render(report_db)


def test_markdown_escapes_what_a_person_typed() -> None:
    assert md_escape("a | b <script>*x*</script>") == r"a \| b \<script\>\*x\*\</script\>"
    assert md_escape("first line\nsecond line") == "first line<br>second line"
    assert md_escape(None) == ""
