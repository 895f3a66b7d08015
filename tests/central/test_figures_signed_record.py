"""Central figures and shares count what the signed record says: a draft's "resolved" does not
close an overdue critical, a building's persons are found where its register was compared, and a
failed recommendation is advice."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from click.testing import CliRunner

from inspect_tui.central.share import ShareScope
from inspect_tui.central.stats import gather
from inspect_tui.cli import main
from inspect_tui.domain.enums import Severity
from inspect_tui.domain.models import Inspection, Occupant, Unit
from inspect_tui.store import save
from inspect_tui.store import workflow as wf
from inspect_tui.store.occupancy import occupancy
from tests.central.test_share_signed_occupancy import _chalet_site, _columns, _send, _signed
from tests.helpers.central import Central, trusting_intake

APRIL = dt.date(2026, 4, 1)


def _venlo(central: Central) -> tuple[int, int]:
    [row] = [m for m in gather(central.db, today=APRIL).municipalities if m["municipality"] == "Venlo"]
    return int(row["open_findings"]), int(row["critical_past_deadline"])


def test_a_draft_re_inspection_s_resolved_does_not_close_a_signed_overdue_critical(
    central: Central, tmp_path: Path
) -> None:
    device, site, _chalet = _chalet_site(tmp_path)
    draft = Inspection(site_id=site.id, templates=["snf"], inspector="Eva", started_at=dt.datetime(2026, 3, 3, 9))
    save(device.db, draft)
    found = wf.add_finding(device.db, draft.id, Severity.CRITICAL, "Geen rookmelder", found_on=dt.date(2026, 3, 3))
    first = _signed(device, site, 3, draft)
    again = Inspection(
        site_id=site.id,
        templates=["snf"],
        inspector="Eva",
        started_at=dt.datetime(2026, 3, 20, 9),
        previous_id=first.id,
    )
    save(device.db, again)
    _send(central, device, tmp_path / "before.zip")
    assert _venlo(central) == (1, 1)
    wf.confirm_finding(device.db, again.id, found.id, resolved=True)  # the draft is neither signed nor reviewed
    _send(central, device, tmp_path / "after.zip")
    assert _venlo(central) == (1, 1)  # was (0, 0)
    fields = ("status",)
    shared = _columns(central, tmp_path, "share.zip", fields, ShareScope(), table="findings", key="finding_id")
    assert shared[found.id] == ("open",)  # was "resolved"


def test_a_building_s_persons_are_found_where_its_register_was_compared(central: Central, tmp_path: Path) -> None:
    device, site, house = _chalet_site(tmp_path, registered_persons=4)
    for n in (1, 2):
        room = Unit(site_id=site.id, label=f"Slaapkamer {n}", kind="bedroom", parent_id=house.id, beds=2)
        save(device.db, room)
        for p in range(2):
            save(device.db, Occupant(unit_id=room.id, name=f"Persoon {n}{p}", brp_status="not_registered"))
    [chalet] = [u for u in occupancy(device.db, site.id) if u.unit_id == house.id]
    assert (chalet.persons, chalet.registered, chalet.flags) == (4, 4, ())  # the app finds no mismatch
    _signed(device, site, 3)
    _send(central, device, tmp_path / "signed.zip")
    fields = ("persons_found", "registered_persons", "found_not_in_brp")
    assert _columns(central, tmp_path, "share.zip", fields)[house.id] == ("4", "4", "4")  # was 0 found


def test_a_failed_recommendation_is_advice_in_the_central_figures(central: Central, tmp_path: Path) -> None:
    copy = tmp_path / "s.db"
    shutil.copy(Path(__file__).parents[2] / "sample.db", copy)
    bundle = tmp_path / "all.zip"
    result = CliRunner().invoke(main, ["--db", str(copy), "export", "--all", "--out", str(bundle)])
    assert result.exit_code == 0, result.output
    assert trusting_intake(central.db, bundle).error is None
    figures = gather(central.db, today=APRIL)
    [covid] = [n for n in figures.norms if n["norm"] == "covid-2020"]
    assert covid["advice"] > 0  # one bedroom per person, a valid certificate: recommendations
    listed = {f["item_id"] for f in figures.failures}
    assert "covid-2020.housing.one_per_bedroom" not in listed
