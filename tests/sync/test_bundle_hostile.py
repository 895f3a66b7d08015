"""Hostile bundles: each refused with a specific one-line message, the database byte-for-byte unchanged.

Every case runs `inspect-tui import` on a database that already holds data, and compares the
database file (and its WAL) before and after, plus a dump of every row.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import os
import shutil
import stat
import struct
import tracemalloc
import uuid
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner
from nacl.signing import SigningKey

from inspect_tui.store import open_db
from inspect_tui.sync import BundleError, zipguard
from inspect_tui.sync.bag import manifest_text
from inspect_tui.sync.export import export_bundle
from inspect_tui.sync.layout import KINDS, SIGNED_TAG_FILES
from tests.helpers.bundles import (
    edit_line,
    file_hash,
    full_dump,
    make_device,
    members,
    populate,
    rebag,
    rezip,
    run,
    settle,
)
from tests.helpers.bundles import trusting_import as import_bundles

TAG_MEMBERS = (
    "bagit.txt",
    "bag-info.txt",
    "manifest-sha256.txt",
    "tagmanifest-sha256.txt",
    "signer.pub",
    "signature.ed25519",
)
DATA_MEMBERS = tuple(f"data/{k}.jsonl" for k in KINDS)


@dataclass
class Armed:
    """A team lead's database holding an imported bundle, and that bundle (to forge from)."""

    db_path: Path
    good: Path
    source_key: SigningKey
    attacker: SigningKey
    folder: Path
    before_file: str
    before_rows: str
    blob: str

    def write(self, name: str, data: bytes) -> Path:
        path = self.folder / name
        path.write_bytes(data)
        return path

    def forge(self, **kwargs: object) -> bytes:
        """The good bundle changed and properly re-signed by the source, under a new bundle id."""
        info = {"Bundle-Id": str(uuid.uuid4()), **kwargs.pop("info", {})}  # type: ignore[dict-item]
        return rebag(self.good, self.source_key, info=info, **kwargs)  # type: ignore[arg-type]

    def unchanged(self) -> None:
        assert file_hash(self.db_path) == self.before_file, "the database file changed"
        db = open_db(self.db_path)
        try:
            assert full_dump(db) == self.before_rows, "a row changed"
        finally:
            db.conn.close()
        assert file_hash(self.db_path) == self.before_file


@pytest.fixture(scope="module")
def armory(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, SigningKey, str]:
    """Made once: a populated source's full bundle, and a team lead's database that imported it."""
    folder = tmp_path_factory.mktemp("armory")
    source = make_device(folder / "source.db")
    ids = populate(source.db)
    result = export_bundle(source.db, folder / "good.zip", source.key, everything=True)
    assert result is not None
    lead = make_device(folder / "lead.db")
    import_bundles(lead.db, [result.path])
    lead.db.conn.close()
    source.db.conn.close()
    settle(lead.db_path)
    return lead.db_path, result.path, source.key, ids["photo"]


@pytest.fixture
def armed(tmp_path: Path, armory: tuple[Path, Path, SigningKey, str]) -> Armed:
    """A fresh copy of the armory for one test."""
    lead, good, key, blob = armory
    db_path, bundle = tmp_path / "lead.db", tmp_path / "good.zip"
    shutil.copyfile(lead, db_path)
    shutil.copyfile(lead.with_name("lead.db.signing-key"), tmp_path / "lead.db.signing-key")
    shutil.copyfile(good, bundle)
    db = open_db(db_path)
    rows = full_dump(db)
    db.conn.close()
    settle(db_path)
    return Armed(db_path, bundle, key, SigningKey.generate(), tmp_path, file_hash(db_path), rows, blob)


def refused(cli: CliRunner, armed: Armed, bundle: Path, expected: str, *extra: str) -> str:
    """Import bundle through the CLI: exit 1, one line naming the problem, nothing changed."""
    code, output = run(
        cli, "--db", str(armed.db_path), "import", "--trust-new", "--trust-role", "lead", *extra, str(bundle)
    )
    assert code == 1, output
    lines = output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), output
    assert expected in lines[0], lines[0]
    armed.unchanged()
    return lines[0]


# -- damaged members ---------------------------------------------------------------------------------


def _flip(data: bytes, at: int | None = None) -> bytes:
    position = len(data) // 2 if at is None else at
    return data[:position] + bytes([data[position] ^ 0x01]) + data[position + 1 :]


@pytest.mark.parametrize("member", [*TAG_MEMBERS, *DATA_MEMBERS, "blob"])
def test_a_flipped_byte_in_any_member_is_refused(cli: CliRunner, armed: Armed, member: str) -> None:
    name = f"data/blobs/{armed.blob}" if member == "blob" else member
    parts = members(armed.good)
    parts[name] = _flip(parts[name])
    message = refused(cli, armed, armed.write("flipped.zip", rezip(list(parts.items()))), "")
    if name == "tagmanifest-sha256.txt":
        assert "tagmanifest-sha256.txt" in message or "signature" in message
    else:
        assert f"{name}:" in message or f"{name} line" in message


@pytest.mark.parametrize("member", [*TAG_MEMBERS, *DATA_MEMBERS, "blob"])
def test_a_flipped_byte_in_the_zip_data_is_refused(cli: CliRunner, armed: Armed, member: str) -> None:
    name = f"data/blobs/{armed.blob}" if member == "blob" else member
    raw = armed.good.read_bytes()
    with zipfile.ZipFile(armed.good) as zf:
        info = zf.getinfo(name)
    name_length, extra_length = struct.unpack("<HH", raw[info.header_offset + 26 : info.header_offset + 30])
    start = info.header_offset + 30 + name_length + extra_length
    damaged = _flip(raw, start + info.compress_size // 2)
    refused(cli, armed, armed.write("damaged.zip", damaged), name)


@pytest.mark.parametrize("keep", [0.5, 0.99, 10])
def test_a_truncated_bundle_is_refused(cli: CliRunner, armed: Armed, keep: float) -> None:
    raw = armed.good.read_bytes()
    cut = raw[: int(len(raw) * keep)] if keep < 1 else raw[: int(keep)]
    refused(cli, armed, armed.write("cut.zip", cut), "not a zip file")


def test_a_file_that_is_no_zip_or_empty_is_refused(cli: CliRunner, armed: Armed) -> None:
    refused(cli, armed, armed.write("notes.zip", b"just some text\n" * 10), "not a zip file")
    refused(cli, armed, armed.write("empty.zip", b""), "the file is empty")


# -- the zip's directory -------------------------------------------------------------------------------


def _with(armed: Armed, *extra: tuple[str | zipfile.ZipInfo, bytes], drop: str | None = None) -> bytes:
    entries: list[tuple[str | zipfile.ZipInfo, bytes]] = [(n, b) for n, b in members(armed.good).items() if n != drop]
    return rezip([*entries, *extra])


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("../evil.sh", "../evil.sh: a path that leaves the bundle (..)"),
        ("data/../../evil.sh", "data/../../evil.sh: a path that leaves the bundle (..)"),
        ("/etc/cron.d/evil", "/etc/cron.d/evil: an absolute path"),
        ("C:/Windows/evil.dll", "an absolute path"),
        ("data\\..\\..\\evil.sh", "a backslash in the name"),
        ("data/evil.sh", "data/evil.sh: not part of the bundle layout"),
        ("README.txt", "README.txt: not part of the bundle layout"),
    ],
)
def test_names_outside_the_layout_are_refused(cli: CliRunner, armed: Armed, name: str, expected: str) -> None:
    refused(cli, armed, armed.write("names.zip", _with(armed, (name, b"#!/bin/sh\n"))), expected)


def test_a_symbolic_link_is_refused(cli: CliRunner, armed: Armed) -> None:
    link = zipfile.ZipInfo("data/reviews.jsonl")
    link.create_system = 3
    link.external_attr = (stat.S_IFLNK | 0o777) << 16
    bundle = _with(armed, (link, b"/etc/passwd"), drop="data/reviews.jsonl")
    refused(cli, armed, armed.write("link.zip", bundle), "data/reviews.jsonl: a symbolic link")


def test_duplicate_names_are_refused(cli: CliRunner, armed: Armed) -> None:
    with pytest.warns(UserWarning, match="Duplicate name"):
        bundle = _with(armed, ("data/sites.jsonl", b"{}\n"))
    refused(cli, armed, armed.write("twice.zip", bundle), "data/sites.jsonl: appears twice in the zip")


def test_a_missing_signature_is_refused(cli: CliRunner, armed: Armed) -> None:
    bundle = _with(armed, drop="signature.ed25519")
    refused(cli, armed, armed.write("unsigned.zip", bundle), "signature.ed25519 is missing")


@pytest.fixture(scope="module")
def many_entries(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A genuine zip64 archive of 100,000 empty members, written by hand (zipfile takes seconds)."""
    path = tmp_path_factory.mktemp("many") / "many.zip"
    count = 100_000
    local, central = io.BytesIO(), io.BytesIO()
    for number in range(count):
        name = f"data/blobs/{number:064x}".encode()
        offset = local.tell()
        local.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 0, 0, 0x21, 0, 0, 0, len(name), 0) + name)
        central.write(
            struct.pack(
                "<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 0, 0, 0x21, 0, 0, 0, len(name), 0, 0, 0, 0, 0, offset
            )
            + name
        )
    directory, start = central.getvalue(), local.tell()
    end64 = struct.pack("<IQHHIIQQQQ", 0x06064B50, 44, 45, 45, 0, 0, count, count, len(directory), start)
    locator = struct.pack("<IIQI", 0x07064B50, 0, start + len(directory), 1)
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, 0xFFFF, 0xFFFF, len(directory), start, 0)
    path.write_bytes(local.getvalue() + directory + end64 + locator + end)
    with zipfile.ZipFile(path) as zf:
        assert len(zf.infolist()) == count, "the fixture is not a valid zip"
    return path


def test_a_hundred_thousand_entries_are_refused_before_reading(
    cli: CliRunner, armed: Armed, many_entries: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def never(*args: object, **kwargs: object) -> None:
        raise AssertionError("zipfile parsed the directory of a zip that was to be refused first")

    monkeypatch.setattr("zipfile.ZipFile", never)
    refused(cli, armed, many_entries, "the zip holds 100,000 entries; a bundle holds at most 20,000")


@pytest.fixture(scope="module")
def zip_bomb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """data/answers.jsonl inflating 128 MiB of zeros from a few hundred kilobytes."""
    path = tmp_path_factory.mktemp("bomb") / "bomb.zip"
    with zipfile.ZipFile(path, "w", compresslevel=1) as zf:
        info = zipfile.ZipInfo("data/answers.jsonl")
        info.compress_type = zipfile.ZIP_DEFLATED
        with zf.open(info, "w", force_zip64=True) as member:
            zeros = bytes(1024 * 1024)
            for _ in range(128):
                member.write(zeros)
    assert path.stat().st_size < 2 * 1024 * 1024
    return path


def test_a_zip_bomb_is_refused_before_inflating_with_memory_bounded(
    cli: CliRunner, armed: Armed, zip_bomb: Path
) -> None:
    db = open_db(armed.db_path)
    tracemalloc.start()
    try:
        with pytest.raises(BundleError, match=r"data/answers\.jsonl: expands more than 200 times"):
            import_bundles(db, [zip_bomb])
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
        db.conn.close()
    assert peak < 16 * 1024 * 1024, f"{peak:,} bytes at peak"
    refused(cli, armed, zip_bomb, "expands more than 200 times (a zip bomb?)")


def test_a_bomb_with_lying_headers_is_stopped_while_streaming(armed: Armed, monkeypatch: pytest.MonkeyPatch) -> None:
    """Header checks switched off: the running counters alone stop the inflation, memory bounded."""
    monkeypatch.setattr(zipguard, "check_entry", lambda info: None)
    monkeypatch.setattr(zipguard, "check_totals", lambda entries: None)
    parts = members(armed.good)
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, body in parts.items():
            zf.writestr(name, bytes(16 * 1024 * 1024) if name == "data/answers.jsonl" else body)
    path = armed.write("lying.zip", bomb.getvalue())
    db = open_db(armed.db_path)
    tracemalloc.start()
    try:
        with pytest.raises(BundleError, match=r"data/answers\.jsonl: expands more than 200 times"):
            import_bundles(db, [path])
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
        db.conn.close()
    assert peak < 16 * 1024 * 1024, f"{peak:,} bytes at peak"
    armed.unchanged()


# -- signatures and signers ------------------------------------------------------------------------------


def test_a_signature_by_another_key_is_refused(cli: CliRunner, armed: Armed) -> None:
    parts = members(armed.good)
    forged = armed.attacker.sign(parts["tagmanifest-sha256.txt"]).signature
    parts["signature.ed25519"] = base64.b64encode(forged) + b"\n"
    bundle = armed.write("other-key.zip", rezip(list(parts.items())))
    refused(cli, armed, bundle, "signature.ed25519: the signature does not verify with the key in signer.pub")


def _trusted(armed: Armed, key: SigningKey) -> Path:
    path = armed.folder / "trusted.txt"
    path.write_text(f"# the team's devices\n{bytes(key.verify_key).hex()}  # laptop 1\n", encoding="utf-8")
    return path


def test_an_unknown_signer_is_refused_with_trusted_keys(cli: CliRunner, armed: Armed) -> None:
    resigned = armed.write("attacker.zip", rebag(armed.good, armed.attacker, info={"Bundle-Id": str(uuid.uuid4())}))
    message = refused(cli, armed, resigned, "is not in", "--trusted-keys", str(_trusted(armed, armed.source_key)))
    fingerprint = hashlib.sha256(bytes(armed.attacker.verify_key)).hexdigest()[:4]
    assert f"signer {fingerprint}" in message
    refused(cli, armed, armed.good, "is not in", "--trusted-keys", str(_trusted(armed, armed.attacker)))


def test_without_trusted_keys_a_new_signer_is_shown(cli: CliRunner, armed: Armed) -> None:
    resigned = armed.write("attacker.zip", rebag(armed.good, armed.attacker, info={"Bundle-Id": str(uuid.uuid4())}))
    code, output = run(
        cli, "--db", str(armed.db_path), "import", "--trust-new", "--trust-role", "lead", "--dry-run", str(resigned)
    )
    assert code == 0 and "new signer:" in output
    armed.unchanged()


def test_a_bad_trusted_keys_file_is_refused(cli: CliRunner, armed: Armed) -> None:
    path = armed.folder / "trusted.txt"
    path.write_text("not-a-key\n", encoding="utf-8")
    refused(cli, armed, armed.good, "trusted.txt line 1", "--trusted-keys", str(path))


# -- manifests and bag-info -------------------------------------------------------------------------------


def _resign(parts: dict[str, bytes], key: SigningKey) -> bytes:
    """Recompute only the tag manifest and signature over the tag files as given."""
    digests = {name: hashlib.sha256(parts[name]).hexdigest() for name in SIGNED_TAG_FILES}
    parts["tagmanifest-sha256.txt"] = manifest_text(digests)
    parts["signature.ed25519"] = base64.b64encode(key.sign(parts["tagmanifest-sha256.txt"]).signature) + b"\n"
    return rezip(list(parts.items()))


def test_a_payload_file_missing_from_the_manifest_is_refused(cli: CliRunner, armed: Armed) -> None:
    parts = members(armed.good)
    lines = parts["manifest-sha256.txt"].decode().splitlines()
    parts["manifest-sha256.txt"] = ("\n".join(x for x in lines if "reviews" not in x) + "\n").encode()
    bundle = armed.write("unlisted.zip", _resign(parts, armed.source_key))
    refused(cli, armed, bundle, "data/reviews.jsonl: not listed in manifest-sha256.txt")


def test_a_manifest_entry_without_its_file_is_refused(cli: CliRunner, armed: Armed) -> None:
    parts = members(armed.good)
    del parts["data/reviews.jsonl"]
    bundle = armed.write("missing.zip", _resign(parts, armed.source_key))
    refused(cli, armed, bundle, "lists data/reviews.jsonl, which is not in the zip")


@pytest.mark.parametrize(
    ("info", "expected"),
    [
        (
            {"Bundle-Format-Version": "3"},
            "bag-info.txt line 3: format version 3 is not supported (this app reads versions 1 and 2)",
        ),
        ({"Bundle-Format": "something-else"}, "Bundle-Format is not inspect-tui-bundle"),
        ({"Bundle-Id": "not-a-uuid"}, "Bundle-Id is not a UUID"),
        ({"Count-Sites": "5"}, "data/sites.jsonl: holds 2 lines but bag-info.txt counts 5"),
        ({"Seq-From": "9", "Seq-To": "3"}, "Seq-From is after Seq-To"),
        ({"Payload-Oxum": "1.1"}, "Payload-Oxum does not match the payload"),
        ({"Personal-Data": "maybe"}, "Personal-Data is neither"),
    ],
)
def test_wrong_bag_info_is_refused(cli: CliRunner, armed: Armed, info: dict[str, str], expected: str) -> None:
    if "Payload-Oxum" in info:
        parts = members(armed.good)
        text = parts["bag-info.txt"].decode()
        parts["bag-info.txt"] = "".join(
            line if not line.startswith("Payload-Oxum") else "Payload-Oxum: 1.1\n" for line in text.splitlines(True)
        ).encode()
        bundle = armed.write("info.zip", _resign(parts, armed.source_key))
    else:
        bundle = armed.write("info.zip", armed.forge(info=info))
    refused(cli, armed, bundle, expected)


# -- lines -----------------------------------------------------------------------------------------------


def _payload(member: str, change: Callable[[bytes], bytes]) -> Callable[[dict[str, bytes]], dict[str, bytes]]:
    def apply(data: dict[str, bytes]) -> dict[str, bytes]:
        data[member] = change(data[member])
        return data

    return apply


def _record(member: str, **fields: object) -> Callable[[dict[str, bytes]], dict[str, bytes]]:
    return _payload(member, lambda text: edit_line(text, 1, lambda e: e["record"].update(fields)))


def _envelope(member: str, **fields: object) -> Callable[[dict[str, bytes]], dict[str, bytes]]:
    return _payload(member, lambda text: edit_line(text, 1, lambda e: e.update(fields)))


def _replace_line(member: str, line: bytes) -> Callable[[dict[str, bytes]], dict[str, bytes]]:
    return _payload(member, lambda text: line + b"\n" + b"".join(text.splitlines(True)[1:]))


@pytest.mark.parametrize(
    ("payload", "expected"),
    [
        (_replace_line("data/sites.jsonl", b'{"rev": "1-'), "data/sites.jsonl line 1: malformed JSON"),
        (_replace_line("data/sites.jsonl", b"\xff\xfe not utf-8"), "data/sites.jsonl line 1: malformed JSON"),
        (_replace_line("data/sites.jsonl", b"[1, 2, 3]"), "data/sites.jsonl line 1:"),
        (_replace_line("data/sites.jsonl", b""), "data/sites.jsonl line 1: empty line"),
        (
            _replace_line("data/sites.jsonl", os.urandom(600 * 1024).hex().encode()),
            "data/sites.jsonl line 1: longer than",
        ),
        (
            _record("data/occupants.jsonl", bsn="111222334"),
            "data/occupants.jsonl line 1: bsn: ●●●●●●334 fails the 11-proef",
        ),
        (_record("data/sites.jsonl", nickname="Wilgje"), "data/sites.jsonl line 1: nickname: unknown field"),
        (_envelope("data/sites.jsonl", comment="hi"), "data/sites.jsonl line 1: comment: unknown field"),
        (_record("data/units.jsonl", beds="4"), "data/units.jsonl line 1: beds: is not a whole number"),
        (
            _record("data/sites.jsonl", name="x" * 243),
            "data/sites.jsonl line 1: name: 243 characters; at most 200 — shorten it",
        ),
        (
            _record("data/occupants.jsonl", sealed={"name": "YWJj"}),
            "only bsn, date_of_birth, phone, email, abroad_street, abroad_city, health_insurer can be",
        ),
        (_envelope("data/sites.jsonl", gen=7), "gen: does not match the generation in rev"),
        (_envelope("data/sites.jsonl", at="2026-11-17T09:30:00"), "at: not a time with seconds and a zone"),
        (_envelope("data/sites.jsonl", at="9999-12-31T23:59:59-01:00"), "data/sites.jsonl line 1: at: a time lies"),
        (_envelope("data/sites.jsonl", origin='evil"device'), "origin: does not have the right form"),
        (_envelope("data/sites.jsonl", rev="1-../../etc"), "rev: does not have the right form"),
        (
            _payload("data/sites.jsonl", lambda text: edit_line(text, 1, lambda e: e["record"].pop("id"))),
            "record: id is required",
        ),
    ],
)
def test_bad_lines_are_refused_with_file_line_and_reason(
    cli: CliRunner, armed: Armed, payload: Callable[[dict[str, bytes]], dict[str, bytes]], expected: str
) -> None:
    refused(cli, armed, armed.write("lines.zip", armed.forge(payload=payload)), expected)


def test_a_segment_line_nested_too_deeply_is_refused_with_file_and_line(cli: CliRunner, armed: Armed) -> None:
    """Brackets nested deeper than the JSON reader goes: named like any bad line, never an unexpected error."""
    deep = _replace_line("data/segments.jsonl", b"[" * 100_000 + b"]" * 100_000)
    bundle = armed.write("deep.zip", armed.forge(payload=deep))
    refused(
        cli, armed, bundle, "data/segments.jsonl line 1: not a valid segment: not a signed segment (nested too deeply)"
    )


@pytest.mark.parametrize("line", [b"garbage", b"{}", b"[" * 100_000 + b"]" * 100_000], ids=["text", "empty", "deep"])
def test_verify_refuses_a_bad_segment_line_as_import_does(cli: CliRunner, armed: Armed, line: bytes) -> None:
    """A segment line that is no signed segment is refused by every import, whatever its roster: verify,
    which promises what an import checks short of the database, says the same (it said "valid")."""
    bundle = armed.write("segment.zip", armed.forge(payload=_replace_line("data/segments.jsonl", line)))
    imported = refused(cli, armed, bundle, "data/segments.jsonl line 1: not a valid segment: ")
    code, output = run(cli, "verify", str(bundle))
    assert code == 1, output
    assert output.strip().splitlines() == [imported], output


def test_a_name_over_its_limit_is_refused_in_dutch_with_its_length_and_limit(cli: CliRunner, armed: Armed) -> None:
    bundle = armed.write("long.zip", armed.forge(payload=_record("data/sites.jsonl", name="x" * 243)))
    code, output = run(
        cli, "--lang", "nl", "--db", str(armed.db_path), "import", "--trust-new", "--trust-role", "lead", str(bundle)
    )
    assert code == 1 and len(output.strip().splitlines()) == 1, output
    assert output.startswith("Fout: ") and "name: 243 tekens; hoogstens 200 — maak het korter" in output, output
    armed.unchanged()


def test_a_revision_twice_in_one_bundle_is_refused(cli: CliRunner, armed: Armed) -> None:
    def twice(data: dict[str, bytes]) -> dict[str, bytes]:
        data["data/sites.jsonl"] += data["data/sites.jsonl"].splitlines(True)[0]
        return data

    bundle = armed.forge(payload=twice, info={"Count-Sites": "3"})
    refused(cli, armed, armed.write("twice.zip", bundle), "appears twice (first on data/sites.jsonl line 1)")


def test_a_tree_reaching_into_another_record_is_refused(cli: CliRunner, armed: Armed) -> None:
    parts = members(armed.good)
    victim = json.loads(parts["data/occupants.jsonl"].splitlines()[0])["rev"]

    def graft(envelope: dict[str, object]) -> None:
        envelope.update(rev="2-" + "ab" * 16, gen=2, base_rev=victim, ancestors=[victim])

    bundle = armed.forge(payload=_payload("data/sites.jsonl", lambda text: edit_line(text, 1, graft)))
    refused(cli, armed, armed.write("graft.zip", bundle), f"refers to revision {victim} of another record")


def test_a_revision_id_the_database_holds_for_another_record_is_refused(cli: CliRunner, armed: Armed) -> None:
    parts = members(armed.good)
    first = json.loads(parts["data/sites.jsonl"].splitlines()[0])
    only_one = first["rev"]

    def steal(data: dict[str, bytes]) -> dict[str, bytes]:
        data["data/sites.jsonl"] = edit_line(
            data["data/sites.jsonl"], 1, lambda e: e["record"].update(id=str(uuid.uuid4()))
        )
        data["data/sites.jsonl"] = data["data/sites.jsonl"].splitlines(True)[0]
        return data

    bundle = armed.forge(payload=steal, info={"Count-Sites": "1"})
    refused(
        cli,
        armed,
        armed.write("steal.zip", bundle),
        f"data/sites.jsonl line 1: rev {only_one} is not the hash of its content",
    )


def test_an_attachment_without_its_file_is_refused(cli: CliRunner, armed: Armed) -> None:
    def drop(data: dict[str, bytes]) -> dict[str, bytes]:
        del data[f"data/blobs/{armed.blob}"]
        return data

    refused(
        cli,
        armed,
        armed.write("nofile.zip", armed.forge(payload=drop)),
        f"data/attachments.jsonl line 1: its file {armed.blob[:12]}… is not in the bundle",
    )


def test_a_file_not_named_by_its_sha256_is_refused(cli: CliRunner, armed: Armed) -> None:
    other = hashlib.sha256(b"other").hexdigest()

    def rename(data: dict[str, bytes]) -> dict[str, bytes]:
        data[f"data/blobs/{other}"] = data.pop(f"data/blobs/{armed.blob}")
        return data

    refused(
        cli,
        armed,
        armed.write("renamed.zip", armed.forge(payload=rename)),
        f"data/blobs/{other}: its bytes do not have the SHA-256 it is named by",
    )


def test_an_unreferenced_file_is_refused(cli: CliRunner, armed: Armed) -> None:
    extra = b"not a photo of anything"
    sha = hashlib.sha256(extra).hexdigest()

    def add(data: dict[str, bytes]) -> dict[str, bytes]:
        data[f"data/blobs/{sha}"] = extra
        return data

    refused(
        cli,
        armed,
        armed.write("extra.zip", armed.forge(payload=add)),
        f"data/blobs/{sha}: no attachment in the bundle refers to it",
    )


def test_verify_refuses_what_import_refuses(cli: CliRunner, armed: Armed) -> None:
    bundle = armed.write("bsn.zip", armed.forge(payload=_record("data/occupants.jsonl", bsn="111222334")))
    code, output = run(cli, "verify", str(bundle))
    assert code == 1
    assert output.strip() == (
        f"Error: {bundle}: data/occupants.jsonl line 1: bsn: ●●●●●●334 fails the 11-proef; check the digits"
    )
    code, output = run(cli, "verify", str(armed.good))
    assert code == 0 and "valid" in output
