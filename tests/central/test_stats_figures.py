"""The central figures a finding rests on: failures beside judged answers, signed inspections only."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from inspect_tui.central.stats import CentralStats, gather, render
from inspect_tui.cli import main
from inspect_tui.domain.enums import FindingStatus, InspectionStatus, Severity
from inspect_tui.domain.models import Answer, Finding, Inspection, Site, answer_id
from inspect_tui.i18n import using
from inspect_tui.store import get, save
from inspect_tui.store import workflow as wf
from inspect_tui.sync.export import export_bundle
from tests.helpers.bundles import SNF_ITEMS, Device, make_device
from tests.helpers.central import Central, trusting_intake

FAILED, MIXED, MEASURED = SNF_ITEMS[0], SNF_ITEMS[1], SNF_ITEMS[2]


def _inspection(device: Device, site: Site, verdicts: dict[str, str], status: InspectionStatus, day: int) -> str:
    inspection = Inspection(
        site_id=site.id, templates=["snf"], inspector="Eva de Vries", started_at=dt.datetime(2025, 3, day, 9, 0)
    )
    save(device.db, inspection)
    for item, verdict in verdicts.items():
        value = {"pass": "yes", "fail": "no", "n.a.": "n.a.", "recorded": "11.5"}[verdict]
        save(
            device.db,
            Answer(
                id=answer_id(inspection.id, item),
                inspection_id=inspection.id,
                item_id=item,
                value=value,
                verdict=verdict,
                figure=11.5 if verdict == "recorded" else None,
            ),
        )
    save(
        device.db,
        Finding(
            inspection_id=inspection.id,
            item_id=FAILED,
            severity=Severity.CRITICAL,
            description="Vluchtweg geblokkeerd.",
            deadline=dt.date(2025, 4, 1),
            status=FindingStatus.OPEN,
        ),
    )
    if status is not InspectionStatus.DRAFT:
        signed = {"signed_by": "Eva de Vries", "completed_at": dt.datetime(2025, 3, day, 11, 0)}
        completed = inspection.model_copy(update={"status": InspectionStatus.COMPLETED, **signed})
        save(device.db, completed)
        if status is InspectionStatus.RETURNED:  # sent back for correction
            save(device.db, completed.model_copy(update={"status": InspectionStatus.RETURNED}))
    return inspection.id


def _send(central: Central, device: Device, path: Path) -> None:
    result = export_bundle(device.db, path, device.key, everything=True)
    assert result is not None
    assert trusting_intake(central.db, result.path).error is None


BESIDE = {
    "text": "Failures  Judged  Not applicable  Measurements",
    "md": "| Failures | Judged | Not applicable | Measurements |",
    "html": "<th>Failures</th><th>Judged</th><th>Not applicable</th><th>Measurements</th>",
    "pdf": "Failures Judged Not applicable Measurements",
}
"""The failures column and the judged one right beside it, as each format writes a header."""


def _figures(stats: CentralStats) -> dict[str, Any]:
    return {"municipalities": stats.municipalities, "norms": stats.norms, "failures": stats.failures}


@pytest.fixture
def signed_only(central: Central, tmp_path: Path) -> tuple[Device, Site]:
    """Two signed inspections: FAILED failed once and passed once, MIXED failed once and was n.a. once,
    MEASURED only recorded (a measurement: no verdict of its own)."""
    device = make_device(tmp_path / "eva.db", device_id="inspector-eva")
    site = Site(name="De Wilgen", city="Venlo", street="Dorpsstraat", house_number=12)
    save(device.db, site)
    _inspection(device, site, {FAILED: "fail", MIXED: "n.a.", MEASURED: "recorded"}, InspectionStatus.COMPLETED, 3)
    _inspection(device, site, {FAILED: "pass", MIXED: "fail", MEASURED: "recorded"}, InspectionStatus.COMPLETED, 4)
    _send(central, device, tmp_path / "first.zip")
    return device, site


def test_failures_stand_beside_the_judged_answers_not_every_answer(
    central: Central, signed_only: tuple[Device, Site]
) -> None:
    stats = gather(central.db, today=dt.date(2025, 5, 1))
    (snf,) = [row for row in stats.norms if row["norm"] == "snf"]
    assert {k: snf[k] for k in ("inspections", "failures", "judged", "not_applicable", "recorded")} == {
        "inspections": 2,
        "failures": 2,
        "judged": 3,
        "not_applicable": 1,
        "recorded": 2,
    }
    assert "answers" not in snf  # all answers together is no denominator for a failure rate
    by_item = {row["item_id"]: row for row in stats.failures}
    assert set(by_item) == {FAILED, MIXED}  # a measurement never fails
    assert (by_item[FAILED]["failures"], by_item[FAILED]["judged"], by_item[FAILED]["not_applicable"]) == (1, 2, 0)
    assert (by_item[MIXED]["failures"], by_item[MIXED]["judged"], by_item[MIXED]["not_applicable"]) == (1, 1, 1)
    assert by_item[MIXED]["recorded"] == 0
    figures = json.loads(stats.as_json())
    assert figures["failures"][0]["judged"] in (1, 2) and "signed inspections only" in figures["basis"]


def test_a_draft_or_returned_inspection_with_failures_changes_no_figure(
    central: Central, signed_only: tuple[Device, Site], tmp_path: Path
) -> None:
    device, site = signed_only
    today = dt.date(2025, 5, 1)
    before = gather(central.db, today=today)
    _inspection(device, site, {FAILED: "fail", MIXED: "fail"}, InspectionStatus.DRAFT, 5)
    _inspection(device, site, {FAILED: "fail", MIXED: "fail"}, InspectionStatus.RETURNED, 6)
    _send(central, device, tmp_path / "second.zip")
    statuses = sorted(str(r[0]) for r in central.db.pg("SELECT status FROM inspections").fetchall())
    assert statuses == ["completed", "completed", "draft", "returned"]  # they did arrive
    after = gather(central.db, today=today)
    assert after.totals["inspections"] == before.totals["inspections"] + 2
    assert _figures(after) == _figures(before)
    (venlo,) = after.municipalities
    assert venlo["inspections"] == 2 and venlo["open_findings"] == 2 and venlo["critical_past_deadline"] == 2


def test_every_format_shows_judged_beside_failures_and_says_signed_only(
    central: Central, signed_only: tuple[Device, Site]
) -> None:
    stats = gather(central.db, today=dt.date(2025, 5, 1))
    pdf = render(stats, "pdf")
    shown = {fmt: render(stats, fmt).decode() for fmt in ("text", "md", "html")}
    shown["pdf"] = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    for fmt, out in shown.items():
        flat = " ".join(out.split())
        assert "signed inspections only" in flat and "drafts" in flat, fmt
        assert "Judged" in flat and "Not applicable" in flat and "Measurements" in flat, fmt
        assert BESIDE[fmt] in out, fmt
    header = next(line for line in shown["text"].splitlines() if line.startswith("Norm  ") and "Item" in line)
    assert header.split()[:4] == ["Norm", "Item", "Failures", "Judged"]
    with using("nl"):
        dutch = {fmt: render(stats, fmt).decode() for fmt in ("text", "md", "html")}
    for fmt, out in dutch.items():
        assert "alleen ondertekende inspecties" in out and "Beoordeeld" in out and "Metingen" in out, fmt
        assert "Judged" not in out and "signed inspections" not in out, fmt


def test_the_command_line_labels_the_figures(central: Central, signed_only: tuple[Device, Site]) -> None:
    result = CliRunner().invoke(main, [*central.options(), "stats"])
    assert result.exit_code == 0, result.output
    assert "Figures from signed inspections only" in result.output and "Judged" in result.output
    result = CliRunner().invoke(main, [*central.options(), "stats", "--json"])
    figures = json.loads(result.output)
    assert {row["item_id"]: row["judged"] for row in figures["failures"]} == {FAILED: 2, MIXED: 1}


def _reinspect(device: Device, site: Site, finding_id: str, *, resolved: bool, day: int) -> str:
    """A signed re-inspection of the site that confirms the earlier finding resolved or carries it over."""
    at = dt.datetime(2025, 3, day, 9, 0)
    inspection = wf.start_inspection(device.db, site.id, ["snf"], "Eva de Vries", now=at)
    confirmed = wf.confirm_finding(device.db, inspection.id, finding_id, resolved=resolved, now=at)
    signed = {"signed_by": "Eva de Vries", "completed_at": at + dt.timedelta(hours=2)}
    started = get(device.db, Inspection, inspection.id)
    assert started is not None
    save(device.db, started.model_copy(update={"status": InspectionStatus.COMPLETED, **signed}))
    return confirmed.id


def _open(stats: CentralStats) -> tuple[int, int, int, int, int]:
    (venlo,) = stats.municipalities
    (snf,) = [row for row in stats.norms if row["norm"] == "snf"]
    return (
        venlo["open_findings"],
        venlo["critical_past_deadline"],
        venlo["reinspections_due"],
        snf["open_findings"],
        snf["critical_past_deadline"],
    )


def test_a_finding_carried_over_counts_once_and_is_closed_when_its_carry_is_resolved(
    central: Central, tmp_path: Path
) -> None:
    device = make_device(tmp_path / "eva.db", device_id="inspector-eva")
    site = Site(name="De Wilgen", city="Venlo", street="Dorpsstraat", house_number=12)
    save(device.db, site)
    first = _inspection(device, site, {FAILED: "fail"}, InspectionStatus.COMPLETED, 3)
    (found,) = device.db.execute("SELECT id FROM findings WHERE inspection_id = ?", [first]).fetchone()
    _send(central, device, tmp_path / "first.zip")
    today = dt.date(2025, 5, 1)
    assert _open(gather(central.db, today=today)) == (1, 1, 1, 1, 1)
    carried = _reinspect(device, site, found, resolved=False, day=10)  # still not repaired: carried over
    _send(central, device, tmp_path / "second.zip")
    held = central.db.pg("SELECT COUNT(*) FROM findings WHERE status = 'open'").fetchone()
    assert held is not None and held[0] == 2  # both rows stay open, as on the laptop
    assert _open(gather(central.db, today=today)) == (1, 1, 1, 1, 1)  # one defect, counted once
    _reinspect(device, site, carried, resolved=True, day=20)  # repaired at last
    _send(central, device, tmp_path / "third.zip")
    assert _open(gather(central.db, today=today)) == (0, 0, 0, 0, 0)


def test_a_municipality_written_in_another_case_is_one_municipality(central: Central, tmp_path: Path) -> None:
    device = make_device(tmp_path / "eva.db", device_id="inspector-eva")
    for n, city in enumerate(("Venlo", "VENLO", "venlo", "Horst")):
        site = Site(name=f"Locatie {n}", city=city, street="Dorpsstraat", house_number=n + 1)
        save(device.db, site)
        _inspection(device, site, {FAILED: "fail"}, InspectionStatus.COMPLETED, 3 + n)
    _send(central, device, tmp_path / "all.zip")
    rows = {row["municipality"]: row for row in gather(central.db, today=dt.date(2025, 5, 1)).municipalities}
    assert len(rows) == 2, rows  # Venlo once, however it was typed
    (venlo,) = [row for name, row in rows.items() if name.lower() == "venlo"]
    assert (venlo["sites"], venlo["sites_inspected"], venlo["inspections"], venlo["open_findings"]) == (3, 3, 3, 3)
    assert (rows["Horst"]["sites"], rows["Horst"]["inspections"]) == (1, 1)


def _shared_statuses(central: Central, folder: Path, name: str) -> dict[str, str]:
    import csv
    import zipfile

    from inspect_tui.central.keys import load_signing_key
    from inspect_tui.central.share import ShareScope, load_profile, write_share

    key = load_signing_key(central.db, central.signing_key)
    share = write_share(central.db, load_profile("municipality"), ShareScope(), folder / name, key)
    with zipfile.ZipFile(share.path) as zf:
        rows = csv.DictReader(io.StringIO(zf.read("data/findings.csv").decode("utf-8-sig")))
        return {r["finding_id"]: r["status"] for r in rows}


def test_a_finding_carried_over_reads_taken_over_in_a_share(central: Central, tmp_path: Path) -> None:
    """The share says of the earlier finding what the figures do: it lives on as the one that took it
    over (not open beside it), by the same rule."""
    from openpyxl import load_workbook

    device = make_device(tmp_path / "eva.db", device_id="inspector-eva")
    site = Site(name="De Wilgen", city="Venlo", street="Dorpsstraat", house_number=12)
    save(device.db, site)
    first = _inspection(device, site, {FAILED: "fail"}, InspectionStatus.COMPLETED, 3)
    (found,) = device.db.execute("SELECT id FROM findings WHERE inspection_id = ?", [first]).fetchone()
    # carried over in a re-inspection still a draft: nothing signed took it over yet
    draft = wf.start_inspection(device.db, site.id, ["snf"], "Eva de Vries", now=dt.datetime(2025, 3, 8, 9))
    wf.confirm_finding(device.db, draft.id, found, resolved=False, now=dt.datetime(2025, 3, 8, 9))
    _send(central, device, tmp_path / "first.zip")
    assert _shared_statuses(central, tmp_path, "a.zip") == {found: "open"}
    wf.delete_inspection(device.db, draft.id, "started by mistake")
    carried = _reinspect(device, site, found, resolved=False, day=10)
    _send(central, device, tmp_path / "second.zip")
    assert _shared_statuses(central, tmp_path, "b.zip") == {found: "taken_over", carried: "open"}
    book = load_workbook(tmp_path / "b.xlsx")
    words = {str(c.value) for sheet in book.worksheets for row in sheet.iter_rows() for c in row}
    assert {"taken over", "open"} <= words
    with using("nl"):
        _shared_statuses(central, tmp_path, "nl.zip")
    dutch = {
        str(c.value)
        for sheet in load_workbook(tmp_path / "nl.xlsx").worksheets
        for row in sheet.iter_rows()
        for c in row
    }
    assert {"overgenomen", "open"} <= dutch
    _reinspect(device, site, carried, resolved=True, day=20)
    _send(central, device, tmp_path / "third.zip")
    assert _shared_statuses(central, tmp_path, "c.zip") == {found: "taken_over", carried: "resolved"}
    assert _open(gather(central.db, today=dt.date(2025, 5, 1))) == (0, 0, 0, 0, 0)
