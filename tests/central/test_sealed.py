"""Sealed personal data at the central system: intake recomputes every id, sealed lines included."""

from __future__ import annotations

import base64
import json
from pathlib import Path

from nacl.public import PublicKey, SealedBox

from inspect_tui.central.keys import load_sealing_key
from inspect_tui.store.db import get_meta
from inspect_tui.store.sealing import META_CENTRAL_PUBLIC
from inspect_tui.sync.export import export_bundle
from inspect_tui.sync.keys import set_central_key
from inspect_tui.sync.seal import unseal
from tests.helpers.bundles import BSNS, make_device, populate, rebag
from tests.helpers.central import Central, state, trusting_intake


def test_altered_sealed_bytes_are_refused_at_intake_and_the_genuine_bundle_is_taken_in(
    central: Central, tmp_path: Path
) -> None:
    public = str(get_meta(central.db.as_store(), META_CENTRAL_PUBLIC))
    eva = make_device(tmp_path / "eva.db", device_id="inspector-eva")
    set_central_key(eva.db, public)
    ids = populate(eva.db)
    result = export_bundle(eva.db, tmp_path / "eva.zip", eva.key)
    assert result is not None
    forged_bsn = SealedBox(PublicKey(bytes.fromhex(public))).encrypt(json.dumps("999999990").encode())

    def change(data: dict[str, bytes]) -> dict[str, bytes]:
        lines = data["data/occupants.jsonl"].decode().splitlines()
        envelope = json.loads(lines[0])
        envelope["record"]["sealed"]["bsn"] = base64.b64encode(forged_bsn).decode()
        lines[0] = json.dumps(envelope, separators=(",", ":"), ensure_ascii=False)
        return {**data, "data/occupants.jsonl": ("\n".join(lines) + "\n").encode()}

    forged = tmp_path / "forged.zip"
    forged.write_bytes(rebag(result.path, eva.key, payload=change))  # even re-signed by the origin itself
    before = state(central.db)
    refused = trusting_intake(central.db, forged)
    assert refused.error is not None and "is not the hash of its content" in refused.error
    assert state(central.db) == before
    taken = trusting_intake(central.db, result.path)
    assert taken.error is None and taken.receipt.counts["occupants"]["new"] == 3
    row = central.db.pg(
        "SELECT data FROM changes WHERE entity = 'occupants' AND record_id = %s", [ids["jan"]]
    ).fetchone()
    assert row is not None and BSNS[0] not in row[0]
    assert unseal(json.loads(row[0]), load_sealing_key(central.db, central.sealing_key))["bsn"] == BSNS[0]
