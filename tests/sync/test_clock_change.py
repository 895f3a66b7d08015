"""A time in the hour the spring clock change skips travels unchanged.

Records are stored and hashed in their zoned form, and zoned again when a bundle is read: a
review made at 02:30 on the last Sunday of March (stored as ``02:30+01:00``) must read back the
same, or its revision id fails and the receiver refuses every bundle that carries it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from inspect_tui.domain.enums import ReviewDecision
from inspect_tui.domain.models import Review
from inspect_tui.i18n.zone import AMSTERDAM, zoned
from inspect_tui.store import save
from inspect_tui.sync.export import export_bundle
from tests.helpers.bundles import make_device, populate, shared_dump
from tests.helpers.bundles import trusting_import as import_bundles

CHANGES = (dt.datetime(2024, 3, 31), dt.datetime(2024, 10, 27), dt.datetime(2025, 3, 30))


def _moments() -> list[dt.datetime]:
    """Every quarter of an hour from 00:00 to 05:00 around the clock changes: naive, and with
    offsets +00:00, +01:00 and +02:00."""
    found: list[dt.datetime] = []
    for day in CHANGES:
        for quarter in range(21):
            naive = day + dt.timedelta(minutes=15 * quarter)
            found.append(naive)
            found += [naive.replace(tzinfo=dt.timezone(dt.timedelta(hours=h))) for h in (0, 1, 2)]
    return found


def test_a_zoned_moment_zoned_again_is_written_the_same_and_is_the_same_moment() -> None:
    for moment in _moments():
        once = zoned(moment)
        twice = zoned(dt.datetime.fromisoformat(once.isoformat()))
        assert twice.isoformat() == once.isoformat(), moment
        assert once.tzinfo is AMSTERDAM
        if moment.tzinfo is not None:
            assert once.timestamp() == moment.timestamp(), moment
        else:
            assert once.replace(tzinfo=None) == moment, "a naive time is Amsterdam's wall clock"


def test_a_review_made_in_the_skipped_hour_is_imported(tmp_path: Path) -> None:
    source = make_device(tmp_path / "source.db")
    ids = populate(source.db)
    review = Review(
        inspection_id=ids["inspection"],
        reviewer="Team lead",
        decision=ReviewDecision.COMMENT,
        reason="Nachtwerk.",
        created_at=dt.datetime(2024, 3, 31, 2, 30),
    )
    save(source.db, review)
    stored = source.db.execute("SELECT data FROM changes WHERE record_id = ?", [review.id]).fetchone()[0]
    assert '"2024-03-31T02:30:00+01:00"' in stored
    result = export_bundle(source.db, tmp_path / "night.zip", source.key, everything=True)
    assert result is not None
    target = make_device(tmp_path / "target.db")
    (receipt,) = import_bundles(target.db, [result.path])
    assert receipt.counts["reviews"]["new"] == 2
    assert shared_dump(target.db) == shared_dump(source.db)
