"""Exporting: a valid, signed BagIt bag, lines valid against the committed schemas, sealed fields."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import zipfile
from pathlib import Path

import bagit
import jsonschema
import pytest
from click.testing import CliRunner
from nacl.public import PrivateKey
from nacl.signing import VerifyKey

from inspect_tui.store import save
from inspect_tui.store.db import device_id, get_meta
from inspect_tui.sync import BundleError
from inspect_tui.sync.bag import BagWriter
from inspect_tui.sync.export import META_LAST_EXPORT, export_bundle
from inspect_tui.sync.keys import set_central_key, signing_key_path
from inspect_tui.sync.layout import KINDS
from inspect_tui.sync.line_schemas import render_schemas
from inspect_tui.sync.seal import unseal
from tests.helpers.bundles import BORN, BSNS, EMAIL, PHONE, PHOTO, Device, bag_info, members, run

REPO = Path(__file__).resolve().parents[2]


def test_bundle_unzipped_is_a_valid_bagit_bag(full_bundle: Path, tmp_path: Path) -> None:
    folder = tmp_path / "bag"
    with zipfile.ZipFile(full_bundle) as zf:
        zf.extractall(folder)
    bag = bagit.Bag(str(folder))
    assert bag.validate(), "the Library of Congress validator refuses the bag"
    assert bag.info["Bundle-Format"] == "inspect-tui-bundle"
    listed = set(bag.tagfile_entries())
    assert listed == {"bagit.txt", "bag-info.txt", "manifest-sha256.txt", "signer.pub"}
    assert (folder / "signature.ed25519").is_file()


def test_a_damaged_bag_is_noticed_by_bagit_too(full_bundle: Path, tmp_path: Path) -> None:
    folder = tmp_path / "bag"
    with zipfile.ZipFile(full_bundle) as zf:
        zf.extractall(folder)
    sites = folder / "data" / "sites.jsonl"
    sites.write_bytes(sites.read_bytes().replace(b"Venlo", b"Venla"))
    with pytest.raises(bagit.BagValidationError):
        bagit.Bag(str(folder)).validate()


def test_signature_covers_the_tag_manifest_with_the_device_key(full_bundle: Path, source: Device) -> None:
    parts = members(full_bundle)
    signer = bytes.fromhex(parts["signer.pub"].decode().strip())
    assert signer == bytes(source.key.verify_key)
    assert get_meta(source.db, "signing_public_key") == signer.hex()
    VerifyKey(signer).verify(parts["tagmanifest-sha256.txt"], base64.b64decode(parts["signature.ed25519"]))
    seed = bytes(source.key).hex().encode()
    assert all(seed not in body for body in parts.values()), "the private key left the device"


def test_signing_key_file_is_private_and_next_to_the_database(source: Device) -> None:
    path = signing_key_path(source.db_path)
    assert path.is_file() and path.name == "source.db.signing-key"
    if os.name == "posix":
        assert path.stat().st_mode & 0o777 == 0o600


def test_every_line_matches_the_committed_schema(full_bundle: Path) -> None:
    parts = members(full_bundle)
    info = bag_info(full_bundle)
    for kind in KINDS:
        schema = json.loads((REPO / "schemas" / f"bundle-{kind}.schema.json").read_text(encoding="utf-8"))
        validator = jsonschema.Draft202012Validator(schema)
        lines = parts[f"data/{kind}.jsonl"].decode().splitlines()
        assert len(lines) == int(info[f"Count-{kind.capitalize()}"])
        for line in lines:
            validator.validate(json.loads(line))
    bad = json.loads(parts["data/sites.jsonl"].decode().splitlines()[0])
    bad["record"]["nickname"] = "x"
    schema = json.loads((REPO / "schemas" / "bundle-sites.schema.json").read_text(encoding="utf-8"))
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, schema)


def test_committed_schemas_are_current() -> None:
    for name, text in render_schemas().items():
        committed = REPO / "schemas" / name
        assert committed.is_file(), f"missing {name}: run `python -m inspect_tui.sync.line_schemas`"
        assert committed.read_text(encoding="utf-8") == text, (
            f"stale {name}: run `python -m inspect_tui.sync.line_schemas`"
        )


def test_bag_info_names_the_format_and_carries_no_personal_data(full_bundle: Path, source: Device) -> None:
    info = bag_info(full_bundle)
    assert info["Bundle-Format"] == "inspect-tui-bundle"
    assert info["Bundle-Format-Version"] == "2"
    assert info["Device-Id"] == device_id(source.db)
    assert int(info["Seq-From"]) == 1
    assert int(info["Seq-To"]) == source.db.execute("SELECT MAX(seq) FROM changes").fetchone()[0]
    assert "Bagging-Date" in info and "Payload-Oxum" in info and "Created" in info
    # three people, one of them removed: the removal travels, the erased version before it stays home
    assert info["Count-Occupants"] == "3"
    raw = members(full_bundle)["bag-info.txt"].decode()
    for personal in (*BSNS, "Kowalski", "Nowak", "Venlo", "Dorpsstraat", PHONE, EMAIL):
        assert personal not in raw
        assert personal not in full_bundle.name


def test_export_into_a_folder_names_the_file_without_personal_data(source: Device, tmp_path: Path) -> None:
    folder = tmp_path / "usb"
    folder.mkdir()
    result = export_bundle(source.db, folder, source.key, everything=True)
    assert result is not None and result.path.parent == folder
    assert result.path.name.startswith("inspect-") and result.bundle_id[:8] in result.path.name
    assert [p.name for p in folder.iterdir()] == [result.path.name]


def _inflated(bundle: Path) -> bytes:
    return b"\n".join(members(bundle).values())


def test_with_a_central_key_no_personal_field_travels_readable(source: Device, tmp_path: Path) -> None:
    central = PrivateKey.generate()
    set_central_key(source.db, bytes(central.public_key).hex())
    result = export_bundle(source.db, tmp_path / "sealed.zip", source.key, everything=True)
    assert result is not None and result.sealed
    raw, inflated = result.path.read_bytes(), _inflated(result.path)
    for secret in (*BSNS, PHONE, EMAIL, BORN.isoformat()):
        assert secret.encode() not in raw
        assert secret.encode() not in inflated
    assert bag_info(result.path)["Personal-Data"] == "sealed"
    first = json.loads(members(result.path)["data/occupants.jsonl"].decode().splitlines()[0])["record"]
    assert first["bsn"] is None and set(first["sealed"]) == {"bsn", "date_of_birth", "phone", "email"}
    opened = unseal(first, central)
    assert (opened["bsn"], opened["date_of_birth"], opened["phone"], opened["email"]) == (
        BSNS[0],
        BORN.isoformat(),
        PHONE,
        EMAIL,
    )
    assert opened["sealed"] is None


def test_without_a_central_key_personal_data_is_plain_and_the_export_says_so(
    source: Device, tmp_path: Path, cli: CliRunner
) -> None:
    code, output = run(cli, "--db", str(source.db_path), "export", "--all", "--out", str(tmp_path / "plain.zip"))
    assert code == 0, output
    assert "UNENCRYPTED" in output
    assert BSNS[0].encode() in _inflated(tmp_path / "plain.zip")
    assert bag_info(tmp_path / "plain.zip")["Personal-Data"] == "plain"


def test_attachments_travel_named_by_their_sha256(full_bundle: Path, source: Device) -> None:
    sha = hashlib.sha256(PHOTO).hexdigest()
    assert members(full_bundle)[f"data/blobs/{sha}"] == PHOTO
    assert sha == source.ids["photo"]


def test_incremental_export_carries_only_changes_since_the_last_one(source: Device, tmp_path: Path) -> None:
    first = export_bundle(source.db, tmp_path / "1.zip", source.key)
    # every change but the erased version of the removed occupant (see store.erasure)
    assert first is not None and sum(first.counts.values()) == first.seq_to - 1
    assert export_bundle(source.db, tmp_path / "2.zip", source.key) is None
    assert not (tmp_path / "2.zip").exists()
    from inspect_tui.domain.models import Site
    from inspect_tui.store import get

    site = get(source.db, Site, source.ids["site"])
    assert site is not None
    save(source.db, site.model_copy(update={"notes": "Derde bezoek."}))
    second = export_bundle(source.db, tmp_path / "2.zip", source.key)
    assert second is not None
    assert second.counts["sites"] == 1 and sum(second.counts.values()) == 1
    assert second.seq_from == second.seq_to == first.seq_to + 1
    assert get_meta(source.db, META_LAST_EXPORT) == str(second.seq_to)
    everything = export_bundle(source.db, tmp_path / "all.zip", source.key, everything=True)
    assert everything is not None and sum(everything.counts.values()) == second.seq_to - 1


def test_a_failed_write_leaves_no_bundle_and_does_not_move_the_pointer(
    source: Device, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    out.mkdir()

    def broken(self: BagWriter, *args: object) -> bytes:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(BagWriter, "finish", broken)
    with pytest.raises(BundleError, match="no space left on the disk"):
        export_bundle(source.db, out / "b.zip", source.key)
    assert list(out.iterdir()) == [], "a half bundle or its temporary file was left behind"
    assert get_meta(source.db, META_LAST_EXPORT) is None
    assert source.db.execute("SELECT COUNT(*) FROM bundles").fetchone()[0] == 0


def test_export_never_overwrites_a_bundle(source: Device, full_bundle: Path) -> None:
    before = full_bundle.read_bytes()
    with pytest.raises(BundleError, match="already exists"):
        export_bundle(source.db, full_bundle, source.key, everything=True)
    assert full_bundle.read_bytes() == before


def test_export_is_recorded_as_an_outgoing_bundle(full_bundle: Path, source: Device) -> None:
    row = source.db.execute("SELECT id, sha256, direction, signer FROM bundles").fetchone()
    assert row[0] == bag_info(full_bundle)["Bundle-Id"]
    assert row[1] == hashlib.sha256(members(full_bundle)["tagmanifest-sha256.txt"]).hexdigest()
    assert (row[2], row[3]) == ("out", bytes(source.key.verify_key).hex())
