"""Bundles that are well formed, correctly hashed and signed but say something the rules forbid:
the central intake refuses each with the laptops' one-line message and changes nothing, and the
laptop's import refuses it too (one verdict, one message, whichever back end)."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from inspect_tui.store import open_db
from inspect_tui.sync import BundleError
from inspect_tui.sync.export import export_bundle
from tests.helpers.bundles import full_dump, make_device, populate, rebag
from tests.helpers.bundles import trusting_import as import_bundles
from tests.helpers.central import Central, state, trusting_intake

Change = Callable[[dict[str, Any]], None]


def _last(member: str, change: Change) -> Callable[[dict[str, bytes]], dict[str, bytes]]:
    """The payload with the newest line of member changed (the one the record rules hold)."""

    def payload(data: dict[str, bytes]) -> dict[str, bytes]:
        lines = data[member].decode().splitlines()
        envelope = json.loads(lines[-1])
        change(envelope)
        lines[-1] = json.dumps(envelope, separators=(",", ":"), ensure_ascii=False)
        data[member] = ("\n".join(lines) + "\n").encode()
        return data

    return payload


def _record(**values: Any) -> Change:
    return lambda envelope: envelope["record"].update(values)


CASES: dict[str, tuple[str, Change, str]] = {
    "control-character": (
        "data/findings.jsonl",
        _record(description="Geen rookmelder\x1b[2J in kamer 2."),
        "description",
    ),
    "bidi-override": ("data/sites.jsonl", _record(name="De Wilgen \u202egnipmac"), "name"),
    "name-too-long": ("data/sites.jsonl", _record(name="W" * 243), "name: 243 characters; at most 200 — shorten it"),
    "review-of-an-unknown-inspection": (
        "data/reviews.jsonl",
        _record(inspection_id=str(uuid.uuid4())),
        "inspection_id",
    ),
    "finding-of-an-unknown-inspection": (
        "data/findings.jsonl",
        _record(inspection_id=str(uuid.uuid4())),
        "inspection_id",
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_signed_bundle_saying_what_the_rules_forbid_is_refused_alike(
    central: Central, tmp_path: Path, case: str
) -> None:
    member, change, named = CASES[case]
    device = make_device(tmp_path / "a.db")
    populate(device.db)
    good = export_bundle(device.db, tmp_path / "a.zip", device.key, everything=True)
    assert good is not None
    hostile = tmp_path / "hostile.zip"
    hostile.write_bytes(
        rebag(good.path, device.key, payload=_last(member, change), info={"Bundle-Id": str(uuid.uuid4())}, rehash=True)
    )
    laptop_db = open_db(None)
    laptop_before = full_dump(laptop_db)
    with pytest.raises(BundleError) as laptop:
        import_bundles(laptop_db, [hostile])
    assert full_dump(laptop_db) == laptop_before
    message = str(laptop.value)
    assert "\n" not in message and len(message) <= 300 and named in message, message
    before = state(central.db)
    result = trusting_intake(central.db, hostile)
    assert result.receipt is None and result.error == message
    assert state(central.db) == before
    assert trusting_intake(central.db, good.path).error is None  # the genuine bundle still goes in


def test_a_revision_whose_parent_has_not_arrived_yet_is_taken_in_alike(central: Central, tmp_path: Path) -> None:
    """Bundles may arrive in any order (B before A): an edit whose parent is not held yet is kept,
    centrally as on a laptop, and both reach the same state."""
    device = make_device(tmp_path / "a.db")
    populate(device.db)
    good = export_bundle(device.db, tmp_path / "a.zip", device.key, everything=True)
    assert good is not None
    unknown = "1-" + "ab" * 16
    change = _last(
        "data/units.jsonl",
        lambda e: e.update(base_rev=unknown, gen=2, rev="2-" + "0" * 32, ancestors=[unknown], merged=[]),
    )
    orphan = tmp_path / "orphan.zip"
    orphan.write_bytes(rebag(good.path, device.key, payload=change, info={"Bundle-Id": str(uuid.uuid4())}, rehash=True))
    laptop = open_db(None)
    import_bundles(laptop, [orphan])
    result = trusting_intake(central.db, orphan)
    assert result.error is None and result.receipt is not None
    assert state(central.db) == state(laptop)
