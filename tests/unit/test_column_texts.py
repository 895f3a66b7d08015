"""A head table's rows column by column (``codec.column_texts``, what the central writer sends) hold
exactly the values ``row_values`` makes row by row, each as text: lists and models as JSON,
booleans as 0/1, numbers as written, None kept."""

from __future__ import annotations

import random
from typing import Any

import pytest

from inspect_tui.domain.models import MODEL_BY_TABLE
from inspect_tui.store.codec import column_texts, row_values

VALUES: list[Any] = [None, True, False, 0, 7, 2.5, -1e-7, "", "tekst é", ["a", "ü"], {"k": [1, None]}, []]


def _expected(model: Any, columns: tuple[str, ...], rows: list[tuple[dict[str, Any], str]]) -> list[list[Any]]:
    by_row = [row_values(model, columns, data, rev) for data, rev in rows]
    return [[v if v is None or isinstance(v, str) else str(v) for v in column] for column in zip(*by_row, strict=True)]


@pytest.mark.parametrize("table", sorted(MODEL_BY_TABLE))
def test_column_texts_are_row_values_as_text(table: str) -> None:
    model = MODEL_BY_TABLE[table]
    columns = (*model.model_fields, "rev")
    rng = random.Random(table)
    rows = [
        ({name: rng.choice(VALUES) for name in model.model_fields if rng.random() < 0.8}, f"{n + 1}-{n:032x}")
        for n in range(60)
    ]
    texts = column_texts(model, columns, rows)
    assert texts == _expected(model, columns, rows)
    assert all(v is None or isinstance(v, str) for column in texts for v in column)
    assert column_texts(model, columns, []) == [[] for _ in columns]
