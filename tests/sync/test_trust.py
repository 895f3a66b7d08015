"""Trust on import, tried as an attacker with a USB stick and a key of their own would.

A team: inspectors A and B, team lead L, a receiving database R (a lead's or the central's),
all holding the same roster signed by the central key. Every attack is refused with a message
naming the record and the rule, and leaves R exactly as it was (or the genuine version stands).
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner
from nacl.signing import SigningKey

from inspect_tui.domain.enums import InspectionStatus, Severity
from inspect_tui.domain.models import Finding, Inspection, Site
from inspect_tui.store import get, save
from inspect_tui.store.trust import pin_roster
from inspect_tui.sync import BundleError, export_bundle
from inspect_tui.sync.errors import NewSigner
from inspect_tui.sync.importer import import_bundles
from inspect_tui.sync.roster import Member, Roster, parse_roster, revoked, sign_roster, with_member
from inspect_tui.sync.trust import Context, authorization_problem, revision_problem
from tests.helpers.bundles import Device, bag_info, edit_line, full_dump, make_device, members, rebag, run

SINCE = "2020-01-01T00:00:00+00:00"


@dataclass
class Team:
    central: SigningKey
    roster: Roster
    a: Device
    b: Device
    lead: Device
    receiver: Device
    folder: Path

    def bundle(self, device: Device, name: str) -> Path:
        out = self.folder / name
        out.mkdir()
        result = export_bundle(device.db, out, device.key)
        assert result is not None
        return result.path

    def write(self, name: str, data: bytes) -> Path:
        path = self.folder / name
        path.write_bytes(data)
        return path


def _member(device: Device, person: str, role: str) -> Member:
    device_id = device.db.execute("SELECT value FROM meta WHERE key = 'device_id'").fetchone()[0]
    return Member(device_id, bytes(device.key.verify_key), person, role, SINCE, None)


def _pin(device: Device, roster: Roster) -> None:
    with device.db.atomic():
        pin_roster(device.db, roster.text)


@pytest.fixture
def team(tmp_path: Path) -> Team:
    a = make_device(tmp_path / "a.db", device_id="inspector-a")
    b = make_device(tmp_path / "b.db", device_id="inspector-b")
    lead = make_device(tmp_path / "lead.db", device_id="lead-l")
    receiver = make_device(tmp_path / "r.db", device_id="central-r")
    central = SigningKey.generate()
    roster = sign_roster(
        central,
        1,
        [
            _member(a, "Eva", "inspector"),
            _member(b, "Bas", "inspector"),
            _member(lead, "Lotte", "lead"),
            _member(receiver, "Centraal", "central"),
        ],
    )
    for device in (a, b, lead, receiver):
        _pin(device, roster)
    return Team(central, roster, a, b, lead, receiver, tmp_path)


def _inspection(device: Device) -> tuple[Site, Inspection, Finding]:
    site = Site(name="Vakantiepark De Wilgen")
    save(device.db, site)
    inspection = Inspection(site_id=site.id, templates=["snf"], inspector="Eva", started_at=dt.datetime(2025, 3, 3))
    save(device.db, inspection)
    finding = Finding(
        inspection_id=inspection.id, severity=Severity.CRITICAL, description="Geen rookmelder", deadline="2025-03-10"
    )
    save(device.db, finding)
    return site, inspection, finding


def _refused(team: Team, bundle: Path, expected: str) -> None:
    before = full_dump(team.receiver.db)
    with pytest.raises(BundleError) as caught:
        import_bundles(team.receiver.db, [bundle])
    assert expected in caught.value.reason or expected in str(caught.value), caught.value.reason
    assert full_dump(team.receiver.db) == before


def _resigned(bundle: Path, key: SigningKey, device: str, change: object = None, **options: object) -> bytes:
    return rebag(
        bundle,
        key,
        payload=change,  # type: ignore[arg-type]
        info={"Device-Id": device, "Bundle-Id": str(uuid.uuid4())},
        **options,  # type: ignore[arg-type]
    )


def _downgrade(data: dict[str, bytes]) -> dict[str, bytes]:
    """The critical finding made minor, under its genuine revision id."""
    data["data/findings.jsonl"] = edit_line(
        data["data/findings.jsonl"], 1, lambda e: e["record"].update(severity="minor", status="resolved")
    )
    return data


def test_forged_content_under_genuine_ids_is_refused_and_the_genuine_bundle_imports_after(team: Team) -> None:
    _, _, finding = _inspection(team.a)
    genuine = team.bundle(team.a, "genuine")
    forged = team.write("forged.zip", _resigned(genuine, team.b.key, "inspector-b", _downgrade))
    _refused(team, forged, "data/findings.jsonl line 1: rev ")
    _refused(team, forged, "is not the hash of its content")
    import_bundles(team.receiver.db, [genuine])
    stored = get(team.receiver.db, Finding, finding.id)
    assert stored is not None and stored.severity == Severity.CRITICAL and stored.status == "open"


def test_forged_content_with_recomputed_ids_cannot_claim_the_genuine_origin(team: Team) -> None:
    _, _, finding = _inspection(team.a)
    genuine = team.bundle(team.a, "genuine")
    forged = team.write("forged.zip", _resigned(genuine, team.b.key, "inspector-b", _downgrade, rehash=True))
    _refused(team, forged, "claims origin inspector-a, but neither the bundle signer is that device")
    import_bundles(team.receiver.db, [genuine])
    stored = get(team.receiver.db, Finding, finding.id)
    assert stored is not None and stored.severity == Severity.CRITICAL


def test_a_genuine_bundle_resigned_by_a_colleague_without_the_segment_is_a_spoofed_origin(team: Team) -> None:
    _inspection(team.a)
    genuine = team.bundle(team.a, "genuine")

    def strip(data: dict[str, bytes]) -> dict[str, bytes]:
        data.pop("data/segments.jsonl")
        return data

    spoofed = team.write("spoofed.zip", _resigned(genuine, team.b.key, "inspector-b", strip))
    _refused(team, spoofed, "claims origin inspector-a")
    # relayed untouched (segment included) by a colleague, the same lines are accepted: A vouched for them
    relayed = team.write("relayed.zip", _resigned(genuine, team.b.key, "inspector-b"))
    import_bundles(team.receiver.db, [relayed])
    assert team.receiver.db.execute("SELECT COUNT(*) FROM findings").fetchone()[0] == 1


def test_a_colleague_cannot_approve_or_take_over_an_inspection(team: Team) -> None:
    _, inspection, _ = _inspection(team.a)
    genuine = team.bundle(team.a, "genuine")
    import_bundles(team.b.db, [genuine])
    import_bundles(team.receiver.db, [genuine])
    approved = inspection.model_copy(update={"status": InspectionStatus.APPROVED, "signed_by": "Bas"})
    save(team.b.db, approved)
    attack = team.bundle(team.b, "approve")
    _refused(team, attack, f"inspections {inspection.id}: device inspector-b (inspector) may not write")
    _refused(team, attack, "an inspector writes only the inspections it made")
    assert get(team.receiver.db, Inspection, inspection.id).status == "draft"  # type: ignore[union-attr]


def test_an_inspector_cannot_approve_its_own_inspection_but_a_lead_can(team: Team) -> None:
    _, inspection, _ = _inspection(team.a)
    save(team.a.db, inspection.model_copy(update={"status": InspectionStatus.APPROVED, "signed_by": "Eva"}))
    attack = team.bundle(team.a, "self-approve")
    _refused(team, attack, "only a team lead sets an inspection's status to approved")

    _, other, _ = _inspection(team.lead)
    save(team.lead.db, other.model_copy(update={"status": InspectionStatus.APPROVED, "signed_by": "Lotte"}))
    import_bundles(team.receiver.db, [team.bundle(team.lead, "lead")])
    assert get(team.receiver.db, Inspection, other.id).status == "approved"  # type: ignore[union-attr]


def test_a_generation_jump_is_refused(team: Team) -> None:
    _inspection(team.a)
    genuine = team.bundle(team.a, "genuine")

    def jump(data: dict[str, bytes]) -> dict[str, bytes]:
        def change(envelope: dict[str, object]) -> None:
            envelope["gen"] = 999_999_999
            envelope["rev"] = "999999999-" + str(envelope["rev"]).split("-", 1)[1]

        data["data/sites.jsonl"] = edit_line(data["data/sites.jsonl"], 1, change)
        return data

    inflated = team.write("gen.zip", _resigned(genuine, team.a.key, "inspector-a", jump, rehash=True))
    _refused(team, inflated, "gen 999999999 is not one more than its highest parent's (1)")


def test_a_foreign_signer_cannot_squat_a_genuine_bundle_id(team: Team) -> None:
    _inspection(team.a)
    genuine = team.bundle(team.a, "genuine")
    genuine_id = bag_info(genuine)["Bundle-Id"]

    def empty(data: dict[str, bytes]) -> dict[str, bytes]:
        return {}

    counts = {f"Count-{k}": "0" for k in ("Sites", "Units", "Occupants", "Inspections")}
    counts |= {f"Count-{k}": "0" for k in ("Answers", "Findings", "Attachments", "Reviews")}
    squat = team.write(
        "squat.zip",
        rebag(genuine, team.b.key, payload=empty, info={"Device-Id": "inspector-b", "Bundle-Id": genuine_id, **counts}),
    )
    import_bundles(team.receiver.db, [squat])
    receipts = import_bundles(team.receiver.db, [genuine])
    assert receipts[0].already is None
    assert team.receiver.db.execute("SELECT COUNT(*) FROM findings").fetchone()[0] == 1
    # the same two in one run, squatter first: both stand on their own
    other = make_device(team.folder / "other.db", device_id="central-o")
    _pin(other, team.roster)
    (first, second) = import_bundles(other.db, [squat, genuine], trust_new=True)
    assert first.already is None and second.already is None


def test_relayed_revisions_from_a_lead_need_the_origin_segment(team: Team) -> None:
    _, _, finding = _inspection(team.a)
    import_bundles(team.lead.db, [team.bundle(team.a, "a")])
    relay = team.bundle(team.lead, "relay")
    assert bag_info(relay)["Device-Id"] == "lead-l"
    segments = members(relay)["data/segments.jsonl"].decode().splitlines()
    assert any(json.loads(line)["body"]["device"] == "inspector-a" for line in segments)

    def strip(data: dict[str, bytes]) -> dict[str, bytes]:
        data.pop("data/segments.jsonl")
        return data

    bare = team.write("bare.zip", rebag(relay, team.lead.key, payload=strip, info={"Bundle-Id": str(uuid.uuid4())}))
    _refused(team, bare, "claims origin inspector-a")
    import_bundles(team.receiver.db, [relay])
    assert get(team.receiver.db, Finding, finding.id) is not None
    # and the receiver relays them on in turn, vouched by the same segment
    onward = make_device(team.folder / "onward.db", device_id="inspector-c")
    _pin(onward, with_member(team.roster, team.central, _member(onward, "Cor", "inspector")))
    _pin(team.receiver, with_member(team.roster, team.central, _member(onward, "Cor", "inspector")))
    import_bundles(onward.db, [team.bundle(team.receiver, "onward")])
    assert get(onward.db, Finding, finding.id) is not None


def test_signers_off_the_roster_and_revoked_ones_are_refused(team: Team) -> None:
    _inspection(team.a)
    genuine = team.bundle(team.a, "genuine")
    stranger = SigningKey.generate()
    forged = team.write("stranger.zip", _resigned(genuine, stranger, "inspector-a"))
    _refused(team, forged, "is not on the pinned roster (serial 1)")
    newer = revoked(team.roster, team.central, "inspector-a", now=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1))
    _pin(team.receiver, newer)
    _refused(team, genuine, "is not on the pinned roster (serial 2), or its entry is revoked or expired")


def test_a_newer_roster_travels_in_bundles_and_an_other_central_key_cannot_replace_it(team: Team) -> None:
    newer = with_member(team.roster, team.central, Member("inspector-z", bytes(32), "Zed", "inspector", SINCE, None))
    _pin(team.a, newer)
    _inspection(team.a)
    import_bundles(team.receiver.db, [team.bundle(team.a, "one")])
    pinned = team.receiver.db.execute("SELECT value FROM meta WHERE key = 'roster'").fetchone()[0]
    assert parse_roster(pinned).serial == 2
    # B makes itself a lead on a roster of its own making: the receiver keeps the central's roster
    rogue = sign_roster(SigningKey.generate(), 99, [_member(team.b, "Bas", "lead")])
    _pin(team.b, rogue)
    _, inspection, _ = _inspection(team.b)
    save(team.b.db, inspection.model_copy(update={"status": InspectionStatus.APPROVED, "signed_by": "Bas"}))
    _refused(team, team.bundle(team.b, "rogue"), "only a team lead sets an inspection's status to approved")
    pinned = parse_roster(team.receiver.db.execute("SELECT value FROM meta WHERE key = 'roster'").fetchone()[0])
    assert pinned.serial == 2 and pinned.central_key == team.roster.central_key


def test_without_a_roster_a_new_signer_needs_a_decision_that_is_recorded(tmp_path: Path) -> None:
    source = make_device(tmp_path / "s.db", device_id="laptop-1")
    target = make_device(tmp_path / "t.db", device_id="laptop-2")
    save(source.db, Site(name="Park"))
    result = export_bundle(source.db, tmp_path, source.key)
    assert result is not None
    before = full_dump(target.db)
    with pytest.raises(NewSigner, match="is new here; check the fingerprint") as caught:
        import_bundles(target.db, [result.path])
    assert caught.value.key == bytes(source.key.verify_key) and full_dump(target.db) == before
    (receipt,) = import_bundles(target.db, [result.path], trust_new=True)
    assert receipt.new_signer
    rows = target.db.execute("SELECT device_id, role, how FROM trusted_keys").fetchall()
    assert rows == [("laptop-1", "inspector", "trust-new")]
    # without a roster an accepted device is an inspector: it may not approve
    park = Site(name="Ander park")
    save(source.db, park)
    inspection = Inspection(site_id=park.id, templates=["snf"], inspector="E", started_at=dt.datetime(2025, 3, 3))
    save(source.db, inspection.model_copy(update={"status": InspectionStatus.APPROVED}))
    later = export_bundle(source.db, tmp_path / "x.zip", source.key)
    assert later is not None
    with pytest.raises(BundleError, match="only a team lead sets an inspection's status to approved"):
        import_bundles(target.db, [later.path])


def test_roster_commands_and_trust_on_the_command_line(cli: CliRunner, tmp_path: Path) -> None:
    key, roster = tmp_path / "central.key", tmp_path / "roster.json"
    laptop, lead = tmp_path / "laptop.db", tmp_path / "lead.db"
    for db in (laptop, lead):
        assert run(cli, "--db", str(db), "init")[0] == 0
    code, output = run(cli, "keys", "roster", "new", "--central-key", str(key), "--out", str(roster))
    assert code == 0 and "serial 1" in output, output
    assert key.stat().st_mode & 0o777 == 0o600
    ids = {}
    for db in (laptop, lead):
        listing = run(cli, "--db", str(db), "keys")[1]
        device = listing.split("Device", 1)[1].split()[0]
        public = listing.split("(public key ", 1)[1].split(")")[0]
        ids[db] = (device, public)
    code, output = run(
        cli, "keys", "roster", "add", str(roster), "--central-key", str(key), "--device", ids[laptop][0],
        "--public-key", ids[laptop][1], "--person", "Eva", "--role", "inspector",
    )  # fmt: skip
    assert code == 0 and "serial 2" in output, output
    code, output = run(
        cli, "keys", "roster", "add", str(roster), "--central-key", str(key), "--device", "x",
        "--public-key", "zz", "--person", "Eva", "--role", "inspector",
    )  # fmt: skip
    assert code == 1 and output.startswith("Error: --public-key is not a public key"), output
    code, output = run(cli, "keys", "roster", "show", str(roster))
    assert code == 0 and ids[laptop][0] in output and "inspector" in output, output
    db = Path(laptop)
    from inspect_tui.store import open_db

    handle = open_db(db)
    save(handle, Site(name="Park"))
    handle.close()
    bundle = tmp_path / "b.zip"
    assert run(cli, "--db", str(laptop), "export", "--out", str(bundle))[0] == 0
    code, output = run(cli, "--db", str(lead), "import", str(bundle))
    assert code == 1 and "is new here" in output and "--trust-new" in output and len(output.splitlines()) == 1
    assert run(cli, "--db", str(lead), "keys", "roster", "pin", str(roster))[0] == 0
    code, output = run(cli, "--db", str(lead), "import", str(bundle))
    assert code == 0, output
    code, output = run(cli, "keys", "roster", "revoke", str(roster), "--central-key", str(key), "--device", "nobody")
    assert code == 1 and "not on the roster" in output
    other = tmp_path / "other.key"
    run(cli, "keys", "roster", "new", "--central-key", str(other), "--out", str(tmp_path / "r2.json"))
    code, output = run(
        cli, "keys", "roster", "revoke", str(roster), "--central-key", str(other), "--device", ids[laptop][0]
    )
    assert code == 1 and "use the key that made it" in output


def test_the_rules_as_pure_functions() -> None:
    from inspect_tui.store.revisions import Revision

    def rev(entity: str, data: dict[str, object], merged: tuple[str, ...] = ()) -> Revision:
        return Revision(entity, "r1", "2-" + "0" * 32, 2, "1-" + "1" * 32, "dev", data, merged=merged)

    inspector = Context("inspector", {"status": "returned"}, "dev")
    assert authorization_problem(rev("reviews", {}), inspector) == "only a team lead writes reviews"
    assert authorization_problem(rev("inspections", {"status": "returned"}), inspector) is None  # unchanged
    assert "approved" in str(authorization_problem(rev("inspections", {"status": "approved"}), inspector))
    assert "resolves conflicts" in str(authorization_problem(rev("sites", {}, ("1-" + "2" * 32,)), inspector))
    assert authorization_problem(rev("sites", {}, ("1-" + "2" * 32,)), Context("lead", None, None)) is None
    assert "is not the hash of its content" in str(revision_problem(rev("sites", {})))
    jumped = Revision("sites", "r1", "3-" + "0" * 32, 3, "1-" + "1" * 32, "dev", {})
    assert "gen 3 is not one more than its highest parent's (2)" in str(revision_problem(jumped))


def test_an_older_database_migrates_with_its_signers_kept_and_its_ids_still_verifying(tmp_path: Path) -> None:
    import sqlite3

    from inspect_tui.store import open_db
    from inspect_tui.store.revisions import Revision

    old = tmp_path / "old.db"
    open_db(old, create=True).close()
    raw = sqlite3.connect(old)  # back to the schema before the trust migration
    raw.executescript(
        """
        DROP TABLE trusted_keys; DROP TABLE segment_revs; DROP TABLE segments; DROP TABLE bundles;
        CREATE TABLE bundles (id TEXT PRIMARY KEY, sha256 TEXT NOT NULL, signer TEXT NOT NULL,
            device_id TEXT NOT NULL, direction TEXT NOT NULL, created_at TEXT NOT NULL,
            seq_from INTEGER, seq_to INTEGER, receipt TEXT NOT NULL DEFAULT '{}');
        DELETE FROM _sqlite_migrations WHERE name = 'm005_trust';
        """
    )
    signer = "ab" * 32
    raw.execute(
        "INSERT INTO bundles(id, sha256, signer, device_id, direction, created_at, receipt) "
        "VALUES ('b1', 'x', ?, 'laptop-9', 'in', '2026-01-01T00:00:00+00:00', '{}')",
        [signer],
    )
    raw.commit()
    raw.close()
    db = open_db(old)
    assert db.execute("SELECT public_key, device_id, role, how FROM trusted_keys").fetchall() == [
        (signer, "laptop-9", "lead", "grandfathered")
    ]
    assert db.execute("SELECT id, signer FROM bundles").fetchall() == [("b1", signer)]
    # revision ids made by earlier versions (the committed sample database) verify as they are
    sample = sqlite3.connect(Path(__file__).resolve().parents[2] / "sample.db")
    rows = sample.execute(
        "SELECT entity, record_id, rev, gen, base_rev, merged, deleted, data, made_at, made_by FROM changes"
    ).fetchall()
    sample.close()
    assert rows
    for entity, record_id, rev, gen, base, merged, deleted, data, made_at, made_by in rows:
        revision = Revision(
            entity,
            record_id,
            rev,
            gen,
            base,
            "x",
            json.loads(data),
            bool(deleted),
            tuple(json.loads(merged)),
            made_at=made_at,
            made_by=made_by,
        )
        assert revision_problem(revision) is None, rev


@pytest.mark.parametrize("approved", [False, True], ids=["completed", "approved"])
def test_an_inspector_cannot_rewrite_its_signed_inspection_without_reopening_it(team: Team, approved: bool) -> None:
    # The app refuses to change a signed inspection until it is reopened; a bundle from the
    # inspector's own laptop carrying such a change (new notes, another signer, another checklist,
    # status unchanged) was taken.
    _, inspection, _ = _inspection(team.a)
    signed = inspection.model_copy(
        update={"status": InspectionStatus.COMPLETED, "completed_at": dt.datetime(2025, 3, 4), "signed_by": "Eva"}
    )
    save(team.a.db, signed)
    genuine = team.bundle(team.a, "signed")
    for device in (team.lead, team.receiver):
        import_bundles(device.db, [genuine])
    if approved:  # a team lead may change it: the approval is such a revision
        save(team.lead.db, signed.model_copy(update={"status": InspectionStatus.APPROVED}))
        approval = team.bundle(team.lead, "approval")
        for device in (team.a, team.receiver):
            import_bundles(device.db, [approval])
    current = get(team.a.db, Inspection, inspection.id)
    assert current is not None and current.status == ("approved" if approved else "completed")
    save(
        team.a.db,
        current.model_copy(update={"notes": "herschreven", "signed_by": "Lotte", "templates": ["snf", "akf"]}),
    )
    _refused(team, team.bundle(team.a, "rewrite"), "an inspector does not change a signed inspection; reopen it first")
    held = get(team.receiver.db, Inspection, inspection.id)
    assert held is not None and (held.notes, held.signed_by, held.templates) == (None, "Eva", ["snf"])


def test_an_id_held_here_is_not_given_other_content_as_an_earlier_releases_sealed_line(team: Team) -> None:
    # Inspector B copies A's occupant line and sends it under the same revision id with other
    # content, vouched for by an "earlier release" segment signed with B's own key (such ids cannot
    # be recomputed). Where A's genuine line is held, the id keeps the content it first stood for.
    import base64

    from inspect_tui.domain.models import Occupant, Unit
    from inspect_tui.store.codec import canonical_json
    from inspect_tui.sync.envelope import parse_line
    from inspect_tui.sync.trust import content_digest

    site = Site(name="Camping Zon")
    save(team.a.db, site)
    unit = Unit(site_id=site.id, label="Chalet 1", floor_area_m2=30, beds=2)
    save(team.a.db, unit)
    save(team.a.db, Occupant(unit_id=unit.id, name="Jan Kowalski", nationality="PL"))
    genuine = team.bundle(team.a, "genuine")
    import_bundles(team.receiver.db, [genuine])
    line = json.loads(members(genuine)["data/occupants.jsonl"].decode().splitlines()[0])
    rev = line["rev"]

    def forge(data: dict[str, bytes]) -> dict[str, bytes]:
        entry = {**line, "origin": "inspector-b"}
        entry["record"] = {
            **line["record"],
            "name": "Piet Vervalst",
            "sealed": {"bsn": base64.b64encode(b"x" * 48).decode()},
        }
        raw = json.dumps(entry, separators=(",", ":")).encode()
        revision = parse_line("occupants", raw).to_revision("occupants")
        body = {
            "device": "inspector-b",
            "key": bytes(team.b.key.verify_key).hex(),
            "seq_from": 1,
            "seq_to": 1,
            "revs": [f"{rev} {content_digest(revision)}"],
        }
        signature = base64.b64encode(team.b.key.sign(canonical_json(body).encode()).signature).decode()
        segment = canonical_json({"body": body, "signature": signature}) + "\n"
        return {"data/occupants.jsonl": raw + b"\n", "data/segments.jsonl": segment.encode()}

    counts = {
        f"Count-{kind}": "0"
        for kind in ("Sites", "Units", "Inspections", "Answers", "Findings", "Attachments", "Reviews")
    }
    forged = team.write(
        "forged.zip",
        rebag(
            genuine,
            team.b.key,
            payload=forge,
            info={"Device-Id": "inspector-b", "Bundle-Id": str(uuid.uuid4()), "Count-Occupants": "1", **counts},
        ),
    )
    _refused(team, forged, f"rev {rev} is not the hash of its content")
    names = team.receiver.db.execute("SELECT name FROM occupants").fetchall()
    assert names == [("Jan Kowalski",)]


def test_an_inspector_keeps_what_a_signed_inspections_finding_says_but_may_extend_and_withdraw_it(team: Team) -> None:
    # A critical finding made minor and described away after signing, from the inspector's own
    # laptop (past the app, which refuses it), was taken; extending its deadline and withdrawing it
    # with a reason are the app's way, and travel.
    from inspect_tui.store.db import device_id
    from inspect_tui.store.revisions import record_local_revision
    from inspect_tui.store.workflow import extend_deadline, withdraw_finding

    _, inspection, finding = _inspection(team.a)
    signed = inspection.model_copy(
        update={"status": InspectionStatus.COMPLETED, "completed_at": dt.datetime(2025, 3, 4), "signed_by": "Eva"}
    )
    save(team.a.db, signed)
    import_bundles(team.receiver.db, [team.bundle(team.a, "signed")])
    extend_deadline(team.a.db, finding.id, dt.date(2099, 1, 1), "Aannemer later", by="Eva")
    withdraw_finding(team.a.db, finding.id, "Onterecht", by="Eva")
    import_bundles(team.receiver.db, [team.bundle(team.a, "life")])
    shown = get(team.receiver.db, Finding, finding.id)
    assert shown is not None and shown.status == "withdrawn" and shown.deadline == dt.date(2099, 1, 1)

    held = get(team.a.db, Finding, finding.id)
    assert held is not None
    with team.a.db.atomic():
        downgraded = held.model_copy(update={"severity": Severity.MINOR, "description": "Niets aan de hand"})
        record_local_revision(team.a.db, downgraded, device_id(team.a.db))
    _refused(
        team,
        team.bundle(team.a, "downgrade"),
        "a finding of a signed inspection keeps what it says (description, severity); only a team lead changes it",
    )
    shown = get(team.receiver.db, Finding, finding.id)
    assert shown is not None and (shown.severity, shown.description) == (Severity.CRITICAL, "Geen rookmelder")
