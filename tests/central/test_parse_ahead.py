"""The central intake parses a bundle's lines before it takes the merge lock (``sync.parse_ahead``),
so concurrent intakes overlap that work; refusals and results stay those of the laptops' import."""

from __future__ import annotations

import threading
import uuid
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

import inspect_tui.central.intake as intake_module
from inspect_tui.central.store.connect import connect
from inspect_tui.store import open_db
from inspect_tui.sync import BundleError, reader
from inspect_tui.sync.envelope import parse_line
from inspect_tui.sync.export import export_bundle
from inspect_tui.sync.parse_ahead import ParsedLines, parse_ahead
from tests.helpers.bundles import edit_line, make_device, populate, rebag
from tests.helpers.bundles import trusting_import as import_bundles
from tests.helpers.central import Central, state, trusting_intake


def _bundle(tmp_path: Path) -> tuple[Path, Any]:
    device = make_device(tmp_path / "a.db")
    populate(device.db)
    result = export_bundle(device.db, tmp_path / "a.zip", device.key, everything=True)
    assert result is not None
    return result.path, device


def test_lines_are_parsed_outside_the_merge_transaction(
    central: Central, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from psycopg.pq import TransactionStatus

    path, _ = _bundle(tmp_path)
    original = parse_line
    seen: list[Any] = []

    def watched(kind: str, line: bytes) -> Any:
        seen.append(central.db.raw.info.transaction_status)
        return original(kind, line)

    monkeypatch.setattr(reader, "parse_line", watched)
    done = trusting_intake(central.db, path)
    assert done.error is None and done.receipt is not None
    assert seen and set(seen) == {TransactionStatus.IDLE}  # no transaction open: the merge lock not held
    lead = open_db(None)
    import_bundles(lead, [path])
    assert state(central.db) == state(lead)


@pytest.mark.parametrize(
    ("member", "number", "change"),
    [
        ("data/sites.jsonl", 1, {"comment": "hi"}),
        ("data/units.jsonl", 2, {"gen": 7}),
        ("data/units.jsonl", 1, {"rev": "1-" + "0" * 32}),
    ],
    ids=["unknown-field", "generation", "forged-id"],
)
def test_a_hostile_bundle_is_refused_centrally_with_the_laptops_message(
    central: Central, tmp_path: Path, member: str, number: int, change: dict[str, Any]
) -> None:
    good, device = _bundle(tmp_path)

    def payload(data: dict[str, bytes]) -> dict[str, bytes]:
        data[member] = edit_line(data[member], number, lambda e: e.update(change))
        return data

    path = tmp_path / "hostile.zip"
    path.write_bytes(rebag(good, device.key, payload=payload, info={"Bundle-Id": str(uuid.uuid4())}))
    with pytest.raises(BundleError) as laptop:
        import_bundles(open_db(None), [path])
    before = state(central.db)
    result = trusting_intake(central.db, path)
    assert result.receipt is None and result.error == str(laptop.value)
    assert state(central.db) == before


def test_concurrent_intakes_refuse_a_hostile_bundle_alike_and_reach_one_state(
    central: Central, tmp_path: Path, pg_url: str
) -> None:
    good, _ = _bundle(tmp_path)
    other = make_device(tmp_path / "b.db", device_id="device-b")
    populate(other.db)
    second = export_bundle(other.db, tmp_path / "b.zip", other.key, everything=True)
    assert second is not None

    def forged(data: dict[str, bytes]) -> dict[str, bytes]:
        data["data/units.jsonl"] = edit_line(data["data/units.jsonl"], 1, lambda e: e.update(gen=7))
        return data

    hostile = tmp_path / "hostile.zip"
    hostile.write_bytes(rebag(second.path, other.key, payload=forged, info={"Bundle-Id": str(uuid.uuid4())}))
    paths = [good, hostile, second.path]
    errors: list[str] = []

    def worker(order: list[Path]) -> None:
        db = connect(pg_url)
        try:
            errors.extend(r.error for p in order if (r := trusting_intake(db, p)).error is not None)
        finally:
            db.close()

    threads = [threading.Thread(target=worker, args=(o,)) for o in (paths, paths[::-1], paths[1:] + paths[:1])]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    with pytest.raises(BundleError) as laptop:
        import_bundles(open_db(None), [hostile])
    assert errors == [str(laptop.value)] * 3
    lead = open_db(None)
    import_bundles(lead, [good, second.path])
    assert state(central.db) == state(lead)


def _recheck_once(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """A trust decision recorded between the checks and the merge of the next intake: it checks again."""
    from inspect_tui.central.store.connect import CentralDb
    from inspect_tui.central.store.writer_reads import Recheck

    original = CentralDb.atomic
    calls: list[int] = []

    def deciding(self: CentralDb, **options):  # type: ignore[no-untyped-def]
        calls.append(1)
        if len(calls) == 1:
            self.pg(
                "INSERT INTO trusted_keys VALUES (%s, 'other', 'inspector', '2026-11-30T00:00:00+00:00', 'test')",
                ["ab" * 32],
            )
        return original(self, **options)

    rechecks: list[str] = []
    real_import = intake_module._import

    def counting(*args: Any, **how: Any) -> Any:
        try:
            return real_import(*args, **how)
        except Recheck as exc:
            rechecks.append(str(exc))
            raise

    monkeypatch.setattr(CentralDb, "atomic", deciding)
    monkeypatch.setattr(intake_module, "_import", counting)
    return rechecks


def _counted_parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    parses: list[str] = []
    real = parse_ahead

    def counted(reader: Any, info: Any, *rest: Any) -> ParsedLines | None:
        parses.append(reader.label)
        return real(reader, info, *rest)

    monkeypatch.setattr(intake_module, "parse_ahead", counted)
    return parses


def test_a_bundle_checked_again_is_not_parsed_again(
    central: Central, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path, _ = _bundle(tmp_path)
    rechecks = _recheck_once(monkeypatch)
    parses = _counted_parses(monkeypatch)
    result = trusting_intake(central.db, path)
    assert rechecks == ["the trust decisions or the roster changed"]
    assert parses == [str(path)]  # the second attempt merged the lines the first one parsed
    assert result.error is None and result.receipt is not None
    lead = open_db(None)
    laptop = import_bundles(lead, [path])[0]
    assert result.receipt.counts == laptop.counts and result.receipt.revisions == laptop.revisions
    assert state(central.db) == state(lead)


def test_a_refused_parse_is_made_again_when_the_bundle_is_checked_again(
    central: Central, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    good, device = _bundle(tmp_path)

    def payload(data: dict[str, bytes]) -> dict[str, bytes]:
        data["data/units.jsonl"] = edit_line(data["data/units.jsonl"], 2, lambda e: e.update(gen=7))
        return data

    path = tmp_path / "hostile.zip"
    path.write_bytes(rebag(good, device.key, payload=payload, info={"Bundle-Id": str(uuid.uuid4())}))
    with pytest.raises(BundleError) as laptop:
        import_bundles(open_db(None), [path])
    rechecks = _recheck_once(monkeypatch)
    parses = _counted_parses(monkeypatch)
    before = state(central.db)
    result = trusting_intake(central.db, path)
    assert rechecks == ["the trust decisions or the roster changed"]
    assert parses == [str(path)] * 2  # a parse that stopped at a refusal is not kept
    assert result.receipt is None and result.error == str(laptop.value)
    assert state(central.db) == before


def test_a_parse_is_kept_only_for_the_same_signed_bytes(monkeypatch: pytest.MonkeyPatch) -> None:
    made: list[tuple[str, bytes]] = []

    def parse(reader: Any, info: Any) -> ParsedLines | None:
        made.append((reader.label, reader.tagmanifest))
        return ParsedLines([], None if info != "refused" else BundleError("bad line"), 1)

    monkeypatch.setattr(intake_module, "parse_ahead", parse)
    once: Any = intake_module._ParsedOnce()

    def reader(label: str, tagmanifest: bytes) -> Any:
        return SimpleNamespace(label=label, tagmanifest=tagmanifest)

    first = once(reader("a.zip", b"one"), "info")
    assert once(reader("a.zip", b"one"), "info") is first
    assert made == [("a.zip", b"one")]
    assert once(reader("a.zip", b"two"), "info") is not first  # other signed content: parsed anew
    refused = once(reader("b.zip", b"two"), "refused")
    assert refused is not None and refused.refusal is not None
    again = once(reader("b.zip", b"two"), "refused")  # a refusal is not kept: parsed anew
    assert again is not None and again is not refused
    assert made == [("a.zip", b"one"), ("a.zip", b"two"), ("b.zip", b"two"), ("b.zip", b"two")]
