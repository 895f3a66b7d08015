"""`central pull --since`: what arrived after a change number or from a day on, exactly at the boundary;
and the pulls after a lead's decisions came back through intake."""

from __future__ import annotations

import datetime as dt
import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from inspect_tui.central.keys import load_signing_key
from inspect_tui.central.pull import Selection, pull
from inspect_tui.cli import main
from inspect_tui.domain.enums import ReviewDecision
from inspect_tui.domain.models import Review, Site
from inspect_tui.store import get, open_db, save
from inspect_tui.sync.export import export_bundle
from tests.helpers.bundles import make_device, populate
from tests.helpers.bundles import trusting_import as import_bundles
from tests.helpers.central import Central, trusting_intake


def _taken_in(central: Central, tmp_path: Path) -> dict[str, str]:
    device = make_device(tmp_path / "inspector.db", device_id="inspector-eva")
    ids = populate(device.db)
    exported = export_bundle(device.db, tmp_path / "first.zip", device.key, everything=True)
    assert exported is not None and trusting_intake(central.db, exported.path).error is None
    site = get(device.db, Site, ids["site"])
    assert site is not None
    save(device.db, site.model_copy(update={"notes": "Derde bezoek."}))
    later = export_bundle(device.db, tmp_path / "second.zip", device.key)
    assert later is not None and trusting_intake(central.db, later.path).error is None
    return ids


def test_since_a_change_number_carries_what_came_after_it_and_not_it(central: Central, tmp_path: Path) -> None:
    _taken_in(central, tmp_path)
    key = load_signing_key(central.db, central.signing_key)
    last = central.db.pg("SELECT max(seq) FROM changes").fetchone()
    assert last is not None
    (boundary,) = last
    before = central.db.pg("SELECT max(seq) FROM changes WHERE seq < %s", [boundary]).fetchone()
    assert before is not None
    at = pull(central.db, tmp_path / "at.zip", key, Selection(since_seq=before[0]))
    assert at is not None and (at.seq_from, at.seq_to) == (boundary, boundary) and sum(at.counts.values()) == 1
    assert pull(central.db, tmp_path / "after.zip", key, Selection(since_seq=boundary)) is None
    code = CliRunner().invoke(
        main,
        [*central.options(), "pull", "--since", str(boundary), "--out", str(tmp_path / "none.zip"),
         "--signing-key", str(central.signing_key)],
    )  # fmt: skip
    assert code.exit_code == 0 and "Nothing to pull" in code.output and not (tmp_path / "none.zip").exists()


@pytest.fixture
def amsterdam(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("TZ", "Europe/Amsterdam")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.mark.skipif(not hasattr(time, "tzset"), reason="needs time.tzset")
def test_since_a_day_starts_at_local_midnight(central: Central, tmp_path: Path, amsterdam: None) -> None:
    """A revision received at 00:00 local time on the day is in; one a moment before is not (the
    machine's day, not UTC's: at 00:30 in Amsterdam it is still yesterday in UTC)."""
    assert os.environ["TZ"] == "Europe/Amsterdam"
    _taken_in(central, tmp_path)
    central.db.pg("UPDATE changes SET received_at = '2026-11-19 22:59:59.999+00'")
    (seq,) = central.db.pg("SELECT max(seq) FROM changes").fetchone() or (0,)
    central.db.pg("UPDATE changes SET received_at = '2026-11-19 23:00:00+00' WHERE seq = %s", [seq])  # 00:00 CET
    key = load_signing_key(central.db, central.signing_key)
    got = pull(central.db, tmp_path / "day.zip", key, Selection(since_date=dt.date(2026, 11, 20)))
    assert got is not None and (got.seq_from, got.seq_to) == (seq, seq)
    assert pull(central.db, tmp_path / "later.zip", key, Selection(since_date=dt.date(2026, 11, 21))) is None


def test_a_team_pull_after_the_leads_decision_brings_only_the_decision(central: Central, tmp_path: Path) -> None:
    ids = _taken_in(central, tmp_path)
    key = load_signing_key(central.db, central.signing_key)
    central.db.pg("INSERT INTO team_members (team, inspector) VALUES ('noord', 'Eva de Vries')")
    first = pull(central.db, tmp_path / "noord.zip", key, Selection(team="noord"))
    assert first is not None
    lead = make_device(tmp_path / "lead.db", device_id="lead-1")
    import_bundles(lead.db, [first.path])
    decision = Review(
        inspection_id=ids["inspection"],
        reviewer="Teamleider",
        decision=ReviewDecision.SEND_BACK,
        reason="Foto van kamer 2 ontbreekt",
        created_at=dt.datetime(2026, 11, 20, 10, 0),
    )
    save(lead.db, decision)
    back = export_bundle(lead.db, tmp_path / "lead.zip", lead.key)
    assert back is not None and trusting_intake(central.db, back.path).error is None
    for selection in (
        Selection(team="noord", since_seq=first.seq_to),
        Selection(inspector="Eva de Vries", since_seq=first.seq_to),
    ):
        name = f"{selection.team or 'eva'}-next.zip"
        nxt = pull(central.db, tmp_path / name, key, selection)
        assert nxt is not None
        assert nxt.counts["reviews"] == 1 and sum(nxt.counts.values()) == 1, nxt.counts
    inspector = open_db(tmp_path / "inspector.db")
    (receipt,) = import_bundles(inspector, [tmp_path / "eva-next.zip"])
    assert receipt.counts["reviews"]["new"] == 1
    assert inspector.execute("SELECT reason FROM reviews WHERE id = ?", [decision.id]).fetchone() == (
        "Foto van kamer 2 ontbreekt",
    )


def test_pull_and_share_on_a_read_only_replica_are_refused_before_writing(
    central: Central, pg_url: str, tmp_path: Path
) -> None:
    """They record every handout; on a replica that would fail after the file was written."""
    _taken_in(central, tmp_path)
    name = central.db.pg("SELECT current_database()").fetchone()
    assert name is not None
    central.db.pg(f'ALTER DATABASE "{name[0]}" SET default_transaction_read_only = on')
    out = tmp_path / "out"
    out.mkdir()
    for command in (["pull", "--out", str(out / "p.zip")], ["share", "--profile", "ggd", "--out", str(out / "g.zip")]):
        result = CliRunner().invoke(main, [*central.options(), *command, "--signing-key", str(central.signing_key)])
        assert result.exit_code == 1 and "read-only" in result.output and "primary" in result.output, result.output
        assert len(result.output.strip().splitlines()) == 1
    assert list(out.iterdir()) == []
    code = CliRunner().invoke(main, [*central.options(), "stats"])
    assert code.exit_code == 0, code.output


def test_a_handout_that_cannot_be_recorded_leaves_no_file(
    central: Central, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import inspect_tui.central.pull as pull_module
    import inspect_tui.central.share as share_module
    from inspect_tui.central.errors import CentralError
    from inspect_tui.central.share import ShareScope, load_profile, write_share

    _taken_in(central, tmp_path)

    def refuse(*args: object) -> None:
        raise CentralError("recording failed")

    monkeypatch.setattr(pull_module, "record_handout", refuse)
    monkeypatch.setattr(share_module, "record_handout", refuse)
    key = load_signing_key(central.db, central.signing_key)
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(CentralError):
        pull(central.db, out / "p.zip", key, Selection())
    with pytest.raises(CentralError):
        write_share(central.db, load_profile("ggd"), ShareScope(), out / "g.zip", key)
    assert list(out.iterdir()) == []


@pytest.mark.parametrize("since", ["change", "day"])
def test_a_site_that_enters_a_team_after_its_last_pull_comes_whole(
    central: Central, tmp_path: Path, since: str
) -> None:
    """An inspector of the team inspects a site the team never had: the next --since pull carries
    the site and its units with all their history, or the lead's laptop refuses the inspection
    ("no site … in this database or bundle")."""
    from inspect_tui.domain.models import Inspection, Unit

    office = make_device(tmp_path / "office.db", device_id="office")
    old = Site(name="Oud pand", city="Venlo")
    first_site = Site(name="Eerste", city="Venlo")
    for record in (old, Unit(site_id=old.id, label="Kamer 1", beds=2), first_site):
        save(office.db, record)
    known = export_bundle(office.db, tmp_path / "office.zip", office.key, everything=True)
    assert known is not None and trusting_intake(central.db, known.path).error is None
    eva = make_device(tmp_path / "eva.db", device_id="eva")
    import_bundles(eva.db, [known.path])
    save(
        eva.db,
        Inspection(site_id=first_site.id, templates=["snf"], inspector="Eva", started_at=dt.datetime(2026, 3, 1)),
    )
    mine = export_bundle(eva.db, tmp_path / "e1.zip", eva.key)
    assert mine is not None and trusting_intake(central.db, mine.path).error is None
    central.db.pg("INSERT INTO team_members (team, inspector) VALUES ('noord', 'Eva')")
    key = load_signing_key(central.db, central.signing_key)
    first = pull(central.db, tmp_path / "p1.zip", key, Selection(team="noord"))
    assert first is not None and first.counts["sites"] == 1
    lead = make_device(tmp_path / "lead.db", device_id="lead")
    import_bundles(lead.db, [first.path])
    central.db.pg("UPDATE changes SET received_at = '2026-03-01 10:00+00'")
    save(eva.db, Inspection(site_id=old.id, templates=["snf"], inspector="Eva", started_at=dt.datetime(2026, 3, 2)))
    later = export_bundle(eva.db, tmp_path / "e2.zip", eva.key)
    assert later is not None and trusting_intake(central.db, later.path).error is None
    selection = (
        Selection(team="noord", since_seq=first.seq_to)
        if since == "change"
        else Selection(team="noord", since_date=dt.date(2026, 3, 2))
    )
    second = pull(central.db, tmp_path / "p2.zip", key, selection)
    assert second is not None
    assert (second.counts["sites"], second.counts["units"], second.counts["inspections"]) == (1, 1, 1)
    import_bundles(lead.db, [second.path])
    assert lead.db.execute("SELECT name FROM sites ORDER BY name").fetchall() == [("Eerste",), ("Oud pand",)]
    assert lead.db.execute("SELECT label FROM units").fetchall() == [("Kamer 1",)]


def test_a_device_pull_carries_the_sites_its_inspections_are_of(central: Central, tmp_path: Path) -> None:
    """--device carries what the device wrote and what that names (a site made on another device),
    so a laptop without them takes it in."""
    from inspect_tui.domain.models import Finding, Inspection, Unit

    office = make_device(tmp_path / "office.db", device_id="office")
    site = Site(name="Oud pand", city="Venlo")
    room = Unit(site_id=site.id, label="Kamer 1", beds=2)
    for record in (site, room):
        save(office.db, record)
    known = export_bundle(office.db, tmp_path / "office.zip", office.key, everything=True)
    assert known is not None and trusting_intake(central.db, known.path).error is None
    eva = make_device(tmp_path / "eva.db", device_id="eva")
    import_bundles(eva.db, [known.path])
    inspection = Inspection(site_id=site.id, templates=["snf"], inspector="Eva", started_at=dt.datetime(2026, 3, 1))
    save(eva.db, inspection)
    save(
        eva.db,
        Finding(
            inspection_id=inspection.id, unit_id=room.id, severity="minor", description="Lamp stuk",
            deadline=dt.date(2026, 4, 1),
        ),
    )  # fmt: skip
    mine = export_bundle(eva.db, tmp_path / "e1.zip", eva.key)
    assert mine is not None and trusting_intake(central.db, mine.path).error is None
    key = load_signing_key(central.db, central.signing_key)
    got = pull(central.db, tmp_path / "eva.zip", key, Selection(device="eva"))
    assert got is not None and (got.counts["sites"], got.counts["units"], got.counts["findings"]) == (1, 1, 1)
    laptop = make_device(tmp_path / "other.db", device_id="other")
    (receipt,) = import_bundles(laptop.db, [got.path])
    assert receipt.counts["inspections"]["new"] == 1 and receipt.counts["sites"]["new"] == 1
