"""Converting records to table rows and canonical JSON, and back."""

from __future__ import annotations

import datetime as dt
import json
import types
import typing
from collections.abc import Sequence
from functools import cache
from typing import Any

from pydantic import BaseModel

from inspect_tui.domain.base import Record
from inspect_tui.i18n.zone import zoned

_CANONICAL = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False)
"""What ``json.dumps`` with these options builds on every call, built once."""
_PLAIN = json.JSONEncoder(ensure_ascii=False)
"""The same for ``json.dumps(value, ensure_ascii=False)``: a list or model column's text."""
_make_encoder = getattr(json.encoder, "c_make_encoder", None)
_ENCODE = (
    None
    if _make_encoder is None
    else _make_encoder(None, _CANONICAL.default, json.encoder.encode_basestring, None, ":", ",", True, False, True)
)
"""The C encoder ``_CANONICAL.encode`` makes on every call (with a dict for its check of circular
references), made once and without that check: a record's data comes from JSON and holds no
cycle. Half the time of a record's canonical JSON, which an import makes for every revision; the
text is the same (a test compares it with ``json.dumps``)."""


def canonical_json(data: dict[str, Any]) -> str:
    """One stable text for a record's data: sorted keys, no spaces, UTF-8 kept."""
    if _ENCODE is None:
        return _CANONICAL.encode(data)
    return "".join(_ENCODE(data, 0))


def record_data(record: Record) -> dict[str, Any]:
    """The record as JSON data (what a revision stores and a bundle carries).

    Every moment carries its offset, also one set without validation (``model_copy``).
    """
    data = record.model_dump(mode="json")
    for name, value in record:
        if isinstance(value, dt.datetime) and value.tzinfo is None:
            data[name] = zoned(value).isoformat()
    return data


def _is_model(annotation: object) -> bool:
    """A nested model (or an optional one), stored as JSON text."""
    args = [a for a in typing.get_args(annotation) if a is not type(None)] or [annotation]
    return isinstance(args[0], type) and issubclass(args[0], BaseModel) and not issubclass(args[0], Record)


@cache
def _json_columns(model: type[Record]) -> frozenset[str]:
    names = set()
    for name, info in model.model_fields.items():
        annotation = info.annotation
        origin = typing.get_origin(annotation)
        if origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            origin = typing.get_origin(args[0]) if args else None
        if origin in (list, dict) or (origin is None and _is_model(annotation)):
            names.add(name)
    return frozenset(names)


@cache
def _bool_columns(model: type[Record]) -> frozenset[str]:
    names = set()
    for name, info in model.model_fields.items():
        if info.annotation in (bool, bool | None):
            names.add(name)
    return frozenset(names)


def data_to_row(model: type[Record], data: dict[str, Any], rev: str) -> dict[str, Any]:
    """A table row from JSON data: lists as JSON text, booleans as 0/1."""
    row: dict[str, Any] = {}
    json_cols = _json_columns(model)
    for key, value in data.items():
        if key in json_cols and value is not None:
            row[key] = json.dumps(value, ensure_ascii=False)
        elif isinstance(value, bool):
            row[key] = int(value)
        else:
            row[key] = value
    row["rev"] = rev
    return row


def row_values(model: type[Record], columns: tuple[str, ...], data: dict[str, Any], rev: str) -> list[Any]:
    """``data_to_row`` as a list in the order of columns (the model's fields, then rev), for executemany."""
    json_cols = _json_columns(model)
    values: list[Any] = []
    for key in columns:
        value = rev if key == "rev" else data.get(key)
        if key in json_cols and value is not None:
            value = _PLAIN.encode(value)
        elif isinstance(value, bool):
            value = int(value)
        values.append(value)
    return values


def column_texts(
    model: type[Record], columns: tuple[str, ...], rows: Sequence[tuple[dict[str, Any], str]]
) -> list[list[str | None]]:
    """``row_values`` of each (data, rev), column by column, every value as text (None kept): a head
    table's rows as one list per column. Made a column at a time, with the conversion the column
    needs chosen once, not per value."""
    json_cols = _json_columns(model)
    found: list[list[str | None]] = []
    for key in columns:
        if key == "rev":
            found.append([rev for _, rev in rows])
            continue
        values = [data.get(key) for data, _ in rows]
        if key in json_cols:
            found.append([None if v is None else _PLAIN.encode(v) for v in values])
        else:
            found.append([v if v is None or isinstance(v, str) else _text(v) for v in values])
    return found


def _text(value: Any) -> str:
    return str(int(value)) if isinstance(value, bool) else str(value)


def row_to_data(model: type[Record], row: dict[str, Any]) -> dict[str, Any]:
    """JSON data from a table row (the inverse of data_to_row, without the rev)."""
    json_cols = _json_columns(model)
    bool_cols = _bool_columns(model)
    data: dict[str, Any] = {}
    for key in model.model_fields:
        value = row.get(key)
        if key in json_cols and isinstance(value, str):
            value = json.loads(value)
        elif key in bool_cols and value is not None:
            value = bool(value)
        data[key] = value
    return data


@cache
def upsert_sql(entity: str) -> tuple[tuple[str, ...], str]:
    """Every column of an entity table (the model's fields, then rev) and the upsert over them.

    The one statement that makes an entity table show a revision, used by the single and the batch writer.
    """
    from inspect_tui.domain.models import MODEL_BY_TABLE

    columns = (*MODEL_BY_TABLE[entity].model_fields, "rev")
    names = ", ".join(f"[{c}]" for c in columns)
    updates = ", ".join(f"[{c}] = excluded.[{c}]" for c in columns if c != "id")
    marks = ", ".join("?" * len(columns))
    return columns, f"INSERT INTO [{entity}] ({names}) VALUES ({marks}) ON CONFLICT(id) DO UPDATE SET {updates}"
