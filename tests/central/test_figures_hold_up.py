"""The central figures against a count made by hand: the edges of a deadline, a period and a
status; deadlines read on Amsterdam's day whatever the server's zone; what a period limits, said."""

from __future__ import annotations

import datetime as dt
import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from inspect_tui.central.stats import CentralStats, gather, render
from inspect_tui.domain.enums import FindingStatus, InspectionStatus, Severity
from inspect_tui.domain.models import Answer, Finding, Inspection, Site, answer_id
from inspect_tui.i18n import using
from inspect_tui.i18n.zone import AMSTERDAM
from inspect_tui.store import save
from inspect_tui.sync.export import export_bundle
from tests.helpers.bundles import SNF_ITEMS, Device, make_device
from tests.helpers.central import Central, trusting_intake

FAILED = SNF_ITEMS[0]
OPEN, RESOLVED, WITHDRAWN = FindingStatus.OPEN, FindingStatus.RESOLVED, FindingStatus.WITHDRAWN
CRITICAL, MAJOR = Severity.CRITICAL, Severity.MAJOR


def _inspection(
    device: Device,
    site: Site,
    started: dt.datetime,
    status: InspectionStatus,
    findings: list[tuple[Severity, dt.date, FindingStatus]],
) -> None:
    inspection = Inspection(site_id=site.id, templates=["snf"], inspector="Eva de Vries", started_at=started)
    save(device.db, inspection)
    answer = Answer(
        id=answer_id(inspection.id, FAILED), inspection_id=inspection.id, item_id=FAILED, value="no", verdict="fail"
    )
    save(device.db, answer)
    for severity, deadline, finding_status in findings:
        withdrawn = {"withdrawn_reason": "Dubbel opgenomen", "withdrawn_by": "Eva de Vries", "withdrawn_at": started}
        save(
            device.db,
            Finding(
                inspection_id=inspection.id,
                item_id=FAILED,
                severity=severity,
                description="Vluchtweg geblokkeerd.",
                deadline=deadline,
                status=finding_status,
                **(withdrawn if finding_status is WITHDRAWN else {}),
            ),
        )
    if status is InspectionStatus.DRAFT:
        return
    signed = {"signed_by": "Eva de Vries", "completed_at": started + dt.timedelta(hours=1)}
    completed = inspection.model_copy(update={"status": InspectionStatus.COMPLETED, **signed})
    save(device.db, completed)
    if status is InspectionStatus.RETURNED:
        save(device.db, completed.model_copy(update={"status": InspectionStatus.RETURNED}))


def _send(central: Central, device: Device, path: Path) -> None:
    result = export_bundle(device.db, path, device.key, everything=True)
    assert result is not None
    assert trusting_intake(central.db, result.path).error is None


TODAY = dt.date(2025, 5, 10)
YESTERDAY = TODAY - dt.timedelta(days=1)


@pytest.fixture
def edges(central: Central, tmp_path: Path) -> Central:
    """Venlo: site A inspected twice in April (00:30 on the 1st, 23:30 on the 30th), with a critical
    finding due today, one due yesterday, a withdrawn and a resolved one; site C never inspected;
    site E returned in April (its open critical counts nowhere) and signed on 1 May just after
    midnight (outside April) with a major finding due today. Site B has no municipality."""
    device = make_device(tmp_path / "eva.db", device_id="inspector-eva")
    a, b, c, e = (
        Site(name=name, city=city, street="Dorpsstraat", house_number=n + 1)
        for n, (name, city) in enumerate((("A", "Venlo"), ("B", None), ("C", "VENLO"), ("E", "Venlo")))
    )
    for site in (a, b, c, e):
        save(device.db, site)
    signed, returned = InspectionStatus.COMPLETED, InspectionStatus.RETURNED
    at = dt.datetime
    findings_a = [(CRITICAL, TODAY, OPEN), (CRITICAL, YESTERDAY, OPEN), (MAJOR, YESTERDAY, WITHDRAWN)]
    _inspection(device, a, at(2025, 4, 1, 0, 30), signed, [*findings_a, (CRITICAL, YESTERDAY, RESOLVED)])
    _inspection(device, a, at(2025, 4, 30, 23, 30), signed, [])
    _inspection(device, b, at(2025, 4, 15, 9), signed, [(CRITICAL, YESTERDAY, OPEN)])
    _inspection(device, e, at(2025, 4, 15, 9), returned, [(CRITICAL, YESTERDAY, OPEN)])
    _inspection(device, e, at(2025, 5, 1, 0, 10), signed, [(MAJOR, TODAY, OPEN)])
    _send(central, device, tmp_path / "all.zip")
    return central


MUNICIPALITY = (
    "sites",
    "sites_inspected",
    "inspections",
    "open_findings",
    "critical_past_deadline",
    "reinspections_due",
)


def _by_municipality(stats: CentralStats) -> dict[str, tuple[int, ...]]:
    return {row["municipality"]: tuple(row[k] for k in MUNICIPALITY) for row in stats.municipalities}


def test_every_figure_matches_a_count_by_hand(edges: Central) -> None:
    april = gather(edges.db, dt.date(2025, 4, 1), dt.date(2025, 4, 30), today=TODAY)
    # Venlo: 3 sites; only A inspected in April (E's April inspection was sent back), twice; open
    # now: A's two open criticals and E's major of 1 May (open findings are today's state, the
    # period does not limit them); past deadline: A's critical due yesterday, not the one due
    # today; re-inspections due (a deadline reached, today included): A and E.
    assert _by_municipality(april) == {"(no municipality)": (1, 1, 1, 1, 1, 1), "Venlo": (3, 1, 2, 3, 1, 2)}
    (snf,) = april.norms
    assert (snf["inspections"], snf["failures"], snf["judged"], snf["open_findings"]) == (3, 3, 3, 4)
    assert snf["critical_past_deadline"] == 2
    may = gather(edges.db, dt.date(2025, 5, 1), dt.date(2025, 5, 1), today=TODAY)
    assert _by_municipality(may)["Venlo"][:3] == (3, 1, 1)  # 1 May 00:10 Amsterdam time is in May
    on_the_deadline = gather(edges.db, today=YESTERDAY)  # the day the criticals were due: not past it yet
    assert _by_municipality(on_the_deadline)["Venlo"][4:] == (0, 1)


@pytest.fixture
def machine_zone() -> Iterator[None]:
    """Gives back the process's time zone after a test set $TZ."""
    before = os.environ.get("TZ")
    yield
    if before is None:
        os.environ.pop("TZ", None)
    else:
        os.environ["TZ"] = before
    time.tzset()


def test_deadlines_are_read_on_amsterdams_day_whatever_zone_the_server_is_in(
    central: Central, tmp_path: Path, machine_zone: None
) -> None:
    """Twelve hours behind or fourteen ahead of UTC, one of the two is on another day than
    Amsterdam at any moment: a critical finding due yesterday in Amsterdam is past its deadline,
    one due today is not, on either server."""
    device = make_device(tmp_path / "eva.db", device_id="inspector-eva")
    site = Site(name="De Wilgen", city="Venlo", street="Dorpsstraat", house_number=12)
    save(device.db, site)
    today = dt.datetime.now(AMSTERDAM).date()
    due = [(CRITICAL, today - dt.timedelta(days=1), OPEN), (CRITICAL, today, OPEN)]
    _inspection(
        device, site, dt.datetime.combine(today - dt.timedelta(days=30), dt.time(9)), InspectionStatus.COMPLETED, due
    )
    _send(central, device, tmp_path / "all.zip")
    for zone in ("Etc/GMT+12", "Pacific/Kiritimati"):
        os.environ["TZ"] = zone
        time.tzset()
        stats = gather(central.db)
        (venlo,) = stats.municipalities
        assert (stats.today, venlo["critical_past_deadline"]) == (dt.datetime.now(AMSTERDAM).date().isoformat(), 1), (
            zone
        )


def test_a_period_report_says_which_figures_the_period_does_not_limit(edges: Central) -> None:
    april = gather(edges.db, dt.date(2025, 4, 1), dt.date(2025, 4, 30), today=TODAY)
    for fmt in ("text", "md", "html"):
        shown = " ".join(render(april, fmt).decode().split())
        assert (
            "open findings, critical findings past their deadline and re-inspections due are those of every "
            "signed inspection, as of 10-05-2025" in shown
        ), fmt
        with using("nl"):
            dutch = " ".join(render(april, fmt).decode().split())
        assert "zijn die van alle ondertekende inspecties, per 10-05-2025" in dutch, fmt
    everything = render(gather(edges.db, today=TODAY), "md").decode()
    assert "The period limits" not in everything  # no period: nothing to say about one


def test_a_count_in_the_tables_is_written_as_the_language_writes_it() -> None:
    stats = CentralStats(
        None,
        None,
        "2025-05-10",
        {"sites": 1500, "inspections": 2500, "findings": 1234, "revisions": 9000, "bundles_in": 10, "devices": 2,
         "open_conflicts": 0},
        [{"municipality": "Venlo", "sites": 1500, "sites_inspected": 1200, "inspections": 2500, "open_findings": 1234,
          "critical_past_deadline": 12, "reinspections_due": 1001}],
        [{"norm": "snf", "inspections": 2500, "failures": 1234, "advice": 0, "judged": 40000, "not_applicable": 7,
          "recorded": 2000, "open_findings": 1234, "critical_past_deadline": 12}],
        [],
    )  # fmt: skip
    for fmt in ("text", "md", "html"):
        english = render(stats, fmt).decode()
        assert "40,000" in english and "1,234" in english and "40000" not in english, fmt
        with using("nl"):
            dutch = render(stats, fmt).decode()
        assert "40.000" in dutch and "1.234" in dutch and "40,000" not in dutch and "40000" not in dutch, fmt
    assert '"judged": 40000' in stats.as_json()  # JSON keeps numbers
