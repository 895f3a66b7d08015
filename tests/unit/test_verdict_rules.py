"""Binding or advisory, effective dates, signed verdicts kept, migration, occupant stay fields."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from sqlite_utils import Database

from inspect_tui.checklists import ChecklistError, list_templates, load_template, parse_template
from inspect_tui.checklists.rule_kind import proposed_finding, rule_kind
from inspect_tui.domain.checklist import RuleKind
from inspect_tui.domain.enums import AnswerVerdict, InspectionStatus, Sector, SnfHousingType, UnitKind
from inspect_tui.domain.models import Occupant, Site, Unit
from inspect_tui.store import StoreError, open_db, save
from inspect_tui.store import workflow as wf
from inspect_tui.store.db import device_id
from inspect_tui.store.queries.checklist import read_checklist, read_state
from inspect_tui.store.revisions import record_local_revision
from inspect_tui.store.workflow._common import load_inspection

MONDAY = dt.datetime(2026, 11, 16, 9, 0)
UNIT_ID = "3f0c2b1a-6d4e-4f8a-9b7c-1e2d3c4b5a69"
"""A unit id for occupants that are only validated, never saved."""


def house(db: Database, persons_in_bedroom: int = 2, **site_values: Any) -> tuple[Site, Unit]:
    site = Site(name="Huis", housing_type=SnfHousingType.REGULAR_DWELLING, **site_values)
    save(db, site)
    building = Unit(site_id=site.id, label="Huis", kind=UnitKind.BUILDING, floor_area_m2=80, toilets=1, showers=1)
    save(db, building)
    bedroom = Unit(site_id=site.id, label="Slaapkamer 1", kind=UnitKind.BEDROOM, parent_id=building.id, floor_area_m2=8)
    save(db, bedroom)
    for n in range(persons_in_bedroom):
        save(db, Occupant(unit_id=bedroom.id, name=f"Bewoner {n}"))
    return site, bedroom


# --- binding or advisory --------------------------------------------------------------------------


def test_every_item_says_what_kind_of_rule_it_is() -> None:
    kinds = {item.id: rule_kind(item) for template in list_templates() for item in template.items}
    assert kinds["snf.space.bedroom_area_pp"] is RuleKind.CERTIFICATION
    assert kinds["rie.rie.present"] is RuleKind.LAW
    assert kinds["covid-2020.housing.one_per_bedroom"] is RuleKind.RECOMMENDATION
    assert kinds["covid-2020.register.brp"] is RuleKind.LAW  # Wet BRP
    assert kinds["covid-2020.tenancy.separate_contract"] is RuleKind.LAW  # Wet goed verhuurderschap
    assert not RuleKind.RECOMMENDATION.binding and RuleKind.LAW.binding and RuleKind.CERTIFICATION.binding


def test_a_recommendation_cannot_be_a_critical_failure() -> None:
    data = json.loads(load_template("covid-2020").model_dump_json())
    item = next(i for i in data["items"] if i["id"] == "covid-2020.housing.one_per_bedroom")
    item["severity_if_failed"] = "critical"
    with pytest.raises(ChecklistError, match="a recommendation is advice when failed; it cannot be critical"):
        parse_template(json.dumps(data), "covid-2020.json")


def test_a_failed_recommendation_is_proposed_as_advice() -> None:
    item = load_template("covid-2020").item("covid-2020.housing.one_per_bedroom")
    line = "the one bedroom fails: Slaapkamer 1: 2 p/bedroom > 1 — recommendation"
    assert proposed_finding(item, "One bedroom per person", line) == (
        "Advice (recommendation, not binding): One bedroom per person — "
        "the one bedroom fails: Slaapkamer 1: 2 p/bedroom > 1"
    )
    binding = load_template("snf").item("snf.space.bedroom_area_pp")
    assert proposed_finding(binding, "Bedroom area", "Slaapkamer 3: 2.7 m²/p < 3.5 — certification norm") == (
        "Bedroom area — Slaapkamer 3: 2.7 m²/p < 3.5"
    )


# --- effective dates ------------------------------------------------------------------------------


def test_masks_in_transport_are_asked_from_1_july_2020_until_they_lapsed(db: Database) -> None:
    site, _ = house(db)
    during = wf.start_inspection(db, site.id, ["covid-2020"], "J. de Vries", now=dt.datetime(2020, 7, 1, 9))
    assert "covid-2020.transport.masks" not in wf.answers_by_item(db, during.id)
    wf.answer_item(db, during.id, "covid-2020.transport.masks", "yes")
    later = wf.start_inspection(db, site.id, ["covid-2020"], "J. de Vries", now=dt.datetime(2023, 1, 2, 9))
    masks = wf.answers_by_item(db, later.id)["covid-2020.transport.masks"]
    assert (masks.value, masks.verdict, masks.computed) == ("n.a.", AnswerVerdict.NOT_APPLICABLE, True)
    assert masks.units == "not applicable on 2023-01-02: applies from 2020-07-01 until 2022-03-22"
    assert "covid-2020.transport.masks" not in wf.progress(db, later.id).missing_required
    with pytest.raises(StoreError, match="not applicable on 2023-01-02"):
        wf.answer_item(db, later.id, "covid-2020.transport.masks", "no")


def test_an_item_is_not_asked_before_it_takes_effect(db: Database) -> None:
    site, _ = house(db)
    early = wf.start_inspection(db, site.id, ["covid-2020"], "J. de Vries", now=dt.datetime(2022, 6, 1, 9))
    separate = wf.answers_by_item(db, early.id)["covid-2020.tenancy.separate_contract"]
    assert separate.verdict is AnswerVerdict.NOT_APPLICABLE
    assert separate.units is not None and "applies from 2023-07-01" in separate.units
    line = wf.side_by_side(db, early.id, "covid-2020.transport.masks")
    assert line is None  # not a measured item: the detail pane shows the answer and its reason


# --- signed inspections keep their verdicts -----------------------------------------------------


def _complete(db: Database, inspection_id: str) -> None:
    inspection = load_inspection(db, inspection_id)
    for item_id in wf.progress(db, inspection_id).missing_required:
        item = wf.find_item(inspection, item_id)
        value: str | None = (
            "n.a." if item.rule is not None else (item.expected if item.answer_type.value == "yes_no_na" else None)
        )
        if value is None:
            value = (item.choices or ())[0].value if item.choices else "2"
        wf.answer_item(db, inspection_id, item_id, value)
    wf.complete(db, inspection_id, "J. de Vries")


def test_a_completed_inspection_is_never_rejudged(db: Database) -> None:
    site, bedroom = house(db, persons_in_bedroom=2)  # 8 m² for 2 = 4 m²/p passes 3.5
    inspection = wf.start_inspection(db, site.id, ["snf"], "J. de Vries", now=MONDAY)
    _complete(db, inspection.id)
    before = wf.answers_by_item(db, inspection.id)["snf.space.bedroom_area_pp"]
    line_before = wf.side_by_side(db, inspection.id, "snf.space.bedroom_area_pp")
    save(db, Occupant(unit_id=bedroom.id, name="Nieuwe bewoner"))  # now 2.7 m²/p
    wf.refresh_computed(db, inspection.id)
    after = wf.answers_by_item(db, inspection.id)["snf.space.bedroom_area_pp"]
    assert (
        (after.verdict, after.units)
        == (before.verdict, before.units)
        == (
            AnswerVerdict.PASS,
            "Slaapkamer 1: 4 m²/p ≥ 3.5",
        )
    )
    assert wf.side_by_side(db, inspection.id, "snf.space.bedroom_area_pp") == line_before
    assert after.judged_by == "snf 2021.2: SNF, ruimte en privacy [V]"
    # The checklist screen's read model shows the same signed line, from its one read of the answers.
    state = read_state(db, read_checklist(db, inspection.id))
    assert state.side_by_side["snf.space.bedroom_area_pp"] == line_before


def test_the_checklist_read_model_shows_the_failing_bedroom(db: Database) -> None:
    site, _bedroom = house(db, persons_in_bedroom=3)  # 8 m² for 3 = 2.7 m²/p in the bedroom
    inspection = wf.start_inspection(db, site.id, ["snf"], "J. de Vries", now=MONDAY)
    state = read_state(db, read_checklist(db, inspection.id))
    line = state.side_by_side["snf.space.bedroom_area_pp"]
    assert line.startswith("Slaapkamer 1: 2.7 m²/p < 3.5") and "certification norm" in line
    assert state.side_by_side == wf.side_by_side_lines(db, inspection)


def _back_before_trust(db: Database) -> None:
    """The schema as it was before m005_trust (no trust tables, bundle ids not scoped to signer)."""
    for table in ("trusted_keys", "segment_revs", "segments", "bundles"):
        db.execute(f"DROP TABLE {table}")
    db.execute(
        "CREATE TABLE bundles (id TEXT PRIMARY KEY, sha256 TEXT NOT NULL, signer TEXT NOT NULL, "
        "device_id TEXT NOT NULL, direction TEXT NOT NULL, created_at TEXT NOT NULL, seq_from INTEGER, "
        "seq_to INTEGER, receipt TEXT NOT NULL DEFAULT '{}')"
    )
    db.execute("DELETE FROM _sqlite_migrations WHERE name = 'm005_trust'")


@pytest.mark.parametrize("left_at", ["m004_verdicts_per_unit", "m003_times_with_zone", "m002_list_indexes"])
def test_migration_rejudges_drafts_and_returned_but_not_signed_ones(tmp_path: Path, left_at: str) -> None:
    """Databases at m004 (per-unit verdicts), m003 (times with zone) and m002 (naive times as well) migrate."""
    path = tmp_path / "old.db"
    db = open_db(path, create=True)
    site, _bedroom = house(db, persons_in_bedroom=3)  # 8 m² for 3 = 2.7 m²/p: fails per bedroom
    signed = wf.start_inspection(db, site.id, ["snf"], "J. de Vries", now=MONDAY)
    _complete(db, signed.id)
    draft = wf.start_inspection(db, site.id, ["snf"], "J. de Vries", now=MONDAY + dt.timedelta(hours=2))
    # The database as an older version left it: site-level verdicts ("pass"), no per-unit columns.
    for inspection_id in (signed.id, draft.id):
        old = wf.answers_by_item(db, inspection_id)["snf.space.bedroom_area_pp"]
        with db.atomic():
            record_local_revision(
                db,
                old.model_copy(
                    update={"verdict": AnswerVerdict.PASS, "value": "yes", "units": None, "judged_by": None}
                ),
                device_id(db),
            )
    with db.atomic():
        db.execute("DELETE FROM _sqlite_migrations WHERE name = 'm012_held_removals'")  # data-only steps
        db.execute("DELETE FROM _sqlite_migrations WHERE name = 'm011_deletion_conflicts'")
        for column in ("extensions", "withdrawn_reason", "withdrawn_by", "withdrawn_at"):  # back before m010
            db.execute(f"ALTER TABLE findings DROP COLUMN {column}")
        db.execute("DELETE FROM _sqlite_migrations WHERE name = 'm010_finding_extensions_withdrawn'")
        for column in ("made_at", "made_by"):  # back before m009 (revision authors)
            db.execute(f"ALTER TABLE changes DROP COLUMN {column}")
        db.execute("DELETE FROM _sqlite_migrations WHERE name = 'm009_revision_authors'")
        for column in ("burners", "fridge_litres", "sockets"):  # back before m008 (unit appliances)
            db.execute(f"ALTER TABLE units DROP COLUMN {column}")
        db.execute("DELETE FROM _sqlite_migrations WHERE name = 'm008_unit_appliances'")
        db.execute("DROP INDEX idx_attachments_answer_id")  # back before m007 (item photos)
        for column in ("answer_id", "taken_at"):
            db.execute(f"ALTER TABLE attachments DROP COLUMN {column}")
        db.execute("DELETE FROM _sqlite_migrations WHERE name = 'm007_item_photos'")
        db.execute("DROP INDEX idx_findings_confirmed_in")  # back before m006 (the signed freeze)
        db.execute("ALTER TABLE inspections DROP COLUMN frozen")
        for column in ("confirmed_in", "confirmed_by", "confirmed_at"):
            db.execute(f"ALTER TABLE findings DROP COLUMN {column}")
        db.execute("DELETE FROM _sqlite_migrations WHERE name = 'm006_signed_freeze'")
        _back_before_trust(db)
    if left_at == "m004_verdicts_per_unit":
        db.close()
        db = open_db(path)
        names = [r[0] for r in db.execute("SELECT name FROM _sqlite_migrations ORDER BY id")]
        assert names[-9:] == [
            "m004_verdicts_per_unit",
            "m005_trust",
            "m006_signed_freeze",
            "m007_item_photos",
            "m008_unit_appliances",
            "m009_revision_authors",
            "m010_finding_extensions_withdrawn",
            "m011_deletion_conflicts",
            "m012_held_removals",
        ]
        assert db.execute("SELECT COUNT(*) FROM trusted_keys").fetchone() == (0,)
        db.close()
        return
    with db.atomic():
        for column in ("units", "judged_by"):
            db.execute(f"ALTER TABLE answers DROP COLUMN {column}")
        db.execute("ALTER TABLE sites DROP COLUMN zoned_residential")
        for column in (
            "abroad_country",
            "abroad_city",
            "abroad_street",
            "arrived_in_nl",
            "expected_stay_until",
            "in_unit_since",
            "health_insured",
            "health_insurer",
            "insured_until",
        ):
            db.execute(f"ALTER TABLE occupants DROP COLUMN {column}")
        db.execute("DELETE FROM _sqlite_migrations WHERE name = 'm004_verdicts_per_unit'")
        if left_at == "m002_list_indexes":  # before times had a zone: naive local times as well
            db.execute("UPDATE inspections SET started_at = substr(started_at, 1, 19)")
            db.execute("DELETE FROM _sqlite_migrations WHERE name = 'm003_times_with_zone'")
    db.close()

    db = open_db(path)
    rows = dict(
        db.execute("SELECT inspection_id, verdict FROM answers WHERE item_id = 'snf.space.bedroom_area_pp'").fetchall()
    )
    assert rows[draft.id] == "fail"  # recomputed per bedroom
    assert rows[signed.id] == "pass"  # signed with this verdict; never re-judged silently
    assert load_inspection(db, signed.id).status is InspectionStatus.COMPLETED
    started = db.execute("SELECT started_at FROM inspections WHERE id = ?", [draft.id]).fetchone()[0]
    assert started.endswith(("+01:00", "+02:00")), "the time-zone migration ran before the verdicts one"
    names = [r[0] for r in db.execute("SELECT name FROM _sqlite_migrations ORDER BY id")]
    assert names[-10:] == [
        "m003_times_with_zone",
        "m004_verdicts_per_unit",
        "m005_trust",
        "m006_signed_freeze",
        "m007_item_photos",
        "m008_unit_appliances",
        "m009_revision_authors",
        "m010_finding_extensions_withdrawn",
        "m011_deletion_conflicts",
        "m012_held_removals",
    ]
    db.close()
    db = open_db(path)  # the re-judging runs once
    assert db.execute("SELECT value FROM meta WHERE key = 'rejudge_open_inspections'").fetchone() is None
    db.close()


# --- occupant data the letter asks for ------------------------------------------------------------


def test_expected_stay_tells_brp_from_rni() -> None:
    arrived = dt.date(2026, 3, 15)
    short = Occupant(unit_id=UNIT_ID, name="A", arrived_in_nl=arrived, expected_stay_until=dt.date(2026, 7, 15))
    long = Occupant(unit_id=UNIT_ID, name="B", arrived_in_nl=arrived, expected_stay_until=dt.date(2026, 7, 16))
    unknown = Occupant(unit_id=UNIT_ID, name="C", arrived_in_nl=arrived)
    assert (short.expected_registration(), long.expected_registration()) == ("rni", "ingezetene")
    assert unknown.expected_registration() is None
    with pytest.raises(ValueError, match="cannot end before the arrival"):
        Occupant(unit_id=UNIT_ID, name="D", arrived_in_nl=arrived, expected_stay_until=dt.date(2026, 3, 1))
    with pytest.raises(ValueError, match="abroad_country"):
        Occupant(unit_id=UNIT_ID, name="E", abroad_country="Polen")


def test_new_personal_fields_are_sealed() -> None:
    from nacl.public import PrivateKey

    from inspect_tui.sync.seal import seal_record, unseal

    key = PrivateKey.generate()
    record = Occupant(
        unit_id=UNIT_ID,
        name="A",
        abroad_country="PL",
        abroad_city="Opole",
        abroad_street="ul. Przykładowa 3",
        health_insurer="Demo Zorg",
    ).model_dump(mode="json")
    sealed = seal_record(record, key.public_key)
    assert sealed["abroad_street"] is None and sealed["abroad_city"] is None and sealed["health_insurer"] is None
    assert {"abroad_street", "abroad_city", "health_insurer"} <= set(sealed["sealed"])
    assert Occupant.model_validate(sealed).sealed is not None
    opened = unseal(sealed, key)
    assert (opened["abroad_street"], opened["health_insurer"]) == ("ul. Przykładowa 3", "Demo Zorg")


def test_high_risk_follows_the_sector_table_with_its_source() -> None:
    table = load_template("covid-2020").high_risk_sectors
    assert [entry.sector for entry in table] == [Sector.MEAT_PROCESSING]
    assert table[0].source.clause.startswith("aanbeveling 2.2")


def test_kind_of_rule_and_advice_are_shown_in_dutch() -> None:
    from inspect_tui.checklists.rule_kind import kind_label
    from inspect_tui.i18n import using

    snf = load_template("snf").items[0]
    advice = next(i for t in list_templates() for i in load_template(t.id).items if not rule_kind(i).binding)
    with using("nl"):
        assert kind_label(snf) == "keurmerknorm"
        assert proposed_finding(advice, "Tekst", None).startswith("Advies (aanbeveling, niet bindend): Tekst")
    with using("en"):
        assert kind_label(snf) == "certification norm"


def test_stored_verdict_lines_are_shown_in_dutch() -> None:
    from inspect_tui.checklists.verdict_words import shown_line
    from inspect_tui.i18n import using

    stored = "2 of 10 dwellings fail: Caravan 3: 4.5 m²/p < 10; Caravan 7: all 2 bedrooms pass"
    with using("nl"):
        assert shown_line(stored) == (
            "2 van 10 woningen voldoen niet: Caravan 3: 4.5 m²/p < 10; Caravan 7: alle 2 slaapkamers voldoen"
        )
        assert shown_line("undecided — set the housing type") == "onbeslist — stel de woonvorm in"
        assert shown_line("not applicable on 2023-01-02: applies from 2020-07-01 until 2022-03-22") == (
            "niet van toepassing op 02-01-2023: geldt van 01-07-2020 tot 22-03-2022"
        )
        assert shown_line("Slaapkamer fail 3: 2.7 m²/p < 3.5") == "Slaapkamer fail 3: 2.7 m²/p < 3.5"  # labels kept
        assert shown_line("no threshold of this rule applies to housing type b, no AKF category on 2024-05-14") == (
            "geen grenswaarde van deze regel geldt voor woonvorm b, geen AKF-categorie op 14-05-2024"
        )
        assert shown_line("missing living_area_m2, persons") == "ontbreekt: woonoppervlak, personen"
        assert shown_line("1 of 3 dwellings undecided: undecided — record the burners and sockets of Caravan 3") == (
            "1 van 3 woningen onbeslist: onbeslist — leg kookpitten en wandcontactdozen van Caravan 3 vast"
        )
        assert shown_line("no occupied dwelling: nothing to judge") == "geen bewoonde woning: niets te beoordelen"
    with using("en"):
        assert shown_line(stored) == stored
