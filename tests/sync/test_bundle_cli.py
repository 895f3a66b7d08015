"""The sync commands as a user runs them: init, keys, export, verify, import, conflicts."""

from __future__ import annotations

import base64
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from nacl.public import PrivateKey

from inspect_tui.domain.models import Site
from inspect_tui.store import get, open_db, save
from inspect_tui.sync import BundleError, KeyProblem, export_bundle
from inspect_tui.sync.keys import (
    ensure_signing_key,
    fingerprint,
    load_private_key,
    parse_public_key,
    read_trusted_keys,
    signing_key_path,
)
from inspect_tui.sync.seal import unseal
from tests.helpers.bundles import BSNS, make_device, members, populate, run
from tests.helpers.bundles import trusting_import as import_bundles


def _init(cli: CliRunner, path: Path) -> None:
    code, output = run(cli, "--db", str(path), "init")
    assert code == 0, output


def _fill(path: Path) -> dict[str, str]:
    db = open_db(path)
    ids = populate(db)
    db.conn.close()
    return ids


def test_a_whole_exchange_from_the_command_line(cli: CliRunner, tmp_path: Path) -> None:
    laptop, lead = tmp_path / "laptop.db", tmp_path / "lead.db"
    _init(cli, laptop)
    _init(cli, lead)
    assert signing_key_path(laptop).is_file()
    _fill(laptop)
    bundle = tmp_path / "monday.zip"
    code, output = run(cli, "--db", str(laptop), "export", "--out", str(bundle))
    assert code == 0, output
    assert f"Wrote {bundle}" in output and "occupants" in output
    code, output = run(cli, "verify", str(bundle))
    assert code == 0 and f"{bundle}: valid" in output, output
    code, output = run(cli, "--db", str(lead), "import", "--trust-new", "--trust-role", "lead", str(bundle))
    assert code == 0, output
    code, output = run(cli, "--db", str(laptop), "keys")
    assert code == 0
    laptop_fingerprint = output.split("Signing key", 1)[1].split("(")[0].strip()
    code, output = run(cli, "--db", str(lead), "keys")
    assert f"Signer seen   {laptop_fingerprint}" in output
    code, output = run(cli, "--db", str(lead), "conflicts")
    assert (code, output.strip()) == (0, "No open conflicts.")
    code, output = run(cli, "--db", str(laptop), "export", "--out", str(tmp_path / "again.zip"))
    assert code == 0 and "Nothing changed since the last export" in output
    assert not (tmp_path / "again.zip").exists()


def test_conflicts_are_listed_with_each_version_by_person_device_and_time(cli: CliRunner, tmp_path: Path) -> None:
    a, b = make_device(tmp_path / "a.db"), make_device(tmp_path / "b.db")
    ids = populate(a.db)
    first = export_bundle(a.db, tmp_path / "1.zip", a.key, everything=True)
    assert first is not None
    import_bundles(b.db, [first.path])
    for device, notes in ((a, "lekkage"), (b, "schimmel")):
        site = get(device.db, Site, ids["site"])
        assert site is not None
        save(device.db, site.model_copy(update={"notes": notes}))
    second = export_bundle(a.db, tmp_path / "2.zip", a.key)
    assert second is not None
    b.db.conn.close()
    a.db.conn.close()
    code, output = run(
        cli, "--db", str(tmp_path / "b.db"), "import", "--trust-new", "--trust-role", "lead", str(second.path)
    )
    assert code == 0 and "1 open conflict;" in output, output
    code, output = run(cli, "--db", str(tmp_path / "b.db"), "conflicts")
    head, *versions = output.strip().splitlines()
    assert head.startswith(f"sites        {ids['site'][:8]}  hard  ") and head.endswith("  fields: notes")
    # Each version by who, which device and when, numbered as on the conflicts screen.
    assert len(versions) == 2 and all(v.startswith(f"    {n} · ") for n, v in enumerate(versions, start=1))
    assert sum("this device" in v for v in versions) == 1
    assert sum(v.endswith(" · in effect now") for v in versions) == 1
    assert all(re.search(r" · \d\d-\d\d-\d{4} \d\d:\d\d", v) for v in versions), versions


def test_central_keys_from_the_command_line(cli: CliRunner, tmp_path: Path) -> None:
    laptop = tmp_path / "laptop.db"
    _init(cli, laptop)
    _fill(laptop)
    code, output = run(cli, "keys", "new-central", "--out", str(tmp_path / "central.key"))
    assert code == 0, output
    public = output.split("Public key ", 1)[1].split()[0]
    code, output = run(cli, "keys", "new-central", "--out", str(tmp_path / "central.key"))
    assert code == 1 and "already exists" in output
    as_base64 = base64.b64encode(bytes.fromhex(public)).decode()
    code, output = run(cli, "--db", str(laptop), "keys", "set-central", as_base64)
    assert code == 0 and fingerprint(bytes.fromhex(public)) in output
    code, output = run(cli, "--db", str(laptop), "export", "--all", "--out", str(tmp_path / "b.zip"))
    assert code == 0 and "sealed to the central key" in output and "UNENCRYPTED" not in output
    private = load_private_key(tmp_path / "central.key")
    line = json.loads(members(tmp_path / "b.zip")["data/occupants.jsonl"].splitlines()[0])
    assert unseal(line["record"], private)["bsn"] == BSNS[0]
    code, output = run(cli, "--db", str(laptop), "keys", "set-central", "abc123")
    assert code == 1 and output.startswith("Error: the central key is not a public key")


def test_errors_are_one_line_with_exit_status_1(cli: CliRunner, tmp_path: Path) -> None:
    db = tmp_path / "x.db"
    _init(cli, db)
    for args, expected in (
        (["verify", str(tmp_path / "nothing.zip")], "cannot open it"),
        (
            ["--db", str(db), "import", "--trust-new", "--trust-role", "lead", str(tmp_path / "nothing.zip")],
            "cannot open it",
        ),
        (
            [
                "--db",
                str(tmp_path / "missing.db"),
                "import",
                "--trust-new",
                "--trust-role",
                "lead",
                str(tmp_path / "x.zip"),
            ],
            "no database at",
        ),
        (["--db", str(db), "export", "--out", str(tmp_path / "no" / "such" / "x.zip"), "--all"], "does not exist"),
    ):
        if args[-1] == "--all":
            _fill(db)
        code, output = run(cli, *args)
        assert code == 1, output
        assert len(output.strip().splitlines()) == 1 and output.startswith("Error: ") and expected in output


def test_signing_key_problems_are_explained(tmp_path: Path) -> None:
    device = make_device(tmp_path / "a.db")
    path = signing_key_path(device.db_path)
    assert ensure_signing_key(device.db, device.db_path) == device.key, "the same key every time"
    other = make_device(tmp_path / "b.db")
    path.write_bytes(signing_key_path(other.db_path).read_bytes())
    with pytest.raises(KeyProblem, match="does not belong to this database"):
        ensure_signing_key(device.db, device.db_path)
    path.unlink()
    with pytest.raises(KeyProblem, match=r"is missing; restore it from a backup.*keys rotate"):
        ensure_signing_key(device.db, device.db_path)


def test_keys_rotate_makes_a_new_signer(cli: CliRunner, tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    _init(cli, db)
    signing_key_path(db).unlink()
    code, output = run(cli, "--db", str(db), "export", "--all", "--out", str(tmp_path / "x.zip"))
    assert code == 1 and "keys rotate" in output
    code, output = run(cli, "--db", str(db), "keys", "rotate")
    assert code == 0 and "New signing key" in output
    assert signing_key_path(db).is_file()


def test_public_keys_and_trusted_key_files_are_parsed_strictly(tmp_path: Path) -> None:
    key = PrivateKey.generate().public_key
    raw = bytes(key)
    assert parse_public_key(raw.hex()) == raw == parse_public_key(base64.b64encode(raw).decode())
    for bad in ("", "zz" * 32, raw.hex()[:-2], "00" * 32):
        with pytest.raises(KeyProblem):
            parse_public_key(bad)
    listing = tmp_path / "trusted.txt"
    listing.write_text(f"# team Noord\n\n{raw.hex()}   # laptop Eva\n", encoding="utf-8")
    assert read_trusted_keys(listing) == frozenset({raw})
    listing.write_text("# nothing\n", encoding="utf-8")
    with pytest.raises(KeyProblem, match="lists no keys"):
        read_trusted_keys(listing)
    assert fingerprint(raw).count(" ") == 3 and len(fingerprint(raw)) == 19


def test_progress_is_reported_up_to_the_total(tmp_path: Path) -> None:
    source, target = make_device(tmp_path / "a.db"), make_device(tmp_path / "b.db")
    populate(source.db)
    seen: list[tuple[int, int]] = []
    result = export_bundle(
        source.db,
        tmp_path / "x.zip",
        source.key,
        everything=True,
        progress=lambda done, total: seen.append((done, total)),
    )
    assert result is not None and seen and seen[-1][0] == seen[-1][1] == sum(result.counts.values())
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)
    seen.clear()
    import_bundles(target.db, [result.path], progress=lambda done, total: seen.append((done, total)))
    assert seen[-1] == (1000, 1000) and [d for d, _ in seen] == sorted(d for d, _ in seen)


def test_sync_never_imports_textual() -> None:
    code = (
        "import sys, inspect_tui.sync, inspect_tui.sync.line_schemas, inspect_tui.cli.sync;"
        "sys.exit(1 if any(m == 'textual' or m.startswith('textual.') for m in sys.modules) else 0)"
    )
    assert subprocess.run([sys.executable, "-c", code], env={**os.environ}, check=False).returncode == 0


def test_bundle_error_is_one_line() -> None:
    error = BundleError("bsn: ●●●●●●334 fails\nthe 11-proef", source="b.zip", member="data/occupants.jsonl", line=3)
    assert str(error) == "b.zip: data/occupants.jsonl line 3: bsn: ●●●●●●334 fails the 11-proef"


def test_a_long_folder_gives_way_to_the_reason() -> None:
    """Within the 300 characters the reason stays whole: a long bundle path is cut to its file name
    first (it cut the rule's words in the middle before)."""
    folder = "/srv/" + "/".join(f"inbox-{n:02d}-of-the-regional-team" for n in range(4))
    reason = "inspections 3766476b-2351-42e7-8726-9213d6649e23: device inspector-eva (inspector) may not " + (
        "write this revision: only a team lead takes back the approval of an inspection"
    )
    error = BundleError(reason, source=f"{folder}/eva.zip", member="data/inspections.jsonl", line=1)
    assert str(error) == f"eva.zip: data/inspections.jsonl line 1: {reason}"
    short = BundleError(reason, source="inbox/eva.zip", member="data/inspections.jsonl", line=1)
    assert str(short) == f"inbox/eva.zip: data/inspections.jsonl line 1: {reason}"  # room enough: kept
    assert str(BundleError("x" * 400, source=f"{folder}/eva.zip")).startswith("eva.zip: xxx")
    assert len(str(BundleError("x" * 400, source=f"{folder}/eva.zip"))) <= 300
