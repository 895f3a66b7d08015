"""The review's building blocks without a screen: keyset pages in every order, the day's counts, the bar chart."""

from __future__ import annotations

from pathlib import Path

import pytest

from inspect_tui.store import open_db
from inspect_tui.store.queries import (
    FINDING_SORTS,
    FindingFilter,
    count_review_findings,
    review_findings_page,
    review_inspections,
    review_summary,
)
from inspect_tui.tui.widgets.severity_chart import BLOCK, ChartRow, render_chart, segment_widths
from tests.helpers.review_seed import DAY, ReviewDay, build_review_day


@pytest.fixture(scope="module")
def day(tmp_path_factory: pytest.TempPathFactory) -> ReviewDay:
    return build_review_day(Path(tmp_path_factory.mktemp("review")))


@pytest.mark.parametrize("sort", list(FINDING_SORTS))
def test_keyset_pages_cover_every_finding_once_in_order(day: ReviewDay, sort: str) -> None:
    db = open_db(day.path)
    try:
        filters = FindingFilter(DAY, sort=sort)
        whole = review_findings_page(db, filters, limit=100).rows
        seen, after = [], None
        while True:
            page = review_findings_page(db, filters, after=after, limit=2)
            seen.extend(page.rows)
            if page.next_key is None:
                break
            after = page.next_key
        assert [r.id for r in seen] == [r.id for r in whole]
        assert len(seen) == count_review_findings(db, filters) == 5
    finally:
        db.close()
    ranks = {"critical": 0, "major": 1, "minor": 2}
    key = {
        "severity": lambda r: (ranks[r.severity], r.deadline),
        "deadline": lambda r: (r.deadline, ranks[r.severity]),
        "site": lambda r: (r.site_name.lower(), ranks[r.severity]),
        "inspector": lambda r: (r.inspector.lower(), ranks[r.severity]),
    }[sort]
    assert [key(r) for r in seen] == sorted(key(r) for r in seen)


def test_day_counts(day: ReviewDay) -> None:
    db = open_db(day.path)
    try:
        rows = {r.id: r for r in review_inspections(db, DAY)}
        summary = review_summary(db, DAY)
        norm = count_review_findings(db, FindingFilter(DAY, norm="snf"), search="woonoppervlak")
    finally:
        db.close()
    assert set(rows) == {day.housing, day.workplace, day.draft}
    assert [(rows[i].critical, rows[i].major, rows[i].minor) for i in (day.housing, day.workplace, day.draft)] == [
        (1, 2, 0),
        (0, 0, 1),
        (0, 0, 1),
    ]
    assert summary.by_severity == {"critical": 1, "major": 2, "minor": 2}
    assert summary.by_norm == {
        "snf": {"critical": 1, "major": 1, "minor": 0},
        "akf": {"critical": 0, "major": 0, "minor": 1},
        "rie": {"critical": 0, "major": 0, "minor": 1},
        "other": {"critical": 0, "major": 1, "minor": 0},
    }
    assert [s.name for s in summary.sites] == ["Vakantiepark De Wilgen", "Slachterij Oost"]  # critical first
    assert summary.by_status == {"completed": 2, "draft": 1}
    assert norm == 1


def test_bar_chart_is_proportional_and_never_hides_a_finding() -> None:
    assert segment_widths([0, 1, 100], 0.1) == [0, 1, 10]
    rows = [
        ChartRow("Vakantiepark De Wilgen", {"critical": 10, "major": 5, "minor": 0}),
        ChartRow("Slachterij Oost", {"critical": 0, "major": 0, "minor": 1}),
    ]
    text = render_chart(rows, 60).plain.splitlines()
    assert all(len(line) <= 60 for line in text)
    assert text[0].count(BLOCK) == 15 * text[1].count(BLOCK)
    assert text[0].endswith("10 5 0") and text[1].endswith("0 0 1")
    tiny = render_chart([ChartRow("a", {"critical": 100}), ChartRow("b", {"critical": 1})], 40).plain.splitlines()
    assert tiny[1].count(BLOCK) == 1 and tiny[0].endswith("100") and tiny[1].endswith("1")
    assert render_chart([], 60).plain == ""


def test_photo_is_written_by_its_hash_and_no_viewer_is_reported(
    day: ReviewDay, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import hashlib

    from inspect_tui.store.queries import finding_attachments
    from inspect_tui.tui.screens import review_photos
    from tests.helpers.review_seed import PHOTO

    db = open_db(day.path)
    try:
        (attachment,) = finding_attachments(db, day.findings["blanket"])
        path = review_photos.extract_attachment(db, attachment, tmp_path / "photos")
    finally:
        db.close()
    assert path == tmp_path / "photos" / f"{hashlib.sha256(PHOTO).hexdigest()}.jpg"
    assert path.read_bytes() == PHOTO
    monkeypatch.setattr("shutil.which", lambda _name: None)
    monkeypatch.setattr("sys.platform", "linux")
    assert review_photos.system_viewer() is None
    assert review_photos.open_with_system_viewer(path) is False
