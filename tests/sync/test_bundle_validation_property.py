"""Property: whatever a validly signed bundle carries, what an import accepts the forms accept too.

Valid bundles are mutated record by record (hostile text, ids of other records or of nothing,
NaN and huge figures, dates out of range, unknown checklists, removals) and re-signed by the
accepted key, so that every mutation reaches the record checks. Each is imported into an empty
database: either it is refused and the database is exactly as before, or every record now in the
database passes the form's own model (with the input rules on) and every reference in it points
at a live record of the right kind on the same site.
"""

from __future__ import annotations

import json
import math
import shutil
import tempfile
import uuid
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from nacl.signing import SigningKey
from pydantic import ValidationError

from inspect_tui.domain.models import MODEL_BY_TABLE
from inspect_tui.store import open_db
from inspect_tui.store.codec import row_to_data
from inspect_tui.sync import BundleError
from inspect_tui.sync.export import export_bundle
from inspect_tui.sync.references import REFERENCES
from tests.helpers.bundles import full_dump, make_device, populate, rebag
from tests.helpers.bundles import trusting_import as import_bundles


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, SigningKey, Path, dict[str, str]]:
    folder = tmp_path_factory.mktemp("property")
    source = make_device(folder / "source.db")
    ids = populate(source.db)
    result = export_bundle(source.db, folder / "good.zip", source.key, everything=True)
    assert result is not None
    empty = make_device(folder / "empty.db")
    empty.db.conn.close()
    source.db.conn.close()
    return result.path, source.key, folder / "empty.db", ids


TEXTS = st.text(
    alphabet=st.sampled_from(
        [
            "a",
            "Z",
            " ",
            "\n",
            "\t",
            "\r",
            "\x00",
            "\x1b",
            "[",
            "\x7f",
            "\x85",
            "\x9b",
            "\u202e",
            "\u2066",
            "\u2028",
            "é",
            "€",
            "0",
            "-",
        ]
    ),
    max_size=12,
)
DATES = st.sampled_from(
    [
        "1999-12-31",
        "2000-01-01",
        "2025-03-02",
        "2025-03-05",
        "2100-12-31",
        "9999-12-31",
        "2025-03-02T08:00:00",
        "2025-03-04T12:00:00+02:00",
        "9999-12-31T23:59:59",
    ]
)
NUMBERS = st.one_of(st.integers(-(10**13), 10**13), st.floats(allow_nan=True, allow_infinity=True))


def values(ids: dict[str, str]) -> st.SearchStrategy[Any]:
    known = [v for k, v in ids.items() if k not in ("photo", "finding_status")]
    return st.one_of(
        st.sampled_from(known),
        st.uuids().map(str),
        st.sampled_from([s.upper() for s in known]),
        TEXTS,
        DATES,
        NUMBERS,
        st.none(),
        st.booleans(),
        st.sampled_from([["snf"], ["no-such-template"], ["snf", "akf"], []]),
        st.sampled_from(["snf.space.persons", "snf.fire.blanket", "akf.x.y", "snf.space.no_such"]),
    )


KINDS = ("sites", "units", "occupants", "inspections", "answers", "findings", "attachments", "reviews")


@st.composite
def mutations(draw: st.DrawFn, ids: dict[str, str]) -> list[tuple[str, int, str, Any]]:
    count = draw(st.integers(1, 3))
    result = []
    for _ in range(count):
        kind = draw(st.sampled_from(KINDS))
        fields = [*MODEL_BY_TABLE[kind].model_fields, "@deleted"]
        result.append((kind, draw(st.integers(0, 5)), draw(st.sampled_from(fields)), draw(values(ids))))
    return result


def _mutate(data: dict[str, bytes], changes: list[tuple[str, int, str, Any]]) -> dict[str, bytes]:
    for kind, index, field, value in changes:
        member = f"data/{kind}.jsonl"
        if member not in data:
            continue
        envelopes = [json.loads(line) for line in data[member].decode().split("\n") if line]
        envelope = envelopes[index % len(envelopes)]
        if field == "@deleted":
            envelope["deleted"] = not envelope["deleted"]
        else:
            envelope["record"][field] = value
        data[member] = "".join(json.dumps(e, ensure_ascii=False) + "\n" for e in envelopes).encode()
    return data


def _rows(db: Any, kind: str) -> list[dict[str, Any]]:
    cursor = db.execute(f"SELECT * FROM [{kind}]")
    columns = [d[0] for d in cursor.description]
    return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]


def _site(heads: dict[str, dict[str, dict[str, Any]]], kind: str, record_id: str) -> str | None:
    data = heads[kind].get(record_id)
    if data is None:
        return None
    if kind in ("units", "inspections"):
        return str(data["site_id"])
    if kind == "findings":
        return _site(heads, "inspections", str(data["inspection_id"]))
    return None


def _as_forms_would(db: Any) -> None:
    heads: dict[str, dict[str, dict[str, Any]]] = {}
    for kind, model in MODEL_BY_TABLE.items():
        heads[kind] = {}
        for row in _rows(db, kind):
            row.pop("rev", None)
            data = row_to_data(model, row)
            try:
                model.model_validate(data)  # the input rules: what a form would accept
            except ValidationError as exc:
                raise AssertionError(f"{kind} {row['id']} was accepted but a form refuses it: {exc}") from None
            heads[kind][str(row["id"])] = data
    for kind, refs in REFERENCES.items():
        for record_id, data in heads[kind].items():
            for ref in refs:
                value = data.get(ref.field)
                if value is None:
                    continue
                if ref.parent:
                    assert value in heads[ref.target], f"{kind} {record_id}: {ref.field} names no live {ref.target}"
                if ref.same_site and value in heads[ref.target]:
                    assert _site(heads, ref.target, value) == _site(heads, kind, record_id), f"{kind} {ref.field}"
                if data.get("figure") is not None:
                    assert math.isfinite(data["figure"])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_every_accepted_bundle_passes_the_forms_validation(
    world: tuple[Path, SigningKey, Path, dict[str, str]], data: st.DataObject
) -> None:
    good, key, empty, ids = world
    changes = data.draw(mutations(ids))
    with tempfile.TemporaryDirectory() as folder:
        db_path = Path(folder) / "target.db"
        shutil.copyfile(empty, db_path)
        shutil.copyfile(empty.with_name("empty.db.signing-key"), Path(folder) / "target.db.signing-key")
        bundle = Path(folder) / "mutated.zip"
        bundle.write_bytes(
            rebag(good, key, payload=lambda d: _mutate(d, changes), info={"Bundle-Id": str(uuid.uuid4())})
        )
        db = open_db(db_path)
        try:
            before = full_dump(db)
            try:
                import_bundles(db, [bundle])
            except BundleError as exc:
                message = str(exc)
                assert "\n" not in message and len(message) <= 300 and message.isprintable(), message
                assert full_dump(db) == before
                return
            _as_forms_would(db)
        finally:
            db.conn.close()
