"""Hostile bundles from a team member, through both back ends: a laptop (SQLite) and the central
intake (PostgreSQL), each with the same pinned roster, refuse the same bundle with the same
one-line message and stay exactly as they were, bookkeeping (bundles, trust, segments) included."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from nacl.signing import SigningKey

from inspect_tui.central.intake import intake_one
from inspect_tui.central.keys import central_device, load_signing_key
from inspect_tui.central.roster import pin_central_roster
from inspect_tui.domain.enums import InspectionStatus
from inspect_tui.domain.models import Answer, Finding, Inspection, Site, answer_id
from inspect_tui.store import get, save
from inspect_tui.store.trust import pin_roster
from inspect_tui.store.workflow.inspections import reopen
from inspect_tui.sync import BundleError
from inspect_tui.sync.export import export_bundle
from inspect_tui.sync.importer import import_bundles
from inspect_tui.sync.roster import Member, sign_roster
from tests.helpers.bundles import SNF_ITEMS, Device, edit_line, full_dump, make_device, photo_on_answer, rebag
from tests.helpers.central import Central, state
from tests.sync.test_trust import _inspection

SINCE = "2020-01-01T00:00:00+00:00"
BOOKS = ("bundles", "trusted_keys", "segments", "segment_revs", "team_members", "meta")


@dataclass
class Team:
    eva: Device
    bas: Device
    kim: Device
    """An inspector who never took in Eva's work."""
    lead: Device
    laptop: Device
    central: Central
    folder: Path
    inspection: Inspection
    finding: Finding
    answer: Answer

    def bundle(self, device: Device, name: str) -> Path:
        result = export_bundle(device.db, self.folder / f"{name}.zip", device.key)
        assert result is not None
        return result.path

    def everywhere(self, bundle: Path, *devices: Device) -> None:
        """A genuine bundle taken in by these devices, the laptop and the central system."""
        for device in (*devices, self.laptop):
            import_bundles(device.db, [bundle])
        assert intake_one(self.central.db, bundle).error is None


def _member(device: Device, person: str, role: str) -> Member:
    device_id = device.db.execute("SELECT value FROM meta WHERE key = 'device_id'").fetchone()[0]
    return Member(device_id, bytes(device.key.verify_key), person, role, SINCE, None)


@pytest.fixture
def team(central: Central, tmp_path: Path) -> Team:
    """Eva's inspection with a finding and an answered item, known to everyone."""
    eva = make_device(tmp_path / "eva.db", device_id="inspector-eva")
    bas = make_device(tmp_path / "bas.db", device_id="inspector-bas")
    kim = make_device(tmp_path / "kim.db", device_id="inspector-kim")
    lead = make_device(tmp_path / "lead.db", device_id="lead-1")
    laptop = make_device(tmp_path / "laptop.db", device_id="lead-2")
    signing = load_signing_key(central.db, central.signing_key)
    roster = sign_roster(
        SigningKey.generate(),
        1,
        [
            _member(eva, "Eva", "inspector"),
            _member(bas, "Bas", "inspector"),
            _member(kim, "Kim", "inspector"),
            _member(lead, "Lotte", "lead"),
            _member(laptop, "Lieke", "lead"),
            Member(central_device(central.db), bytes(signing.verify_key), "Centraal", "central", SINCE, None),
        ],
    )
    for device in (eva, bas, kim, lead, laptop):
        with device.db.atomic():
            pin_roster(device.db, roster.text)
    (tmp_path / "roster.json").write_text(roster.text)
    assert pin_central_roster(central.db, tmp_path / "roster.json") == 1
    _site, inspection, finding = _inspection(eva)
    item = SNF_ITEMS[0]
    answer = Answer(id=answer_id(inspection.id, item), inspection_id=inspection.id, item_id=item, value="yes")
    save(eva.db, answer)
    made = Team(eva, bas, kim, lead, laptop, central, tmp_path, inspection, finding, answer)
    made.everywhere(made.bundle(eva, "genuine"), bas, lead)
    return made


def _books(central: Central) -> str:
    return json.dumps(
        {t: sorted(map(str, central.db.pg(f"SELECT * FROM {t}").fetchall())) for t in BOOKS}, sort_keys=True
    )


def _refused_alike(team: Team, bundle: Path, expected: str) -> str:
    laptop_before = full_dump(team.laptop.db)
    with pytest.raises(BundleError) as caught:
        import_bundles(team.laptop.db, [bundle])
    message = str(caught.value)
    assert "\n" not in message and len(message) <= 300 and expected in message, message
    assert full_dump(team.laptop.db) == laptop_before
    before, books = state(team.central.db), _books(team.central)
    result = intake_one(team.central.db, bundle)
    assert result.receipt is None and result.error == message
    assert state(team.central.db) == before and _books(team.central) == books
    return message


def _move_the_finding(team: Team) -> Path:
    site = Site(name="De Kempen")
    save(team.bas.db, site)
    own = Inspection(site_id=site.id, templates=["snf"], inspector="Bas", started_at=dt.datetime(2025, 3, 3))
    save(team.bas.db, own)
    taken = get(team.bas.db, Finding, team.finding.id)
    assert taken is not None
    save(team.bas.db, taken.model_copy(update={"inspection_id": own.id}))
    return team.bundle(team.bas, "move")


def _photo_on_the_answer(team: Team) -> Path:
    photo_on_answer(team.bas.db, team.answer.id)
    return team.bundle(team.bas, "photo")


def _take_back_the_approval(team: Team) -> Path:
    held = get(team.lead.db, Inspection, team.inspection.id)
    assert held is not None
    approved = held.model_copy(
        update={"status": InspectionStatus.APPROVED, "completed_at": dt.datetime(2026, 3, 4), "signed_by": "Eva"}
    )
    save(team.lead.db, approved)
    team.everywhere(team.bundle(team.lead, "approval"), team.eva)
    save(team.eva.db, approved.model_copy(update={"status": InspectionStatus.DRAFT, "completed_at": None}))
    return team.bundle(team.eva, "unapprove")


def _second_first_version(team: Team) -> Path:
    """Eva's inspection made again under its id by a colleague, edited up to a higher generation."""
    site = get(team.eva.db, Site, team.inspection.site_id)
    assert site is not None
    save(team.kim.db, site)
    taken = team.inspection.model_copy(update={"inspector": "Kim"})
    for notes in ("overgenomen", "overgenomen door Kim"):
        taken = taken.model_copy(update={"notes": notes})
        save(team.kim.db, taken)
    return team.bundle(team.kim, "second-root")


def _claim_the_first_version(team: Team) -> Path:
    """Eva's genuine first version of her inspection, sent by Bas as his own (the origin is not part
    of the id): a known revision arriving with a lower origin would have made Bas its maker."""

    def payload(data: dict[str, bytes]) -> dict[str, bytes]:
        first = edit_line(data["data/inspections.jsonl"], 1, lambda e: e.update(origin="inspector-bas"))
        return {"data/inspections.jsonl": first.split(b"\n", 1)[0] + b"\n"}

    counts = {f"Count-{kind}": "0" for kind in ("Sites", "Units", "Occupants", "Answers", "Findings")}
    counts |= {"Count-Attachments": "0", "Count-Reviews": "0", "Count-Inspections": "1"}
    info = {"Device-Id": "inspector-bas", "Bundle-Id": str(uuid.uuid4()), **counts}
    claim = team.folder / "claim.zip"
    claim.write_bytes(rebag(team.folder / "genuine.zip", team.bas.key, payload=payload, info=info))
    return claim


MADE_UP = "999-" + "ab" * 16
"""A parent no device ever made: its generation would make the child win over every real version."""


def _on_a_made_up_version(team: Team) -> Path:
    """Eva's draft of the approved inspection, re-based on a version nobody made (generation 1000):
    judged against a missing base it looked like a first version, and it would win as the head."""
    unapprove = _take_back_the_approval(team)

    def payload(data: dict[str, bytes]) -> dict[str, bytes]:
        def rebase(envelope: dict[str, Any]) -> None:
            envelope.update(base_rev=MADE_UP, ancestors=[MADE_UP], gen=1000)
            envelope["rev"] = "1000-" + envelope["rev"].split("-", 1)[1]

        text = data["data/inspections.jsonl"]
        drafts = [n for n, line in enumerate(text.splitlines(), 1) if b'"status":"draft"' in line]
        draft = edit_line(text, drafts[-1], rebase).splitlines()[drafts[-1] - 1] + b"\n"
        return {**data, "data/inspections.jsonl": draft}  # the draft alone: the approval it hides is here

    forged = team.folder / "made-up.zip"
    info = {"Bundle-Id": str(uuid.uuid4()), "Count-Inspections": "1"}
    forged.write_bytes(rebag(unapprove, team.eva.key, payload=payload, info=info, rehash=True))
    return forged


def _changed_inspection(**fields: object) -> Callable[[Team], Path]:
    """Eva, its maker, changes what an inspection keeps for life: the answer and the finding held
    everywhere would no longer fit it, and every later export of the receiver would be refused."""

    def make(team: Team) -> Path:
        update = dict(fields)
        if update.get("site_id") == "new":
            site = Site(name="De Kempen")
            save(team.eva.db, site)
            update["site_id"] = site.id
        save(team.eva.db, team.inspection.model_copy(update=update))
        return team.bundle(team.eva, "changed")

    return make


ATTACKS: dict[str, tuple[Callable[[Team], Path], str]] = {
    "the maker swaps the checklists of an inspection with answers": (
        _changed_inspection(templates=["akf"]),
        "templates: an inspection keeps its checklists from when it was started (snf)",
    ),
    "the maker moves the start of an inspection past its finding's deadline": (
        _changed_inspection(started_at=dt.datetime(2025, 4, 1, 9)),
        "started_at: an inspection keeps its start time from when it was started (2025-03-03T00:00:00+01:00)",
    ),
    "the maker moves an inspection to another site": (
        _changed_inspection(site_id="new"),
        "site_id: an inspection keeps its site from when it was started",
    ),
    "an inspector builds on a version nobody made to take back the approval": (
        _on_a_made_up_version,
        "only a team lead takes back the approval of an inspection (built on a version not held here)",
    ),
    "a colleague claims the first version of an inspection as its own": (
        _claim_the_first_version,
        "(this one is device inspector-eva's)",
    ),
    "a colleague makes another first version of an inspection it did not make": (
        _second_first_version,
        "(this one is device inspector-eva's)",
    ),
    "a colleague moves a finding into an inspection of its own": (
        _move_the_finding,
        "(this one is device inspector-eva's)",
    ),
    "a colleague puts a photo on an item of an inspection it did not make": (
        _photo_on_the_answer,
        "(this one is device inspector-eva's)",
    ),
    "an inspector takes back the lead's approval": (
        _take_back_the_approval,
        "only a team lead takes back the approval of an inspection",
    ),
}


@pytest.mark.parametrize("attack", sorted(ATTACKS))
def test_a_team_member_writing_what_its_role_may_not_is_refused_alike(team: Team, attack: str) -> None:
    make, expected = ATTACKS[attack]
    _refused_alike(team, make(team), expected)


def _stamp(at: str) -> Callable[[dict[str, bytes]], dict[str, bytes]]:
    def payload(data: dict[str, bytes]) -> dict[str, bytes]:
        data["data/findings.jsonl"] = edit_line(data["data/findings.jsonl"], 1, lambda e: e.update(at=at))
        return data

    return payload


@pytest.mark.parametrize("at", ["9999-12-31T23:59:59-01:00", "0001-01-01T00:00:00+05:00", "2999-01-01T00:00:00Z"])
def test_a_revision_stamped_past_the_calendar_is_refused_alike(team: Team, at: str) -> None:
    """The stamp is hashed into the id (the forger recomputes it): the history would show it, and a
    year 9999 moment west of UTC cannot be put on Amsterdam's clock at all."""
    save(team.eva.db, team.finding.model_copy(update={"description": "Geen rookmelder in kamer 2"}))
    edit = team.bundle(team.eva, "edit")
    forged = team.folder / "stamped.zip"
    info: dict[str, Any] = {"Bundle-Id": str(uuid.uuid4())}
    forged.write_bytes(rebag(edit, team.eva.key, payload=_stamp(at), info=info, rehash=True))
    _refused_alike(team, forged, "data/findings.jsonl line 1: at: a time lies between")


def test_an_inspectors_own_reopening_is_taken_in_alike(team: Team) -> None:
    """The app's `R` on a completed inspection records a review "reopen": the inspector's own is
    taken in by both back ends, to the same state (a colleague's is refused, see tests/sync)."""
    signed = team.inspection.model_copy(
        update={"status": InspectionStatus.COMPLETED, "completed_at": dt.datetime(2026, 3, 4), "signed_by": "Eva"}
    )
    save(team.eva.db, signed)
    team.everywhere(team.bundle(team.eva, "signed"))
    reopen(team.eva.db, signed.id, "Eva", "meterkast vergeten")
    team.everywhere(team.bundle(team.eva, "reopened"))
    assert state(team.central.db) == state(team.laptop.db)
    assert team.central.db.pg("SELECT status FROM inspections WHERE id = %s", [signed.id]).fetchone() == ("draft",)


def test_an_edit_arriving_before_the_one_it_builds_on_is_taken_in_alike(team: Team) -> None:
    """Eva's third version reaches both back ends before her second: judged against the version
    held there (her own draft), it is taken in, and the second after it, to the same state."""
    save(team.eva.db, team.inspection.model_copy(update={"notes": "tweede bezoek"}))
    second = team.bundle(team.eva, "second")
    save(team.eva.db, team.inspection.model_copy(update={"notes": "derde bezoek"}))
    team.everywhere(team.bundle(team.eva, "third"))
    team.everywhere(second)
    assert state(team.central.db) == state(team.laptop.db)
    row = team.central.db.pg("SELECT notes FROM inspections WHERE id = %s", [team.inspection.id]).fetchone()
    assert row == ("derde bezoek",)


@pytest.mark.parametrize(
    ("item", "value", "expected"),
    [
        ("snf.space.living_area", "abc", "value (snf.space.living_area): 'abc' is not a number as the app stores one"),
        ("snf.space.living_area", "1_5", "'1_5' is not a number as the app stores one"),
        ("snf.space.living_area", "-4", "'-4' is not a number as the app stores one"),
        ("snf.space.persons", "2.5", "value (snf.space.persons): '2.5' is not a whole number"),
        ("snf.space.bed", "maybe", "'maybe' is no answer to a yes/no item"),
    ],
)
def test_an_answer_no_form_could_store_is_refused_alike(team: Team, item: str, value: str, expected: str) -> None:
    """The receiver judges and prints an answer as stored: "abc" on a measured item stopped the
    lead's report ("could not convert string to float"), and "1_5" m² was judged as 15."""
    answer = Answer(id=answer_id(team.inspection.id, item), inspection_id=team.inspection.id, item_id=item, value=value)
    save(team.eva.db, answer)
    _refused_alike(team, team.bundle(team.eva, "crafted"), expected)


@pytest.mark.parametrize(
    ("item", "value"),
    [
        ("snf.space.living_area", "11.5"),
        ("snf.space.living_area", "1e+06"),
        ("snf.space.persons", "12"),
        ("snf.space.persons", "n.a."),
        ("snf.space.bed", "no"),
    ],
)
def test_an_answer_as_the_app_stores_it_is_taken_in_alike(team: Team, item: str, value: str) -> None:
    answer = Answer(id=answer_id(team.inspection.id, item), inspection_id=team.inspection.id, item_id=item, value=value)
    save(team.eva.db, answer)
    team.everywhere(team.bundle(team.eva, "stored"))
    held = get(team.laptop.db, Answer, answer.id)
    assert held is not None and held.value == value
