"""Who made each revision and when, across three databases through real bundles: histories,
conflicts named by person, device and time in a stable order, and the stamp protected on the way."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from sqlite_utils import Database

from inspect_tui.domain.enums import AnswerVerdict
from inspect_tui.domain.models import Answer, Inspection
from inspect_tui.store import get, save
from inspect_tui.store.authorship import use_clock
from inspect_tui.store.queries import conflict_versions, open_conflict_count, record_history, reopenings
from inspect_tui.store.workflow import keep_version, reopen
from inspect_tui.sync.errors import BundleError
from inspect_tui.sync.export import export_bundle
from tests.helpers.bundles import (
    SNF_ITEMS,
    edit_line,
    full_dump,
    make_device,
    rebag,
    trusting_import,
)
from tests.helpers.history_scenario import EVA_EDIT, JOOST_EDIT, START, Team, build_team


@pytest.fixture
def team(tmp_path: Path) -> Team:
    return build_team(tmp_path)


def _cross(team: Team) -> None:
    """Everyone gets everything: Eva's edit to Joost, Joost's to Eva."""
    trusting_import(team.joost.db, [team.folder / "eva-2.zip"])
    trusting_import(team.eva.db, [team.folder / "joost-1.zip"])


def _rows(db: Database, entity: str, record_id: str) -> list[tuple[object, ...]]:
    return [
        (e.rev, e.gen, e.made_at, e.person, e.origin, e.deleted, tuple((c.field, c.before, c.after) for c in e.changes))
        for e in record_history(db, entity, record_id)
    ]


def test_history_lists_every_revision_with_person_device_time_and_changes(team: Team) -> None:
    history = record_history(team.lead.db, "sites", team.ids["site"])
    assert [(e.gen, e.person, e.origin) for e in history] == [
        (1, "Eva de Vries", "laptop-eva"),
        (2, "Eva de Vries", "laptop-eva"),
        (3, "Eva de Vries", "laptop-eva"),
        (3, "Joost Bakker", "laptop-joost"),
    ]
    assert history[0].made_at == "2026-11-17T08:00:00Z" and history[0].first
    assert {c.field for c in history[0].changes} >= {"name", "city", "postcode"}
    assert history[2].made_at == EVA_EDIT.strftime("%Y-%m-%dT%H:%M:%SZ")
    assert [(c.field, c.before, c.after) for c in history[2].changes] == [
        ("notes", "Tweede bezoek nodig.", "Hek bij de ingang kapot."),
        ("zoned_residential", None, False),
    ]
    assert history[3].made_at == JOOST_EDIT.strftime("%Y-%m-%dT%H:%M:%SZ")
    assert {c.field for c in history[3].changes} == {"notes", "high_risk"}
    assert sum(e.in_effect for e in history) == 1
    assert not any(e.here for e in history)  # nothing of the site was made on the lead's laptop
    chalet = record_history(team.lead.db, "units", team.ids["chalet"])
    assert [(c.field, c.before, c.after) for c in chalet[-1].changes] == [("beds", 4, 6)]


def test_the_history_is_the_same_on_every_database(team: Team) -> None:
    _cross(team)
    lead = _rows(team.lead.db, "sites", team.ids["site"])
    assert len(lead) == 4
    assert _rows(team.eva.db, "sites", team.ids["site"]) == lead
    assert _rows(team.joost.db, "sites", team.ids["site"]) == lead


def test_a_relay_passes_the_stamps_on_untouched(team: Team, tmp_path: Path) -> None:
    """The lead's full bundle carries Eva's and Joost's revisions; a new laptop checks them against their ids."""
    relay = tmp_path / "lead-all.zip"
    assert export_bundle(team.lead.db, relay, team.lead.key, everything=True) is not None
    other = make_device(tmp_path / "other.db", "laptop-new")
    trusting_import(other.db, [relay])
    assert _rows(other.db, "sites", team.ids["site"]) == _rows(team.lead.db, "sites", team.ids["site"])


@pytest.mark.parametrize(
    ("field", "value"),
    [("by", "Mariam El Amrani"), ("at", "2026-11-17T07:00:00Z")],
)
def test_changing_who_or_when_on_the_way_is_refused(team: Team, tmp_path: Path, field: str, value: str) -> None:
    """The stamp is hashed into the revision id: a relay that rewrites it is caught, the database untouched."""
    other = make_device(tmp_path / "other.db", "laptop-new")
    trusting_import(other.db, [team.folder / "eva-1.zip"])
    before = full_dump(other.db)

    def forge(data: dict[str, bytes]) -> dict[str, bytes]:
        data["data/sites.jsonl"] = edit_line(data["data/sites.jsonl"], 1, lambda e: e.__setitem__(field, value))
        return data

    forged = tmp_path / "forged.zip"
    forged.write_bytes(rebag(team.folder / "eva-2.zip", team.eva.key, payload=forge))
    with pytest.raises(BundleError, match="not the hash of its content"):
        trusting_import(other.db, [forged])
    assert full_dump(other.db) == before


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("at", "yesterday"),
        ("at", "2026-11-17 09:30"),
        ("at", "2026-13-45T09:30:00Z"),
        ("by", "x" * 101),
        ("by", "Eva\nde Vries"),
        ("by", 7),
    ],
)
def test_a_malformed_stamp_is_refused_with_the_field_named(
    team: Team, tmp_path: Path, field: str, value: object
) -> None:
    other = make_device(tmp_path / "other.db", "laptop-new")
    before = full_dump(other.db)

    def forge(data: dict[str, bytes]) -> dict[str, bytes]:
        data["data/sites.jsonl"] = edit_line(data["data/sites.jsonl"], 1, lambda e: e.__setitem__(field, value))
        return data

    forged = tmp_path / "forged.zip"
    forged.write_bytes(rebag(team.folder / "eva-1.zip", team.eva.key, payload=forge))
    with pytest.raises(BundleError, match=rf"sites.jsonl line 1.*\b{field}\b"):
        trusting_import(other.db, [forged])
    assert full_dump(other.db) == before


def test_revisions_made_before_stamps_import_and_have_no_time(team: Team, tmp_path: Path) -> None:
    """An older bundle's lines carry no at/by; their ids were made without them and still verify."""

    def unstamped(data: dict[str, bytes]) -> dict[str, bytes]:
        for name in [n for n in data if n.endswith(".jsonl") and n != "data/segments.jsonl"]:
            lines = []
            for raw in data[name].decode().splitlines():
                envelope = json.loads(raw)
                envelope.pop("at", None)
                envelope.pop("by", None)
                lines.append(json.dumps(envelope, separators=(",", ":"), ensure_ascii=False))
            data[name] = "".join(f"{line}\n" for line in lines).encode()
        return data

    old = tmp_path / "old.zip"
    old.write_bytes(rebag(team.folder / "eva-1.zip", team.eva.key, payload=unstamped, rehash=True))
    other = make_device(tmp_path / "other.db", "laptop-new")
    trusting_import(other.db, [old])
    history = record_history(other.db, "sites", team.ids["site"])
    assert [(e.made_at, e.person, e.origin) for e in history] == [(None, None, "laptop-eva")] * 2
    assert other.db.execute("SELECT COUNT(*) FROM changes WHERE made_at IS NOT NULL").fetchone()[0] == 0


def test_conflict_versions_are_named_and_ordered_the_same_everywhere(team: Team) -> None:
    versions = conflict_versions(team.lead.db, "sites", team.ids["site"])
    assert [(v.person, v.origin, v.made_at) for v in versions] == [
        ("Eva de Vries", "laptop-eva", "2026-11-17T09:30:00Z"),
        ("Joost Bakker", "laptop-joost", "2026-11-17T10:15:00Z"),
    ]
    assert sum(v.in_effect for v in versions) == 1
    _cross(team)
    for device in (team.eva, team.joost):
        there = conflict_versions(device.db, "sites", team.ids["site"])
        assert [(v.rev, v.in_effect) for v in there] == [(v.rev, v.in_effect) for v in versions]
    assert open_conflict_count(team.lead.db) == open_conflict_count(team.eva.db) == 1


def test_keeping_a_version_is_a_revision_of_the_lead_that_names_what_it_set_aside(team: Team) -> None:
    versions = conflict_versions(team.lead.db, "sites", team.ids["site"])
    kept = versions[0]  # Eva's, whichever version is in effect now
    with use_clock(lambda: dt.datetime(2026, 11, 18, 8, 0, tzinfo=dt.UTC)):
        keep_version(team.lead.db, "sites", kept.data)
    assert open_conflict_count(team.lead.db) == 0
    last = record_history(team.lead.db, "sites", team.ids["site"])[-1]
    assert (last.person, last.origin, last.here, last.in_effect) == ("Mariam El Amrani", "laptop-lead", True, True)
    assert last.made_at == "2026-11-18T08:00:00Z" and last.merges == 1
    set_aside = {person for person, _when, _changes in last.merged}
    assert set_aside <= {"Eva de Vries", "Joost Bakker"} and set_aside


def test_reopened_inspection_shows_reason_and_changes_since_the_first_signing(team: Team, tmp_path: Path) -> None:
    """The lead reopens Eva's signed inspection; an answer is changed; the lead's review sees both."""
    lead = team.lead
    inspection_id = team.ids["inspection"]
    with use_clock(lambda: dt.datetime(2026, 11, 18, 9, 0, tzinfo=dt.UTC)):
        reopen(
            lead.db,
            inspection_id,
            by="Mariam El Amrani",
            reason="Rookmelder opnieuw bekijken",
            now=dt.datetime(2026, 11, 18, 9, 0, tzinfo=dt.UTC),
        )
        answer = get(lead.db, Answer, team.ids["answer"])
        assert answer is not None
        save(lead.db, answer.model_copy(update={"value": "no", "verdict": AnswerVerdict.FAIL}))
    trusting_import(team.eva.db, [team.send(lead, "lead-1")])
    for device in (lead, team.eva):
        found = reopenings(device.db, [inspection_id])[inspection_id]
        assert (found.by, found.reason, found.times) == ("Mariam El Amrani", "Rookmelder opnieuw bekijken", 1)
        assert found.first_signed_by == "Eva de Vries"
        changed = {(c.entity, c.label, c.how): [(f.field, f.before, f.after) for f in c.fields] for c in found.changes}
        assert changed == {("answers", SNF_ITEMS[0], "changed"): [("value", "yes", "no"), ("verdict", "pass", "fail")]}
    assert reopenings(lead.db, ["not-an-inspection"]) == {}
    inspection = get(lead.db, Inspection, inspection_id)
    assert inspection is not None and inspection.status.value == "draft"


def test_history_of_an_unknown_record_or_kind_is_empty(team: Team) -> None:
    assert record_history(team.lead.db, "sites", "no-such-id") == []
    assert record_history(team.lead.db, "changes", team.ids["site"]) == []
    assert START.tzinfo is not None


def test_the_roster_names_the_person_of_a_device(team: Team) -> None:
    """With a pinned roster, a revision is stamped with the roster's name for this device, and a
    revision without a person is named by the roster's entry for its origin."""
    from nacl.signing import SigningKey

    from inspect_tui.domain.models import Site
    from inspect_tui.store.trust import pin_roster
    from inspect_tui.sync.roster import Member, sign_roster

    central = SigningKey.generate()
    since = "2026-01-01T00:00:00+00:00"
    roster = sign_roster(
        central,
        1,
        [
            Member("laptop-eva", bytes(team.eva.key.verify_key), "E. de Vries (roster)", "inspector", since, None),
            Member("laptop-lead", bytes(team.lead.key.verify_key), "M. El Amrani (roster)", "lead", since, None),
        ],
    )
    for device in (team.eva, team.lead):
        with device.db.atomic():
            pin_roster(device.db, roster.text)
    site = get(team.eva.db, Site, team.ids["site"])
    assert site is not None
    save(team.eva.db, site.model_copy(update={"city": "Tegelen"}))
    last = record_history(team.eva.db, "sites", team.ids["site"])[-1]
    assert (last.person, last.here) == ("E. de Vries (roster)", True)
    with team.lead.db.atomic():
        team.lead.db.execute("UPDATE changes SET made_by = NULL WHERE origin = 'laptop-eva'")
    people = {e.person for e in record_history(team.lead.db, "sites", team.ids["site"]) if e.origin == "laptop-eva"}
    assert people == {"E. de Vries (roster)"}


def test_a_history_names_the_records_it_points_to(team: Team) -> None:
    from inspect_tui.store.queries import reference_names

    entries = record_history(team.lead.db, "findings", team.ids["finding"])
    names = reference_names(team.lead.db, entries)
    assert names[team.ids["bedroom"]] == "Kamer 2"
    assert names[team.ids["inspection"]] == "Eva de Vries · 2025-03-03"
    assert reference_names(team.lead.db, []) == {}
