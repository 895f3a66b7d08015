"""A share's and the figures' --from/--to take whole days in Europe/Amsterdam: an inspection that
started at 00:30 on 1 April Amsterdam time (22:30 UTC the day before) belongs to 1 April."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from inspect_tui.central.keys import load_signing_key
from inspect_tui.central.share import ShareScope, load_profile, write_share
from inspect_tui.central.stats import gather
from inspect_tui.domain.enums import FindingStatus, InspectionStatus, Severity
from inspect_tui.domain.models import Finding, Inspection, Site
from inspect_tui.store import save
from inspect_tui.sync.export import export_bundle
from tests.helpers.bundles import SNF_ITEMS, make_device
from tests.helpers.central import Central, trusting_intake

NIGHT = dt.datetime(2025, 3, 31, 22, 30, tzinfo=dt.UTC)
"""1 April 2025, 00:30 in Amsterdam (summer time)."""


@pytest.fixture
def night_inspection(central: Central, tmp_path: Path) -> None:
    device = make_device(tmp_path / "eva.db", device_id="inspector-eva")
    site = Site(name="De Wilgen", city="Venlo", street="Dorpsstraat", house_number=12)
    save(device.db, site)
    inspection = Inspection(
        site_id=site.id,
        templates=["snf"],
        inspector="Eva de Vries",
        started_at=NIGHT,
    )
    save(device.db, inspection)
    finding = Finding(
        inspection_id=inspection.id,
        item_id=SNF_ITEMS[0],
        severity=Severity.MAJOR,
        description="Vluchtweg geblokkeerd.",
        deadline=dt.date(2025, 5, 1),
        status=FindingStatus.OPEN,
    )
    save(device.db, finding)
    signed = {"signed_by": "Eva de Vries", "completed_at": dt.datetime(2025, 4, 1, 1, 30)}  # Amsterdam time
    save(device.db, inspection.model_copy(update={"status": InspectionStatus.COMPLETED, **signed}))
    exported = export_bundle(device.db, tmp_path / "eva.zip", device.key, everything=True)
    assert exported is not None and trusting_intake(central.db, exported.path).error is None


@pytest.mark.parametrize(
    ("first", "last", "shared"),
    [
        (dt.date(2025, 4, 1), dt.date(2025, 4, 1), 1),
        (dt.date(2025, 3, 1), dt.date(2025, 3, 31), 0),
        (dt.date(2025, 4, 2), None, 0),
    ],
)
def test_the_period_takes_amsterdam_days(
    central: Central, tmp_path: Path, night_inspection: None, first: dt.date, last: dt.date | None, shared: int
) -> None:
    result = write_share(
        central.db,
        load_profile("municipality"),
        ShareScope(date_from=first, date_to=last),
        tmp_path / "venlo.zip",
        load_signing_key(central.db, central.signing_key),
    )
    assert result.counts["findings"] == shared
    (venlo,) = gather(central.db, first, last, today=dt.date(2025, 4, 10)).municipalities
    assert venlo["inspections"] == shared
    if shared:
        (row,) = [r for r in _findings_csv(result.path)]
        assert "2025-04-01" in row  # the day shared is Amsterdam's


def _findings_csv(path: Path) -> list[str]:
    from tests.helpers.bundles import members

    text = members(path)["data/findings.csv"].decode("utf-8-sig")
    return text.splitlines()[1:]
