"""Sealed personal data under verified ids: sealed when made, hashed as it travels, checked on import.

An occupant's BSN, date of birth, phone and e-mail are sealed to the central key when the version is
made (when the database has that key), so its revision id hashes the sealed bytes and every importer
recomputes it; sealed bytes altered under a genuine id are refused whoever signs them. Bundles of the
earlier release (sealed on export, ids over the plain data) import on the segment it signed.
"""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest
from nacl.public import PrivateKey, SealedBox
from nacl.signing import SigningKey

from inspect_tui.domain.models import Occupant
from inspect_tui.store import delete, get, save
from inspect_tui.store.codec import canonical_json
from inspect_tui.store.db import device_id
from inspect_tui.store.records import get_rev
from inspect_tui.store.revisions import Revision
from inspect_tui.sync.envelope import parse_line
from inspect_tui.sync.errors import BundleError
from inspect_tui.sync.export import export_bundle
from inspect_tui.sync.keys import set_central_key
from inspect_tui.sync.layout import KINDS
from inspect_tui.sync.seal import seal_record, unseal
from inspect_tui.sync.trust import content_digest, make_segment, revision_problem
from inspect_tui.sync.verify import verify_bundle
from tests.helpers.bundles import BSNS, PHONE, Device, full_dump, make_device, members, populate, rebag
from tests.helpers.bundles import trusting_import as import_bundles

OCCUPANTS = "data/occupants.jsonl"


@pytest.fixture
def central() -> PrivateKey:
    return PrivateKey.generate()


def _keyed(path: Path, device_id: str, central: PrivateKey) -> Device:
    device = make_device(path, device_id=device_id)
    set_central_key(device.db, bytes(central.public_key).hex())
    return device


def _export(device: Device, path: Path, *, everything: bool = False) -> Path:
    result = export_bundle(device.db, path, device.key, everything=everything)
    assert result is not None
    return result.path


def _lines(bundle: Path | bytes, kind: str = "occupants") -> list[dict[str, object]]:
    return [json.loads(raw) for raw in members(bundle)[f"data/{kind}.jsonl"].decode().splitlines() if raw]


def _revisions(bundle: Path | bytes) -> list[Revision]:
    found: list[Revision] = []
    for kind in KINDS:
        for raw in members(bundle).get(f"data/{kind}.jsonl", b"").split(b"\n"):
            if raw:
                found.append(parse_line(kind, raw).to_revision(kind))
    return found


def _changed_bsn(central: PrivateKey, bsn: str) -> dict[str, object]:
    """data/ members → the first sealed BSN replaced by another value sealed to the same key, id kept."""
    forged = base64.b64encode(SealedBox(central.public_key).encrypt(json.dumps(bsn).encode())).decode()

    def change(data: dict[str, bytes]) -> dict[str, bytes]:
        out = dict(data)
        lines = data[OCCUPANTS].decode().splitlines()
        for number, raw in enumerate(lines):
            envelope = json.loads(raw)
            sealed = envelope["record"].get("sealed") or {}
            if "bsn" in sealed:
                sealed["bsn"] = forged
                lines[number] = json.dumps(envelope, separators=(",", ":"), ensure_ascii=False)
                break
        out[OCCUPANTS] = ("\n".join(lines) + "\n").encode()
        return out

    return {"payload": change}


def _own_segment(data: dict[str, bytes], key: SigningKey, device: str) -> dict[str, bytes]:
    """A segment of this release, signed by key, listing every line of device as it now reads."""
    own = [f"{r.rev} {content_digest(r)}" for r in _revisions_of(data) if r.origin == device]
    return {**data, "data/segments.jsonl": (make_segment(key, device, (1, 1), own) + "\n").encode()}


def _revisions_of(data: dict[str, bytes]) -> list[Revision]:
    found: list[Revision] = []
    for kind in KINDS:
        for raw in data.get(f"data/{kind}.jsonl", b"").split(b"\n"):
            if raw:
                found.append(parse_line(kind, raw).to_revision(kind))
    return found


def _legacy_segment(key: SigningKey, device: str, entries: list[str]) -> str:
    """A segment as the earlier release signed it: no version in its body."""
    body = {"device": device, "key": bytes(key.verify_key).hex(), "seq_from": 1, "seq_to": 1, "revs": sorted(entries)}
    signature = key.sign(canonical_json(body).encode()).signature
    return canonical_json({"body": body, "signature": base64.b64encode(signature).decode()})


def _legacy_bundle(source: Device, central: PrivateKey, path: Path) -> bytes:
    """What the earlier release exported: ids hashed over plain data, occupants sealed on the way."""
    plain = _export(source, path, everything=True)
    device = device_id(source.db)

    def seal(data: dict[str, bytes]) -> dict[str, bytes]:
        out = dict(data)
        lines = []
        for raw in data[OCCUPANTS].decode().splitlines():
            envelope = json.loads(raw)
            envelope["record"] = seal_record(envelope["record"], central.public_key)
            lines.append(json.dumps(envelope, separators=(",", ":"), ensure_ascii=False))
        out[OCCUPANTS] = ("\n".join(lines) + "\n").encode()
        entries = [f"{r.rev} {content_digest(r)}" for r in _revisions_of(out) if r.origin == device]
        out["data/segments.jsonl"] = (_legacy_segment(source.key, device, entries) + "\n").encode()
        return out

    return rebag(plain, source.key, payload=seal, info={"Personal-Data": "sealed"})


# -- made sealed, hashed sealed ------------------------------------------------------------------------


def test_an_occupant_is_sealed_when_saved_its_id_hashes_the_sealed_form_and_the_table_keeps_plain(
    tmp_path: Path, central: PrivateKey
) -> None:
    eva = _keyed(tmp_path / "eva.db", "inspector-eva", central)
    ids = populate(eva.db)
    rows = eva.db.execute(
        "SELECT rev, gen, base_rev, data FROM changes WHERE entity = 'occupants' AND record_id = ?", [ids["jan"]]
    ).fetchall()
    assert len(rows) == 1
    stored = json.loads(rows[0][3])
    assert stored["bsn"] is None and set(stored["sealed"]) == {"bsn", "date_of_birth", "phone", "email"}
    assert BSNS[0] not in rows[0][3] and unseal(stored, central)["bsn"] == BSNS[0]
    jan = get(eva.db, Occupant, ids["jan"])
    assert jan is not None and jan.bsn == BSNS[0] and jan.phone == PHONE  # the inspector's own view stays plain
    # saving the same values again makes no new version (sealing again would make new bytes)
    assert save(eva.db, jan) is None
    moved = save(eva.db, jan.model_copy(update={"phone": "+31 6 8765 4321"}))
    assert moved is not None
    again = get(eva.db, Occupant, ids["jan"])
    assert again is not None and get_rev(eva.db, Occupant, ids["jan"]) == moved and again.phone == "+31 6 8765 4321"
    text = eva.db.execute("SELECT data FROM changes WHERE rev = ?", [moved]).fetchone()[0]
    assert "8765" not in text and unseal(json.loads(text), central)["phone"] == "+31 6 8765 4321"


def test_every_line_of_a_sealed_bundle_hashes_to_its_id(tmp_path: Path, central: PrivateKey) -> None:
    eva = _keyed(tmp_path / "eva.db", "inspector-eva", central)
    populate(eva.db)
    bundle = _export(eva, tmp_path / "eva.zip")
    assert verify_bundle(bundle).info.sealed
    revisions = _revisions(bundle)
    assert sum(1 for r in revisions if r.entity == "occupants" and r.data and r.data.get("sealed")) >= 2
    assert all(revision_problem(r) is None for r in revisions)
    assert not any(bsn.encode() in b"".join(members(bundle).values()) for bsn in BSNS)


def test_a_genuine_sealed_bundle_imports_and_relayed_by_a_lead_still_verifies(
    tmp_path: Path, central: PrivateKey
) -> None:
    eva = _keyed(tmp_path / "eva.db", "inspector-eva", central)
    ids = populate(eva.db)
    bundle = _export(eva, tmp_path / "eva.zip")
    lead = _keyed(tmp_path / "lead.db", "lead-1", central)
    (receipt,) = import_bundles(lead.db, [bundle])
    assert receipt.counts["occupants"]["new"] == 3
    shown = get(lead.db, Occupant, ids["jan"])
    assert shown is not None and shown.bsn is None and shown.sealed is not None
    relay = _export(lead, tmp_path / "lead.zip", everything=True)
    # the lead passes eva's sealed versions on untouched, under the ids they hash to
    assert [line["record"] for line in _lines(relay)] == [line["record"] for line in _lines(bundle)]
    office = make_device(tmp_path / "office.db", device_id="office-1")
    (relayed,) = import_bundles(office.db, [relay])
    assert relayed.counts["occupants"]["new"] == 3
    got = get(office.db, Occupant, ids["jan"])
    assert got is not None and unseal(got.model_dump(mode="json"), central)["bsn"] == BSNS[0]


# -- forged sealed bytes -------------------------------------------------------------------------------


@pytest.mark.parametrize("signer", ["origin-with-fresh-segment", "colleague-with-genuine-segment"])
def test_altered_sealed_bytes_under_the_genuine_id_are_refused_and_the_genuine_version_stands(
    tmp_path: Path, central: PrivateKey, signer: str
) -> None:
    eva = _keyed(tmp_path / "eva.db", "inspector-eva", central)
    ids = populate(eva.db)
    genuine = _export(eva, tmp_path / "eva.zip")
    colleague = make_device(tmp_path / "tom.db", device_id="inspector-tom")
    lead = _keyed(tmp_path / "lead.db", "lead-1", central)
    options = _changed_bsn(central, "999999990")
    if signer == "origin-with-fresh-segment":
        change = options["payload"]
        forged = rebag(
            genuine,
            eva.key,
            payload=lambda d: _own_segment(change(d), eva.key, "inspector-eva"),  # type: ignore[operator]
        )
    else:
        forged = rebag(genuine, colleague.key, info={"Device-Id": "inspector-tom"}, **options)  # type: ignore[arg-type]
    path = tmp_path / "forged.zip"
    path.write_bytes(forged)
    before = full_dump(lead.db)
    with pytest.raises(BundleError, match="is not the hash of its content") as refused:
        import_bundles(lead.db, [path])
    assert "data/occupants.jsonl line" in str(refused.value)
    assert full_dump(lead.db) == before
    (receipt,) = import_bundles(lead.db, [genuine])
    assert receipt.counts["occupants"]["new"] == 3
    jan = get(lead.db, Occupant, ids["jan"])
    assert jan is not None and unseal(jan.model_dump(mode="json"), central)["bsn"] == BSNS[0]


def test_a_segment_of_this_release_cannot_vouch_for_a_sealed_line_that_does_not_hash(
    tmp_path: Path, central: PrivateKey
) -> None:
    """Only the earlier release's segments (no version) may list sealed lines under unhashable ids."""
    eva = make_device(tmp_path / "eva.db", device_id="inspector-eva")
    populate(eva.db)
    legacy = _legacy_bundle(eva, central, tmp_path / "plain.zip")

    def restamp(data: dict[str, bytes]) -> dict[str, bytes]:
        return _own_segment(data, eva.key, "inspector-eva")

    path = tmp_path / "restamped.zip"
    path.write_bytes(rebag(legacy, eva.key, payload=restamp))
    lead = make_device(tmp_path / "lead.db", device_id="lead-1")
    before = full_dump(lead.db)
    with pytest.raises(BundleError, match="is not the hash of its content"):
        import_bundles(lead.db, [path])
    assert full_dump(lead.db) == before


# -- the earlier release's bundles and databases -------------------------------------------------------


def test_a_sealed_bundle_of_the_earlier_release_imports_and_travels_on(tmp_path: Path, central: PrivateKey) -> None:
    eva = make_device(tmp_path / "eva.db", device_id="inspector-eva")
    ids = populate(eva.db)
    legacy = tmp_path / "legacy.zip"
    legacy.write_bytes(_legacy_bundle(eva, central, tmp_path / "plain.zip"))
    lead = make_device(tmp_path / "lead.db", device_id="lead-1")
    (receipt,) = import_bundles(lead.db, [legacy])
    assert receipt.counts["occupants"]["new"] == 3
    relay = _export(lead, tmp_path / "relay.zip", everything=True)
    office = make_device(tmp_path / "office.db", device_id="office-1")
    (relayed,) = import_bundles(office.db, [relay])  # the earlier release's segment travels with them
    assert relayed.counts["occupants"]["new"] == 3
    jan = get(office.db, Occupant, ids["jan"])
    assert jan is not None and unseal(jan.model_dump(mode="json"), central)["bsn"] == BSNS[0]


def test_altered_sealed_bytes_in_a_bundle_of_the_earlier_release_are_refused(
    tmp_path: Path, central: PrivateKey
) -> None:
    eva = make_device(tmp_path / "eva.db", device_id="inspector-eva")
    populate(eva.db)
    legacy = _legacy_bundle(eva, central, tmp_path / "plain.zip")
    colleague = make_device(tmp_path / "tom.db", device_id="inspector-tom")
    path = tmp_path / "forged.zip"
    path.write_bytes(
        rebag(legacy, colleague.key, info={"Device-Id": "inspector-tom"}, **_changed_bsn(central, "999999990"))  # type: ignore[arg-type]
    )
    lead = make_device(tmp_path / "lead.db", device_id="lead-1")
    before = full_dump(lead.db)
    with pytest.raises(BundleError, match="is not the hash of its content"):
        import_bundles(lead.db, [path])
    assert full_dump(lead.db) == before


def test_setting_the_central_key_seals_what_never_left_under_new_ids_and_holds_back_what_did(
    tmp_path: Path, central: PrivateKey
) -> None:
    eva = make_device(tmp_path / "eva.db", device_id="inspector-eva")
    ids = populate(eva.db)
    anna = get(eva.db, Occupant, ids["anna"])
    assert anna is not None
    save(eva.db, anna.model_copy(update={"phone": PHONE}))  # a second version of anna, on the first
    early = _export(eva, tmp_path / "early.zip")  # leaves in plain: no key yet
    assert not verify_bundle(early).info.sealed
    piet = Occupant(unit_id=anna.unit_id, name="Piet", bsn="123456782")
    save(eva.db, piet)
    save(eva.db, piet.model_copy(update={"phone": "+31 6 1111 2222"}))
    before = eva.db.execute("SELECT rev FROM changes WHERE record_id = ? ORDER BY seq", [piet.id]).fetchall()
    set_central_key(eva.db, bytes(central.public_key).hex())
    after = eva.db.execute(
        "SELECT rev, base_rev, ancestors, data FROM changes WHERE record_id = ? ORDER BY seq", [piet.id]
    ).fetchall()
    assert [r[0] for r in after] != [r[0] for r in before]
    assert after[1][1] == after[0][0] and json.loads(after[1][2])[0] == after[0][0]  # the chain follows
    assert all("123456782" not in r[3] for r in after)
    assert eva.db.execute("SELECT COUNT(*) FROM superseded WHERE rev = ?", [before[0][0]]).fetchone()[0] == 0
    shown = get(eva.db, Occupant, piet.id)
    assert shown is not None and get_rev(eva.db, Occupant, piet.id) == after[1][0] and shown.bsn == "123456782"
    # what already left in plain stays as it was here, and is not sent on again
    jan_rows = eva.db.execute("SELECT data FROM changes WHERE record_id = ?", [ids["jan"]]).fetchall()
    assert all(BSNS[0] in r[0] for r in jan_rows)
    result = export_bundle(eva.db, tmp_path / "all.zip", eva.key, everything=True)
    assert result is not None and result.sealed and result.held_back == 3
    everything = b"".join(members(result.path).values())
    assert not any(bsn.encode() in everything for bsn in (*BSNS, "123456782"))
    assert all(revision_problem(r) is None for r in _revisions(result.path))
    lead = make_device(tmp_path / "lead.db", device_id="lead-1")
    import_bundles(lead.db, [early])
    (receipt,) = import_bundles(lead.db, [result.path])
    assert receipt.counts["occupants"]["new"] == 1


def test_removing_a_sealed_occupant_erases_the_sealed_history_and_the_erasure_travels(
    tmp_path: Path, central: PrivateKey
) -> None:
    eva = _keyed(tmp_path / "eva.db", "inspector-eva", central)
    ids = populate(eva.db)
    first = _export(eva, tmp_path / "first.zip")
    lead = make_device(tmp_path / "lead.db", device_id="lead-1")
    import_bundles(lead.db, [first])
    delete(eva.db, Occupant, ids["jan"])
    texts = [r[0] for r in eva.db.execute("SELECT data FROM changes WHERE record_id = ?", [ids["jan"]])]
    assert all(json.loads(t)["sealed"] is None and json.loads(t)["bsn"] is None for t in texts)
    second = _export(eva, tmp_path / "second.zip")
    (jan_line,) = _lines(second)
    assert jan_line["deleted"] is True and jan_line["record"]["sealed"] is None  # type: ignore[index]
    import_bundles(lead.db, [second])
    kept = [r[0] for r in lead.db.execute("SELECT data FROM changes WHERE record_id = ?", [ids["jan"]])]
    assert len(kept) == 2 and all(json.loads(t)["sealed"] is None for t in kept)


def test_the_command_line_says_what_was_sealed_and_what_was_held_back(tmp_path: Path, central: PrivateKey) -> None:
    from click.testing import CliRunner

    from tests.helpers.bundles import run

    cli = CliRunner()
    eva = make_device(tmp_path / "eva.db", device_id="inspector-eva")
    ids = populate(eva.db)
    _export(eva, tmp_path / "early.zip")  # jan and anna leave in plain
    anna = get(eva.db, Occupant, ids["anna"])
    assert anna is not None
    save(eva.db, anna.model_copy(update={"phone": PHONE}))  # made before the key, not exported yet
    code, output = run(cli, "--db", str(eva.db_path), "keys", "set-central", bytes(central.public_key).hex())
    assert code == 0 and "sealed to it when saved" in output and "1 version not yet exported was sealed now" in output
    code, output = run(cli, "--db", str(eva.db_path), "export", "--all", "--out", str(tmp_path / "all.zip"))
    assert code == 0 and "Held back 2 occupant versions that hold" in output
    assert not any(bsn.encode() in (tmp_path / "all.zip").read_bytes() for bsn in BSNS)


def test_verify_recomputes_every_id_sealed_lines_included(tmp_path: Path, central: PrivateKey) -> None:
    eva = _keyed(tmp_path / "eva.db", "inspector-eva", central)
    populate(eva.db)
    genuine = _export(eva, tmp_path / "eva.zip")
    assert verify_bundle(genuine).records > 10
    forged = tmp_path / "forged.zip"
    forged.write_bytes(rebag(genuine, eva.key, **_changed_bsn(central, "999999990")))  # type: ignore[arg-type]
    with pytest.raises(BundleError, match="is not the hash of its content") as refused:
        verify_bundle(forged)
    assert "data/occupants.jsonl line 1" in str(refused.value)
    plain = make_device(tmp_path / "plain.db", device_id="inspector-piet")
    populate(plain.db)
    legacy = tmp_path / "legacy.zip"
    legacy.write_bytes(_legacy_bundle(plain, central, tmp_path / "plain.zip"))
    assert verify_bundle(legacy).info.sealed  # the earlier release's segment lists the sealed bytes
    tampered = tmp_path / "tampered.zip"
    tampered.write_bytes(rebag(legacy, plain.key, **_changed_bsn(central, "999999990")))  # type: ignore[arg-type]
    with pytest.raises(BundleError, match="is not the hash of its content"):
        verify_bundle(tampered)


def _resealed_by_relay(source: Device, relay: Device, relay_id: str, central: PrivateKey, path: Path) -> bytes:
    """What a central system of the earlier release pulled: plain lines sealed on the way, its own old segment."""
    plain = _export(source, path, everything=True)

    def seal(data: dict[str, bytes]) -> dict[str, bytes]:
        out = dict(data)
        lines = []
        for raw in data[OCCUPANTS].decode().splitlines():
            envelope = json.loads(raw)
            envelope["record"] = seal_record(envelope["record"], central.public_key)
            lines.append(json.dumps(envelope, separators=(",", ":"), ensure_ascii=False))
        out[OCCUPANTS] = ("\n".join(lines) + "\n").encode()
        entries = [f"{r.rev} {content_digest(r)}" for r in _revisions_of(out) if r.entity == "occupants"]
        out["data/segments.jsonl"] = (
            data["data/segments.jsonl"] + (_legacy_segment(relay.key, relay_id, entries) + "\n").encode()
        )
        return out

    return rebag(plain, relay.key, payload=seal, info={"Device-Id": relay_id, "Personal-Data": "sealed"})


def test_only_the_rosters_central_system_vouches_for_lines_it_sealed_under_the_earlier_release(
    tmp_path: Path, central: PrivateKey
) -> None:
    from inspect_tui.store.trust import pin_roster
    from inspect_tui.sync.importer import import_bundles as strict_import
    from inspect_tui.sync.roster import Member, sign_roster

    eva = make_device(tmp_path / "eva.db", device_id="inspector-eva")
    ids = populate(eva.db)
    office = make_device(tmp_path / "office.db", device_id="central-1")
    lead = make_device(tmp_path / "lead.db", device_id="lead-1")
    since = "2020-01-01T00:00:00+00:00"
    roster = sign_roster(
        SigningKey.generate(),
        1,
        [
            Member("inspector-eva", bytes(eva.key.verify_key), "Eva", "lead", since, None),  # populate approves too
            Member("central-1", bytes(office.key.verify_key), "Centraal", "central", since, None),
            Member("lead-1", bytes(lead.key.verify_key), "Lotte", "lead", since, None),
        ],
    )
    receiver = make_device(tmp_path / "r.db", device_id="receiver")
    with receiver.db.atomic():
        pin_roster(receiver.db, roster.text)
    by_lead = tmp_path / "by-lead.zip"
    by_lead.write_bytes(_resealed_by_relay(eva, lead, "lead-1", central, tmp_path / "a.zip"))
    before = full_dump(receiver.db)
    with pytest.raises(BundleError, match="is not the hash of its content"):
        strict_import(receiver.db, [by_lead])  # a lead, even on the roster, cannot vouch for re-sealed bytes
    assert full_dump(receiver.db) == before
    # without a roster, a signer accepted as a lead cannot either
    loose = make_device(tmp_path / "loose.db", device_id="loose")
    before = full_dump(loose.db)
    with pytest.raises(BundleError, match="is not the hash of its content"):
        import_bundles(loose.db, [by_lead])
    assert full_dump(loose.db) == before
    by_central = tmp_path / "by-central.zip"
    by_central.write_bytes(_resealed_by_relay(eva, office, "central-1", central, tmp_path / "b.zip"))
    (receipt,) = strict_import(receiver.db, [by_central])
    assert receipt.counts["occupants"]["new"] == 3
    jan = get(receiver.db, Occupant, ids["jan"])
    assert jan is not None and unseal(jan.model_dump(mode="json"), central)["bsn"] == BSNS[0]


def test_a_database_of_the_earlier_release_with_a_central_key_exports_sealed_under_ids_that_hash(
    tmp_path: Path, central: PrivateKey
) -> None:
    """The earlier release kept plain data in the change log and sealed on export; the next export seals first."""
    from inspect_tui.store.db import set_meta
    from inspect_tui.store.sealing import META_CENTRAL_PUBLIC

    eva = make_device(tmp_path / "eva.db", device_id="inspector-eva")
    ids = populate(eva.db)
    with eva.db.atomic():
        set_meta(eva.db, META_CENTRAL_PUBLIC, bytes(central.public_key).hex())  # as that release set it
    assert BSNS[0] in eva.db.execute("SELECT data FROM changes WHERE record_id = ?", [ids["jan"]]).fetchone()[0]
    result = export_bundle(eva.db, tmp_path / "eva.zip", eva.key)
    assert result is not None and result.sealed and result.held_back == 0
    assert all(revision_problem(r) is None for r in _revisions(result.path))
    assert BSNS[0] not in eva.db.execute("SELECT data FROM changes WHERE record_id = ?", [ids["jan"]]).fetchone()[0]
    jan = get(eva.db, Occupant, ids["jan"])
    assert jan is not None and jan.bsn == BSNS[0]
    lead = make_device(tmp_path / "lead.db", device_id="lead-1")
    (receipt,) = import_bundles(lead.db, [result.path])
    assert receipt.counts["occupants"]["new"] == 3
