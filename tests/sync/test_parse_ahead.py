"""Lines parsed before the import's transaction (``sync.parse_ahead``): the same lines, the same
refusals in the same place, the same database; memory bounded whatever a bundle claims."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from functools import partial
from pathlib import Path

import pytest

from inspect_tui.store import open_db
from inspect_tui.sync import BundleError
from inspect_tui.sync.export import export_bundle
from inspect_tui.sync.parse_ahead import parse_ahead
from inspect_tui.sync.reader import BundleReader
from tests.helpers.bundles import Device, bag_info, edit_line, full_dump, make_device, populate, rebag, shared_dump
from tests.helpers.bundles import trusting_import as import_bundles

Payload = Callable[[dict[str, bytes]], dict[str, bytes]]


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> tuple[Device, Path]:
    folder = tmp_path_factory.mktemp("ahead")
    device = make_device(folder / "source.db")
    populate(device.db)
    result = export_bundle(device.db, folder / "good.zip", device.key, everything=True)
    assert result is not None
    return device, result.path


def _forged(source: tuple[Device, Path], folder: Path, payload: Payload, **info: str) -> Path:
    device, good = source
    path = folder / f"{uuid.uuid4()}.zip"
    path.write_bytes(rebag(good, device.key, payload=payload, info={"Bundle-Id": str(uuid.uuid4()), **info}))
    return path


def _line(member: str, number: int, **fields: object) -> Payload:
    def apply(data: dict[str, bytes]) -> dict[str, bytes]:
        data[member] = edit_line(data[member], number, lambda e: e.update(fields))
        return data

    return apply


def _raw(member: str, number: int, text: bytes) -> Payload:
    def apply(data: dict[str, bytes]) -> dict[str, bytes]:
        lines = data[member].splitlines(True)
        lines[number - 1] = text + b"\n"
        data[member] = b"".join(lines)
        return data

    return apply


def _both(*changes: Payload) -> Payload:
    def apply(data: dict[str, bytes]) -> dict[str, bytes]:
        for change in changes:
            data = change(data)
        return data

    return apply


def _outcome(path: Path, ahead: int) -> tuple[str, str]:
    """(refusal or "", what the lead's database shares) after importing path; a refusal changes nothing."""
    db = open_db(None)
    before = full_dump(db)
    try:
        import_bundles(db, [path], ahead=partial(parse_ahead, limit=ahead) if ahead else None)
    except BundleError as exc:
        assert full_dump(db) == before
        return str(exc), ""
    return "", shared_dump(db)


def test_replayed_lines_are_the_lines_read(source: tuple[Device, Path]) -> None:
    _, good = source
    with BundleReader(good) as reader:
        info = reader.check()
        read = list(reader.iter_lines())
    with BundleReader(good) as reader:
        info = reader.check()
        ahead = parse_ahead(reader, info)
        assert ahead is not None and ahead.refusal is None
        assert list(ahead.replay()) == read
        assert all(line.revision.data_json is not None for line in ahead.lines if line.revision.data is not None)


def test_a_bundle_over_the_limit_streams(source: tuple[Device, Path]) -> None:
    _, good = source
    with BundleReader(good) as reader:
        info = reader.check()
        assert parse_ahead(reader, info, sum(info.counts.values()) - 1) is None
        assert parse_ahead(reader, info, 0) is None


def test_a_bundle_carrying_more_lines_than_it_counts_is_not_held(source: tuple[Device, Path], tmp_path: Path) -> None:
    def doubled(data: dict[str, bytes]) -> dict[str, bytes]:
        data["data/sites.jsonl"] = data["data/sites.jsonl"] * 50
        return data

    path = _forged(source, tmp_path, doubled)
    with BundleReader(path) as reader:
        info = reader.check()
        counted = sum(info.counts.values())
        assert parse_ahead(reader, info, counted + 5) is None  # gives up at the limit, holds no more
    assert _outcome(path, counted + 5) == _outcome(path, 0)


@pytest.mark.parametrize(
    "payload",
    [
        _raw("data/sites.jsonl", 1, b'{"rev": "1-'),
        _raw("data/units.jsonl", 2, b""),
        _line("data/sites.jsonl", 1, comment="hi"),
        _line("data/sites.jsonl", 1, gen=7),
        _line("data/units.jsonl", 1, rev="1-" + "0" * 32),  # a forged id: refused by the trust checks
        # a forged id first, then a malformed line: the line is refused first (as when streaming)
        _both(_line("data/sites.jsonl", 1, rev="1-" + "0" * 32), _raw("data/units.jsonl", 1, b"[1]")),
    ],
    ids=["malformed", "empty", "unknown-field", "generation", "forged-id", "forged-then-malformed"],
)
def test_a_hostile_bundle_is_refused_with_the_same_message(
    source: tuple[Device, Path], tmp_path: Path, payload: Payload
) -> None:
    path = _forged(source, tmp_path, payload)
    streamed = _outcome(path, 0)
    assert streamed[0], "the bundle must be refused"
    assert _outcome(path, 10_000) == streamed


def test_a_miscounted_kind_is_refused_with_the_same_message(source: tuple[Device, Path], tmp_path: Path) -> None:
    _, good = source
    counted = int(bag_info(good)["Count-Units"])
    path = _forged(source, tmp_path, lambda data: data, **{"Count-Units": str(counted + 1)})
    streamed = _outcome(path, 0)
    assert "bag-info.txt counts" in streamed[0]
    assert _outcome(path, 10_000) == streamed


def test_an_import_parsed_ahead_reaches_the_same_database(source: tuple[Device, Path]) -> None:
    _, good = source
    streamed = _outcome(good, 0)
    assert streamed[0] == ""
    assert _outcome(good, 10_000) == streamed
