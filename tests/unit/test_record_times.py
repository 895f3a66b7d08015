"""Every time field of every record keeps its moment with the Amsterdam offset, whether validated
from a form, from a bundle line or on assignment; a nested model's moment is kept as written."""

from __future__ import annotations

import datetime as dt
import typing
from collections.abc import Iterator
from typing import Annotated, Any

import pytest
from pydantic import TypeAdapter

from inspect_tui.domain.base import Record
from inspect_tui.domain.models import MODEL_BY_TABLE
from inspect_tui.domain.visit_records import DeadlineExtension, Inspection

NAIVE = dt.datetime(2026, 7, 1, 9, 30)
UTC = dt.datetime(2026, 1, 15, 8, 0, tzinfo=dt.UTC)


def _kinds(base: type[Record] = Record) -> Iterator[type[Record]]:
    for kind in base.__subclasses__():
        yield kind
        yield from _kinds(kind)


def _holds_time(annotation: Any) -> bool:
    return annotation is dt.datetime or any(_holds_time(a) for a in typing.get_args(annotation))


TIME_FIELDS = sorted(
    {
        (kind.__name__, name, kind)
        for kind in _kinds()
        for name, f in kind.model_fields.items()
        if _holds_time(f.annotation)
    },
    key=lambda t: t[:2],
)


def test_the_records_have_time_fields() -> None:
    assert set(MODEL_BY_TABLE.values()) <= set(_kinds())
    assert {(kind, name) for kind, name, _ in TIME_FIELDS} >= {("Inspection", "started_at"), ("Review", "created_at")}


@pytest.mark.parametrize(("kind", "name", "model"), TIME_FIELDS, ids=[f"{k}.{n}" for k, n, _ in TIME_FIELDS])
def test_every_time_field_of_a_record_is_zoned(kind: str, name: str, model: type[Record]) -> None:
    field = model.model_fields[name]
    typed: Any = Annotated[field.annotation, *field.metadata] if field.metadata else field.annotation
    adapter: TypeAdapter[Any] = TypeAdapter(typed)
    naive = adapter.validate_python(NAIVE)
    assert naive.isoformat() == "2026-07-01T09:30:00+02:00"
    utc = adapter.validate_python(UTC)
    assert utc.isoformat() == "2026-01-15T09:00:00+01:00"
    assert adapter.validate_json('"2026-01-15T08:00:00Z"').isoformat() == "2026-01-15T09:00:00+01:00"


def test_a_record_zones_its_times_on_validation_and_on_assignment() -> None:
    inspection = Inspection(
        site_id="0b3c9d2e-5f1a-4c7e-9a2b-3d4e5f6a7b8c", templates=["snf"], inspector="Jan", started_at=UTC
    )
    assert inspection.started_at.isoformat() == "2026-01-15T09:00:00+01:00"
    inspection.completed_at = NAIVE
    assert inspection.completed_at is not None
    assert inspection.completed_at.isoformat() == "2026-07-01T09:30:00+02:00"
    assert inspection.model_dump(mode="json")["completed_at"] == "2026-07-01T09:30:00+02:00"


def test_a_nested_moment_is_kept_as_written() -> None:
    extension = DeadlineExtension(
        previous=dt.date(2026, 1, 1), deadline=dt.date(2026, 2, 1), reason="Wacht op aannemer", by="Jan", at=UTC
    )
    assert extension.at == UTC
    assert extension.at.utcoffset() == dt.timedelta(0)
