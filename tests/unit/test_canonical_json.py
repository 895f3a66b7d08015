"""A record's canonical JSON (what its revision id hashes) is exactly ``json.dumps`` with sorted
keys, no spaces and UTF-8 kept, for every kind of JSON value."""

from __future__ import annotations

import json
import math
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from inspect_tui.store.codec import canonical_json


def _dumps(data: Any) -> str:
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text()
)
_VALUES = st.recursive(
    _SCALARS, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner, max_size=4)
)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.text(max_size=12), _VALUES, max_size=8))
def test_canonical_json_is_json_dumps_with_its_options(data: dict[str, Any]) -> None:
    assert canonical_json(data) == _dumps(data)


def test_canonical_json_of_awkward_values() -> None:
    data = {
        "z": 'é\u2028\x1f"\\\n\t',
        "a": [1.0, 1e16, 1e-7, 0.1, -0.0, math.inf, 2**64, True, None],
        "m": {"b": {"d": 1, "c": [{"y": 1, "x": 2}]}, "a": ""},
        "😀": "𝄞",
    }
    assert canonical_json(data) == _dumps(data)
    assert canonical_json({}) == "{}"


def test_canonical_json_refuses_what_json_refuses() -> None:
    with pytest.raises(TypeError, match="not JSON serializable"):
        canonical_json({"a": object()})
    with pytest.raises(TypeError):
        canonical_json({1.5j: 1})  # type: ignore[dict-item]
